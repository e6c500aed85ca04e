"""Experiment 4 of issue 25: E and I learning side by side, its measures and verdict."""

import numpy as np
import pytest

from neuroagents.models.spiking.ei_balance import (
    ai_verdict,
    ei_verdict,
    input_drive,
    window_measures,
)
from neuroagents.models.spiking.experiments.stdp_ei_balance import EI_BALANCE
from neuroagents.runner.experiment import available_models
from neuroagents.sim.spiking import LIFParams, SpikingModel


def test_input_drive_is_the_dense_matrix_product_split_by_sign_of_source():
    """An independent computation: W[target, source] @ rates, columns split at n_e."""
    rng = np.random.default_rng(1)
    n_e, n = 30, 40
    W = np.where(rng.random((n, n)) < 0.3, rng.uniform(0.1, 0.5, (n, n)), 0.0)
    W[:, n_e:] *= -4.0
    rates = rng.uniform(0.0, 20.0, n)
    sources, targets = np.nonzero(W.T)  # CSR order: by source
    e, i = input_drive(sources, targets, W.T[sources, targets], rates, n_e, 20.0, 3.0)
    np.testing.assert_allclose(e, 0.02 * W[:n_e, :n_e] @ rates[:n_e] + 3.0, rtol=1e-12)
    np.testing.assert_allclose(i, 0.02 * W[:n_e, n_e:] @ rates[n_e:], rtol=1e-12)


def test_window_measures_of_known_trains():
    """Cells fire at 10 ms intervals (100 Hz, CV 0); cell 0 gets +0.5 mV from cell 1 and
    -1 mV from cell 2: E = 20 ms (0.5 mV x 100 Hz) + 4 = 5 mV, I = -2 mV."""
    W = np.zeros((3, 3))
    W[0, 1], W[0, 2] = 0.5, -1.0
    p = LIFParams(tau_m=20.0, E_L=0.0, V_th=20.0, V_reset=0.0, t_ref=0.0)
    m = SpikingModel(W, params=p, dt=0.1, delay=1.0)
    for cell in (1, 2):
        m.add_spike_train(np.arange(5.0, 1000.0, 10.0), 100.0, neurons=[cell])
    m.record_voltage([0, 1, 2])
    m.run_for(1000.0)
    out = window_measures(m, 2, 0.0, 1000.0, 4.0)
    assert out["exc"] == pytest.approx((5.0 + 4.0) / 2)  # cell 1 is E too: 4 mV external only
    assert out["inh"] == pytest.approx(-2.0 / 2)
    assert out["imbalance"] == pytest.approx(abs(4.5 - 1.0) / 4.5)
    assert out["rate_i"] == pytest.approx(100.0)
    assert out["cv"] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(
    ("m", "failed"),
    [
        # Net drive 26 - 12.5 = 13.5 mV below theta = 20 at the target rate: balanced.
        (dict(exc=26.0, imbalance=13.5 / 26.0, rate_e=3.2), []),
        # The same relative imbalance with 5x the drive: net 67.5 mV, far above theta.
        (dict(exc=130.0, imbalance=13.5 / 26.0, rate_e=3.2), ["balanced"]),
        (dict(exc=26.0, imbalance=0.5, rate_e=4.0), ["rate_at_target"]),
        (dict(exc=26.0, imbalance=0.9, rate_e=40.0), ["balanced", "rate_at_target"]),
    ],
)
def test_balance_verdict_on_inputs_whose_answer_is_known(m, failed):
    ok, got = ei_verdict(m | {"theta": 20.0, "rho0": 3.0})
    assert got == failed and ok == (not failed)


@pytest.mark.parametrize(
    ("cv", "chi", "failed"),
    [(0.8, 0.1, []), (0.49, 0.1, ["irregular"]), (0.8, 0.45, ["asynchronous"])],
)
def test_ai_verdict_on_inputs_whose_answer_is_known(cv, chi, failed):
    ok, got = ai_verdict(dict(cv=cv, chi=chi))
    assert got == failed and ok == (not failed)


def test_the_experiment_is_registered():
    assert "stdp_ei_balance" in available_models()["spiking"].experiments


@pytest.mark.slow
def test_inhibitory_learning_reaches_balance_and_the_static_network_does_not():
    """The --quick run: 200 E + 50 I at 80% (the in-degrees 160/40 of the config), 2 s,
    2 networks: the static network fires far above rho0 with net drive above threshold;
    iSTDP on I->E (alone or with STDP on E->E) brings E rates to rho0 with net drive
    below it."""
    config = {k: p.default for k, p in EI_BALANCE.params.items()} | EI_BALANCE.quick
    result = EI_BALANCE.run(config, np.random.default_rng(0))
    s = result.table.set_index(["condition", "phase"])
    before = s.xs("before", level="phase")
    assert before.nunique()["rate_e_mean"] == 1  # one static network for every condition
    assert s.loc[("none", "after"), "rate_e_mean"] > 10 * config["rho0"]
    assert not s.loc[("none", "after"), "reached"]
    assert "balanced" in s.loc[("none", "after"), "failed_checks"]
    for condition in ("istdp_ie", "both"):
        row = s.loc[(condition, "after")]
        assert row["rate_e_mean"] == pytest.approx(config["rho0"], rel=0.3)
        assert row["exc_mean"] + row["inh_mean"] < 20.0  # net drive below threshold
        assert row["reached"]
    runs = result.tables["runs"]
    assert len(runs) == 2 * 4 * 2  # seeds x conditions x phases
