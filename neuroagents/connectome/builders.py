"""Connectome builders for the standard wiring diagrams.

Pieces:
    complete: every pair connected, weights from a matrix (a Hopfield net).
    gnp_populations: directed G(n, p) over populations (E and I), with a table of
        connection probabilities and signed weights per population pair.
    gnp_ei: the usual two-population case of ``gnp_populations``.
    layered: a feed-forward stack of fully connected layers, with random weights.
    layered_from_weights: the same wiring from given layer matrices.

Tables are indexed ``[target population][source population]``, matching
``W[target, source]``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from neuroagents.connectome.block_assembly import (
    BYTES_PER_NODE,
    BYTES_PER_SYNAPSE,
    expected_synapses,
    population_tables,
    transposed,
)
from neuroagents.connectome.connectome import DENSE_DENSITY, Connectome
from neuroagents.connectome.csr_pair import from_csr_pair
from neuroagents.connectome.gnp_rows import gnp_in_csr
from neuroagents.connectome.wirings import distance_sheet, fixed_indegree, stochastic_block
from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_int, check_memory, check_real

__all__ = [
    "complete",
    "distance_sheet",
    "fixed_indegree",
    "gnp_ei",
    "gnp_populations",
    "layered",
    "layered_from_weights",
    "stochastic_block",
]


def complete(weights: np.ndarray, *, zero_diagonal: bool = True) -> Connectome:
    """A complete graph: synapse ``j -> i`` with weight ``weights[i, j]`` for every pair.

    Args:
        weights: square matrix ``W[target, source]``.
        zero_diagonal: drop self-loops.

    Examples:
        >>> import numpy as np
        >>> from neuroagents import builders
        >>> builders.complete(np.ones((3, 3))).n_edges
        6
    """
    try:
        w = np.array(weights, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            "The 'weights' parameter of complete must be a square matrix of real numbers."
        ) from None
    if zero_diagonal and w.ndim == 2 and w.shape[0] == w.shape[1]:
        np.fill_diagonal(w, 0.0)
    return Connectome.from_matrix(w, storage="dense")


def gnp_populations(
    sizes: Mapping[str, int],
    p: Mapping[str, Mapping[str, float]],
    weights: Mapping[str, Mapping[str, float]],
    *,
    rng: Any = None,
    storage: str = "auto",
) -> Connectome:
    """Directed G(n, p) over populations, with a probability and weight per pair.

    Each possible synapse from a neuron of population ``b`` to a different neuron of
    population ``a`` exists independently with probability ``p[a][b]`` and has weight
    ``weights[a][b]``. Drawn row by row by geometric skipping, on every core
    (:mod:`~neuroagents.connectome.gnp_rows`); the same seed gives the same
    connectome whatever the number of threads.

    Nodes are numbered 0..n-1, population by population in the order of ``sizes``;
    each carries the node attribute ``population``. Missing table entries mean
    probability 0. No self-loops.

    Args:
        sizes: population name -> number of neurons.
        p: ``p[target][source]`` connection probabilities in [0, 1].
        weights: ``weights[target][source]`` synaptic weights.
        rng: seed or Generator.
        storage: see :class:`~neuroagents.connectome.Connectome`.

    Examples:
        >>> from neuroagents import builders
        >>> c = builders.gnp_populations(
        ...     {"E": 80, "I": 20},
        ...     p={"E": {"E": 0.1, "I": 0.1}, "I": {"E": 0.1}},
        ...     weights={"E": {"E": 1.0, "I": -1.0}, "I": {"E": 1.0}},
        ...     rng=0,
        ... )
        >>> sorted(set(c.node_attrs["population"]))
        ['E', 'I']
    """
    gen = as_generator(rng, "gnp_populations")
    names, counts, probs, values = population_tables(
        sizes, p, weights, "gnp_populations", "p", lambda name, v: check_real(
            name, v, "gnp_populations", low=0, high=1)
    )  # fmt: skip
    check_memory(
        "gnp_populations",
        expected_synapses(names, counts, p) * BYTES_PER_SYNAPSE + sum(counts) * BYTES_PER_NODE,
    )
    population = np.repeat(np.array(names, dtype=object), counts)
    w_in = gnp_in_csr(
        counts, np.array([[probs[a, b] for b in names] for a in names], np.float64),
        np.array([[values[a, b] for b in names] for a in names], np.float64), gen,
    )  # fmt: skip
    n = w_in.shape[0]
    attrs = {"population": population}
    if storage == "dense" or (storage == "auto" and w_in.nnz >= DENSE_DENSITY * float(n) * n):
        return Connectome(w_in, node_attrs=attrs, directed=True, storage=storage)
    # An empty matrix is symmetric, as the general constructor finds.
    return from_csr_pair(w_in, transposed(w_in), node_attrs=attrs, symmetric=w_in.nnz == 0)


def gnp_ei(
    n_e: int,
    n_i: int,
    p: float,
    *,
    w_e: float = 1.0,
    w_i: float = -1.0,
    rng: Any = None,
) -> Connectome:
    """Directed G(n, p) with E and I populations: E synapses weigh ``w_e``, I ``w_i``.

    Every ordered pair of distinct neurons is connected with probability ``p``.
    """
    check_real("p", p, "gnp_ei", low=0, high=1)
    probs = {"E": {"E": p, "I": p}, "I": {"E": p, "I": p}}
    weights = {"E": {"E": w_e, "I": w_i}, "I": {"E": w_e, "I": w_i}}
    sizes = {"E": n_e, "I": n_i}
    return gnp_populations(sizes, probs, weights, rng=rng)


def layered(sizes: Sequence[int], *, rng: Any = None, weight_scale: float = 1.0) -> Connectome:
    """A feed-forward net: every neuron of layer k synapses onto every neuron of k+1.

    Weights are Normal(0, weight_scale^2 / fan_in). Nodes are ``(layer, unit)`` tuples
    with the node attribute ``population`` = ``"layer{k}"``.

    Examples:
        >>> from neuroagents import builders
        >>> builders.layered([4, 3, 2], rng=0).n_edges
        18
    """
    gen = as_generator(rng, "layered")
    if isinstance(sizes, str) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        raise ValidationError(
            f"The 'sizes' parameter of layered must list at least 2 layers. Got {sizes!r}."
        )
    counts = [check_int(f"sizes[{k}]", s, "layered", low=1) for k, s in enumerate(sizes)]
    scale = check_real("weight_scale", weight_scale, "layered", low=0)
    synapses = sum(float(a) * b for a, b in itertools.pairwise(counts))
    # float64 blocks, the dense assembly (n x n) and the final CSR
    n = float(sum(counts))
    check_memory("layered", synapses * (8 + BYTES_PER_SYNAPSE) + n * n * 8 + n * BYTES_PER_NODE)
    blocks = [
        gen.normal(0.0, scale / np.sqrt(counts[k]), size=(counts[k + 1], counts[k]))
        for k in range(len(counts) - 1)
    ]
    return layered_from_weights(blocks)


def layered_from_weights(
    weights: Sequence[np.ndarray],
    node_attrs: Mapping[str, np.ndarray] | None = None,
    *,
    weight_dtype: str = "float32",
) -> Connectome:
    """A feed-forward net from its layer matrices.

    ``weights[k][i, j]`` is the synapse from unit j of layer k to unit i of layer k+1.
    Nodes are ``(layer, unit)`` tuples with ``population`` = ``"layer{k}"``; a weight of
    exactly 0 is no synapse. ``weight_dtype="float64"`` keeps the weights exactly.

    Examples:
        >>> import numpy as np
        >>> from neuroagents import builders
        >>> c = builders.layered_from_weights([np.ones((3, 4)), np.ones((2, 3))])
        >>> c.n_edges, c.node_ids[4]
        (18, (1, 0))
    """
    try:
        mats = [np.asarray(w, dtype=np.float64) for w in weights]
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            "The 'weights' parameter of layered_from_weights must be a list of 2-D matrices "
            "of real numbers."
        ) from None
    if not mats or any(m.ndim != 2 for m in mats):
        raise ValidationError(
            "The 'weights' parameter of layered_from_weights must be a non-empty list of "
            f"2-D matrices. Got shapes {[np.shape(m) for m in mats]}."
        )
    counts = [mats[0].shape[1], *(m.shape[0] for m in mats)]
    for k in range(1, len(mats)):
        if mats[k].shape[1] != counts[k]:
            raise ValidationError(
                f"weights[{k}] of layered_from_weights must have {counts[k]} columns (the "
                f"rows of weights[{k - 1}]). Got shape {mats[k].shape}."
            )
    offsets = np.concatenate([[0], np.cumsum(counts)])
    n = int(offsets[-1])
    check_memory("layered_from_weights", float(n) * n * 8 + n * BYTES_PER_NODE)
    w = np.zeros((n, n))
    for k, block in enumerate(mats):
        w[offsets[k + 1] : offsets[k + 2], offsets[k] : offsets[k + 1]] = block
    nodes = [(k, u) for k, c in enumerate(counts) for u in range(c)]
    population = np.array([f"layer{k}" for k, c in enumerate(counts) for _ in range(c)], object)
    return Connectome(
        sp.csr_array(w), node_ids=nodes,
        node_attrs={"population": population, **(node_attrs or {})},
        directed=True, storage="sparse", weight_dtype=weight_dtype,
    )  # fmt: skip
