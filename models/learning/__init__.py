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
    estimator: LearningParams and LayeredEstimator (fit, transform, score_samples).
    experiments: NNevolution against SGD, signSGD and FA (``vs_signsgd``), feedback
        alignment's angles (``feedback_alignment``), and the lecture's four questions
        on feedback alignment (``feedback_sparsity``, ``binary_units``,
        ``adversarial``, ``scaling``); figures, figures_questions: their figures.
    agents: a trained net run as a NeuralModel of sigmoid rate neurons (Mesa agents).

The package exposes the library only, loaded on first use (``learning.LayeredNet``
imports its module then); ``experiments`` (what ``neuroagents run`` runs with model
``learning``), the figures and ``view`` (the browser page) are imported only when asked
for. The model contract (docs/contract.md): ``LearningParams`` and
``LayeredEstimator.from_params(params, rng=...)``: ``fit``, ``transform``,
``score_samples``, ``to_model`` (the agent view).
"""

from __future__ import annotations

from neuroagents.models.exports import alias_modules, lazy_exports

# The library, loaded on first use: importing the system imports none of it.
_LIBRARY = {
    "estimator": (
        "LayeredEstimator",
        "LearningParams",
    ),
    "agents": (
        "agent_forward",
        "to_model",
    ),
    "attacks": (
        "fgsm",
        "input_gradient",
        "pgd",
        "random_sign_noise",
    ),
    "evolution": (
        "MAX_EPSILON",
        "GenerationReport",
        "GridAlleles",
        "NNEvolution",
        "OffsetAlleles",
        "allele_fitness",
        "population_losses",
        "sample_alleles",
        "update_probabilities",
    ),
    "feedforward": (
        "LayeredNet",
        "ParameterLayout",
        "activations",
        "mse",
    ),
    "plausible": (
        "RULES",
        "GradientLearner",
        "Gradients",
        "alignment_angle",
        "angle_degrees",
        "gradients",
        "layer_alignment_angles",
        "random_feedback",
        "structured_feedback",
        "update_angle",
    ),
    "tasks": (
        "TASKS",
        "Minibatches",
        "Task",
        "checkpoints",
        "digits",
        "make_task",
        "parity",
        "teacher_student",
    ),
    "units": ("HiddenUnits",),
}
# Experiment pieces this package once re-exported (use the experiments modules).
_MOVED = {
    "experiments": ("EXPERIMENTS",),
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _LIBRARY, _MOVED)
alias_modules(
    __name__,
    {
        "experiments_alignment": "neuroagents.models.learning.experiments.alignment",
        "experiments_evolution": "neuroagents.models.learning.experiments.evolution",
    },
)
