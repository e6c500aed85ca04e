"""E–I populations against the mean field: the lecture's claim, agreement, phase diagrams.

Each experiment runs :class:`~neuroagents.models.ei.network.EIModel` agents beside the
:class:`~neuroagents.models.ei.mean_field.MeanField` ODE, measures both time courses the
same way (:mod:`~neuroagents.models.ei.measures`), tabulates them and draws them
(:mod:`~neuroagents.models.ei.figures`).

Modules:
    balance: time courses and overshoots against τ_E/τ_I, the Hopf point (``balance``).
    agreement: agents against the mean field at several settings (``agreement``).
    phase: phase diagrams over (T_E, T_I) and (τ_E/τ_I, p) (``phase``).
    parameters: the network parameters every E–I experiment takes; one paired run.

EXPERIMENTS: what ``neuroagents run runs/ei_<name>.toml`` runs (model ``ei``).
"""

from __future__ import annotations

from neuroagents.models.ei.experiments.agreement import AGREEMENT
from neuroagents.models.ei.experiments.balance import BALANCE
from neuroagents.models.ei.experiments.phase import PHASE
from neuroagents.runner.experiment import Experiment

__all__ = ["EXPERIMENTS"]

EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (BALANCE, AGREEMENT, PHASE)}
