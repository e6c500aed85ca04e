"""The rate circuits' weight matrices, and recording a rate model's state.

Pieces:
    symmetric_with_spectrum: a symmetric M = E diag(lambda) E^T with a chosen spectrum.
    linear_circuit, threshold_linear, ei_pair: deprecated factories (one release) of the
        circuits now in :mod:`neuroagents.models.rate.circuits` (``LinearCircuit``,
        ``ThresholdLinear``, ``EIPair``).
    float64_model: a synchronous model on float64 weights, without recording.
    record_states, record_modes: run a model and record its state (or the mode
        coordinates ``c = E^T v``) at given times.
    winner_take_all_weights: self-excitation alpha, mutual inhibition beta.
    ctln_weights: Curto-Morrison combinatorial threshold-linear network of a digraph.
    random_coupling: J_ij ~ N(0, 1/N) (Sompolinsky-Crisanti-Sommers).
    wired_coupling: the same on a connectome's synapses, scaled so the bulk edge is 1.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

import neuroagents as na
from neuroagents.analysis.random_graphs import binary_adjacency
from neuroagents.errors import ValidationError
from neuroagents.runner.config_connectome import with_weights
from neuroagents.validation import as_generator

__all__ = [
    "ctln_weights",
    "ei_pair",
    "float64_model",
    "linear_circuit",
    "random_coupling",
    "record_modes",
    "record_states",
    "symmetric_with_spectrum",
    "threshold_linear",
    "winner_take_all_weights",
    "wired_coupling",
]


def symmetric_with_spectrum(
    eigenvalues: Sequence[float], rng: Any = None
) -> tuple[np.ndarray, np.ndarray]:
    """A symmetric matrix ``M = E diag(lambda) E^T`` with a random orthonormal basis E.

    Args:
        eigenvalues: lambda_1, lambda_2, ... (M is n x n with n = len(eigenvalues)).
        rng: seed or Generator for the basis (QR of a Gaussian matrix).

    Returns:
        ``(M, E)``: the matrix and its eigenvectors as columns, ``E[:, k]`` = e_{k+1}.

    Examples:
        >>> import numpy as np
        >>> M, E = symmetric_with_spectrum([0.9, 0.3, 0.1], rng=0)
        >>> np.allclose(M @ E[:, 0], 0.9 * E[:, 0]), np.allclose(M, M.T)
        (True, True)
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    q, r = np.linalg.qr(as_generator(rng, "symmetric_with_spectrum").normal(size=(lam.size,) * 2))
    q = q * np.sign(np.diag(r))
    return (q * lam) @ q.T, q


def linear_circuit(
    M: np.ndarray, h: Any = 0.0, *, tau: float = 1.0, dt: float = 0.02, integrator: str = "euler"
) -> na.NeuralModel:
    """Deprecated: use :class:`~neuroagents.models.rate.circuits.LinearCircuit`.

    ``LinearCircuit(M, h, tau=..., dt=..., integrator=...)``: the same model, a
    NeuralModel subclass with ``from_params`` (the model contract).
    """
    from neuroagents.models.rate.circuits import LinearCircuit

    _renamed("linear_circuit", "LinearCircuit")
    return LinearCircuit(M, h, tau=tau, dt=dt, integrator=integrator)


def _renamed(old: str, new: str) -> None:
    """Warn that the factory ``old`` is now the class ``new`` (one release)."""
    warnings.warn(
        f"neuroagents.models.rate.{old}() is deprecated and will be removed in the next "
        f"release: use neuroagents.models.rate.{new}(...), the same model as a NeuralModel "
        f"subclass with from_params.",
        DeprecationWarning,
        stacklevel=3,
    )


def float64_model(
    M: np.ndarray, rule: Any, *, like: na.Connectome | None = None, **kwargs: Any
) -> na.NeuralModel:
    """A synchronous NeuralModel on float64 weights ``M`` without recording.

    ``like``: a connectome whose node ids and attributes (``threshold``, ``tau``…) the
    neurons take (a wiring read from a config).
    """
    w = np.asarray(M, dtype=np.float64)
    c = (
        na.Connectome.from_matrix(w, weight_dtype="float64")
        if like is None
        else with_weights(like, w, weight_dtype="float64")
    )
    return na.NeuralModel(c, rule=rule, scheduler="sync", record_every=None, **kwargs)


def record_states(model: na.NeuralModel, times: Iterable[float]) -> np.ndarray:
    """Run ``model`` to each time in ``times`` (increasing) and record its state (rows).

    The whole run is held to the work rule up front (the last time, not each piece).
    """
    times = [float(t) for t in times]
    if times:
        model.check_run_length(max(times), where="record_states")
    rows = []
    for t in times:
        model.run_until(float(t))
        rows.append(np.array(model.state))
    return np.array(rows)


def record_modes(model: na.NeuralModel, basis: np.ndarray, times: Iterable[float]) -> np.ndarray:
    """Run ``model`` to each time in ``times`` and record ``c = basis^T v`` there (rows)."""
    return record_states(model, times) @ basis


