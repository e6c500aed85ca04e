"""Hopfield nets: Hebbian storage, retrieval, energy, capacity, against theory.

As the lecture tells it: ±1 neurons on symmetric weights; a node is *happy* if
``sum_j v_i v_j w_ij >= 0``; while an unhappy node exists, flip it. The energy
``-1/2 v.W.v`` falls with every flip, so the dynamics stop at fixed points, and Hebb's
rule makes stored patterns such fixed points up to about 0.138 n patterns.

Modules:
    network: patterns, overlap, energy, mixtures, and HopfieldModel (a NeuralModel).
    learning_rules: Hebb's rule (matrix or networkx graph), pseudo-inverse, Storkey;
        any of them on the edges of your own graph (store_on_graph).
    theory: signal-to-noise one-step error (large n and exact), Amit-Gutfreund-
        Sompolinsky capacity and overlap, the first update, 3-mixture errors.
    params: HopfieldParams, the net of the model contract.
    asymmetry: nets whose weights are not symmetric (the lecture's question 5): the
        weights, cycle detection, exhaustive fixed-point counts and the theory.
    pruning: Sompolinsky's static-noise capacity of pruned Hebbian nets.
    experiments: the lecture's claims measured against theory, one module each, and
        ``asymmetry``, ``pruning``, ``pruning_size``.
    figures, figures_asymmetry, figures_pruning: the experiments' figures.
    view: the browser page.

The package exposes the library only, loaded on first use (``hopfield.HopfieldModel``
imports its module then); ``experiments`` (what ``neuroagents run`` runs with model
``hopfield``), the figures and ``view`` (the browser page) are imported only when asked
for. The model contract (docs/contract.md): ``HopfieldParams`` and
``HopfieldModel.from_params(params, rng=...)``.
"""

from __future__ import annotations

from neuroagents.models.exports import lazy_exports

# The library, loaded on first use: importing the system imports none of it.
_LIBRARY = {
    "learning_rules": (
        "LEARNING_RULES",
        "hebbian_graph",
        "hebbian_weights",
        "pseudo_inverse_weights",
        "store_on_graph",
        "storkey_weights",
    ),
    "params": ("HopfieldParams",),
    "network": (
        "CENSUS",
        "RETRIEVED",
        "HopfieldModel",
        "biased_patterns",
        "check_patterns",
        "classify_state",
        "corrupt",
        "energy",
        "grid_patterns",
        "mixture",
        "overlap",
        "random_patterns",
    ),
    "theory": (
        "ags_capacity",
        "ags_overlap",
        "crosstalk_below",
        "first_step_overlap",
        "mixture_error",
        "one_step_error",
        "one_step_error_exact",
    ),
    "asymmetry": (
        "DGZ_CAPACITY",
        "antisymmetric_gaussian",
        "asymmetric_hebbian_weights",
        "asymmetric_model",
        "asymmetry_eta",
        "count_fixed_points",
        "dgz_overlap",
        "diluted_hebbian_weights",
        "expected_fixed_points",
        "fixed_point_states",
        "one_step_error_asym",
        "random_couplings",
        "sync_period",
    ),
    "pruning": (
        "EXTREME_DILUTION",
        "NOISE_RULES",
        "capacity_per_synapse",
        "pruning_noise",
        "static_noise_capacity",
        "static_noise_overlap",
    ),
}
# Experiment pieces this package once re-exported (use the experiments modules).
_MOVED = {
    "experiments": ("EXPERIMENTS",),
    "experiments.capacity": (
        "capacity_table",
        "capacity_trial",
    ),
    "experiments.completion": ("completion_trial",),
    "experiments.dynamics": (
        "dynamics_trial",
        "energy_trace",
    ),
    "experiments.one_step": (
        "one_step_table",
        "one_step_trial",
    ),
    "experiments.repetition": (
        "repetition_table",
        "repetition_trial",
    ),
    "experiments.retrieval": ("retrieval_trial",),
    "experiments.spurious": ("spurious_trial",),
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _LIBRARY, _MOVED)
