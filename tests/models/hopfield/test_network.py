"""Hopfield nets: Hebbian storage, retrieval, energy, the lecture's numbers."""

import math

import numpy as np
import pytest
from scipy import stats

import neuroagents as na
from neuroagents.models import hopfield


# ---------------------------------------------------------------------- storage
def test_hebbian_weights_equal_a_loop_over_patterns():
    p = hopfield.random_patterns(n=37, count=6, rng=0)
    n = p.shape[1]
    expected = np.zeros((n, n))
    for pattern in p.astype(float):
        for a in range(n):
            for b in range(n):
                if a != b:
                    expected[a, b] += pattern[a] * pattern[b] / n
    w = hopfield.hebbian_weights(p)
    assert np.allclose(w, expected, rtol=0, atol=1e-12)
    assert np.array_equal(w, w.T)
    assert np.all(np.diag(w) == 0)


def test_hebbian_graph_is_complete_and_keeps_patterns():
    p = hopfield.random_patterns(n=12, count=3, rng=1)
    g = hopfield.hebbian_graph(p)
    assert g.number_of_edges() == 12 * 11 // 2
    assert np.array_equal(g.graph["patterns"], p)
    m = hopfield.HopfieldModel(g, rng=0)
    assert np.array_equal(m.patterns, p)
    w32 = hopfield.hebbian_weights(p).astype(np.float32)
    assert np.array_equal(m.connectome.to_dense(), w32)


def test_random_patterns_are_fair_coins():
    p = hopfield.random_patterns(n=1000, count=20, rng=2)
    assert p.dtype == np.int8 and set(np.unique(p)) == {-1, 1}
    # 20000 fair ±1 bits: the mean has SD 1/sqrt(20000).
    assert abs(p.mean()) < 4 / math.sqrt(p.size)
    biased = hopfield.biased_patterns(n=1000, count=20, bias=0.5, rng=2)
    assert abs(biased.mean() - 0.5) < 4 * math.sqrt(0.75 / biased.size)


def test_corrupt_flips_exactly_k_distinct_bits():
    p = hopfield.random_patterns(n=50, count=1, rng=3)[0]
    original = p.copy()
    for k in (0, 1, 7, 50):
        out = hopfield.corrupt(p, flips=k, rng=k)
        assert int((out != p).sum()) == k
        assert np.array_equal(out[out != p], -p[out != p])
    assert np.array_equal(p, original)
    assert np.array_equal(hopfield.corrupt(p, flips=50, rng=0), -p)
    with pytest.raises(na.ValidationError, match="'flips'"):
        hopfield.corrupt(p, flips=51)


def test_corrupt_picks_bits_uniformly():
    # Over 2000 corruptions of 5 out of 20 bits each bit flips 500 times on average.
    p = np.ones(20, dtype=np.int8)
    rng = np.random.default_rng(4)
    counts = sum((hopfield.corrupt(p, flips=5, rng=rng) == -1).astype(int) for _ in range(2000))
    assert counts.sum() == 10_000
    assert stats.chisquare(counts).pvalue > 1e-3


def test_overlap_and_energy_functions():
    rng = np.random.default_rng(5)
    p = hopfield.random_patterns(n=64, count=3, rng=5)
    v = np.where(rng.random(64) < 0.5, 1, -1)
    m = hopfield.overlap(p, v)
    assert np.allclose(m, [np.mean(p[k] * v) for k in range(3)], rtol=0, atol=1e-15)
    assert hopfield.overlap(p, p[1])[1] == 1.0 and hopfield.overlap(p, -p[1])[1] == -1.0
    w = hopfield.hebbian_weights(p)
    direct = -0.5 * sum(w[a, b] * v[a] * v[b] for a in range(64) for b in range(64))
    assert hopfield.energy(w, v) == pytest.approx(direct, rel=1e-12)


# ---------------------------------------------------------------------- retrieval
@pytest.fixture(scope="module")
def small_alpha():
    # alpha = p/n = 0.02: one-step error 1/2 erfc(1/sqrt(2 alpha)) = 1/2 erfc(5) ~ 8e-13,
    # so every stored bit is stable with overwhelming probability.
    p = hopfield.random_patterns(n=500, count=10, rng=6)
    return p, na.Connectome.from_matrix(hopfield.hebbian_weights(p), patterns=p)


