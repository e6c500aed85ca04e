"""The celegans experiment's pieces on inputs whose answers are known."""

import networkx as nx
import numpy as np
import pytest

from neuroagents.connectome import Connectome
from neuroagents.connectome.files import load_connectome
from neuroagents.errors import ConfigError
from neuroagents.models.celegans import gap_junction_activity

CONFIG = {"coupling": 0.1, "dt": 0.02, "tau": 1.0, "settle": 25.0, "stimulus": "ASH"}


def test_gap_junction_model_reaches_the_linear_solve():
    a = gap_junction_activity(load_connectome("celegans:gap"), CONFIG)
    # every mode decays at least at the leak's rate: after 25 tau the error is
    # ~ e^-25 ~ 1e-11 of the drive (forward Euler's fixed point is the exact one)
    assert np.abs(a["v_sim"] - a["v_theory"]).max() < 1e-8
    assert set(a.loc[a["driven"], "neuron"]) == {"ASHL", "ASHR"}
    # activity falls with each gap-junction hop from the driven class (means by hop)
    by_hop = a[a["hops"] >= 0].groupby("hops")["v_sim"].mean()
    assert (np.diff(by_hop.to_numpy()) < 0).all()
    # unreachable neurons (no gap-junction path) stay at rest
    assert (a.loc[a["hops"] == -1, "v_sim"].abs() < 1e-12).all()


def test_two_coupled_neurons_against_hand_solution():
    # two neurons, one junction of conductance g, neuron "a" driven with h = 1:
    # (1 + g) va - g vb = 1, -g va + (1 + g) vb = 0 -> vb = g / (1 + 2 g), va = (1 + g) / (1 + 2 g)
    g = nx.Graph()
    g.add_edge("a", "b", weight=1.0)
    c = Connectome.from_networkx(g)
    a = gap_junction_activity(c, {**CONFIG, "coupling": 0.5, "stimulus": "a"})
    assert a["v_sim"].tolist() == pytest.approx([1.5 / 2, 0.5 / 2], abs=1e-9)


def test_bad_parameters_are_named():
    c = load_connectome("celegans:gap")
    with pytest.raises(ConfigError, match=r"params\.dt = 0\.5 is too large"):
        gap_junction_activity(c, {**CONFIG, "dt": 0.5})
    with pytest.raises(ConfigError, match=r"params\.stimulus = 'XYZ'"):
        gap_junction_activity(c, {**CONFIG, "stimulus": "XYZ"})


def test_coupling_file_attributes_reach_the_model(tmp_path):
    # a coupling graph from a file with per-neuron tau and threshold: the engine's steady
    # state is (I + gL)^-1 (h - theta), computed here by hand for a 3-neuron path
    from neuroagents.connectome.files import save_connectome

    g = nx.path_graph(["a", "b", "c"])
    nx.set_node_attributes(g, {"a": 1.0, "b": 2.0, "c": 0.5}, "tau")
    nx.set_node_attributes(g, {"a": 0.0, "b": 0.2, "c": 0.0}, "threshold")
    c = load_connectome(save_connectome(g, tmp_path / "path.graphml"))
    out = gap_junction_activity(c, {**CONFIG, "coupling": 0.5, "stimulus": "a", "dt": 0.01})
    lap = np.array([[1.0, -1, 0], [-1, 2, -1], [0, -1, 1]])
    expected = np.linalg.solve(np.eye(3) + 0.5 * lap, [1.0, -0.2, 0.0])
    assert out["v_sim"].to_numpy() == pytest.approx(expected, abs=1e-8)
    assert out["v_theory"].to_numpy() == pytest.approx(expected)
