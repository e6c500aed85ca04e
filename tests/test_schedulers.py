"""Scheduler semantics: who updates when, checked against hand-written loops and theory."""

import itertools
import math

import numpy as np
import pytest
from scipy import stats

import neuroagents as na
from neuroagents.sim.schedulers import PoissonClocks


class Recording(na.Neuron):
    """Appends its index to ``model.log`` each time it updates, then runs the rule."""

    def update(self):
        self.model.log.append(self.index)
        return super().update()


def _recording_model(n, scheduler, steps, **kwargs):
    rng = np.random.default_rng(0)
    w = rng.normal(size=(n, n))
    w = np.triu(w, 1) + np.triu(w, 1).T
    model = na.NeuralModel(
        w, scheduler=scheduler, engine="agents", neuron_class=Recording, rng=4,
        record_every=None, **kwargs,
    )  # fmt: skip
    model.log = []
    per_step = []
    for _ in range(steps):
        model.log = []
        model.step()
        per_step.append(list(model.log))
    return model, per_step


# ---------------------------------------------------------------------- sync
def test_sync_two_mutually_inhibiting_neurons_oscillate():
    # Sync: both see the other at +1, both flip to -1, both see -1, both flip back.
    # Async: the first one to update flips, and the second is then happy.
    w = np.array([[0.0, -1.0], [-1.0, 0.0]])
    sync = na.NeuralModel(w, scheduler="sync", state=[1, 1], rng=0)
    seen = []
    for _ in range(4):
        sync.step()
        seen.append(sync.state.tolist())
    assert seen == [[-1, -1], [1, 1], [-1, -1], [1, 1]]

    sync.set_state([1, 1])
    report = sync.run_until_stable(max_sweeps=10_000)
    assert report.cycle_length == 2
    assert not report.converged
    assert report.steps == 2  # detected as soon as a state repeats two steps back
    assert sync.steps == 6
    assert not sync.is_stable()

    for scheduler in ("async-sweep", "fixed-order", "async-site"):
        m = na.NeuralModel(w, scheduler=scheduler, state=[1, 1], rng=0)
        report = m.run_until_stable(max_sweeps=100)
        assert report.converged and report.cycle_length == 1
        assert sorted(m.state.tolist()) == [-1.0, 1.0]


@pytest.mark.parametrize("engine", ["compiled", "agents"])
def test_sync_matches_numpy_from_old_state(engine):
    # Integer weights and half-integer thresholds: sums are exact and never tie.
    rng = np.random.default_rng(1)
    n = 25
    w = rng.integers(-2, 3, size=(n, n)).astype(float)
    np.fill_diagonal(w, 0.0)
    theta = rng.integers(-2, 3, size=n) + 0.5
    drive = rng.integers(-1, 2, size=n).astype(float)
    s = (rng.random(n) < 0.5).astype(float)
    model = na.NeuralModel(
        w, rule="threshold", scheduler="sync", engine=engine, state=s, threshold=theta,
        drive=drive, rng=0,
    )  # fmt: skip
    changed = 0
    for _ in range(12):
        expected = (w @ s + drive > theta).astype(float)
        model.step()
        assert np.array_equal(model.state, expected)
        changed += int((expected != s).sum())
        s = expected
    assert changed > 0


# ---------------------------------------------------------------------- fixed order
@pytest.mark.parametrize("engine", ["compiled", "agents"])
def test_fixed_order_matches_hand_written_loop(engine):
    rng = np.random.default_rng(2)
    n = 12
    w = rng.integers(-3, 4, size=(n, n)).astype(float)
    np.fill_diagonal(w, 0.0)
    theta = rng.integers(-1, 2, size=n) + 0.25
    s = np.where(rng.random(n) < 0.5, 1.0, -1.0)
    model = na.NeuralModel(
        w, rule="sign", scheduler="fixed-order", engine=engine, state=s, threshold=theta, rng=0
    )
    differs_from_sync = False
    for _ in range(6):
        sync_next = np.where(w @ s > theta, 1.0, -1.0)
        for i in range(n):
            x = w[i] @ s
            s[i] = 1.0 if x > theta[i] else (-1.0 if x < theta[i] else s[i])
        differs_from_sync |= not np.array_equal(sync_next, s)
        model.step()
        assert np.array_equal(model.state, s)
    # The test distinguishes in-order from synchronous updating.
    assert differs_from_sync


def test_fixed_order_visits_in_index_order():
    _, per_step = _recording_model(7, "fixed-order", steps=3)
    assert per_step == [list(range(7))] * 3


# ---------------------------------------------------------------------- async sweep
def test_async_sweep_updates_each_neuron_once_per_step():
    n = 9
    _, per_step = _recording_model(n, "async-sweep", steps=40)
    for order in per_step:
        assert sorted(order) == list(range(n))
    assert len({tuple(o) for o in per_step}) == len(per_step)  # 9! orders: no repeats