def test_stored_patterns_and_their_negatives_are_fixed_points(small_alpha):
    p, c = small_alpha
    m = hopfield.HopfieldModel(c, rng=0)
    for k in range(len(p)):
        for sign in (1, -1):
            m.set_state(sign * p[k])
            assert m.is_stable(), (k, sign)
            assert m.unhappy().size == 0
            report = m.run_until_stable(max_sweeps=5)
            assert report.converged and report.steps == 0
            assert np.array_equal(m.state, sign * p[k])


@pytest.mark.parametrize("scheduler", ["async-sweep", "async-site", "fixed-order", "sync"])
def test_retrieval_from_ten_percent_corruption(small_alpha, scheduler):
    # Signal 0.8 (overlap after 50 flips) against crosstalk SD sqrt(alpha) = 0.14: the
    # first sweep already fixes each bit with error probability ~ Phi(-5.7) ~ 1e-8.
    p, c = small_alpha
    m = hopfield.HopfieldModel(c, scheduler=scheduler, rng=1)
    for k in range(len(p)):
        start = hopfield.corrupt(p[k], flips=50, rng=100 + k)
        m.set_state(start)
        assert m.overlaps()[k] == pytest.approx(0.8)
        report = m.run_until_stable(max_sweeps=20)
        assert report.converged, (k, report)
        assert m.overlaps(p)[k] == 1.0
        # The recorded best-matching pattern is k with overlap 1.
        last = m.datacollector.get_model_vars_dataframe().iloc[-1]
        assert (last["pattern"], last["overlap"]) == (k, 1.0)


def test_one_step_error_rate_matches_signal_to_noise_theory():
    # With state = pattern 1, bit i is unstable iff the crosstalk, a sum of
    # N = (p-1)(n-1) independent ±1 terms over n, falls below -(n-1)/n. Its exact law
    # is binomial, ~ 1/2 erfc(1/sqrt(2 alpha)) = 0.0036 at alpha = 0.138. Bits share
    # patterns, so the total is overdispersed (over 12 seeds its SD was 1.3 binomial
    # SDs); 5 binomial SDs is about 4 real ones.
    n, count = 1000, 138
    p = hopfield.random_patterns(n=n, count=count, rng=7)
    m = hopfield.HopfieldModel(na.Connectome.from_matrix(hopfield.hebbian_weights(p)), rng=0)
    unstable = 0
    for k in range(count):
        m.set_state(p[k])
        unstable += m.count_unhappy()
    trials = (count - 1) * (n - 1)
    # Crosstalk sum S = 2B - N with B ~ Bin(N, 1/2); the bit flips iff S < -(n-1).
    # (At S = -(n-1) the input is 0 up to float32 rounding of the weights; such ties
    # have probability ~6e-5 a bit, ~8 bits here, well inside the tolerance.)
    p_err = stats.binom.cdf(math.ceil((trials - (n - 1)) / 2) - 1, trials, 0.5)
    assert p_err == pytest.approx(0.5 * math.erfc(1 / math.sqrt(2 * 0.138)), rel=0.1)
    expected = p_err * n * count
    assert abs(unstable - expected) < 5 * math.sqrt(expected)


def test_readme_usage_snippet():
    p = hopfield.random_patterns(n=400, count=20, rng=0)
    g = hopfield.hebbian_graph(p)
    m = hopfield.HopfieldModel(g, scheduler="async-sweep", engine="compiled", rng=0)
    m.set_state(hopfield.corrupt(p[0], flips=60, rng=1))
    assert m.overlaps(p)[0] == pytest.approx(1 - 2 * 60 / 400)
    report = m.run_until_stable(max_sweeps=50)
    assert report.converged and report.cycle_length == 1
    assert m.overlaps(p)[0] == 1.0
    assert m.energy() == pytest.approx(hopfield.energy(m.connectome.to_dense(), p[0]), rel=1e-9)
    assert len(m.neurons) == 400 and m.neurons[17].state == p[0][17] and m.neurons[17].happy
    m2 = hopfield.HopfieldModel(na.Connectome.from_matrix(hopfield.hebbian_weights(p)), rng=0)
    assert np.array_equal(m2.connectome.to_dense(), m.connectome.to_dense())


