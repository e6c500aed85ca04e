"""Spectral sparsification by effective resistance (Spielman & Srivastava 2011).

A weighted undirected graph G with Laplacian ``L_G = sum_e w_e b_e b_e^T`` (``b_e =
e_u - e_v``) has a sparsifier H, with far fewer edges, whose quadratic form stays
within ``(1 +- eps)`` of G's on every vector: ``(1 - eps) x^T L_G x <= x^T L_H x <=
(1 + eps) x^T L_G x``. Spielman & Srivastava build H by sampling q edges with
replacement, edge e with probability ``p_e = w_e R_e / (n - 1)`` (``R_e`` its effective
resistance; ``sum_e w_e R_e = n - 1`` on a connected graph), and giving each sampled
copy the weight ``w_e / (q p_e)``.

Pieces:
    laplacian: the graph Laplacian of a symmetric weight matrix (scipy.sparse.csgraph).
    effective_resistances: ``R_e = b_e^T L^+ b_e``, exactly (pseudo-inverse) or by
        random projection and sparse Laplacian solves (their JL estimate).
    chernoff_samples: how many samples the matrix Chernoff bound asks for a given eps
        and failure probability.
    spectral_sparsify: the sampled, reweighted sparsifier H.
    distortion: ``max |x^T L_H x / x^T L_G x - 1|`` over given vectors, or over all.
    sparsification_table: edges kept and measured distortion against eps.

References:
    D. A. Spielman & N. Srivastava, Graph sparsification by effective resistances,
    SIAM J. Comput. 40, 1913 (2011).
    J. A. Tropp, User-friendly tail bounds for sums of random matrices, Found. Comput.
    Math. 12, 389 (2012), theorem 1.1 (the matrix Chernoff bound used for q).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.linalg
import scipy.sparse as sp
from scipy.optimize import brentq
from scipy.sparse import csgraph
from scipy.sparse.linalg import splu

from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_choice, check_int, check_real

__all__ = [
    "chernoff_samples",
    "distortion",
    "effective_resistances",
    "laplacian",
    "sparsification_table",
    "spectral_sparsify",
]


def _symmetric_weights(weights: Any, where: str) -> sp.csr_array:
    """``weights`` as a nonnegative symmetric csr array without self-loops, or raise."""
    if hasattr(weights, "to_scipy"):  # a Connectome
        weights = weights.to_scipy()
    w = sp.csr_array(weights, dtype=np.float64) if sp.issparse(weights) else None
    if w is None:
        arr = np.asarray(weights, dtype=np.float64)
        if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
            raise ValidationError(
                f"The 'weights' of {where} must be a square matrix. Got shape {arr.shape}."
            )
        w = sp.csr_array(arr)
    if w.shape[0] != w.shape[1] or w.shape[0] < 2:
        raise ValidationError(
            f"The 'weights' of {where} must be a square matrix of at least 2 nodes. "
            f"Got shape {w.shape}."
        )
    if not np.all(np.isfinite(w.data)) or (w.data < 0).any():
        raise ValidationError(
            f"The 'weights' of {where} must be finite and nonnegative (conductances); "
            "take absolute values of signed weights first."
        )
    if abs(w - w.T).max() > 1e-12 * max(1.0, abs(w).max()):
        raise ValidationError(f"The 'weights' of {where} must be symmetric (an undirected graph).")
    w.setdiag(0)
    w.eliminate_zeros()
    return w


def laplacian(weights: Any) -> sp.csr_array:
    """The Laplacian ``L = D - W`` of a nonnegative symmetric weight matrix.

    Examples:
        >>> laplacian(np.array([[0, 2], [2, 0]])).toarray().tolist()
        [[2.0, -2.0], [-2.0, 2.0]]
    """
    w = _symmetric_weights(weights, "laplacian")
    return sp.csr_array(csgraph.laplacian(w))


def _edges(w: sp.csr_array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each undirected edge once (u < v) with its weight."""
    upper = sp.triu(w, k=1).tocoo()
    return upper.row.astype(np.int64), upper.col.astype(np.int64), upper.data


