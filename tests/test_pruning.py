"""Pruning rules: what they keep against what they should keep, on known inputs."""

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from neuroagents.connectome import Connectome
from neuroagents.connectome.pruning import (
    hebbian_correlations,
    prune_at_random,
    prune_by_activity,
    prune_by_magnitude,
)
from neuroagents.errors import ValidationError
from neuroagents.models.hopfield import HopfieldModel, hebbian_weights, random_patterns


def _random_symmetric(n, rng):
    w = rng.standard_normal((n, n))
    return np.triu(w, 1) + np.triu(w, 1).T


def test_magnitude_keeps_exactly_the_largest_weights():
    w = _random_symmetric(60, np.random.default_rng(0))
    p = prune_by_magnitude(w, keep=0.3, rng=1)
    kept = np.abs(p.weights[p.weights != 0])
    assert kept.min() > np.abs(p.removed["weight"]).max()
    pairs = 60 * 59 // 2
    assert np.count_nonzero(np.triu(p.weights, 1)) == round(0.3 * pairs)
    np.testing.assert_array_equal(p.weights, p.weights.T)
    # Kept and removed add back up to the original, synapse by synapse.
    back = p.weights.copy()
    back[p.removed["target"], p.removed["source"]] = p.removed["weight"]
    np.testing.assert_array_equal(back, w)
    assert set(p.removed["rule"]) == {"magnitude"}


def test_magnitude_breaks_ties_at_random_to_hit_the_fraction():
    # Hebbian weights of 3 patterns take values in {-3, -1, 1, 3}: many ties.
    w = hebbian_weights(random_patterns(100, 3, rng=2), normalize=False)
    p = prune_by_magnitude(w, keep=0.5, rng=3)
    assert p.kept_fraction == pytest.approx(0.5, abs=1e-3)
    assert np.abs(p.weights[p.weights != 0]).min() >= np.abs(p.removed["weight"]).max()


def test_random_pruning_ignores_the_weights():
    rng = np.random.default_rng(4)
    w = _random_symmetric(200, rng)
    p = prune_at_random(w, keep=0.4, rng=5)
    assert p.kept_fraction == pytest.approx(0.4, abs=1e-3)
    kept = np.abs(p.weights[np.triu(p.weights, 1) != 0])
    gone = np.abs(p.removed["weight"].to_numpy())
    # |w| of kept and removed synapses come from one half-normal law: their means
    # agree within 4 standard errors (sd of |N(0,1)| is 0.60).
    se = 0.60 * np.sqrt(1 / kept.size + 2 / gone.size)
    assert abs(kept.mean() - gone.mean()) < 4 * se


def test_asymmetric_weights_are_pruned_entry_by_entry():
    w = np.arange(1.0, 17.0).reshape(4, 4)
    np.fill_diagonal(w, 0)
    p = prune_by_magnitude(w, keep=0.5, rng=0)
    assert np.count_nonzero(p.weights) == 6
    assert (
        np.abs(p.weights[p.weights != 0]).min() == 9.0
    )  # off-diagonal 2..15 minus 6, 11: top six are 9..15


def test_connectome_and_sparse_inputs_keep_their_kind():
    g = nx.path_graph(5)
    nx.set_node_attributes(g, {i: float(i) for i in g}, "threshold")
    for a, b in g.edges:
        g[a][b]["weight"] = float(a + b)
    c = Connectome.from_networkx(g)
    out = prune_by_magnitude(c, keep=0.5, rng=0).weights
    assert isinstance(out, Connectome)
    assert out.node_ids == c.node_ids and out.n_edges == 4
    np.testing.assert_array_equal(out.node_attrs["threshold"], c.node_attrs["threshold"])
    sparse = prune_at_random(sp.csr_array(nx.to_numpy_array(g)), keep=0.5, rng=0).weights
    assert sp.issparse(sparse) and sparse.nnz == 4


def test_correlations_at_stored_fixed_points_are_the_hebbian_matrix():
    # At zero temperature every pattern of a lightly loaded net is a fixed point, so
    # a run started there stays put: C = (1/p) sum_k M_k M_k^T exactly.
    patterns = random_patterns(120, 4, rng=6)
    w = hebbian_weights(patterns, normalize=False)
    model = HopfieldModel(w, record_every=None, rng=7)
    corr = hebbian_correlations(model, patterns, sweeps=5)
    expected = patterns.T.astype(float) @ patterns / len(patterns)
    np.testing.assert_allclose(corr, expected)


def test_activity_pruning_by_threshold_and_by_fraction():
    rng = np.random.default_rng(8)
    w = _random_symmetric(40, rng)
    corr = _random_symmetric(40, rng)
    p = prune_by_activity(w, corr, threshold=0.5)
    assert np.all(np.abs(corr[p.weights != 0]) >= 0.5)
    assert np.all(np.abs(p.removed["score"]) < 0.5)
    q = prune_by_activity(w, corr, keep=0.25, rng=9)
    assert q.kept_fraction == pytest.approx(0.25, abs=2e-3)


def test_bad_inputs_name_the_parameter():
    w = np.ones((3, 3)) - np.eye(3)
    with pytest.raises(ValidationError, match=r"'keep'.*1\.5"):
        prune_by_magnitude(w, keep=1.5)
    with pytest.raises(ValidationError, match="square"):
        prune_at_random(np.ones((2, 3)), keep=0.5)
    with pytest.raises(ValidationError, match="exactly one of 'threshold' and 'keep'"):
        prune_by_activity(w, w)
    with pytest.raises(ValidationError, match=r"'correlations'.*\(2, 2\)"):
        prune_by_activity(w, np.ones((2, 2)), keep=0.5)
    model = HopfieldModel(w, record_every=None, rng=0)
    with pytest.raises(ValidationError, match="'starts'"):
        hebbian_correlations(model, np.ones((2, 5)), sweeps=1)
