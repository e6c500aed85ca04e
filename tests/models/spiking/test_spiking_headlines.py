"""Headline numbers of the spiking experiments, on tables built by hand (known answers)."""

import math

import pandas as pd
import pytest

from neuroagents.models.spiking.experiments.headlines import brunel_headlines
from neuroagents.runner.experiment import ExperimentResult


def _brunel(rates_e, rates_i, shows, theory=40.0):
    n = len(rates_e)
    table = pd.DataFrame(
        {"rate_e": rates_e, "rate_i": rates_i, "cv": [0.5] * n, "fano": [0.3] * n,
         "chi": [0.2] * n, "peak_hz": [120.0] * n, "theory_rate": [theory] * n,
         "shows_state": shows}
    )  # fmt: skip
    return ExperimentResult(table, "")


def test_brunel_headlines_give_means_distances_from_theory_and_the_verdicts_share():
    # E rates 38 and 42 around a fixed point of 40: mean 40, relative distances -5% and
    # +5% average to 0, with the spread of two networks (se = 0.05)
    h = brunel_headlines(_brunel([38.0, 42.0], [38.0, 42.0 * 1.1], [True, False]), {})
    assert h["rate_e"].value == pytest.approx(40.0) and h["rate_e"].n == 2
    assert h["rate_e"].se == pytest.approx(2.0)
    assert h["rate_e_vs_theory"].value == pytest.approx(0.0)
    assert h["rate_e_vs_theory"].se == pytest.approx(0.05)
    assert h["rate_i_vs_e"].value == pytest.approx(0.05)
    assert h["theory_rate"].value == 40.0 and h["theory_rate"].se == 0.0
    assert h["interval_ms"].value == pytest.approx((1000 / 38 + 1000 / 42) / 2)
    assert h["shows_state"].value == 0.5 and h["shows_state"].n == 2
    assert h["shows_state"].low < 0.5 < h["shows_state"].high


def test_one_network_has_no_spread_and_sr_has_no_fixed_point():
    h = brunel_headlines(_brunel([330.0], [330.0], [True], theory=math.nan), {})
    assert h["rate_e"].value == 330.0 and h["rate_e"].n == 1 and math.isnan(h["rate_e"].se)
    assert math.isnan(h["theory_rate"].value) and math.isnan(h["rate_e_vs_theory"].value)
    assert h["shows_state"].value == 1.0
