"""Rotations that emerge: a stability-optimized circuit (Hennequin, Vogels & Gerstner 2014).

A random excitatory-inhibitory network (Dale's law) whose excitation is strong enough
to make it wildly unstable is stabilised by optimising its inhibitory weights only:
gradient descent on the smoothed spectral abscissa (Vanbiervliet et al. 2009). The
result is stable but strongly non-normal: some initial states are amplified a lot
before they decay. Those states are the top eigenvectors of the observability Gramian
Q (``A^T Q + Q A = -2 I``, ``A = W - I`` in units of tau): the evoked energy
``(2/tau) int |x(t)|^2 dt`` of an initial state x is ``x^T Q x``. Nothing rotational is
put in: the question is whether jPCA finds rotations in the responses anyway.

Pieces:
    random_ei_weights: the initial sparse E-I matrix (spectral radius ``radius``).
    spectral_abscissa, observability_gramian, gramian_directions, evoked_energy:
        linear-systems helpers (numpy/scipy).
    smoothed_abscissa_gradient: the gradient ``Q P / tr(Q P)`` of the smoothed
        spectral abscissa at the shift s.
    optimize_inhibition: the gradient descent on the inhibitory weights (Dale's sign
        and the inhibitory density kept), with its history.
    soc_network: the whole construction: the optimised circuit as a MotorNetwork, its
        preparatory states (a ring in the plane of the top Gramian directions) and an
        output-null readout to muscles.
    network_from_weights: the same readout and preparatory states for any stable W
        (the controls: the network before optimisation rescaled to be stable, its
        normal counterpart, a symmetric network).
    rescaled_to_abscissa, normal_counterpart, symmetric_network: the controls.

Units: time in ms, tau = 200 ms as in the paper; the network equation is the one of
:mod:`neuroagents.models.motor.network`, ``tau dv/dt = -v + W v + h(t)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.linalg import solve_continuous_lyapunov
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from neuroagents.errors import ValidationError
from neuroagents.models.motor.network import MotorNetwork, _muscle_directions
from neuroagents.validation import as_generator, check_int, check_real

__all__ = [
    "SOCResult",
    "evoked_energy",
    "gramian_directions",
    "network_from_weights",
    "normal_counterpart",
    "observability_gramian",
    "optimize_inhibition",
    "random_ei_weights",
    "rescaled_to_abscissa",
    "smoothed_abscissa_gradient",
    "soc_network",
    "spectral_abscissa",
    "symmetric_network",
]


def random_ei_weights(
    n: int = 200,
    *,
    density: float = 0.1,
    gamma: float = 3.0,
    radius: float = 10.0,
    excitatory: float = 0.5,
    rng: Any = None,
) -> tuple[np.ndarray, int]:
    """A sparse random E-I matrix obeying Dale's law, as in Hennequin et al. (2014).

    Each connection exists with probability ``density``; excitatory ones weigh
    ``w0 / sqrt(n)``, inhibitory ones ``-gamma w0 / sqrt(n)`` with
    ``w0 = sqrt(2) radius / sqrt(density (1 - density) (1 + gamma^2))``, which puts the
    bulk of the spectrum in a disc of radius ``radius`` (for half E, half I).

    Args:
        n: neurons.
        density: connection probability (0, 1).
        gamma: inhibition / excitation weight ratio.
        radius: the initial spectral radius (10: far from stable).
        excitatory: fraction of excitatory neurons (the first columns).
        rng: seed or Generator.

    Returns:
        ``(W, n_exc)``: weights (``W[i, j]`` from j to i; columns ``< n_exc`` are
        excitatory, >= 0; the rest inhibitory, <= 0) and the number of E neurons.

    Examples:
        >>> W, ne = random_ei_weights(100, rng=0)
        >>> bool((W[:, :ne] >= 0).all() and (W[:, ne:] <= 0).all()), ne
        (True, 50)
    """
    where = "random_ei_weights"
    n = check_int("n", n, where, low=4)
    check_real("density", density, where, low=0, high=1, low_open=True, high_open=True)
    check_real("gamma", gamma, where, low=0, low_open=True)
    check_real("radius", radius, where, low=0, low_open=True)
    check_real("excitatory", excitatory, where, low=0, high=1, low_open=True, high_open=True)
    gen = as_generator(rng, where)
    n_exc = round(excitatory * n)
    if not 0 < n_exc < n:
        raise ValidationError(
            f"The 'excitatory' parameter of {where} must leave both populations non-empty; "
            f"got {excitatory} for n = {n}."
        )
    w0 = np.sqrt(2) * radius / np.sqrt(density * (1 - density) * (1 + gamma**2))
    sign = np.where(np.arange(n) < n_exc, 1.0, -gamma)
    W = (gen.random((n, n)) < density) * sign * w0 / np.sqrt(n)
    np.fill_diagonal(W, 0.0)
    return W, n_exc


def spectral_abscissa(W: np.ndarray) -> float:
    """The largest real part of the eigenvalues of ``A = W - I`` (in units of 1/tau).

    Negative: the linear network is stable.

    Examples:
        >>> spectral_abscissa(np.array([[0.5, 0.0], [0.0, -1.0]]))
        -0.5
    """
    return float(np.linalg.eigvals(W).real.max() - 1.0)


def observability_gramian(W: np.ndarray) -> np.ndarray:
    """Q solving ``A^T Q + Q A = -2 I`` for ``A = W - I`` (scipy's Bartels-Stewart).

    ``x^T Q x`` is the evoked energy ``(2/tau) int_0^inf |x(t)|^2 dt`` of the initial
    state x. Needs a stable W (every eigenvalue of A in the left half-plane).

    Examples:
        >>> observability_gramian(np.array([[0.5]]))   # a = -0.5: 2 int e^{-t} dt
        array([[2.]])
    """
    alpha = spectral_abscissa(W)
    if alpha >= 0:
        raise ValidationError(
            f"observability_gramian needs a stable W (spectral abscissa of W - I < 0); "
            f"got {alpha:.4g}."
        )
    A = W - np.eye(W.shape[0])
    return solve_continuous_lyapunov(A.T, -2.0 * np.eye(W.shape[0]))


def gramian_directions(W: np.ndarray, k: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """The k initial states of unit norm evoking the most energy, and those energies.

    Returns:
        ``(energies, directions)``: the top k eigenvalues of Q, decreasing, and the
        matching unit eigenvectors as columns (n x k).

    Examples:
        >>> e, d = gramian_directions(np.diag([0.5, -1.0]), 1)
        >>> e.round(6).tolist(), np.abs(d[:, 0]).round(6).tolist()
        ([2.0], [1.0, 0.0])
    """
    k = check_int("k", k, "gramian_directions", low=1, high=W.shape[0])
    vals, vecs = np.linalg.eigh(observability_gramian(W))
    order = np.argsort(vals)[::-1][:k]
    return vals[order], vecs[:, order]


def evoked_energy(W: np.ndarray, x: np.ndarray) -> float:
    """``x^T Q x / |x|^2``: the evoked energy of the initial state x, per unit norm.

    A normal stable network gives at most ``1 / |spectral abscissa|``; a random
    unit direction gives ``tr(Q) / n`` on average.
    """
    x = np.asarray(x, dtype=np.float64)
    return float(x @ observability_gramian(W) @ x / (x @ x))


def smoothed_abscissa_gradient(W: np.ndarray, s: float) -> np.ndarray:
    """The gradient of the smoothed spectral abscissa with respect to W, at shift s.

    With ``A_s = W - I - s I``, Q and P the observability and controllability Gramians
    (``A_s^T Q + Q A_s = -I``, ``A_s P + P A_s^T = -I``), the smoothed abscissa
    ``s(W)`` defined by ``tr Q = 1 / eps`` has gradient ``Q P / tr(Q P)``
    (Vanbiervliet et al. 2009). s must exceed the spectral abscissa.
    """
    n = W.shape[0]
    A = W - (1.0 + s) * np.eye(n)
    eye = np.eye(n)
    Q = solve_continuous_lyapunov(A.T, -eye)
    P = solve_continuous_lyapunov(A, -eye)
    QP = Q @ P
    return QP / np.trace(QP)


@dataclass(frozen=True)
class SOCResult:
    """What :func:`optimize_inhibition` returns.

    Attributes:
        W: the optimised weights.
        initial: the weights before optimisation.
        n_exc: number of excitatory neurons (the first columns).
        history: one row per step: step, abscissa (of W - I) before it, shift s, step
            size.
    """

    W: np.ndarray
    initial: np.ndarray
    n_exc: int
    history: pd.DataFrame


def optimize_inhibition(
    W: np.ndarray,
    n_exc: int,
    *,
    rate: float = 30.0,
    steps: int = 1000,
    target: float = -0.2,
    progress: bool = False,
) -> SOCResult:
    """Stabilise W by gradient descent on its inhibitory weights (Hennequin et al. 2014).

    Each step sets the shift ``s = max(1.5 alpha, alpha + 0.2)`` above the spectral
    abscissa alpha (the paper's choice of the smoothing), moves every inhibitory weight
    (columns ``>= n_exc``, existing or not) down the gradient of the smoothed abscissa,
    sets those that turned positive to 0 (Dale's law), and keeps only the strongest, as
    many as there were at the start (the inhibitory density stays fixed; the wiring may
    change). Excitatory weights are never touched. The step size halves after a step
    that raised alpha (too long a step makes it oscillate) and grows by 10% up to
    ``rate`` after one that lowered it. Stops when alpha < ``target`` or after
    ``steps`` steps.

    Args:
        W: initial weights (E columns >= 0, I columns <= 0).
        n_exc: number of excitatory neurons.
        rate: the largest gradient step.
        steps: the most steps.
        target: stop once the spectral abscissa is below this (units of 1/tau).
        progress: show a tqdm bar.

    Returns:
        The optimised weights, the initial ones and the history.

    Examples:
        >>> W0, ne = random_ei_weights(60, radius=3.0, rng=1)
        >>> res = optimize_inhibition(W0, ne, steps=500)
        >>> spectral_abscissa(W0) > 0 > spectral_abscissa(res.W)
        True
    """
    where = "optimize_inhibition"
    n = W.shape[0]
    n_exc = check_int("n_exc", n_exc, where, low=1, high=n - 1)
    check_real("rate", rate, where, low=0, low_open=True)
    steps = check_int("steps", steps, where, low=1)
    check_real("target", target, where)
    if (W[:, :n_exc] < 0).any() or (W[:, n_exc:] > 0).any():
        raise ValidationError(
            f"{where} needs a W obeying Dale's law: columns < n_exc (= {n_exc}) >= 0 and "
            "the others <= 0."
        )
    W = np.array(W, dtype=np.float64)
    initial = W.copy()
    keep = int(np.count_nonzero(W[:, n_exc:]))
    off_diag = ~np.eye(n, dtype=bool)[:, n_exc:]
    bar = tqdm(range(steps), desc="SOC optimisation", disable=not progress, leave=False)
    with threadpool_limits(1):  # small dense solves: BLAS threads only contend (~50x slower)
        rows = _descend(W, n_exc, bar, rate=rate, target=target, keep=keep, off_diag=off_diag)
    history = pd.DataFrame(rows, columns=["step", "abscissa", "shift", "step_size"])
    return SOCResult(W, initial, n_exc, history)


def _descend(
    W: np.ndarray,
    n_exc: int,
    bar: Any,
    *,
    rate: float,
    target: float,
    keep: int,
    off_diag: np.ndarray,
) -> list[tuple[int, float, float, float]]:
    """The steps of :func:`optimize_inhibition`, on W in place; the history rows."""
    rows = []
    step_size, alpha = rate, spectral_abscissa(W)
    for step in bar:
        s = max(1.5 * alpha, alpha + 0.2)
        rows.append((step, alpha, s, step_size))
        if alpha < target:
            break
        inh = W[:, n_exc:] - step_size * smoothed_abscissa_gradient(W, s)[:, n_exc:]
        inh = np.minimum(inh, 0.0) * off_diag  # Dale's law, no autapses
        if np.count_nonzero(inh) > keep:  # keep the `keep` strongest: fixed density
            cut = np.partition(inh.ravel(), keep - 1)[keep - 1]
            inh[inh > cut] = 0.0
        W[:, n_exc:] = inh
        new = spectral_abscissa(W)
        # alpha rose: the step overshot (or another eigenvalue overtook): halve it
        step_size = step_size / 2 if new > alpha else min(rate, 1.1 * step_size)
        alpha = new
        bar.set_postfix(abscissa=f"{alpha:.3f}")
    else:
        rows.append((len(rows), alpha, max(1.5 * alpha, alpha + 0.2), step_size))
    return rows


def rescaled_to_abscissa(W: np.ndarray, abscissa: float) -> np.ndarray:
    """``c W`` with c > 0 chosen so that the spectral abscissa of ``c W - I`` is ``abscissa``.

    Examples:
        >>> W = np.array([[0.0, 2.0], [2.0, 0.0]])
        >>> round(spectral_abscissa(rescaled_to_abscissa(W, -0.5)), 12)
        -0.5
    """
    top = float(np.linalg.eigvals(W).real.max())
    if top <= 0:
        raise ValidationError(
            f"rescaled_to_abscissa needs W with an eigenvalue of positive real part; the "
            f"largest real part is {top:.4g}."
        )
    return W * (1.0 + abscissa) / top


def normal_counterpart(W: np.ndarray, rng: Any = None) -> np.ndarray:
    """A normal matrix with the eigenvalues of W (same frequencies, same abscissa).

    Each complex pair ``a +- ib`` of W's eigenvalues becomes a block ``[[a, -b], [b, a]]``,
    each real one a 1 x 1 block, in a random orthonormal basis: W's spectrum without
    its non-normal part. Its responses decay without transient growth: ``|x(t)|``
    never increases.

    Examples:
        >>> W = np.array([[0.0, 5.0], [-0.1, 0.0]])
        >>> N = normal_counterpart(W, 0)
        >>> bool(np.allclose(N @ N.T, N.T @ N)), np.allclose(
        ...     np.sort_complex(np.linalg.eigvals(N)), np.sort_complex(np.linalg.eigvals(W)))
        (True, True)
    """
    gen = as_generator(rng, "normal_counterpart")
    lam = np.linalg.eigvals(W)
    tol = 1e-12 * max(1.0, float(np.abs(lam).max()))
    pairs, reals = lam[lam.imag > tol], lam[np.abs(lam.imag) <= tol].real
    n = W.shape[0]
    blocks = np.zeros((n, n))
    for m, z in enumerate(pairs):  # one of each conjugate pair
        blocks[2 * m : 2 * m + 2, 2 * m : 2 * m + 2] = [[z.real, -z.imag], [z.imag, z.real]]
    i = 2 * len(pairs)
    blocks[np.arange(i, i + len(reals)), np.arange(i, i + len(reals))] = reals
    q, r = np.linalg.qr(gen.normal(size=(n, n)))
    q = q * np.sign(np.diag(r))
    return q @ blocks @ q.T


def symmetric_network(n: int, abscissa: float, rng: Any = None) -> np.ndarray:
    """A random symmetric W (GOE) scaled so the spectral abscissa of ``W - I`` is ``abscissa``.

    Real eigenvalues only: no rotation, no transient amplification.

    Examples:
        >>> W = symmetric_network(50, -0.3, 0)
        >>> bool(np.allclose(W, W.T)), round(spectral_abscissa(W), 12)
        (True, -0.3)
    """
    gen = as_generator(rng, "symmetric_network")
    J = gen.normal(size=(n, n))
    J = (J + J.T) / np.sqrt(2 * n)
    return rescaled_to_abscissa(J, abscissa)


def _prep_states(directions: np.ndarray, conditions: int, amplitude: float) -> np.ndarray:
    """A ring in the plane of the top two directions, then the next planes at 2, 3, ... theta.

    Condition c: ``sum_m (cos(m theta) d_{2m-1} + sin(m theta) d_{2m})``, unit norm.
    """
    theta = 2 * np.pi * np.arange(conditions) / conditions
    k = directions.shape[1] // 2
    coef = np.column_stack([f(m * theta) for m in range(1, k + 1) for f in (np.cos, np.sin)])
    x = coef @ directions[:, : 2 * k].T
    return amplitude * x / np.linalg.norm(x, axis=1, keepdims=True)


def network_from_weights(
    W: np.ndarray,
    *,
    conditions: int = 8,
    directions: int = 2,
    amplitude: float = 1.0,
    n_muscles: int = 8,
    tau: float = 200.0,
    dt: float = 1.0,
    rng: Any = None,
) -> tuple[MotorNetwork, np.ndarray, np.ndarray]:
    """A stable W as a MotorNetwork with preparatory states on its top Gramian directions.

    The preparatory states are a ring of ``conditions`` unit states (times
    ``amplitude``) in the span of the top ``directions`` eigenvectors of Q (see
    :func:`_prep_states`). The readout: two random orthonormal force axes orthogonal to
    those directions (so the preparatory state is output-null, as in
    :func:`neuroagents.models.motor.reach_network`), pulled on by ``n_muscles`` muscles
    with evenly spaced directions.

    Returns:
        ``(network, prep_states, energies)``: the network (its ``basis`` holds the
        Gramian eigenvectors, most amplified first), conditions x neurons, and the top
        ``directions`` eigenvalues of Q.
    """
    where = "network_from_weights"
    conditions = check_int("conditions", conditions, where, low=2)
    n = W.shape[0]
    directions = check_int("directions", directions, where, low=2, high=n - 2)
    if directions % 2:
        raise ValidationError(
            f"The 'directions' parameter of {where} must be even (a plane per pair); "
            f"got {directions}."
        )
    n_muscles = check_int("n_muscles", n_muscles, where, low=2)
    gen = as_generator(rng, where)
    energies, basis = gramian_directions(W, n)
    prep = _prep_states(basis[:, :directions], conditions, amplitude)
    raw = gen.normal(size=(n, 2))
    raw -= basis[:, :directions] @ (basis[:, :directions].T @ raw)
    force, _ = np.linalg.qr(raw)
    readout = _muscle_directions(n_muscles) @ force.T
    net = MotorNetwork(W=W, basis=basis, readout=readout, tau=tau, dt=dt, planes=0)
    return net, prep, energies[:directions]


def soc_network(
    n: int = 200,
    *,
    density: float = 0.1,
    gamma: float = 3.0,
    radius: float = 10.0,
    rate: float = 30.0,
    steps: int = 1000,
    target: float = -0.2,
    conditions: int = 8,
    directions: int = 2,
    amplitude: float = 1.0,
    n_muscles: int = 8,
    tau: float = 200.0,
    dt: float = 1.0,
    rng: Any = None,
    progress: bool = False,
) -> tuple[MotorNetwork, np.ndarray, SOCResult]:
    """The stability-optimised circuit, its preparatory states and its optimisation.

    :func:`random_ei_weights`, then :func:`optimize_inhibition`, then
    :func:`network_from_weights`; the arguments are theirs.

    Returns:
        ``(network, prep_states, optimisation)``.

    Raises:
        ValidationError: if the optimisation did not make the network stable.
    """
    w_rng, r_rng = as_generator(rng, "soc_network").spawn(2)
    W0, n_exc = random_ei_weights(n, density=density, gamma=gamma, radius=radius, rng=w_rng)
    opt = optimize_inhibition(W0, n_exc, rate=rate, steps=steps, target=target, progress=progress)
    alpha = spectral_abscissa(opt.W)
    if alpha >= 0:
        raise ValidationError(
            f"soc_network: {steps} optimisation steps at rate {rate} left the network "
            f"unstable (spectral abscissa {alpha:.4g}); raise 'steps' or 'rate'."
        )
    net, prep, _ = network_from_weights(
        opt.W,
        conditions=conditions,
        directions=directions,
        amplitude=amplitude,
        n_muscles=n_muscles,
        tau=tau,
        dt=dt,
        rng=r_rng,
    )
    return net, prep, opt
