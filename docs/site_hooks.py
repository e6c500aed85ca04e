"""MkDocs hooks for the documentation site (``mkdocs.yml``; ``make docs``).

Pieces:
    on_startup: lay out the package as it installs (``models/`` as ``neuroagents.models``)
        in ``build/site-src`` (symbolic links, git-ignored), where mkdocstrings reads it.
    on_files: add the home page (the README) and one API reference page per subpackage
        of ``neuroagents`` and per system of ``neuroagents.models``, generated from the
        source tree, so no page has to be kept in step with the code by hand.
    on_page_markdown: point the README's ``docs/...`` links and the pages' links back to
        the README at their places in the site; links to repository files outside the
        docs become plain paths (the site holds only the docs).
    on_nav: list the API pages under "API reference".

Every public module gets a ``::: module`` block (mkdocstrings renders its docstring,
signatures and examples); a system's experiments, figures and browser page are left
out: they are what ``neuroagents run`` and ``neuroagents view`` use, not its library.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[1]
API = "api"
# What a system keeps besides its library (see docs/contract.md).
NOT_LIBRARY = re.compile(r"^(experiments|figures\w*|view|exports)$")


SOURCE = ROOT / "build" / "site-src"


def on_startup(command: str, dirty: bool) -> None:
    """Link ``build/site-src/neuroagents`` to the package, with ``models/`` inside it.

    At start-up, before any plugin reads its config: mkdocstrings looks for its
    ``paths`` when it is configured.
    """
    package = SOURCE / "neuroagents"
    package.mkdir(parents=True, exist_ok=True)
    wanted = {p.name: p for p in (ROOT / "neuroagents").iterdir() if p.name != "__pycache__"}
    wanted["models"] = ROOT / "models"
    for link in package.iterdir():
        if link.is_symlink() and link.name not in wanted:
            link.unlink()  # a module that was removed or renamed
    for name, target in wanted.items():
        link = package / name
        if not link.is_symlink():
            link.symlink_to(target)


def _public_modules(folder: Path, dotted: str, skip: re.Pattern[str] | None = None) -> list[str]:
    """Dotted names of the public modules and subpackages under ``folder``, sorted."""
    names = []
    for path in sorted(folder.iterdir()):
        name = path.stem
        if name.startswith("_") or (skip is not None and skip.match(name)):
            continue
        if path.suffix == ".py":
            names.append(f"{dotted}.{name}")
        elif (path / "__init__.py").is_file():
            names.extend([f"{dotted}.{name}", *_public_modules(path, f"{dotted}.{name}")])
    return names


def api_pages() -> dict[str, str]:
    """API page path -> its markdown: one page per subpackage and per system."""
    pages: dict[str, str] = {}
    core = ROOT / "neuroagents"
    top = [f"neuroagents.{p.stem}" for p in sorted(core.glob("[!_]*.py"))]
    pages[f"{API}/neuroagents.md"] = _page("neuroagents", ["neuroagents", *top])
    for sub in sorted(p for p in core.iterdir() if (p / "__init__.py").is_file()):
        dotted = f"neuroagents.{sub.name}"
        pages[f"{API}/{dotted}.md"] = _page(dotted, [dotted, *_public_modules(sub, dotted)])
    for system in sorted(p for p in (ROOT / "models").iterdir() if (p / "__init__.py").is_file()):
        dotted = f"neuroagents.models.{system.name}"
        modules = [dotted, *_public_modules(system, dotted, NOT_LIBRARY)]
        pages[f"{API}/{dotted}.md"] = _page(dotted, modules)
    return pages


def _page(title: str, modules: list[str]) -> str:
    blocks = [f"# `{title}`\n"]
    for module in modules:
        # A package's own block shows its docstring only (its modules follow).
        members = "\n    options:\n      members: false" if _is_package(module) else ""
        blocks.append(f"::: {module}{members}\n")
    return "\n".join(blocks)


def _is_package(dotted: str) -> bool:
    parts = dotted.split(".")
    folder = ROOT / "models" / Path(*parts[2:]) if parts[1:2] == ["models"] else ROOT / Path(*parts)
    return (folder / "__init__.py").is_file()


def on_files(files: Files, config: Any) -> Files:
    """Add the home page (the README) and the API pages."""
    files.append(File.generated(config, "index.md", content=(ROOT / "README.md").read_text()))
    for path, content in api_pages().items():
        files.append(File.generated(config, path, content=content))
    return files


LINK = re.compile(r"\]\(([^)\s]+)\)")
MARKER = re.compile(r"<!--=.*?-->|<!--/=-->", re.S)
FOLDER_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s:]+/)\)")  # a folder: no page to link to
REPO_LINK = re.compile(r"\[([^\]]*)\]\(\.\./(?!README\.md)([^)\s]+)\)")


def on_page_markdown(markdown: str, page: Page, config: Any, files: Files) -> str:
    """Rewrite the links that point outside the docs folder."""
    # The render_numbers markers are for the repository's pages; the site shows the values.
    markdown = MARKER.sub("", markdown)
    if page.file.src_uri == "index.md":  # the README: its docs/ links are site pages
        markdown = FOLDER_LINK.sub(lambda m: f"{m.group(1)} (`{m.group(2)}`)", markdown)
        return LINK.sub(lambda m: "](" + m.group(1).removeprefix("docs/") + ")", markdown)
    # A repository file is not part of the site: name its path instead of linking it.
    markdown = REPO_LINK.sub(lambda m: f"{m.group(1)} (`{m.group(2)}` in the repository)", markdown)
    return markdown.replace("](../README.md", "](index.md")


def on_nav(nav: Navigation, config: Any, files: Files) -> Navigation:
    """Call the section of the API pages "API reference"."""
    for item in nav.items:
        if isinstance(item, Section) and item.title.lower() == API:
            item.title = "API reference"
    return nav
