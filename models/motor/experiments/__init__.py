"""Motor cortex dynamics: the experiments.

Modules:
    rotations: jPCA on the network and on the tuning populations, tangling of the
        network against its muscles, cycling forward and backward (``rotations``).
    soc: the same analyses on a stability-optimised E-I circuit and three controls
        (``soc``).

EXPERIMENTS: what ``neuroagents run runs/motor_<name>.toml`` runs (model ``motor``).
"""

from __future__ import annotations

from neuroagents.models.motor.experiments.rotations import ROTATIONS
from neuroagents.models.motor.experiments.soc import SOC
from neuroagents.runner.experiment import Experiment

__all__ = ["EXPERIMENTS"]

EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (ROTATIONS, SOC)}
