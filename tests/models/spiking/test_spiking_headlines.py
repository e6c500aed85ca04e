"""Headline numbers of the spiking experiments, on tables built by hand (known answers)."""

import math

import pandas as pd
import pytest

from neuroagents.models.spiking.experiments.headlines import (
    brunel_headlines,
    brunel_window_headlines,
    vogels_headlines,
)
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


def test_window_headlines_give_the_verdicts_share_per_window():
    # two networks: over 250 ms one of them shows the state, over 500 ms both
    windows = pd.DataFrame(
        {"seed": [0, 1, 0, 1], "window_ms": [250.0, 250.0, 500.0, 500.0],
         "rate_e": [6.0, 7.0, 6.5, 6.5], "cv": [0.2, 0.4, 0.5, 0.5], "chi": [0.6] * 4,
         "peak_hz": [20.0] * 4, "shows_state": [False, True, True, True]}
    )  # fmt: skip
    h = brunel_window_headlines(windows)
    assert h["window250.shows_state"].value == 0.5 and h["window250.shows_state"].n == 2
    assert h["window500.shows_state"].value == 1.0
    assert h["window250.cv"].value == pytest.approx(0.3)
    assert h["window500.rate_e"].value == pytest.approx(6.5)
    # the experiment's result carries the windows: brunel_headlines adds them
    table = _brunel([6.5, 6.5], [6.5, 6.5], [True, True]).table
    both = brunel_headlines(ExperimentResult(table, "", {}, {"windows": windows}), {})
    assert both["window250.shows_state"].value == 0.5 and "shows_state" in both


def test_vogels_headlines_give_means_and_the_share_of_seeds_at_each_checkpoint():
    # three seeds end at 4, 5 and 6 Hz (mean 5, se 1/sqrt(3)); two of three reproduce;
    # at 30 s none does yet
    table = pd.DataFrame(
        {"seed": [0, 1, 2], "rate_initial": [40.0] * 3, "rate_final": [4.0, 5.0, 6.0],
         "corr_before": [0.1, 0.5, 0.9], "corr_after": [0.99] * 3, "depth_before": [1.2] * 3,
         "depth_after": [10.0] * 3, "reproduced": [True, True, False]}
    )  # fmt: skip
    checkpoints = pd.DataFrame(
        {"seed": [0, 1, 2], "time_ms": [30_000.0] * 3, "rate_final": [9.0] * 3,
         "corr_after": [0.8] * 3, "depth_after": [3.0] * 3, "reproduced": [False] * 3}
    )  # fmt: skip
    h = vogels_headlines(ExperimentResult(table, "", {}, {"checkpoints": checkpoints}), {})
    assert h["rate_final"].value == pytest.approx(5.0) and h["rate_final"].n == 3
    assert h["rate_final"].se == pytest.approx(1 / 3**0.5)
    assert h["reproduced"].value == pytest.approx(2 / 3) and h["reproduced"].n == 3
    assert h["at30s.reproduced"].value == 0.0 and h["at30s.reproduced"].high > 0
    assert h["at30s.rate_final"].value == 9.0
