"""The built-in neuron types (rules): how one neuron computes its next state from its input.

Pieces:
    Rule: the interface (:class:`~neuroagents.sim.neuron_type.NeuronType`; the old name).
    Sign: the Hopfield rule, states ±1, ties keep the state.
    Threshold: binary 0/1 units, active iff input is strictly above threshold.
    Glauber: stochastic ±1 units at temperature T (heat-bath dynamics).
    Rate: continuous rate neurons, ``tau dv/dt = -v + f(x - theta)``.
    GradedResponse: Hopfield's (1984) graded-response neurons,
        ``tau du/dt = -u + x - theta`` with output ``v = g(u)``.
    make_rule: turn a registered name like ``"sign"`` or ``"relu"`` into a Rule.

Here ``x`` is a neuron's total input (synaptic input ``sum_j W[i, j] v_j`` plus external
drive), ``s`` its current state, ``theta`` its threshold and ``u`` a uniform draw in
[0, 1) that only stochastic rules read. Each type is a plug-in
(:mod:`neuroagents.sim.neuron_type`): an ``@njit`` update the compiled engine inlines
into loops of its own, and the plain-Python methods here, the reference the agents
engine runs; the two give the same trajectory for the same seed. Each is registered
under its names (``"sign"``, ``"relu"``, ``"graded-tanh"`` ...).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numba import njit
from scipy import special

from neuroagents.errors import ValidationError
from neuroagents.sim.kernels import SUBNORMAL_EXP, logistic
from neuroagents.sim.neuron_type import (
    NEURON_TYPES,
    NeuronType,
    StateArray,
    register_neuron_type,
)
from neuroagents.validation import check_choice, check_real

__all__ = ["Glauber", "GradedResponse", "Rate", "Rule", "Sign", "Threshold", "make_rule"]

RATE_SHAPES = ("linear", "relu", "sigmoid", "tanh")
GRADED_SHAPES = ("sigmoid", "tanh")


Rule = NeuronType
"""The base class of every neuron type (its name before types became plug-ins)."""


# The transfer functions f of the rate types (g of the graded ones), one per shape: a
# type's update fixes its shape at compile time, so no update tests the shape (a runtime
# shape read from params kept numba from hoisting the test out of the loops: tanh rate
# steps ran 20% slower).
@njit(cache=True, inline="always")
def _linear(gain, z):
    return gain * z


@njit(cache=True, inline="always")
def _relu(gain, z):
    return gain * z if z > 0.0 else 0.0


@njit(cache=True, inline="always")
def _sigmoid(gain, z):
    return logistic(gain * z)


@njit(cache=True, inline="always")
def _tanh(gain, z):
    return math.tanh(gain * z)


@njit(cache=True, inline="always")
def _sign_update(i, x, theta, s, u, keep, params, own):
    # Branch-free form of "+1 above theta, -1 below, keep at a tie" for s = ±1: at a
    # stored pattern the sign of x is random, so branches would mispredict. Exact:
    # x - theta is never 0 for x != theta in IEEE arithmetic.
    return -s if (x - theta) * s < 0.0 else s


@njit(cache=True, inline="always")
def _sign_unstable(i, x, theta, s, tol, params, own):
    return (x - theta) * s < 0.0


@njit(cache=True, inline="always")
def _threshold_update(i, x, theta, s, u, keep, params, own):
    return 1.0 if x > theta else 0.0


@njit(cache=True, inline="always")
def _threshold_unstable(i, x, theta, s, tol, params, own):
    return (1.0 if x > theta else 0.0) != s


@njit(cache=True, inline="always")
def _glauber_update(i, x, theta, s, u, keep, params, own):
    return 1.0 if u < logistic(2.0 * (x - theta) / params[0]) else -1.0


@njit(cache=True, inline="always")
def _glauber_unstable(i, x, theta, s, tol, params, own):
    # The update at u = 0 (Glauber has no fixed points; run_until_stable refuses it).
    return (1.0 if 0.0 < logistic(2.0 * (x - theta) / params[0]) else -1.0) != s


# Rate types: tau dv/dt = -v + f(x - theta); graded types: tau du/dt = -u + x - theta,
# output g(u). One update (and stability test) per shape, each its own compiled loops.
@njit(cache=True, inline="always")
def _rate_linear_update(i, x, theta, s, u, keep, params, own):
    target = _linear(params[0], x - theta)
    return target + (s - target) * keep[i]


@njit(cache=True, inline="always")
def _rate_relu_update(i, x, theta, s, u, keep, params, own):
    target = _relu(params[0], x - theta)
    return target + (s - target) * keep[i]


@njit(cache=True, inline="always")
def _rate_sigmoid_update(i, x, theta, s, u, keep, params, own):
    target = _sigmoid(params[0], x - theta)
    return target + (s - target) * keep[i]


@njit(cache=True, inline="always")
def _rate_tanh_update(i, x, theta, s, u, keep, params, own):
    target = _tanh(params[0], x - theta)
    return target + (s - target) * keep[i]


@njit(cache=True, inline="always")
def _rate_linear_unstable(i, x, theta, s, tol, params, own):
    return not abs(_linear(params[0], x - theta) - s) < tol  # NaN counts as unstable


@njit(cache=True, inline="always")
def _rate_relu_unstable(i, x, theta, s, tol, params, own):
    return not abs(_relu(params[0], x - theta) - s) < tol


@njit(cache=True, inline="always")
def _rate_sigmoid_unstable(i, x, theta, s, tol, params, own):
    return not abs(_sigmoid(params[0], x - theta) - s) < tol


@njit(cache=True, inline="always")
def _rate_tanh_unstable(i, x, theta, s, tol, params, own):
    return not abs(_tanh(params[0], x - theta) - s) < tol


@njit(cache=True, inline="always")
def _graded_sigmoid_update(i, x, theta, s, u, keep, params, own):
    potential = own[0]
    target = x - theta
    value = target + (potential[i] - target) * keep[i]
    potential[i] = value
    return _sigmoid(params[0], value)


@njit(cache=True, inline="always")
def _graded_tanh_update(i, x, theta, s, u, keep, params, own):
    potential = own[0]
    target = x - theta
    value = target + (potential[i] - target) * keep[i]
    potential[i] = value
    return _tanh(params[0], value)


@njit(cache=True, inline="always")
def _graded_unstable(i, x, theta, s, tol, params, own):
    return not abs((x - theta) - own[0][i]) < tol


RATE_UPDATES = {
    "linear": (_rate_linear_update, _rate_linear_unstable),
    "relu": (_rate_relu_update, _rate_relu_unstable),
    "sigmoid": (_rate_sigmoid_update, _rate_sigmoid_unstable),
    "tanh": (_rate_tanh_update, _rate_tanh_unstable),
}
GRADED_UPDATES = {"sigmoid": _graded_sigmoid_update, "tanh": _graded_tanh_update}


@dataclass(frozen=True, slots=True)
class Sign(Rule):
    """Hopfield's rule: ``s <- +1 if x > theta, -1 if x < theta``, unchanged at a tie.

    A neuron is *happy* when ``s * (x - theta) >= 0``: flipping it would not lower the
    energy, so ties keep the state and dynamics stop at a fixed point.
    """

    name: ClassVar[str] = "sign"
    states: ClassVar[tuple[float, ...]] = (-1.0, 1.0)
    compiled_update = _sign_update
    compiled_unstable = _sign_unstable

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
    states: ClassVar[tuple[float, ...]] = (0.0, 1.0)
    compiled_update = _threshold_update
    compiled_unstable = _threshold_unstable

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
        T: the temperature, > 0.
    """

    name: ClassVar[str] = "glauber"
    states: ClassVar[tuple[float, ...]] = (-1.0, 1.0)
    stochastic: ClassVar[bool] = True
    compiled_update = _glauber_update
    compiled_unstable = _glauber_unstable
    T: float = 1.0

    def __post_init__(self) -> None:
        check_real("temperature", self.T, "Glauber", low=0.0, low_open=True)

    @property
    def temperature(self) -> float:
        """The noise temperature T."""
        return self.T

    @property
    def params(self) -> np.ndarray:  # noqa: D102
        return np.array([self.T])

    def new_state(self, x: float, s: float, theta: float, u: float) -> float:  # noqa: D102
        return 1.0 if u < glauber_probability(2.0 * (x - theta) / self.T) else -1.0


