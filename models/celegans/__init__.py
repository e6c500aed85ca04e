"""C. elegans: the worm's wiring against random graphs, walks on it, and models on it.

As the lecture asks of a connectome: how reciprocal is it, which three-neuron motifs are
over-represented against random graphs with the same degrees, what does a random walk
through it see, and what does a network wired like it do. The general tools are core
library code (:mod:`neuroagents.analysis.connectome`,
:mod:`neuroagents.analysis.random_walks`, :mod:`neuroagents.analysis.random_graphs`,
:mod:`neuroagents.datasets`, :mod:`neuroagents.connectome.files`); this system applies
them to the worm (Varshney et al. 2011, shipped), or to any connectome a config names.

Modules:
    wiring: statistics against nulls, walk checks, and the gap-junction rate model
        (GapJunctionParams, GapJunctionModel: the contract model of this system).
    hebbian: a Hebbian Hopfield net wired like a connectome, and its exact one-step
        error (a binomial tail per degree).
    experiments: ``celegans`` and ``hopfield`` (``runs/connectome_*.toml``), found by
        the runner when asked; figures: their figures.

Pruning (once here) is with the Hopfield nets it prunes: :mod:`neuroagents.models.hopfield`.

The package exposes the library only, loaded on first use (``celegans.GapJunctionModel``
imports its module then); ``experiments`` (what ``neuroagents run`` runs with model
``celegans``), the figures and ``view`` (the browser page) are imported only when asked
for. The model contract (docs/contract.md): ``GapJunctionParams`` and
``GapJunctionModel.from_params(params, rng=...)``.
"""

from __future__ import annotations

from neuroagents.models.exports import lazy_exports

# The library, loaded on first use: importing the system imports none of it.
_LIBRARY = {
    "wiring": (
        "GapJunctionModel",
        "GapJunctionParams",
        "gap_junction_activity",
        "walk_checks",
        "wiring_statistics",
    ),
    "hebbian": (
        "hopfield_mask",
        "one_step_theory",
        "one_step_trial",
    ),
}
# Experiment pieces this package once re-exported (use the experiments modules).
_MOVED = {
    "experiments": ("EXPERIMENTS",),
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _LIBRARY, _MOVED)
