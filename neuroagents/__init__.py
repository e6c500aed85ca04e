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

from neuroagents import _moved
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
    "Glauber": "neuroagents.sim.rules",
    "GradedResponse": "neuroagents.sim.rules",
    "NeuralModel": "neuroagents.sim.model",
    "Neuron": "neuroagents.sim.neuron",
    "Rate": "neuroagents.sim.rules",
    "Recorder": "neuroagents.sim.record",
    "Rule": "neuroagents.sim.rules",
    "Sign": "neuroagents.sim.rules",
    "StabilityReport": "neuroagents.sim.model",
    "Threshold": "neuroagents.sim.rules",
    "load_runs": "neuroagents.sweeps.store",
    "summarize": "neuroagents.analysis",
    "sweep": "neuroagents.sweeps",
}
# Attribute -> module: ``na.builders`` and ``na.plasticity`` are public names.
_SUBMODULES = {
    "analysis": "neuroagents.analysis",
    "builders": "neuroagents.connectome.builders",
    "plasticity": "neuroagents.sim.plasticity",
}
# The flat modules of earlier releases import from their new homes, with a warning.
_moved.install()

if TYPE_CHECKING:  # what the names are, for type checkers and readers
    from neuroagents import analysis
    from neuroagents.analysis import summarize
    from neuroagents.connectome import Connectome, builders
    from neuroagents.sim import plasticity
    from neuroagents.sim.model import NeuralModel, StabilityReport
    from neuroagents.sim.neuron import Neuron
    from neuroagents.sim.record import Recorder
    from neuroagents.sim.rules import Glauber, GradedResponse, Rate, Rule, Sign, Threshold
    from neuroagents.sweeps import sweep
    from neuroagents.sweeps.store import load_runs


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        value = importlib.import_module(_SUBMODULES[name])
    elif f"neuroagents.{name}" in _moved.MOVED:  # warns, naming the new path
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