def test_async_sweep_permutations_are_uniform():
    # All 4! = 24 orders equally likely; 2400 sweeps give 100 expected per order.
    # A fixed seed makes this deterministic; alpha = 1e-3 is the chance a correct
    # shuffle fails for an arbitrary seed.
    n, steps = 4, 2400
    _, per_step = _recording_model(n, "async-sweep", steps=steps)
    index = {p: k for k, p in enumerate(itertools.permutations(range(n)))}
    counts = np.bincount([index[tuple(o)] for o in per_step], minlength=24)
    assert stats.chisquare(counts).pvalue > 1e-3


# ---------------------------------------------------------------------- async site
def test_async_site_picks_n_with_replacement():
    n, steps = 10, 600
    _, per_step = _recording_model(n, "async-site", steps=steps)
    assert all(len(picks) == n for picks in per_step)
    # With replacement: a step with a repeated pick is the rule (1 - 10!/10**10 = 0.9996).
    repeats = sum(len(set(p)) < n for p in per_step)
    assert repeats > 0.99 * steps
    # Distinct neurons per step: E = n (1 - (1 - 1/n)^n) = 6.513 for n = 10.
    distinct = np.array([len(set(p)) for p in per_step], dtype=float)
    expected = n * (1 - (1 - 1 / n) ** n)
    assert abs(distinct.mean() - expected) < 4 * distinct.std() / math.sqrt(steps)
    # Total picks are uniform over neurons (chi-square vs Multinomial(6000, 1/10)).
    totals = np.bincount(np.concatenate(per_step), minlength=n)
    assert stats.chisquare(totals).pvalue > 1e-3
    # Picks of one neuron per step are Binomial(n, 1/n): compare the histogram.
    per_neuron = np.array([np.bincount(p, minlength=n) for p in per_step]).ravel()
    observed = np.bincount(np.minimum(per_neuron, 3), minlength=4)
    pmf = stats.binom.pmf(np.arange(3), n, 1 / n)
    expected_hist = per_neuron.size * np.append(pmf, 1 - pmf.sum())
    assert stats.chisquare(observed, expected_hist).pvalue > 1e-3


# ---------------------------------------------------------------------- poisson
def _poisson_model(n_per_pop, engine="compiled", **kwargs):
    connectome = na.builders.gnp_ei(n_per_pop, n_per_pop, 0.01, rng=1)
    return na.NeuralModel(
        connectome, rule="threshold", scheduler="poisson", engine=engine,
        tau={"E": 2.0, "I": 0.5}, threshold=0.5, rng=8, record_every=None, **kwargs,
    )  # fmt: skip


def _poisson_fit_pvalue(counts, mean):
    """Chi-square of a count histogram against Poisson(mean), tails pooled to >= 5 expected."""
    lo = int(stats.poisson.ppf(0.005, mean))
    hi = int(stats.poisson.ppf(0.995, mean))
    edges = np.arange(lo, hi + 1)
    observed = np.array(
        [(counts < lo).sum()] + [(counts == k).sum() for k in edges] + [(counts > hi).sum()]
    )
    probs = np.concatenate(
        [[stats.poisson.cdf(lo - 1, mean)], stats.poisson.pmf(edges, mean),
         [stats.poisson.sf(hi, mean)]]
    )  # fmt: skip
    expected = probs * counts.size
    # Pool neighbouring bins until each expects at least 5.
    obs_pooled, exp_pooled, o_acc, e_acc = [], [], 0.0, 0.0
    for o, e in zip(observed, expected, strict=True):
        o_acc, e_acc = o_acc + o, e_acc + e
        if e_acc >= 5:
            obs_pooled.append(o_acc)
            exp_pooled.append(e_acc)
            o_acc = e_acc = 0.0
    obs_pooled[-1] += o_acc
    exp_pooled[-1] += e_acc
    return stats.chisquare(obs_pooled, exp_pooled).pvalue


def test_poisson_update_counts_are_poisson_per_population():
    n_pop, window = 1000, 20.0
    model = _poisson_model(n_pop)
    model.run_for(window)
    assert model.time == window
    pops = np.asarray(model.population)
    for pop, tau in (("E", 2.0), ("I", 0.5)):
        counts = model.update_counts[pops == pop]
        mean = window / tau
        # Mean of n_pop Poisson(mean) counts: standard error sqrt(mean / n_pop).
        assert abs(counts.mean() - mean) < 4 * math.sqrt(mean / n_pop)
        # Dispersion var/mean = 1 for Poisson; its standard error is about sqrt(2 / n).
        ratio = counts.var(ddof=1) / counts.mean()
        assert abs(ratio - 1.0) < 4 * math.sqrt(2 / (n_pop - 1))
        # Whole histogram against the pmf (alpha 1e-3, fixed seed).
        assert _poisson_fit_pvalue(counts, mean) > 1e-3


