"""The C. elegans connectome measured: its wiring against nulls, and a Hopfield net on it.

Modules:
    celegans: statistics against nulls, walk checks and the gap-junction rate model on
        the worm (``celegans``).
    hopfield: a Hebbian Hopfield net wired like a connectome, one-step error against the
        exact binomial theory (``hopfield``).

EXPERIMENTS: what ``neuroagents run`` runs with model ``celegans``
(``runs/connectome_celegans.toml``, ``runs/connectome_hopfield.toml``).
"""

from __future__ import annotations

from neuroagents.models.celegans.experiments.celegans import CELEGANS
from neuroagents.models.celegans.experiments.hopfield import HOPFIELD
from neuroagents.runner.experiment import Experiment

__all__ = ["EXPERIMENTS"]

EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (CELEGANS, HOPFIELD)}
