"""neuroagents: agent-based, discrete-event simulation of neural systems.

Neurons are Mesa agents on a :class:`Connectome`; a :class:`NeuralModel` runs a rule
(sign, threshold, Glauber, or your own ``Neuron.update``) in a scheduler's order
(synchronous, asynchronous sweeps or sites, fixed order, Poisson clocks), on a compiled
or a pure-agents engine, and records pandas tables.

Examples:
    >>> import neuroagents as na
    >>> from neuroagents.models import hopfield
    >>> P = hopfield.random_patterns(n=100, count=3, rng=0)
    >>> m = hopfield.HopfieldModel(hopfield.hebbian_graph(P), rng=0)
    >>> m.set_state(hopfield.corrupt(P[0], flips=10, rng=1))
    >>> m.run_until_stable(max_sweeps=20).converged
    True
    >>> float(m.overlaps(P)[0])
    1.0
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from neuroagents.errors import (
    ConfigError,
    ConnectomeError,
    DivergedError,
    NeuroagentsError,
    ValidationError,
)

# Loaded on first use (PEP 562): `import neuroagents` stays light, and the heavy
# libraries (mesa, numba, pandas, scipy) load when a model or table is first needed.
_ATTRIBUTES = {
    "Connectome": "neuroagents.connectome",
    "Glauber": "neuroagents.rules",
    "GradedResponse": "neuroagents.rules",
    "NeuralModel": "neuroagents.model",
    "Neuron": "neuroagents.neuron",
    "Rate": "neuroagents.rules",
    "Recorder": "neuroagents.record",
    "Rule": "neuroagents.rules",
    "Sign": "neuroagents.rules",
    "StabilityReport": "neuroagents.model",
    "Threshold": "neuroagents.rules",
    "load_runs": "neuroagents.store",
    "summarize": "neuroagents.analysis",
    "sweep": "neuroagents.sweeps",
}
_SUBMODULES = ("analysis", "builders", "plasticity")

if TYPE_CHECKING:  # what the names are, for type checkers and readers
    from neuroagents import analysis, builders, plasticity
    from neuroagents.analysis import summarize
    from neuroagents.connectome import Connectome
    from neuroagents.model import NeuralModel, StabilityReport
    from neuroagents.neuron import Neuron
    from neuroagents.record import Recorder
    from neuroagents.rules import Glauber, GradedResponse, Rate, Rule, Sign, Threshold
    from neuroagents.store import load_runs
    from neuroagents.sweeps import sweep


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        value = importlib.import_module(f"neuroagents.{name}")
    elif name in _ATTRIBUTES:
        value = getattr(importlib.import_module(_ATTRIBUTES[name]), name)
    else:
        raise AttributeError(f"module 'neuroagents' has no attribute {name!r}")
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


__all__ = [
    "ConfigError",
    "Connectome",
    "ConnectomeError",
    "DivergedError",
    "Glauber",
    "GradedResponse",
    "NeuralModel",
    "NeuroagentsError",
    "Neuron",
    "Rate",
    "Recorder",
    "Rule",
    "Sign",
    "StabilityReport",
    "Threshold",
    "ValidationError",
    "analysis",
    "builders",
    "load_runs",
    "plasticity",
    "summarize",
    "sweep",
]

__version__ = "0.1.0"
