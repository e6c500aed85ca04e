"""Random walks against exact answers: stationary distributions, uniform sampling, cycles."""

import networkx as nx
import numpy as np
import pytest
from scipy import stats

from neuroagents.analysis import random_walks as rw
from neuroagents.analysis.random_graphs import reciprocal_digraph


def _graph():
    g = reciprocal_digraph(60, 0.08, 0.4, rng=4)
    for u, v in g.edges:
        g[u][v]["weight"] = 1 + (u * 7 + v) % 5  # uneven weights
    return g


def test_stationary_distribution_is_a_left_eigenvector():
    g = _graph()
    for restart in (0.0, 0.15):
        p = rw.transition_matrix(g, restart)
        pi = rw.stationary_distribution(g, restart)
        assert np.allclose(p.sum(axis=1), 1)
        assert np.allclose(pi @ p, pi) and pi.min() >= 0
    # restart 0.15 is PageRank with damping 0.85 (networkx spreads dangling mass
    # uniformly, as we do)
    pr = nx.pagerank(g, alpha=0.85, tol=1e-12)
    assert np.allclose(rw.stationary_distribution(g, 0.15), [pr[v] for v in g], atol=1e-8)


def test_walk_frequencies_converge_to_stationary():
    # 200k steps with restarts (fast mixing): the total-variation distance between
    # visit frequencies and pi shrinks like sqrt(n / steps) ~ 0.02; 0.05 is generous and
    # still far below a wrong walk's (uniform vs pi here: > 0.1, checked below)
    g = _graph()
    t = rw.walk_frequencies(g, 200_000, rng=0, restart=0.15)
    assert t.attrs["total_variation"] < 0.05
    assert 0.5 * np.abs(1 / 60 - t["stationary"]).sum() > 0.1


def test_local_uniform_sample_is_uniform_and_plain_walk_is_not():
    # a graph with very uneven degrees (2 to ~20) that mixes fast: preferential attachment
    g = nx.barabasi_albert_graph(60, 2, seed=0)
    n = g.number_of_nodes()
    s = rw.local_uniform_sample(g, 20_000, steps=300, rng=0)
    counts = np.bincount(s, minlength=n)
    # independent chains -> multinomial counts: a chi-square test of uniformity
    assert stats.chisquare(counts).pvalue > 1e-3
    plain = rw.local_uniform_sample(g, 20_000, steps=300, rng=0, metropolis=False)
    assert stats.chisquare(np.bincount(plain, minlength=n)).pvalue < 1e-10


def test_cycle_counts_exact_against_traces():
    # independent computation from traces: c2 = tr(A^2)/2, c3 = tr(A^3)/3,
    # c4 = (tr(A^4) - 2 sum m_i^2 + sum m_i)/4 with m_i the mutual degree (closed
    # 4-walks that retrace a 2-cycle are not simple cycles)
    g = reciprocal_digraph(40, 0.12, 0.3, rng=1)
    a = nx.to_numpy_array(g, weight=None)
    m = (a * a.T).sum(axis=1)
    tr = [np.trace(np.linalg.matrix_power(a, k)) for k in (2, 3, 4)]
    expected = [tr[0] / 2, tr[1] / 3, (tr[2] - 2 * (m**2).sum() + m.sum()) / 4]
    assert rw.cycle_counts(g, 4).tolist() == pytest.approx(expected)


def test_cycle_estimates_by_walks_agree_with_exact():
    g = reciprocal_digraph(50, 0.1, 0.3, rng=2)
    exact = rw.cycle_counts(g, 5).to_numpy()
    est = rw.estimate_cycle_counts(g, 5, walks=100_000, rng=0)
    # unbiased estimator: within 4 standard errors for each length
    assert (np.abs(est["estimate"] - exact) < 4 * est["stderr"]).all()
    assert (est["stderr"] < 0.1 * exact).all()  # and precise enough to mean something


def test_bad_walk_inputs_are_named():
    from neuroagents.errors import ValidationError

    with pytest.raises(ValidationError, match="'restart' parameter of transition_matrix"):
        rw.transition_matrix(nx.path_graph(3), restart=1.0)
    g = nx.DiGraph()
    g.add_edge(0, 1, weight=-2.0)
    with pytest.raises(ValidationError, match=r"nonnegative weights.*-2\.0"):
        rw.random_walk(g, 10)
    lonely = nx.Graph([(0, 1)])
    lonely.add_node(2)
    with pytest.raises(ValidationError, match="node index 2, which is isolated"):
        rw.local_uniform_sample(lonely, 5, start=2)
    with pytest.raises(ValidationError, match="'max_length' parameter of cycle_counts"):
        rw.cycle_counts(nx.path_graph(3), 1)


def test_walks_are_reproducible():
    g = _graph()
    assert (rw.random_walk(g, 500, rng=3) == rw.random_walk(g, 500, rng=3)).all()
    assert (rw.local_uniform_sample(g, 50, rng=3) == rw.local_uniform_sample(g, 50, rng=3)).all()
