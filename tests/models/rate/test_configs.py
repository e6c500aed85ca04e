"""Every rate config runs with --quick and writes its table, meta.json and figure."""

import json
import tomllib
from pathlib import Path

import pandas as pd
import pytest

RUNS = Path(__file__).resolve().parents[3] / "runs"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(p.stem for p in RUNS.glob("rate_*.toml")))
def test_rate_config_runs_quick(name, tmp_path, run_quick):
    out = tmp_path / name
    run_quick(RUNS / f"{name}.toml", out)
    assert len(pd.read_parquet(out / "results.parquet")) > 0
    meta = json.loads((out / "meta.json").read_text())
    config = tomllib.loads((RUNS / f"{name}.toml").read_text())
    # rate_chaos_large and rate_chaos_length run the chaos experiment at a larger N and
    # for longer: the config names it.
    assert meta["model"] == "rate" and meta["experiment"] == config["experiment"]
    chaos_variant = name in ("rate_chaos_large", "rate_chaos_length")
    assert config["experiment"] == name.removeprefix("rate_") or chaos_variant
    assert list(out.glob("*.png"))
