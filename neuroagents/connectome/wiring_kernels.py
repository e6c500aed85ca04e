"""Compiled loops that turn random draws into CSR arrays, at memory speed.

Pieces:
    walk_gaps: Geometric gaps between Bernoulli successes -> per-row counts and
        columns of one block (self-loops dropped), without an int64 slot array.
    place_block: copy a block's rows into the rows of the whole in-edge CSR.
    transpose: the out-edge CSR from the in-edge CSR (a counting sort).
    check_structure: one pass over a CSR's ``indptr`` and ``indices`` (monotone, rows
        sorted, in range).

The random numbers are drawn by numpy Generators in the builders (so one seed gives
one connectome, on any machine); these loops only place them.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = [
    "check_structure",
    "place_block",
    "transpose",
    "walk_gaps",
]


@njit(cache=True)
def walk_gaps(gaps, last, total, n_cols, drop_diagonal, counts, columns, m):
    """Walk successes ``last + cumsum(gaps)`` over flat slots ``t * n_cols + s``.

    Args:
        gaps: Geometric(p) gaps (>= 1).
        last: the slot of the previous success (-1 at the start).
        total: the number of slots; a position ``>= total`` ends the walk.
        n_cols: columns (sources) of the block.
        drop_diagonal: leave out ``t == s`` (self-loops).
        counts: per-row counts, incremented in place.
        columns: int32 output, written from position ``m``.
        m: columns written so far.

    Returns:
        ``(last slot, gaps used, columns written in total)``; gaps used is less than
        ``len(gaps)`` only when the walk ended.
    """
    pos = last
    for k in range(gaps.shape[0]):
        pos += gaps[k]
        if pos >= total:
            return pos, k + 1, m
        t = pos // n_cols
        s = pos - t * n_cols
        if drop_diagonal and t == s:
            continue
        columns[m] = s
        counts[t] += 1
        m += 1
    return pos, gaps.shape[0], m


@njit(cache=True)
def place_block(counts, columns, offset, weight, row0, cursor, indices, data):
    """Append block rows to the whole CSR: row ``row0 + r`` gets ``columns + offset``.

    ``cursor[row]`` is where that row's next entry goes (advanced in place), so the
    blocks of a row band, placed left to right, leave each row's columns sorted.
    """
    k = 0
    for r in range(counts.shape[0]):
        c = cursor[row0 + r]
        for _ in range(counts[r]):
            indices[c] = columns[k] + offset
            data[c] = weight
            c += 1
            k += 1
        cursor[row0 + r] = c


@njit(cache=True)
def transpose(indptr, indices, data, n_cols, out_indptr, out_indices, out_data):
    """The transpose of a CSR: a counting sort by column (rows come out sorted)."""
    counts = np.zeros(n_cols + 1, np.int64)
    for e in range(indices.shape[0]):
        counts[indices[e] + 1] += 1
    for j in range(n_cols):
        counts[j + 1] += counts[j]
    for j in range(n_cols + 1):
        out_indptr[j] = counts[j]
    for r in range(indptr.shape[0] - 1):
        for e in range(indptr[r], indptr[r + 1]):
            j = indices[e]
            c = counts[j]
            out_indices[c] = r
            out_data[c] = data[e]
            counts[j] = c + 1


@njit(cache=True)
def check_structure(indptr, indices, n_cols):
    """``-1`` if the CSR structure is sound, else the position of the first offender.

    Sound: ``indptr`` never decreases, and each row's indices are strictly increasing
    (sorted, no duplicate synapse) and in ``[0, n_cols)``. An offender is ``r`` for
    ``indptr[r + 1] < indptr[r]``, or ``len(indptr) + e`` for a bad ``indices[e]``.
    One pass over the arrays: memory (or disk) speed.
    """
    for r in range(indptr.shape[0] - 1):
        if indptr[r + 1] < indptr[r]:
            return r
    for r in range(indptr.shape[0] - 1):
        previous = -1
        for e in range(indptr[r], indptr[r + 1]):
            j = indices[e]
            if j <= previous or j >= n_cols:
                return indptr.shape[0] + e
            previous = j
    return -1
