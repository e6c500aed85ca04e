"""Leaky integrate-and-fire neuron types, shaped as neuron-type plug-ins.

Pieces:
    LIFParams: the parameters (NEST's names and units: ms, mV, pF, pA), validated once.
    StateArray: one per-neuron state array a neuron type owns (name, dtype, initial value).
    NeuronType: what a neuron type declares: its state arrays, receptors, propagators,
        its compiled grid loop and its plain-Python reference update (the agents engine).
    IAF_PSC_DELTA, IAF_PSC_EXP: current-based LIF with delta synapses (voltage jumps,
        NEST's ``iaf_psc_delta``) and with exponential current synapses (``iaf_psc_exp``).
    NEURON_TYPES: name -> NeuronType, the registry a model looks types up in.
    propagators: the exact-integration constants of a type for a step ``h``.

The membrane, with V measured from the resting potential E_L,

    τ_m dV/dt = −V + R (I_syn(t) + I_e),   R = τ_m / C_m,

is linear, so over a step h without a spike it is solved exactly (Rotter & Diesmann
1999), as NEST does:

- delta synapses: V ← P22 V + P20 I_e + Σ w_k (a spike of weight w_k mV arriving in the
  step adds w_k), P22 = e^{−h/τ_m}, P20 = (τ_m/C_m)(1 − e^{−h/τ_m});
- exponential synapses (τ_s dI/dt = −I, a spike of weight w pA adds w to I):
  V ← P22 V + P21 I + P20 I_e, I ← P11 I + Σ w_k, P11 = e^{−h/τ_s} and
  P21 = τ_m τ_s / (C_m (τ_m − τ_s)) (e^{−h/τ_m} − e^{−h/τ_s})  (limit h e^{−h/τ}/C_m
  when τ_s = τ_m).

A neuron whose V reaches V_th emits a spike and is held at V_reset for the refractory
period, counted in whole steps (``n_ref = t_ref / h``, checked to be an integer): the
period never lasts a step longer depending on the absolute time (Brian2 issue 943).
Input arriving during the refractory period is discarded, as in NEST.

References:
    S. Rotter, M. Diesmann, "Exact digital simulation of time-invariant linear systems
    with applications to neuronal modeling", Biol. Cybern. 81 (1999) 381–402.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.sim.spiking import grid_kernels
from neuroagents.validation import check_real

__all__ = [
    "IAF_PSC_DELTA",
    "IAF_PSC_EXP",
    "NEURON_TYPES",
    "LIFParams",
    "NeuronType",
    "StateArray",
    "propagators",
    "refractory_steps",
]

# Clamp codes of the per-neuron ``clamp`` array (shared with the compiled loops).
FREE, SILENT, FORCED = 0, 1, 2


@dataclass(frozen=True, slots=True)
class LIFParams:
    """Parameters of a leaky integrate-and-fire neuron (NEST's names, defaults and units).

    Attributes:
        tau_m: membrane time constant (ms), > 0.
        C_m: membrane capacitance (pF), > 0; R = tau_m / C_m (GΩ).
        E_L: resting potential (mV).
        V_th: spike threshold (mV), > V_reset.
        V_reset: reset potential (mV).
        t_ref: absolute refractory period (ms), >= 0.
        I_e: constant current injected into every neuron (pA); per-neuron values can be
            set on the model.
        V_min: lower bound of the membrane potential (mV; -inf: none), delta synapses.
        tau_syn_ex: decay of excitatory synaptic currents (ms), exponential synapses.
        tau_syn_in: decay of inhibitory synaptic currents (ms), exponential synapses.

    Examples:
        >>> LIFParams(tau_m=20.0, V_th=20.0, V_reset=10.0, E_L=0.0).R
        0.08
        >>> LIFParams(V_th=-80.0)
        Traceback (most recent call last):
        ...
        neuroagents.errors.ValidationError: The 'V_th' parameter of LIFParams must be a ...
    """

    tau_m: float = 10.0
    C_m: float = 250.0
    E_L: float = -70.0
    V_th: float = -55.0
    V_reset: float = -70.0
    t_ref: float = 2.0
    I_e: float = 0.0
    V_min: float = -math.inf
    tau_syn_ex: float = 2.0
    tau_syn_in: float = 2.0

    def __post_init__(self) -> None:
        where = "LIFParams"
        for name in ("tau_m", "C_m", "tau_syn_ex", "tau_syn_in"):
            check_real(name, getattr(self, name), where, low=0.0, low_open=True)
        for name in ("E_L", "V_reset", "I_e"):
            check_real(name, getattr(self, name), where)
        check_real("t_ref", self.t_ref, where, low=0.0)
        check_real("V_th", self.V_th, where, low=self.V_reset, low_open=True)
        if not (isinstance(self.V_min, int | float) and self.V_min < self.V_reset):
            raise ValidationError(
                f"The 'V_min' parameter of {where} must be a number below V_reset "
                f"({self.V_reset:g} mV), or -inf. Got {self.V_min!r} instead."
            )

    @property
    def R(self) -> float:
        """Membrane resistance tau_m / C_m (GΩ = mV/pA)."""
        return self.tau_m / self.C_m

    @classmethod
    def from_config(cls, values: Mapping[str, Any]) -> LIFParams:
        """Build from a mapping, naming any unknown key."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValidationError(
                f"Unknown LIF parameter {unknown[0]!r}; the parameters are {sorted(known)}."
            )
        return cls(**{k: float(v) for k, v in values.items()})

    def to_config(self) -> dict[str, float]:
        """The parameters as a plain dict."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StateArray:
    """One per-neuron state array of a neuron type.

    Attributes:
        name: its name (``v``, ``i_syn_ex``, ``refractory``…).
        dtype: numpy dtype name.
        unit: physical unit, for readers and tables.
    """

    name: str
    dtype: str
    unit: str


def refractory_steps(t_ref: float, dt: float) -> int:
    """``t_ref / dt`` as an integer number of steps, refusing a period off the grid.

    Rounding, not truncation: 2.0 / 0.1 is 19.999999999999996 in floating point, and
    truncating it would shorten the period by a step.

    Examples:
        >>> refractory_steps(2.0, 0.1)
        20
        >>> refractory_steps(2.0, 0.3)
        Traceback (most recent call last):
        ...
        neuroagents.errors.ValidationError: The 't_ref' parameter of ...
    """
    steps = round(t_ref / dt)
    if not math.isclose(steps * dt, t_ref, rel_tol=1e-9, abs_tol=1e-12):
        raise ValidationError(
            f"The 't_ref' parameter of a grid-timed LIF must be a whole number of steps "
            f"dt = {dt:g} ms. Got {t_ref:g} ms ({t_ref / dt:.6g} steps) instead; choose a dt "
            "that divides it, or timing='precise'."
        )
    return int(steps)


def _p21(tau_m: float, tau_s: float, c_m: float, h: float) -> float:
    """Propagator from a synaptic current to V (exact, stable when tau_s ~ tau_m)."""
    if math.isclose(tau_m, tau_s, rel_tol=1e-10):
        return h / c_m * math.exp(-h / tau_m)
    # τmτs/(Cm(τm−τs)) · e^{−h/τm} (1 − e^{−h(1/τs − 1/τm)}), written with expm1.
    return (
        tau_m
        * tau_s
        / (c_m * (tau_m - tau_s))
        * math.exp(-h / tau_m)
        * -math.expm1(-h * (1.0 / tau_s - 1.0 / tau_m))
    )


def propagators(params: LIFParams, dt: float) -> dict[str, float]:
    """The exact-integration constants for a step ``dt`` (see the module docstring).

    Examples:
        >>> p = propagators(LIFParams(tau_m=10.0, C_m=250.0), 0.1)
        >>> round(p["P22"], 12), round(p["P20"], 12)
        (0.990049833749, 0.00039800665)
    """
    h = dt
    return {
        "P22": math.exp(-h / params.tau_m),
        "P20": params.tau_m / params.C_m * -math.expm1(-h / params.tau_m),
        "P11ex": math.exp(-h / params.tau_syn_ex),
        "P11in": math.exp(-h / params.tau_syn_in),
        "P21ex": _p21(params.tau_m, params.tau_syn_ex, params.C_m, h),
        "P21in": _p21(params.tau_m, params.tau_syn_in, params.C_m, h),
    }


@dataclass(frozen=True)
class NeuronType:
    """A neuron type as the engines see it (the shape of the plug-in interface).

    Attributes:
        name: NEST's model name.
        state: the per-neuron arrays it owns, in the order its functions take them.
        receptors: synaptic input channels (1: one sum; 2: excitatory and inhibitory,
            chosen by the sign of the weight).
        weight_unit: what a synaptic weight is (mV jump, or pA current jump).
        run_grid: the compiled loop over steps (see :mod:`grid_kernels`).
        reference_update: ``f(state, i, inputs, consts, i_e, clamp) -> bool``, one
            neuron's step in plain Python (the agents engine); it must compute exactly
            what the compiled loop computes.
        constants: the constants ``(P…, thresholds, n_ref)`` both functions take.
    """

    name: str
    state: tuple[StateArray, ...]
    receptors: int
    weight_unit: str
    run_grid: Callable[..., int]
    reference_update: Callable[..., bool]
    constants: Callable[[LIFParams, float], tuple[float, ...]]

    def new_state(self, n: int) -> dict[str, np.ndarray]:
        """Fresh state arrays for ``n`` neurons (V at rest, currents 0, not refractory)."""
        return {s.name: np.zeros(n, dtype=s.dtype) for s in self.state}


def _delta_constants(p: LIFParams, dt: float) -> tuple[float, ...]:
    prop = propagators(p, dt)
    n_ref = refractory_steps(p.t_ref, dt)
    return (
        prop["P22"],
        prop["P20"],
        p.V_th - p.E_L,
        p.V_reset - p.E_L,
        p.V_min - p.E_L,
        float(n_ref),
    )


def _exp_constants(p: LIFParams, dt: float) -> tuple[float, ...]:
    prop = propagators(p, dt)
    n_ref = refractory_steps(p.t_ref, dt)
    return (
        prop["P22"],
        prop["P20"],
        prop["P11ex"],
        prop["P11in"],
        prop["P21ex"],
        prop["P21in"],
        p.V_th - p.E_L,
        p.V_reset - p.E_L,
        float(n_ref),
    )


def delta_reference_update(
    state: Mapping[str, np.ndarray],
    i: int,
    inputs: tuple[float, ...],
    consts: tuple[float, ...],
    i_e: float,
    clamp: int,
) -> bool:
    """One step of one ``iaf_psc_delta`` neuron in plain Python; True if it spiked.

    The same operations in the same order as :func:`grid_kernels.delta_update`.
    """
    p22, p20, v_th, v_reset, v_min, n_ref = consts
    v, r = state["v"], state["refractory"]
    free = r[i] == 0  # not refractory in this step
    if free and clamp != SILENT:
        x = p22 * v[i] + p20 * i_e + inputs[0]
        v[i] = max(x, v_min)
    elif r[i] > 0:
        r[i] -= 1
    if clamp == SILENT:
        v[i] = v_reset
        return False
    if (clamp == FORCED and free) or v[i] >= v_th:
        r[i] = int(n_ref)
        v[i] = v_reset
        return True
    return False


def exp_reference_update(
    state: Mapping[str, np.ndarray],
    i: int,
    inputs: tuple[float, ...],
    consts: tuple[float, ...],
    i_e: float,
    clamp: int,
) -> bool:
    """One step of one ``iaf_psc_exp`` neuron in plain Python; True if it spiked.

    The same operations in the same order as :func:`grid_kernels.exp_update`.
    """
    p22, p20, p11ex, p11in, p21ex, p21in, v_th, v_reset, n_ref = consts
    v, r = state["v"], state["refractory"]
    i_ex, i_in = state["i_syn_ex"], state["i_syn_in"]
    free = r[i] == 0  # not refractory in this step
    if free and clamp != SILENT:
        v[i] = p22 * v[i] + p21ex * i_ex[i] + p21in * i_in[i] + p20 * i_e
    elif r[i] > 0:
        r[i] -= 1
    i_ex[i] = p11ex * i_ex[i] + inputs[0]
    i_in[i] = p11in * i_in[i] + inputs[1]
    if clamp == SILENT:
        v[i] = v_reset
        return False
    if (clamp == FORCED and free) or v[i] >= v_th:
        r[i] = int(n_ref)
        v[i] = v_reset
        return True
    return False


IAF_PSC_DELTA = NeuronType(
    name="iaf_psc_delta",
    state=(StateArray("v", "float64", "mV"), StateArray("refractory", "int32", "steps")),
    receptors=1,
    weight_unit="mV",
    run_grid=grid_kernels.run_delta,
    reference_update=delta_reference_update,
    constants=_delta_constants,
)

IAF_PSC_EXP = NeuronType(
    name="iaf_psc_exp",
    state=(
        StateArray("v", "float64", "mV"),
        StateArray("i_syn_ex", "float64", "pA"),
        StateArray("i_syn_in", "float64", "pA"),
        StateArray("refractory", "int32", "steps"),
    ),
    receptors=2,
    weight_unit="pA",
    run_grid=grid_kernels.run_exp,
    reference_update=exp_reference_update,
    constants=_exp_constants,
)

NEURON_TYPES: dict[str, NeuronType] = {t.name: t for t in (IAF_PSC_DELTA, IAF_PSC_EXP)}
