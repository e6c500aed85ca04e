"""Connectomes by name and from every file format, and every bad file refused clearly."""

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from neuroagents.connectome import Connectome
from neuroagents.connectome.files import FORMATS, load_connectome, save_connectome
from neuroagents.errors import ConnectomeError


def _graph(directed=True):
    g = nx.DiGraph() if directed else nx.Graph()
    for i, pop in enumerate(["E", "E", "I", "E"]):
        g.add_node(f"n{i}", population=pop, threshold=0.1 * i, tau=1.0 + i)
    g.add_weighted_edges_from([("n0", "n1", 0.5), ("n1", "n2", -1.25), ("n2", "n0", 2.0),
                               ("n3", "n0", 1.0)])  # fmt: skip
    return g


@pytest.mark.parametrize("suffix", list(FORMATS))
@pytest.mark.parametrize("directed", [True, False])
def test_round_trip_keeps_weights_and_attributes(tmp_path, suffix, directed):
    g = _graph(directed)
    path = save_connectome(g, tmp_path / f"c{suffix}")
    c = load_connectome(path)
    original = Connectome.from_networkx(g)
    assert c.node_ids == original.node_ids
    np.testing.assert_array_equal(c.to_dense(), original.to_dense())
    assert list(c.node_attrs["population"]) == ["E", "E", "I", "E"]
    np.testing.assert_allclose(c.node_attrs["threshold"], [0.0, 0.1, 0.2, 0.3])
    np.testing.assert_allclose(c.node_attrs["tau"], [1.0, 2.0, 3.0, 4.0])
    if suffix != ".csv":  # an edge list is read as directed synapses (both ways if undirected)
        assert c.directed == directed


def test_named_celegans():
    chem, gap = load_connectome("celegans"), load_connectome("celegans:gap")
    assert (chem.n_nodes, chem.n_edges, chem.directed) == (279, 2194, True)
    # 514 distinct-neuron gap-junction pairs (self-junctions dropped): symmetric W
    assert gap.symmetric and not gap.has_self_loops()
    assert gap.n_edges == 2 * 514  # a synapse each way
    assert gap.to_dense()[gap.index["AVAL"], gap.index["AVAR"]] > 0


def _write(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode())
    return p


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("bad.graphml", "<graphml><graph", "is not valid GraphML"),
        ("bad.gexf", "not xml at all", "is not valid GEXF"),
        ("bad.npz", b"PK not a zip", "not a readable .npz"),
        ("edges.csv", "source,target,weight\na,b,x\n", "weight"),
        ("empty.csv", "", "empty"),
        ("nodes.graphml",
         '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
         '<key id="w" for="edge" attr.name="weight" attr.type="string"/>'
         '<graph edgedefault="directed"><node id="a"/><node id="b"/>'
         '<edge source="a" target="b"><data key="w">strong</data></edge></graph></graphml>',
         "must be a real number"),
        ("none.graphml",
         '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
         '<graph edgedefault="directed"></graph></graphml>', "holds no nodes"),
    ],
)  # fmt: skip
def test_bad_files_name_the_file_and_problem(tmp_path, name, content, problem):
    path = _write(tmp_path, name, content)
    with pytest.raises(ConnectomeError, match=problem) as err:
        load_connectome(path)
    assert str(path) in str(err.value)


def test_bad_npz_contents(tmp_path):
    p = tmp_path / "x.npz"
    np.savez(p, a=np.zeros(3))
    with pytest.raises(ConnectomeError, match="lacks \\['data', 'indices', 'indptr', 'shape'\\]"):
        load_connectome(p)
    sp.save_npz(p, sp.csr_array(np.ones((2, 3))))
    with pytest.raises(ConnectomeError, match=r"2 x 3 matrix.*square"):
        load_connectome(p)


def test_bad_node_table(tmp_path):
    _write(tmp_path, "e.csv", "source,target\na,b\n")
    _write(tmp_path, "e.nodes.csv", "name,tau\na,1\n")
    with pytest.raises(ConnectomeError, match="needs a 'node' column"):
        load_connectome(tmp_path / "e.csv")


def test_missing_unknown_and_directory(tmp_path):
    with pytest.raises(ConnectomeError, match="does not exist"):
        load_connectome(tmp_path / "nope.graphml")
    with pytest.raises(ConnectomeError, match=r"neither a known name.*celegans"):
        load_connectome("celegans_typo")
    (tmp_path / "d.gexf").mkdir()
    with pytest.raises(ConnectomeError, match="is a directory"):
        load_connectome(tmp_path / "d.gexf")
    with pytest.raises(ConnectomeError, match="suffix must be one of"):
        save_connectome(_graph(), tmp_path / "c.txt")


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_node_attributes_reach_the_model(tmp_path, suffix):
    # thresholds and time constants written to a file drive a NeuralModel read back from
    # it: every neuron gets input 1 from n0 (held at 1); only thresholds below 1 fire
    import neuroagents as na

    g = nx.DiGraph()
    for i, theta in enumerate([0.5, 0.5, 2.0, 0.5]):
        g.add_node(f"n{i}", threshold=theta, tau=1.0 + i)
    g.add_weighted_edges_from([("n0", "n1", 1.0), ("n0", "n2", 1.0), ("n0", "n3", 1.0)])
    c = load_connectome(save_connectome(g, tmp_path / f"net{suffix}"))
    m = na.NeuralModel(c, rule="threshold", scheduler="sync", state=[1, 0, 0, 0])
    m.clamp(["n0"])
    m.step()
    assert list(m.state) == [1, 1, 0, 1]  # n2's threshold 2.0 came from the file
    np.testing.assert_allclose(m.arrays.tau, [1.0, 2.0, 3.0, 4.0])


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_options_pass_through(tmp_path, suffix):
    path = save_connectome(_graph(), tmp_path / f"c{suffix}")
    c = load_connectome(path, weight_dtype="float64", storage="dense")
    assert c.storage == "dense" and c.to_dense().dtype == np.float64


def test_csv_weights_are_not_rounded_through_float32(tmp_path):
    p = tmp_path / "w.csv"
    p.write_text("source,target,weight\na,b,0.1\n")
    c = load_connectome(p, weight_dtype="float64")
    assert c.to_dense()[c.index["b"], c.index["a"]] == 0.1
