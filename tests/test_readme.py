"""The README's and the docs pages' Python examples run as written."""

import re
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCKS = [
    (page, k, block)
    for page in PAGES
    for k, block in enumerate(re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S))
]


def test_readme_and_docs_have_examples():
    assert sum(page.name == "README.md" for page, _, _ in BLOCKS) >= 2
    assert {page.name for page, _, _ in BLOCKS} >= {"README.md", "library.md", "ei.md"}


def test_every_docs_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text()
    for page in PAGES[1:]:
        assert f"(docs/{page.name})" in readme, page.name


def test_local_links_and_figures_resolve():
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text()):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


@pytest.mark.parametrize(
    ("page", "index", "block"), BLOCKS, ids=[f"{p.name}[{k}]" for p, k, _ in BLOCKS]
)
def test_example_runs(page, index, block, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(block, f"{page.name}[python block {index}]", "exec"), namespace)
