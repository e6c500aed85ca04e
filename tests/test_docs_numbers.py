"""Numbers quoted in the README and docs pages match the result files that hold them."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _renderer():
    spec = importlib.util.spec_from_file_location(
        "render_numbers", ROOT / "docs" / "render_numbers.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["render_numbers"] = module
    spec.loader.exec_module(module)
    return module


RENDER = _renderer()


@pytest.mark.parametrize("page", RENDER.pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_marked_number_is_the_value_its_file_gives(page):
    text = page.read_text()
    assert RENDER.render(text) == text, "stale numbers: run python docs/render_numbers.py --write"


def test_the_benchmark_numbers_quoted_in_prose_are_marked():
    # the pages that quoted benchmark figures by hand (and had drifted from the table)
    for page in ("docs/hopfield_tank.md", "docs/learning.md", "benchmarks/README.md"):
        assert RENDER.MARKED.search((ROOT / page).read_text()), page


def test_a_changed_result_changes_the_rendered_page(tmp_path):
    (tmp_path / "r.json").write_text(json.dumps({"figures": {"a": 2.0, "b": 0.5}}))
    page = 'x <!--= r.json | f["a"] / f["b"] | .1f -->9.9<!--/=--> y'
    assert RENDER.render(page, root=tmp_path) == page.replace("9.9", "4.0")
    (tmp_path / "r.json").write_text(json.dumps({"figures": {"a": 3.0, "b": 0.5}}))
    assert "6.0<!--/=-->" in RENDER.render(page, root=tmp_path)