def glauber_probability(z: float) -> float:
    """Logistic ``1 / (1 + exp(-z))``, written to never overflow (the kernels' formula)."""
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    if z < SUBNORMAL_EXP:
        return 0.0
    e = math.exp(z)
    return e / (1.0 + e)


def _transfer_scalar(shape: str, gain: float, z: float) -> float:
    """One value of f, in the kernels' exact formula (so both engines agree bit for bit)."""
    if shape == "linear":
        return gain * z
    if shape == "relu":
        return gain * z if z > 0.0 else 0.0
    if shape == "sigmoid":
        return glauber_probability(gain * z)
    return math.tanh(gain * z)


def _transfer_array(shape: str, gain: float, z: np.ndarray) -> np.ndarray:
    if shape == "linear":
        return gain * z
    if shape == "relu":
        return np.where(z > 0.0, gain * z, 0.0)
    if shape == "sigmoid":
        y = special.expit(gain * z)
        return np.where(gain * z < SUBNORMAL_EXP, 0.0, y)  # as the kernels flush it
    return np.tanh(gain * z)


def _transfer_slope(shape: str, gain: float, z: np.ndarray) -> np.ndarray:
    if shape == "linear":
        return np.full_like(z, gain)
    if shape == "relu":
        return np.where(z > 0.0, gain, 0.0)
    if shape == "sigmoid":
        y = special.expit(gain * z)
        return gain * y * (1.0 - y)
    return gain * (1.0 - np.tanh(gain * z) ** 2)


