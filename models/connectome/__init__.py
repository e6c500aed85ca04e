"""Deprecated: the connectome experiments now live in systems that say what they are.

The C. elegans work is :mod:`neuroagents.models.celegans`; pruning is with the Hopfield
nets it prunes (:mod:`neuroagents.models.hopfield`: ``pruning`` the theory,
``experiments.pruning`` and ``experiments.pruning_size``). The old module paths keep
working for one release, with a DeprecationWarning; configs with
``model = "connectome"`` still run (the runner names the new model).
"""

from __future__ import annotations

from neuroagents.models.exports import deprecated_package

deprecated_package(
    __name__,
    {
        "experiments_celegans": "neuroagents.models.celegans.experiments.celegans",
        "experiments_hopfield": "neuroagents.models.celegans.experiments.hopfield",
        "figures_celegans": "neuroagents.models.celegans.figures",
        "theory_pruning": "neuroagents.models.hopfield.pruning",
        "experiments_pruning": "neuroagents.models.hopfield.experiments.pruning",
        "experiments_pruning_size": "neuroagents.models.hopfield.experiments.pruning_size",
        "figures_pruning": "neuroagents.models.hopfield.figures_pruning",
    },
    names={
        "gap_junction_activity": "neuroagents.models.celegans.wiring",
        "walk_checks": "neuroagents.models.celegans.wiring",
        "wiring_statistics": "neuroagents.models.celegans.wiring",
        "hopfield_mask": "neuroagents.models.celegans.hebbian",
        "one_step_theory": "neuroagents.models.celegans.hebbian",
        "one_step_trial": "neuroagents.models.celegans.hebbian",
        "CELEGANS": "neuroagents.models.celegans.experiments.celegans",
        "HOPFIELD": "neuroagents.models.celegans.experiments.hopfield",
        "PRUNING": "neuroagents.models.hopfield.experiments.pruning",
        "PRUNING_SIZE": "neuroagents.models.hopfield.experiments.pruning_size",
    },
)
