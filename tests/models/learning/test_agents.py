"""Trained feed-forward nets run as NeuralModels of agents give their numpy outputs."""

import numpy as np
import pytest

import neuroagents as na
from neuroagents.models import learning


@pytest.fixture(scope="module")
def digits():
    return learning.digits(rng=0)


@pytest.fixture(scope="module")
def trained_nets(digits):
    x, y = digits.x_train, digits.y_train
    start = learning.LayeredNet.random([64, 16, 10], rng=1)
    backprop = learning.GradientLearner(start, "sgd", lr=0.5)
    aligned = learning.GradientLearner(start, "fa", lr=0.5, rng=2)
    batches = learning.Minibatches(len(x), 64, rng=3)
    for _ in range(150):
        rows = batches.next()
        backprop.step(x[rows], y[rows])
        aligned.step(x[rows], y[rows])
    evolved = learning.NNEvolution(start, learning.GridAlleles(), population=40, rng=4)
    for _ in range(20):
        rows = batches.next()
        evolved.step(x[rows], y[rows])
    nets = {"sgd": backprop.net, "fa": aligned.net, "evolution": evolved.network()}
    # Training did something: every net beats the untrained one on the test set.
    for net in nets.values():
        assert net.loss(digits.x_test, digits.y_test) < start.loss(digits.x_test, digits.y_test)
    return nets


@pytest.mark.parametrize("kind", ["sgd", "fa", "evolution"])
def test_agent_model_outputs_equal_the_numpy_forward_pass_on_digits(trained_nets, digits, kind):
    net = trained_nets[kind]
    model = learning.to_model(net)
    agents = learning.agent_forward(model, digits.x_test)
    np.testing.assert_allclose(agents, net.forward(digits.x_test), rtol=0, atol=1e-12)
    assert len(digits.x_test) > 300  # the whole held-out set


def test_the_pure_agents_engine_agrees_too(trained_nets, digits):
    net = trained_nets["sgd"]
    model = learning.to_model(net, engine="agents")
    x = digits.x_test[:40]
    np.testing.assert_allclose(learning.agent_forward(model, x), net.forward(x), atol=1e-12)


def test_recorded_hidden_layer_equals_the_forward_activations(trained_nets, digits):
    net = trained_nets["fa"]
    model = learning.to_model(net, agent_reporters={"v": "state"}, record_every=1)
    learning.agent_forward(model, digits.x_test[:1])
    table = model.datacollector.get_agent_vars_dataframe()
    hidden = table.xs(2.0, level="time")["v"].to_numpy()[64 : 64 + 16]
    np.testing.assert_allclose(hidden, net.activations(digits.x_test[:1])[1][0], atol=1e-12)


def test_agent_forward_checks_its_input(trained_nets):
    model = learning.to_model(trained_nets["sgd"])
    with pytest.raises(na.ValidationError, match=r"shape \(B, 64\)"):
        learning.agent_forward(model, np.zeros((3, 5)))
