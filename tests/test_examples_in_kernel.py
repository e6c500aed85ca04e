"""The README's and docs pages' examples also run in a notebook kernel, as pasted there.

``tests/test_readme.py`` runs each page's examples as a script (``python example.py``);
many users paste them into Jupyter instead, where a process pool, ``__main__`` and
printing behave differently. Here each page becomes a notebook with one cell per python
block, in the page's order, executed by ``nbclient`` in a fresh kernel of this venv in
an empty folder; every cell must run without error and print what the page shows.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("readme_examples", ROOT / "tests" / "test_readme.py")
readme = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(readme)

PAGES = [page for page in readme.PAGES if readme._blocks(page)]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Every page's examples run in one kernel: per page a clean namespace and folder.

    One kernel for all pages (a kernel start costs seconds): before each page,
    the namespace is emptied (a block that forgets an import still fails)
    and ``%cd`` moves to an empty folder of its own. Returns page -> its cells.
    """
    import mesa

    # The kernel spec goes into this venv (not the user's home), pointing at this Python.
    subprocess.run(
        [sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"],
        check=True,
        capture_output=True,
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("%matplotlib agg")]
    spans = {}
    for page in PAGES:
        sources = [code for code, _ in readme._blocks(page)]
        if any("mesa.batch_run" in code for code in sources) and not hasattr(mesa, "batch_run"):
            continue  # Mesa 4 has no batch_run (the page says so)
        folder = tmp_path_factory.mktemp(page.stem)
        nb.cells.append(nbformat.v4.new_code_cell(CLEAN + f"%cd {folder}"))
        first = len(nb.cells)
        nb.cells += [nbformat.v4.new_code_cell(code) for code in sources]
        spans[page] = (first, len(nb.cells))
    client = NotebookClient(
        nb, kernel_name="python3", timeout=900, allow_errors=True,
        resources={"metadata": {"path": str(tmp_path_factory.mktemp("kernel"))}},
    )  # fmt: skip
    client.execute()
    return {page: nb.cells[a:b] for page, (a, b) in spans.items()}


# The previous page's names go; the module's own dunder names (__spec__, which a
# process pool reads from __main__) and IPython's stay, as in a fresh kernel.
CLEAN = (
    "for _name in [k for k in globals() if not k.startswith('_')\n"
    "              and k not in ('In', 'Out', 'get_ipython', 'exit', 'quit')]:\n"
    "    del globals()[_name]\n"
)


def _stdout(cell) -> str:
    """What the cell printed (the kernel may cut one print into several messages)."""
    return "".join(
        out["text"]
        for out in cell.get("outputs", [])
        if out["output_type"] == "stream" and out["name"] == "stdout"
    )


def _in_a_notebook(shown: str) -> str:
    """What a page's output block shows, as a notebook shows it.

    Run as a script, Solara's app bar prints the two widgets it cannot display; a
    notebook draws them instead (docs/view.md says so under its example).
    """
    return "".join(line for line in shown.splitlines(keepends=True) if line not in SOLARA_BAR)


SOLARA_BAR = {"AppBarTitle('Hopfield net')\n", "ThemeToggle()\n"}


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_examples_run_in_a_kernel_and_print_what_the_page_shows(page, executed):
    if page not in executed:
        pytest.skip("Mesa 4 has no batch_run (the page says so)")
    blocks = readme._blocks(page)
    for k, (cell, (_, shown)) in enumerate(zip(executed[page], blocks, strict=True)):
        errors = [out for out in cell["outputs"] if out["output_type"] == "error"]
        assert not errors, f"{page.name} block {k}: {errors[0]['ename']}: {errors[0]['evalue']}"
        if shown:
            assert _stdout(cell) == _in_a_notebook(shown), f"{page.name} python block {k}"
