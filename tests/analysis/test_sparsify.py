"""Effective resistances against closed forms; sparsifiers against the Chernoff guarantee."""

import networkx as nx
import numpy as np
import pytest

from neuroagents.analysis.sparsify import (
    chernoff_samples,
    distortion,
    effective_resistances,
    laplacian,
    sparsification_table,
    spectral_sparsify,
)
from neuroagents.errors import ValidationError


def test_complete_graph_resistance_is_two_over_n():
    n = 30
    r = effective_resistances(np.ones((n, n)) - np.eye(n))
    assert len(r) == n * (n - 1) // 2
    np.testing.assert_allclose(r["resistance"], 2 / n, rtol=1e-10)


def test_weighted_tree_resistance_is_one_over_weight():
    tree = nx.random_labeled_tree(40, seed=1)
    rng = np.random.default_rng(2)
    for a, b in tree.edges:
        tree[a][b]["weight"] = rng.uniform(0.1, 5.0)
    r = effective_resistances(nx.to_numpy_array(tree))
    np.testing.assert_allclose(r["resistance"], 1 / r["weight"], rtol=1e-9)


@pytest.mark.parametrize("k", [1, 2, 5, 9])
def test_cycle_resistance_is_k_n_minus_k_over_n(k):
    # A chord of weight ~0 does not change the cycle: ask for R between nodes k apart
    # by reading it off the pseudo-inverse through an edge added with tiny weight.
    n = 20
    w = nx.to_numpy_array(nx.cycle_graph(n))
    w[0, k] = w[k, 0] = max(w[0, k], 1e-12)
    r = effective_resistances(w).set_index(["u", "v"])["resistance"]
    expected = k * (n - k) / n
    # The tiny chord (1e-12 conductance) moves R by ~1e-12 * R^2: far below 1e-9.
    assert r[(0, k)] == pytest.approx(expected, rel=1e-9)


def test_approximate_resistances_within_jl_epsilon():
    g = nx.connected_watts_strogatz_graph(300, 8, 0.2, seed=3)
    w = nx.to_numpy_array(g) * np.random.default_rng(4).uniform(0.5, 2.0, (300, 300))
    w = np.triu(w, 1) + np.triu(w, 1).T
    exact = effective_resistances(w)["resistance"].to_numpy()
    approx = effective_resistances(w, method="approx", jl_epsilon=0.3, rng=5)
    ratio = approx["resistance"].to_numpy() / exact
    # JL with k = 24 ln n / eps^2 keeps all ~1200 norms within 1 +- eps w.h.p.
    # (Spielman-Srivastava lemma 3.2, eps = 0.3); the seed makes it one fixed draw.
    assert np.all(np.abs(ratio - 1) <= 0.3)
    assert abs(np.median(ratio) - 1) < 0.05  # unbiased estimator: the middle sits at 1


def test_resistances_sum_to_n_minus_one():
    # Foster's theorem: sum_e w_e R_e = n - 1 on any connected graph.
    g = nx.gnp_random_graph(80, 0.2, seed=6)
    w = nx.to_numpy_array(g) * 3.0
    r = effective_resistances(w)
    assert (r["weight"] * r["resistance"]).sum() == pytest.approx(79, rel=1e-10)


def test_chernoff_sparsifier_keeps_every_quadratic_form_within_epsilon():
    # Dense weighted graph: K_120 with uniform(0.5, 1.5) weights (7140 edges).
    n, eps = 120, 0.5
    rng = np.random.default_rng(7)
    w = rng.uniform(0.5, 1.5, (n, n))
    w = np.triu(w, 1) + np.triu(w, 1).T
    # q from the matrix Chernoff bound with delta = 1e-3: P(distortion > eps) <= 1e-3
    # for this draw of the sampler, so a failure here is a bug, not bad luck.
    q = chernoff_samples(eps, n, delta=1e-3)
    h = spectral_sparsify(w, eps, samples=q, rng=8)
    assert h.nnz < np.count_nonzero(w)  # fewer edges than G
    assert abs(h - h.T).max() == 0
    assert distortion(w, h) <= eps  # exact max over every vector
    low = np.linalg.eigh(laplacian(w).toarray())[1][:, 1:11].T
    assert distortion(w, h, low) <= eps


