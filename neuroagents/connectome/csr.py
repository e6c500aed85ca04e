"""Compiled (numba) operations on a connectome's CSR (or dense) weight arrays.

Pieces:
    propagate: add ``delta * w`` to the inputs of a neuron's out-neighbours (push).
    pull_input: recompute every input by reading along in-edges (pull).
    pull_input_rows: the same on every thread (each row's sum is the same whatever
        the thread count: a row is summed by one thread, in order).
    compute_input: synaptic input ``W @ s`` from scratch.
    find_positions: where given (row, column) pairs sit in a CSR structure.
    slots_to_csr: sorted flat slots -> the row pointers and columns of a CSR.

They take CSR out-edges or a dense out-matrix (the other argument is an empty
placeholder), and read indices and edge positions as unsigned integers, which spares
numba's negative-index check. The simulation's kernels (:mod:`neuroagents.sim.kernels`)
build on them; the connectome uses them to compute inputs and edit weights in place.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

__all__ = [
    "compute_input",
    "find_positions",
    "propagate",
    "pull_input",
    "pull_input_rows",
    "slots_to_csr",
]


@njit(cache=True)
def propagate(j, delta, field, indptr, indices, weights, dense):
    """Add ``delta * W[:, j]`` to ``field`` (the out-edges of neuron ``j``)."""
    if dense.shape[0] > 0:
        row = dense[j]
        for k in range(row.shape[0]):
            field[k] += delta * row[k]
    else:
        # Unsigned positions: numba then skips its negative-index check (1.6x faster).
        for e in range(np.uint64(indptr[j]), np.uint64(indptr[j + 1])):
            field[indices[e]] += delta * weights[e]


@njit(cache=True)
def pull_input(state, in_indptr, in_indices, in_weights, field):
    """Overwrite ``field`` with ``W @ state``, row by row over the in-edges."""
    for i in range(state.shape[0]):
        acc = 0.0
        for e in range(np.uint64(in_indptr[i]), np.uint64(in_indptr[i + 1])):
            acc += in_weights[e] * state[in_indices[e]]
        field[i] = acc


@njit(parallel=True, cache=True)
def pull_input_rows(state, in_indptr, in_indices, in_weights, field):
    """:func:`pull_input` with the rows shared among threads (called from Python).

    At 10^7 neurons each synapse's read of ``state`` misses the cache; two threads
    keep twice the reads in flight.
    """
    for i in prange(state.shape[0]):
        acc = 0.0
        for e in range(np.uint64(in_indptr[i]), np.uint64(in_indptr[i + 1])):
            acc += in_weights[e] * state[in_indices[e]]
        field[i] = acc


@njit(cache=True)
def compute_input(state, indptr, indices, weights, dense, in_indptr, in_indices, in_weights):
    """Synaptic input ``W @ state`` in float64: a pull over in-edges, or dense pushes."""
    n = state.shape[0]
    field = np.zeros(n)
    if dense.shape[0] > 0:
        for j in range(n):
            if state[j] != 0.0:
                propagate(j, state[j], field, indptr, indices, weights, dense)
    else:
        pull_input(state, in_indptr, in_indices, in_weights, field)
    return field


@njit(cache=True)
def find_positions(indptr, indices, rows, cols):
    """Position of each ``(rows[k], cols[k])`` in a CSR structure (-1 where absent).

    Binary search in the row's sorted column indices: O(log degree) a lookup and no
    temporary array over the whole structure.
    """
    out = np.empty(rows.shape[0], np.int64)
    for k in range(rows.shape[0]):
        lo = indptr[rows[k]]
        hi = indptr[rows[k] + 1]
        c = cols[k]
        while lo < hi:
            mid = (lo + hi) // 2
            if indices[mid] < c:
                lo = mid + 1
            else:
                hi = mid
        out[k] = lo if lo < indptr[rows[k] + 1] and indices[lo] == c else -1
    return out


@njit(cache=True)
def slots_to_csr(slots, n_rows, n_cols, drop_diagonal):
    """Sorted flat slots ``t * n_cols + s`` -> (row pointers, int32 columns) of a CSR.

    One pass, no int64 copies of the synapses (a 10^7-synapse build would hold several).
    ``drop_diagonal`` leaves out the slots with ``t == s`` (self-loops).
    """
    indptr = np.zeros(n_rows + 1, np.int64)
    columns = np.empty(slots.shape[0], np.int32)
    m = 0
    for k in range(slots.shape[0]):
        t = slots[k] // n_cols
        s = slots[k] - t * n_cols
        if drop_diagonal and t == s:
            continue
        columns[m] = s
        indptr[t + 1] += 1
        m += 1
    for r in range(n_rows):
        indptr[r + 1] += indptr[r]
    return indptr, columns[:m]
