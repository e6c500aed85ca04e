"""Compiled loops that turn random draws into CSR arrays, at memory speed.

Pieces:
    place_block: copy a block's rows into the rows of the whole in-edge CSR.
    transpose: the out-edge CSR from the in-edge CSR (a bucketed two-pass sort, on
        every thread; :func:`bucket_shift` sizes its buckets).
    check_structure: one pass over a CSR's ``indptr`` and ``indices`` (monotone, rows
        sorted, in range).

The random numbers are drawn by numpy Generators in the builders (so one seed gives
one connectome, on any machine); these loops only place them.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

__all__ = [
    "TRANSPOSE_CHUNKS",
    "bucket_shift",
    "check_structure",
    "place_block",
    "transpose",
]


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


#: Rows of the transpose's first passes, whatever the thread count (the result is
#: the same for any number: a transpose with sorted rows is unique).
TRANSPOSE_CHUNKS = 64


def bucket_shift(n_cols: int) -> int:
    """Columns per bucket of :func:`transpose` as a power of two: about 256-512 buckets.

    Few enough buckets that the scatter writes a few hundred sequential streams (the
    cache and TLB keep up), narrow enough that a bucket's counts stay in cache; at most
    2^16 columns so that a column within its bucket fits a uint16.
    """
    return max(4, min(16, int(n_cols - 1).bit_length() - 9))


@njit(parallel=True, cache=True)
def transpose(indptr, indices, data, n_cols, shift, out_indptr, out_indices, out_data):
    """The transpose of a CSR (rows come out sorted), by buckets of ``2^shift`` columns.

    A counting sort straight into ``n_cols`` columns scatters every synapse to a
    random place in memory (latency bound at 10^7 columns). Here, as in a two-digit
    radix sort: (1) count each chunk of rows' synapses per bucket; (2) scatter them
    to their bucket's region of the output in row order, keeping the column within
    the bucket in a uint16; (3) sort each bucket by that column with a counting sort
    in cache. Both scatters are stable, so rows stay sorted. Passes 1-2 run over
    fixed chunks of rows and pass 3 over fixed groups of buckets, on every thread.
    """
    n_rows = indptr.shape[0] - 1
    n_buckets = ((n_cols - 1) >> shift) + 1 if n_cols > 0 else 0
    per_chunk = (n_rows + TRANSPOSE_CHUNKS - 1) // TRANSPOSE_CHUNKS
    counts = np.zeros((TRANSPOSE_CHUNKS, n_buckets), np.int64)
    for ch in prange(TRANSPOSE_CHUNKS):
        r0, r1 = min(n_rows, ch * per_chunk), min(n_rows, (ch + 1) * per_chunk)
        for e in range(indptr[r0], indptr[r1]):
            counts[ch, indices[e] >> shift] += 1
    bucket_start = np.empty(n_buckets + 1, np.int64)
    total = 0
    for b in range(n_buckets):  # bucket-major, chunk-minor: chunks keep row order
        bucket_start[b] = total
        for ch in range(TRANSPOSE_CHUNKS):
            c = counts[ch, b]
            counts[ch, b] = total
            total += c
    bucket_start[n_buckets] = total
    local = np.empty(indices.shape[0], np.uint16)
    mask = (1 << shift) - 1
    for ch in prange(TRANSPOSE_CHUNKS):
        r0, r1 = min(n_rows, ch * per_chunk), min(n_rows, (ch + 1) * per_chunk)
        cursor = counts[ch].copy()
        for r in range(r0, r1):
            for e in range(indptr[r], indptr[r + 1]):
                j = indices[e]
                c = cursor[j >> shift]
                out_indices[c] = r
                out_data[c] = data[e]
                local[c] = j & mask
                cursor[j >> shift] = c + 1
    out_indptr[0] = 0
    width = 1 << shift
    per_group = (n_buckets + TRANSPOSE_CHUNKS - 1) // TRANSPOSE_CHUNKS
    for group in prange(TRANSPOSE_CHUNKS):
        b0, b1 = min(n_buckets, group * per_group), min(n_buckets, (group + 1) * per_group)
        largest = 0
        for b in range(b0, b1):
            largest = max(largest, bucket_start[b + 1] - bucket_start[b])
        # One scratch a group of buckets, not one a bucket: fresh memory costs page faults.
        starts = np.empty(width + 1, np.int64)
        rows = np.empty(largest, out_indices.dtype)
        values = np.empty(largest, out_data.dtype)
        for b in range(b0, b1):
            s0, s1 = bucket_start[b], bucket_start[b + 1]
            col0 = b << shift
            starts[:] = 0
            for e in range(s0, s1):
                starts[local[e] + 1] += 1
            for q in range(width):
                starts[q + 1] += starts[q]
            for q in range(min(width, n_cols - col0)):
                out_indptr[col0 + q + 1] = s0 + starts[q + 1]
            rows[: s1 - s0] = out_indices[s0:s1]
            values[: s1 - s0] = out_data[s0:s1]
            for e in range(s1 - s0):
                q = local[s0 + e]
                c = starts[q]
                out_indices[s0 + c] = rows[e]
                out_data[s0 + c] = values[e]
                starts[q] = c + 1


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