@dataclass(frozen=True, slots=True)
class Rate(Rule):
    """Rate neuron: ``tau dv/dt = -v + f(x - theta)``, x the total input.

    Shapes of ``f``: ``"linear"`` (``gain * z``; with drive h and weights M this is the
    lecture's ``tau dv/dt = h + (M - I) v``), ``"relu"`` (threshold-linear,
    ``gain * [z]+``), ``"sigmoid"`` (``1 / (1 + exp(-gain z))``), ``"tanh"``
    (``tanh(gain z)``), or your own vectorised numpy function of z (agents engine only).

    The model advances v by ``dt`` with exponential Euler (exact for the leak) or
    forward Euler; a Poisson clock sets ``v = f(x - theta)`` when it rings.

    Args:
        shape: a shape name or a function ``f(z)``.
        gain: slope factor of the built-in shapes (> 0).

    Examples:
        >>> import neuroagents as na
        >>> na.Rate("relu").target(-1.0), na.Rate("sigmoid", gain=2.0).target(0.0)
        (0.0, 0.5)
    """

    name: ClassVar[str] = "rate"
    continuous: ClassVar[bool] = True
    shape: str | Callable[[np.ndarray], np.ndarray] = "linear"
    gain: float = 1.0

    def __post_init__(self) -> None:
        check_real("gain", self.gain, "Rate", low=0.0, low_open=True)
        if callable(self.shape):
            if self.gain != 1.0:
                raise ValidationError(
                    "The 'gain' parameter of Rate applies to the built-in shapes only; "
                    f"put it inside your function. Got gain={self.gain!r}."
                )
            return
        check_choice("shape", self.shape, "Rate", RATE_SHAPES)

    @property
    def compiled_update(self):  # type: ignore[override]  # noqa: D102
        return None if callable(self.shape) else RATE_UPDATES[self.shape][0]

    @property
    def compiled_unstable(self):  # type: ignore[override]  # noqa: D102
        return None if callable(self.shape) else RATE_UPDATES[self.shape][1]

    @property
    def params(self) -> np.ndarray:  # noqa: D102
        return np.array([self.gain])

    @property
    def label(self) -> str:
        """The shape's name (``"custom"`` for a function)."""
        return self.shape if isinstance(self.shape, str) else "custom"

    def target(self, z: float) -> float:
        """``f(z)`` for one value (the reference formula)."""
        if callable(self.shape):
            return float(self.shape(z))
        return _transfer_scalar(self.shape, self.gain, z)

    def targets(self, z: np.ndarray) -> np.ndarray:
        """``f(z)`` vectorised."""
        if callable(self.shape):
            return np.asarray(self.shape(z), dtype=np.float64)
        return _transfer_array(self.shape, self.gain, z)

    def slopes(self, z: np.ndarray) -> np.ndarray:
        """``f'(z)`` vectorised (central differences for a custom function)."""
        if callable(self.shape):
            h = 1e-6 * np.maximum(1.0, np.abs(z))
            return (self.targets(z + h) - self.targets(z - h)) / (2 * h)
        return _transfer_slope(self.shape, self.gain, z)

    def advance(self, x: float, s: float, theta: float, keep: float) -> float:
        """``t + (s - t) * keep`` with ``t = f(x - theta)``: one step toward the target."""
        t = self.target(x - theta)
        return t + (s - t) * keep


