"""Compiled (numba) loops for the built-in rules.

Pieces:
    RULE_CODES: the one table of rule codes; each code has one branch in ``_next_value``.
    propagate, pull_input, compute_input: the input operations on the connectome's
        arrays (defined in :mod:`neuroagents.connectome.csr`, used here).
    apply_sync: apply a synchronous round's new states, by push or by pull.
    shuffle_rows: Fisher-Yates permutations driven by pre-drawn uniforms.
    run_orders: asynchronous updates in given orders (async-sweep, async-site, fixed).
    run_sync: synchronous steps (all compute from the old state, then all apply).
    run_events: event-driven updates at pre-drawn Poisson event times.
    count_unstable: how many neurons the rule would change now.

Why inputs are kept incrementally: when a neuron changes by ``delta``, only its
out-neighbours' inputs change, by ``delta * w``. A Hopfield sweep near a fixed point
then costs O(n) rather than O(n^2). Every random number is drawn beforehand from the
model's ``numpy.random.Generator`` and passed in, so the agents engine, which reads
the same arrays, follows the identical trajectory. The kernels take either CSR
out-edges or a dense out-matrix (the other argument is an empty placeholder), and
sparse in-edges where a whole round of inputs is cheaper to recompute than to patch.
Indices and edge positions are read as unsigned integers, which spares numba's
negative-index check.

Continuous rules advance a neuron's dynamic variable ``s`` (its rate, or its membrane
potential for graded-response rules) toward a target ``t`` as ``s <- t + (s - t) * keep``.
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

# The one table of rule codes (rules.py reads it). Adding a rule: one Rule class in
# rules.py, one entry here, one branch in _next_value (and _transfer for a rate shape).
SIGN, THRESHOLD, GLAUBER = 0, 1, 2
LINEAR, RELU, SIGMOID, TANH = 3, 4, 5, 6
GRADED_SIGMOID, GRADED_TANH = 7, 8
RULE_CODES = {
    "sign": SIGN,
    "threshold": THRESHOLD,
    "glauber": GLAUBER,
    "linear": LINEAR,
    "relu": RELU,
    "sigmoid": SIGMOID,
    "tanh": TANH,
    "graded-sigmoid": GRADED_SIGMOID,
    "graded-tanh": GRADED_TANH,
}


@njit(cache=True)
def check_code(code):
    """Raise for a rule code that has no branch (kernels call it once, before looping)."""
    if code < SIGN or code > GRADED_TANH:
        raise ValueError("neuroagents kernels: unknown rule code")


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


@njit(cache=True, inline="always")
def _transfer(code, gain, z):
    """The rate rules' transfer function f (the graded rules' output g)."""
    if code == LINEAR:
        return gain * z
    if code == RELU:
        return gain * z if z > 0.0 else 0.0
    if code == SIGMOID or code == GRADED_SIGMOID:
        return logistic(gain * z)
    return math.tanh(gain * z)  # TANH or GRADED_TANH


@njit(cache=True, inline="always")
def _next_value(code, params, x, s, theta, keep, i, u):
    """Next value of neuron ``i``'s dynamic variable ``s`` at total input ``x``.

    ``keep`` is read only by the continuous rules, so binary sweeps touch no extra array.
    """
    # Codes are checked once per kernel call (check_code), so the last branch needs
    # no test. Flat branches in this order measured fastest for the binary loops.
    if code == SIGN:
        # Branch-free form of "+1 above theta, -1 below, keep at a tie" for s = ±1:
        # at a stored pattern the sign of x is random, so branches would mispredict.
        # Exact: x - theta is never 0 for x != theta in IEEE arithmetic.
        return -s if (x - theta) * s < 0.0 else s
    if code == THRESHOLD:
        return 1.0 if x > theta else 0.0
    if code == GLAUBER:
        return 1.0 if u < logistic(2.0 * (x - theta) / params[0]) else -1.0
    if code >= GRADED_SIGMOID:
        target = x - theta  # tau du/dt = -u + x - theta
        return target + (s - target) * keep[i]
    target = _transfer(code, params[0], x - theta)
    return target + (s - target) * keep[i]


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


_NO_KEEP = np.zeros(1)


@njit(cache=True)
def count_unstable(state, field, drive, theta, code, params, clamped, potential, tau, tol):
    """Free neurons the deterministic rule would change now.

    Binary rules: the next state differs. Continuous rules: ``|ds/dt| >= tol``, with
    ``s`` the rate (or the potential of a graded-response rule).
    """
    check_code(code)
    count = 0
    for i in range(state.shape[0]):
        if clamped is not None and clamped[i]:
            continue
        s = state[i] if potential is None else potential[i]
        # keep = 0: the value the rule moves toward.
        target = _next_value(code, params, field[i] + drive[i], s, theta[i], _NO_KEEP, 0, 0.0)
        if code <= GLAUBER:
            if target != s:
                count += 1
        elif not abs(target - s) < tol * tau[i]:  # NaN counts as unstable
            count += 1
    return count


@njit(cache=True)
def run_orders(
    state, field, drive, theta, code, params, keep, potential, clamped, tau, tol,
    orders, uniforms, first, count, indptr, indices, weights, dense, stop, flips_out,
):  # fmt: skip
    """Run rows ``first .. first+count`` of ``orders``, one single-neuron update per entry.

    ``uniforms`` has the shape of ``orders`` when the rule is stochastic, else (0, 0).
    Clamped neurons are skipped. Returns ``(rows run, stopped)``; with ``stop`` set it
    stops after the first row that leaves every neuron stable.
    """
    check_code(code)
    has_u = uniforms.shape[0] > 0
    for r in range(count):
        row = first + r
        flips = 0
        for k in range(orders.shape[1]):
            i = orders[row, k]
            if clamped is not None and clamped[i]:
                continue
            u = uniforms[row, k] if has_u else 0.0
            # Written out in each loop: behind a helper function (even an inlined one)
            # the loops ran ten times slower. ``potential is None`` is pruned at compile
            # time, so binary and rate rules never pay for the graded branch.
            if potential is not None:
                new = _next_value(
                    code, params, field[i] + drive[i], potential[i], theta[i], keep, i, u
                )
                potential[i] = new
                new = _transfer(code, params[0], new)
            else:
                new = _next_value(code, params, field[i] + drive[i], state[i], theta[i], keep, i, u)
            if new != state[i]:
                delta = new - state[i]
                state[i] = new
                flips += 1
                propagate(i, delta, field, indptr, indices, weights, dense)
        flips_out[r] = flips
        if stop and (
            count_unstable(state, field, drive, theta, code, params, clamped, potential, tau, tol)
            == 0
        ):
            return r + 1, True
    return count, False


@njit(cache=True)
def run_sync(
    state, field, drive, theta, code, params, keep, potential, clamped, tau, tol,
    uniforms, first, count, indptr, indices, weights, dense, in_indptr, in_indices,
    in_weights, stop, flips_out, before_last,
):  # fmt: skip
    """Run ``count`` synchronous steps: all compute from the old state, then all apply.

    ``before_last`` holds the state one step before the current one; with ``stop``
    set, returns early on a fixed point (no neuron would change) or a 2-cycle (the new
    state equals the state two steps back). A graded-response neuron's potential is
    its own, read by no other neuron, so it is written during the round.
    Returns ``(steps run, cycle length)`` with cycle length 0, 1 (fixed) or 2.
    """
    check_code(code)
    n = state.shape[0]
    has_u = uniforms.shape[0] > 0
    new = np.empty(n)
    for r in range(count):
        row = first + r
        for i in range(n):
            if clamped is not None and clamped[i]:
                new[i] = state[i]
                continue
            u = uniforms[row, i] if has_u else 0.0
            if potential is not None:
                value = _next_value(
                    code, params, field[i] + drive[i], potential[i], theta[i], keep, i, u
                )
                potential[i] = value
                new[i] = _transfer(code, params[0], value)
            else:
                new[i] = _next_value(
                    code, params, field[i] + drive[i], state[i], theta[i], keep, i, u
                )
        flips, same_as_two_back = apply_sync(
            new, state, field, before_last, indptr, indices, weights, dense,
            in_indptr, in_indices, in_weights,
        )  # fmt: skip
        flips_out[r] = flips
        if stop:
            if (
                count_unstable(
                    state, field, drive, theta, code, params, clamped, potential, tau, tol
                )
                == 0
            ):
                return r + 1, 1
            if same_as_two_back:
                return r + 1, 2
    return count, 0


@njit(cache=True)
def run_events(
    state, field, drive, theta, code, params, keep, potential, clamped, times, who,
    uniforms, first, until, indptr, indices, weights, dense, update_counts,
):  # fmt: skip
    """Process events ``first, first+1, …`` while ``times[k] <= until``.

    A clamped neuron's clock still rings (the draws do not depend on clamping) but
    nothing happens. Returns ``(index of the first unprocessed event, flips)``.
    """
    check_code(code)
    has_u = uniforms.shape[0] > 0
    flips = 0
    k = first
    while k < times.shape[0] and times[k] <= until:
        i = who[k]
        if clamped is None or not clamped[i]:
            u = uniforms[k] if has_u else 0.0
            update_counts[i] += 1
            if potential is not None:
                new = _next_value(
                    code, params, field[i] + drive[i], potential[i], theta[i], keep, i, u
                )
                potential[i] = new
                new = _transfer(code, params[0], new)
            else:
                new = _next_value(code, params, field[i] + drive[i], state[i], theta[i], keep, i, u)
            if new != state[i]:
                delta = new - state[i]
                state[i] = new
                flips += 1
                propagate(i, delta, field, indptr, indices, weights, dense)
        k += 1
    return k, flips
