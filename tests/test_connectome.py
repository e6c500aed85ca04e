"""Connectome: readers, views, storage and validation."""

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

import neuroagents as na
from neuroagents.models import hopfield


def _adjacency(graph, nodes):
    """W[target, source] from networkx itself (independent of the Connectome)."""
    return nx.to_numpy_array(graph, nodelist=nodes, weight="weight").T


# ---------------------------------------------------------------------- from_networkx
def test_from_networkx_digraph_with_hashable_ids_and_attributes():
    g = nx.DiGraph()
    g.add_node("x", population="E", threshold=0.5)
    g.add_node(("y", 2), population="I", threshold=-1.25)
    g.add_node(3, population="E")  # no threshold
    g.add_edge("x", ("y", 2), weight=2.0)
    g.add_edge(("y", 2), 3)  # no weight -> 1.0
    g.add_edge(3, "x", weight=-0.5)
    g.graph["name"] = "tiny"
    c = na.Connectome.from_networkx(g)
    assert c.node_ids == ["x", ("y", 2), 3]
    assert c.index == {"x": 0, ("y", 2): 1, 3: 2}
    assert (c.n_nodes, c.n_edges, c.directed, c.symmetric) == (3, 3, True, False)
    expected = np.zeros((3, 3))
    expected[1, 0], expected[2, 1], expected[0, 2] = 2.0, 1.0, -0.5
    assert np.array_equal(c.to_dense(), expected)
    assert c.node_attrs["population"].tolist() == ["E", "I", "E"]
    thr = c.node_attrs["threshold"]
    assert thr.dtype == float and thr[:2].tolist() == [0.5, -1.25] and np.isnan(thr[2])
    assert c.graph_attrs == {"name": "tiny"}
    # A model reads the threshold attribute, with 0 where it is missing.
    m = na.NeuralModel(c, rule="threshold", rng=0)
    assert m.threshold.tolist() == [0.5, -1.25, 0.0]
    assert m.population.tolist() == ["E", "I", "E"]


def test_from_networkx_undirected_graph_is_a_synapse_both_ways():
    g = nx.Graph()
    g.add_edge("a", "b", weight=3.0)
    g.add_edge("b", "c")
    c = na.Connectome.from_networkx(g)
    assert c.symmetric and not c.directed
    assert c.n_edges == 4
    w = c.to_dense()
    nodes = c.node_ids
    assert np.array_equal(w, _adjacency(g, nodes))
    assert w[c.index["a"], c.index["b"]] == w[c.index["b"], c.index["a"]] == 3.0
    assert w[c.index["c"], c.index["b"]] == 1.0


def test_from_networkx_custom_weight_attribute_and_default():
    g = nx.DiGraph()
    g.add_edge(0, 1, strength=0.25, weight=99.0)
    g.add_edge(1, 2)
    c = na.Connectome.from_networkx(g, weight="strength", default_weight=-2.0)
    w = c.to_dense()
    assert w[1, 0] == 0.25 and w[2, 1] == -2.0


def test_from_networkx_random_graph_matches_adjacency():
    rng = np.random.default_rng(4)
    g = nx.gnp_random_graph(60, 0.1, seed=4, directed=True)
    for u, v in g.edges:
        g.edges[u, v]["weight"] = float(rng.normal())
    for storage in ("dense", "sparse"):
        c = na.Connectome.from_networkx(g, storage=storage)
        w = _adjacency(g, list(g.nodes)).astype(np.float32)
        assert np.array_equal(c.to_dense(), w)
        assert c.n_edges == g.number_of_edges()


def test_from_networkx_rejects_bad_input():
    with pytest.raises(na.ConnectomeError, match="empty graph"):
        na.Connectome.from_networkx(nx.Graph())
    with pytest.raises(na.ConnectomeError, match="networkx Graph"):
        na.Connectome.from_networkx(np.eye(2))
    g = nx.Graph()
    g.add_edge("a", "b", weight="heavy")
    with pytest.raises(na.ConnectomeError, match="'weight' of edge 'a' -> 'b'"):
        na.Connectome.from_networkx(g)
    for bad in (np.nan, np.inf):
        g = nx.DiGraph()
        g.add_edge("a", "b", weight=1.0)
        g.add_edge("b", "c", weight=bad)
        with pytest.raises(na.ConnectomeError, match=r"finite.*'b' -> 'c'"):
            na.Connectome.from_networkx(g)