def test_poisson_counts_in_disjoint_windows_are_independent():
    # Exact clocks are memoryless: counts in [0, T) and [T, 2T) are uncorrelated
    # (a time grid or a reset-on-update clock would correlate them).
    n_pop = 1000
    model = _poisson_model(n_pop)
    model.run_for(5.0)
    first = model.update_counts.copy()
    model.run_for(5.0)
    second = model.update_counts - first
    for pop in ("E", "I"):
        mask = np.asarray(model.population) == pop
        r = np.corrcoef(first[mask], second[mask])[0, 1]
        assert abs(r) < 4 / math.sqrt(n_pop)  # SE of r under independence ~ 1/sqrt(n)
    # Second window means also follow T/tau.
    e = np.asarray(model.population) == "E"
    assert abs(second[e].mean() - 2.5) < 4 * math.sqrt(2.5 / n_pop)
    assert abs(second[~e].mean() - 10.0) < 4 * math.sqrt(10.0 / n_pop)


def test_poisson_inter_event_times_are_exponential():
    # Per neuron, gaps between its own events (from the superposed stream) are
    # Exp(1/tau); scaled by 1/tau they pool into one Exp(1) sample for a KS test.
    tau = np.array([0.5, 1.0, 2.0, 4.0, 0.25])
    clocks = PoissonClocks(tau, np.random.default_rng(3), stochastic_rule=False)
    blocks = []
    while sum(t.size for t, _ in blocks) < 4096:  # several blocks: gaps span their borders
        clocks.available()
        blocks.append((clocks.times.copy(), clocks.who.copy()))
        clocks.cursor = clocks.times.shape[0]
    assert len(blocks) >= 2
    times = np.concatenate([t for t, _ in blocks])
    who = np.concatenate([w for _, w in blocks])
    assert np.all(np.diff(times) > 0)
    scaled = []
    for i, t in enumerate(tau):
        own = times[who == i]
        scaled.append(np.diff(np.concatenate([[0.0], own])) / t)
    pooled = np.concatenate(scaled)
    assert pooled.size > 3000
    assert stats.kstest(pooled, "expon").pvalue > 1e-3
    # Share of events per neuron is rate_i / total_rate.
    share = np.bincount(who, minlength=tau.size)
    assert stats.chisquare(share, who.size * (1 / tau) / (1 / tau).sum()).pvalue > 1e-3


def test_poisson_counts_agree_with_a_neuron_counting_its_own_updates():
    class Counting(na.Neuron):
        def update(self):
            self.model.log[self.index] += 1
            return super().update()

    connectome = na.builders.gnp_ei(30, 30, 0.1, rng=2)
    model = na.NeuralModel(
        connectome, rule="threshold", scheduler="poisson", engine="agents",
        neuron_class=Counting, tau={"E": 2.0, "I": 0.5}, rng=0, record_every=None,
    )  # fmt: skip
    model.log = np.zeros(model.n, np.int64)
    model.run_for(7.5)
    assert model.time == 7.5
    assert np.array_equal(model.log, model.update_counts)
    # Total events in [0, 7.5] is Poisson(7.5 * R), R = 30/2 + 30/0.5 = 75.
    total_mean = 7.5 * 75.0
    assert abs(model.log.sum() - total_mean) < 4 * math.sqrt(total_mean)


@pytest.mark.parametrize("stochastic_rule", [False, True])
def test_poisson_blocks_drawn_into_kept_buffers_are_numpys_plain_draws(stochastic_rule):
    """Blocks reuse their buffers (fresh pages are slow); the draws must not change.

    The reference is the plain formulation: exponential gaps, their cumulative sum, uniform
    picks through the alias table, and uniforms for stochastic rules, from the same seed.
    """
    from neuroagents.sim.schedulers import alias_draw

    tau = np.random.default_rng(1).uniform(0.5, 2.0, 3000)
    clocks = PoissonClocks(tau, np.random.default_rng(7), stochastic_rule)
    reference, last = np.random.default_rng(7), 0.0
    for _ in range(5):  # growing blocks, then buffers reused at the largest size
        clocks.cursor = clocks.times.shape[0]
        k = clocks.available()
        times = last + np.cumsum(reference.exponential(1.0 / clocks.total_rate, size=k))
        who = alias_draw(clocks.alias_prob, clocks.alias, reference.random(k))
        uniforms = reference.random(k) if stochastic_rule else np.zeros(0)
        last = float(times[-1])
        assert np.array_equal(clocks.times, times)
        assert np.array_equal(clocks.who, who)
        assert np.array_equal(clocks.uniforms, uniforms)
