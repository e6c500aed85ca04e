"""Threshold-linear circuits: active-set theory against simulation, winners, the CTLN cycle.

Runs settle to max |dv/dt| < 1e-10, so an end state is within ~1e-9 of the fixed point
it approaches (the slowest stable rate is O(0.1)); 1e-7 is asked. The CTLN period from
the engine (exponential Euler, dt = 0.01, first order) and from RK4 (dt = 0.002) differ
by the engine's O(dt) error: 0.7% measured, 2% asked, and halving dt must halve it.
"""

import numpy as np
import pytest

from neuroagents.models import rate
from neuroagents.models.rate.experiments import threshold_linear as tl

CONFIG = {
    "n_fp": 6,
    "n_wta": 4,
    "alpha": 0.5,
    "beta": 1.5,
    "eps": 0.25,
    "delta": 0.5,
    "dt": 0.01,
    "starts": 15,
    "cycle_time": 60.0,
}


def test_every_run_ends_on_a_stable_active_set_fixed_point():
    table = tl.fixed_point_trial(CONFIG, np.random.default_rng(0))
    assert table["n_stable"].iloc[0] >= 2  # multi-stable, so the test means something
    assert table["distance"].max() < 1e-7


def test_active_set_agrees_with_root_finding_on_the_smooth_parts():
    # Each active-set fixed point is a fixed point of the model's vector field.
    M = rate.winner_take_all_weights(3, 0.5, 1.5)
    model = rate.ThresholdLinear(M, np.ones(3))
    for p in rate.active_set_fixed_points(M, np.ones(3)):
        model.set_state(p.state)
        assert np.abs(model.rates_of_change()).max() < 1e-12


def test_winner_take_all_the_highest_start_wins_with_equal_drive():
    table = tl.wta_trial(CONFIG, np.random.default_rng(1))
    equal = table[table["drive"] == "equal"]
    assert (equal["winner"] == equal["argmax_start"]).all()
    assert (table["active"] == 1).all() and table["distance"].max() < 1e-7
    # The winner's rate is h / (1 - alpha) = 2 for equal drive.


def test_ctln_three_cycle_has_a_stable_limit_cycle_in_edge_order():
    row, _ = tl.ctln_trial(CONFIG, np.random.default_rng(2))
    assert row["n_stable_fixed_points"] == 0 and row["n_fixed_points"] == 1
    assert row["periodic"] and row["order"] == "[0, 1, 2]"
    assert row["period"] == pytest.approx(row["period_rk4"], rel=0.02)
    finer, _ = tl.ctln_trial({**CONFIG, "dt": 0.005}, np.random.default_rng(2))
    err, err_half = (abs(r["period"] - row["period_rk4"]) for r in (row, finer))
    assert 0.35 < err_half / err < 0.65  # first order in dt
