"""Connectomes: the C. elegans wiring against random graphs, walks on it, and models on it.

As the lecture asks of a connectome: how reciprocal is it, which three-neuron motifs are
over-represented against random graphs with the same degrees, what does a random walk
through it see; and a model run on the real wiring. The tools are library code
(:mod:`neuroagents.analysis.connectome`, :mod:`neuroagents.analysis.random_walks`,
:mod:`neuroagents.analysis.random_graphs`, :mod:`neuroagents.datasets`,
:mod:`neuroagents.connectome_files`); this package holds the experiments.

Modules:
    experiments_celegans: statistics against nulls, walk checks and the gap-junction
        rate model on the worm (``celegans``).
    experiments_hopfield: a Hebbian Hopfield net wired like a connectome, one-step
        error against the exact binomial theory (``hopfield``).
    figures_celegans: their figures.

``EXPERIMENTS`` is what ``neuroagents run runs/connectome_<name>.toml`` runs.
"""

from __future__ import annotations

from neuroagents.experiment import Experiment
from neuroagents.models.connectome.experiments_celegans import (
    CELEGANS,
    gap_junction_activity,
    walk_checks,
    wiring_statistics,
)
from neuroagents.models.connectome.experiments_hopfield import (
    HOPFIELD,
    hopfield_mask,
    one_step_theory,
    one_step_trial,
)

__all__ = [
    "EXPERIMENTS",
    "gap_junction_activity",
    "hopfield_mask",
    "one_step_theory",
    "one_step_trial",
    "walk_checks",
    "wiring_statistics",
]

EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (CELEGANS, HOPFIELD)}
