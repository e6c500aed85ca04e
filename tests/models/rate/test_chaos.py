"""Chaos: SCC networks against finite-N theory, the logistic map, Lorenz.

Tolerances:
- g < 1: the run ends at x = 0, where the largest exponent is max Re eig(gJ) - 1 of the
  realized J (exact for finite N). The time average over T = 200 tau carries an O(1/T)
  offset from the first steps; measured within 0.5%, 2% asked.
- g = 2.5, N = 200: positive in every seed tried (0.10-0.12); > 0.05 asked.
- logistic map: bisection on the detected period; near a period doubling convergence
  is slow (the multiplier is near -1), so onsets of periods 2 and 4 come out within
  1e-4 (measured 5e-5 and 2e-5); the period-3 window opens by a tangent bifurcation,
  found within 1e-6 of 1 + sqrt 8 (measured 4e-8). At r = 4 the exponent is log 2;
  20,000 iterations give it within ~1/sqrt(20000) statistically: 0.02 asked.
- Lorenz over 200 time units: 0.905-0.913 measured for three seeds against 0.9056;
  0.03 asked; the sum of the exponents is the divergence -(sigma + 1 + beta), to the
  integrator's accuracy.
"""

import numpy as np
import pytest

from neuroagents.analysis.lyapunov import lyapunov_spectrum, map_lyapunov
from neuroagents.models import rate
from neuroagents.models.rate.experiments import chaos

CONFIG = {"lyap_dt": 0.1, "lyap_steps": 2000, "lyap_transient": 500}


@pytest.mark.parametrize(("n", "g", "seed"), [(100, 0.5, 0), (200, 0.9, 1)])
def test_subcritical_network_exponent_equals_the_finite_n_linear_theory(n, g, seed):
    rng = np.random.default_rng(seed)
    row = chaos.scc_trial(rate.random_coupling(n, rng), g, CONFIG, rng)
    assert row["final_size"] < 1e-6
    assert row["lyapunov"] == pytest.approx(row["theory_fixed_point"], rel=0.02)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_network_past_g_one_is_chaotic(seed):
    rng = np.random.default_rng(seed)
    row = chaos.scc_trial(rate.random_coupling(200, rng), 2.5, CONFIG, rng)
    assert row["lyapunov"] > 0.05 and row["final_size"] > 0.5


def test_logistic_map_period_doubling_and_period_three_window():
    assert chaos.period_onset(2, 2.9, 3.2) == pytest.approx(3.0, abs=1e-4)
    assert chaos.period_onset(4, 3.3, 3.5) == pytest.approx(1 + np.sqrt(6), abs=1e-4)
    assert chaos.period_onset(3, 3.82, 3.835) == pytest.approx(rate.PERIOD_THREE, abs=1e-6)
    assert rate.logistic_period(3.83) == 3 and rate.logistic_period(3.82) == 0


def test_logistic_map_exponent():
    def jac(x):
        return np.array([[4.0 * (1 - 2 * x[0])]])

    r = map_lyapunov(lambda x: 4.0 * x * (1 - x), [0.3], 20000, jac=jac, transient=100)
    assert r.exponents[0] == pytest.approx(np.log(2), abs=0.02)
    exps, _ = chaos.logistic_sweep(np.array([3.2, 3.5, 3.835, 4.0]))
    assert list(exps["lyapunov"] < 0) == [True, True, True, False]  # cycles, window, chaos


def test_lorenz_spectrum_against_the_published_values():
    r = lyapunov_spectrum(
        rate.lorenz,
        [1.0, 1.0, 20.0],
        dt=0.01,
        steps=20000,
        k=3,
        transient=1000,
        jac=rate.lorenz_jacobian,
        rng=0,
    )
    published = rate.LORENZ_EXPONENTS
    assert r.exponents[0] == pytest.approx(published[0], abs=0.03)
    assert r.exponents[1] == pytest.approx(0.0, abs=0.03)
    assert r.exponents[2] == pytest.approx(published[2], abs=0.05)
    # RK4 (dt = 0.01) integrates the volume contraction to ~1e-5 relative (measured -13.6666)
    assert r.exponents.sum() == pytest.approx(-(10 + 1 + 8 / 3), abs=1e-3)


def test_all_gains_in_one_run_give_each_gain_its_own_trial():
    # the batched run (the sweep's path) and one trial per gain draw the same starts and
    # tangents and do the same arithmetic: equal up to rounding, chaotic gain included
    config = {"gs": [0.5, 1.5, 2.5], "lyap_dt": 0.1, "lyap_steps": 600, "lyap_transient": 100,
              "check_time": 30.0}  # fmt: skip
    J = rate.random_coupling(60, np.random.default_rng(3))
    batched = chaos._gains_rows(J, config, np.random.default_rng(5))
    rng = np.random.default_rng(5)
    single = [chaos.scc_trial(J, g, config, rng.spawn(1)[0]) for g in config["gs"]]
    for b, s in zip(batched, single, strict=True):
        for key in ("lyapunov", "lyapunov_first_half", "lyapunov_second_half", "lyapunov_short"):
            assert b[key] == pytest.approx(s[key], rel=1e-6, abs=1e-9), (b["g"], key)
        assert b["theory_fixed_point"] == pytest.approx(s["theory_fixed_point"], nan_ok=True)


def test_a_check_time_longer_than_the_run_is_refused():
    from neuroagents.errors import ConfigError

    with pytest.raises(ConfigError, match=r"'check_time'.*at most.*Got 500"):
        chaos.chaos_experiment(
            {"check_time": 500.0, "lyap_dt": 0.1, "lyap_steps": 1000}, np.random.default_rng(0)
        )
