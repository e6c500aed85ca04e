"""Neurons by node id: ``model.neurons[node]``, ``set_state({node: value})``, ``state_of``.

The rule under test: a key is always a node id (never a position); positions are
``neurons.at(i)`` and slices. The graphs use ids that differ from positions (strings,
integers out of order, tuples) so that a lookup by position would give a different
neuron and fail the test.
"""

import networkx as nx
import numpy as np
import pytest

import neuroagents as na
from neuroagents.errors import UnknownNodeError, ValidationError


@pytest.fixture
def shuffled():
    """Integer ids 10, 3, 7, 0 in that node order: id 3 sits at position 1, id 0 at 3."""
    G = nx.DiGraph()
    G.add_nodes_from([10, 3, 7, 0])
    G.add_weighted_edges_from([(10, 3, 1.0), (3, 7, -2.0), (7, 0, 0.5), (0, 10, 1.5)])
    return G


def test_a_key_is_a_node_id_never_a_position(shuffled):
    m = na.NeuralModel(shuffled, rule="sign", state=[1, -1, 1, -1], rng=0)
    assert m.connectome.node_ids == [10, 3, 7, 0]
    assert m.neurons[3].node == 3 and m.neurons[3].index == 1
    assert m.neurons[0].node == 0 and m.neurons[0].index == 3
    assert m.neurons.at(0).node == 10 and m.neurons.at(-1).node == 0
    assert m.neurons[3] is m.neuron(3) is m.neurons.at(1)
    assert [n.node for n in m.neurons[1:3]] == [3, 7]  # a slice counts positions
    with pytest.raises(UnknownNodeError, match=r"Got unknown node 1; .*model\.neurons\.at\(1\)"):
        m.neurons[1]  # position 1 exists, id 1 does not


def test_string_ids_and_the_mapping_protocol():
    G = nx.path_graph(["n0", "n1", "n2"])
    m = na.NeuralModel(G, rule="sign", state=[1, -1, 1], rng=0)
    assert m.neurons["n2"].state == 1.0 and m.neurons["n1"].state == -1.0
    assert [n.node for n in m.neurons] == ["n0", "n1", "n2"]  # iteration: neurons in order
    assert len(m.neurons) == 3
    assert m.neurons.keys() == ["n0", "n1", "n2"]
    assert m.neurons.values() == tuple(m.neurons)
    assert [(k, n.node) for k, n in m.neurons.items()] == [(k, k) for k in ("n0", "n1", "n2")]
    assert "n1" in m.neurons and "n9" not in m.neurons and [1] not in m.neurons
    assert m.neurons.at(2) in m.neurons
    assert m.neurons.get("n9") is None and m.neurons.get("n0") is m.neurons["n0"]
    with pytest.raises(KeyError):  # a mapping's miss, and the library's own error
        m.neurons["n9"]
    with pytest.raises(ValidationError, match="Got unknown node 'n9'"):
        m.neuron("n9")
    with pytest.raises(UnknownNodeError, match=r"Got unknown node \['n0'\]"):
        m.neurons[["n0"]]
    with pytest.raises(ValidationError, match=r"'position' parameter of model\.neurons\.at"):
        m.neurons.at(3)


def test_set_state_by_node_id_changes_only_those_and_recomputes_inputs(shuffled):
    m = na.NeuralModel(shuffled, rule="sign", state=[1, -1, 1, -1], rng=0)
    m.set_state({0: 1, 3: 1})
    assert m.state.tolist() == [1.0, 1.0, 1.0, 1.0]
    m.set_state({7: -1})
    assert m.state.tolist() == [1.0, 1.0, -1.0, 1.0]
    # The inputs follow: W[target, source] @ s, from the dense matrix in node order.
    w = nx.to_numpy_array(shuffled, nodelist=[10, 3, 7, 0]).T
    np.testing.assert_allclose(m.input, w @ m.state)


