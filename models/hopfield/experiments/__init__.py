"""Hopfield nets measured against theory: every claim of the lecture, one experiment each.

Each experiment module holds a per-network trial ``fn(params, rng) -> dict | DataFrame``
(for :func:`neuroagents.sweep`), the table that pools the trials beside theory, and
the :class:`~neuroagents.runner.experiment.Experiment` that sweeps it over a grid and seeds
(:func:`~neuroagents.runner.experiment.sweep_trials`), sums it up and draws it
(:mod:`neuroagents.models.hopfield.figures`).

Modules:
    retrieval: store, corrupt, retrieve (``retrieval``, the demo).
    one_step: unhappy bits at stored patterns against ``1/2 erfc(1 / sqrt(2 alpha))``.
    capacity: final overlap after convergence against alpha, with the AGS overlap.
    completion: retrieval against the fraction of corrupted bits; the first update.
    spurious: -M, 3-mixtures, and where random starts end.
    repetition: a memory stored K times is retrieved L >> K times as often.
    dynamics: synchronous 2-cycles; energy under synchronous and asynchronous updates.
    rules: capacity of Hebb's, the pseudo-inverse and Storkey's rules.
    networks: the nets the experiments build, and error estimates across networks.
    asymmetry, asymmetry_trials: nets whose weights are not symmetric (the lecture's
        question 5): fixed points, cycles and retrieval as symmetry is broken.
    pruning: capacity per remaining synapse under magnitude, random and
        activity-dependent pruning; a spectral sparsifier of ``|W|``.
    pruning_size: the finite-size excess of the measured capacities over the theory.

EXPERIMENTS: what ``neuroagents run`` runs with model ``hopfield``
(``runs/hopfield_<name>.toml``).
"""

from __future__ import annotations

from neuroagents.models.hopfield.experiments.asymmetry import ASYMMETRY
from neuroagents.models.hopfield.experiments.capacity import CAPACITY
from neuroagents.models.hopfield.experiments.completion import COMPLETION
from neuroagents.models.hopfield.experiments.dynamics import DYNAMICS
from neuroagents.models.hopfield.experiments.one_step import ONE_STEP
from neuroagents.models.hopfield.experiments.pruning import PRUNING
from neuroagents.models.hopfield.experiments.pruning_size import PRUNING_SIZE
from neuroagents.models.hopfield.experiments.repetition import REPETITION
from neuroagents.models.hopfield.experiments.retrieval import RETRIEVAL
from neuroagents.models.hopfield.experiments.rules import RULES
from neuroagents.models.hopfield.experiments.spurious import SPURIOUS
from neuroagents.runner.experiment import Experiment

__all__ = ["EXPERIMENTS"]

EXPERIMENTS: dict[str, Experiment] = {
    e.name: e
    for e in (
        *(RETRIEVAL, ONE_STEP, CAPACITY, COMPLETION, SPURIOUS, REPETITION, DYNAMICS, RULES),
        *(ASYMMETRY, PRUNING, PRUNING_SIZE),
    )
}
