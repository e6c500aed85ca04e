"""Evolved and biologically plausible learning: NNevolution, signSGD, feedback alignment.

One network and one set of tasks serve every learner: layered sigmoid nets trained on
teacher-student regression, sparse parity and 8x8 digits, by NNevolution (allele
frequencies, the lecture's algorithm), SGD, signSGD, feedback alignment and sign-FA.

Modules:
    feedforward: LayeredNet, the layered sigmoid net as arrays (built on builders.layered).
    tasks: teacher-student regression, sparse parity, 8x8 digits; minibatches.
    evolution: NNevolution (allele fitness, p_A <- p_A (1 + eps f(A))) and allele schemes.
    plausible: backprop, signSGD, feedback alignment, sign-FA, and their diagnostics;
        sparse, low-rank and sign-concordant feedback.
    units: binary (step) and identity hidden units, with straight-through or sigmoid
        surrogate derivatives.
    attacks: FGSM and PGD with a trained net's true input gradient; random-sign noise.
    experiments_evolution: NNevolution against SGD, signSGD and FA (``vs_signsgd``).
    experiments_alignment: feedback alignment's angles over training
        (``feedback_alignment``).
    agents: a trained net run as a NeuralModel of sigmoid rate neurons (Mesa agents).

Everything public is re-exported here (``learning.LayeredNet``, ``learning.NNEvolution``…);
``EXPERIMENTS`` is what ``neuroagents run`` runs with model ``learning``.
"""

from __future__ import annotations

from neuroagents.models.learning import experiments_alignment, experiments_evolution
from neuroagents.models.learning.agents import agent_forward, to_model
from neuroagents.models.learning.attacks import fgsm, input_gradient, pgd, random_sign_noise
from neuroagents.models.learning.evolution import (
    MAX_EPSILON,
    GenerationReport,
    GridAlleles,
    NNEvolution,
    OffsetAlleles,
    allele_fitness,
    population_losses,
    sample_alleles,
    update_probabilities,
)
from neuroagents.models.learning.feedforward import LayeredNet, ParameterLayout, activations, mse
from neuroagents.models.learning.plausible import (
    RULES,
    GradientLearner,
    Gradients,
    alignment_angle,
    angle_degrees,
    gradients,
    layer_alignment_angles,
    random_feedback,
    structured_feedback,
    update_angle,
)
from neuroagents.models.learning.tasks import (
    TASKS,
    Minibatches,
    Task,
    checkpoints,
    digits,
    make_task,
    parity,
    teacher_student,
)
from neuroagents.models.learning.units import HiddenUnits

__all__ = [
    "EXPERIMENTS",
    "MAX_EPSILON",
    "RULES",
    "TASKS",
    "GenerationReport",
    "GradientLearner",
    "Gradients",
    "GridAlleles",
    "HiddenUnits",
    "LayeredNet",
    "Minibatches",
    "NNEvolution",
    "OffsetAlleles",
    "ParameterLayout",
    "Task",
    "activations",
    "agent_forward",
    "alignment_angle",
    "allele_fitness",
    "angle_degrees",
    "checkpoints",
    "digits",
    "fgsm",
    "gradients",
    "input_gradient",
    "layer_alignment_angles",
    "make_task",
    "mse",
    "parity",
    "pgd",
    "population_losses",
    "random_feedback",
    "random_sign_noise",
    "sample_alleles",
    "structured_feedback",
    "teacher_student",
    "to_model",
    "update_angle",
    "update_probabilities",
]

EXPERIMENTS = {**experiments_evolution.EXPERIMENTS, **experiments_alignment.EXPERIMENTS}
