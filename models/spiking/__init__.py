"""Spiking LIF networks with delays: Brunel (2000) against the Siegert mean field.

The library (importable without matplotlib or the experiments):

Modules:
    brunel: Brunel's model A (BrunelParams, STATES, brunel_connectome, brunel_model).
    theory: the Siegert rate and the self-consistent rate of the asynchronous state.
    states: the measures of a run and the verdict on its state.
    experiments: the runs ``neuroagents run runs/spiking_*.toml`` makes (loaded lazily,
        on first access to ``EXPERIMENTS``); figures: their figures.

The neurons, delays and engines themselves are in :mod:`neuroagents.sim.spiking`.
"""

from __future__ import annotations

import importlib
from typing import Any

from neuroagents.models.spiking.brunel import (
    STATES,
    WIRINGS,
    BrunelParams,
    brunel_connectome,
    brunel_model,
)
from neuroagents.models.spiking.states import CHECKS, StateMeasures, measure_run, verdict
from neuroagents.models.spiking.theory import brunel_input, self_consistent_rate, siegert_rate

__all__ = [
    "CHECKS",
    "EXPERIMENTS",
    "STATES",
    "WIRINGS",
    "BrunelParams",
    "StateMeasures",
    "brunel_connectome",
    "brunel_input",
    "brunel_model",
    "measure_run",
    "self_consistent_rate",
    "siegert_rate",
    "verdict",
]


def __getattr__(name: str) -> Any:
    # The experiments (and matplotlib, through their figures) load on first use only.
    if name == "EXPERIMENTS":
        value = importlib.import_module("neuroagents.models.spiking.experiments").EXPERIMENTS
        globals()[name] = value
        return value
    raise AttributeError(f"module 'neuroagents.models.spiking' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
