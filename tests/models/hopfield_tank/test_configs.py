"""The Hopfield-Tank configs the docs quote run with --quick and reproduce their summaries."""

from pathlib import Path

import pandas as pd
import pytest

RUNS = Path(__file__).resolve().parents[3] / "runs"
CONFIGS = sorted(p.stem for p in RUNS.glob("hopfield_tank_*.toml"))


@pytest.mark.slow
@pytest.mark.parametrize("name", CONFIGS)
def test_config_runs_quick_and_reproduces_its_summary(name, tmp_path, run_quick):
    out = tmp_path / name
    summary = run_quick(RUNS / f"{name}.toml", out)
    assert len(pd.read_parquet(out / "results.parquet")) > 0
    # a number over no runs (a tour ratio where no run was valid) is missing, not 0
    for number in summary["numbers"].values():
        if number["n"] == 0:
            assert number["value"] is None
