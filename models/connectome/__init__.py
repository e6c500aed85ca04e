"""Connectomes: pruning and spectral sparsification of a Hopfield net's wiring.

Modules:
    theory_pruning: Sompolinsky's static-noise capacity of pruned Hebbian nets.
    experiments_pruning: the experiment ``pruning`` (capacity per remaining synapse
        under magnitude, random and activity-dependent pruning; a spectral sparsifier
        of ``|W|``).
    experiments_pruning_size: the experiment ``pruning_size`` (the finite-size
        excess of the measured capacities over the theory, against n).
    figures_pruning: their figures.

The pruning rules are in :mod:`neuroagents.pruning`, the sparsifier in
:mod:`neuroagents.analysis.sparsify`. ``EXPERIMENTS`` is what ``neuroagents run`` runs.
"""

from __future__ import annotations

from neuroagents.models.connectome.experiments_pruning import PRUNING
from neuroagents.models.connectome.experiments_pruning_size import PRUNING_SIZE

EXPERIMENTS = {"pruning": PRUNING, "pruning_size": PRUNING_SIZE}

__all__ = ["EXPERIMENTS"]
