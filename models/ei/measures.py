"""Measures of E–I time courses, and the theory they are held against.

Pieces:
    OUTCOMES, count_overshoots, classify_outcome: measures of a time course.
    agreement: how far the agents are from the ODE, in units of its finite-size noise.
    balanced_point, run_duration: the interior fixed point the experiments measure
        against; how long a run lasts.
    overshoots, ode_band, agent_band: overshoots of E about the balanced point, for the
        ODE and for the agents (beyond their finite-size noise).
    hertz: a frequency in cycles per time unit, in Hz.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis.spectra import TIME_UNITS
from neuroagents.models.ei.mean_field import MeanField
from neuroagents.models.ei.params import EIParams
from neuroagents.validation import check_real

__all__ = [
    "OUTCOMES",
    "agent_band",
    "agreement",
    "balanced_point",
    "classify_outcome",
    "count_overshoots",
    "hertz",
    "ode_band",
    "overshoots",
    "run_duration",
]


OUTCOMES = ("silent", "steady", "oscillating", "runaway")
"""How a run ends, as :func:`classify_outcome` names it."""


def count_overshoots(values: Sequence[float] | np.ndarray, target: float, band: float) -> int:
    """How many times a time course swings from one side of ``target`` to the other.

    Only excursions beyond ``target ± band`` count, so noise smaller than ``band``
    around the target does not: a monotone approach gives 0, each further half
    swing of a damped oscillation that clears the band adds 1.

    Examples:
        >>> t = np.linspace(0, 50, 2001)
        >>> count_overshoots(1 + np.exp(-t / 10) * np.cos(t), target=1.0, band=0.05)
        9
        >>> count_overshoots(1 + np.exp(-t), target=1.0, band=0.05)
        0
    """
    x = np.asarray(values, dtype=np.float64)
    check_real("band", band, "count_overshoots", low=0)
    side = np.where(x > target + band, 1, np.where(x < target - band, -1, 0))
    side = side[side != 0]
    return int(np.count_nonzero(side[1:] != side[:-1]))


def classify_outcome(
    E: Sequence[float] | np.ndarray,
    I: Sequence[float] | np.ndarray,  # noqa: E741
    *,
    amplitude: float = 0.02,
) -> str:
    """Name what the last quarter of a time course does.

    ``"runaway"`` (E and I above 0.9 on average), ``"silent"`` (both below 0.01),
    ``"oscillating"`` (E swings by more than ``amplitude`` peak to peak) or
    ``"steady"`` (anything else: it sits at a fixed point, up to noise).

    Examples:
        >>> t = np.linspace(0, 100, 1001)
        >>> classify_outcome(0.06 + 0.02 * np.sin(t), 0.14 + 0.1 * np.sin(t))
        'oscillating'
        >>> classify_outcome(np.ones(10), np.ones(10)), classify_outcome(np.zeros(10), np.zeros(10))
        ('runaway', 'silent')
    """
    check_real("amplitude", amplitude, "classify_outcome", low=0)
    e, i = np.asarray(E, dtype=np.float64), np.asarray(I, dtype=np.float64)
    tail = slice(len(e) * 3 // 4, None)
    e, i = e[tail], i[tail]
    if e.mean() > 0.9 and i.mean() > 0.9:
        return "runaway"
    if e.mean() < 0.01 and i.mean() < 0.01:
        return "silent"
    if np.ptp(e) > amplitude:
        return "oscillating"
    return "steady"


def run_duration(params: EIParams, taus: float) -> float:
    """``taus`` E time constants, and at least 60 I time constants."""
    return max(taus * params.tau_e, 60 * params.tau_i)


def agreement(agents: pd.DataFrame, theory: pd.DataFrame, params: EIParams) -> dict[str, float]:
    """How far the agents' E(t), I(t) are from the mean field, in units of its noise.

    ``z_a(t) = (agents_a(t) − ode_a(t)) / σ_a(t)`` with σ_a from
    :meth:`MeanField.linear_noise` (floored at one neuron, 1/n_a). If the agents are
    the ODE plus finite-size noise, ``rms_z`` is about 1 for both populations.

    Args:
        agents: :meth:`EIModel.rates`.
        theory: :meth:`MeanField.linear_noise` at the same times.
        params: the run's parameters (for n_E, n_I).

    Returns:
        ``rms_z_E``, ``rms_z_I``, ``max_z_E``, ``max_z_I``, ``rms_E``, ``rms_I``
        (plain RMS differences) and ``max_E``, ``max_I``.
    """
    out: dict[str, float] = {}
    for pop, n in (("E", params.n_e), ("I", params.n_i)):
        diff = agents[pop].to_numpy() - theory[pop].to_numpy()
        z = diff / np.maximum(theory[f"sd_{pop}"].to_numpy(), 1.0 / n)
        out[f"rms_z_{pop}"] = float(np.sqrt(np.mean(z**2)))
        out[f"max_z_{pop}"] = float(np.max(np.abs(z)))
        out[f"rms_{pop}"] = float(np.sqrt(np.mean(diff**2)))
        out[f"max_{pop}"] = float(np.max(np.abs(diff)))
    return out


def balanced_point(mf: MeanField) -> pd.Series | None:
    """The interior fixed point that is not a saddle (smallest E first), or None."""
    fp = mf.fixed_points()
    inner = fp[
        (fp["E"] > 1e-6) & (fp["E"] < 1 - 1e-6) & (fp["I"] > 1e-6) & (fp["kind"] != "saddle")
    ]
    return None if inner.empty else inner.iloc[0]


def ode_band(point: pd.Series | None, fraction: float) -> float:
    """The ODE's overshoot band: ``fraction`` of E* (of 0.05 without a balanced point)."""
    return fraction * (point.E if point is not None else 0.05)


def agent_band(mf: MeanField, point: pd.Series | None, fraction: float) -> float:
    """Overshoots in the agents count only beyond 3 finite-size sd of E (or the ODE's band)."""
    band = ode_band(point, fraction)
    if point is not None and point.stable:
        sd = math.sqrt(mf.stationary_covariance(point.E, point.I)[0, 0])
        band = max(band, 3 * sd)
    return band


def overshoots(
    course: pd.DataFrame, source: str, mf: MeanField, point: pd.Series | None, frac: float
) -> int:
    """Overshoots of E about the balanced point during the approach (-1 without one).

    The ODE's are counted over the whole run with a band of ``frac`` E*. The agents'
    are counted with a band of 3 finite-size sd (:func:`_agent_band`) and only until
    the ODE has settled plus two periods of the focus: after that, crossings are
    stationary noise, not swings of the approach.
    """
    if point is None:
        return -1
    if source == "ode":
        return count_overshoots(course["E"], point.E, ode_band(point, frac))
    times = course["time"].to_numpy()
    ode = mf.solve(times=times)
    outside = np.abs(ode["E"].to_numpy() - point.E) > ode_band(point, frac)
    settled_at = times[outside].max() if outside.any() else times[0]
    lam = mf.eigenvalues(point.E, point.I)[0]
    period = 2 * math.pi / abs(lam.imag) if lam.imag != 0 else 1 / max(abs(lam.real), 1e-12)
    window = course["E"].to_numpy()[times <= settled_at + 2 * period]
    return count_overshoots(window, point.E, agent_band(mf, point, frac))


def hertz(cycles_per_unit: float, config: dict[str, Any]) -> float:
    """A frequency in cycles per ``config["time_unit"]``, in Hz."""
    return cycles_per_unit / TIME_UNITS[config["time_unit"]]
