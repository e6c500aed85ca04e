"""Connectome statistics on graphs whose answer is known."""

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from neuroagents.analysis import connectome as cs
from neuroagents.analysis.random_graphs import (
    binary_adjacency,
    erdos_renyi,
    reciprocal_digraph,
    rewired,
)
from neuroagents.errors import ValidationError


@pytest.mark.parametrize("seed", range(4))
def test_triad_census_equals_networkx(seed):
    # the matrix-product census against networkx's own loop, on dense and sparse graphs
    rng = np.random.default_rng(seed)
    g = nx.gnp_random_graph(int(rng.integers(20, 60)), [0.05, 0.2, 0.5, 0.8][seed],
                            directed=True, seed=seed)  # fmt: skip
    assert cs.triad_census(g).to_dict() == nx.triadic_census(g)


def test_triad_census_of_small_known_graphs():
    assert cs.triad_census(nx.complete_graph(5, create_using=nx.DiGraph))["300"] == 10
    cyc = cs.triad_census(nx.cycle_graph(3, create_using=nx.DiGraph))
    assert cyc["030C"] == 1 and cyc.sum() == 1


def test_reciprocity_matches_networkx_and_planted_value():
    g = reciprocal_digraph(600, 0.05, 0.3, rng=2)
    assert cs.reciprocity(g) == pytest.approx(nx.reciprocity(g))
    # pairs are independent: mutual pairs ~ Binomial(179700, 0.015), sd ~ 51 of 2696;
    # reciprocity = 2 M / E has a relative sd of about 2% -> 0.3 +- 0.006: 4 sd = 0.025
    assert cs.reciprocity(g) == pytest.approx(0.3, abs=0.025)


def test_nulls_keep_what_they_promise():
    a = binary_adjacency(reciprocal_digraph(80, 0.1, 0.5, rng=0))
    er = erdos_renyi(80, int(a.sum()), 5, rng=1)
    assert (er.sum(axis=(1, 2)) == a.sum()).all()
    rw = rewired(a, 5, rng=1)
    assert (rw.sum(axis=1) == a.sum(axis=0)).all() and (rw.sum(axis=2) == a.sum(axis=1)).all()
    assert not rw[:, np.arange(80), np.arange(80)].any()  # no self-loops
    assert (rw != a).any(axis=(1, 2)).all()  # and they did rewire
    # same seed, same nulls
    assert (rewired(a, 3, rng=7) == rewired(a, 3, rng=7)).all()


@pytest.mark.slow
def test_census_recovers_planted_reciprocity_against_nulls():
    # reciprocity 0.5 planted at density 0.08: G(n, m) predicts ~0.08, rewiring keeps
    # degrees (not pairs), so it predicts near the density too; both z-scores are large
    g = reciprocal_digraph(150, 0.08, 0.5, rng=3)
    t = cs.reciprocity_vs_nulls(g, nulls=30, rng=0).set_index("null")
    assert t.loc["erdos_renyi", "null_mean"] == pytest.approx(0.08, abs=0.01)
    # ~890 edges: reciprocity's sd is ~0.02 (pairs independent); 0.06 is 3 sd
    assert (t["observed"] - 0.5).abs().max() < 0.06
    assert (t["z"] > 20).all()
    # and the mutual-dyad triads (102, 201, 300) are over-represented against G(n, m)
    tri = cs.triad_census_vs_nulls(g, nulls=20, rng=0).query("null == 'erdos_renyi'")
    assert (tri.set_index("triad").loc[["102", "201"], "z"] > 10).all()


def test_erdos_renyi_graph_is_not_significant():
    # a G(n, m) graph against G(n, m) nulls: z-scores are standard-normal-ish. With 16
    # types (correlated), |z| < 4 for all is what a correct null gives.
    a = erdos_renyi(100, 500, 1, rng=5)[0]
    tri = cs.triad_census_vs_nulls(a, nulls=40, rng=1).query("null == 'erdos_renyi'")
    assert tri["z"].abs().max() < 4


def test_degree_distribution_matches_binomial_for_gnp():
    g = nx.gnp_random_graph(2000, 0.005, directed=True, seed=1)
    t = cs.degree_distribution(g)
    assert t["n_in"].sum() == t["n_out"].sum() == 2000
    mean_in = (t["degree"] * t["n_in"]).sum() / 2000
    assert mean_in == pytest.approx(g.number_of_edges() / 2000)
    # the histogram's mass near the mode agrees with n Binomial(n-1, p) to ~10%
    core = t[(t["degree"] >= 7) & (t["degree"] <= 13)]
    assert core["n_in"].sum() == pytest.approx(core["erdos_renyi"].sum(), rel=0.1)


def test_small_world_index():
    # Watts-Strogatz with little rewiring: high clustering, short paths: sigma >> 1;
    # an ER graph against ER nulls: sigma ~ 1
    ws = cs.small_world(nx.watts_strogatz_graph(200, 10, 0.05, seed=0), nulls=3, rng=0)
    assert ws.query("statistic == 'sigma'")["observed"].min() > 3
    er = cs.small_world(nx.gnm_random_graph(200, 1000, seed=0), nulls=4, rng=0)
    sigma = er.query("statistic == 'sigma' and null == 'erdos_renyi'")["observed"].item()
    assert sigma == pytest.approx(1.0, abs=0.3)