# ---------------------------------------------------------------------- from_matrix
def test_from_matrix_dense_and_sparse_agree():
    rng = np.random.default_rng(1)
    w = rng.normal(size=(20, 20)) * (rng.random((20, 20)) < 0.2)
    np.fill_diagonal(w, 0.0)
    forms = [w, sp.csr_array(w), sp.coo_matrix(w)]
    for form in forms:
        for storage in ("dense", "sparse", "auto"):
            c = na.Connectome.from_matrix(form, storage=storage)
            assert np.array_equal(c.to_dense(), w.astype(np.float32))
            assert np.array_equal(c.to_scipy().toarray(), w.astype(np.float32))
            assert c.n_edges == np.count_nonzero(w)
            assert c.directed
    assert na.Connectome.from_matrix(w).storage == "sparse"  # density ~0.2 < 1/4
    assert na.Connectome.from_matrix(np.ones((4, 4))).storage == "dense"


def test_from_matrix_graph_attrs_and_node_ids():
    c = na.Connectome.from_matrix(np.eye(3), node_ids=["p", "q", "r"], label="x")
    assert c.node_ids == ["p", "q", "r"] and c.graph_attrs == {"label": "x"}
    assert c.has_self_loops()
    assert not na.Connectome.from_matrix(np.ones((3, 3)) - np.eye(3)).has_self_loops()


def test_input_from_is_w_at_s():
    rng = np.random.default_rng(2)
    w = rng.normal(size=(15, 15)) * (rng.random((15, 15)) < 0.5)
    s = rng.normal(size=15)
    for storage in ("dense", "sparse"):
        c = na.Connectome.from_matrix(w, storage=storage)
        expected = w.astype(np.float32).astype(np.float64) @ s
        assert np.allclose(c.input_from(s), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        (np.zeros((2, 3)), r"square.*\(2, 3\)"),
        (np.zeros((0, 0)), "at least one node"),
        (np.zeros(4), "square"),
        (np.array([[0.0, np.nan], [1.0, 0.0]]), r"finite.*1 -> 0.*nan"),
        (np.array([[0.0, 1.0], [np.inf, 0.0]]), r"finite.*0 -> 1.*inf"),
        (sp.csr_array(np.array([[0.0, -np.inf], [1.0, 0.0]])), r"finite.*1 -> 0"),
        (np.array([["a", "b"], ["c", "d"]]), "numeric"),
    ],
)
def test_from_matrix_validation(weights, match):
    with pytest.raises(na.ConnectomeError, match=match):
        na.Connectome.from_matrix(weights)


def test_node_ids_and_attrs_validation():
    with pytest.raises(na.ConnectomeError, match=r"'node_ids'.*Got 2 ids"):
        na.Connectome.from_matrix(np.eye(3), node_ids=["a", "b"])
    with pytest.raises(na.ConnectomeError, match="unique"):
        na.Connectome.from_matrix(np.eye(2), node_ids=["a", "a"])
    with pytest.raises(na.ConnectomeError, match="'population'"):
        na.Connectome.from_matrix(np.eye(2), node_attrs={"population": ["E"]})
    with pytest.raises(na.ValidationError, match="'storage'"):
        na.Connectome.from_matrix(np.eye(2), storage="csr")


# ---------------------------------------------------------------------- from_edgelist
def test_from_edgelist_with_and_without_weights(tmp_path):
    weighted = tmp_path / "w.csv"
    weighted.write_text("source,target,weight\na,b,0.5\nb,c,-2\nc,a,\n")
    c = na.Connectome.from_edgelist(weighted)
    assert c.node_ids == ["a", "b", "c"]
    w = c.to_dense()
    assert (w[1, 0], w[2, 1], w[0, 2]) == (0.5, -2.0, 1.0)  # empty weight -> 1.0
    assert c.n_edges == 3 and c.directed

    plain = tmp_path / "p.csv"
    plain.write_text("source,target\n1,2\n2,3\n")
    c = na.Connectome.from_edgelist(plain, nodes=[3, 2, 1, 0], directed=False)
    assert c.node_ids == [3, 2, 1, 0]
    expected = np.zeros((4, 4))
    for u, v in [(1, 2), (2, 3)]:
        expected[c.index[u], c.index[v]] = expected[c.index[v], c.index[u]] = 1.0
    assert np.array_equal(c.to_dense(), expected)
    assert c.symmetric and not c.directed


