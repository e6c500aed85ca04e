"""Learning measured: NNevolution against gradient rules, and the lecture's questions on FA.

Modules:
    evolution: NNevolution against SGD, signSGD and FA (``vs_signsgd``).
    comparison_headlines: that comparison's headline numbers (a run's summary).
    alignment: feedback alignment's angles over training (``feedback_alignment``).
    training: the loop the feedback questions share (train a learner, measure it as it
        goes).
    feedback_sparsity: Q1, sparse, low-rank and sign-concordant feedback.
    binary_units: Q2, binary hidden units: FA, straight-through backprop, NNevolution.
    adversarial: Q3, FGSM, PGD and noise against nets trained by different rules.
    scaling: Q4, steps to target for FA and backprop against depth and width.
    question_headlines: the four questions' headline numbers (a run's summary).

EXPERIMENTS: what ``neuroagents run`` runs with model ``learning``
(``runs/evolution_*.toml``, ``runs/feedback_alignment.toml``, ``runs/questions_*.toml``).
"""

from __future__ import annotations

from neuroagents.models.learning.experiments import alignment, evolution
from neuroagents.models.learning.experiments.adversarial import ADVERSARIAL
from neuroagents.models.learning.experiments.binary_units import BINARY_UNITS
from neuroagents.models.learning.experiments.feedback_sparsity import FEEDBACK_SPARSITY
from neuroagents.models.learning.experiments.scaling import SCALING
from neuroagents.runner.experiment import Experiment

__all__ = ["EXPERIMENTS"]

EXPERIMENTS: dict[str, Experiment] = {
    **evolution.EXPERIMENTS,
    **alignment.EXPERIMENTS,
    **{e.name: e for e in (FEEDBACK_SPARSITY, BINARY_UNITS, ADVERSARIAL, SCALING)},
}
