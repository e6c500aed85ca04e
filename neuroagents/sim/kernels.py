"""Compiled (numba) pieces every neuron type's loops share.

Pieces:
    logistic, SUBNORMAL_EXP: the overflow-free logistic the stochastic and sigmoid
        types use.
    propagate, pull_input, compute_input: the input operations on the connectome's
        arrays (defined in :mod:`neuroagents.connectome.csr`, used here).
    apply_sync: apply a synchronous round's new states, by push or by pull.
    shuffle_rows: Fisher-Yates permutations driven by pre-drawn uniforms.

The loops themselves (asynchronous orders, synchronous steps, Poisson events, the
stability count) are generated per neuron type with its update inlined
(:mod:`neuroagents.sim.type_kernels`).

Why inputs are kept incrementally: when a neuron changes by ``delta``, only its
out-neighbours' inputs change, by ``delta * w``. A Hopfield sweep near a fixed point
then costs O(n) rather than O(n^2). Every random number is drawn beforehand from the
model's ``numpy.random.Generator`` and passed in, so the agents engine, which reads
the same arrays, follows the identical trajectory.

Continuous types advance a neuron's dynamic variable ``s`` (its rate, or its membrane
potential for graded-response types) toward a target ``t`` as ``s <- t + (s - t) * keep``.
``keep`` is per neuron: ``exp(-dt / tau)`` for exponential Euler (exact for the leak),
``1 - dt / tau`` for forward Euler, and 0 for a Poisson clock's jump to the target.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from neuroagents.connectome.csr import (  # noqa: F401 (re-exported: the engines call them as kernels.*)
    compute_input,
    find_positions,
    propagate,
    pull_input,
    slots_to_csr,
)

# Below this, exp(z) is subnormal: flushed to 0, since subnormal outputs make every later
# multiply with them many times slower (a saturated sigmoid net ran up to 15x slower).
SUBNORMAL_EXP = -708.0


@njit(cache=True, inline="always")
def logistic(z):
    """``1 / (1 + exp(-z))``, written to never overflow; 0 where it would be subnormal."""
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    if z < SUBNORMAL_EXP:
        return 0.0
    e = math.exp(z)
    return e / (1.0 + e)


# A push costs a random read-modify-write per synapse, a pull a sequential read and a
# gather: past this fraction of all synapses pushed, pulling every input is cheaper.
PULL_FRACTION = 0.4


@njit(cache=True)
def apply_sync(
    new, state, field, before_last, indptr, indices, weights, dense,
    in_indptr, in_indices, in_weights,
):  # fmt: skip
    """Apply a synchronous round: ``state <- new``, inputs updated to match.

    ``before_last`` (the state one round back) becomes the old state. Inputs are
    patched by pushing the changed neurons' out-edges in index order, or, when those
    cover more than PULL_FRACTION of the synapses of a sparse connectome, recomputed
    by a pull. Both engines call this, so they round identically.
    Returns ``(flips, new state equals the state two rounds back)``.
    """
    n = state.shape[0]
    flips = 0
    pushes = 0
    same_as_two_back = True
    sparse = dense.shape[0] == 0
    for i in range(n):
        if new[i] != before_last[i]:
            same_as_two_back = False
        if new[i] != state[i]:
            flips += 1
            if sparse:
                pushes += indptr[i + 1] - indptr[i]
        before_last[i] = state[i]
    if sparse and pushes > PULL_FRACTION * indices.shape[0]:
        for i in range(n):
            state[i] = new[i]
        pull_input(state, in_indptr, in_indices, in_weights, field)
    else:
        for i in range(n):
            if new[i] != state[i]:
                delta = new[i] - state[i]
                state[i] = new[i]
                propagate(i, delta, field, indptr, indices, weights, dense)
    return flips, same_as_two_back


@njit(cache=True)
def shuffle_rows(uniforms):
    """One permutation of ``0..n-1`` per row, by Fisher-Yates on the row's uniforms."""
    rows, n = uniforms.shape
    out = np.empty((rows, n), np.int32)
    for r in range(rows):
        for k in range(n):
            out[r, k] = k
        for k in range(n - 1, 0, -1):
            j = int(uniforms[r, k] * (k + 1))
            tmp = out[r, k]
            out[r, k] = out[r, j]
            out[r, j] = tmp
    return out
