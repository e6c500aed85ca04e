"""Random walks on a connectome: what a walker sees, and what it can estimate.

Pieces:
    transition_matrix: the walk's row-stochastic matrix (weighted or not), with restarts.
    stationary_distribution: its exact stationary distribution (the leading left
        eigenvector).
    random_walk: one compiled walk (with restarts) -> the nodes it visits.
    walk_frequencies: visit frequencies of a walk beside the exact distribution.
    local_uniform_sample: a uniformly random node reached with only neighbourhood
        queries (the Metropolis–Hastings walk), or the plain walk's degree-biased one.
    cycle_counts: exact numbers of directed simple cycles of each length up to k.
    estimate_cycle_counts: the same numbers estimated by random self-avoiding walks.

Graphs are networkx graphs, Connectomes or adjacency matrices ``A[i, j]`` = edge
i -> j (see :func:`~neuroagents.analysis.random_graphs.binary_adjacency`); weighted
walks read edge weights (networkx ``weight``) where the input has them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from numba import njit

from neuroagents.analysis.random_graphs import binary_adjacency
from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_int, check_real

__all__ = [
    "cycle_counts",
    "estimate_cycle_counts",
    "local_uniform_sample",
    "random_walk",
    "stationary_distribution",
    "transition_matrix",
    "walk_frequencies",
]


def _weights(graph: Any, weighted: bool) -> sp.csr_array:
    """Nonnegative ``W[i, j]`` for the step i -> j (self-loops dropped)."""
    from neuroagents.connectome.connectome import Connectome

    if not weighted:
        w = sp.csr_array(binary_adjacency(graph).astype(float))
    elif isinstance(graph, nx.Graph):
        w = nx.to_scipy_sparse_array(graph, weight="weight", format="csr", dtype=float)
    elif isinstance(graph, Connectome):
        w = sp.csr_array(graph.to_scipy().T, dtype=float)
    else:
        w = _square_weights(graph)
    w.setdiag(0)
    w.eliminate_zeros()
    if not np.all(np.isfinite(w.data)):
        raise ValidationError("A weighted random walk needs finite weights. Got NaN or inf.")
    if (w.data < 0).any():
        raise ValidationError(
            "A weighted random walk needs nonnegative weights. Got a minimum weight of "
            f"{w.data.min()!r}; pass weighted=False to walk the bare graph."
        )
    return w.tocsr()


def _square_weights(graph: Any) -> sp.csr_array:
    """A square matrix or array of weights ``W[i, j]`` as csr, or the library's error."""
    if not sp.issparse(graph):
        try:
            graph = np.asarray(graph, dtype=float)
        except (TypeError, ValueError, OverflowError):
            raise ValidationError(
                "A random walk needs a networkx graph, a Connectome or a square matrix of "
                f"real weights. Got {type(graph).__name__}."
            ) from None
    if graph.ndim != 2 or graph.shape[0] != graph.shape[1]:
        raise ValidationError(
            f"A random walk needs a square matrix of weights. Got shape {graph.shape} instead."
        )
    return sp.csr_array(graph, dtype=float)


def _order_at_least_one(w: sp.csr_array, where: str) -> int:
    """The number of nodes, refusing a graph without any (a walk needs somewhere to be)."""
    if w.shape[0] == 0:
        raise ValidationError(f"{where} needs a graph with at least one node. Got an empty one.")
    return int(w.shape[0])


def _check_finite_sums(sums: np.ndarray, where: str) -> None:
    if not np.all(np.isfinite(sums)):
        raise ValidationError(
            f"The weights given to {where} are too large: their sums overflow. Rescale them."
        )