def test_set_state_mapping_errors_name_the_node(shuffled):
    m = na.NeuralModel(shuffled, rule="sign", state=[1, -1, 1, -1], rng=0)
    with pytest.raises(UnknownNodeError, match=r"'state' mapping of set_state .*unknown node 5"):
        m.set_state({5: 1})
    with pytest.raises(ValidationError, match=r"in \(-1.0, 1.0\)\. Got 0.5 for node 7"):
        m.set_state({7: 0.5})
    with pytest.raises(ValidationError, match=r"must map node ids to numbers\. Got '1' for node 3"):
        m.set_state({3: "1"})
    with pytest.raises(ValidationError, match="empty mapping"):
        m.set_state({})
    assert m.state.tolist() == [1.0, -1.0, 1.0, -1.0]  # nothing changed by a refused call


def test_a_mapping_at_construction_sets_some_neurons_and_the_rest_start_as_usual(shuffled):
    plain = na.NeuralModel(shuffled, rule="sign", rng=4)
    some = na.NeuralModel(shuffled, rule="sign", state={3: 1, 0: -1}, rng=4)
    expected = plain.state.copy()
    expected[[1, 3]] = [1, -1]
    assert some.state.tolist() == expected.tolist()


def test_graded_neurons_not_named_keep_their_exact_potential():
    W = np.array([[0.0, 0.4, -0.3], [0.4, 0.0, 0.2], [-0.3, 0.2, 0.0]])
    m = na.NeuralModel(W, rule="graded-tanh", rng=0)
    m.set_potential([0.123456789, -0.3, 0.7])
    before = m.potential.copy()
    m.set_state({1: 0.5})
    assert m.potential[0] == before[0] and m.potential[2] == before[2]  # bit for bit
    assert m.potential[1] == pytest.approx(np.arctanh(0.5))  # g = tanh, so u = artanh(v)
    assert m.state[1] == pytest.approx(0.5)


def test_state_of_and_to_frame_are_keyed_by_node_id():
    G = nx.grid_2d_graph(2, 2)  # ids are tuples: one tuple is one node
    m = na.NeuralModel(G, rule="sign", state=[1, -1, -1, 1], rng=0)
    assert m.connectome.node_ids == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert m.state_of((0, 1)) == -1.0
    assert m.state_of([(1, 1), (0, 1)]).tolist() == [1.0, -1.0]
    frame = m.neurons.to_frame()
    assert frame.index.name == "node" and list(frame.index) == m.connectome.node_ids
    assert frame.loc[[(1, 0)], "state"].tolist() == [-1.0]
    assert list(frame.columns) == ["state", "input", "threshold", "clamped"]
    assert m.neurons.to_frame(["tau"])["tau"].tolist() == [1.0] * 4
    with pytest.raises(UnknownNodeError, match=r"state_of .*Got unknown node \(2, 2\)"):
        m.state_of((2, 2))


def test_clamp_takes_a_mapping_of_node_ids(shuffled):
    m = na.NeuralModel(shuffled, rule="sign", state=[1, -1, 1, -1], rng=0)
    m.clamp({3: 1, 0: 1})
    assert m.clamped.tolist() == [False, True, False, True]
    assert m.state.tolist() == [1.0, 1.0, 1.0, 1.0]
    with pytest.raises(ValidationError, match="not both"):
        m.clamp({7: 1}, values=-1)


@pytest.mark.parametrize("scheduler", ["sync", "async-sweep", "poisson"])
def test_the_agents_engine_follows_positions_whatever_the_ids(shuffled, scheduler):
    # The engines index neurons by position; ids out of order must not change who updates.
    runs = {}
    for engine in ("compiled", "agents"):
        m = na.NeuralModel(shuffled, rule="glauber", temperature=1.0, scheduler=scheduler,
                           engine=engine, rng=11)  # fmt: skip
        trace = []
        for _ in range(20):
            m.step()
            trace.append(m.state.copy())
        runs[engine] = np.array(trace)
    np.testing.assert_array_equal(runs["compiled"], runs["agents"])
