"""Hopfield nets: Hebbian storage, retrieval, energy, capacity, against theory.

As the lecture tells it: ±1 neurons on symmetric weights; a node is *happy* if
``sum_j v_i v_j w_ij >= 0``; while an unhappy node exists, flip it. The energy
``-1/2 v.W.v`` falls with every flip, so the dynamics stop at fixed points, and Hebb's
rule makes stored patterns such fixed points up to about 0.138 n patterns.

Modules:
    network: patterns, overlap, energy, mixtures, and HopfieldModel (a NeuralModel).
    learning_rules: Hebb's rule (matrix or networkx graph), pseudo-inverse, Storkey.
    theory: signal-to-noise one-step error (large n and exact), Amit-Gutfreund-
        Sompolinsky capacity and overlap, the first update, 3-mixture errors.
    experiments: the lecture's claims measured against theory, one module each.
    figures: the experiments' figures.

Everything public is re-exported here (``hopfield.HopfieldModel``,
``hopfield.hebbian_graph``…); ``EXPERIMENTS`` is what ``neuroagents run`` runs.
"""

from __future__ import annotations

from neuroagents.models.hopfield.experiments import EXPERIMENTS
from neuroagents.models.hopfield.experiments.capacity import capacity_table, capacity_trial
from neuroagents.models.hopfield.experiments.completion import completion_trial
from neuroagents.models.hopfield.experiments.dynamics import dynamics_trial, energy_trace
from neuroagents.models.hopfield.experiments.one_step import one_step_table, one_step_trial
from neuroagents.models.hopfield.experiments.repetition import (
    repetition_table,
    repetition_trial,
)
from neuroagents.models.hopfield.experiments.retrieval import retrieval_trial
from neuroagents.models.hopfield.experiments.spurious import spurious_trial
from neuroagents.models.hopfield.learning_rules import (
    LEARNING_RULES,
    hebbian_graph,
    hebbian_weights,
    pseudo_inverse_weights,
    storkey_weights,
)
from neuroagents.models.hopfield.network import (
    CENSUS,
    RETRIEVED,
    HopfieldModel,
    biased_patterns,
    check_patterns,
    classify_state,
    corrupt,
    energy,
    grid_patterns,
    mixture,
    overlap,
    random_patterns,
)
from neuroagents.models.hopfield.theory import (
    ags_capacity,
    ags_overlap,
    crosstalk_below,
    first_step_overlap,
    mixture_error,
    one_step_error,
    one_step_error_exact,
)

__all__ = [
    "CENSUS",
    "EXPERIMENTS",
    "LEARNING_RULES",
    "RETRIEVED",
    "HopfieldModel",
    "ags_capacity",
    "ags_overlap",
    "biased_patterns",
    "capacity_table",
    "capacity_trial",
    "check_patterns",
    "classify_state",
    "completion_trial",
    "corrupt",
    "crosstalk_below",
    "dynamics_trial",
    "energy",
    "energy_trace",
    "first_step_overlap",
    "grid_patterns",
    "hebbian_graph",
    "hebbian_weights",
    "mixture",
    "mixture_error",
    "one_step_error",
    "one_step_error_exact",
    "one_step_table",
    "one_step_trial",
    "overlap",
    "pseudo_inverse_weights",
    "random_patterns",
    "repetition_table",
    "repetition_trial",
    "retrieval_trial",
    "spurious_trial",
    "storkey_weights",
]
