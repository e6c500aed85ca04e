"""The largest Lyapunov exponent of one random rate network at several gains at once.

``tau dx/dt = -x + g J tanh(x)`` (tau = 1) for every gain g of a list, with the same J:
the states and tangent vectors of all gains are the columns of two matrices, so each RK4
stage is one matrix product ``J @ [tanh X, sech^2 X * V]`` (a BLAS-3 call that reads J
once) instead of one matrix-vector product per gain. The arithmetic is Benettin's method
as :func:`neuroagents.analysis.lyapunov.lyapunov_spectrum` does it for one exponent
(classical RK4 for state and tangent, the tangent renormalised every step); the chaos
transition's statistics (20 networks x 3 sizes x several gains, runs of 1000 tau) are
affordable this way.

Pieces:
    scc_lyapunov_over_gains: the running exponent estimates and final states of one J at
        several gains, as :class:`~neuroagents.analysis.lyapunov.LyapunovResult` objects.

References:
    Benettin, Galgani, Giorgilli, Strelcyn (1980), Meccanica 15, 9.
    Sompolinsky, Crisanti, Sommers (1988), Phys. Rev. Lett. 61, 259.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from neuroagents.analysis.lyapunov import LyapunovResult
from neuroagents.validation import check_int, check_real

__all__ = ["scc_lyapunov_over_gains"]


def _flow(J: np.ndarray, g: np.ndarray, X: np.ndarray, V: np.ndarray) -> tuple[np.ndarray, ...]:
    """dX/dt = -X + g J tanh X and dV/dt = -V + g J (sech^2 X * V), column per gain."""
    t = np.tanh(X)
    y = J @ np.hstack([t, (1.0 - t * t) * V])
    G = X.shape[1]
    return g * y[:, :G] - X, g * y[:, G:] - V


def _rk4(J: np.ndarray, g: np.ndarray, X: np.ndarray, V: np.ndarray, dt: float):
    k1 = _flow(J, g, X, V)
    k2 = _flow(J, g, X + 0.5 * dt * k1[0], V + 0.5 * dt * k1[1])
    k3 = _flow(J, g, X + 0.5 * dt * k2[0], V + 0.5 * dt * k2[1])
    k4 = _flow(J, g, X + dt * k3[0], V + dt * k3[1])
    return tuple(
        z + dt / 6.0 * (a + 2.0 * b + 2.0 * c + d)
        for z, a, b, c, d in zip((X, V), k1, k2, k3, k4, strict=True)
    )


def scc_lyapunov_over_gains(
    J: np.ndarray,
    gains: Sequence[float],
    starts: np.ndarray,
    tangents: np.ndarray,
    *,
    dt: float,
    steps: int,
    transient: int = 0,
) -> list[LyapunovResult]:
    """Largest exponent of ``dx/dt = -x + g J tanh(x)`` for each g (Benettin, RK4).

    ``lambda(g) = (1/T) sum_s log |v_s|`` over the steps s of the averaged run, the
    tangent v evolved by ``dv/dt = -v + g J (sech^2(x) v)`` and renormalised every step.

    Args:
        J: the coupling (n x n).
        gains: the gains g, one column each.
        starts: the initial states (n x len(gains)).
        tangents: the initial tangent vectors (n x len(gains)); any nonzero length.
        dt: RK4 step (> 0).
        steps: averaged steps (>= 1).
        transient: steps run first and discarded.

    Returns:
        One :class:`LyapunovResult` per gain (``running`` after every step, one column).

    Examples:
        Below g = 1 the run ends at x = 0, where the exponent is max Re eig(gJ) - 1:

        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> J = rng.normal(0, 1 / np.sqrt(50), (50, 50))
        >>> r = scc_lyapunov_over_gains(J, [0.5], rng.normal(size=(50, 1)),
        ...                             rng.normal(size=(50, 1)), dt=0.1, steps=2000,
        ...                             transient=500)[0]
        >>> theory = np.linalg.eigvals(0.5 * J).real.max() - 1
        >>> bool(abs(r.exponents[0] - theory) < 0.01 * abs(theory))
        True
    """
    J = np.asarray(J, dtype=np.float64)
    g = np.asarray(gains, dtype=np.float64)[None, :]
    X = np.array(starts, dtype=np.float64)
    V = np.array(tangents, dtype=np.float64)
    dt = check_real("dt", dt, "scc_lyapunov_over_gains", low=0.0, low_open=True)
    steps = check_int("steps", steps, "scc_lyapunov_over_gains", low=1)
    transient = check_int("transient", transient, "scc_lyapunov_over_gains", low=0)
    V = V / np.linalg.norm(V, axis=0)
    for _ in range(transient):
        X, V = _rk4(J, g, X, V, dt)
        V = V / np.linalg.norm(V, axis=0)
    sums = np.zeros(g.shape[1])
    running = np.empty((steps, g.shape[1]))
    for step in range(1, steps + 1):
        X, V = _rk4(J, g, X, V, dt)
        norm = np.linalg.norm(V, axis=0)
        V = V / norm
        sums += np.log(norm)
        running[step - 1] = sums / (step * dt)
    times = dt * np.arange(1, steps + 1)
    return [
        LyapunovResult(running[-1, [k]], running[:, [k]], times, X[:, k].copy())
        for k in range(g.shape[1])
    ]