def _check_connected(w: sp.csr_array, where: str) -> None:
    parts, _ = csgraph.connected_components(w, directed=False)
    if parts != 1:
        raise ValidationError(
            f"{where} needs a connected graph (effective resistances between components "
            f"are infinite). Got {parts} connected components."
        )


def effective_resistances(
    weights: Any,
    *,
    method: str = "exact",
    jl_epsilon: float = 0.3,
    rng: Any = None,
) -> pd.DataFrame:
    """Effective resistance ``R_uv = (e_u - e_v)^T L^+ (e_u - e_v)`` of every edge.

    ``"exact"`` takes the pseudo-inverse of the dense Laplacian (n up to a few
    thousand). ``"approx"`` is Spielman & Srivastava's estimate: with B the signed
    edge-node incidence matrix, ``R_uv = ||W^(1/2) B L^+ (e_u - e_v)||^2``, and a random
    ±1/sqrt(k) projection Q with ``k = ceil(24 ln n / jl_epsilon^2)`` rows keeps every
    such norm within ``1 +- jl_epsilon`` with high probability (Johnson-Lindenstrauss);
    the k rows of ``Z = Q W^(1/2) B L^+`` are k sparse Laplacian solves, done with one
    LU factorisation of L grounded at node 0.

    Args:
        weights: nonnegative symmetric weights (dense, scipy.sparse or a Connectome)
            of a connected graph.
        method: ``"exact"`` or ``"approx"``.
        jl_epsilon: the projection's relative accuracy (``"approx"`` only).
        rng: seed, SeedSequence or Generator (``"approx"`` only).

    Returns:
        One row per edge: ``u``, ``v`` (u < v), ``weight``, ``resistance``.

    Raises:
        ValidationError: negative, asymmetric or disconnected weights, a bad method.

    Examples:
        A tree's edges carry all the current: ``R_e = 1 / w_e``.

        >>> path = np.array([[0, 2, 0], [2, 0, 4], [0, 4, 0]])
        >>> effective_resistances(path)["resistance"].round(6).tolist()
        [0.5, 0.25]
    """
    check_choice("method", method, "effective_resistances", ("exact", "approx"))
    w = _symmetric_weights(weights, "effective_resistances")
    _check_connected(w, "effective_resistances")
    u, v, we = _edges(w)
    lap = csgraph.laplacian(w)
    n = w.shape[0]
    if method == "exact":
        pinv = scipy.linalg.pinvh(lap.toarray())
        r = pinv[u, u] + pinv[v, v] - 2 * pinv[u, v]
    else:
        eps = check_real("jl_epsilon", jl_epsilon, "effective_resistances", low=0, low_open=True)
        gen = as_generator(rng, "effective_resistances")
        k = math.ceil(24 * math.log(n) / eps**2)
        m = len(we)
        signs = np.where(gen.random((k, m)) < 0.5, -1.0, 1.0) / math.sqrt(k)
        # Y = Q W^(1/2) B is k x n; B^T W^(1/2) (n x m, sparse) carries +-sqrt(w_e).
        root = np.sqrt(we)
        incidence = sp.csr_array(
            (np.concatenate([root, -root]), (np.concatenate([u, v]), np.tile(np.arange(m), 2))),
            shape=(n, m),
        )
        y = (incidence @ signs.T).T
        # Rows of Y sum to zero, so L z = y is solvable; grounding node 0 (z_0 = 0)
        # picks one solution, and differences z_u - z_v do not depend on the choice.
        lu = splu(sp.csc_matrix(lap[1:, 1:]))
        z = np.zeros((n, k))
        z[1:] = lu.solve(np.ascontiguousarray(y[:, 1:].T))
        r = np.sum((z[u] - z[v]) ** 2, axis=1)
    return pd.DataFrame({"u": u, "v": v, "weight": we, "resistance": r})


_MAX_SAMPLES = 2.0**63
"""The most samples chernoff_samples returns (an int64 count of draws)."""


