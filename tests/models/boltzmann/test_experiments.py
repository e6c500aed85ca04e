"""The three Boltzmann configs run at --quick size and write what the README shows."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from neuroagents.models import boltzmann as bz
from neuroagents.models.boltzmann.digits import load_digits01

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("config", "figure", "tables"),
    [
        ("boltzmann_encoder", "boltzmann_encoder", ["equilibration"]),
        ("rbm_digits", "boltzmann_rbm_digits", ["exact_vs_pseudo", "features"]),
        ("dbn_digits", "boltzmann_dbn_digits", ["samples"]),
    ],
)
def test_config_runs_quick(tmp_path, config, figure, tables, run_quick):
    out = tmp_path / config
    run_quick(ROOT / "runs" / f"{config}.toml", out)
    table = pd.read_parquet(out / "results.parquet")
    assert len(table) > 0
    assert (out / f"{figure}.png").stat().st_size > 10_000
    assert json.loads((out / "meta.json").read_text())["model"] == "boltzmann"
    for name in tables:
        assert len(pd.read_parquet(out / f"{name}.parquet")) > 0
    if config == "rbm_digits":
        assert set(table["implementation"]) == {"neuroagents", "sklearn"}
        assert table["pseudo_ll_test"].between(-64 * np.log(2) - 5, 0).all()
    if config == "boltzmann_encoder":
        equil = pd.read_parquet(out / "equilibration.parquet")
        # tau grows as T falls to the schedule's final temperature
        assert equil["tau_sweeps"].iloc[-1] > equil["tau_sweeps"].iloc[0]


def test_training_raises_the_exact_likelihood():
    X = (load_digits01()[0] > 0.5).astype(float)
    rbm = bz.RBM(8, learning_rate=0.06, random_state=0)
    rbm.initialize(64)
    before = bz.log_likelihood(rbm, X[1400:]).mean()
    for _ in range(3):
        rbm.fit_epoch(X[:1400])
    after = bz.log_likelihood(rbm, X[1400:]).mean()
    # untrained: ~ 64 log(1/2) = -44.4 per digit; 3 epochs of CD gain well over 10 nats
    assert before == pytest.approx(-64 * np.log(2), abs=0.5)
    assert after > before + 10
