"""The pages of the browser view, by name; importing this module imports no Solara.

Pieces:
    PageEntry: a page's name, one-line description and where its page function lives.
    PageTable, PAGES: the registered pages: ``network`` (the core's page for any
        connectome) and every system's own page (``models/<system>/view.py``:
        ``boltzmann``, ``ei``, ``hopfield``, ``hopfield_tank``, ``motor``, ``rate``,
        ``spiking``),
        found on first use.
    system_pages: the systems' pages, found on disk without importing them.
    register_page: add a page by hand (one outside ``neuroagents.models``).
    page_entry: look a page up by name, with a clear error for an unknown one.

A page function takes the initial parameter values (a mapping, possibly empty) and
returns a Solara element, usually ``SolaraViz(model, components, model_params=...)``.
It is named as ``"module:function"`` so that listing the pages, or refusing an unknown
one on the command line, never imports Solara.
"""

from __future__ import annotations

import ast
import pkgutil
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path

from neuroagents.errors import ValidationError

__all__ = ["PAGES", "PageEntry", "PageTable", "page_entry", "register_page", "system_pages"]


@dataclass(frozen=True, slots=True)
class PageEntry:
    """One page of the browser view.

    Attributes:
        name: what ``neuroagents view NAME`` and a config's ``model`` key call it.
        description: one line for listings.
        target: ``"package.module:function"``, the page function.
    """

    name: str
    description: str
    target: str


class PageTable(MutableMapping[str, PageEntry]):
    """The registered pages, filled on first use with the systems' own pages.

    A system's page is its module ``neuroagents.models.<system>.view`` (the file
    ``models/<system>/view.py``) with a ``page(params)`` function; its name is the
    system's and its description the first line of the module's docstring, read from
    the file, so listing the pages imports neither Solara nor any system's page.
    Pages registered with :func:`register_page` come first, in their order.
    """

    def __init__(self) -> None:
        self._entries: dict[str, PageEntry] = {}
        self._discovered = False

    def _all(self) -> dict[str, PageEntry]:
        if not self._discovered:
            self._discovered = True  # before discovering: a page may register another
            for entry in system_pages():
                self._entries.setdefault(entry.name, entry)
        return self._entries

    def __getitem__(self, name: str) -> PageEntry:
        return self._all()[name]

    def __setitem__(self, name: str, entry: PageEntry) -> None:
        self._entries[name] = entry

    def __delitem__(self, name: str) -> None:
        del self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def system_pages() -> list[PageEntry]:
    """The pages the systems ship (``models/<system>/view.py`` with ``page``), by name.

    Found on disk: the system's package is imported (its library is lazy, so that is
    cheap), its ``view`` module is not; the description is its docstring's first line.
    """
    import neuroagents.models as systems

    found = []
    for info in sorted(pkgutil.iter_modules(systems.__path__), key=lambda i: i.name):
        view = Path(getattr(info.module_finder, "path", "")) / info.name / "view.py"
        if not info.ispkg or not view.is_file():
            continue
        tree = ast.parse(view.read_text(encoding="utf-8"))
        if not any(isinstance(n, ast.FunctionDef) and n.name == "page" for n in tree.body):
            continue  # a view module without a page function is not a page
        doc = ast.get_docstring(tree) or ""
        target = f"neuroagents.models.{info.name}.view:page"
        found.append(PageEntry(info.name, doc.strip().splitlines()[0] if doc else "", target))
    return found


PAGES: PageTable = PageTable()


def register_page(name: str, target: str, description: str) -> PageEntry:
    """Register a page: ``neuroagents view NAME`` then serves ``target``.

    Args:
        name: the page's name (a model's name, so run configs of that model open it).
        target: ``"package.module:function"``; the function takes a mapping of initial
            parameter values and returns a Solara element.
        description: one line.

    Returns:
        The entry, also stored in :data:`PAGES`.

    Raises:
        ValidationError: a target not of the form ``module:function``.

    Examples:
        >>> entry = register_page("demo", "mypkg.view:page", "a demo page")
        >>> page_entry("demo").target
        'mypkg.view:page'
        >>> del PAGES["demo"]
    """
    module, _, function = target.partition(":")
    if not module or not function.isidentifier():
        raise ValidationError(
            f"The 'target' parameter of register_page must be 'module:function'. Got {target!r}."
        )
    entry = PageEntry(name, description, target)
    PAGES[name] = entry
    return entry


def page_entry(name: str) -> PageEntry:
    """The registered page called ``name``.

    Raises:
        ValidationError: no page of that name; the message lists the pages.

    Examples:
        >>> page_entry("hopfield").target
        'neuroagents.models.hopfield.view:page'
        >>> page_entry("nope")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        neuroagents.errors.ValidationError: No browser page called 'nope'. Pages: network, ...
    """
    try:
        return PAGES[name]
    except KeyError:
        raise ValidationError(
            f"No browser page called {name!r}. Pages: {', '.join(PAGES)}."
        ) from None


register_page(
    "network",
    "neuroagents.viz.network:page",
    "any NeuralModel on a connectome (e.g. an edge-list CSV): the graph and the reporters",
)