def chernoff_samples(epsilon: float, n: int, delta: float = 0.01) -> int:
    """Samples q that make H a ``(1 +- epsilon)`` sparsifier with probability ``>= 1 - delta``.

    With ``y_e = L^(+/2) b_e sqrt(w_e)`` each sample adds ``y_e y_e^T / (q p_e)``, a
    PSD matrix of norm ``(n - 1) / q``, and the sum has mean the projector on range(L).
    Tropp's matrix Chernoff bound (2012, theorem 1.1) then bounds the chance that an
    eigenvalue leaves ``[1 - eps, 1 + eps]`` by ``(n - 1) (a^(q/(n-1)) + b^(q/(n-1)))``
    with ``a = e^eps / (1 + eps)^(1 + eps)`` and ``b = e^-eps / (1 - eps)^(1 - eps)``;
    this returns the smallest q that makes it at most ``delta``. It grows like
    ``3 n ln(2n / delta) / eps^2``: Spielman & Srivastava's ``C n log n / eps^2``.

    Examples:
        >>> chernoff_samples(0.5, 100)
        8438
    """
    eps = check_real(
        "epsilon", epsilon, "chernoff_samples", low=0, high=1, low_open=True, high_open=True
    )
    check_int("n", n, "chernoff_samples", low=2)
    check_real("delta", delta, "chernoff_samples", low=0, high=1, low_open=True, high_open=True)
    log_a = eps - (1 + eps) * math.log1p(eps)
    log_b = -eps - (1 - eps) * math.log1p(-eps)

    def excess(q: float) -> float:
        t = q / (n - 1)
        return (
            math.log(n - 1) + math.log(math.exp(t * log_a) + math.exp(t * log_b)) - math.log(delta)
        )

    top = float(n)
    while excess(top) > 0:
        top *= 2
        if top > _MAX_SAMPLES:  # tiny eps: the bound's exponents round to 0 or q overflows
            raise ValidationError(
                f"The 'epsilon' parameter of chernoff_samples is too small: the samples "
                f"needed for n = {n}, delta = {delta!r} exceed 2**63. Got {epsilon!r} instead."
            )
    return math.ceil(brentq(excess, 1e-9, top, xtol=1e-6))


def spectral_sparsify(
    weights: Any,
    epsilon: float,
    *,
    samples: int | None = None,
    delta: float = 0.01,
    method: str = "exact",
    rng: Any = None,
) -> sp.csr_array:
    """A spectral sparsifier of a weighted graph (Spielman & Srivastava sampling).

    Draw q edges with replacement, edge e with ``p_e = w_e R_e / sum_f w_f R_f``; H
    gives e the weight ``(times drawn) w_e / (q p_e)``, so ``E[L_H] = L_G``.

    Args:
        weights: nonnegative symmetric weights of a connected graph.
        epsilon: the target relative accuracy of the quadratic form, in (0, 1).
        samples: q; default :func:`chernoff_samples` ``(epsilon, n, delta)``.
        delta: failure probability for the default q.
        method: effective resistances ``"exact"`` or ``"approx"``.
        rng: seed, SeedSequence or Generator.

    Returns:
        H's symmetric weight matrix (csr), with at most ``min(q, edges)`` edges.

    Examples:
        >>> G = np.ones((60, 60)) - np.eye(60)
        >>> H = spectral_sparsify(G, 0.9, samples=600, rng=0)
        >>> H.nnz // 2 < 1770, round(distortion(G, H), 1) < 0.9
        (True, True)
    """
    w = _symmetric_weights(weights, "spectral_sparsify")
    n = w.shape[0]
    eps = check_real(
        "epsilon", epsilon, "spectral_sparsify", low=0, high=1, low_open=True, high_open=True
    )
    q = chernoff_samples(eps, n, delta) if samples is None else samples
    check_int("samples", q, "spectral_sparsify", low=1)
    gen = as_generator(rng, "spectral_sparsify")
    edges = effective_resistances(w, method=method, rng=gen)
    score = edges["weight"].to_numpy() * edges["resistance"].to_numpy()
    p = score / score.sum()
    counts = gen.multinomial(q, p)
    keep = counts > 0
    new = counts[keep] * edges["weight"].to_numpy()[keep] / (q * p[keep])
    u, v = edges["u"].to_numpy()[keep], edges["v"].to_numpy()[keep]
    upper = sp.coo_array((new, (u, v)), shape=(n, n))
    return sp.csr_array(upper + upper.T)


