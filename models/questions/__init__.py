"""Questions from the lecture, answered by experiment: feedback alignment, asymmetric nets.

The students' questions at the end of the lecture, each answered by a config, a table,
a figure and a verdict: four on feedback alignment, on the networks of
:mod:`neuroagents.models.learning`, and one on Hopfield nets whose weights are not
symmetric (the convergence theorem needs symmetry: what happens to fixed points, cycles
and retrieval as it is broken by ``W = W_sym + k W_antisym`` or by diluting each synapse
independently?).

Modules:
    training: the loop the feedback questions share (train a learner, measure it as it goes).
    feedback: Q1, sparse, low-rank and sign-concordant feedback (``feedback_sparsity``).
    binary: Q2, binary hidden units: FA, straight-through backprop, NNevolution
        (``binary_units``).
    adversarial: Q3, FGSM, PGD and noise against nets trained by different rules
        (``adversarial``).
    scaling: Q4, steps to target for FA and backprop against depth and width
        (``scaling``).
    figures_feedback: their figures.
    asymmetry: Q5, the asymmetric and diluted weights, cycle detection, exhaustive
        fixed-point counts and the theory (signal-to-noise, exact mean counts, DGZ).
    asymmetry_trials: one network per trial, for sweeps.
    asymmetry_experiment: the experiment ``asymmetry`` (``runs/questions_asymmetry.toml``).
    figures_asymmetry: its figures.

``EXPERIMENTS`` is what ``neuroagents run`` runs with model ``questions``.
"""

from __future__ import annotations

from neuroagents.models.questions.adversarial import ADVERSARIAL
from neuroagents.models.questions.asymmetry_experiment import ASYMMETRY
from neuroagents.models.questions.binary import BINARY_UNITS
from neuroagents.models.questions.feedback import FEEDBACK_SPARSITY
from neuroagents.models.questions.scaling import SCALING

__all__ = ["EXPERIMENTS"]

EXPERIMENTS = {
    e.name: e for e in (FEEDBACK_SPARSITY, BINARY_UNITS, ADVERSARIAL, SCALING, ASYMMETRY)
}