def transition_matrix(graph: Any, restart: float = 0.0, weighted: bool = True) -> np.ndarray:
    """The walk's transition matrix ``P = (1 - α) D⁻¹W + α J / n``.

    From node i the walker restarts at a uniformly random node with probability α,
    else steps to an out-neighbour j with probability proportional to ``W[i, j]``; a
    node without out-edges restarts (as in PageRank).

    Args:
        graph: the graph.
        restart: α in [0, 1).
        weighted: step in proportion to edge weights (else uniformly over out-edges).

    Returns:
        A dense row-stochastic ``(n, n)`` array.

    Examples:
        >>> import networkx as nx
        >>> transition_matrix(nx.DiGraph([(0, 1), (0, 2), (1, 0)])).round(2).tolist()
        [[0.0, 0.5, 0.5], [1.0, 0.0, 0.0], [0.33, 0.33, 0.33]]
    """
    alpha = check_real("restart", restart, "transition_matrix", low=0.0, high=1.0)
    if alpha == 1.0:
        raise ValidationError(
            "The 'restart' parameter of transition_matrix must be in [0, 1). Got 1.0 instead."
        )
    w = _weights(graph, weighted)
    n = _order_at_least_one(w, "transition_matrix")
    w = w.toarray()
    with np.errstate(over="ignore"):
        out = w.sum(axis=1)
    _check_finite_sums(out, "transition_matrix")
    p = np.full((n, n), 1.0 / n)  # dangling rows: restart
    live = out > 0
    p[live] = (1 - alpha) * w[live] / out[live, None] + alpha / n
    return p


def stationary_distribution(graph: Any, restart: float = 0.0, weighted: bool = True) -> np.ndarray:
    """The exact stationary distribution π = π P: the leading left eigenvector of P.

    With ``restart`` > 0 this is PageRank (unique); with 0 it is unique when the graph
    is strongly connected (for an undirected graph, π_i ∝ weighted degree).

    Examples:
        >>> import networkx as nx
        >>> stationary_distribution(nx.path_graph(3)).round(3).tolist()  # degrees 1, 2, 1
        [0.25, 0.5, 0.25]
    """
    p = transition_matrix(graph, restart, weighted)
    values, vectors = np.linalg.eig(p.T)
    v = np.real(vectors[:, np.argmax(np.real(values))])
    return v / v.sum()


@njit(cache=True)
def _walk(indptr, indices, cum, start, steps, alpha, u_restart, u_step, jumps):
    out = np.empty(steps, dtype=np.int64)
    node = start
    for t in range(steps):
        out[t] = node
        lo, hi = indptr[node], indptr[node + 1]
        if hi == lo or u_restart[t] < alpha:
            node = jumps[t]
            continue
        # cum[e] is the sum of the weights before edge e: pick e with cum in the range
        total = cum[hi] - cum[lo]
        target = cum[lo] + u_step[t] * total
        k = np.searchsorted(cum[lo + 1 : hi + 1], target, side="right")
        node = indices[lo + min(k, hi - lo - 1)]
    return out


def random_walk(
    graph: Any,
    steps: int,
    rng: Any = None,
    *,
    restart: float = 0.0,
    weighted: bool = True,
    start: int | None = None,
) -> np.ndarray:
    """One random walk of ``steps`` steps (compiled): the node index at each step.

    Args:
        graph: the graph.
        steps: how many nodes to record (>= 1).
        rng: a seed or ``numpy.random.Generator``.
        restart: probability α of jumping to a uniformly random node at each step.
        weighted: step in proportion to edge weights.
        start: the first node's index (default: uniformly random).

    Returns:
        An int array of node indices (in the graph's node order).

    Examples:
        >>> import networkx as nx
        >>> random_walk(nx.cycle_graph(4, create_using=nx.DiGraph), 6, rng=0, start=1).tolist()
        [1, 2, 3, 0, 1, 2]
    """
    steps = check_int("steps", steps, "random_walk", low=1)
    alpha = check_real("restart", restart, "random_walk", low=0.0, high=1.0)
    gen = as_generator(rng, "random_walk")
    w = _weights(graph, weighted)
    n = _order_at_least_one(w, "random_walk")
    first = int(gen.integers(n)) if start is None else check_int("start", start, "random_walk",
                                                                   low=0, high=n - 1)  # fmt: skip
    with np.errstate(over="ignore"):
        cum = np.concatenate([[0.0], np.cumsum(w.data)])
    _check_finite_sums(cum, "random_walk")
    return _walk(
        w.indptr.astype(np.int64), w.indices.astype(np.int64), cum, first, steps, alpha,
        gen.random(steps), gen.random(steps), gen.integers(n, size=steps),
    )  # fmt: skip


