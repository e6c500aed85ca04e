"""Spike-train statistics against trains whose answers are known."""

import math

import numpy as np
import pandas as pd
import pytest

from neuroagents.analysis.spikes import (
    binned_counts,
    fano_factor,
    firing_rates,
    isi_cv,
    population_rate,
    rate_spectrum,
    synchrony_chi,
)
from neuroagents.errors import ValidationError


def poisson_trains(n, rate_hz, duration_ms, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        k = rng.poisson(rate_hz * duration_ms / 1000.0)
        rows.append(pd.DataFrame({"neuron": i, "time": np.sort(rng.uniform(0, duration_ms, k))}))
    return pd.concat(rows, ignore_index=True)


def test_poisson_trains_have_rate_cv_and_fano_of_one():
    n, rate, T = 200, 50.0, 20_000.0
    s = poisson_trains(n, rate, T)
    r = firing_rates(s, np.arange(n), 0.0, T)
    # 1000 expected spikes per neuron: the mean rate's standard error is 50/sqrt(2e5).
    assert r.mean() == pytest.approx(rate, abs=4 * rate / math.sqrt(n * rate * T / 1000))
    # CV of exponential ISIs is 1; with ~1000 intervals per neuron its sd is ~0.03 per
    # neuron, ~0.002 averaged over 200.
    assert isi_cv(s, 0.0, T).mean() == pytest.approx(1.0, abs=0.02)
    # Counts in 100 ms windows: Poisson(5), var/mean 1; sd of one estimate sqrt(2/199).
    assert fano_factor(s, np.arange(n), 0.0, T, 100.0).mean() == pytest.approx(1.0, abs=0.03)


def test_regular_train_has_zero_cv_and_small_fano():
    s = pd.DataFrame({"neuron": 0, "time": np.arange(0.0, 1000.0, 10.0)})
    assert isi_cv(s, 0.0, 1000.0).tolist() == [0.0]
    assert fano_factor(s, np.array([0]), 0.0, 1000.0, 50.0).iloc[0] == 0.0


def test_chi_is_one_for_identical_and_about_one_over_sqrt_n_for_independent_signals():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(1, 5000))
    assert synchrony_chi(np.repeat(x, 10, axis=0)) == pytest.approx(1.0)
    independent = rng.normal(size=(100, 5000))
    assert synchrony_chi(independent) == pytest.approx(0.1, rel=0.1)
    with pytest.raises(ValidationError, match="varies"):
        synchrony_chi(np.ones((3, 10)))


def test_population_rate_and_spectrum_find_a_known_oscillation():
    # An inhomogeneous Poisson population modulated at 40 Hz (thinning).
    rng = np.random.default_rng(2)
    n, T, base = 500, 2000.0, 30.0
    t = np.sort(rng.uniform(0, T, rng.poisson(2 * base * n * T / 1000)))
    keep = rng.random(t.size) < 0.5 * (1 + np.sin(2 * np.pi * 40.0 * t / 1000.0))
    s = pd.DataFrame({"neuron": rng.integers(0, n, keep.sum()), "time": t[keep]})
    rate = population_rate(s, n, 0.0, T, bin_ms=1.0)
    assert rate.mean() == pytest.approx(base, rel=0.02)
    _, peak, prominence = rate_spectrum(rate, resolution=5.0)
    assert peak == pytest.approx(40.0, abs=5.0)
    assert prominence > 100
    flat = population_rate(poisson_trains(n, base, T), n, 0.0, T, bin_ms=1.0)
    assert rate_spectrum(flat, resolution=5.0)[2] < 20


def test_binned_counts_and_bad_tables():
    s = pd.DataFrame({"neuron": [0, 0, 1], "time": [0.5, 1.5, 1.7]})
    np.testing.assert_array_equal(
        binned_counts(s, np.array([0, 1]), 0.0, 2.0, 1.0), [[1, 1], [0, 1]]
    )
    with pytest.raises(ValidationError, match="columns 'neuron' and 'time'"):
        firing_rates(pd.DataFrame({"t": [1.0]}), np.array([0]), 0.0, 1.0)
    with pytest.raises(ValidationError, match="'stop'"):
        isi_cv(s, 2.0, 1.0)
