"""The documentation site's hooks (docs/site_hooks.py): every public module has an API
page, and links that leave the docs folder are rewritten. ``make docs`` (in CI) builds
the site itself with ``--strict``; these checks take a second.
"""

import importlib.util
import types
from pathlib import Path

import pytest

pytest.importorskip("mkdocs")  # the docs extra

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("site_hooks", ROOT / "docs" / "site_hooks.py")
hooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hooks)


def _documented() -> str:
    return "\n".join(hooks.api_pages().values())


def _dotted(path: Path, root: Path, prefix: str) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    parts = parts[:-1] if parts[-1] == "__init__" else parts
    return ".".join((prefix, *parts))


def test_every_public_module_of_the_core_has_an_api_block():
    core = ROOT / "neuroagents"
    shown = set(line.split()[1] for line in _documented().splitlines() if line.startswith(":::"))
    for path in core.rglob("*.py"):
        if any(p.startswith("_") and p != "__init__.py" for p in path.relative_to(core).parts):
            continue
        assert _dotted(path, core, "neuroagents") in shown, path


def test_every_systems_library_has_an_api_block_and_its_experiments_none():
    shown = set(line.split()[1] for line in _documented().splitlines() if line.startswith(":::"))
    models = ROOT / "models"
    for path in models.rglob("*.py"):
        rel = path.relative_to(models).parts
        dotted = _dotted(path, models, "neuroagents.models")
        if len(rel) < 2 or any(p.startswith("_") and p != "__init__.py" for p in rel):
            continue
        if hooks.NOT_LIBRARY.match(Path(rel[1]).stem):
            assert dotted not in shown, dotted
        else:
            assert dotted in shown, dotted
    assert "neuroagents.models.hopfield.learning_rules" in shown


def _page(src_uri):
    return types.SimpleNamespace(file=types.SimpleNamespace(src_uri=src_uri))


def test_links_that_leave_the_docs_folder_are_rewritten():
    readme = "See [the library](docs/library.md#recording), [notebooks](docs/notebooks/)."
    assert hooks.on_page_markdown(readme, _page("index.md"), None, None) == (
        "See [the library](library.md#recording), notebooks (`docs/notebooks/`)."
    )
    page = (
        "[← README](../README.md) and [the data](../benchmarks/results/x.json); "
        "<!--= docs/x.json | d['a'] | .1f -->3.5<!--/=--> s"
    )
    assert hooks.on_page_markdown(page, _page("spiking.md"), None, None) == (
        "[← README](index.md) and the data (`benchmarks/results/x.json` in the repository); 3.5 s"
    )