def walk_frequencies(
    graph: Any, steps: int, rng: Any = None, *, restart: float = 0.0, weighted: bool = True
) -> pd.DataFrame:
    """A long walk's visit frequencies beside the exact stationary distribution.

    Returns:
        One row per node (``node``): ``visits``, ``frequency`` and ``stationary``; the
        table's ``attrs["total_variation"]`` is ½ Σ |frequency − stationary|.
    """
    walk = random_walk(graph, steps, rng, restart=restart, weighted=weighted)
    pi = stationary_distribution(graph, restart, weighted)
    visits = np.bincount(walk, minlength=len(pi))
    nodes = list(graph.nodes) if isinstance(graph, nx.Graph) else list(range(len(pi)))
    table = pd.DataFrame(
        {"node": nodes, "visits": visits, "frequency": visits / steps, "stationary": pi}
    )
    table.attrs["total_variation"] = float(0.5 * np.abs(visits / steps - pi).sum())
    return table


@njit(cache=True)
def _chains(indptr, indices, start, steps, metropolis, u_pick, u_accept):
    size = u_pick.shape[0]
    out = np.empty(size, dtype=np.int64)
    for c in range(size):
        node = start
        for t in range(steps):
            deg = indptr[node + 1] - indptr[node]
            cand = indices[indptr[node] + min(int(u_pick[c, t] * deg), deg - 1)]
            if metropolis:  # accept with min(1, deg(node) / deg(cand)): uniform target
                deg_c = indptr[cand + 1] - indptr[cand]
                if u_accept[c, t] * deg_c > deg:
                    continue
            node = cand
        out[c] = node
    return out


def local_uniform_sample(
    graph: Any,
    size: int,
    steps: int = 200,
    rng: Any = None,
    *,
    start: int = 0,
    metropolis: bool = True,
) -> np.ndarray:
    """Sample nodes uniformly using only "who are my neighbours?" queries.

    A crawler that can only list a node's neighbours (and ask a neighbour how many it
    has) cannot pick a node uniformly at random; a plain random walk on the undirected
    graph lands on node i with probability ∝ deg(i). The Metropolis–Hastings walk
    proposes a uniformly random neighbour v of u and moves with probability
    min(1, deg(u)/deg(v)), which makes the uniform distribution stationary
    (detailed balance: (1/n)(1/deg u) min(1, deg u/deg v) is symmetric in u, v).

    Each sample is the end of its own chain of ``steps`` steps from ``start``, so
    samples are independent; the walk must have mixed by then (the graph's connected
    component of ``start`` is what it samples).

    Args:
        graph: the graph (directions ignored: neighbours are in- and out-neighbours).
        size: independent samples.
        steps: steps per chain (enough to mix).
        rng: a seed or ``numpy.random.Generator``.
        start: the index of the node every chain starts from.
        metropolis: False gives the plain walk (degree-biased) for comparison.

    Returns:
        An int array of ``size`` node indices.

    Examples:
        >>> import networkx as nx
        >>> star = nx.star_graph(4)  # hub 0 with 4 leaves: a plain walk is at 0 half the time
        >>> s = local_uniform_sample(star, 5000, steps=20, rng=0)
        >>> round(float((s == 0).mean()), 1)  # uniform: 1/5
        0.2
    """
    size = check_int("size", size, "local_uniform_sample", low=1)
    steps = check_int("steps", steps, "local_uniform_sample", low=1)
    gen = as_generator(rng, "local_uniform_sample")
    a = binary_adjacency(graph)
    und = sp.csr_array((a | a.T).astype(np.int8))
    n = und.shape[0]
    start = check_int("start", start, "local_uniform_sample", low=0, high=n - 1)
    if und.indptr[start + 1] == und.indptr[start]:
        raise ValidationError(
            f"The 'start' node of local_uniform_sample must have a neighbour. Got node "
            f"index {start}, which is isolated."
        )
    return _chains(
        und.indptr.astype(np.int64), und.indices.astype(np.int64), start, steps,
        metropolis, gen.random((size, steps)), gen.random((size, steps)),
    )  # fmt: skip


