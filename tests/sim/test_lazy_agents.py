"""Neurons are made when first touched, yet behave as agents made up front."""

from __future__ import annotations

import mesa
import networkx as nx
import numpy as np
import pytest

import neuroagents as na
from neuroagents.sim.lazy_agents import LazyNeurons


def _model(n: int = 200, **kwargs) -> na.NeuralModel:
    c = na.builders.gnp_ei(n * 4 // 5, n // 5, p=0.05, rng=1)
    return na.NeuralModel(c, rule="threshold", scheduler="poisson", record_every=None,
                          threshold=1.0, rng=0, **kwargs)  # fmt: skip


def test_a_compiled_run_makes_no_neuron_object():
    m = _model()
    m.run_for(3.0)
    assert isinstance(m.neurons.by_position, LazyNeurons)
    assert m.neurons.by_position.made == 0
    assert len(m._all_agents) == 0  # Mesa's registry untouched until someone reads it
    assert int(m.update_counts.sum()) > 0


def test_a_neuron_is_made_once_and_reads_the_arrays():
    m = _model()
    a = m.neurons[7]  # node id 7 (the ids of gnp_ei are the positions 0..n-1)
    assert m.neurons[7] is a and m.neurons.at(-m.n + 7) is a
    assert m.neurons.by_position.made == 1
    assert a.unique_id == 8 and a.index == 7
    assert a.state == m.state[7] and a.input == m.input[7]
    assert m.neurons[5:8][-1] is a
    assert m.neurons.by_position.made == 3
    with pytest.raises(IndexError):
        m.neurons.by_position[m.n]
    with pytest.raises(KeyError):  # UnknownNodeError: a key is a node id
        m.neurons[m.n]


def test_reading_agents_registers_every_neuron_in_index_order():
    m = _model()
    early = m.neurons[42]
    agents = m.agents
    assert len(agents) == m.n == m.neurons.by_position.made
    assert [x.unique_id for x in agents] == list(range(1, m.n + 1))
    assert [x.index for x in agents] == list(range(m.n))
    assert early in agents and next(iter(agents)) is m.neurons[0]
    assert list(m.agents_by_type) == [na.Neuron] and m.agent_types == [na.Neuron]
    # AgentSet operations reach the same arrays the engines use.
    assert np.array_equal(agents.get("state"), m.state)
    assert len(agents.select(lambda x: x.population == "I")) == m.n // 5


def test_an_agent_added_later_comes_after_the_neurons():
    m = _model()
    m.neurons[3]  # made, not yet registered
    other = mesa.Agent(m)
    assert other.unique_id == m.n + 1
    assert list(m.agents)[-1] is other and len(m.agents) == m.n + 1
    assert m.neurons[3].unique_id == 4


def test_a_neuron_removed_before_the_registry_was_read_leaves_it():
    m = _model()
    m.neurons[3].remove()
    assert len(m.agents) == m.n - 1
    assert m.neurons[3] not in m.agents


def test_the_agents_engine_and_agentset_steps_follow_the_compiled_trajectory():
    compiled = _model(n=100)
    agents = _model(n=100, engine="agents")
    compiled.run_for(2.0)
    agents.run_for(2.0)
    assert np.array_equal(compiled.state, agents.state)
    # The agents engine makes the neurons it updates, and registers none of them.
    assert agents.neurons.by_position.made == np.count_nonzero(agents.update_counts) > 0
    assert len(agents._all_agents) == 0
    w = np.array([[0.0, 1.0, -1.0], [1.0, 0.0, 1.0], [-1.0, 1.0, 0.0]])
    m = na.NeuralModel(w, rule="sign", state=[1, -1, 1], rng=0)
    m.agents.do("step")  # Mesa's idiom: each neuron updates in place, in order
    by_hand = na.NeuralModel(w, rule="sign", state=[1, -1, 1], rng=0)
    for i in range(3):
        by_hand.neurons[i].step()
    assert m.state.tolist() == by_hand.state.tolist()


def test_the_neurons_mapping_of_a_large_model_makes_only_what_is_read():
    # 10^5 neurons: a Neurons mapping that copied or scanned its sequence would make
    # them all here (and take seconds); it must make none until one is read.
    n = 100_000
    c = na.builders.fixed_indegree({"E": n}, {"E": {"E": 2}}, {"E": {"E": 0.5}}, rng=1)
    m = na.NeuralModel(c, rule="threshold", scheduler="poisson", record_every=None, rng=0)
    lazy = m.neurons.by_position
    assert lazy.made == 0 and len(m.neurons) == n
    assert 123 in m.neurons and n not in m.neurons and object() not in m.neurons
    assert m.neurons.state_of(123) == m.state[123]
    assert m.neurons.get(n) is None and "x" not in m.neurons
    repr(m.neurons)
    assert lazy.made == 0
    a = m.neurons[54_321]
    assert lazy.made == 1 and a.index == 54_321 and a in m.neurons
    assert m.neurons.at(-1).index == n - 1 and lazy.made == 2
    assert len(m._all_agents) == 0


def test_a_node_id_key_makes_that_neuron_only():
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    m = na.NeuralModel(g, rule="sign", state={"b": -1}, rng=0)
    assert m.neurons.by_position.made == 0
    b = m.neurons["b"]
    assert b.node == "b" and b.index == 1 and b.state == -1.0
    assert m.neurons.by_position.made == 1 and m.neurons["b"] is b
    assert [x.node for x, _ in b.inputs()] == ["a"]  # neighbours are made as they are read
    assert m.neurons.by_position.made == 2
    assert [x.node for x in m.agents] == ["a", "b", "c"] and m.neurons["b"] is b
