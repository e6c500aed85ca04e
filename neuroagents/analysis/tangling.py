"""Trajectory tangling (Russo et al. 2018): can a smooth flow field produce these states?

Pieces:
    tangling: Q(t) for every condition and time, as an array or a tidy table.
    tangling_epsilon: the default epsilon, 0.1 x the total variance of the states.
    pairwise_tangling: the compiled all-pairs maximum (numba; parallel over t for
        large n).

Definition: with states x_t (all conditions and times pooled) and their time derivatives
ẋ_t,

    Q(t) = max_t' |ẋ_t - ẋ_t'|² / (|x_t - x_t'|² + eps).

A trajectory whose nearby states move in very different directions (a figure-eight
crossing itself, a circle traversed both ways) has a high Q: no smooth autonomous flow
``dx/dt = f(x)`` could produce it. Russo et al. set ``eps = 0.1 x`` the total variance
of x (the variance summed over dimensions) so that the denominator never vanishes; that
is the default here. Derivatives are central differences within each condition
(:func:`numpy.gradient`), never across the boundary between two conditions.

The maximum over all pairs costs O(n² d) for n points in d dimensions and O(n) memory:
10⁴ points take well under a second of one core (``benchmarks/tangling.py``).

References:
    Russo, Bittner, Perkins, Seely, London, Lara, Miri, Marshall, Kohn, Jessell,
    Abbott, Cunningham & Churchland (2018). Motor cortex embeds muscle-like commands
    in an untangled population response. Neuron 97, 953-966.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from numba import njit, prange

from neuroagents.errors import ValidationError
from neuroagents.validation import check_real

__all__ = ["pairwise_tangling", "tangling", "tangling_epsilon"]

EPSILON_FRACTION = 0.1
"""Russo et al. (2018): eps = 0.1 x the total variance of the states."""


def _pairs(x: np.ndarray, dx: np.ndarray, eps: float, q: np.ndarray, t: int) -> None:
    """Q of row t: the maximum over every row s (the inner loop of both kernels)."""
    best = 0.0
    for s in range(x.shape[0]):
        num = 0.0
        den = eps
        for k in range(x.shape[1]):
            a = dx[t, k] - dx[s, k]
            b = x[t, k] - x[s, k]
            num += a * a
            den += b * b
        r = num / den
        if r > best:
            best = r
    q[t] = best


_row = njit(cache=True, inline="always")(_pairs)


@njit(cache=True)
def _serial(x: np.ndarray, dx: np.ndarray, eps: float) -> np.ndarray:
    q = np.zeros(x.shape[0])
    for t in range(x.shape[0]):
        _row(x, dx, eps, q, t)
    return q


@njit(cache=True, parallel=True)
def _parallel(x: np.ndarray, dx: np.ndarray, eps: float) -> np.ndarray:
    q = np.zeros(x.shape[0])
    for t in prange(x.shape[0]):
        _row(x, dx, eps, q, t)
    return q


PARALLEL_MIN = 4096
"""From this many states on, rows are split over numba's threads; below, starting the
threads costs more than it saves (measured on a busy 2-core machine)."""


def pairwise_tangling(x: np.ndarray, dx: np.ndarray, eps: float) -> np.ndarray:
    """``Q[t] = max_t' |dx_t - dx_t'|² / (|x_t - x_t'|² + eps)`` over all rows t'.

    A compiled loop over all pairs, O(n) memory; parallel over t from
    :data:`PARALLEL_MIN` rows on.

    Args:
        x: states, one row per time point (n x d).
        dx: their derivatives (n x d).
        eps: the constant added to the denominator (> 0).

    Examples:
        >>> import numpy as np
        >>> x = np.array([[0.0, 0.0], [0.0, 0.0]])
        >>> dx = np.array([[1.0, 0.0], [-1.0, 0.0]])
        >>> pairwise_tangling(x, dx, 0.5)   # the same state moving two ways: 4 / 0.5
        array([8., 8.])
    """
    where = "pairwise_tangling"
    eps = check_real("eps", eps, where, low=0, low_open=True)
    x, dx = _float_array("x", x, where), _float_array("dx", dx, where)
    if x.ndim != 2 or x.shape != dx.shape:
        raise ValidationError(
            f"The 'x' and 'dx' parameters of {where} must be 2-D arrays (times x "
            f"dimensions) of one shape. Got shapes {x.shape} and {dx.shape} instead."
        )
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(dx))):
        raise ValidationError(f"The 'x' and 'dx' parameters of {where} must be finite.")
    # the kernel's float sums stay finite only if every squared distance does
    if x.size and max(np.abs(x).max(), np.abs(dx).max()) > 1e150:
        raise ValidationError(
            f"The 'x' and 'dx' parameters of {where} must hold values of magnitude <= 1e150 "
            "(their squared distances overflow). Rescale them."
        )
    kernel = _parallel if x.shape[0] >= PARALLEL_MIN else _serial
    return kernel(np.ascontiguousarray(x), np.ascontiguousarray(dx), float(eps))


def _float_array(name: str, value: Any, where: str) -> np.ndarray:
    """``value`` as a contiguous float64 array, or the library's error naming ``name``."""
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            f"The '{name}' parameter of {where} must be an array of real numbers. "
            f"Got {type(value).__name__} instead."
        ) from None


