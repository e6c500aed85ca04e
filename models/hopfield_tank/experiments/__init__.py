"""Hopfield-Tank experiments: the 1985 claim, the 1988 replication, and what works.

Modules:
    runs: one instance, many starts of the network: the trial the experiments share.

EXPERIMENTS: what ``neuroagents run`` runs with model ``hopfield_tank``
(``runs/hopfield_tank_<name>.toml``).
"""

from __future__ import annotations

from neuroagents.experiment import Experiment

__all__ = ["EXPERIMENTS"]

EXPERIMENTS: dict[str, Experiment] = {}