def test_datacollector_columns_and_values():
    p = hopfield.random_patterns(n=200, count=5, rng=8)
    m = hopfield.HopfieldModel(hopfield.hebbian_graph(p), rng=2, agent_reporters={"state": "state"})
    m.set_state(hopfield.corrupt(p[2], flips=40, rng=3))
    m.run_until_stable(max_sweeps=30)
    table = m.datacollector.get_model_vars_dataframe()
    assert list(table.columns) == ["time", "flips", "energy", "overlap", "pattern"]
    states = m.datacollector.get_agent_vars_dataframe()["state"].unstack().to_numpy()
    assert len(states) == len(table) >= 2
    w = m.connectome.to_dense()
    for row, s in zip(table.itertuples(), states, strict=True):
        assert row.energy == pytest.approx(hopfield.energy(w, s), rel=1e-9, abs=1e-9)
        overlaps = p @ s / 200
        best = int(np.argmax(np.abs(overlaps)))
        assert (row.pattern, row.overlap) == (best, overlaps[best])
    # Energy only goes down under async dynamics; flips sum to the total.
    assert np.all(np.diff(table["energy"]) <= 1e-9)
    assert m.overlaps()[2] == 1.0
    assert table["flips"].sum() == m.flips_total >= 40


def test_sync_two_cycle_is_detected_without_looping():
    # Two excitatory neurons out of step swap states forever under sync updates.
    w = np.array([[0.0, 1.0], [1.0, 0.0]])
    m = hopfield.HopfieldModel(w, scheduler="sync", rng=0)
    m.set_state([1, -1])
    report = m.run_until_stable(max_sweeps=1_000_000)
    assert (report.converged, report.cycle_length, report.steps) == (False, 2, 2)
    assert m.steps == 2
    assert "2-cycle" in str(report)
    m.step()
    assert m.state.tolist() == [-1.0, 1.0]
    # The same start under asynchronous updates settles on an aligned fixed point.
    a = hopfield.HopfieldModel(w, scheduler="async-sweep", rng=0)
    a.set_state([1, -1])
    assert a.run_until_stable(max_sweeps=10).converged
    assert a.state[0] == a.state[1]


def test_sync_two_cycle_on_a_hebbian_net():
    # One stored pattern (all +1): W = 1/n off the diagonal. Start with +1 on one half
    # and -1 on the other; each neuron sees 4 of its own half and 5 of the other, so
    # under sync updates the halves swap states every step.
    n = 10
    p = np.ones((1, n), dtype=np.int8)
    m = hopfield.HopfieldModel(hopfield.hebbian_weights(p), scheduler="sync", rng=0)
    start = np.array([1] * 5 + [-1] * 5)
    m.set_state(start)
    report = m.run_until_stable(max_sweeps=500)
    assert report.cycle_length == 2 and not report.converged
    # Independent check of the cycle: x = W s; each neuron sees the other block more.
    w = hopfield.hebbian_weights(p)
    nxt = np.where(w @ start > 0, 1, -1)
    assert np.array_equal(nxt, -start)
    assert np.array_equal(np.where(w @ nxt > 0, 1, -1), start)


def test_temperature_selects_glauber():
    p = hopfield.random_patterns(n=30, count=2, rng=9)
    hot = hopfield.HopfieldModel(hopfield.hebbian_weights(p), temperature=0.5, rng=0)
    assert hot.rule.name == "glauber" and hot.rule.temperature == 0.5
    cold = hopfield.HopfieldModel(hopfield.hebbian_weights(p), rng=0)
    assert cold.rule.name == "sign"
    with pytest.raises(na.ValidationError, match="stochastic"):
        hot.run_until_stable()
    with pytest.raises(na.ValidationError, match="'temperature'"):
        hopfield.HopfieldModel(hopfield.hebbian_weights(p), temperature=-1.0)


def test_unhappy_and_overlaps_errors():
    rng = np.random.default_rng(10)
    a = np.triu(rng.normal(size=(20, 20)), 1)
    w = a + a.T
    m = hopfield.HopfieldModel(w, rng=3)
    s = m.state
    x = m.connectome.to_dense().astype(float) @ s
    assert m.unhappy().tolist() == np.flatnonzero(s * x < 0).tolist()
    with pytest.raises(na.ValidationError, match="needs patterns"):
        m.overlaps()
