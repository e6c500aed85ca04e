"""One and two dimensions: 1-D trajectories are monotone; the E-I pair's Hopf point.

The Hopf point from root finding on eigenvalues must equal the trace-zero formula to
solver precision (1e-8). The engine's exponential-Euler map has its own Hopf point,
earlier by about dt omega^2 = 0.015 at dt = 0.005; simulated amplitudes are compared
with that one. Near a supercritical Hopf point A^2 = k (w - w_H) + O((w - w_H)^2): at
distances 0.02 and 0.06 the ratio of A^2 is 3 up to the next order (measured 3.01);
2.7-3.3 is asked, while a subcritical or a wrongly placed point would give far off ratios.
"""

import numpy as np
import pytest

from neuroagents.models import rate
from neuroagents.models.rate.experiments import low_dim

CONFIG = {"bias": 0.0, "one_d_starts": 7, "one_d_time": 40.0, "w_ei": 2.0, "w_ie": 2.0,
          "tau_i": 1.0, "dt": 0.005, "transient": 800.0, "window": 20.0}  # fmt: skip


@pytest.mark.parametrize(("w", "shape", "stable"), [(0.5, "tanh", 1), (2.0, "tanh", 2)])
def test_one_d_unit_moves_monotonically_to_a_fixed_point(w, shape, stable):
    row, _ = low_dim.one_d_trial(w, shape, CONFIG)
    assert row["stable_fixed_points"] == stable
    assert row["max_sign_changes"] == 0
    assert row["max_distance"] < 1e-6


def test_one_d_linear_unit_with_w_above_one_grows_at_rate_w_minus_one():
    row, _ = low_dim.one_d_trial(1.2, "linear", CONFIG)
    assert row["max_sign_changes"] == 0
    # exponential Euler with dt = 0.01 slows the rate by ~dt/2 relative
    assert row["growth_rate"] == pytest.approx(0.2, rel=0.01)


def test_hopf_point_from_eigenvalues_matches_trace_zero():
    w_h, omega = low_dim.hopf_from_eigenvalues(CONFIG)
    w_t, omega_t = rate.ei_hopf_point(2.0, 2.0)
    assert w_h == pytest.approx(w_t, abs=1e-8) and omega == pytest.approx(omega_t, rel=1e-6)
    assert low_dim.engine_hopf_point(CONFIG) == pytest.approx(w_t - 0.005 * 3, abs=2e-3)


def test_cycle_amplitude_grows_like_the_square_root_past_the_hopf_point():
    w_map = low_dim.engine_hopf_point(CONFIG)
    below, _ = low_dim.cycle_amplitude(w_map - 0.03, CONFIG)
    near, _ = low_dim.cycle_amplitude(w_map + 0.02, CONFIG)
    far, _ = low_dim.cycle_amplitude(w_map + 0.06, CONFIG)
    assert below["amplitude"] < 1e-6 and not below["periodic"]
    assert near["periodic"] and far["periodic"]
    assert 2.7 < (far["amplitude"] / near["amplitude"]) ** 2 < 3.3
    assert near["period"] == pytest.approx(2 * np.pi / np.sqrt(3), rel=0.03)
