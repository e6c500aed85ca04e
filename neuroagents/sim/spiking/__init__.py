"""Spiking neurons: leaky integrate-and-fire types, synaptic delays, Poisson input, recording.

Modules:
    spike_type: SpikingType, the plug-in interface of a neuron type that emits spikes
        (its own arrays, constants for a step, compiled update, Python reference).
    lif: LIFParams (NEST's names), the spiking types ``iaf_psc_delta`` and
        ``iaf_psc_exp`` (state arrays, exact propagators, compiled update, Python
        reference), registered in the one registry of neuron types.
    type_loops: the compiled grid loop of a spiking type, generated from one template.
    grid_kernels: the compiled pieces the loops share: ring-buffer delivery, input,
        recording, Poisson draws.
    delays: per-synapse delays as uint16 steps, the rounding policy, axonal/dendritic.
    poisson: external Poisson sources with their own random streams.
    precise: exact spike times between grid points for delta synapses.
    recording: spikes as (neuron, time) tables, membrane potentials of chosen neurons.
    stdp: plasticity rules (STDP, VogelsSprekeler) and the plastic synapses' state;
        stdp_kernels: their compiled step.
    model: SpikingModel (a ``mesa.Model``) and SpikingNeuron (its agents).
"""

from neuroagents.sim.neuron_type import NEURON_TYPES, NeuronType, StateArray
from neuroagents.sim.spiking.delays import DELAY_KINDS, SynapticDelays, delays_to_steps
from neuroagents.sim.spiking.lif import (
    IAF_PSC_DELTA,
    IAF_PSC_EXP,
    IafPscDelta,
    IafPscExp,
    LIFParams,
    propagators,
)
from neuroagents.sim.spiking.model import SpikingModel, SpikingNeuron
from neuroagents.sim.spiking.poisson import PoissonInput
from neuroagents.sim.spiking.spike_type import SpikingType, spiking_type_names
from neuroagents.sim.spiking.stdp import STDP, VogelsSprekeler

__all__ = [
    "DELAY_KINDS",
    "IAF_PSC_DELTA",
    "IAF_PSC_EXP",
    "NEURON_TYPES",
    "STDP",
    "IafPscDelta",
    "IafPscExp",
    "LIFParams",
    "NeuronType",
    "PoissonInput",
    "SpikingModel",
    "SpikingNeuron",
    "SpikingType",
    "StateArray",
    "SynapticDelays",
    "VogelsSprekeler",
    "delays_to_steps",
    "propagators",
    "spiking_type_names",
]
