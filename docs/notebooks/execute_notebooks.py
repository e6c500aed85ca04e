"""Execute the example notebooks in place, so their committed outputs come from a run.

Usage (from the repository root, in the project's venv)::

    python docs/notebooks/execute_notebooks.py              # all of them
    python docs/notebooks/execute_notebooks.py celegans     # one, by name

Each notebook runs in a fresh ``python3`` kernel with its working
directory a scratch one (files it writes, such as ``edges.csv``, never land in
the checkout), and is written back with its outputs.
"""

import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run every cell of the notebook at ``path`` in a fresh kernel; return the notebook."""
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as scratch:
        client = NotebookClient(
            nb,
            kernel_name="python3",
            timeout=timeout,
            resources={"metadata": {"path": scratch}},
        )
        client.execute()
    return nb


if __name__ == "__main__":
    names = sys.argv[1:] or sorted(p.stem for p in HERE.glob("*.ipynb"))
    for name in names:
        path = HERE / f"{name}.ipynb"
        start = time.perf_counter()
        nb = execute(path)
        nbformat.write(nb, path)
        took = time.perf_counter() - start
        shown = path.relative_to(HERE.parents[1])
        print(f"executed {shown} in {took:.0f} s (kernel start included)")
