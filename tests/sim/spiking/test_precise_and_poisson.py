"""Precise spike times (independent of dt, exact crossings) and external Poisson input."""

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from neuroagents.sim.spiking import LIFParams, SpikingModel

P = LIFParams(tau_m=20.0, E_L=0.0, V_th=20.0, V_reset=10.0, t_ref=2.0)


def precise_run(dt: float) -> pd.DataFrame:
    g = nx.gnp_random_graph(40, 0.2, seed=2, directed=True)
    rng = np.random.default_rng(2)
    for u, v in g.edges:
        g[u][v]["weight"] = 2.0 if rng.random() < 0.8 else -6.0
    m = SpikingModel(
        g, params=P, dt=dt, timing="precise", rng=11, v0="uniform",
        delay=lambda r, k: r.uniform(0.5, 3.0, k),  # off every grid
    )  # fmt: skip
    m.add_poisson_input(rate=1500.0, weight=1.0)
    m.set_current(24.0 / P.R, range(0, 40, 5))  # some neurons cross by drift alone
    m.run_for(200.0)
    return m.spikes()


def test_precise_spike_times_do_not_depend_on_dt():
    # NEST's criterion for its precise models. Delays are drawn off the grid (>= 0.5
    # ms, the largest dt), input times in continuous time: nothing may leak dt.
    runs = [precise_run(dt) for dt in (0.5, 0.1, 0.025)]
    assert len(runs[0]) > 300
    for other in runs[1:]:
        assert other["neuron"].tolist() == runs[0]["neuron"].tolist()
        np.testing.assert_allclose(other["time"], runs[0]["time"], rtol=0, atol=1e-12)


def test_precise_crossing_and_refractory_end_are_exact_off_the_grid():
    # Constant drive V_inf = 30 mV: from V_reset the crossing takes tau ln(20/10), and
    # each period is t_ref plus that: 2 + 20 ln 2 ms, not a multiple of dt.
    m = SpikingModel(np.zeros((1, 1)), params=P, dt=0.1, timing="precise")
    m.set_current(30.0 / P.R)
    m.run_for(100.0)
    t = m.spikes()["time"].to_numpy()
    assert t[0] == pytest.approx(20.0 * math.log(30.0 / 10.0), abs=1e-12)
    np.testing.assert_allclose(np.diff(t), 2.0 + 20.0 * math.log(2.0), rtol=0, atol=1e-12)


# Poisson input, read through the neurons: no leak, no threshold, jumps of 1 mV, so V is
# the number of input spikes received.
COUNTER = LIFParams(tau_m=1e12, E_L=0.0, V_th=1e9, V_reset=0.0, t_ref=0.0)


def counting_model(n: int, seed: int) -> SpikingModel:
    return SpikingModel(np.zeros((n, n)), params=COUNTER, dt=0.1, rng=seed)


def test_poisson_input_rate_and_count_variance():
    n, rate, duration = 400, 800.0, 1000.0
    m = counting_model(n, seed=1)
    m.add_poisson_input(rate=rate, weight=1.0)
    m.run_for(duration)
    counts = np.rint(m.state["v"])
    lam = rate * duration / 1000.0  # 800 spikes expected per neuron
    # Mean of n Poisson(lam) counts: standard error sqrt(lam / n) = 1.41; allow 4 of them.
    assert abs(counts.mean() - lam) < 4 * math.sqrt(lam / n)
    # Var/mean of a Poisson count is 1; its sampling sd is about sqrt(2 / (n - 1)) = 0.07.
    assert abs(counts.var(ddof=1) / counts.mean() - 1.0) < 4 * math.sqrt(2 / (n - 1))


def test_poisson_trains_of_different_neurons_and_sources_are_independent():
    n, steps = 12, 20_000
    m = counting_model(n, seed=2)
    m.add_poisson_input(rate=2000.0, weight=1.0)
    m.add_poisson_input(rate=2000.0, weight=1.0, neurons=[0])  # a second source into 0
    m.record_voltage(range(n))
    m.run_for(steps * 0.1)
    v = m.voltages().pivot(index="time", columns="neuron", values="v").to_numpy()
    per_step = np.diff(np.rint(np.vstack([np.zeros(n), v])), axis=0)
    r = np.corrcoef(per_step.T)[np.triu_indices(n, 1)]
    # Independent counts: each r ~ N(0, 1/sqrt(steps)), sd 0.007; 66 pairs, 4.5 sd.
    assert np.all(np.abs(r) < 4.5 / math.sqrt(steps))
    # Neuron 0 gets both sources: twice the mean count per step (0.2 + 0.2 spikes).
    assert per_step[:, 0].mean() == pytest.approx(0.4, abs=4 * math.sqrt(0.4 / steps))
    assert per_step[:, 1].mean() == pytest.approx(0.2, abs=4 * math.sqrt(0.2 / steps))


def test_poisson_streams_follow_the_seed():
    def counts(seed):
        m = counting_model(5, seed)
        m.add_poisson_input(rate=1000.0, weight=1.0)
        m.run_for(50.0)
        return m.state["v"].copy()

    np.testing.assert_array_equal(counts(3), counts(3))
    assert not np.array_equal(counts(3), counts(4))


def test_precise_poisson_input_has_the_rate():
    n, rate, duration = 200, 1000.0, 500.0
    m = SpikingModel(np.zeros((n, n)), params=COUNTER, dt=0.1, timing="precise", rng=5)
    m.add_poisson_input(rate=rate, weight=1.0)
    m.run_for(duration)
    counts = np.rint(m.state["v"])
    lam = rate * duration / 1000.0
    assert abs(counts.mean() - lam) < 4 * math.sqrt(lam / n)


@pytest.mark.parametrize("lam", [0.05, 2.0, 25.0])
def test_poisson_counts_by_inversion_follow_the_poisson_distribution(lam):
    # Counts per step read straight from the external-input block (weight 1), against
    # the Poisson pmf: a chi-square test at the 1e-4 level (bins with >= 5 expected).
    from scipy import stats

    from neuroagents.sim.spiking.poisson import PoissonInput

    n, rows = 500, 200
    src = PoissonInput("p", np.arange(n), lam / 0.1 * 1000.0, 1.0, np.random.default_rng(9))
    block = np.zeros((rows, n))
    src.add_to(block, np.arange(n), 0.1)
    counts = block.ravel().astype(int)
    ks = np.arange(counts.max() + 1)
    expected = stats.poisson.pmf(ks, lam) * counts.size
    observed = np.bincount(counts, minlength=ks.size).astype(float)
    keep = expected >= 5
    # Pool the tails into one bin so the totals agree.
    obs = np.append(observed[keep], observed[~keep].sum())
    exp = np.append(expected[keep], counts.size - expected[keep].sum())
    if exp[-1] < 5:
        obs, exp = obs[:-1], exp[:-1]
        exp *= obs.sum() / exp.sum()
    assert stats.chisquare(obs, exp).pvalue > 1e-4