def test_sparsifier_is_unbiased():
    # E[L_H] = L_G: averaged over 200 draws, the total weight matches within a few sem.
    w = np.ones((30, 30)) - np.eye(30)
    rng = np.random.default_rng(9)
    totals = [spectral_sparsify(w, 0.5, samples=200, rng=rng).sum() for _ in range(200)]
    sem = np.std(totals, ddof=1) / np.sqrt(len(totals))
    assert abs(np.mean(totals) - w.sum()) < 4 * sem


def test_table_reports_kept_edges_and_distortion():
    w = np.ones((50, 50)) - np.eye(50)
    t = sparsification_table(w, [0.3, 0.6, 0.9], samples_constant=1.0, rng=0)
    assert t["edges_kept"].is_monotonic_decreasing
    assert (t["distortion_random"] <= t["distortion_max"] + 1e-12).all()
    assert (t["distortion_low"] <= t["distortion_max"] + 1e-12).all()


def test_bad_inputs_name_the_problem():
    with pytest.raises(ValidationError, match="nonnegative"):
        effective_resistances(np.array([[0, -1], [-1, 0]]))
    with pytest.raises(ValidationError, match="symmetric"):
        laplacian(np.array([[0, 1], [0, 0]]))
    with pytest.raises(ValidationError, match="2 connected components"):
        effective_resistances(np.kron(np.eye(2), np.ones((2, 2)) - np.eye(2)))
    with pytest.raises(ValidationError, match="'epsilon'"):
        spectral_sparsify(np.ones((3, 3)) - np.eye(3), 1.5)
    with pytest.raises(ValidationError, match="'method'"):
        effective_resistances(np.ones((3, 3)) - np.eye(3), method="fast")


def test_sparsifier_from_approximate_resistances_keeps_the_bound():
    # With every R_e estimated within 1 +- d (here d = 0.3, checked against the exact
    # ones), each sampled term's norm grows by at most (1 + d)/(1 - d), so q scaled by
    # that factor keeps the matrix Chernoff guarantee (delta = 1e-3).
    n, eps, d = 150, 0.5, 0.3
    rng = np.random.default_rng(12)
    w = rng.uniform(0.5, 1.5, (n, n)) * (rng.random((n, n)) < 0.5)
    w = np.triu(w, 1) + np.triu(w, 1).T
    exact = effective_resistances(w)["resistance"].to_numpy()
    # Same seed: the sparsifier draws the same projection first, so these are its R_e.
    approx = effective_resistances(w, method="approx", jl_epsilon=d, rng=13)
    assert np.all(np.abs(approx["resistance"].to_numpy() / exact - 1) <= d)
    q = int(np.ceil(chernoff_samples(eps, n, delta=1e-3) * (1 + d) / (1 - d)))
    h = spectral_sparsify(w, eps, samples=q, method="approx", rng=13)
    assert distortion(w, h) <= eps


def test_an_epsilon_too_small_for_any_sample_count_is_refused_by_name():
    # found by the property pass: at eps = 1e-300 the bound's exponents round to 0, the
    # search doubled q to inf and scipy's brentq raised "function value at x=inf is NaN"
    with pytest.raises(ValidationError, match=r"'epsilon'.*too small.*Got 1e-300 instead"):
        chernoff_samples(1e-300, 4)
    # small but workable: about 3 n ln(2n / delta) / eps^2 samples, well below 2**63
    q = chernoff_samples(1e-4, 4)
    assert 3 * 4 * np.log(8 / 0.01) / 1e-8 / 3 < q < 2**63
