"""The README's and the docs pages' Python examples run as written, the way users run them.

Each page's examples are saved to a script and run with ``python example.py`` in a
subprocess (not ``exec`` inside pytest, where a process pool finds what a script cannot);
their printed output is compared with the page's ``output`` blocks.
"""

import os
import re
import subprocess
import sys
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


def _scripts(page: Path) -> list[tuple[list[int], str]]:
    """The page's python blocks as the scripts a user would save: (block indices, source).

    Blocks that share no state run together in one script (one interpreter start-up per
    page); a block with an ``if __name__ == "__main__":`` guard runs alone, because
    forkserver/spawn workers re-import the main script and would re-run its neighbours.
    """
    blocks = [code for code, _ in _blocks(page)]
    alone = [[k] for k, code in enumerate(blocks) if GUARD in code]
    together = [k for k, code in enumerate(blocks) if GUARD not in code]
    scripts = []
    if together:
        parts = [f"print({MARK + str(k)!r}, flush=True)\n{blocks[k]}" for k in together]
        scripts.append((together, "\n".join(parts)))
    # Alone, the script is the block as shown: a marker line would be re-run by workers.
    scripts.extend((group, blocks[group[0]]) for group in alone)
    return scripts


GUARD = 'if __name__ == "__main__":'
MARK = "@@ example block "
SCRIPTS = [(page, group, source) for page in PAGES for group, source in _scripts(page)]


@pytest.mark.parametrize(
    ("doc", "group", "source"),
    SCRIPTS,
    ids=[f"{p.name}[{','.join(map(str, g))}]" for p, g, _ in SCRIPTS],
)
def test_examples_run_as_a_script_and_print_what_the_page_shows(doc, group, source, tmp_path):
    # As a user runs them: saved to a file, `python example.py` in an empty directory.
    if "mesa.batch_run" in source and not hasattr(mesa, "batch_run"):
        pytest.skip(f"Mesa {mesa.__version__} has no batch_run (the page says so)")
    script = tmp_path / "example.py"
    script.write_text(source)
    env = {**os.environ, "MPLBACKEND": "Agg"}
    proc = subprocess.run(
        [sys.executable, script.name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, f"{doc.name} blocks {group}:\n{proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    shown = dict(enumerate(printed for _, printed in _blocks(doc)))
    if MARK in source:
        chunks = [chunk.split("\n", 1) for chunk in proc.stdout.split(MARK)[1:]]
        printed = {int(k_text): out for k_text, out in chunks}
    else:
        printed = {group[0]: proc.stdout}
    assert list(printed) == group  # each block ran once, in this process only
    for k, out in printed.items():
        if shown[k]:
            assert out == shown[k], f"{doc.name} python block {k}"


def test_the_demo_prints_the_summary_the_quick_start_shows(tmp_path, capsys):
    from neuroagents.cli import commands as cli

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
    # The table marks rows whose timed code changed since they were measured, so a
    # commit touching timed code must re-render the README (`make readme-figures`).
    assert block == readme_table.BEGIN + "\n" + readme_table.render() + "\n", (
        "README's benchmark table is stale: run `make readme-figures` (or rerun the "
        "benchmarks the ⚠ notes name) and commit README.md"
    )
    # Every results file contributes its rows (a benchmark nobody ran would leave a hole).
    names = {p.stem for p in (ROOT / "benchmarks" / "results").glob("*.json")}
    assert set(readme_table.ORDER) <= names
