"""Hebbian storage and two rules that store more: the weights of a Hopfield net.

Pieces:
    hebbian_weights, hebbian_graph: Hebb's rule ``w_ab = sum_k M_k^a M_k^b / n``, as a
        matrix or a networkx graph (complete, or the edges of a graph of your own).
    store_on_graph: any of the rules restricted to a given wiring: your graph's edges
        get the rule's weights, pairs it does not connect get no synapse.
    pseudo_inverse_weights: the projection rule (every pattern a fixed point, p < n).
    storkey_weights: Storkey's incremental rule.
    LEARNING_RULES: rule name -> weight function.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import networkx as nx
import numpy as np
from scipy import linalg

from neuroagents.errors import ValidationError
from neuroagents.models.hopfield.network import check_patterns
from neuroagents.validation import check_memory

__all__ = [
    "LEARNING_RULES",
    "hebbian_graph",
    "hebbian_weights",
    "pseudo_inverse_weights",
    "store_on_graph",
    "storkey_weights",
]


def hebbian_weights(
    patterns: np.ndarray, *, normalize: bool = True, dtype: Any = np.float64
) -> np.ndarray:
    """Hebb's rule: ``w_ab = sum_k M_k^a M_k^b / n``, with a zero diagonal.

    Args:
        patterns: (count, n) array of ±1.
        normalize: divide by n (the default). Without it the weights are the lecture's
            literal ``sum_k M_k^a M_k^b``: whole numbers, so every input is an exact
            integer and ties (input exactly 0) are exact too. The sign rule does the
            same either way; only energies scale by n.
        dtype: ``np.float64`` (default) or ``np.float32``; float32 halves the time of
            the matrix product for large nets and is exact for the integer sums (the
            connectome stores float32 weights anyway).

    Examples:
        >>> W = hebbian_weights(np.array([[1, -1, 1]]))
        >>> W.tolist()
        [[0.0, -0.3333333333333333, 0.3333333333333333], [-0.3333333333333333, 0.0, -0.3333333333333333], [0.3333333333333333, -0.3333333333333333, 0.0]]
        >>> hebbian_weights(np.array([[1, -1, 1], [1, 1, 1]]), normalize=False).tolist()
        [[0.0, 0.0, 2.0], [0.0, 0.0, 0.0], [2.0, 0.0, 0.0]]
    """  # noqa: E501
    p = check_patterns(patterns)
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValidationError(
            f"The 'dtype' parameter of hebbian_weights must be float32 or float64. Got {dtype}."
        )
    n = p.shape[1]
    check_memory(f"hebbian_weights of {n} neurons", float(n) * n * dtype.itemsize)
    x = p.astype(dtype)
    # Sums of ±1 products are whole numbers, exact in either float type, so W is
    # exactly symmetric whatever order BLAS adds them in.
    w = x.T @ x
    if normalize:
        w /= dtype.type(n)
    np.fill_diagonal(w, 0.0)
    return w


def hebbian_graph(patterns: np.ndarray, graph: nx.Graph | None = None) -> nx.Graph:
    """The Hebbian net as a networkx Graph with ``weight`` on every edge.

    Without ``graph`` the net is complete. With ``graph``, only its edges get Hebbian
    weights (``store_on_graph(graph, patterns)``): the lecture's rule on your wiring.
    The patterns are kept in ``G.graph["patterns"]`` so that a model built on the
    graph can report overlaps. For n in the thousands use
    ``Connectome.from_matrix(hebbian_weights(P))``: a complete graph of 5000 nodes has
    12.5M edges, too many for networkx.

    Args:
        patterns: (count, n) array of ±1 (in ``list(graph)`` order if a graph is given).
        graph: the wiring, or None for the complete graph.
    """
    if graph is not None:
        return store_on_graph(graph, patterns)
    p = check_patterns(patterns)
    w = hebbian_weights(p)
    graph = nx.from_numpy_array(w)
    graph.graph["patterns"] = p
    return graph


def pseudo_inverse_weights(patterns: np.ndarray) -> np.ndarray:
    """The pseudo-inverse (projection) rule: W projects onto the span of the patterns.

    ``W = X (X^T X)^-1 X^T`` with the patterns as the columns of X, then the diagonal
    is set to 0. Since ``W M = M`` before that, the input to neuron i at a stored
    pattern is ``M^i (1 - W_ii)`` with ``W_ii ~ p/n < 1``: every stored pattern is a
    fixed point, correlated or not, for any p < n (Kanter & Sompolinsky 1987).
    The rule is not local: each weight depends on all the patterns.

    Examples:
        >>> from neuroagents.models.hopfield import random_patterns
        >>> P = random_patterns(n=40, count=30, rng=0)  # alpha = 0.75
        >>> W = pseudo_inverse_weights(P)
        >>> bool(np.all(P * (P @ W) > 0))  # every bit of every pattern is happy
        True
    """
    p = check_patterns(patterns).astype(np.float64)
    # Orthonormal basis of the span by QR: better conditioned than inverting X^T X.
    q, _ = np.linalg.qr(p.T)
    w = q @ q.T
    w = (w + w.T) / 2  # exactly symmetric, whatever rounding did
    np.fill_diagonal(w, 0.0)
    return w


def storkey_weights(patterns: np.ndarray) -> np.ndarray:
    """Storkey's rule (1997): Hebb's rule minus what the current weights already predict.

    Patterns are learned one at a time. For pattern M, with local fields
    ``h_ij = sum_{k != i, j} w_ik M^k``,

        ``w_ij <- w_ij + (M^i M^j - M^i h_ji - h_ij M^j) / n``   (i != j; w_ii = 0).

    Like Hebb's rule it is local and incremental; unlike it, it subtracts the
    crosstalk of earlier patterns, which raises the capacity (Storkey reports an
    absolute capacity of ``n / sqrt(2 ln n)`` against Hebb's ``n / (2 ln n)``).

    Notes:
        With a zero diagonal the update reads ``W <- (1 + 2/n) W + (M g^T + g M^T) / n``
        with ``g = M/2 - W M``, a symmetric rank-2 update (BLAS ``syr2``): O(n^2) per
        pattern. ``W`` is kept as a scale times a triangle so that the ``(1 + 2/n)``
        costs nothing.

    Examples:
        >>> from neuroagents.models.hopfield import random_patterns
        >>> P = random_patterns(n=60, count=3, rng=0)
        >>> W = storkey_weights(P)
        >>> bool(np.array_equal(W, W.T)), float(np.abs(np.diag(W)).max())
        (True, 0.0)
        >>> bool(np.all(P * (P @ W) > 0))
        True
    """
    p = check_patterns(patterns).astype(np.float64)
    n = p.shape[1]
    upper = np.zeros((n, n), order="F")  # W = scale * upper (upper triangle only)
    scale = 1.0
    diagonal = np.arange(n)
    for m in p:
        h = scale * linalg.blas.dsymv(1.0, upper, m)
        g = m / 2 - h
        scale *= 1 + 2 / n
        upper = linalg.blas.dsyr2(1 / (n * scale), m, g, a=upper, overwrite_a=1)
        upper[diagonal, diagonal] = 0.0
    w = np.triu(upper, 1) * scale
    return w + w.T


LEARNING_RULES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "hebb": hebbian_weights,
    "pseudo-inverse": pseudo_inverse_weights,
    "storkey": storkey_weights,
}
"""Weight functions by name, for experiments that compare the rules."""


def store_on_graph(
    graph: nx.Graph,
    patterns: np.ndarray,
    *,
    rule: str = "hebb",
    normalize: bool = True,
) -> nx.Graph:
    """Store patterns on a wiring of your own: the rule's weights on the graph's edges.

    For Hebb's rule each edge (a, b) of ``graph`` gets

        ``w_ab = c_ab * sum_k M_k^a M_k^b / n``   (c the 0/1 adjacency, no self-loops),

    computed edge by edge (O(edges x patterns), never an n x n matrix), so this is the
    diluted Hopfield net of Sompolinsky (1986) and Derrida, Gardner & Zippelius (1987)
    on whatever wiring you give. For ``"storkey"`` and ``"pseudo-inverse"``, which are
    not local, the full weight matrix is computed and read off on the edges. Pairs the
    graph does not connect get no synapse; a directed edge a -> b gets ``w_ba`` (the
    weight of a's input to b), so a directed graph with one-way edges gives an
    asymmetric net (``HopfieldModel`` refuses it unless ``allow_asymmetric=True``).

    Args:
        graph: a networkx ``Graph`` or ``DiGraph`` (not changed; a copy is returned with
            its nodes, node attributes and other edge attributes).
        patterns: (count, n) array of ±1, bit i for node ``list(graph)[i]``.
        rule: ``"hebb"`` (default), ``"storkey"`` or ``"pseudo-inverse"``.
        normalize: Hebb's rule divided by n (default) or the literal integer sums.

    Returns:
        A copy of ``graph`` with ``weight`` on every edge and the patterns in
        ``graph["patterns"]`` (so a HopfieldModel on it reports overlaps).

    Raises:
        ValidationError: patterns that are not ±1 with one bit per node, an unknown
            rule, a multigraph, or a self-loop (Hebb's rule has no self-connection).

    Examples:
        >>> import networkx as nx
        >>> from neuroagents.models.hopfield import HopfieldModel, random_patterns
        >>> ring = nx.cycle_graph(["a", "b", "c", "d"])
        >>> G = store_on_graph(ring, np.array([[1, 1, -1, -1]]))
        >>> sorted((u, v, w) for u, v, w in G.edges(data="weight"))
        [('a', 'b', 0.25), ('a', 'd', -0.25), ('b', 'c', -0.25), ('c', 'd', 0.25)]
        >>> m = HopfieldModel(G, rng=0)
        >>> m.set_state([1, 1, -1, -1]); m.count_unhappy()  # the pattern is a fixed point
        0
    """
    where = "store_on_graph"
    if not isinstance(graph, nx.Graph) or graph.is_multigraph():
        raise ValidationError(
            f"The 'graph' parameter of {where} must be a networkx Graph or DiGraph (not a "
            f"multigraph). Got {type(graph).__name__} instead."
        )
    if rule not in LEARNING_RULES:
        raise ValidationError(
            f"The 'rule' parameter of {where} must be one of {sorted(LEARNING_RULES)}. "
            f"Got {rule!r} instead."
        )
    if not normalize and rule != "hebb":
        raise ValidationError(
            f"The 'normalize' parameter of {where} applies to rule='hebb'. Got "
            f"normalize=False with rule={rule!r}."
        )
    nodes: list[Hashable] = list(graph)
    p = check_patterns(patterns, len(nodes))
    loop = next(iter(nx.selfloop_edges(graph)), None)
    if loop is not None:
        raise ValidationError(
            f"The 'graph' of {where} has a self-loop at node {loop[0]!r}; Hebb's rule gives "
            "no self-connection. Remove them: G.remove_edges_from(nx.selfloop_edges(G))."
        )
    index = {v: i for i, v in enumerate(nodes)}
    edges = list(graph.edges())
    pre = np.fromiter((index[u] for u, _ in edges), np.int64, len(edges))
    post = np.fromiter((index[v] for _, v in edges), np.int64, len(edges))
    if rule == "hebb":
        x = p.astype(np.int64)  # exact integer sums, whatever the count
        w = np.einsum("ke,ke->e", x[:, post], x[:, pre]).astype(np.float64)
        if normalize:
            w /= len(nodes)
    else:
        w = LEARNING_RULES[rule](p)[post, pre]
    out = graph.copy()
    for (u, v), value in zip(edges, w.tolist(), strict=True):
        out.edges[u, v]["weight"] = value
    out.graph["patterns"] = p
    return out
