"""Rate networks and dynamics: the lecture's claims, one experiment each.

Modules:
    amplifier: steady states and settling times of the linear circuit (``amplifier``).
    integrator: lambda_1 = 1, persistent activity, mistuning, the eye (``integrator``).
    threshold_linear: active-set fixed points, winner-take-all, the CTLN cycle
        (``threshold_linear``).
    low_dim: 1-D units only settle or grow; the 2-D E-I pair's Hopf point (``low_dim``).
    chaos: random networks' Lyapunov exponents, logistic map, Lorenz (``chaos``).
    chaos_reference: the same run summarized by its checks against known answers
        (``chaos_reference``).
    cells: threshold-linear simple and complex cells, F1/F0 to gratings (``cells``).

EXPERIMENTS: what ``neuroagents run runs/rate_<name>.toml`` runs (model ``rate``).
"""

from __future__ import annotations

from neuroagents.models.rate.experiments.amplifier import AMPLIFIER
from neuroagents.models.rate.experiments.cells import CELLS
from neuroagents.models.rate.experiments.chaos import CHAOS
from neuroagents.models.rate.experiments.chaos_reference import CHAOS_REFERENCE
from neuroagents.models.rate.experiments.integrator import INTEGRATOR
from neuroagents.models.rate.experiments.low_dim import LOW_DIM
from neuroagents.models.rate.experiments.threshold_linear import THRESHOLD_LINEAR
from neuroagents.runner.experiment import Experiment

__all__ = ["EXPERIMENTS"]

EXPERIMENTS: dict[str, Experiment] = {
    e.name: e
    for e in (AMPLIFIER, INTEGRATOR, THRESHOLD_LINEAR, LOW_DIM, CHAOS, CHAOS_REFERENCE, CELLS)
}
