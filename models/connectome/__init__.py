"""Connectomes: pruning and spectral sparsification of a Hopfield net's wiring.

Modules:
    theory_pruning: Sompolinsky's static-noise capacity of pruned Hebbian nets.
    experiments_pruning: the experiment ``pruning`` (capacity per remaining synapse
        under magnitude, random and activity-dependent pruning; a spectral sparsifier
        of ``|W|``).
    figures_pruning: its figures.

The pruning rules are in :mod:`neuroagents.pruning`, the sparsifier in
:mod:`neuroagents.analysis.sparsify`. ``EXPERIMENTS`` is what ``neuroagents run`` runs.
"""

from __future__ import annotations

from neuroagents.models.connectome.experiments_pruning import PRUNING

EXPERIMENTS = {"pruning": PRUNING}

__all__ = ["EXPERIMENTS"]
