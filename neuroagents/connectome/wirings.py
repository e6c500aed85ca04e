"""The wirings people use at scale: fixed in-degree, distance on a sheet, blocks.

Pieces:
    fixed_indegree: every neuron of population a receives exactly ``k[a][b]`` synapses
        from distinct neurons of population b (NEST's ``fixed_indegree`` without
        autapses or multapses).
    distance_sheet: neurons on a periodic L x L lattice; a synapse at lattice offset d
        exists with probability ``p0 * exp(-|d| / length)`` within ``radius``.
    stochastic_block: Holland et al. (1983)'s stochastic block model from a size list
        and a probability matrix (directed, no self-loops).

Each is built straight into the in-edge CSR and its transpose by compiled loops,
drawing from a numpy Generator (one seed, one connectome). Tables are indexed
``[target][source]``, matching ``W[target, source]``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from numba import njit

from neuroagents.connectome import block_assembly as blocks
from neuroagents.connectome.connectome import Connectome
from neuroagents.connectome.csr_pair import from_csr_pair
from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_int, check_memory, check_real

__all__ = ["distance_sheet", "fixed_indegree", "stochastic_block"]


@njit(cache=True)
def _distinct_sorted_rows(gen, rows, k, n_avail, row0, skip_self, columns):
    """Row r gets ``k`` distinct sorted sources in ``[0, n_avail]`` (not itself).

    Draw k uniform integers, keep the distinct ones and draw only the missing number
    again until there are k. The distinct values of iid uniform draws, given how many
    there are, are a uniform random subset of that size (the draws are exchangeable),
    so each step adds a uniform subset of the rest: the result is a uniform k-subset.
    """
    buf = np.empty(2 * k, np.int64)
    for r in range(rows):
        m = 0
        while m < k:
            extra = gen.integers(0, n_avail, k - m)
            buf[m:k] = extra
            part = np.sort(buf[:k])
            m = 0
            for q in range(k):
                if q == 0 or part[q] != part[q - 1]:
                    buf[m] = part[q]
                    m += 1
        own = row0 + r
        for q in range(k):
            c = buf[q]
            if skip_self and c >= own:
                c += 1  # the draw was from the n - 1 others: step over the neuron itself
            columns[r * k + q] = c


def fixed_indegree(
    sizes: Mapping[str, int],
    k: Mapping[str, Mapping[str, int]],
    weights: Mapping[str, Mapping[str, float]],
    *,
    rng: Any = None,
) -> Connectome:
    """Every neuron of population a gets exactly ``k[a][b]`` inputs from population b.

    The sources of a neuron are a uniformly random set of ``k[a][b]`` distinct neurons
    of b, other than itself, independently for every neuron: NEST's
    ``fixed_indegree`` with ``allow_autapses=False, allow_multapses=False``. Out-degrees
    are then Binomial(n_a, k[a][b] / n_b) for each pair (about).

    Args:
        sizes: population name -> number of neurons (numbered in this order).
        k: ``k[target][source]`` in-degrees (missing entries mean 0).
        weights: ``weights[target][source]`` synaptic weights.
        rng: seed or Generator.

    Raises:
        ValidationError: a table that is not a mapping, an unknown population, or an
            in-degree that is not an integer in ``[0, n_b]`` (``n_b - 1`` within b).

    Examples:
        >>> from neuroagents import builders
        >>> c = builders.fixed_indegree({"E": 80, "I": 20}, k={"E": {"E": 8, "I": 2},
        ...     "I": {"E": 8, "I": 2}}, weights={"E": {"E": 1.0, "I": -4.0},
        ...     "I": {"E": 1.0, "I": -4.0}}, rng=0)
        >>> sorted(set(np.diff(c.to_scipy().indptr).tolist()))
        [10]
    """
    gen = as_generator(rng, "fixed_indegree")
    names, counts, degrees, values = blocks.population_tables(
        sizes, k, weights, "fixed_indegree", "k",
        lambda name, v: check_int(name, v, "fixed_indegree", low=0),
    )  # fmt: skip
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    expected = sum(float(degrees[a, b]) * counts[i] for i, a in enumerate(names) for b in names)
    check_memory("fixed_indegree", expected * blocks.BYTES_PER_SYNAPSE)
    drawn = []
    for ai, a in enumerate(names):
        row = []
        for bi, b in enumerate(names):
            same, kk = a == b, int(degrees[a, b])
            limit = counts[bi] - same
            if not 0 <= kk <= limit:
                raise ValidationError(
                    f"The 'k[{a!r}][{b!r}]' parameter of fixed_indegree must be an integer "
                    f"in [0, {limit}] (distinct sources{', not itself' if same else ''}). "
                    f"Got {kk}."
                )
            columns = np.empty(counts[ai] * kk, np.int32)
            if kk:
                _distinct_sorted_rows(gen, counts[ai], kk, limit, 0, same, columns)
            row.append((np.full(counts[ai], kk, np.int64), columns))
        drawn.append(row)
    n = int(starts[-1])
    w_in = blocks.assemble(drawn, [[values[a, b] for b in names] for a in names], starts, n)
    population = np.repeat(np.array(names, dtype=object), counts)
    return from_csr_pair(
        w_in, blocks.transposed(w_in), node_attrs={"population": population},
        symmetric=w_in.nnz == 0,
    )  # fmt: skip


def sheet_offsets(length: float, radius: float, p0: float) -> tuple[np.ndarray, np.ndarray]:
    """Lattice offsets ``(dx, dy) != 0`` with ``|d| <= radius`` and their probabilities."""
    r = math.floor(radius)
    dx, dy = np.meshgrid(np.arange(-r, r + 1), np.arange(-r, r + 1), indexing="ij")
    d = np.hypot(dx, dy).ravel()
    keep = (d <= radius) & (d > 0)
    offsets = np.stack([dx.ravel()[keep], dy.ravel()[keep]], axis=1)
    return offsets, p0 * np.exp(-d[keep] / length)


@njit(cache=True)
def _sheet_pairs(gen, side, offsets, probs, counts, columns):
    """For each offset, the targets it connects (geometric skips), as per-row columns.

    Pass 1 (``columns`` empty) only counts per row; pass 2 writes each row's columns
    at ``counts`` (used as cursors). Both passes make the same draws from a copy of
    the generator's state, so the structure is drawn once and stored once.
    """
    n = side * side
    for j in range(offsets.shape[0]):
        p = probs[j]
        if p <= 0.0:
            continue
        log_q = np.log1p(-p) if p < 1.0 else -np.inf
        t = -1
        while True:
            if p < 1.0:
                t += 1 + int(np.floor(np.log(1.0 - gen.random()) / log_q))
            else:
                t += 1
            if t >= n:
                break
            x, y = t // side, t % side
            s = ((x + offsets[j, 0]) % side) * side + (y + offsets[j, 1]) % side
            if columns.shape[0] > 0:
                columns[counts[t]] = s
            counts[t] += 1


@njit(cache=True)
def _sort_rows(indptr, columns):
    for r in range(indptr.shape[0] - 1):
        columns[indptr[r] : indptr[r + 1]] = np.sort(columns[indptr[r] : indptr[r + 1]])


def distance_sheet(
    side: int,
    *,
    p0: float,
    length: float,
    radius: float,
    weight: float = 1.0,
    rng: Any = None,
) -> Connectome:
    """Neurons on a periodic ``side x side`` lattice, wired by distance.

    Neuron ``i = x * side + y`` sits at ``(x, y)`` (unit spacing, wrapping around:
    a torus, so every neuron sees the same neighbourhood). The synapse from the
    neuron at lattice offset ``d`` exists with probability

        P(d) = p0 * exp(-|d| / length)    for 0 < |d| <= radius,

    independently for each ordered pair, and 0 beyond ``radius`` (the kernel is
    truncated there: choose ``radius`` a few ``length`` s). Every in-degree and
    out-degree is then a sum of independent Bernoullis over the offsets (a Poisson
    binomial), with mean ``sum_d P(d)``. Cost: one draw a synapse (geometric skips per
    offset) plus one for each offset.

    Args:
        side: lattice side; ``side**2`` neurons (``radius`` must be < side / 2, so
            offsets never wrap onto each other).
        p0: probability at distance 0 in (0, 1].
        length: decay length (lattice units) > 0.
        radius: cutoff distance >= 1 (lattice units).
        weight: the weight of every synapse.
        rng: seed or Generator.

    Examples:
        >>> from neuroagents import builders
        >>> c = builders.distance_sheet(20, p0=0.5, length=2.0, radius=4.0, rng=0)
        >>> c.n_nodes, sorted(c.node_attrs)
        (400, ['x', 'y'])
    """
    gen = as_generator(rng, "distance_sheet")
    side = check_int("side", side, "distance_sheet", low=3)
    p0 = check_real("p0", p0, "distance_sheet", low=0, high=1, low_open=True)
    length = check_real("length", length, "distance_sheet", low=0, low_open=True)
    radius = check_real("radius", radius, "distance_sheet", low=1, high=(side - 1) / 2)
    weight = check_real("weight", weight, "distance_sheet")
    if weight == 0.0 or np.float32(weight) == 0.0 or not np.isfinite(np.float32(weight)):
        raise ValidationError(
            "The 'weight' parameter of distance_sheet must be a nonzero float32 number "
            f"(1.4e-45 to 3.4e38 in magnitude). Got {weight}."
        )
    offsets, probs = sheet_offsets(length, radius, p0)
    n = side * side
    check_memory("distance_sheet", float(n) * probs.sum() * blocks.BYTES_PER_SYNAPSE)
    counts = np.zeros(n, np.int64)
    state = gen.bit_generator.state
    _sheet_pairs(gen, side, offsets, probs, counts, np.zeros(0, np.int32))
    nnz = int(counts.sum())
    indptr = np.zeros(n + 1, np.int32 if nnz < np.iinfo(np.int32).max else np.int64)
    np.cumsum(counts, out=indptr[1:])
    columns = np.empty(nnz, np.int32)
    gen.bit_generator.state = state  # the same draws again, now placed
    cursor = indptr[:-1].astype(np.int64)
    _sheet_pairs(gen, side, offsets, probs, cursor, columns)
    _sort_rows(indptr, columns)
    w_in = sp.csr_array((np.full(nnz, weight, np.float32), columns, indptr), shape=(n, n))
    x, y = np.divmod(np.arange(n), side)
    return from_csr_pair(
        w_in, blocks.transposed(w_in), node_attrs={"x": x.astype(float), "y": y.astype(float)},
        graph_attrs={"side": side, "p0": p0, "length": length, "radius": radius},
        symmetric=nnz == 0,
    )  # fmt: skip


def stochastic_block(
    sizes: Sequence[int],
    p: Sequence[Sequence[float]] | np.ndarray,
    *,
    weights: Sequence[Sequence[float]] | np.ndarray | float = 1.0,
    rng: Any = None,
) -> Connectome:
    """A directed stochastic block model (Holland, Laskey & Leinhardt 1983).

    Blocks ``0..B-1`` of ``sizes[b]`` neurons; a synapse from a neuron of block b to
    a different neuron of block a exists with probability ``p[a][b]``, independently,
    with weight ``weights[a][b]`` (or one weight for all). Node attribute
    ``population`` is the block number. The same draws as :func:`gnp_populations
    <neuroagents.connectome.builders.gnp_populations>` with blocks named ``"0"``, ``"1"``...

    Examples:
        >>> from neuroagents import builders
        >>> c = builders.stochastic_block([50, 50], [[0.2, 0.01], [0.01, 0.2]], rng=0)
        >>> c.n_nodes, sorted(set(c.node_attrs["population"].tolist()))
        (100, [0, 1])
    """
    if isinstance(sizes, str) or not isinstance(sizes, Sequence | np.ndarray):
        raise ValidationError(
            f"The 'sizes' parameter of stochastic_block must be a list of block sizes. "
            f"Got {sizes!r}."
        )
    n_blocks = len(sizes)
    probs = _matrix("p", p, n_blocks)
    w = np.full((n_blocks, n_blocks), weights) if np.ndim(weights) == 0 else weights
    values = _matrix("weights", w, n_blocks)
    names = [str(b) for b in range(n_blocks)]
    from neuroagents.connectome.builders import gnp_populations  # builders re-exports this

    c = gnp_populations(
        dict(zip(names, sizes, strict=True)),
        {a: {b: float(probs[i, j]) for j, b in enumerate(names)} for i, a in enumerate(names)},
        {a: {b: float(values[i, j]) for j, b in enumerate(names)} for i, a in enumerate(names)},
        rng=as_generator(rng, "stochastic_block"), storage="sparse",
    )  # fmt: skip
    c.node_attrs["population"] = np.repeat(np.arange(n_blocks), np.asarray(sizes, np.int64))
    return c


def _matrix(name: str, value: Any, blocks: int) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        arr = None
    if arr is None or arr.shape != (blocks, blocks) or not np.isfinite(arr).all():
        raise ValidationError(
            f"The '{name}' parameter of stochastic_block must be a {blocks} x {blocks} "
            f"matrix of finite numbers (one row and column per block). Got {value!r}."
        )
    return arr
