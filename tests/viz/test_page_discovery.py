"""A system's page is found where the system lives (models/<system>/view.py)."""

from __future__ import annotations

import sys
import textwrap

import neuroagents.models
from neuroagents.viz.registry import system_pages


def test_a_system_with_a_view_module_gets_its_page_without_being_imported(tmp_path, monkeypatch):
    system = tmp_path / "toy_system"
    system.mkdir()
    (system / "__init__.py").write_text('"""A toy system."""\n')
    (system / "view.py").write_text(
        textwrap.dedent(
            '''\
            """Toy system: a page found by discovery.

            More text.
            """

            raise RuntimeError("listing the pages must not import a page")


            def page(params):
                return None
            '''
        )
    )
    library_only = tmp_path / "library_only"  # a view.py without a page function
    library_only.mkdir()
    (library_only / "__init__.py").write_text("")
    (library_only / "view.py").write_text("X = 1\n")
    monkeypatch.setattr(
        neuroagents.models, "__path__", [*neuroagents.models.__path__, str(tmp_path)]
    )
    found = {entry.name: entry for entry in system_pages()}
    assert "toy_system" in found and "library_only" not in found
    entry = found["toy_system"]
    assert entry.target == "neuroagents.models.toy_system.view:page"
    assert entry.description == "Toy system: a page found by discovery."
    assert "neuroagents.models.toy_system.view" not in sys.modules