def _as_conditions(states: Any, where: str) -> list[np.ndarray]:
    """One float array (times x dims) per condition, checked."""
    if isinstance(states, np.ndarray) and states.ndim in (0, 1, 2):
        states = [states]
    try:
        states = list(states)
    except TypeError:
        raise ValidationError(
            f"The 'states' parameter of {where} must be an array (times x dimensions) or a "
            f"list of them, one per condition. Got {type(states).__name__} instead."
        ) from None
    conds = []
    for c, s in enumerate(states):
        a = _float_array("states", s, where)
        a = a[:, None] if a.ndim == 1 else a
        if a.ndim != 2 or a.shape[0] < 2:
            raise ValidationError(
                f"The 'states' parameter of {where} must hold, per condition, an array of "
                f"times x dimensions with >= 2 times. Condition {c} has shape {a.shape}."
            )
        if not np.all(np.isfinite(a)):
            raise ValidationError(
                f"The 'states' parameter of {where} must be finite; condition {c} has NaN/inf."
            )
        conds.append(a)
    if not conds or len({a.shape[1] for a in conds}) != 1:
        raise ValidationError(
            f"The 'states' parameter of {where} must be one or more arrays with the same "
            f"number of dimensions. Got {[a.shape for a in conds]}."
        )
    return conds


def tangling_epsilon(states: Any, fraction: float = EPSILON_FRACTION) -> float:
    """``fraction x`` the total variance of the pooled states (Russo et al.: 0.1).

    Examples:
        >>> import numpy as np
        >>> t = np.linspace(0, 2 * np.pi, 1000, endpoint=False)
        >>> round(tangling_epsilon(np.column_stack([np.cos(t), np.sin(t)])), 6)  # 0.1 x 1
        0.1
    """
    fraction = check_real("fraction", fraction, "tangling_epsilon", low=0, low_open=True)
    x = np.concatenate(_as_conditions(states, "tangling_epsilon"))
    with np.errstate(over="ignore", invalid="ignore"):
        eps = float(fraction * x.var(axis=0).sum())
    if not np.isfinite(eps):
        raise ValidationError(
            "The 'states' parameter of tangling_epsilon holds values too large for their "
            "variance to be a finite float. Rescale them."
        )
    return eps


def tangling(
    states: np.ndarray | Sequence[np.ndarray],
    *,
    dt: float = 1.0,
    eps: float | None = None,
    eps_fraction: float = EPSILON_FRACTION,
    as_frame: bool = False,
    labels: Sequence[Any] | None = None,
) -> np.ndarray | pd.DataFrame:
    """Tangling Q(t) of every state, pooled over conditions and times (Russo et al. 2018).

    Args:
        states: one array (times x dimensions), one per condition, or a 3-D array
            (conditions x times x dimensions, read as one array per condition).
        dt: the time step between rows (derivatives are per time unit).
        eps: the constant in the denominator; default ``eps_fraction x`` the total
            variance of the pooled states.
        eps_fraction: the fraction of the total variance used when ``eps`` is None.
        as_frame: return a tidy table (condition, step, q) instead of an array.
        labels: names of the conditions for the table (default 0, 1, ...).

    Returns:
        Q for every row of every condition, concatenated in condition order (or the table).

    Raises:
        ValidationError: ragged or non-finite states, a step or eps that is not > 0.

    Examples:
        A figure-eight in the plane crosses itself at the origin, velocities (1, 2) and
        (-1, 2): Q = |(2, 0)|² / eps = 4 / 0.1 = 40. Lifted into 3-D by cos t it does not
        cross, and its worst pair is 3.4 times less tangled:

        >>> import numpy as np
        >>> t = np.linspace(0, 2 * np.pi, 400, endpoint=False)
        >>> eight = np.column_stack([np.sin(t), np.sin(2 * t)])
        >>> lifted = np.column_stack([eight, np.cos(t)])
        >>> dt = t[1] - t[0]
        >>> [round(float(tangling(z, dt=dt).max()), 1) for z in (eight, lifted)]
        [40.0, 11.7]
    """
    where = "tangling"
    dt = check_real("dt", dt, where, low=0, low_open=True)
    conds = _as_conditions(states, where)
    x = np.ascontiguousarray(np.concatenate(conds))
    with np.errstate(over="ignore", invalid="ignore"):
        dx = np.ascontiguousarray(np.concatenate([np.gradient(a, dt, axis=0) for a in conds]))
        total_variance = float(x.var(axis=0).sum())
    if not (np.all(np.isfinite(dx)) and np.isfinite(total_variance)):
        raise ValidationError(
            f"The 'states' parameter of {where} holds values too large (or 'dt' = {dt!r} too "
            "small) for their derivatives and variance to be finite floats. Rescale them."
        )
    if eps is None:
        eps = float(check_real("eps_fraction", eps_fraction, where, low=0, low_open=True))
        eps *= total_variance
        if eps <= 0:
            raise ValidationError(f"The states given to {where} do not vary (total variance 0).")
    else:
        eps = check_real("eps", eps, where, low=0, low_open=True)
    q = pairwise_tangling(x, dx, float(eps))
    if not as_frame:
        return q
    names = list(range(len(conds))) if labels is None else list(labels)
    if len(names) != len(conds):
        raise ValidationError(
            f"The 'labels' parameter of {where} must name each of the {len(conds)} "
            f"conditions. Got {len(names)} labels."
        )
    return pd.DataFrame(
        {
            "condition": np.repeat(names, [a.shape[0] for a in conds]),
            "step": np.concatenate([np.arange(a.shape[0]) for a in conds]),
            "q": q,
        }
    )
