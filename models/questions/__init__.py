"""Questions from the lecture, answered by experiment: feedback alignment beyond the paper.

The students' questions at the end of the lecture, each answered by a config, a table,
a figure and a verdict, on the networks of :mod:`neuroagents.models.learning`.

Modules:
    training: the loop every question shares (train a learner, measure it as it goes).
    feedback: Q1, sparse, low-rank and sign-concordant feedback (``feedback_sparsity``).
    binary: Q2, binary hidden units: FA, straight-through backprop, NNevolution
        (``binary_units``).
    adversarial: Q3, FGSM, PGD and noise against nets trained by different rules
        (``adversarial``).
    scaling: Q4, steps to target for FA and backprop against depth and width
        (``scaling``).
    figures_feedback: their figures.

``EXPERIMENTS`` is what ``neuroagents run`` runs with model ``questions``.
"""

from __future__ import annotations

from neuroagents.models.questions.adversarial import ADVERSARIAL
from neuroagents.models.questions.binary import BINARY_UNITS
from neuroagents.models.questions.feedback import FEEDBACK_SPARSITY
from neuroagents.models.questions.scaling import SCALING

__all__ = ["EXPERIMENTS"]

EXPERIMENTS = {e.name: e for e in (FEEDBACK_SPARSITY, BINARY_UNITS, ADVERSARIAL, SCALING)}
