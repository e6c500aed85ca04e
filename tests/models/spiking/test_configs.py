"""The spiking configs the docs quote run with --quick and reproduce their summaries.

The AI state is also checked against the mean field at the quick size: N = 5000 with the
paper's in-degrees (C_E = 1000, C_I = 250), so the Siegert fixed point is unchanged.
"""

from pathlib import Path

import pandas as pd
import pytest

RUNS = Path(__file__).resolve().parents[3] / "runs"


@pytest.mark.slow
def test_ai_state_matches_the_mean_field_and_the_paper(tmp_path, run_quick):
    out = tmp_path / "ai"
    run_quick(RUNS / "spiking_brunel_ai.toml", out)
    row = pd.read_parquet(out / "results.parquet").iloc[0]
    # the AI rate within 5% of the Siegert fixed point (37.95 Hz), E and I alike,
    # asynchronous and irregular
    assert row["theory_rate"] == pytest.approx(37.95, abs=0.01)
    assert row["rate_e"] == pytest.approx(row["theory_rate"], rel=0.05)
    assert row["rate_i"] == pytest.approx(row["rate_e"], rel=0.05)
    assert row["shows_state"], row["failed_checks"]
    # the same run over its first quarter and half: 250 and 500 ms of the 1000
    windows = pd.read_parquet(out / "windows.parquet")
    assert sorted(windows["window_ms"]) == [250.0, 500.0]
    assert windows["rate_e"].to_numpy() == pytest.approx(row["rate_e"], rel=0.1)


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    ["spiking_brunel_si_fast", "spiking_brunel_si_slow", "spiking_brunel_sr",
     "spiking_brunel_ai_binomial", "spiking_stdp_vogels"],
)  # fmt: skip
def test_config_runs_quick_and_reproduces_its_summary(name, tmp_path, run_quick):
    out = tmp_path / name
    summary = run_quick(RUNS / f"{name}.toml", out)
    assert len(pd.read_parquet(out / "results.parquet")) > 0
    assert summary["quick"] and summary["numbers"]
