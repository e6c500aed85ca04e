"""G(n, p) over populations drawn row by row, sorted as drawn, on every core.

Pieces:
    draw_rows: one chunk of target rows: each row's sources, population block by
        block, by geometric skipping (already sorted, no global sort).
    fill_weights: each synapse's weight from its target's and source's populations.
    gnp_in_csr: the whole in-edge CSR of a population G(n, p).

Row ``t`` of population ``a`` gets a synapse from each other neuron ``s`` of
population ``b`` with probability ``p[a][b]``, independently. Within a row and a
block, successes among the ``m`` candidate sources are found by skipping: the gap to
the next success is Geometric(p), ``G = ceil(E / -log(1 - p))`` with E a standard
exponential, since ``P(G > k) = P(E > -k log(1 - p)) = (1 - p)^k`` (Devroye 1986,
*Non-Uniform Random Variate Generation*, X.2; Batagelj & Brandes 2005, Phys. Rev. E
71, 036113). The work is in proportion to the synapses, not the pairs, and each row
comes out sorted. Self-loops are left out by skipping over ``m = n_b - 1``
candidates and stepping past the neuron itself.

Reproducible whatever the thread count: the rows are cut into chunks whose size
depends only on the sizes and probabilities (about :data:`CHUNK_SYNAPSES` synapses
each), and chunk ``i`` draws from its own Generator, spawned as child ``i`` of one
SeedSequence seeded from the caller's Generator. Threads only decide which chunk runs
where.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np
import scipy.sparse as sp
from numba import njit, prange

__all__ = ["CHUNK_SYNAPSES", "draw_rows", "fill_weights", "gnp_in_csr"]

#: Expected synapses a chunk of rows draws (4 MB of int32 columns): many chunks for
#: both cores and small buffers, few enough that a chunk's set-up does not show.
CHUNK_SYNAPSES = 1 << 20


@njit(nogil=True, cache=True)
def draw_rows(gen, row0, n_rows, own_block, starts, scales, keep, degree, columns):
    """Sources of rows ``row0 .. row0 + n_rows - 1`` of one population, in order.

    Args:
        gen: this chunk's numpy Generator.
        row0: the chunk's first row, counted within its population.
        n_rows: rows in the chunk.
        own_block: the population of the rows (its block drops self-loops).
        starts: first index of every population, and ``n`` at the end.
        scales: per source population, ``-1 / log(1 - p)``; 0 for p = 0 and -1 for
            p = 1 (every candidate).
        keep: per source population, whether drawn synapses are stored (a weight
            of 0 is no synapse, drawn all the same so the rest stays as it was).
        degree: per-row counts, written.
        columns: int32 sources, written from 0.

    Returns:
        Columns written, or -1 when ``columns`` is too short (draw again, larger).
    """
    m = 0
    cap = columns.shape[0]
    for r in range(n_rows):
        m0 = m
        for b in range(scales.shape[0]):
            scale = scales[b]
            if scale == 0.0:
                continue
            same = b == own_block
            limit = starts[b + 1] - starts[b] - (1 if same else 0)
            own = row0 + r
            pos = np.int64(-1)
            while True:
                if scale < 0.0:
                    pos += 1
                else:
                    g = math.ceil(gen.standard_exponential() * scale)
                    if g >= limit - pos:  # in floating point: a huge gap cannot overflow
                        break
                    pos += max(np.int64(g), np.int64(1))  # E = 0 has probability 2^-60
                if pos >= limit:
                    break
                if keep[b]:
                    if m >= cap:
                        return -1
                    c = pos + 1 if same and pos >= own else pos
                    columns[m] = starts[b] + c
                    m += 1
        degree[r] = m - m0
    return m


@njit(parallel=True, cache=True)
def fill_weights(indptr, indices, starts, row_block, values, data):
    """``data[e] = values[block of row, block of source]`` for every synapse."""
    n_blocks = starts.shape[0] - 1
    for r in prange(indptr.shape[0] - 1):
        a = row_block[r]
        b = 0
        for e in range(indptr[r], indptr[r + 1]):
            while indices[e] >= starts[b + 1]:  # a row's sources are sorted
                b += 1
            data[e] = values[a * n_blocks + b]


def _chunks(counts: list[int], probs: np.ndarray) -> list[tuple[int, int, int, int]]:
    """``(population, first row within it, rows, expected synapses)`` of every chunk."""
    out = []
    for a, n_a in enumerate(counts):
        degree = sum(probs[a, b] * (n_b - (a == b)) for b, n_b in enumerate(counts))
        rows = int(min(n_a, max(1, CHUNK_SYNAPSES // max(degree, 1.0))))
        out += [(a, r0, min(rows, n_a - r0), degree * min(rows, n_a - r0))
                for r0 in range(0, n_a, rows)]  # fmt: skip
    return out


def gnp_in_csr(
    counts: list[int], probs: np.ndarray, values: np.ndarray, gen: np.random.Generator
) -> sp.csr_array:
    """The in-edge CSR (rows sorted) of G(n, p) over populations, on every core.

    Args:
        counts: population sizes, in index order.
        probs: ``probs[a, b]``, the probability of a synapse from b onto a.
        values: ``values[a, b]``, its weight (0: no synapse).
        gen: the caller's Generator; one draw of it seeds every chunk.

    Returns:
        ``W[target, source]`` as float32 data, int32 indices and an int32 indptr
        (int64 from 2^31 synapses on).
    """
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    n = int(starts[-1])
    with np.errstate(divide="ignore"):  # p = 0 and p = 1 are set apart below
        scales = -1.0 / np.log1p(-probs)
    scales = np.where(probs <= 0.0, 0.0, np.where(probs >= 1.0, -1.0, scales))
    keep = values != 0.0
    chunks = _chunks(counts, probs)
    seeds = np.random.SeedSequence([int(x) for x in gen.integers(0, 2**63, size=4)])
    children = seeds.spawn(len(chunks))

    # Chunk i draws into its own slot of one array (its expected synapses + 6 sigma),
    # then moves left into place: no second array of every synapse is ever touched.
    caps = [int(e + 6 * math.sqrt(e) + 64) for *_, e in chunks]
    slot = np.concatenate([[0], np.cumsum(caps)]).astype(np.int64)
    space = np.empty(int(slot[-1]), np.int32)
    indptr64 = np.zeros(n + 1, np.int64)

    def draw(i: int) -> tuple[np.ndarray, int]:
        a, row0, rows, _ = chunks[i]
        degree = indptr64[1 + starts[a] + row0 : 1 + starts[a] + row0 + rows]
        columns = space[slot[i] : slot[i + 1]]
        while True:  # beyond 6 sigma: draw again from the same seed, into a buffer of its own
            m = draw_rows(np.random.Generator(np.random.PCG64(children[i])), row0, rows, a,
                          starts, scales[a], keep[a], degree, columns)  # fmt: skip
            if m >= 0:
                return columns, m
            columns = np.empty(2 * columns.size, np.int32)

    with ThreadPoolExecutor(max(1, numba.get_num_threads())) as pool:
        drawn = list(pool.map(draw, range(len(chunks))))
    np.cumsum(indptr64, out=indptr64)
    nnz = int(indptr64[-1])
    indptr = indptr64 if nnz >= np.iinfo(np.int32).max else indptr64.astype(np.int32)
    in_place = all(m <= cap for (_, m), cap in zip(drawn, caps, strict=True))
    # In place, a chunk's place never passes its slot (the chunks before it wrote at
    # most their capacity), so moving them left in order overwrites nothing unread.
    indices = space if in_place else np.empty(nnz, np.int32)
    for (a, row0, _, _), (columns, m) in zip(chunks, drawn, strict=True):
        first = int(indptr64[starts[a] + row0])
        indices[first : first + m] = columns[:m]
    indices = indices[:nnz]
    del drawn
    data = np.empty(nnz, np.float32)
    row_block = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    fill_weights(indptr, indices, starts, row_block, values.astype(np.float32).ravel(), data)
    w = sp.csr_array((data, indices, indptr), shape=(n, n))
    w.has_sorted_indices = True
    return w
