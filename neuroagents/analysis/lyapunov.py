"""Lyapunov exponents: how fast nearby trajectories separate.

Pieces:
    lyapunov_spectrum: the k largest exponents of a flow (a NeuralModel with a rate
        rule, or a plain ``f(x)``) by Benettin's method with QR re-orthonormalization.
    map_lyapunov: the same for a discrete-time map ``x -> F(x)``.
    divergence: the distance between two trajectories started ``delta`` apart.

Benettin et al. (1980): evolve k tangent vectors with the linearized flow
``dV/dt = J(x(t)) V``, re-orthonormalize them (V = QR) every ``renorm`` steps and
average ``log |R_ii|`` over time:

    lambda_i = lim_{T -> inf} (1 / T) sum log |R_ii|.

References:
    Benettin, Galgani, Giorgilli, Strelcyn (1980), Meccanica 15, 9-30.
    Sompolinsky, Crisanti, Sommers (1988), Phys. Rev. Lett. 61, 259.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from neuroagents.analysis.vector_fields import (
    _check_dim,
    _real_array,
    _rk4,
    _state_vector,
    vector_field,
)
from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_int, check_real

__all__ = ["LyapunovResult", "divergence", "lyapunov_spectrum", "map_lyapunov"]


@dataclass(frozen=True, slots=True)
class LyapunovResult:
    """Exponents and how they converged.

    Attributes:
        exponents: the k exponents, largest first (per unit time, or per iteration).
        running: the running estimates after each re-orthonormalization (rows).
        times: the time (or iteration) of each row of ``running``.
        final_state: the state at the end (to continue from).
    """

    exponents: np.ndarray
    running: np.ndarray
    times: np.ndarray
    final_state: np.ndarray


def lyapunov_spectrum(
    system: Any,
    x0: Any,
    *,
    dt: float,
    steps: int,
    k: int = 1,
    renorm: int = 1,
    transient: int = 0,
    jac: Callable[[np.ndarray], np.ndarray] | None = None,
    rng: Any = None,
) -> LyapunovResult:
    """The ``k`` largest Lyapunov exponents of ``dx/dt = f(x)`` (Benettin, QR method).

    ``lambda_i = (1/T) sum log |R_ii|`` over the re-orthonormalizations ``V = QR`` of
    ``k`` tangent vectors evolved with ``dV/dt = J V``; state and tangents advance
    together by classical RK4 with step ``dt``.

    Args:
        system: a NeuralModel with a Rate or GradedResponse rule (its variables: rates,
            or potentials), or a function ``f(x)``.
        x0: the initial state.
        dt: RK4 step (> 0).
        steps: steps that are averaged (>= 1).
        k: how many exponents (1 <= k <= dim).
        renorm: steps between re-orthonormalizations.
        transient: steps run first and discarded (the state settles on the attractor
            and the tangent vectors align with its most unstable directions).
        jac: Jacobian of a function (central differences when omitted).
        rng: seed or Generator for the random initial tangent vectors.

    Returns:
        A :class:`LyapunovResult`.

    Examples:
        Lorenz's system (sigma, rho, beta = 10, 28, 8/3); the sum of the three
        exponents is the divergence -(sigma + 1 + beta) = -13.667:

        >>> import numpy as np
        >>> def lorenz(x):
        ...     return np.array([10 * (x[1] - x[0]), x[0] * (28 - x[2]) - x[1],
        ...                      x[0] * x[1] - 8 / 3 * x[2]])
        >>> r = lyapunov_spectrum(lorenz, [1.0, 1.0, 20.0], dt=0.01, steps=2000, k=3,
        ...                       transient=500, rng=0)
        >>> round(float(r.exponents.sum()), 2)
        -13.67
    """
    x = _state_vector(x0, "x0", "lyapunov_spectrum")
    field = vector_field(system, x.size, jac)
    _check_dim(field, x, "x0", "lyapunov_spectrum")
    dt = check_real("dt", dt, "lyapunov_spectrum", low=0.0, low_open=True)
    steps = check_int("steps", steps, "lyapunov_spectrum", low=1)
    k = check_int("k", k, "lyapunov_spectrum", low=1, high=field.dim)
    renorm = check_int("renorm", renorm, "lyapunov_spectrum", low=1)
    transient = check_int("transient", transient, "lyapunov_spectrum", low=0)
    gen = as_generator(rng, "lyapunov_spectrum")
    q, _ = np.linalg.qr(gen.normal(size=(x.size, k)))
    for step in range(1, transient + 1):  # the tangents align with the attractor too
        x, q = _rk4(field, x, q, dt)
        if step % renorm == 0:
            q, _ = np.linalg.qr(q)
    q, _ = np.linalg.qr(q)
    sums = np.zeros(k)
    running, times = [], []
    for step in range(1, steps + 1):
        x, q = _rk4(field, x, q, dt)
        if step % renorm == 0 or step == steps:
            if k == 1:  # QR of one column is its norm
                norm = float(np.linalg.norm(q))
                q = q / norm
                sums[0] += np.log(norm)
            else:
                q, r = np.linalg.qr(q)
                diag = np.diag(r)
                q = q * np.sign(diag)  # keep the orientation (R with a positive diagonal)
                sums += np.log(np.abs(diag))
            running.append(sums / (step * dt))
            times.append(step * dt)
    exps = sums / (steps * dt)
    return LyapunovResult(exps, np.array(running), np.array(times), x)


def map_lyapunov(
    step: Callable[[np.ndarray], np.ndarray],
    x0: Any,
    iterations: int,
    *,
    jac: Callable[[np.ndarray], np.ndarray] | None = None,
    k: int = 1,
    transient: int = 0,
    rng: Any = None,
) -> LyapunovResult:
    """The ``k`` largest Lyapunov exponents of a map ``x_{t+1} = F(x_t)``, per iteration.

    ``lambda_i = (1/N) sum log |R_ii|`` with ``DF(x_t) Q_{t-1} = Q_t R_t``; for a 1-D map
    this is the mean of ``log |F'(x_t)|``.

    Args:
        step: ``F``, taking and returning 1-D arrays.
        x0: the initial state.
        iterations: iterations averaged (>= 1).
        jac: ``DF(x)`` (central differences when omitted).
        k: how many exponents.
        transient: iterations discarded first.
        rng: seed or Generator for the initial tangent vectors.

    Examples:
        The logistic map at r = 4 has exponent log 2:

        >>> import numpy as np
        >>> r = map_lyapunov(lambda x: 4 * x * (1 - x), [0.3], 20000,
        ...                  jac=lambda x: np.array([[4 - 8 * x[0]]]))
        >>> round(float(r.exponents[0]), 2)
        0.69
    """
    x = _state_vector(np.atleast_1d(_real_array(x0, "x0", "map_lyapunov")), "x0", "map_lyapunov")
    field = vector_field(step, x.size, jac)
    _check_dim(field, x, "x0", "map_lyapunov")
    iterations = check_int("iterations", iterations, "map_lyapunov", low=1)
    gen = as_generator(rng, "map_lyapunov")
    for _ in range(check_int("transient", transient, "map_lyapunov", low=0)):
        x = field.rhs(x)
    q, _ = np.linalg.qr(gen.normal(size=(x.size, k)))
    sums = np.zeros(k)
    running = np.empty((iterations, k))
    for t in range(iterations):
        q, r = np.linalg.qr(field.jac(x) @ q)
        x = field.rhs(x)
        diag = np.diag(r)
        q = q * np.where(diag < 0, -1.0, 1.0)
        sums += np.log(np.maximum(np.abs(diag), 1e-300))
        running[t] = sums / (t + 1)
    return LyapunovResult(sums / iterations, running, np.arange(1, iterations + 1), x)


def divergence(
    system: Any,
    x0: Any,
    *,
    delta: float = 1e-10,
    dt: float,
    steps: int,
    direction: Any = None,
    jac: Callable[[np.ndarray], np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The distance ``|x(t) - y(t)|`` of two trajectories started ``delta`` apart.

    Both advance by RK4 with step ``dt``; while the distance is small it grows like
    ``delta exp(lambda_1 t)`` for a chaotic system, until it saturates at the size of
    the attractor.

    Args:
        system: a NeuralModel with a rate rule or a function ``f(x)``.
        x0: the first trajectory's initial state.
        delta: the initial distance (> 0).
        dt: the step.
        steps: how many steps.
        direction: the initial displacement's direction (default: the first axis).
        jac: unused for the trajectories; accepted for symmetry with the others.

    Returns:
        ``(times, distances)``, ``steps + 1`` each.

    Examples:
        >>> import numpy as np
        >>> t, d = divergence(lambda x: x, [1.0], delta=1e-10, dt=0.01, steps=100)
        >>> round(float(np.log(d[-1] / d[0])), 4)
        1.0
    """
    x = _state_vector(x0, "x0", "divergence")
    field = vector_field(system, x.size, jac)
    _check_dim(field, x, "x0", "divergence")
    delta = check_real("delta", delta, "divergence", low=0.0, low_open=True)
    if direction is None:
        u = np.zeros(x.size)
        u[0] = 1.0
    else:
        u = _state_vector(direction, "direction", "divergence", x.size)
        if not np.linalg.norm(u) > 0:
            raise ValidationError("The 'direction' parameter of divergence must not be 0.")
    y = x + delta * u / np.linalg.norm(u)
    both = np.column_stack([x, y])
    pair = vector_field(
        lambda s: np.concatenate([field.rhs(s[: x.size]), field.rhs(s[x.size :])]), 2 * x.size
    )
    empty = np.zeros((2 * x.size, 0))
    s = both.T.reshape(-1)
    dist = np.empty(steps + 1)
    dist[0] = delta
    for k in range(steps):
        s, _ = _rk4(pair, s, empty, dt)
        dist[k + 1] = np.linalg.norm(s[: x.size] - s[x.size :])
    return np.arange(steps + 1) * dt, dist
