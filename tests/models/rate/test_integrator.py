"""lambda_1 = 1 integrates and remembers; mistuning drifts with tau/|1 - lambda_1|.

Forward Euler with dt = 0.02 tau multiplies the lambda_1 = 1 mode by exactly 1 a step,
so the persistent value is exact up to rounding (1e-9 asked). Drift rates carry the
Euler factor 1 + (dt/tau) eps / 2 (< 1e-4), so 1% is ample; the fast modes have died
(exp(-10 tau / 2)) before the fit window opens.
"""

import numpy as np
import pytest

from neuroagents.models.rate.experiments import integrator

CONFIG = {
    "n": 10,
    "tau": 1.0,
    "dt": 0.02,
    "lambda2": 0.5,
    "hold": 30.0,
    "pulses": [[1.0, 1.0], [2.0, 1.5], [-0.5, 2.0]],
    "saccades": [10.0, -4.0],
    "saccade_interval": 10.0,
    "eye_hold": 300.0,
}


def test_a_pulse_along_e1_leaves_activity_equal_to_its_integral_and_one_across_decays():
    table, course = integrator.pulse_trial(CONFIG, np.random.default_rng(0))
    np.testing.assert_allclose(table["c1_late"], table["integral"], rtol=1e-9)
    assert table["others_late"].max() < 1e-6
    assert table.attrs["tau2_sim"] == pytest.approx(table.attrs["tau2_theory"], rel=0.01)
    late = course[course["time"] > 40]
    assert late["c1"].min() == pytest.approx(1.0, rel=1e-9)  # remembered
    assert late["c2"].abs().max() < 1e-3  # forgotten


@pytest.mark.parametrize("sign", [-1, 1])
def test_mistuned_integrator_drifts_with_tau_over_eps(sign):
    row = integrator.mistuning_trial(0.01, sign, CONFIG, np.random.default_rng(1))
    assert row["tau_sim"] == pytest.approx(100.0, rel=0.01)


def test_eye_position_drifts_with_the_noisy_top_eigenvalue():
    row, _course = integrator.eye_trial(0.01, CONFIG, np.random.default_rng(2))
    # The eye reads the tuned e_1, the noisy network's slow mode is e_1' (overlap ~1 - O(sigma^2)):
    # the drift is the noisy lambda_1' one.
    assert row["tau_sim"] == pytest.approx(row["tau_theory"], rel=0.02)
    tuned, _ = integrator.eye_trial(0.0, CONFIG, np.random.default_rng(2))
    assert tuned["eye_end"] == pytest.approx(6.0, rel=1e-6)  # 10 - 4, held
