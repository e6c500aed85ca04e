"""Spiking neurons: leaky integrate-and-fire types, synaptic delays, Poisson input, recording.

Modules:
    lif: LIFParams (NEST's names), the neuron types ``iaf_psc_delta`` and
        ``iaf_psc_exp`` (state arrays, exact propagators, compiled loop, Python reference).
    grid_kernels: the compiled (numba) grid loops: update, ring-buffer delivery, recording.
    delays: per-synapse delays as uint16 steps, the rounding policy, axonal/dendritic.
    poisson: external Poisson sources with their own random streams.
    precise: exact spike times between grid points for delta synapses.
    recording: spikes as (neuron, time) tables, membrane potentials of chosen neurons.
    stdp: plasticity rules (STDP, VogelsSprekeler) and the plastic synapses' state;
        stdp_kernels: their compiled step.
    model: SpikingModel (a ``mesa.Model``) and SpikingNeuron (its agents).
"""

from neuroagents.sim.spiking.delays import DELAY_KINDS, SynapticDelays, delays_to_steps
from neuroagents.sim.spiking.lif import (
    IAF_PSC_DELTA,
    IAF_PSC_EXP,
    NEURON_TYPES,
    LIFParams,
    NeuronType,
    propagators,
)
from neuroagents.sim.spiking.model import SpikingModel, SpikingNeuron
from neuroagents.sim.spiking.poisson import PoissonInput
from neuroagents.sim.spiking.stdp import STDP, VogelsSprekeler

__all__ = [
    "DELAY_KINDS",
    "IAF_PSC_DELTA",
    "IAF_PSC_EXP",
    "NEURON_TYPES",
    "STDP",
    "LIFParams",
    "NeuronType",
    "PoissonInput",
    "SpikingModel",
    "SpikingNeuron",
    "SynapticDelays",
    "VogelsSprekeler",
    "delays_to_steps",
    "propagators",
]
