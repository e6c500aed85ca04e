"""Layered sigmoid nets: forward pass, parameter layout, the Connectome round trip."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import neuroagents as na
from neuroagents.models.learning.feedforward import LayeredNet, ParameterLayout, activations


def test_forward_pass_by_hand():
    # one hidden unit: h = sigmoid(1*x1 - 2*x2 - 0.5); out = sigmoid(3 h - 1)
    net = LayeredNet([[[1.0, -2.0]], [[3.0]]], [[0.5], [1.0]])
    x = np.array([[2.0, 0.25]])
    h = 1 / (1 + np.exp(-(2.0 - 0.5 - 0.5)))
    out = 1 / (1 + np.exp(-(3 * h - 1.0)))
    assert net.forward(x)[0, 0] == pytest.approx(out, rel=1e-14)


def test_the_architecture_is_the_builders():
    c = na.builders.layered([4, 3, 2], rng=7)
    net = LayeredNet.random([4, 3, 2], rng=7)
    dense = c.to_dense().astype(float)
    assert np.array_equal(net.weights[0], dense[4:7, 0:4])
    assert np.array_equal(net.weights[1], dense[7:9, 4:7])
    assert all(np.array_equal(t, np.zeros(len(t))) for t in net.thresholds)


def test_connectome_round_trip_keeps_weights_thresholds_and_populations():
    rng = np.random.default_rng(0)
    net = LayeredNet(
        [rng.normal(size=(3, 2)), rng.normal(size=(1, 3))], [rng.normal(size=3), [0.25]]
    )
    c = net.to_connectome()
    assert c.node_ids[:3] == [(0, 0), (0, 1), (1, 0)]
    assert list(c.node_attrs["population"]) == ["layer0"] * 2 + ["layer1"] * 3 + ["layer2"]
    assert c.to_dense()[c.index[(2, 0)], c.index[(1, 2)]] == np.float32(net.weights[1][0, 2])
    back = LayeredNet.from_connectome(c)
    for a, b in zip(back.weights + back.thresholds, net.weights + net.thresholds, strict=True):
        assert np.allclose(a, b, rtol=1e-6, atol=0)  # float32 storage in the Connectome
    # ... and networkx sees the same synapse
    g = c.to_networkx()
    assert g.edges[(1, 2), (2, 0)]["weight"] == pytest.approx(net.weights[1][0, 2], rel=1e-6)


def test_non_layered_connectomes_are_refused_naming_the_synapse():
    c = na.builders.layered([2, 2, 1], rng=0)
    w = c.to_dense().copy()
    w[c.index[(2, 0)], c.index[(0, 1)]] = 1.0  # skips layer 1
    skip = na.Connectome(w, node_ids=c.node_ids, directed=True)
    with pytest.raises(na.ConnectomeError, match=r"\(0, 1\) -> \(2, 0\)"):
        LayeredNet.from_connectome(skip)
    with pytest.raises(na.ConnectomeError, match="'a'"):
        LayeredNet.from_connectome(na.Connectome.from_matrix(np.eye(2), node_ids=["a", "b"]))


@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4), lead=st.integers(1, 3))
def test_layout_split_and_join_are_inverse(sizes, lead):
    layout = ParameterLayout(tuple(sizes))
    flat = np.random.default_rng(0).normal(size=(lead, layout.n_parameters))
    ws, ts = layout.split(flat)
    assert [w.shape for w in ws] == [(lead, o, i) for i, o in itertools.pairwise(sizes)]
    assert np.array_equal(layout.join(ws, ts), flat)


def test_a_stack_of_nets_equals_each_net_alone():
    rng = np.random.default_rng(1)
    nets = [
        LayeredNet(LayeredNet.random([3, 4, 2], rng=rng).weights, [rng.normal(size=4), [0.3, -1]])
        for _ in range(5)
    ]
    x = rng.normal(size=(6, 3))
    stacked = activations(
        [np.stack([n.weights[k] for n in nets]) for k in range(2)],
        [np.stack([n.thresholds[k] for n in nets]) for k in range(2)],
        x,
    )[-1]
    for p, net in enumerate(nets):
        assert np.allclose(stacked[p], net.forward(x), rtol=1e-13, atol=0)


def test_bad_shapes_are_refused():
    with pytest.raises(na.ValidationError, match="take 3 inputs, but layer 1 has 2 units"):
        LayeredNet([np.ones((2, 4)), np.ones((1, 3))])
    with pytest.raises(na.ValidationError, match="must have 13 entries"):
        LayeredNet.from_parameters([2, 3, 1], np.ones(12))
