"""Spiking neuron types as plug-ins: one registry, a type defined outside the package.

The type here, a perfect (non-leaky) integrate-and-fire neuron with an adaptive
threshold, lives only in this file: it runs on both engines with identical spike
trains, and its firing matches the closed form where one exists, with no edit to the
core.
"""

from dataclasses import dataclass
from typing import ClassVar

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from numba import njit

import neuroagents as na
from neuroagents.errors import ValidationError
from neuroagents.sim.neuron_type import NEURON_TYPES, StateArray, neuron_type_names
from neuroagents.sim.neuron_type import register_neuron_type as register
from neuroagents.sim.spiking import IafPscDelta, LIFParams, SpikingModel, SpikingType
from neuroagents.sim.spiking.spike_type import spiking_type_names


@njit(cache=True, inline="always")
def pif_update(i, x, i_e, clamp, params, own):
    # params: (gain per pA and step, threshold at rest, threshold jump, threshold decay)
    v, theta = own
    theta[i] = params[1] + (theta[i] - params[1]) * params[3]
    if clamp == 1:
        v[i] = 0.0
        return False
    v[i] = v[i] + x[0, i] + params[0] * i_e
    if clamp == 2 or v[i] >= theta[i]:
        v[i] = 0.0
        theta[i] = theta[i] + params[2]
        return True
    return False


@dataclass(frozen=True, slots=True)
class AdaptivePIF(SpikingType):
    """dV = x + gain * I_e per step; fires at V >= theta, which jumps and relaxes."""

    name: ClassVar[str] = "test_adaptive_pif"
    state_arrays: ClassVar[tuple[StateArray, ...]] = (
        StateArray("v", "float64", 0.0, "mV"),
        StateArray("theta", "float64", 10.0, "mV"),
    )
    compiled_update = pif_update
    gain: float = 0.01
    theta0: float = 10.0
    jump: float = 0.0
    decay: float = 0.9

    def step_params(self, dt):
        return np.array([self.gain * dt, self.theta0, self.jump, self.decay])

    @property
    def v_bounds(self):
        return 0.0, self.theta0

    def reference(self, i, x, i_e, clamp, params, own):
        v, theta = own
        theta[i] = params[1] + (theta[i] - params[1]) * params[3]
        if clamp == 1:
            v[i] = 0.0
            return False
        v[i] = v[i] + x[0, i] + params[0] * i_e
        if clamp == 2 or v[i] >= theta[i]:
            v[i] = 0.0
            theta[i] = theta[i] + params[2]
            return True
        return False


register("test_adaptive_pif", AdaptivePIF)


def test_the_registry_lists_spiking_types_beside_the_others():
    names = neuron_type_names()
    assert {"sign", "relu", "iaf_psc_delta", "iaf_psc_exp", "test_adaptive_pif"} <= set(names)
    assert set(spiking_type_names()) >= {"iaf_psc_delta", "iaf_psc_exp", "test_adaptive_pif"}
    assert "sign" not in spiking_type_names()
    assert NEURON_TYPES["iaf_psc_delta"] is IafPscDelta
    assert SpikingModel(np.zeros((1, 1)), neuron="test_adaptive_pif").neuron_type == AdaptivePIF()


def test_an_unknown_or_non_spiking_type_is_one_clear_error():
    w = np.zeros((2, 2))
    with pytest.raises(ValidationError, match=r"registered spiking neuron type.*'nope'"):
        SpikingModel(w, neuron="nope")
    with pytest.raises(ValidationError, match=r"'sign' emits 'change'.*NeuralModel"):
        SpikingModel(w, neuron="sign")
    with pytest.raises(ValidationError, match=r"'iaf_psc_delta' emits 'spike'.*SpikingModel"):
        na.NeuralModel(w, rule="iaf_psc_delta")
    with pytest.raises(ValidationError, match="takes its parameters when it is made"):
        SpikingModel(w, neuron=AdaptivePIF(), params={"gain": 2.0})


def test_lif_parameters_reach_the_type_and_the_model():
    p = LIFParams(tau_m=20.0, E_L=-65.0, V_th=-50.0, V_reset=-60.0)
    m = SpikingModel(np.zeros((3, 3)), params=p, rng=0)
    assert m.neuron_type == IafPscDelta(p) and m.params is p
    assert m.neurons[0].v == -65.0  # starts at rest, stored relative to E_L


