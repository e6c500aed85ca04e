"""The worms configs run with --quick and write their tables, figures and verdicts."""

import json
from pathlib import Path

import pandas as pd
import pytest

from neuroagents.errors import ConfigError
from neuroagents.runner.experiment import load_config

RUNS = Path(__file__).resolve().parents[3] / "runs"


def _run(name, tmp_path, capsys, run_quick):
    out = tmp_path / name
    run_quick(RUNS / f"worms_{name}.toml", out)
    meta = json.loads((out / "meta.json").read_text())
    assert meta["model"] == "worms" and meta["experiment"] == name and meta["quick"]
    assert (out / f"worms_{name}.png").exists()
    return out, capsys.readouterr().out


def test_identity_quick(tmp_path, capsys, run_quick):
    out, text = _run("identity", tmp_path, capsys, run_quick)
    table = pd.read_parquet(out / "results.parquet")
    assert set(table["pair"]) == {"witvliet7/witvliet8"}
    assert (table["accuracy"] > 0.5).all()  # five known pairs recover most adult neurons
    curve = pd.read_parquet(out / "perturbation.parquet")
    assert curve.loc[curve["fraction"] == 0.0, "accuracy"].eq(1.0).all()  # a copy of itself
    assert "Verdict:" in text


def test_canonical_quick(tmp_path, capsys, run_quick):
    out, text = _run("canonical", tmp_path, capsys, run_quick)
    prev = pd.read_parquet(out / "results.parquet")
    assert prev["animals"].tolist() == [1, 2, 3]
    assert prev["weight_share"].sum() == pytest.approx(1.0)
    # connections in every animal carry more synapses per connection than those in one
    assert prev["mean_weight"].iloc[-1] > prev["mean_weight"].iloc[0]
    assert "Verdict:" in text


def test_development_quick(tmp_path, capsys, run_quick):
    out, text = _run("development", tmp_path, capsys, run_quick)
    stages = pd.read_parquet(out / "stages.parquet")
    assert stages["synapses"].is_monotonic_increasing
    assert "Verdict:" in text and "pruning" in text


def test_sex_quick(tmp_path, capsys, run_quick):
    out, text = _run("sex", tmp_path, capsys, run_quick)
    table = pd.read_parquet(out / "results.parquet").set_index("comparison")
    assert table["jaccard_distance"].between(0, 1).all()
    assert "Verdict:" in text


def test_a_bad_pair_is_refused_in_one_line(tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text('model = "worms"\nexperiment = "identity"\n[params]\npairs = ["witvliet9/x"]\n')
    config = load_config(cfg)  # refused before any matching runs
    with pytest.raises(ConfigError, match=r"params.pairs\[0\] must be two different animals"):
        config.experiment.run(config.params, __import__("numpy").random.default_rng(0))
