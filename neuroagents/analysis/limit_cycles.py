"""Limit cycles: is a trajectory periodic, with what period, amplitude and order.

Pieces:
    LimitCycle: period, amplitude, how exactly it repeats, section crossing times.
    cycle_of: the cycle in a sampled trajectory (recorded from a model, or computed).
    limit_cycle: integrate a NeuralModel or a function ``f(x)`` past a transient and
        detect its cycle.
    activation_order: the order in which units peak within one period.

A trajectory is periodic when its successive upward crossings of a Poincaré section
(coordinate ``c`` through its mean) return to the same point: the period is the mean
interval between crossings (times refined by linear interpolation), and ``spread`` the
largest distance between crossing points relative to the trajectory's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from neuroagents.analysis.vector_fields import _real_array, integrate
from neuroagents.errors import ValidationError
from neuroagents.validation import check_int, check_real

__all__ = ["LimitCycle", "activation_order", "cycle_of", "limit_cycle"]


@dataclass(frozen=True, slots=True)
class LimitCycle:
    """A detected cycle (or its absence).

    Attributes:
        periodic: at least 3 section crossings that return within ``tol``.
        period: mean time between crossings (nan if fewer than 2).
        period_sd: standard deviation of the intervals.
        amplitude: max minus min of each coordinate over the analysed part.
        spread: largest distance between crossing points / trajectory size.
        crossings: the crossing times.
    """

    periodic: bool
    period: float
    period_sd: float
    amplitude: np.ndarray
    spread: float
    crossings: np.ndarray


def _trajectory(times: Any, states: Any, where: str, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Finite increasing times (>= ``rows``) and one finite state row per time, or raise."""
    x = _real_array(states, "states", where)
    t = _real_array(times, "times", where)
    x = x[:, None] if x.ndim == 1 else x
    if t.ndim != 1 or t.size < rows or x.ndim != 2 or x.shape[0] != t.size or x.shape[1] < 1:
        raise ValidationError(
            f"{where} needs 1-D times (>= {rows}) and one state row per time, with >= 1 "
            f"coordinate. Got times of shape {t.shape} and states of shape {x.shape}."
        )
    if np.any(np.diff(t) <= 0):
        raise ValidationError(f"The 'times' parameter of {where} must be increasing.")
    return t, x


def cycle_of(
    times: np.ndarray, states: np.ndarray, *, coordinate: int = 0, tol: float = 1e-3
) -> LimitCycle:
    """The limit cycle in a sampled trajectory (rows of ``states`` at ``times``).

    Args:
        times: increasing sample times.
        states: one row per time (a 1-D array is one coordinate).
        coordinate: the coordinate whose upward crossings of its mean define the section.
        tol: largest relative spread of the crossing points for ``periodic``.

    Examples:
        >>> import numpy as np
        >>> t = np.linspace(0, 50, 5001)
        >>> c = cycle_of(t, np.column_stack([np.sin(t), np.cos(t)]))
        >>> c.periodic, round(c.period, 3)
        (True, 6.283)
    """
    t, x = _trajectory(times, states, "cycle_of", 3)
    coordinate = check_int("coordinate", coordinate, "cycle_of", low=0, high=x.shape[1] - 1)
    tol = check_real("tol", tol, "cycle_of", low=0)
    amplitude = x.max(axis=0) - x.min(axis=0)
    s = x[:, coordinate] - x[:, coordinate].mean()
    up = np.flatnonzero((s[:-1] < 0) & (s[1:] >= 0))
    frac = -s[up] / (s[up + 1] - s[up])
    crossings = t[up] + frac * (t[up + 1] - t[up])
    points = x[up] + frac[:, None] * (x[up + 1] - x[up])
    if crossings.size < 2:
        return LimitCycle(False, float("nan"), float("nan"), amplitude, float("inf"), crossings)
    intervals = np.diff(crossings)
    size = max(float(np.linalg.norm(amplitude)), 1e-300)
    spread = float(np.max(np.linalg.norm(points - points[-1], axis=1))) / size
    periodic = crossings.size >= 3 and spread <= tol and amplitude[coordinate] > 1e-9
    mean, sd = float(intervals.mean()), float(intervals.std())
    return LimitCycle(bool(periodic), mean, sd, amplitude, spread, crossings)


def limit_cycle(
    system: Any,
    x0: Any,
    *,
    dt: float,
    transient: float,
    duration: float,
    coordinate: int = 0,
    tol: float = 1e-3,
) -> LimitCycle:
    """Integrate ``system`` (RK4) past ``transient``, then detect a cycle over ``duration``.

    Args:
        system: a NeuralModel with a rate rule or a function ``f(x)``.
        x0: the initial state.
        dt: the RK4 step.
        transient: time discarded first.
        duration: time analysed.
        coordinate: the section's coordinate (see :func:`cycle_of`).
        tol: largest relative spread of the crossing points (see :func:`cycle_of`).

    Examples:
        The van der Pol oscillator (mu = 1) has period 6.663:

        >>> import numpy as np
        >>> f = lambda x: np.array([x[1], (1 - x[0] ** 2) * x[1] - x[0]])
        >>> round(limit_cycle(f, [0.5, 0.0], dt=0.01, transient=50, duration=60).period, 2)
        6.66
    """
    n_transient = round(transient / dt)
    n = round(duration / dt)
    x = integrate(system, x0, dt, n_transient + n)[n_transient:]
    return cycle_of(np.arange(n + 1) * dt, x, coordinate=coordinate, tol=tol)


def activation_order(times: np.ndarray, states: np.ndarray, period: float) -> list[int]:
    """The units in the order of their peaks over the last ``period`` of a trajectory.

    Examples:
        >>> import numpy as np
        >>> t = np.linspace(0, 10, 1001)
        >>> x = np.column_stack([np.sin(t - 2), np.sin(t), np.sin(t - 1)])
        >>> activation_order(t, x, 2 * np.pi)
        [1, 2, 0]
    """
    period = check_real("period", period, "activation_order", low=0, low_open=True)
    t, states = _trajectory(times, states, "activation_order", 1)
    last = t >= t[-1] - period
    peaks = t[last][np.argmax(np.asarray(states)[last], axis=0)]
    first = int(np.argmin(peaks))
    order = np.argsort((peaks - peaks[first]) % period)
    return [int(i) for i in order]