@pytest.mark.parametrize("engine", ["compiled", "agents"])
def test_constant_current_fires_at_the_closed_form_period(engine):
    # Without adaptation V grows by gain * dt * I per step: a spike every
    # ceil(theta / (gain dt I)) steps, exactly (the increments are exact in binary:
    # 0.25 mV per step, threshold 10 mV, so every 40 steps).
    m = SpikingModel(np.zeros((1, 1)), neuron=AdaptivePIF(gain=0.025), dt=0.1, engine=engine, rng=0)
    m.set_current(100.0)
    m.run_for(40.0)
    times = m.spikes()["time"].to_numpy()
    np.testing.assert_allclose(times, np.arange(1, 11) * 4.0)


def _network_run(engine, split=(60.0,)):
    g = nx.gnp_random_graph(40, 0.2, seed=3, directed=True)
    rng = np.random.default_rng(3)
    for u, v in g.edges:
        g[u][v]["weight"] = 1.5 if rng.random() < 0.8 else -4.0
    m = SpikingModel(
        g, neuron=AdaptivePIF(jump=3.0, decay=0.99), dt=0.1, engine=engine, v0="uniform",
        rng=11, delay=lambda r, k: r.integers(3, 20, k) * 0.1,
    )  # fmt: skip
    m.add_poisson_input(rate=2000.0, weight=0.3)
    m.clamp_neurons([0], "spike")
    m.clamp_neurons([1], "silent")
    m.record_voltage([2, 7])
    for duration in split:
        m.run_for(duration)
    return m


def test_a_type_from_outside_runs_identically_on_both_engines():
    compiled, agents = _network_run("compiled"), _network_run("agents")
    spikes = compiled.spikes()
    assert len(spikes) > 300  # an active network, not a silent one
    pd.testing.assert_frame_equal(spikes, agents.spikes())
    pd.testing.assert_frame_equal(compiled.voltages(), agents.voltages())
    for name in ("v", "theta"):
        np.testing.assert_array_equal(compiled.state[name], agents.state[name])
    # The clamps hold: neuron 0 fires every step, neuron 1 never.
    counts = spikes["neuron"].value_counts()
    assert counts[0] == 600 and 1 not in counts.index
    # Adaptation works: thresholds moved above rest in the active neurons.
    assert compiled.state["theta"].max() > 10.5


def test_the_same_run_split_differently_gives_the_same_spikes():
    a = _network_run("compiled", split=(60.0,))
    b = _network_run("compiled", split=(0.1, 29.9, 30.0))
    pd.testing.assert_frame_equal(a.spikes(), b.spikes())


@njit(cache=True)
def halve_on_spike(k, spiked, n_spiked, weights, indptr):
    # A synapse that depresses: each spike halves its source's out-weights, before delivery.
    for s in range(n_spiked):
        j = spiked[s]
        for e in range(indptr[j], indptr[j + 1]):
            weights[e] *= 0.5


def test_the_loop_lets_synapses_see_each_step_before_delivery():
    # The seam plasticity uses: a synapse step the grid loop calls before delivery.
    from neuroagents.sim.spiking.type_loops import grid_loop

    w = np.array([[0.0, 0.0], [8.0, 0.0]])  # neuron 0 -> 1, 8 mV
    m = SpikingModel(w, params=LIFParams(E_L=0.0, V_th=100.0, V_reset=0.0, t_ref=0.0),
                     delay=0.1, rng=0)  # fmt: skip
    m._loop = grid_loop(m.neuron_type, halve_on_spike)
    m._synapse_state = m.indptr
    m.clamp_neurons([0], "spike")
    m.record_voltage([1])
    m.run_for(0.3)
    jumps = np.diff(np.concatenate([[0.0], m.voltages()["v"].to_numpy()]))
    decay = np.exp(-0.1 / m.params.tau_m)
    # Spikes at the end of steps 0, 1, 2 arrive one step later with weights 4, 2 (the
    # first arrival is at step 1): V = 0, 4, 4 decay + 2.
    np.testing.assert_allclose(m.voltages()["v"].to_numpy(), [0.0, 4.0, 4.0 * decay + 2.0])
    assert jumps[1] == 4.0 and m.weights[0] == 1.0  # three spikes: 8 -> 4 -> 2 -> 1
