"""runs/connectome_pruning.toml runs with --quick and writes its tables and figures."""

import json
from pathlib import Path

import pandas as pd
import pytest

from neuroagents import cli

RUNS = Path(__file__).resolve().parents[3] / "runs"


@pytest.mark.slow
def test_pruning_config_runs_quick(tmp_path):
    out = tmp_path / "pruning"
    args = ["run", str(RUNS / "connectome_pruning.toml"), "--out", str(out), "--quick"]
    assert cli.main(args) == 0
    meta = json.loads((out / "meta.json").read_text())
    assert meta["model"] == "connectome" and meta["experiment"] == "pruning"
    runs = pd.read_parquet(out / "results.parquet")
    assert set(runs["rule"]) == {"none", "magnitude", "random", "activity"}
    capacity = pd.read_parquet(out / "capacity.parquet")
    assert {"capacity", "theory", "ratio"} <= set(capacity.columns)
    table = pd.read_parquet(out / "sparsification.parquet")
    # The Chernoff sample count guarantees the bound (failure probability 1%).
    assert table.loc[table["samples_rule"] == "chernoff", "within"].all()
    names = {p.stem for p in out.glob("*.png")}
    assert {"pruning_overlap", "pruning_capacity", "sparsification"} <= names
