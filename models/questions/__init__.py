"""Deprecated: the lecture's questions now live with the systems they ask about.

The feedback-alignment questions (``feedback_sparsity``, ``binary_units``,
``adversarial``, ``scaling``) are experiments of :mod:`neuroagents.models.learning`;
the asymmetric Hopfield nets (``asymmetry``) are part of
:mod:`neuroagents.models.hopfield`. The old module paths keep working for one release,
with a DeprecationWarning; configs with ``model = "questions"`` still run (the runner
names the new model).
"""

from __future__ import annotations

from neuroagents.models.exports import deprecated_package

deprecated_package(
    __name__,
    {
        "training": "neuroagents.models.learning.experiments.training",
        "feedback": "neuroagents.models.learning.experiments.feedback_sparsity",
        "binary": "neuroagents.models.learning.experiments.binary_units",
        "adversarial": "neuroagents.models.learning.experiments.adversarial",
        "scaling": "neuroagents.models.learning.experiments.scaling",
        "figures_feedback": "neuroagents.models.learning.figures_questions",
        "asymmetry": "neuroagents.models.hopfield.asymmetry",
        "asymmetry_trials": "neuroagents.models.hopfield.experiments.asymmetry_trials",
        "asymmetry_experiment": "neuroagents.models.hopfield.experiments.asymmetry",
        "figures_asymmetry": "neuroagents.models.hopfield.figures_asymmetry",
    },
)
