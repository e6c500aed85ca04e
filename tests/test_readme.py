"""The README's and the docs pages' Python examples run as written."""

import re
from pathlib import Path

import matplotlib
import mesa
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"```(\w*)\n(.*?)```", re.S)


def _blocks(page: Path) -> list[tuple[str, str]]:
    """Each python block, with the output block right after it (if the page shows one)."""
    fences = FENCE.findall(page.read_text())
    return [
        (code, fences[k + 1][1] if k + 1 < len(fences) and fences[k + 1][0] == "output" else "")
        for k, (lang, code) in enumerate(fences)
        if lang == "python"
    ]


BLOCKS = [
    (page, k, block, printed) for page in PAGES for k, (block, printed) in enumerate(_blocks(page))
]


def test_readme_and_docs_have_examples():
    assert sum(page.name == "README.md" for page, *_ in BLOCKS) >= 2
    assert {page.name for page, *_ in BLOCKS} >= {"README.md", "library.md", "ei.md"}
    assert sum(bool(printed) for *_, printed in BLOCKS) >= 4  # outputs checked, not only run


def test_every_docs_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text()
    for page in PAGES[1:]:
        assert f"(docs/{page.name})" in readme, page.name


def test_local_links_and_figures_resolve():
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text()):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


@pytest.mark.parametrize(
    ("doc", "index", "block", "printed"), BLOCKS, ids=[f"{p.name}[{k}]" for p, k, *_ in BLOCKS]
)
def test_example_runs_and_prints_what_the_page_shows(
    doc, index, block, printed, tmp_path, monkeypatch, capsys
):
    if "mesa.batch_run" in block and not hasattr(mesa, "batch_run"):
        pytest.skip(f"Mesa {mesa.__version__} has no batch_run (the page says so)")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(block, f"{doc.name}[python block {index}]", "exec"), namespace)
    if printed:
        assert capsys.readouterr().out == printed


def test_the_demo_prints_the_summary_the_quick_start_shows(tmp_path, capsys):
    from neuroagents import cli

    shown = re.search(r"It prints a summary such as\n\n```output\n(.*?)```",
                      (ROOT / "README.md").read_text(), flags=re.S)  # fmt: skip
    assert shown, "the Quick start's demo output block"
    assert cli.main(["run", str(ROOT / "runs" / "hopfield_demo.toml"), "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    for line in shown.group(1).strip().splitlines():
        assert line in printed


def test_the_benchmark_table_is_rendered_from_the_results_files():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "readme_table", ROOT / "benchmarks" / "readme_table.py"
    )
    readme_table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(readme_table)
    text = (ROOT / "README.md").read_text()
    block = text[text.index(readme_table.BEGIN) : text.index(readme_table.END)]
    assert block == readme_table.BEGIN + "\n" + readme_table.render() + "\n"
    # Every results file contributes its rows (a benchmark nobody ran would leave a hole).
    names = {p.stem for p in (ROOT / "benchmarks" / "results").glob("*.json")}
    assert set(readme_table.ORDER) <= names