def cycle_counts(graph: Any, max_length: int) -> pd.Series:
    """Exact numbers of directed simple cycles of each length 2 .. ``max_length``.

    Enumerated with :func:`networkx.simple_cycles` (``length_bound``); fine for small
    graphs and short cycles (C. elegans' 279 neurons up to length 5: ~1 s).

    Examples:
        >>> import networkx as nx
        >>> cycle_counts(nx.complete_graph(4, create_using=nx.DiGraph), 4).tolist()
        [6, 8, 6]
    """
    k = check_int("max_length", max_length, "cycle_counts", low=2)
    g = nx.DiGraph(binary_adjacency(graph))
    found = Counter(len(c) for c in nx.simple_cycles(g, length_bound=k))
    return pd.Series(
        [found.get(length, 0) for length in range(2, k + 1)],
        index=pd.Index(range(2, k + 1), name="length"),
        name="cycles",
    )


@njit(cache=True)
def _on_path(path, length, v):
    for s in range(length):
        if path[s] == v:
            return True
    return False


@njit(cache=True)
def _saw(indptr, indices, adj, k, starts, u):
    walks = starts.shape[0]
    out = np.zeros((walks, k - 1))
    path = np.empty(k, dtype=np.int64)
    for w in range(walks):
        path[0] = starts[w]
        weight = 1.0
        for t in range(1, k):
            node = path[t - 1]
            # close the cycle: an edge back to the start makes a simple cycle of length t
            if t >= 2 and adj[node, path[0]]:
                out[w, t - 2] = weight
            # extend by a uniformly random out-neighbour not on the path yet
            free = 0
            for e in range(indptr[node], indptr[node + 1]):
                if not _on_path(path, t, indices[e]):
                    free += 1
            if free == 0:
                break
            pick = min(int(u[w, t - 1] * free), free - 1)
            for e in range(indptr[node], indptr[node + 1]):
                v = indices[e]
                if not _on_path(path, t, v):
                    if pick == 0:
                        path[t] = v
                        break
                    pick -= 1
            weight *= free
        else:
            node = path[k - 1]
            if adj[node, path[0]]:
                out[w, k - 2] = weight
    return out


def estimate_cycle_counts(
    graph: Any, max_length: int, walks: int = 100_000, rng: Any = None
) -> pd.DataFrame:
    """Numbers of directed simple cycles of each length, estimated by random walks.

    Knuth's estimator with self-avoiding walks: a walk starts at a uniformly random
    node and steps to a uniformly random out-neighbour not yet visited; its weight is
    the product of the numbers of choices it had. For a path of t nodes whose last node
    has an edge back to the first, n · weight is an unbiased estimate of the number of
    rooted simple cycles of length t, i.e. t times the number of cycles. Averaged over
    ``walks`` walks, with the standard error of that mean.

    Returns:
        One row per length 2 .. ``max_length``: ``length``, ``estimate``, ``stderr``.

    Examples:
        >>> import networkx as nx
        >>> t = estimate_cycle_counts(nx.complete_graph(4, create_using=nx.DiGraph), 4,
        ...                           walks=2000, rng=0)
        >>> t["estimate"].round(6).tolist()  # every walk sees the same: no variance
        [6.0, 8.0, 6.0]
    """
    k = check_int("max_length", max_length, "estimate_cycle_counts", low=2)
    walks = check_int("walks", walks, "estimate_cycle_counts", low=2)
    gen = as_generator(rng, "estimate_cycle_counts")
    a = binary_adjacency(graph)
    csr = sp.csr_array(a.astype(np.int8))
    n = _order_at_least_one(csr, "estimate_cycle_counts")
    weights = _saw(
        csr.indptr.astype(np.int64), csr.indices.astype(np.int64), a, k,
        gen.integers(n, size=walks), gen.random((walks, k)),
    )  # fmt: skip
    lengths = np.arange(2, k + 1)
    scale = n / lengths
    return pd.DataFrame(
        {
            "length": lengths,
            "estimate": scale * weights.mean(axis=0),
            "stderr": scale * weights.std(axis=0, ddof=1) / np.sqrt(walks),
        }
    )