def winner_take_all_weights(n: int, alpha: float, beta: float) -> np.ndarray:
    """``M = alpha I - beta (1 1^T - I)``: each unit excites itself, inhibits the others.

    With equal drive h > 0, ``alpha < 1`` and ``beta > 1 - alpha`` every single unit
    ``v_k = h / (1 - alpha)`` (others silent) is a stable fixed point.
    """
    if n < 2:
        raise ValidationError(
            f"The 'n' parameter of winner_take_all_weights must be >= 2. Got {n}."
        )
    return alpha * np.eye(n) - beta * (np.ones((n, n)) - np.eye(n))


def ctln_weights(
    n: int, edges: Iterable[tuple[int, int]], eps: float = 0.25, delta: float = 0.5
) -> np.ndarray:
    """Curto-Morrison combinatorial threshold-linear network of the digraph ``edges``.

    ``W_ij = -1 + eps`` if j -> i, ``-1 - delta`` if not, ``W_ii = 0`` (with drive
    theta = 1 and ``0 < eps < delta / (delta + 1)`` the network is "legal").

    References:
        Morrison, Degeratu, Itskov, Curto (2016), arXiv:1605.04463.

    Examples:
        >>> ctln_weights(3, [(0, 1), (1, 2), (2, 0)])[1].tolist()   # 0 -> 1
        [-0.75, 0.0, -1.5]
    """
    if not 0 < eps < delta / (delta + 1):
        raise ValidationError(
            f"ctln_weights needs 0 < eps < delta / (delta + 1) = {delta / (delta + 1):.4g}; "
            f"got eps={eps!r}, delta={delta!r}."
        )
    w = np.full((n, n), -1.0 - delta)
    for j, i in edges:  # j -> i: row i (target), column j (source)
        w[i, j] = -1.0 + eps
    np.fill_diagonal(w, 0.0)
    return w


def threshold_linear(
    M: np.ndarray, h: Any = 0.0, *, threshold: Any = 0.0, tau: float = 1.0, dt: float = 0.01
) -> na.NeuralModel:
    """Deprecated: use :class:`~neuroagents.models.rate.circuits.ThresholdLinear`."""
    from neuroagents.models.rate.circuits import ThresholdLinear

    _renamed("threshold_linear", "ThresholdLinear")
    return ThresholdLinear(M, h, threshold=threshold, tau=tau, dt=dt)


def random_coupling(n: int, rng: Any = None) -> np.ndarray:
    """J with independent entries N(0, 1/n) (the bulk of g J has radius g)."""
    return as_generator(rng, "random_coupling").normal(0.0, 1.0 / np.sqrt(n), size=(n, n))


def wired_coupling(wiring: na.Connectome, rng: Any = None) -> np.ndarray:
    """J on a wiring's synapses: ``J_ij = c_ij z_ij / sqrt(rho(c))``, z_ij ~ N(0, 1).

    c is the wiring's 0/1 adjacency ``c[target, source]`` (self-loops dropped) and
    rho(c) its largest eigenvalue (the Perron root). The variance profile ``c / rho(c)``
    then has spectral radius 1, so for large networks the bulk of g J has radius g and
    the quiet state loses stability, and chaos sets in, at g = 1 (Aljadeff, Stern &
    Sharpee 2015, PRL 114, 088101); for a graph with every in-degree k, rho = k and
    this is ``N(0, 1/k)`` on each synapse, the SCC scaling on a diluted net.

    Examples:
        >>> import numpy as np, networkx as nx
        >>> ring = na.Connectome.from_networkx(nx.cycle_graph(50, create_using=nx.DiGraph))
        >>> J = wired_coupling(ring, 0)  # one synapse per neuron, rho = 1
        >>> int(np.count_nonzero(J)), bool(np.all((J != 0) == (ring.to_dense() != 0)))
        (50, True)
    """
    c = binary_adjacency(wiring).T.astype(np.float64)  # c[target, source]
    rho = float(np.abs(np.linalg.eigvals(c)).max())
    if rho <= 0:
        raise ValidationError(
            "The wiring of wired_coupling must have a directed cycle (its adjacency's "
            "largest eigenvalue is 0: every activity dies out, there is no chaos to have)."
        )
    z = as_generator(rng, "wired_coupling").normal(0.0, 1.0, size=c.shape)
    return c * z / np.sqrt(rho)


def ei_pair(
    w_ee: float,
    w_ei: float,
    w_ie: float,
    w_ii: float = 0.0,
    *,
    tau_e: float = 1.0,
    tau_i: float = 1.0,
    dt: float = 0.01,
) -> na.NeuralModel:
    """Deprecated: use :class:`~neuroagents.models.rate.circuits.EIPair`."""
    from neuroagents.models.rate.circuits import EIPair

    _renamed("ei_pair", "EIPair")
    return EIPair(w_ee, w_ei, w_ie, w_ii, tau_e=tau_e, tau_i=tau_i, dt=dt)
