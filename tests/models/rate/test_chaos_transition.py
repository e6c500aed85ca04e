"""The chaos transition's statistics, on inputs whose answers are known.

Synthetic exponents stand in for networks, so each verdict is known in advance: a
transition placed at g*, a network that falls onto a fixed point (transient chaos), a
crossing that a single network cannot move.
"""

import numpy as np
import pandas as pd
import pytest

from neuroagents.analysis.lyapunov import LyapunovResult
from neuroagents.models.rate.experiments.chaos_transition import (
    crossings,
    exponent_between,
    half_exponents,
    run_length_verdict,
    transition_table,
)

GS = (0.5, 0.9, 1.1, 1.3, 1.6, 2.0)


def _runs(g_star, networks=20, spread=0.01, late=None, seed=0):
    """Exponents g - g* plus noise, per network; ``late`` overrides second halves."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(networks):
        offset = rng.normal(0, spread)
        for g in GS:
            lam = g - g_star + offset
            second = lam if late is None else late(k, g, lam)
            rows.append(
                {
                    "n": 200,
                    "network": k,
                    "g": g,
                    "lyapunov": (lam + second) / 2,
                    "lyapunov_first_half": lam,
                    "lyapunov_second_half": second,
                }
            )
    return pd.DataFrame(rows)


def test_half_exponents_recover_a_rate_that_changes_halfway():
    # log-growth 0.2 per unit time for t <= 50, then -0.1: the running estimate
    times = np.arange(1, 101, dtype=float)
    growth = np.cumsum(np.where(times <= 50, 0.2, -0.1))
    result = LyapunovResult(
        np.array([growth[-1] / 100]), (growth / times)[:, None], times, np.zeros(1)
    )
    first, second = half_exponents(result)
    assert first == pytest.approx(0.2) and second == pytest.approx(-0.1)


@pytest.mark.parametrize("g_star", [1.0, 1.2, 1.45])
def test_the_crossing_is_where_the_exponents_change_sign(g_star):
    c = crossings(_runs(g_star)).iloc[0]
    # exponents are linear in g, so interpolation is exact up to the median offset
    # (|offset| <~ 0.01 for 20 networks with sd 0.01)
    assert c["g_zero_crossing"] == pytest.approx(g_star, abs=0.01)
    assert c["g_low"] <= c["g_zero_crossing"] <= c["g_high"]
    assert 0 < c["g_se"] < 0.01 and c["no_crossing"] == 0


def test_one_network_on_a_fixed_point_moves_the_mean_crossing_not_the_median():
    runs = _runs(1.0)
    before = crossings(runs).iloc[0]["g_zero_crossing"]
    stuck = runs["network"] == 0
    runs.loc[stuck, ["lyapunov", "lyapunov_first_half", "lyapunov_second_half"]] = -0.5
    after = crossings(runs).iloc[0]["g_zero_crossing"]
    assert after == pytest.approx(before, abs=0.005)
    # the mean over networks (the old estimate) moves by about 0.5 / 20 / slope
    mean = runs.groupby("g")["lyapunov"].mean()
    lam0, lam1 = mean[0.9], mean[1.1]
    mean_crossing = 0.9 - lam0 * 0.2 / (lam1 - lam0)
    assert mean_crossing - before > 0.02


def test_transient_chaos_fails_the_run_length_check():
    # half the networks chaotic for the first half at g = 1.6, then on a fixed point
    def late(k, g, lam):
        return -0.05 if (g == 1.6 and k % 2 == 0) else lam

    table = transition_table(_runs(1.0, late=late))
    verdict = run_length_verdict(table).set_index("g")
    assert not verdict.loc[1.6, "long_enough"]
    assert verdict.drop(index=1.6)["long_enough"].all()
    row = table.set_index("g").loc[1.6]
    assert row["chaotic_first_half"] == 1.0 and row["chaotic_fraction"] == 0.5
    assert row["chaotic_low"] < 0.5 < row["chaotic_high"]


def test_steady_runs_pass_the_run_length_check_and_fractions_follow_the_sign():
    table = transition_table(_runs(1.2))
    assert run_length_verdict(table)["long_enough"].all()
    assert table.set_index("g")["chaotic_fraction"].to_dict() == {
        0.5: 0.0,
        0.9: 0.0,
        1.1: 0.0,
        1.3: 1.0,
        1.6: 1.0,
        2.0: 1.0,
    }


def test_a_short_run_that_calls_transient_chaos_chaotic_fails_the_short_run_check():
    # the short run (lyapunov_short) sees 12 of 20 networks chaotic at g = 1.6; the whole
    # run's second half sees 4: the short classification is not to be trusted there
    runs = _runs(1.0)
    short = runs["lyapunov_second_half"].copy()
    fell = (runs["g"] == 1.6) & (runs["network"] >= 4)
    runs.loc[fell, "lyapunov_second_half"] = -0.05
    runs["lyapunov_short"] = short
    runs.loc[fell & (runs["network"] >= 12), "lyapunov_short"] = -0.05
    table = transition_table(runs)
    row = table.set_index("g").loc[1.6]
    assert row["chaotic_short"] == 0.6 and row["chaotic_fraction"] == 0.2
    verdict = run_length_verdict(table, early="chaotic_short").set_index("g")
    assert not verdict.loc[1.6, "long_enough"] and verdict.drop(index=1.6)["long_enough"].all()


def test_the_exponent_over_a_window_inverts_the_running_average():
    # a rate of 0.2 up to t = 30, then -0.1: the running average L(t) as Benettin reports it
    times = np.arange(1, 101) * 1.0
    growth = np.where(times <= 30, 0.2 * times, 6.0 - 0.1 * (times - 30))
    r = LyapunovResult(np.array([growth[-1] / 100]), (growth / times)[:, None], times, np.zeros(1))
    assert exponent_between(r, 0, 30) == pytest.approx(0.2)
    assert exponent_between(r, 30, 100) == pytest.approx(-0.1)
    assert exponent_between(r, 10, 20) == pytest.approx(0.2)
    assert np.isnan(exponent_between(r, 50, 150))  # past the run
