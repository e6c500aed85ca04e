"""Neurons are Mesa agents whose attributes are views on the model's arrays."""

import mesa
import networkx as nx
import numpy as np
import pytest

import neuroagents as na


def _graph():
    # Weights are multiples of 1/4, so every sum below is exact in floating point.
    rng = np.random.default_rng(0)
    g = nx.DiGraph()
    names = [f"n{k}" for k in range(8)]
    for k, name in enumerate(names):
        g.add_node(name, population="E" if k < 5 else "I", threshold=0.25 * (k % 3))
    for u in names:
        for v in names:
            if u != v and rng.random() < 0.5:
                g.add_edge(u, v, weight=0.25 * int(rng.integers(-4, 5)) or 0.5)
    return g


@pytest.fixture(params=["dense", "sparse"])
def model(request):
    connectome = na.Connectome.from_networkx(_graph(), storage=request.param)
    assert connectome.storage == request.param
    return na.NeuralModel(
        connectome, rule="sign", tau={"E": 2.0, "I": 0.5}, drive=0.75, rng=1,
        scheduler="fixed-order",
    )  # fmt: skip


def _dense(graph, nodes):
    # Independent of the Connectome: networkx's own adjacency, transposed to W[target, source].
    return nx.to_numpy_array(graph, nodelist=nodes, weight="weight").T


def test_neurons_are_registered_mesa_agents_in_node_order(model):
    nodes = list(_graph().nodes)
    assert len(model.neurons) == model.n == len(nodes) == len(model.agents)
    for k, neuron in enumerate(model.neurons):
        assert isinstance(neuron, mesa.Agent)
        assert neuron.model is model
        assert neuron.index == k
        assert neuron.node == nodes[k]
        assert neuron in model.agents
        assert model.neuron(nodes[k]) is neuron
    assert len({n.unique_id for n in model.neurons}) == model.n


def test_attributes_read_the_model_arrays(model):
    g = _graph()
    nodes = list(g.nodes)
    for k, neuron in enumerate(model.neurons):
        attrs = g.nodes[nodes[k]]
        assert neuron.population == attrs["population"]
        assert neuron.threshold == attrs["threshold"]
        assert neuron.tau == (2.0 if attrs["population"] == "E" else 0.5)
        assert neuron.drive == 0.75
        assert neuron.state == model.state[k]


def test_input_is_weighted_sum_plus_drive(model):
    g = _graph()
    w = _dense(g, list(g.nodes))
    s = model.state.copy()
    expected = w @ s + 0.75
    assert np.array_equal(model.input, expected)
    assert [n.input for n in model.neurons] == expected.tolist()
    assert [n.synaptic_input for n in model.neurons] == (w @ s).tolist()


def test_writing_state_updates_out_neighbours_inputs(model):
    g = _graph()
    w = _dense(g, list(g.nodes))
    s = model.state.copy()
    before = model.input.copy()
    target = model.neuron("n3")
    target.state = -target.state
    s[3] = -s[3]
    assert np.array_equal(model.state, s)
    assert np.array_equal(model.input, w @ s + 0.75)
    # Only the out-neighbours of n3 changed their input, each by w * (new - old).
    change = model.input - before
    assert np.flatnonzero(change).tolist() == np.flatnonzero(w[:, 3]).tolist()
    assert np.array_equal(change, w[:, 3] * 2 * s[3])


def test_drive_and_threshold_setters(model):
    neuron = model.neurons["n2"]  # by node id (position 2)
    neuron.drive = 3.0
    neuron.threshold = -1.5
    assert model.drive[2] == 3.0 and model.threshold[2] == -1.5
    assert neuron.input == model.input[2]
    assert model.input[2] == model.connectome.to_dense()[2] @ model.state + 3.0


def test_happy_and_update_follow_the_sign_rule(model):
    for neuron in model.neurons:
        x, s, theta = neuron.input, neuron.state, neuron.threshold
        expected_next = 1.0 if x > theta else (-1.0 if x < theta else s)
        assert neuron.update() == expected_next
        assert neuron.happy == (s * (x - theta) >= 0)
    assert model.happy().tolist() == [n.happy for n in model.neurons]
    assert model.count_unhappy() == sum(not n.happy for n in model.neurons)


def test_step_is_the_in_place_mesa_idiom(model):
    before = model.state.copy()
    expected = before.copy()
    w = model.connectome.to_dense().astype(float)
    # Mesa's sequential idiom equals one fixed-order sweep.
    for i in range(model.n):
        x = w[i] @ expected + 0.75
        theta = model.threshold[i]
        expected[i] = 1.0 if x > theta else (-1.0 if x < theta else expected[i])
    model.agents.do("step")
    assert np.array_equal(model.state, expected)


def test_inputs_and_outputs_match_the_connectome(model):
    g = _graph()
    nodes = list(g.nodes)
    w = _dense(g, nodes)
    for k, neuron in enumerate(model.neurons):
        ins = {nb.node: wt for nb, wt in neuron.inputs()}
        outs = {nb.node: wt for nb, wt in neuron.outputs()}
        assert ins == {nodes[j]: w[k, j] for j in np.flatnonzero(w[k])}
        assert outs == {nodes[i]: w[i, k] for i in np.flatnonzero(w[:, k])}
        assert ins == {u: d["weight"] for u, _, d in g.in_edges(nodes[k], data=True)}
        assert outs == {v: d["weight"] for _, v, d in g.out_edges(nodes[k], data=True)}


def test_neuron_lookup_by_node_id_raises_for_unknown(model):
    with pytest.raises(KeyError):
        model.neuron("nope")


def test_update_returning_none_is_an_error():
    class Forgetful(na.Neuron):
        def update(self):
            self.state = 1.0  # assigns instead of returning

    m = na.NeuralModel(
        np.array([[0.0, 1.0], [1.0, 0.0]]), neuron_class=Forgetful, engine="agents", rng=0
    )
    with pytest.raises(TypeError, match="must return"):
        m.step()


def test_repr_names_node_and_state(model):
    neuron = model.neuron("n0")
    assert repr(neuron) == f"Neuron(node='n0', state={neuron.state:g})"
