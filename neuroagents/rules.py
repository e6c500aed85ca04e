"""Update rules: how one neuron computes its next state from its input.

Pieces:
    Rule: the interface (a plain-Python ``new_state`` that is the reference).
    Sign: the Hopfield rule, states ±1, ties keep the state.
    Threshold: binary 0/1 units, active iff input is strictly above threshold.
    Glauber: stochastic ±1 units at temperature T (heat-bath dynamics).
    make_rule: turn a name like ``"sign"`` into a Rule.

Every built-in rule has a ``code`` that selects the same formula inside the compiled
kernels (:mod:`neuroagents.kernels`); the plain-Python ``new_state`` here is the
reference the agents engine runs, and the two give the same trajectory for the same
seed. Here ``x`` is the total input (synaptic input plus external drive), ``s`` the
current state, ``theta`` the neuron's threshold and ``u`` a uniform draw in [0, 1)
that only stochastic rules read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.validation import check_choice, check_real

__all__ = ["Glauber", "Rule", "Sign", "Threshold", "make_rule"]

# Codes shared with kernels.py; a Rule without a code runs only in the agents engine.
SIGN, THRESHOLD, GLAUBER = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Rule:
    """Base class: subclass it and implement ``new_state`` for a Python-only rule."""

    name: ClassVar[str] = "custom"
    code: ClassVar[int | None] = None
    states: ClassVar[tuple[float, ...] | None] = None
    stochastic: ClassVar[bool] = False

    def new_state(self, x: float, s: float, theta: float, u: float) -> float:
        """Return the next state of a neuron with total input ``x`` and state ``s``."""
        raise NotImplementedError

    @property
    def temperature(self) -> float:
        """Noise temperature passed to the kernels (0 for deterministic rules)."""
        return 0.0

    def keeps(self, x: np.ndarray, s: np.ndarray, theta: np.ndarray) -> np.ndarray:
        """Vectorised: which neurons the (deterministic) rule would leave unchanged."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Sign(Rule):
    """Hopfield's rule: ``s <- +1 if x > theta, -1 if x < theta``, unchanged at a tie.

    A neuron is *happy* when ``s * (x - theta) >= 0``: flipping it would not lower the
    energy, so ties keep the state and dynamics stop at a fixed point.
    """

    name: ClassVar[str] = "sign"
    code: ClassVar[int] = SIGN
    states: ClassVar[tuple[float, ...]] = (-1.0, 1.0)

    def new_state(self, x: float, s: float, theta: float, u: float) -> float:  # noqa: D102
        if x > theta:
            return 1.0
        if x < theta:
            return -1.0
        return s

    def keeps(self, x: np.ndarray, s: np.ndarray, theta: np.ndarray) -> np.ndarray:  # noqa: D102
        return s * (x - theta) >= 0


@dataclass(frozen=True, slots=True)
class Threshold(Rule):
    """Binary threshold unit: ``s <- 1 if x > theta else 0`` (strictly greater)."""

    name: ClassVar[str] = "threshold"
    code: ClassVar[int] = THRESHOLD
    states: ClassVar[tuple[float, ...]] = (0.0, 1.0)

    def new_state(self, x: float, s: float, theta: float, u: float) -> float:  # noqa: D102
        return 1.0 if x > theta else 0.0

    def keeps(self, x: np.ndarray, s: np.ndarray, theta: np.ndarray) -> np.ndarray:  # noqa: D102
        return (x > theta) == (s == 1.0)


@dataclass(frozen=True, slots=True)
class Glauber(Rule):
    """Heat-bath rule at temperature T: ``P(s = +1) = 1 / (1 + exp(-2 (x - theta) / T))``.

    As T -> 0 it becomes :class:`Sign` (with random tie-breaking). It has no fixed
    points, so ``run_until_stable`` refuses it.

    Args:
        temperature: T > 0.
    """

    name: ClassVar[str] = "glauber"
    code: ClassVar[int] = GLAUBER
    states: ClassVar[tuple[float, ...]] = (-1.0, 1.0)
    stochastic: ClassVar[bool] = True
    T: float = 1.0

    def __post_init__(self) -> None:
        check_real("temperature", self.T, "Glauber", low=0.0, low_open=True)

    @property
    def temperature(self) -> float:  # noqa: D102
        return self.T

    def new_state(self, x: float, s: float, theta: float, u: float) -> float:  # noqa: D102
        return 1.0 if u < glauber_probability(2.0 * (x - theta) / self.T) else -1.0


def glauber_probability(z: float) -> float:
    """Logistic ``1 / (1 + exp(-z))``, written to never overflow (kernels copy it)."""
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


RULES = {"sign": Sign, "threshold": Threshold, "glauber": Glauber}


def make_rule(rule: str | Rule, temperature: float | None = None) -> Rule:
    """Return a Rule from a name (``"sign"``, ``"threshold"``, ``"glauber"``) or a Rule.

    Args:
        rule: a name or an instance.
        temperature: the temperature of ``"glauber"`` (default 1.0).
    """
    if isinstance(rule, Rule):
        return rule
    check_choice("rule", rule, "NeuralModel", tuple(RULES))
    if temperature is not None and rule != "glauber":
        raise ValidationError(
            f"The 'temperature' parameter of NeuralModel only applies to rule='glauber'. "
            f"Got temperature={temperature!r} with rule={rule!r}."
        )
    if rule == "glauber":
        return Glauber(1.0 if temperature is None else temperature)
    return RULES[rule]()
