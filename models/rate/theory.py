"""Theory to hold the simulations against.

Pieces:
    mode_steady_state, mode_time_constant: the linear circuit mode by mode.
    TLFixedPoint, active_set_fixed_points: every fixed point of a threshold-linear
        network by enumerating supports (the active-set method).
    ei_hopf_point: the Hopf point of the tanh E-I pair at the origin.
    logistic, logistic_period, PERIOD_DOUBLING, PERIOD_THREE: the logistic map.
    lorenz, lorenz_jacobian, LORENZ_EXPONENTS: Lorenz's system and its published spectrum.

Linear circuit ``tau dv/dt = h + (M - I) v`` with M = sum_k lambda_k e_k e_k^T: the
coordinates ``c_k = e_k . v`` decouple, ``tau dc_k/dt = e_k . h - (1 - lambda_k) c_k``, so

    c_k(inf) = (e_k . h) / (1 - lambda_k),     tau_k = tau / (1 - lambda_k),

and with lambda_1 = 1, ``c_1`` integrates ``e_1 . h / tau`` (a memory).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from neuroagents.errors import ValidationError

__all__ = [
    "LORENZ_EXPONENTS",
    "PERIOD_DOUBLING",
    "PERIOD_THREE",
    "TLFixedPoint",
    "active_set_fixed_points",
    "ei_hopf_point",
    "logistic",
    "logistic_period",
    "lorenz",
    "lorenz_jacobian",
    "mode_steady_state",
    "mode_time_constant",
]

LORENZ_EXPONENTS = (0.9056, 0.0, -14.5723)
"""Lorenz (sigma, rho, beta = 10, 28, 8/3): Sprott, *Chaos and Time-Series Analysis* (2003)."""

PERIOD_DOUBLING = (3.0, 1.0 + np.sqrt(6.0), 3.544090, 3.564407)
"""Logistic map: r where the period becomes 2, 4, 8, 16 (r_2 = 1 + sqrt 6 exactly)."""

PERIOD_THREE = 1.0 + np.sqrt(8.0)
"""The logistic map's period-3 window opens at r = 1 + sqrt 8 (a tangent bifurcation)."""


def mode_steady_state(h_k: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """``c_k(inf) = h_k / (1 - lambda_k)`` (lambda_k < 1)."""
    lam = np.asarray(lam, dtype=np.float64)
    if np.any(lam >= 1):
        raise ValidationError(f"mode_steady_state needs every lambda_k < 1; got max {lam.max()}.")
    return np.asarray(h_k, dtype=np.float64) / (1.0 - lam)


def mode_time_constant(lam: np.ndarray, tau: float = 1.0) -> np.ndarray:
    """``tau / |1 - lambda_k|``: decay (lambda < 1) or growth (lambda > 1) time."""
    return tau / np.abs(1.0 - np.asarray(lam, dtype=np.float64))


@dataclass(frozen=True, slots=True)
class TLFixedPoint:
    """A fixed point of ``tau dv/dt = -v + [W v + b]+``: state, support, stability."""

    state: np.ndarray
    support: tuple[int, ...]
    stable: bool


def active_set_fixed_points(W: np.ndarray, b: np.ndarray, tol: float = 1e-9) -> list[TLFixedPoint]:
    """Every fixed point of ``tau dv/dt = -v + [W v + b]+`` by enumerating supports.

    For each support s: ``v_s = (I - W_ss)^{-1} b_s``, ``v = 0`` elsewhere; it is a fixed
    point when ``v_s > 0`` and ``(W v + b)_i <= 0`` off s. It is stable when every
    eigenvalue of ``W_ss - I`` has a negative real part and no unit off s sits exactly at
    its threshold. 2^n supports: n <= 16.

    Examples:
        >>> import numpy as np
        >>> W = np.array([[0.0, -2.0], [-2.0, 0.0]])
        >>> [(p.support, p.stable) for p in active_set_fixed_points(W, np.ones(2))]
        [((0,), True), ((1,), True), ((0, 1), False)]
    """
    W = np.asarray(W, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    n = W.shape[0]
    if n > 16:
        raise ValidationError(f"active_set_fixed_points enumerates 2^n supports; n = {n} > 16.")
    found = []
    for size in range(n + 1):
        for s in itertools.combinations(range(n), size):
            idx = list(s)
            v = np.zeros(n)
            if idx:
                a = np.eye(size) - W[np.ix_(idx, idx)]
                if abs(np.linalg.det(a)) < 1e-12:
                    continue
                v[idx] = np.linalg.solve(a, b[idx])
                if np.any(v[idx] <= tol):
                    continue
            off = np.setdiff1d(np.arange(n), idx)
            z = W @ v + b
            if np.any(z[off] > tol):
                continue
            eig = np.linalg.eigvals(W[np.ix_(idx, idx)] - np.eye(size)) if idx else np.array([])
            stable = bool(np.all(eig.real < 0) and np.all(z[off] < -tol))
            found.append(TLFixedPoint(v, s, stable))
    return found


def ei_hopf_point(
    w_ei: float, w_ie: float, w_ii: float = 0.0, tau_e: float = 1.0, tau_i: float = 1.0
) -> tuple[float, float]:
    """The w_EE where the origin of the tanh E-I pair loses stability, and the frequency.

    Trace zero: ``(w_EE - 1)/tau_E = (1 + w_II)/tau_I``; the eigenvalues there are
    ``+-i omega`` with ``omega^2 = det J`` (a Hopf point when det J > 0).

    Examples:
        >>> w, omega = ei_hopf_point(2.0, 2.0)
        >>> w, round(omega, 4)
        (2.0, 1.7321)
    """
    w = 1.0 + tau_e / tau_i * (1.0 + w_ii)
    det = ((w - 1.0) * -(1.0 + w_ii) + w_ei * w_ie) / (tau_e * tau_i)
    if det <= 0:
        raise ValidationError(f"No Hopf point: det J = {det:.4g} <= 0 at trace 0 (a saddle).")
    return w, float(np.sqrt(det))


def logistic(r: float, x: np.ndarray) -> np.ndarray:
    """The logistic map ``x -> r x (1 - x)``."""
    return r * x * (1.0 - x)


def logistic_period(
    r: float, x0: float = 0.3, transient: int = 20_000, max_period: int = 64, tol: float = 1e-8
) -> int:
    """The period of the logistic map's attractor at r (0 if none up to ``max_period``).

    Iterates ``transient`` times, then returns the smallest p with ``|x_{t+p} - x_t| <
    tol`` along ``max_period`` further points.
    """
    x = x0
    for _ in range(transient):
        x = r * x * (1.0 - x)
    orbit = [x]
    for _ in range(2 * max_period):
        x = r * x * (1.0 - x)
        orbit.append(x)
    o = np.array(orbit)
    for p in range(1, max_period + 1):
        if np.all(np.abs(o[p : p + max_period] - o[:max_period]) < tol):
            return p
    return 0


def lorenz(
    x: np.ndarray, sigma: float = 10.0, rho: float = 28.0, beta: float = 8.0 / 3.0
) -> np.ndarray:
    """Lorenz's (1963) system."""
    return np.array([sigma * (x[1] - x[0]), x[0] * (rho - x[2]) - x[1], x[0] * x[1] - beta * x[2]])


def lorenz_jacobian(
    x: np.ndarray, sigma: float = 10.0, rho: float = 28.0, beta: float = 8.0 / 3.0
) -> np.ndarray:
    """The Jacobian of :func:`lorenz`."""
    return np.array([[-sigma, sigma, 0.0], [rho - x[2], -1.0, -x[0]], [x[1], x[0], -beta]])