@dataclass(frozen=True, slots=True)
class GradedResponse(Rule):
    """Hopfield's graded-response neuron: ``tau du/dt = -u + x - theta``, output ``v = g(u)``.

    ``g`` is ``"tanh"`` (``tanh(gain u)``, outputs in (-1, 1)) or ``"sigmoid"``
    (``1 / (1 + exp(-gain u))``, outputs in (0, 1)). Other neurons see the output v.
    With symmetric weights the energy (Hopfield 1984)

        E = -1/2 v.W.v - (drive - theta).v + sum_i ∫_0^{v_i} g^-1(s) ds

    never increases along the continuous dynamics (``dE/dt = -tau sum g'(u) (du/dt)^2``).

    Args:
        shape: ``"tanh"`` or ``"sigmoid"``.
        gain: the slope factor (> 0); high gain approaches binary units.

    References:
        J. J. Hopfield, "Neurons with graded response have collective computational
        properties like those of two-state neurons", PNAS 81, 3088 (1984).
    """

    name: ClassVar[str] = "graded"
    continuous: ClassVar[bool] = True
    graded: ClassVar[bool] = True
    state_arrays: ClassVar[tuple[StateArray, ...]] = (StateArray("potential"),)
    compiled_unstable = _graded_unstable
    shape: str = "tanh"
    gain: float = 1.0

    def __post_init__(self) -> None:
        check_real("gain", self.gain, "GradedResponse", low=0.0, low_open=True)
        check_choice("shape", self.shape, "GradedResponse", GRADED_SHAPES)

    @property
    def compiled_update(self):  # type: ignore[override]  # noqa: D102
        return GRADED_UPDATES[self.shape]

    @property
    def params(self) -> np.ndarray:  # noqa: D102
        return np.array([self.gain])

    @property
    def label(self) -> str:
        """``"graded-tanh"`` or ``"graded-sigmoid"``."""
        return f"graded-{self.shape}"

    @property
    def output_range(self) -> tuple[float, float]:
        """The open interval of outputs v."""
        return (-1.0, 1.0) if self.shape == "tanh" else (0.0, 1.0)

    def output(self, u: float) -> float:
        """``g(u)`` for one value (the reference formula)."""
        return _transfer_scalar(self.shape, self.gain, u)

    def outputs(self, u: np.ndarray) -> np.ndarray:
        """``g(u)`` vectorised."""
        return _transfer_array(self.shape, self.gain, u)

    def slopes(self, u: np.ndarray) -> np.ndarray:
        """``g'(u)`` vectorised."""
        return _transfer_slope(self.shape, self.gain, u)

    def inverse(self, v: np.ndarray) -> np.ndarray:
        """``g^-1(v)``: the potential that gives output v."""
        v = np.asarray(v, dtype=np.float64)
        if self.shape == "tanh":
            return np.arctanh(v) / self.gain
        return special.logit(v) / self.gain

    def integral(self, v: np.ndarray) -> np.ndarray:
        """``∫_0^v g^-1(s) ds`` elementwise (the energy's leak term)."""
        v = np.asarray(v, dtype=np.float64)
        if self.shape == "tanh":
            # = v atanh(v) + 1/2 ln(1 - v^2), written to stay finite (ln 2) at v = ±1,
            # where a saturated tanh lands in floating point.
            return 0.5 * (special.xlogy(1 + v, 1 + v) + special.xlogy(1 - v, 1 - v)) / self.gain
        return (special.xlogy(v, v) + special.xlogy(1.0 - v, 1.0 - v)) / self.gain

    def advance(self, x: float, u: float, theta: float, keep: float) -> float:
        """The potential one step on: ``t + (u - t) * keep`` with ``t = x - theta``."""
        t = x - theta
        return t + (u - t) * keep


def make_rule(rule: str | Rule, temperature: float | None = None) -> Rule:
    """Return a Rule from a registered name or a Rule.

    Names: ``"sign"``, ``"threshold"``, ``"glauber"`` (binary); ``"linear"``,
    ``"relu"``, ``"sigmoid"``, ``"tanh"`` (:class:`Rate` with gain 1);
    ``"graded-tanh"``, ``"graded-sigmoid"`` (:class:`GradedResponse` with gain 1); and
    any name given to :func:`~neuroagents.sim.neuron_type.register_neuron_type`.

    Args:
        rule: a name or an instance.
        temperature: the temperature of ``"glauber"`` (default 1.0).
    """
    if isinstance(rule, Rule):
        if temperature is not None:
            raise ValidationError(
                "The 'temperature' parameter of NeuralModel only applies to rule='glauber'; "
                f"set it on the rule object instead. Got temperature={temperature!r}."
            )
        return rule
    check_choice("rule", rule, "NeuralModel", tuple(NEURON_TYPES))
    if temperature is not None and rule != "glauber":
        raise ValidationError(
            f"The 'temperature' parameter of NeuralModel only applies to rule='glauber'. "
            f"Got temperature={temperature!r} with rule={rule!r}."
        )
    if rule == "glauber":
        return Glauber(1.0 if temperature is None else temperature)
    return NEURON_TYPES[rule]()


register_neuron_type("sign", Sign)
register_neuron_type("threshold", Threshold)
register_neuron_type("glauber", Glauber)
for _shape in RATE_SHAPES:
    register_neuron_type(_shape, functools.partial(Rate, _shape))
for _shape in GRADED_SHAPES:
    register_neuron_type(f"graded-{_shape}", functools.partial(GradedResponse, _shape))
