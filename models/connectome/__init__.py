"""Connectomes: the C. elegans wiring against random graphs, walks, models on it, and pruning.

As the lecture asks of a connectome: how reciprocal is it, which three-neuron motifs are
over-represented against random graphs with the same degrees, what does a random walk
through it see, what happens when synapses are pruned, and can a dense graph be
sparsified without changing what it does. The tools are library code
(:mod:`neuroagents.analysis.connectome`, :mod:`neuroagents.analysis.random_walks`,
:mod:`neuroagents.analysis.random_graphs`, :mod:`neuroagents.analysis.sparsify`,
:mod:`neuroagents.pruning`, :mod:`neuroagents.datasets`,
:mod:`neuroagents.connectome_files`); this package holds the experiments.

Modules:
    experiments_celegans: statistics against nulls, walk checks and the gap-junction
        rate model on the worm (``celegans``).
    experiments_hopfield: a Hebbian Hopfield net wired like a connectome, one-step
        error against the exact binomial theory (``hopfield``).
    figures_celegans: their figures.
    theory_pruning: Sompolinsky's static-noise capacity of pruned Hebbian nets.
    experiments_pruning: the experiment ``pruning`` (capacity per remaining synapse
        under magnitude, random and activity-dependent pruning; a spectral sparsifier
        of ``|W|``).
    experiments_pruning_size: the experiment ``pruning_size`` (the finite-size
        excess of the measured capacities over the theory, against n).
    figures_pruning: their figures.

``EXPERIMENTS`` is what ``neuroagents run runs/connectome_<name>.toml`` runs.
"""

from __future__ import annotations

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
from neuroagents.models.connectome.experiments_pruning import PRUNING
from neuroagents.models.connectome.experiments_pruning_size import PRUNING_SIZE
from neuroagents.runner.experiment import Experiment

__all__ = [
    "EXPERIMENTS",
    "gap_junction_activity",
    "hopfield_mask",
    "one_step_theory",
    "one_step_trial",
    "walk_checks",
    "wiring_statistics",
]

EXPERIMENTS: dict[str, Experiment] = {
    e.name: e for e in (CELEGANS, HOPFIELD, PRUNING, PRUNING_SIZE)
}
