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
    # a fraction of runs is a fraction, and each carries its sample size
    for number in summary["numbers"].values():
        assert number["n"] is None or number["n"] > 0
