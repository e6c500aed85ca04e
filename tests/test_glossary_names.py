"""Names mean one thing (docs/glossary.md): the words a run prints match its tables.

The C. elegans retrieval config takes its size from the wiring (279 neurons), so its
params line must not show the default n = 400; a Hopfield retrieval counts sweeps in
its summary, its table and its figure; the cue's flipped bits are ``cue_flips`` in
results.parquet, apart from ``flips`` (neurons that changed) in trajectory.parquet.
"""

from pathlib import Path

import pandas as pd
import pytest

from neuroagents.cli import commands as cli
from neuroagents.sim.stability import StabilityReport

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = (ROOT / "docs" / "glossary.md").read_text()


def test_a_wired_run_does_not_print_a_size_it_does_not_use(tmp_path, capsys):
    config = ROOT / "runs" / "wiring_hopfield_retrieval.toml"
    assert cli.main(["run", str(config), "--quick", "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    params = next(line for line in printed.splitlines() if line.startswith("  params: "))
    assert "n=(the connectome's)" in params and "n=400" not in params
    assert "Hopfield net: 279 neurons" in printed
    first = next(line for line in printed.splitlines() if line.startswith("Pattern 0: "))
    assert " sweep" in first and " step" not in first, first
    results = pd.read_parquet(tmp_path / "out" / "results.parquet")
    trajectory = pd.read_parquet(tmp_path / "out" / "trajectory.parquet")
    assert (results["cue_flips"] == 10).all() and "flips" not in results  # --quick: 10
    assert "sweeps" in results and "steps" not in results
    # trajectory's flips: neurons that changed in each recorded sweep, not the cue's 10.
    assert trajectory["flips"].sum() > 0 and "cue_flips" not in trajectory


def test_the_report_counts_in_the_unit_it_is_given():
    assert str(StabilityReport(True, 1, 1, 1.0)) == "fixed point after 1 step"
    assert StabilityReport(False, 2, 3, 3.0).describe("sweep") == (
        "2-cycle detected after 3 sweeps (synchronous dynamics)"
    )


@pytest.mark.parametrize("word", ["flips", "cue_flips", "sweep", "step", "time", "overlap",
                                  "node id", "position", "seed", "quick"])  # fmt: skip
def test_the_glossary_defines_the_words_tables_and_commands_use(word):
    assert f"**{word}**" in GLOSSARY
