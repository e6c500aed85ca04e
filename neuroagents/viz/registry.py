"""The pages of the browser view, by name; importing this module imports no Solara.

Pieces:
    PageEntry: a page's name, one-line description and where its page function lives.
    PAGES: the registered pages (``hopfield``, ``ei``, ``network``, ``rate``,
        ``hopfield_tank``, ``boltzmann``, ``motor``).
    register_page: add a page (a model's one small function).
    page_entry: look a page up by name, with a clear error for an unknown one.
    discover_system_pages: register the page of every system that has one
        (``models/<system>/view.py`` with a ``page`` function), without importing it.

A page function takes the initial parameter values (a mapping, possibly empty) and
returns a Solara element, usually ``SolaraViz(model, components, model_params=...)``.
It is named as ``"module:function"`` so that listing the pages, or refusing an unknown
one on the command line, never imports Solara.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

from neuroagents.errors import ValidationError

__all__ = ["PAGES", "PageEntry", "discover_system_pages", "page_entry", "register_page"]


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


PAGES: dict[str, PageEntry] = {}


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
        'neuroagents.viz.hopfield:page'
        >>> page_entry("nope")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        neuroagents.errors.ValidationError: No browser page called 'nope'. Pages: hopfield, ...
    """
    try:
        return PAGES[name]
    except KeyError:
        raise ValidationError(
            f"No browser page called {name!r}. Pages: {', '.join(PAGES)}."
        ) from None


register_page(
    "hopfield",
    "neuroagents.viz.hopfield:page",
    "Hopfield net: state image, energy, overlaps, flips; n, patterns, corruption, scheduler",
)
register_page(
    "ei",
    "neuroagents.viz.ei:page",
    "E-I populations: agents beside the mean-field ODE and its band; the phase plane",
)
register_page(
    "network",
    "neuroagents.viz.network:page",
    "any NeuralModel on a connectome (e.g. an edge-list CSV): the graph and the reporters",
)
register_page(
    "rate",
    "neuroagents.viz.rate:page",
    "rate network dv/dt = -v + f(g J v): state, traces, population mean; rule, g, n, dt",
)
register_page(
    "hopfield_tank",
    "neuroagents.viz.hopfield_tank:page",
    "Hopfield-Tank net on a 10-city TSP: the tour as it forms, V as an image, the energy",
)
register_page(
    "boltzmann",
    "neuroagents.viz.boltzmann:page",
    "a trained 4-2-4 Boltzmann machine sampled by Glauber neurons against its exact P(v)",
)
register_page(
    "motor",
    "neuroagents.viz.motor:page",
    "a reaching network's state rotating in its plane after the go cue, and the muscles",
)


def discover_system_pages() -> list[str]:
    """Register ``neuroagents.models.<system>.view:page`` for each system that has one.

    A system's page lives with the system (``models/<system>/view.py``, defining
    ``page(params)``); the core never imports it to list it. The page is named after the
    system and described by the first line of the module's docstring, read from the
    file. A page registered explicitly under the same name is kept.

    Returns:
        The names of the pages this call registered.
    """
    models = sys.modules.get("neuroagents.models")
    if models is not None:
        folders = list(models.__path__)
    else:  # locate the package without importing it
        spec = importlib.util.find_spec("neuroagents.models")
        folders = list(spec.submodule_search_locations or []) if spec else []
    added = []
    for folder in folders:
        for view in sorted(Path(folder).glob("*/view.py")):
            name = view.parent.name
            if name in PAGES or not (view.parent / "__init__.py").exists():
                continue
            tree = ast.parse(view.read_text(encoding="utf-8"))
            if not any(isinstance(n, ast.FunctionDef) and n.name == "page" for n in tree.body):
                continue
            doc = (ast.get_docstring(tree) or name).strip().splitlines()[0]
            register_page(name, f"neuroagents.models.{name}.view:page", doc)
            added.append(name)
    return added


discover_system_pages()
