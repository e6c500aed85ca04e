"""Patterns stored on a user's graph: only its edges get the rule's weights.

The independent computation: the dense rule written out here in numpy (Hebb:
``P^T P / n`` with a zero diagonal) multiplied by networkx's own 0/1 adjacency. Hebb's
sums are whole numbers divided by n, so the two agree exactly, not within a tolerance.
"""

import networkx as nx
import numpy as np
import pytest

import neuroagents as na
from neuroagents.models.hopfield import (
    HopfieldModel,
    hebbian_graph,
    pseudo_inverse_weights,
    random_patterns,
    store_on_graph,
    storkey_weights,
)


def _small_world():
    G = nx.watts_strogatz_graph(60, 8, 0.2, seed=1)
    G = nx.relabel_nodes(G, {k: f"n{k}" for k in G})
    nx.set_node_attributes(G, {f"n{k}": k % 3 for k in range(60)}, "layer")
    nx.set_edge_attributes(G, "chemical", "kind")
    return G


def _dense_on_edges(G, W):
    """W[target, source] read on G's edges as a (source, target) matrix; 0 elsewhere."""
    A = nx.to_numpy_array(G, nodelist=list(G), weight=None) != 0  # A[u, v]: edge u -> v
    return np.where(A, W.T, 0.0), A


def test_hebb_on_an_undirected_graph_is_dense_hebb_masked_by_the_adjacency():
    G = _small_world()
    P = random_patterns(n=60, count=7, rng=3)
    out = store_on_graph(G, P)
    W = P.T.astype(float) @ P / 60
    np.fill_diagonal(W, 0.0)
    expected, A = _dense_on_edges(G, W)
    got = nx.to_numpy_array(out, nodelist=list(G), weight="weight", nonedge=np.nan)
    assert set(out.edges()) == set(G.edges())  # no pair the user did not wire
    np.testing.assert_array_equal(got[A], expected[A])
    assert np.isnan(got[~A]).all()
    assert np.array_equal(out.graph["patterns"], P)
    # The copy keeps the user's attributes; the user's graph is not changed.
    u, v = next(iter(G.edges()))
    assert out.nodes["n4"]["layer"] == 1 and out.edges[u, v]["kind"] == "chemical"
    assert all("weight" not in d for *_, d in G.edges(data=True))
    same = hebbian_graph(P, graph=G)
    assert list(same.edges(data="weight")) == list(out.edges(data="weight"))


def test_a_directed_graph_gets_the_weight_of_each_edges_input():
    G = nx.gnp_random_graph(40, 0.3, seed=5, directed=True)
    P = random_patterns(n=40, count=4, rng=6)
    out = store_on_graph(G, P, normalize=False)
    W = P.T.astype(float) @ P
    np.fill_diagonal(W, 0.0)
    expected, A = _dense_on_edges(G, W)
    got = nx.to_numpy_array(out, nodelist=list(G), weight="weight")
    np.testing.assert_array_equal(got[A], expected[A])
    assert float(np.abs(got[A] - np.round(got[A])).max()) == 0.0  # literal integer sums
    # One-way edges make an asymmetric net: the model refuses it unless told.
    with pytest.raises(na.ValidationError, match="symmetric"):
        HopfieldModel(out, rng=0)


RULES = [("storkey", storkey_weights), ("pseudo-inverse", pseudo_inverse_weights)]


@pytest.mark.parametrize(("rule", "weights"), RULES)
def test_other_rules_are_restricted_to_the_edges(rule, weights):
    G = _small_world()
    P = random_patterns(n=60, count=5, rng=8)
    out = store_on_graph(G, P, rule=rule)
    expected, A = _dense_on_edges(G, weights(P))
    got = nx.to_numpy_array(out, nodelist=list(G), weight="weight")
    np.testing.assert_allclose(got[A], expected[A], rtol=0, atol=1e-15)


def test_a_model_on_the_graph_runs_as_on_the_masked_matrix():
    # Same weights, same seed: the same trajectory as the independently built matrix net.
    G = _small_world()
    P = random_patterns(n=60, count=3, rng=2)
    W = P.T.astype(float) @ P / 60
    np.fill_diagonal(W, 0.0)
    A = nx.to_numpy_array(G, nodelist=list(G), weight=None)
    on_graph = HopfieldModel(store_on_graph(G, P), rng=9)
    on_matrix = HopfieldModel(na.Connectome.from_matrix(W * A), patterns=P, rng=9)
    start = P[0].copy()
    start[:12] *= -1  # 12 of 60 bits flipped: overlap 0.6
    for m in (on_graph, on_matrix):
        m.set_state(start)
        m.run_until_stable(max_sweeps=50)
    assert on_graph.state.tolist() == on_matrix.state.tolist()
    assert on_graph.overlaps(P)[0] == on_matrix.overlaps(P)[0]


def test_bad_input_gets_one_clear_error():
    G = nx.path_graph(3)
    P = np.array([[1, -1, 1]])
    with pytest.raises(na.ValidationError, match=r"one bit per neuron \(3\)\. Got length 2"):
        store_on_graph(G, P[:, :2])
    with pytest.raises(na.ValidationError, match="'rule' parameter of store_on_graph"):
        store_on_graph(G, P, rule="oja")
    with pytest.raises(na.ValidationError, match=r"'normalize' parameter .* rule='storkey'"):
        store_on_graph(G, P, rule="storkey", normalize=False)
    with pytest.raises(na.ValidationError, match="not a multigraph"):
        store_on_graph(nx.MultiGraph(G), P)
    with pytest.raises(na.ValidationError, match=r"'graph' parameter .* Got ndarray"):
        store_on_graph(np.ones((3, 3)), P)
    G.add_edge(1, 1)
    with pytest.raises(na.ValidationError, match="self-loop at node 1"):
        store_on_graph(G, P)