def test_compare_with_nulls_and_bad_input():
    t = cs.compare_with_nulls(np.array([3.0, 0.0]), np.array([[1.0, 0.0], [2.0, 0.0]]))
    assert t["z"].iloc[0] == pytest.approx((3 - 1.5) / np.std([1, 2], ddof=1))
    assert np.isnan(t["z"].iloc[1]) and np.isnan(t["ratio"].iloc[1])
    with pytest.raises(ValidationError, match="'nulls' parameter of reciprocity_vs_nulls"):
        cs.reciprocity_vs_nulls(nx.DiGraph([(0, 1)]), nulls=1)
    with pytest.raises(ValidationError, match="density \\* \\(2 - reciprocity\\) <= 1"):
        reciprocal_digraph(10, 0.9, 0.2)
    with pytest.raises(ValidationError, match="square"):
        binary_adjacency(np.zeros((2, 3)))


def test_connectome_statistics_table():
    g = reciprocal_digraph(60, 0.1, 0.4, rng=0)
    t = cs.connectome_statistics(g, nulls=10, rng=0)
    assert {"nodes", "reciprocity", "triad_300", "clustering", "sigma"} <= set(t["statistic"])
    assert t.query("statistic == 'nodes'")["observed"].item() == 60
    assert t.equals(cs.connectome_statistics(g, nulls=10, rng=0))  # same seed, same table


def test_distance_dependent_reciprocal_graph():
    # neurons on a line: with length scale 0.1 the near pairs connect far more often;
    # the mean density and the reciprocity stay as planted (pairs independent:
    # ~4000 edges, reciprocity's sd ~0.01; 0.04 is 4 sd)
    rng = np.random.default_rng(0)
    pos = rng.random((300, 1))
    g = reciprocal_digraph(300, 0.05, 0.4, rng=1, positions=pos, length_scale=0.1)
    assert nx.density(g) == pytest.approx(0.05, rel=0.1)
    assert cs.reciprocity(g) == pytest.approx(0.4, abs=0.04)
    d = np.array([abs(pos[u, 0] - pos[v, 0]) for u, v in g.edges])
    assert np.median(d) < 0.15  # uniform pairs on [0, 1] have median distance 0.29
    with pytest.raises(ValidationError, match="'length_scale' parameter"):
        reciprocal_digraph(10, 0.1, 0.2, positions=np.zeros((10, 2)))
    with pytest.raises(ValidationError, match="nearest pairs' connection probability"):
        reciprocal_digraph(300, 0.3, 0.4, rng=1, positions=pos, length_scale=0.01)


def test_clustering_and_path_equal_networkx():
    from neuroagents.analysis.connectome import _clustering_and_path

    g = nx.gnm_random_graph(120, 300, seed=3)  # sparse: several components
    giant = g.subgraph(max(nx.connected_components(g), key=len))
    c, path = _clustering_and_path(binary_adjacency(g))
    assert c == pytest.approx(nx.average_clustering(g))
    assert path == pytest.approx(nx.average_shortest_path_length(giant))


def test_undirected_nulls_keep_degrees():
    from neuroagents.analysis.random_graphs import rewired_undirected, undirected_erdos_renyi

    a = binary_adjacency(nx.barabasi_albert_graph(80, 3, seed=0))
    rw = rewired_undirected(a, 4, rng=0)
    assert (rw == rw.transpose(0, 2, 1)).all() and not rw[:, range(80), range(80)].any()
    assert (rw.sum(axis=1) == a.sum(axis=0)).all() and (rw != a).any(axis=(1, 2)).all()
    er = undirected_erdos_renyi(80, int(a.sum()) // 2, 4, rng=0)
    assert (er.sum(axis=(1, 2)) == a.sum()).all()


def test_too_large_for_dense_statistics_is_refused():
    big = sp.csr_array((3_000_000, 3_000_000))  # 9e12 slots: no machine here holds that
    with pytest.raises(ValidationError, match="GB for its arrays"):
        binary_adjacency(big)


def test_undirected_rewiring_refuses_a_directed_graph():
    # the shrunk case of the property pass: one one-way edge came back as a two-way edge,
    # so node 0's in-degree went from 0 to 1 (the input had been symmetrized silently)
    from neuroagents.analysis.random_graphs import rewired_undirected

    with pytest.raises(ValidationError, match=r"'adjacency'.*symmetric.*first 0 -> 1"):
        rewired_undirected(np.array([[0, 1], [0, 0]]), 1, rng=0)
    # its symmetric version is accepted and kept (a single edge has nothing to swap with)
    a = np.array([[0, 1], [1, 0]])
    assert (rewired_undirected(a, 1, rng=0)[0] == a).all()
