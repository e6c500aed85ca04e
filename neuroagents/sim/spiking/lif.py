"""Leaky integrate-and-fire neuron types, shaped as neuron-type plug-ins.

Pieces:
    LIFParams: the parameters (NEST's names and units: ms, mV, pF, pA), validated once.
    IafPscDelta, IafPscExp: current-based LIF with delta synapses (voltage jumps, NEST's
        ``iaf_psc_delta``) and with exponential current synapses (``iaf_psc_exp``), as
        spiking plug-in types (:mod:`.spike_type`) registered under NEST's names in the
        one registry of neuron types; IAF_PSC_DELTA, IAF_PSC_EXP: them with defaults.
    delta_update, exp_update: their compiled one-neuron updates (the spiking signature).
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
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, ClassVar

import numpy as np
from numba import njit

from neuroagents.errors import ValidationError
from neuroagents.sim.neuron_type import StateArray, register_neuron_type
from neuroagents.sim.spiking.spike_type import SpikingType
from neuroagents.validation import check_real

__all__ = [
    "IAF_PSC_DELTA",
    "IAF_PSC_EXP",
    "IafPscDelta",
    "IafPscExp",
    "LIFParams",
    "delta_update",
    "exp_update",
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


# The updates below read their constants from ``params`` in this order.
DELTA_PARAMS = ("P22", "P20", "V_th", "V_reset", "V_min", "n_ref")
EXP_PARAMS = ("P22", "P20", "P11ex", "P11in", "P21ex", "P21in", "V_th", "V_reset", "n_ref")


@njit(cache=True, inline="always")
def delta_update(i, x, i_e, clamp, params, own):
    """One step of ``iaf_psc_delta`` neuron i (the spiking signature); True if it fired."""
    v, r = own
    free = r[i] == 0  # not refractory in this step
    if free and clamp != SILENT:
        y = params[0] * v[i] + params[1] * i_e + x[0, i]
        v[i] = max(y, params[4])
    elif r[i] > 0:
        r[i] -= 1
    if clamp == SILENT:
        v[i] = params[3]
        return False
    if (clamp == FORCED and free) or v[i] >= params[2]:
        r[i] = int(params[5])
        v[i] = params[3]
        return True
    return False


@njit(cache=True, inline="always")
def exp_update(i, x, i_e, clamp, params, own):
    """One step of ``iaf_psc_exp`` neuron i (the spiking signature); True if it fired."""
    v, i_ex, i_in, r = own
    free = r[i] == 0  # not refractory in this step
    if free and clamp != SILENT:
        v[i] = params[0] * v[i] + params[4] * i_ex[i] + params[5] * i_in[i] + params[1] * i_e
    elif r[i] > 0:
        r[i] -= 1
    i_ex[i] = params[2] * i_ex[i] + x[0, i]
    i_in[i] = params[3] * i_in[i] + x[1, i]
    if clamp == SILENT:
        v[i] = params[7]
        return False
    if (clamp == FORCED and free) or v[i] >= params[6]:
        r[i] = int(params[8])
        v[i] = params[7]
        return True
    return False


@dataclass(frozen=True, slots=True)
class _LIF(SpikingType):
    """What the two LIF types share: their parameters and how V is stored."""

    lif: LIFParams = field(default_factory=LIFParams)

    @property
    def v_rest(self) -> float:
        """E_L: the stored V is relative to it."""
        return self.lif.E_L

    @property
    def v_bounds(self) -> tuple[float, float]:
        """(V_reset, V_th) in mV."""
        return self.lif.V_reset, self.lif.V_th

    def with_params(self, params: Any) -> _LIF:
        """The same type with other LIF parameters (a LIFParams or a mapping of them)."""
        lif = params if isinstance(params, LIFParams) else LIFParams.from_config(params)
        return replace(self, lif=lif)


@dataclass(frozen=True, slots=True)
class IafPscDelta(_LIF):
    """NEST's ``iaf_psc_delta``: a spike of weight w (mV) makes V jump by w.

    Examples:
        >>> t = IafPscDelta(LIFParams(tau_m=20.0, E_L=0.0, V_th=20.0, V_reset=10.0))
        >>> [a.name for a in t.state_arrays], t.emits, t.receptors
        (['v', 'refractory'], 'spike', 1)
        >>> dict(zip(DELTA_PARAMS, t.step_params(0.1).round(6).tolist()))["n_ref"]
        20.0
    """

    name: ClassVar[str] = "iaf_psc_delta"
    state_arrays: ClassVar[tuple[StateArray, ...]] = (
        StateArray("v", "float64", 0.0, "mV"),
        StateArray("refractory", "int32", 0, "steps"),
    )
    receptors: ClassVar[int] = 1
    weight_unit: ClassVar[str] = "mV"
    compiled_update = delta_update

    def step_params(self, dt: float) -> np.ndarray:
        """(P22, P20, V_th, V_reset, V_min, n_ref) for a step ``dt``, V relative to E_L."""
        p, prop = self.lif, propagators(self.lif, dt)
        n_ref = refractory_steps(p.t_ref, dt)
        return np.array(
            [prop["P22"], prop["P20"], p.V_th - p.E_L, p.V_reset - p.E_L, p.V_min - p.E_L, n_ref],
            dtype=np.float64,
        )

    def reference(self, i, x, i_e, clamp, params, own):  # type: ignore[override]
        """:func:`delta_update` in plain Python: the same function, not compiled."""
        return delta_update.py_func(i, x, i_e, clamp, params, own)


@dataclass(frozen=True, slots=True)
class IafPscExp(_LIF):
    """NEST's ``iaf_psc_exp``: a spike of weight w (pA) adds w to a decaying current.

    Positive weights reach the excitatory current (tau_syn_ex), negative ones the
    inhibitory current (tau_syn_in).
    """

    name: ClassVar[str] = "iaf_psc_exp"
    state_arrays: ClassVar[tuple[StateArray, ...]] = (
        StateArray("v", "float64", 0.0, "mV"),
        StateArray("i_syn_ex", "float64", 0.0, "pA"),
        StateArray("i_syn_in", "float64", 0.0, "pA"),
        StateArray("refractory", "int32", 0, "steps"),
    )
    receptors: ClassVar[int] = 2
    weight_unit: ClassVar[str] = "pA"
    compiled_update = exp_update

    def step_params(self, dt: float) -> np.ndarray:
        """(P22, P20, P11ex, P11in, P21ex, P21in, V_th, V_reset, n_ref) for ``dt``."""
        p, prop = self.lif, propagators(self.lif, dt)
        n_ref = refractory_steps(p.t_ref, dt)
        return np.array(
            [prop[k] for k in EXP_PARAMS[:6]] + [p.V_th - p.E_L, p.V_reset - p.E_L, n_ref],
            dtype=np.float64,
        )

    def reference(self, i, x, i_e, clamp, params, own):  # type: ignore[override]
        """:func:`exp_update` in plain Python: the same function, not compiled."""
        return exp_update.py_func(i, x, i_e, clamp, params, own)


IAF_PSC_DELTA = IafPscDelta()
IAF_PSC_EXP = IafPscExp()

register_neuron_type("iaf_psc_delta", IafPscDelta)
register_neuron_type("iaf_psc_exp", IafPscExp)
