"""The example notebooks in ``docs/notebooks/`` run in a real kernel and show what is committed.

Each notebook is executed afresh (``nbclient`` with this venv's ``python3`` kernel, in an
empty working directory). Its outputs are then checked the way the README's are: every
cell runs without error, every figure the committed notebook shows is drawn again, every
printed line and table is the committed one (the notebooks are seeded, so they are
deterministic; a cell tagged ``approximate`` prints a rounding-level number that depends
on the BLAS, and is checked by its bound instead), and the key numbers carry the
conclusion the notebook draws.
"""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "docs" / "notebooks"
NAMES = ["own_connectome", "sweep_and_pandas", "celegans"]


@pytest.fixture(scope="module")
def kernel_name():
    # The kernel spec goes into this venv (not the user's home), pointing at this Python.
    subprocess.run(
        [sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"],
        check=True,
        capture_output=True,
    )
    return "python3"


def _texts(cell) -> list[str]:
    """What a reader sees of a code cell as text: printed output and displayed values.

    Consecutive stdout messages are joined: the kernel may cut one print into several.
    """
    texts: list[str] = []
    streaming = False
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream" and out["name"] == "stdout":
            if streaming:
                texts[-1] += out["text"]
            else:
                texts.append(out["text"])
            streaming = True
            continue
        streaming = False
        if out["output_type"] in ("execute_result", "display_data"):
            if "text/plain" in out["data"] and "image/png" not in out["data"]:
                texts.append(out["data"]["text/plain"])
    # Matplotlib's "<Figure size ...>" reprs carry no result.
    return [t for t in texts if not t.startswith("<Figure")]


def _figures(cell) -> int:
    return sum("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def _stdout(nb) -> str:
    return "".join(
        out["text"]
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out["output_type"] == "stream" and out["name"] == "stdout"
    )


@pytest.fixture(scope="module")
def executed(kernel_name, tmp_path_factory):
    """Each notebook, committed and freshly executed: name -> (committed, fresh)."""
    runs = {}
    for name in NAMES:
        committed = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        fresh = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        workdir = tmp_path_factory.mktemp(name)
        NotebookClient(
            fresh,
            kernel_name=kernel_name,
            timeout=600,
            resources={"metadata": {"path": str(workdir)}},
        ).execute()
        runs[name] = (committed, fresh)
    return runs


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_and_shows_the_committed_outputs(executed, name):
    committed, fresh = executed[name]
    code = [k for k, cell in enumerate(committed.cells) if cell.cell_type == "code"]
    assert code, name
    for k in code:
        old, new = committed.cells[k], fresh.cells[k]
        assert old.get("execution_count"), f"{name}: cell {k} is committed without its outputs"
        assert not [o for o in new.outputs if o["output_type"] == "error"], (name, k)
        assert _figures(new) == _figures(old), f"{name}: cell {k} figures"
        if "approximate" not in old.metadata.get("tags", []):
            assert _texts(new) == _texts(old), f"{name}: cell {k} differs from the committed"
    assert sum(_figures(cell) for cell in fresh.cells) >= 1, f"{name} draws no figure"


def _number(text: str, label: str) -> float:
    match = re.search(re.escape(label) + r"\s*([-+0-9.eE]+)", text)
    assert match, f"no {label!r} in the output"
    return float(match.group(1))


def test_own_connectome_retrieves_the_pattern_from_the_csv(executed):
    out = _stdout(executed["own_connectome"][1])
    assert "neurons 200" in out
    # 30% of the bits flipped, 4 patterns on 60 neighbours: Hebb's rule restores pattern 0.
    assert _number(out, "overlap with the stored pattern:") == 1.0
    assert "fixed point" in out


def test_sweep_shows_the_capacity_breakdown(executed):
    out = _stdout(executed["sweep_and_pandas"][1])
    assert "(60, " in out and "runs failed: 0" in out
    below, above = map(float, out.split("mean overlap below / above alpha_c:")[1].split()[:2])
    # AGS: m ~ 0.97 or better below alpha_c; retrieval collapses above it (n = 300).
    assert below > 0.95 and above < below - 0.1
    assert "rerun equals the first sweep: True" in out


def test_celegans_statistics_and_model_against_theory(executed):
    out = _stdout(executed["celegans"][1])
    assert "279 neurons, 2194 chemical connections" in out
    assert _number(out, "reciprocity") == pytest.approx(0.212, abs=5e-4)
    # Forward Euler for 25 tau at dt = 0.02 converges to (I + gL)^-1 h well below 1e-9.
    assert _number(out, "largest |engine - theory|:") < 1e-9
    text = "\n".join(t for cell in executed["celegans"][1].cells for t in _texts(cell))
    assert "erdos_renyi" in text and "rewired" in text