def test_from_edgelist_errors(tmp_path):
    bad_cols = tmp_path / "cols.csv"
    bad_cols.write_text("from,to\na,b\n")
    with pytest.raises(na.ConnectomeError, match=r"'source' and 'target'.*Missing"):
        na.Connectome.from_edgelist(bad_cols)
    bad_weight = tmp_path / "weight.csv"
    bad_weight.write_text("source,target,weight\na,b,1\nb,a,heavy\n")
    with pytest.raises(na.ConnectomeError, match=r"'weight' column.*Row 3.*'heavy'"):
        na.Connectome.from_edgelist(bad_weight)
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("source,target\na,b\n")
    with pytest.raises(na.ConnectomeError, match="'a' -> 'b'"):
        na.Connectome.from_edgelist(unknown, nodes=["a"])
    numbered = tmp_path / "numbered.csv"
    numbered.write_text("source,target\n1,2\n2,5\n")
    with pytest.raises(na.ConnectomeError, match=r"The edge 2 -> 5 .* not in 'nodes'"):
        na.Connectome.from_edgelist(numbered, nodes=[1, 2])
    nan_weight = tmp_path / "nan.csv"
    nan_weight.write_text("source,target,weight\na,b,inf\n")
    with pytest.raises(na.ConnectomeError, match="finite"):
        na.Connectome.from_edgelist(nan_weight)


# ---------------------------------------------------------------------- to_networkx
@pytest.mark.parametrize("storage", ["dense", "sparse"])
@pytest.mark.parametrize("directed", [True, False])
def test_to_networkx_round_trip(directed, storage):
    rng = np.random.default_rng(3)
    g = nx.gnp_random_graph(25, 0.2, seed=3, directed=directed)
    g = nx.relabel_nodes(g, {k: f"v{k}" for k in g.nodes})
    for u, v in g.edges:
        g.edges[u, v]["weight"] = float(rng.integers(-4, 5)) / 4 or 1.0
    for k, node in enumerate(g.nodes):
        g.nodes[node]["population"] = "E" if k % 2 else "I"
        g.nodes[node]["threshold"] = k / 8
    c = na.Connectome.from_networkx(g, storage=storage)
    assert c.storage == storage
    back = c.to_networkx()
    assert back.is_directed() == directed
    nodes = list(g.nodes)
    assert list(back.nodes) == nodes
    assert np.array_equal(_adjacency(back, nodes), _adjacency(g, nodes))
    assert back.number_of_edges() == g.number_of_edges()
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))


# ---------------------------------------------------------------------- edges, storage
@pytest.mark.parametrize("symmetric", [True, False])
@pytest.mark.parametrize("storage", ["dense", "sparse"])
def test_in_and_out_edges_against_dense(storage, symmetric):
    rng = np.random.default_rng(6)
    n = 30
    w = rng.normal(size=(n, n)) * (rng.random((n, n)) < 0.3)
    if symmetric:
        w = np.triu(w, 1) + np.triu(w, 1).T
    c = na.Connectome.from_matrix(w, storage=storage)
    assert c.symmetric == symmetric
    w32 = w.astype(np.float32)
    for i in range(n):
        idx, wt = c.in_edges(i)
        assert idx.tolist() == np.flatnonzero(w32[i]).tolist()
        assert np.array_equal(wt, w32[i, idx])
        idx, wt = c.out_edges(i)
        assert idx.tolist() == np.flatnonzero(w32[:, i]).tolist()
        assert np.array_equal(wt, w32[idx, i])


