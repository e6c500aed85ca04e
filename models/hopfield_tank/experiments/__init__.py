"""Hopfield-Tank experiments: the 1985 claim, the 1988 replication, and what works.

Modules:
    starts: one instance, many starts of the network: the trial the experiments share.
    protocol: the 1985 protocol, 20 runs per instance, beside the paper's figures.
    replication: Wilson & Pawley's 1988 protocol, outcomes and ratio distribution.
    phase: valid fraction and length ratio over (A = B, n') and over dt.
    beyond: the 1985 net, the row/column energy, nearest neighbour and 2-opt.

EXPERIMENTS: what ``neuroagents run`` runs with model ``hopfield_tank``
(``runs/hopfield_tank_<name>.toml``).
"""

from __future__ import annotations

from neuroagents.models.hopfield_tank.experiments.beyond import BEYOND
from neuroagents.models.hopfield_tank.experiments.phase import PHASE
from neuroagents.models.hopfield_tank.experiments.protocol import PROTOCOL
from neuroagents.models.hopfield_tank.experiments.replication import REPLICATION
from neuroagents.runner.experiment import Experiment

__all__ = ["EXPERIMENTS"]

EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (PROTOCOL, REPLICATION, PHASE, BEYOND)}
