"""save_connectome -> load_connectome gives back the same connectome, in every format.

Same means: node ids with their types and order, weights (exactly), the weight dtype,
node attributes (numbers, text, booleans; missing values) and the direction (CSV is
read as directed synapses). What a format cannot hold is refused at save, naming the
id or value, and nothing is written. Plus: GraphML/GEXF edges to undeclared nodes.
"""

import string

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import neuroagents as na
from neuroagents.connectome.files import (
    FORMATS,
    load_connectome,
    round_trip_difference,
    save_connectome,
)
from neuroagents.errors import ConnectomeError

TEXT_FORMATS = (".graphml", ".gexf", ".csv")


def _graph(ids, directed=True):
    g = nx.DiGraph() if directed else nx.Graph()
    for k, v in enumerate(ids):
        g.add_node(v, tau=1.0 + k, kind=f"k{k % 2}", flag=bool(k % 2))
    g.add_edge(ids[0], ids[1], weight=0.1)
    g.add_edge(ids[-1], ids[0], weight=-2.5)
    return g


def _same(c, d, suffix):
    assert round_trip_difference(c, d, carries_direction=suffix != ".csv") == ""
    assert [type(v) for v in d.node_ids] == [type(v) for v in c.node_ids]


@pytest.mark.parametrize("suffix", list(FORMATS))
@pytest.mark.parametrize(
    "ids", [[0, 1, 2], ["007", "a", "b"], [0, "a", "007"], [-3, 10, "x y"]], ids=str
)
def test_ids_keep_their_type_in_every_format(tmp_path, suffix, ids):
    c = na.Connectome.from_networkx(_graph(ids))
    d = load_connectome(save_connectome(c, tmp_path / f"c{suffix}"))
    _same(c, d, suffix)
    assert d.node_ids == ids


@pytest.mark.parametrize("suffix", TEXT_FORMATS)
def test_text_ids_that_read_as_integers_are_refused_at_save(tmp_path, suffix):
    c = na.Connectome.from_networkx(_graph(["5", "a", "b"]))
    target = tmp_path / f"c{suffix}"
    with pytest.raises(ConnectomeError, match=r"node id '5' \(str\) would read back as 5"):
        save_connectome(c, target)
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary left
    d = load_connectome(save_connectome(c, tmp_path / "c.npz"))  # .npz keeps it
    assert d.node_ids == ["5", "a", "b"]


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_ids_that_are_not_int_or_text_are_refused(tmp_path, suffix):
    c = na.Connectome.from_networkx(_graph([(0, 1), "a", "b"]))
    with pytest.raises(ConnectomeError, match=r"\(0, 1\)"):
        save_connectome(c, tmp_path / f"c{suffix}")


def test_a_refused_save_leaves_an_existing_file_alone(tmp_path):
    target = tmp_path / "c.graphml"
    target.write_text("my own file")
    with pytest.raises(ConnectomeError):
        save_connectome(na.Connectome.from_networkx(_graph(["5", "a", "b"])), target)
    assert target.read_text() == "my own file"


@pytest.mark.parametrize("suffix", list(FORMATS))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_weights_and_dtype_survive(tmp_path, suffix, dtype):
    rng = np.random.default_rng(1)
    w = rng.normal(size=(6, 6)) * (rng.random((6, 6)) < 0.5)  # not float32-exact
    c = na.Connectome.from_matrix(w, weight_dtype=dtype)
    d = load_connectome(save_connectome(c, tmp_path / f"c{suffix}"))
    _same(c, d, suffix)
    assert d.weight_dtype == c.weight_dtype


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_edges_to_undeclared_nodes_are_refused(tmp_path, suffix):
    c = na.Connectome.from_networkx(_graph(["a", "b", "c"]))
    path = save_connectome(c, tmp_path / f"c{suffix}")
    text = path.read_text()
    text = text.replace('target="b"', 'target="ghost"', 1)
    path.write_text(text)
    with pytest.raises(ConnectomeError, match=r"'a' -> 'ghost' to a node it never declares"):
        load_connectome(path)


def test_csv_node_table_keeps_text_ids_and_isolated_nodes(tmp_path):
    g = _graph(["007", "a", "b"])
    g.add_node("lonely", tau=9.0, kind="k0", flag=False)
    c = na.Connectome.from_networkx(g)
    d = load_connectome(save_connectome(c, tmp_path / "c.csv"))
    assert d.node_ids == ["007", "a", "b", "lonely"]
    _same(c, d, ".csv")


# ---------------------------------------------------------------------- property test
TEXT_ID = st.text(string.ascii_letters + string.digits + "_-", min_size=1, max_size=5).filter(
    lambda s: not s.lstrip("-").isdigit() or s != str(int(s))
)
NODE_ID = st.one_of(st.integers(-(10**6), 10**6), TEXT_ID)
WEIGHT = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).filter(lambda x: abs(x) > 1e-6)


@st.composite
def connectomes(draw):
    ids = draw(st.lists(NODE_ID, min_size=1, max_size=6, unique=True))
    n = len(ids)
    directed = draw(st.booleans())
    g = nx.DiGraph() if directed else nx.Graph()
    numeric = draw(st.booleans())
    for v in ids:
        value = draw(WEIGHT) if numeric else draw(TEXT_ID.map(lambda s: "t" + s))
        g.add_node(v, attr=value)
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=10))
    for i, j in pairs:
        g.add_edge(ids[i], ids[j], weight=draw(WEIGHT))
    dtype = draw(st.sampled_from(["float32", "float64"]))
    return na.Connectome.from_networkx(g, weight_dtype=dtype)


@settings(
    max_examples=40, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(c=connectomes(), suffix=st.sampled_from(list(FORMATS)))
def test_random_graphs_round_trip_in_every_format(tmp_path_factory, c, suffix):
    tmp = tmp_path_factory.mktemp("rt")
    d = load_connectome(save_connectome(c, tmp / f"c{suffix}"))  # never refused here
    _same(c, d, suffix)
    if suffix in (".npz", ".graphml"):  # they record the dtype
        assert d.weight_dtype == c.weight_dtype
    else:  # float32 when it holds every weight exactly, else float64: never rounded
        data = c.to_scipy().data.astype(np.float64)
        exact = np.array_equal(data.astype(np.float32).astype(np.float64), data)
        assert d.weight_dtype == (np.float32 if exact else np.float64)