def test_csr_dtypes_and_bytes_per_synapse():
    rng = np.random.default_rng(7)
    n = 400
    a = rng.normal(size=(n, n)) * (rng.random((n, n)) < 0.05)
    sym = np.triu(a, 1) + np.triu(a, 1).T

    c = na.Connectome.from_matrix(sym, storage="sparse")
    m = c.to_scipy()
    assert m.indices.dtype == np.int32 and m.data.dtype == np.float32
    # One CSR serves both directions: 4 bytes of weight + 4 of index a synapse.
    assert c.nbytes == 8 * c.n_edges + m.indptr.nbytes
    assert 8 <= c.bytes_per_synapse <= 8 + m.indptr.nbytes / c.n_edges
    indptr, indices, weights, dense = c.kernel_out_arrays()
    assert indices.dtype == np.uint32 and weights.dtype == np.float32 and dense.size == 0
    assert indptr.dtype == np.int32 and indptr[-1] == c.n_edges
    # Symmetric: the in-edge arrays are the very same memory as the out-edge ones.
    _, in_indices, in_weights = c.kernel_in_arrays()
    assert np.shares_memory(in_indices, indices) and np.shares_memory(in_weights, weights)

    d = na.Connectome.from_matrix(a, storage="sparse")
    m = d.to_scipy()
    assert m.indices.dtype == np.int32 and m.data.dtype == np.float32
    # Directed: separate in- and out-CSRs, 16 bytes a synapse.
    assert d.nbytes == 16 * d.n_edges + 2 * m.indptr.nbytes
    assert 16 <= d.bytes_per_synapse <= 16 + 2 * m.indptr.nbytes / d.n_edges

    full = rng.normal(size=(50, 50))
    dense_c = na.Connectome.from_matrix(full, storage="dense")
    assert dense_c.nbytes == 4 * 50 * 50
    assert dense_c.bytes_per_synapse == 4.0
    assert dense_c.to_dense().dtype == np.float32


def test_weights_are_rounded_to_float32():
    w = np.array([[0.0, 0.1], [1 / 3, 0.0]])
    c = na.Connectome.from_matrix(w)
    assert c.to_dense()[0, 1] == np.float32(0.1)
    assert c.to_dense()[1, 0] == np.float32(1 / 3)


def test_repr():
    c = na.Connectome.from_matrix(np.array([[0.0, 1.0], [0.0, 0.0]]))
    assert repr(c) == "Connectome(2 nodes, 1 synapses, directed, dense storage)"


# ---------------------------------------------------------------------- model checks
def test_hopfield_forbids_self_loops():
    w = np.array([[0.5, 1.0], [1.0, 0.0]])
    with pytest.raises(na.ConnectomeError, match=r"self-loops.*node 0 has weight 0\.5"):
        hopfield.HopfieldModel(w)
    g = nx.Graph()
    g.add_edge("a", "b")
    g.add_edge("b", "b", weight=2.0)
    with pytest.raises(na.ConnectomeError, match="node 'b'"):
        hopfield.HopfieldModel(g)


def test_hopfield_asymmetric_weights():
    w = np.array([[0.0, 1.0, 0.0], [0.5, 0.0, 1.0], [0.0, 1.0, 0.0]])
    with pytest.raises(na.ConnectomeError, match=r"symmetric.*allow_asymmetric=True"):
        hopfield.HopfieldModel(w)
    with pytest.warns(RuntimeWarning, match=r"W\[0, 1\] = 1\.0 while W\[1, 0\] = 0\.5"):
        m = hopfield.HopfieldModel(w, allow_asymmetric=True, rng=0)
    m.run_for(2)
    assert m.steps == 2


@pytest.mark.parametrize(
    ("patterns", "n", "match"),
    [
        (np.ones((2, 5)), 6, r"'patterns'.*\(6\).*length 5"),
        (np.array([[1, -1, 0]]), None, r"'patterns'.*-1 and \+1.*bit 2"),
        (np.array([[1, 2]]), None, r"'patterns'.*Pattern 0 has 2"),
        (np.zeros((2, 2, 2)), None, r"'patterns'.*shape \(2, 2, 2\)"),
    ],
)
def test_check_patterns(patterns, n, match):
    with pytest.raises(na.ValidationError, match=match):
        hopfield.check_patterns(patterns, n)


def test_hopfield_set_state_validation():
    p = hopfield.random_patterns(n=10, count=2, rng=0)
    m = hopfield.HopfieldModel(hopfield.hebbian_weights(p), rng=0)
    with pytest.raises(na.ValidationError, match=r"'state'.*\(10\)"):
        m.set_state(np.ones(9))
    with pytest.raises(na.ValidationError, match=r"'state'.*-1 and \+1"):
        m.set_state(np.zeros(10))
    with pytest.raises(na.ValidationError, match=r"'patterns'.*\(10\)"):
        hopfield.HopfieldModel(hopfield.hebbian_weights(p), patterns=np.ones((1, 4)))


def test_from_matrix_accepts_nested_lists():
    c = na.Connectome.from_matrix([[0, 1], [1, 0]])
    assert c.n_edges == 2 and c.symmetric


def test_written_files_are_not_private(tmp_path):
    import os

    from neuroagents.io import write_json

    umask = os.umask(0o022)
    try:
        path = write_json({"a": 1}, tmp_path / "x.json")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644
