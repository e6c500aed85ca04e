"""Synapse storage: 10 bytes a synapse, the receptor read from the weight's sign.

``iaf_psc_exp`` once kept an int64 ring-buffer column per synapse (18.1 B a synapse on
CUBA); the column is now the target's, moved by n for a negative weight at delivery
(NEST's rule), so a synapse is its uint32 target, float32 weight and uint16 delay.
"""

import networkx as nx
import numpy as np
import pytest

from neuroagents.errors import ValidationError
from neuroagents.sim.spiking import LIFParams, SpikingModel
from neuroagents.sim.spiking.build import MAX_NEURONS, out_csr


def per_synapse_arrays(model: SpikingModel) -> dict[str, np.ndarray]:
    """Every array the model holds with one entry per synapse (whatever its name)."""
    m = model.weights.size
    found = {k: v for k, v in vars(model).items() if isinstance(v, np.ndarray) and v.size == m}
    found["delays.steps"] = model.delays.steps
    return found


@pytest.mark.parametrize("neuron", ["iaf_psc_delta", "iaf_psc_exp"])
def test_a_synapse_takes_ten_bytes_and_row_pointers_the_rest(neuron):
    g = nx.gnp_random_graph(300, 0.1, seed=0, directed=True)
    for u, v in g.edges:
        g[u][v]["weight"] = 0.5 if (u + v) % 5 else -2.0  # both signs: both receptors used
    m = SpikingModel(g, neuron=neuron, dt=0.1, delay=1.5, rng=0)
    arrays = per_synapse_arrays(m)
    assert {k: v.dtype.str for k, v in arrays.items()} == {
        "targets": "<u4", "weights": "<f4", "delays.steps": "<u2"
    }  # fmt: skip
    per_synapse = sum(v.nbytes for v in arrays.values()) / m.weights.size
    assert per_synapse == 10.0
    assert m.bytes_per_synapse == pytest.approx(10.0 + 8 * (m.n + 1) / m.weights.size)


@pytest.mark.parametrize("engine", ["compiled", "agents"])
def test_a_negative_weight_reaches_the_inhibitory_receptor(engine):
    # tau_syn_in != tau_syn_ex: the PSP of a -w current jump at t_a is the difference
    # of exponentials with tau_syn_in, -w/C tau_m tau_in/(tau_m - tau_in) (e^{-s/tau_m}
    # - e^{-s/tau_in}); with the excitatory time constant it would differ by ~1 mV.
    params = LIFParams(tau_m=20.0, C_m=250.0, E_L=-70.0, V_th=0.0, V_reset=-70.0,
                       tau_syn_ex=2.0, tau_syn_in=8.0)  # fmt: skip
    w = -500.0
    W = np.array([[0.0, 0.0], [w, 0.0]])
    m = SpikingModel(W, neuron="iaf_psc_exp", params=params, delay=1.0, dt=0.1, engine=engine)
    m.clamp_neurons([0], "spike")
    m.step()
    m.unclamp()
    m.clamp_neurons([0], "silent")
    m.record_voltage([1])
    m.run_for(60.0)
    v = m.voltages()
    s = v["time"].to_numpy() - (0.1 + 1.0)  # the spike at 0.1 ms, one ms of delay
    k = w / params.C_m * params.tau_m * 8.0 / (params.tau_m - 8.0)
    exact = np.where(s >= 0, k * (np.exp(-s / params.tau_m) - np.exp(-s / 8.0)), 0.0)
    np.testing.assert_allclose(v["v"].to_numpy(), exact + params.E_L, rtol=1e-9, atol=1e-10)
    assert v["v"].min() < params.E_L - 5.0  # the IPSP is there


class _Wide:
    """A connectome-shaped stub: scipy's int64 indices, or too many neurons."""

    def __init__(self, n_nodes: int) -> None:
        self.n_nodes = n_nodes

    def kernel_out_arrays(self):
        indptr = np.array([0, 2, 3], np.int64)
        return indptr, np.array([1, 0, 0], np.int64), np.ones(3, np.float32), np.zeros((0, 0))


def test_targets_are_uint32_whatever_the_connectome_index_width():
    indptr, targets, weights = out_csr(_Wide(2))
    assert targets.dtype == np.uint32 and targets.tolist() == [1, 0, 0]
    assert indptr.dtype == np.int64 and weights.dtype == np.float32


def test_more_neurons_than_uint32_targets_name_is_refused_by_name():
    with pytest.raises(ValidationError, match=rf"'connectome'.*at most {MAX_NEURONS}.*Got "):
        out_csr(_Wide(MAX_NEURONS + 1))
