"""Fixed in-degree, distance-on-a-sheet and block wirings: degrees against theory.

Each degree histogram is compared with its exact distribution by a chi-square test
(bins with an expected count below 5 merged into their neighbour). The seeds are
fixed, so each test is deterministic; the threshold p > 1e-3 is the one a correct
sampler passes on 99.9% of seeds, and a wrong one (a biased sampler, a missing
population, a wrong kernel) fails by many orders of magnitude at these sizes.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import neuroagents as na
from neuroagents.connectome import wirings

P_MIN = 1e-3


def _chi_square_p(observed_values: np.ndarray, pmf: np.ndarray) -> float:
    """p-value of integer samples against a pmf on 0..len(pmf)-1, sparse bins merged."""
    counts = np.bincount(observed_values, minlength=pmf.size)[: pmf.size]
    assert counts.sum() == observed_values.size, "a value outside the pmf's support"
    expected = pmf / pmf.sum() * observed_values.size
    obs_bins, exp_bins, o, e = [], [], 0.0, 0.0
    for oc, ec in zip(counts, expected, strict=True):
        o, e = o + oc, e + ec
        if e >= 5:
            obs_bins.append(o)
            exp_bins.append(e)
            o, e = 0.0, 0.0
    obs_bins[-1] += o
    exp_bins[-1] += e
    return float(stats.chisquare(obs_bins, exp_bins).pvalue)


def _poisson_binomial(probs: np.ndarray) -> np.ndarray:
    pmf = np.array([1.0])
    for p in probs:
        pmf = np.convolve(pmf, [1 - p, p])
    return pmf


def test_fixed_indegree_gives_every_neuron_exactly_k_distinct_sources():
    sizes = {"E": 1600, "I": 400}
    k = {"E": {"E": 40, "I": 10}, "I": {"E": 40, "I": 10}}
    w = {"E": {"E": 0.1, "I": -0.5}, "I": {"E": 0.1, "I": -0.5}}
    c = na.builders.fixed_indegree(sizes, k, w, rng=3)
    m = c.to_scipy()
    assert np.all(np.diff(m.indptr) == 50) and not c.has_self_loops()
    rows = np.repeat(np.arange(c.n_nodes), 50)
    from_e = m.indices < 1600
    assert np.all(np.bincount(rows[from_e], minlength=2000) == 40)
    assert np.all(m.data[from_e] == np.float32(0.1)) and np.all(m.data[~from_e] == -0.5)
    assert np.all(np.diff(m.indices.reshape(-1, 50), axis=1)[:, [*range(39), *range(40, 49)]] > 0)
    # Out-degree into E of an E neuron: each of the 1599 other E neurons picks it with
    # probability 40 / 1599, independently: Binomial(1599, 40/1599).
    out_e = np.bincount(m.indices[(rows < 1600) & from_e], minlength=1600)
    pmf = stats.binom.pmf(np.arange(120), 1599, 40 / 1599)
    assert _chi_square_p(out_e, pmf) > P_MIN
    again = na.builders.fixed_indegree(sizes, k, w, rng=3).to_scipy()
    assert np.array_equal(again.indices, m.indices)


def test_fixed_indegree_draws_every_subset_equally_often():
    # 30,000 rows choose 3 of 6: each of the C(6, 3) = 20 subsets 1,500 times expected.
    gen = np.random.default_rng(0)
    cols = np.empty(30_000 * 3, np.int32)
    wirings._distinct_sorted_rows(gen, 30_000, 3, 6, 0, False, cols)
    rows = cols.reshape(-1, 3)
    assert np.all(np.diff(rows, axis=1) > 0)
    code = rows[:, 0] * 36 + rows[:, 1] * 6 + rows[:, 2]
    _, counts = np.unique(code, return_counts=True)
    assert counts.size == 20
    assert stats.chisquare(counts).pvalue > P_MIN


def test_distance_sheet_degrees_and_kernel_match_theory():
    side, p0, length, radius = 60, 0.6, 2.0, 5.0
    c = na.builders.distance_sheet(side, p0=p0, length=length, radius=radius, rng=1)
    m = c.to_scipy()
    offsets, probs = wirings.sheet_offsets(length, radius, p0)
    # In-degree: a Bernoulli per offset, independent: a Poisson binomial.
    pmf = _poisson_binomial(probs)
    assert _chi_square_p(np.diff(m.indptr), pmf) > P_MIN
    # The kernel: at each distance, the fraction of the n * (offsets there) pairs
    # that are synapses is P(d) (a z-score within 4 standard deviations).
    t = np.repeat(np.arange(c.n_nodes), np.diff(m.indptr))
    s = m.indices
    dx = (s // side - t // side + side // 2) % side - side // 2
    dy = (s % side - t % side + side // 2) % side - side // 2
    d = np.hypot(dx, dy)
    assert d.max() <= radius and d.min() > 0
    dist = np.hypot(offsets[:, 0], offsets[:, 1])
    for r in np.unique(dist):
        trials = c.n_nodes * int(np.sum(dist == r))
        p = p0 * np.exp(-r / length)
        hits = int(np.sum(np.isclose(d, r)))
        assert abs(hits - trials * p) < 4 * np.sqrt(trials * p * (1 - p)), r
    assert c.node_attrs["x"][side + 2] == 1.0 and c.node_attrs["y"][side + 2] == 2.0


def test_stochastic_block_in_degrees_match_the_binomial_sums():
    sizes, p = [700, 300], [[0.05, 0.2], [0.01, 0.1]]
    c = na.builders.stochastic_block(sizes, p, weights=[[1.0, -1.0], [1.0, -1.0]], rng=2)
    deg = np.diff(c.to_scipy().indptr)
    # Block 0: Binomial(699, 0.05) + Binomial(300, 0.2); block 1: Binomial(700, 0.01) +
    # Binomial(299, 0.1).
    for block, (n_same, n_other, p_same, p_other) in enumerate(
        [(699, 300, 0.05, 0.2), (299, 700, 0.1, 0.01)]
    ):
        pmf = np.convolve(
            stats.binom.pmf(np.arange(n_same + 1), n_same, p_same),
            stats.binom.pmf(np.arange(n_other + 1), n_other, p_other),
        )
        mine = deg[:700] if block == 0 else deg[700:]
        assert _chi_square_p(mine, pmf) > P_MIN
    assert c.node_attrs["population"].tolist() == [0] * 700 + [1] * 300
    assert not c.has_self_loops()


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: na.builders.fixed_indegree({"E": 10}, {"E": {"E": 10}}, {"E": {"E": 1.0}}),
         r"'k\['E'\]\['E'\]' parameter of fixed_indegree must be an integer in \[0, 9\].*Got 10"),
        (lambda: na.builders.fixed_indegree({"E": 10}, {"E": {"E": 2.5}}, {"E": {"E": 1.0}}),
         r"'k\['E'\]\['E'\]' parameter of fixed_indegree"),
        (lambda: na.builders.fixed_indegree({"E": 10}, {"X": {"E": 1}}, {}),
         r"'k' table of fixed_indegree names population 'X'"),
        (lambda: na.builders.distance_sheet(10, p0=1.5, length=1.0, radius=2.0),
         r"'p0' parameter of distance_sheet"),
        (lambda: na.builders.distance_sheet(10, p0=0.5, length=1.0, radius=5.0),
         r"'radius' parameter of distance_sheet"),
        (lambda: na.builders.distance_sheet(10, p0=0.5, length=0.0, radius=2.0),
         r"'length' parameter of distance_sheet"),
        (lambda: na.builders.distance_sheet(10, p0=0.5, length=1.0, radius=2.0, weight=0.0),
         r"'weight' parameter of distance_sheet must be a nonzero"),
        (lambda: na.builders.stochastic_block([5, 5], [[0.1, 0.2]]),
         r"'p' parameter of stochastic_block must be a 2 x 2 matrix"),
        (lambda: na.builders.stochastic_block([5, 5], [[0.1, 0.2], [0.3, 1.2]]),
         r"'p\['1'\]\['1'\]' parameter of gnp_populations"),
        (lambda: na.builders.stochastic_block("55", [[0.1]]),
         r"'sizes' parameter of stochastic_block must be a list"),
    ],
)  # fmt: skip
def test_bad_wiring_parameters_get_one_clear_error(call, match):
    with pytest.raises(na.ValidationError, match=match):
        call()
