"""The pruning configs run with --quick and write their tables and figures."""

import json
from pathlib import Path

import pandas as pd
import pytest

from neuroagents.cli import commands as cli

RUNS = Path(__file__).resolve().parents[3] / "runs"


@pytest.mark.slow
def test_pruning_config_runs_quick(tmp_path, run_quick):
    out = tmp_path / "pruning"
    run_quick(RUNS / "connectome_pruning.toml", out)
    meta = json.loads((out / "meta.json").read_text())
    assert meta["model"] == "hopfield" and meta["experiment"] == "pruning"
    runs = pd.read_parquet(out / "results.parquet")
    assert set(runs["rule"]) == {"none", "magnitude", "random", "activity"}
    capacity = pd.read_parquet(out / "capacity.parquet")
    assert {"capacity", "theory", "ratio"} <= set(capacity.columns)
    table = pd.read_parquet(out / "sparsification.parquet")
    # The Chernoff sample count guarantees the bound (failure probability 1%).
    assert table.loc[table["samples_rule"] == "chernoff", "within"].all()
    names = {p.stem for p in out.glob("*.png")}
    assert {"pruning_overlap", "pruning_capacity", "sparsification"} <= names


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [("keeps", "[0.5, 0.0]", "params.keeps[1]"), ("epsilons", "[1.0]", "params.epsilons[0]")],
)
def test_bad_fraction_is_a_clear_cli_error(tmp_path, capsys, key, value, message):
    text = (RUNS / "connectome_pruning.toml").read_text()
    lines = [
        f"{key} = {value}" if line.startswith(f"{key} =") else line for line in text.splitlines()
    ]
    config = tmp_path / "bad.toml"
    config.write_text("\n".join(lines))
    assert cli.main(["run", str(config), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


@pytest.mark.slow
def test_pruning_size_config_runs_quick(tmp_path, run_quick):
    out = tmp_path / "size"
    run_quick(RUNS / "connectome_pruning_size.toml", out)
    capacity = pd.read_parquet(out / "capacity.parquet")
    assert set(capacity["n"]) == {100, 200}
    assert set(capacity["rule"]) == {"none", "random", "magnitude"}
    assert (out / "pruning_size.png").exists()
