"""The asymmetry config runs with --quick and writes its tables and figures."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from neuroagents.cli import commands as cli
from neuroagents.errors import ConfigError
from neuroagents.models.hopfield.experiments import EXPERIMENTS

ASYMMETRY = EXPERIMENTS["asymmetry"]

RUNS = Path(__file__).resolve().parents[3] / "runs"


@pytest.mark.slow
def test_asymmetry_config_runs_quick(tmp_path, run_quick):
    out = tmp_path / "asym"
    config = RUNS / "questions_asymmetry.toml"
    summary = run_quick(config, out)
    meta = json.loads((out / "meta.json").read_text())
    assert meta["model"] == "hopfield" and meta["experiment"] == "asymmetry"
    for name in ("results", "hebbian", "one_step", "fixed_points", "convergence", "dilution"):
        assert len(pd.read_parquet(out / f"{name}.parquet")) > 0
    fixed = pd.read_parquet(out / "fixed_points.parquet")
    # Antisymmetric nets (k = inf) have no fixed points, counted over all 2^n states.
    assert (fixed.loc[fixed["k"] == float("inf"), "fixed_points_mean"] == 0).all()
    assert {p.name for p in out.glob("*.png")} == {
        "asymmetry_hebbian.png",
        "asymmetry_random.png",
        "asymmetry_dilution.png",
    }
    numbers = summary["numbers"]
    v = {name: h["value"] for name, h in numbers.items()}
    # Known verdicts: no fixed point and period 4 for every antisymmetric net (s.J.s = 0).
    assert v["fp.n8.kinf.count"] == 0 and v["fp.n8.kinf.theory"] == 0
    assert v["conv.n20.kinf.sync_4"] == 1 and v["conv.n20.kinf.async_converged"] == 0
    # k = 1: E[N] = 1 exactly; k = 0: corr(W_ij, W_ji) = 1.
    assert v["fp.n8.k1.theory"] == pytest.approx(1.0) and v["hebb.eta.k0"] == 1
    # A run within half the budget is within the budget.
    for name in v:
        if name.endswith("async_converged_half"):
            assert v[name] <= v[name.removesuffix("_half")]
    assert numbers["hebb.a0.05.k1.random.async.converged"]["n"] == 2  # two nets per point


def test_a_bad_dilution_is_refused_without_a_traceback(tmp_path, capsys):
    config = tmp_path / "bad.toml"
    config.write_text('model = "hopfield"\nexperiment = "asymmetry"\n[params]\nks = [0.0, -0.5]\n')
    assert cli.main(["run", str(config), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "params.ks[1]" in err and ">= 0" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("cs", [0.1, 0.0], r"params.cs.*\(0, 1\].*0.0"),
        ("ks", [0.0, float("inf")], r"params.ks.*finite"),
    ],
)
def test_bad_grids_are_refused_before_any_run(key, value, message):
    params = {name: p.default for name, p in ASYMMETRY.params.items()} | {key: value}
    with pytest.raises(ConfigError, match=message):
        ASYMMETRY.run(params, np.random.default_rng(0))
