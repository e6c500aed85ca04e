"""Simulation: the model, its neurons, their types, and the engines that run them.

Modules:
    model: :class:`~neuroagents.sim.model.NeuralModel`, a ``mesa.Model`` that owns the
        state arrays, the rng, the scheduler, the engine and the recorder.
    neuron: :class:`~neuroagents.sim.neuron.Neuron`, the Mesa agents (views on arrays).
    neuron_map: ``model.neurons``, the neurons by node id (a mapping in node order).
    arrays: the per-neuron state arrays.
    rules: the neuron types (sign, threshold, Glauber, rates, graded response).
    kernels, engines: the compiled loops and the engines (compiled, agents).
    schedulers: who updates when (sync, async sweeps or sites, fixed order, Poisson).
    timeline, clock: time, Mesa's event list, running until a time or a fixed point.
    record: the recorder (Mesa ``DataCollector``-compatible tables).
    interventions: clamps, hooks and weight edits during a run.
    stability: fixed points, energies and their tests.
    plasticity: weight-changing hooks (Hebbian and friends).
    spiking: leaky integrate-and-fire neurons with synaptic delays (grid and precise
        timing), Poisson input, and :class:`~neuroagents.sim.spiking.model.SpikingModel`.
    values: per-neuron values from mappings, arrays and node attributes.
"""