def distortion(original: Any, sparsifier: Any, vectors: np.ndarray | None = None) -> float:
    """``max |x^T L_H x / x^T L_G x - 1|`` over ``vectors`` (rows), or over every x.

    With ``vectors=None`` the maximum over all x orthogonal to the constant vector is
    taken exactly: the extreme eigenvalues of ``L_G^(+/2) L_H L_G^(+/2)`` on range(L_G)
    (dense; G connected).

    Examples:
        >>> G = np.ones((4, 4)) - np.eye(4)
        >>> distortion(G, 1.1 * G)
        0.1
    """
    lg = laplacian(original)
    lh = laplacian(sparsifier)
    if lg.shape != lh.shape:
        raise ValidationError(
            f"distortion needs two graphs on the same nodes. Got {lg.shape[0]} and "
            f"{lh.shape[0]} nodes."
        )
    if vectors is not None:
        x = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
        g = np.einsum("ij,ij->i", x @ lg.toarray(), x)
        h = np.einsum("ij,ij->i", x @ lh.toarray(), x)
        return float(round(np.max(np.abs(h / g - 1)), 12))
    vals, vecs = scipy.linalg.eigh(lg.toarray())
    basis = vecs[:, 1:] / np.sqrt(vals[1:])  # L_G^(+/2) on range(L_G), G connected
    ratios = scipy.linalg.eigvalsh(basis.T @ lh.toarray() @ basis)
    return float(round(max(abs(ratios[0] - 1), abs(ratios[-1] - 1)), 12))


def sparsification_table(
    weights: Any,
    epsilons: Sequence[float],
    *,
    samples_constant: float | None = None,
    delta: float = 0.01,
    random_vectors: int = 100,
    low_modes: int = 10,
    rng: Any = None,
) -> pd.DataFrame:
    """Sparsify at each eps and measure what was kept and how far the form moved.

    Args:
        weights: nonnegative symmetric weights of a connected graph.
        epsilons: target accuracies.
        samples_constant: q = ``C n ln n / eps^2`` with this C; default the matrix
            Chernoff q (:func:`chernoff_samples`), which guarantees the bound with
            probability ``1 - delta``.
        delta: failure probability of the default q.
        random_vectors: Gaussian test vectors (centred, so not in L's kernel).
        low_modes: lowest nonzero Laplacian eigenvectors of G tested.
        rng: seed, SeedSequence or Generator.

    Returns:
        One row per eps: ``epsilon``, ``samples``, ``edges`` (G's), ``edges_kept``,
        ``kept_fraction``, ``distortion_random``, ``distortion_low`` (over the low
        eigenvectors), ``distortion_max`` (over every vector), ``within`` (max <= eps).

    Examples:
        >>> G = np.ones((40, 40)) - np.eye(40)
        >>> t = sparsification_table(G, [0.5], samples_constant=2.0, rng=0)
        >>> t.loc[0, "edges_kept"] < t.loc[0, "edges"]
        np.True_
    """
    w = _symmetric_weights(weights, "sparsification_table")
    n = w.shape[0]
    gen = as_generator(rng, "sparsification_table")
    lg = laplacian(w).toarray()
    _, vecs = scipy.linalg.eigh(lg)
    low = vecs[:, 1 : 1 + check_int("low_modes", low_modes, "sparsification_table", low=1)].T
    x = gen.standard_normal(
        (check_int("random_vectors", random_vectors, "sparsification_table", low=1), n)
    )
    x -= x.mean(axis=1, keepdims=True)
    rows = []
    for eps in epsilons:
        eps = check_real(
            "epsilon", eps, "sparsification_table", low=0, high=1, low_open=True, high_open=True
        )
        if samples_constant is None:
            q = chernoff_samples(eps, n, delta)
        else:
            q = math.ceil(samples_constant * n * math.log(n) / eps**2)
        h = spectral_sparsify(w, eps, samples=q, rng=gen)
        worst = distortion(w, h)
        rows.append(
            {
                "epsilon": eps,
                "samples": q,
                "edges": w.nnz // 2,
                "edges_kept": h.nnz // 2,
                "kept_fraction": h.nnz / w.nnz,
                "distortion_random": distortion(w, h, x),
                "distortion_low": distortion(w, h, low),
                "distortion_max": worst,
                "within": worst <= eps,
            }
        )
    return pd.DataFrame(rows)
