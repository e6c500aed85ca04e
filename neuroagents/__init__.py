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

from neuroagents import analysis, builders, plasticity
from neuroagents.analysis import summarize
from neuroagents.connectome import Connectome
from neuroagents.errors import ConfigError, ConnectomeError, NeuroagentsError, ValidationError
from neuroagents.model import NeuralModel, StabilityReport
from neuroagents.neuron import Neuron
from neuroagents.record import Recorder
from neuroagents.rules import Glauber, GradedResponse, Rate, Rule, Sign, Threshold
from neuroagents.store import load_runs
from neuroagents.sweep import sweep

__all__ = [
    "ConfigError",
    "Connectome",
    "ConnectomeError",
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
