"""Engines and model plumbing: compiled == agents, seeds, clamping, graphs, events, tables."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from neuroagents.errors import ValidationError
from neuroagents.sim.spiking import LIFParams, SpikingModel, SpikingNeuron

P = LIFParams(tau_m=20.0, E_L=0.0, V_th=20.0, V_reset=10.0, t_ref=2.0, tau_syn_ex=2.0,
              tau_syn_in=5.0)  # fmt: skip


def random_net(n=60, p=0.15, seed=1, scale=1.0):
    g = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    rng = np.random.default_rng(seed)
    for u, v in g.edges:
        g[u][v]["weight"] = scale * (0.8 if rng.random() < 0.8 else -3.0)
    return g


def run(engine, neuron="iaf_psc_delta", seed=7, scale=1.0, split=(150.0,)):
    m = SpikingModel(
        random_net(scale=scale), neuron=neuron, params=P, dt=0.1, engine=engine, v0="uniform",
        delay=lambda r, k: r.integers(5, 40, k) * 0.1, rng=seed,
    )  # fmt: skip
    m.add_poisson_input(rate=3000.0, weight=0.5 * scale)
    m.add_poisson_input(rate=500.0, weight=-0.5 * scale, neurons=range(0, 60, 2))
    m.record_voltage([0, 5, 9])
    for duration in split:
        m.run_for(duration)
    return m


@pytest.mark.parametrize(("neuron", "scale"), [("iaf_psc_delta", 1.0), ("iaf_psc_exp", 120.0)])
def test_compiled_and_agents_engines_give_identical_spike_trains(neuron, scale):
    compiled = run("compiled", neuron, scale=scale)
    agents = run("agents", neuron, scale=scale)
    spikes = compiled.spikes()
    assert len(spikes) > 200  # a run with activity (about 25 Hz), not a silent one
    pd.testing.assert_frame_equal(spikes, agents.spikes())
    pd.testing.assert_frame_equal(compiled.voltages(), agents.voltages())
    for name in compiled.state:
        np.testing.assert_array_equal(compiled.state[name], agents.state[name])


def test_one_seed_one_result_whatever_the_run_is_split_into():
    a = run("compiled", split=(150.0,))
    b = run("compiled", split=(20.0, 0.1, 79.9, 50.0))
    pd.testing.assert_frame_equal(a.spikes(), b.spikes())
    assert not a.spikes().equals(run("compiled", seed=8).spikes())


def test_neurons_are_mesa_agents_viewing_the_arrays():
    m = run("compiled", split=(10.0,))
    assert len(m.agents) == m.n and all(isinstance(a, SpikingNeuron) for a in m.agents)
    a = m.neurons[3]
    assert a.v == pytest.approx(m.state["v"][3] + P.E_L)
    a.v = 12.5
    assert m.state["v"][3] == 12.5
    a.I_e = 3.0
    assert m.i_e[3] == 3.0


def test_clamped_neurons_spike_on_every_allowed_step_or_never():
    m = run("compiled", split=())
    m.clamp_neurons([1], "spike")
    m.clamp_neurons([2], "silent")
    m.set_current(1e5, [2])
    m.run_for(100.0)
    s = m.spikes()
    t1 = s.query("neuron == 1")["time"].to_numpy()
    np.testing.assert_allclose(np.diff(t1), 2.1, atol=1e-9)  # t_ref + one step
    assert s.query("neuron == 2").empty
    assert m.neurons[2].clamped == "silent"
    m.unclamp()
    m.run_for(10.0)
    assert not m.spikes().query("neuron == 2 and time > 100").empty


def test_string_node_ids_reach_the_tables():
    g = nx.DiGraph()
    g.add_edge("AVAL", "AVAR", weight=25.0)
    m = SpikingModel(g, params=P, delay=1.0)
    m.neurons[m.connectome.index["AVAL"]].v = 25.0
    m.record_voltage(["AVAR"])
    m.run_for(2.0)
    assert m.spikes()["neuron"].tolist() == ["AVAL", "AVAR"]
    assert m.synapses().to_dict("records") == [
        {"source": "AVAL", "target": "AVAR", "weight": 25.0, "delay": 1.0}
    ]
    assert set(m.voltages()["neuron"]) == {"AVAR"}


def test_c_elegans_connectome_runs():
    from neuroagents.datasets import celegans

    graph = celegans().chemical  # synapse counts as weights (mV each)
    m = SpikingModel(graph, params=P, delay=1.0, rng=0)
    m.add_poisson_input(rate=2500.0, weight=0.5)
    m.run_for(50.0)
    assert set(m.spikes()["neuron"]) <= set(graph.nodes)
    assert len(m.spikes()) > 0


def test_mesa_events_fire_between_steps():
    m = SpikingModel(np.zeros((1, 1)), params=P)
    m.schedule_at(50.0, lambda: m.set_current(1e5))
    m.run_for(100.0)
    t = m.spikes()["time"]
    assert t.min() == pytest.approx(50.1) and len(t) > 10


def test_spikes_go_to_parquet(tmp_path):
    m = run("compiled", split=(20.0,))
    m.spikes_to_parquet(tmp_path / "spikes.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "spikes.parquet"), m.spikes())


def test_bad_poisson_and_clamp_arguments():
    m = SpikingModel(np.zeros((2, 2)), params=P)
    with pytest.raises(ValidationError, match="'rate'"):
        m.add_poisson_input(-1.0, 0.1)
    with pytest.raises(ValidationError, match="'mode'"):
        m.clamp_neurons([0], "on")
