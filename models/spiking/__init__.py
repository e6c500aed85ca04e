"""Spiking LIF networks with delays: Brunel (2000) against the Siegert mean field.

The library (importable without matplotlib or the experiments):

Modules:
    brunel: Brunel's model A (BrunelParams, STATES, brunel_connectome, brunel_model).
    theory: the Siegert rate and the self-consistent rate of the asynchronous state.
    states: the measures of a run and the verdict on its state.
    plastic_neuron: one conductance-based LIF neuron learning from Poisson inputs (the
        STDP experiments); learning_measures: what plasticity did, and the verdicts.
    feedforward, feedforward_currents, feedforward_verdict: feed-forward inhibition (the
        lecture's RGC -> TC, RGC -> LIN -> TC) and its integration window, with jump and
        with current synapses, against the closed form; the verdict on Pouille &
        Scanziani (2001).
    phase: the classes of the phase diagram (SR, SI fast/slow, AI ...) from measures.
    experiments: the runs ``neuroagents run runs/spiking_*.toml`` makes (found by the runner,
        never imported with the library); figures: their figures; view: the browser
        page (``neuroagents view spiking``).

The neurons, delays and engines themselves are in :mod:`neuroagents.sim.spiking`.
"""

from __future__ import annotations

from neuroagents.models.exports import lazy_exports

# The library, loaded on first use: importing the system imports none of it;
# the runner finds ``experiments`` by itself.
_LIBRARY = {
    "brunel": (
        "STATES",
        "WIRINGS",
        "BrunelParams",
        "brunel_connectome",
        "brunel_model",
        "brunel_seeds",
    ),
    "phase": (
        "FIG8",
        "PHASES",
        "PhaseThresholds",
        "classify_phase",
        "mean_input_ratio",
    ),
    "feedforward": (
        "FeedforwardParams",
        "critical_inhibition",
        "feedforward_graph",
        "feedforward_model",
        "integration_window",
        "pair_fires",
        "single_volley_fires",
        "window_theory",
    ),
    "feedforward_currents": (
        "CurrentsCircuit",
        "current_window",
        "current_window_theory",
    ),
    "feedforward_verdict": ("window_verdict",),
    "states": (
        "CHECKS",
        "StateMeasures",
        "measure_run",
        "verdict",
    ),
    "plastic_neuron": (
        "ConductanceLIF",
        "PlasticNeuronRun",
        "channel_rates",
        "modulated_trains",
        "poisson_trains",
        "run_plastic_neuron",
    ),
    "learning_measures": (
        "cotuning",
        "is_bimodal",
        "pruning_recovery",
        "rate_spread",
        "song_verdict",
        "vogels_verdict",
        "weight_modes",
    ),
    "theory": (
        "brunel_input",
        "self_consistent_rate",
        "siegert_rate",
    ),
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _LIBRARY)
