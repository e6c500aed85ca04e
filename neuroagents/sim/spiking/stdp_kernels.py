"""Compiled (numba) plasticity of spiking synapses: traces, pairings, weight updates.

Pieces:
    STDP_CODE, VOGELS_CODE: the rule codes of the ``rule`` parameter row.
    PARAM_*: positions in that row.
    plasticity_step: one grid step of every plastic synapse (the grid loop's synapse step,
        between the neuron update and the delivery; the agents engine calls it too).
    plasticity_steps: the same for several rules, each on its own synapses with its own
        traces (a tuple of the arrays below, one per rule; see :mod:`.plastic_rules`).
    stdp_facilitate, stdp_depress, vogels_facilitate, vogels_depress: NEST's weight
        updates of ``stdp_synapse`` and ``vogels_sprekeler_synapse``, written the same way.

Event times at the synapse. A spike of neuron j in step s (time (s + 1) dt) reaches a
synapse e after the axonal part of its delay, ``da[e]`` steps; a spike of the
postsynaptic neuron i back-propagates to the synapse after the dendritic part,
``dd[e]`` steps. Step k processes, for every plastic synapse:

1. facilitation by each postsynaptic spike reaching the synapse in step k, with the
   presynaptic trace of the arrivals strictly before it;
2. depression (or, for iSTDP, the presynaptic update) by each presynaptic spike
   reaching the synapse in step k, with the postsynaptic trace strictly before it.

Facilitation before depression within a step is NEST's order; a pair that meets at the
synapse in the same step changes nothing in either direction (NEST's ``get_history``
and ``get_K_value`` both exclude it). Traces are per neuron, kept as a short history of
(step, trace just after the spike) so that a synapse can read its neuron's trace at an
earlier time (``t - delay part``): a trace at time q is ``x_s exp(-(q - s) dt / tau)``
for the last spike s < q. The history holds ``max delay part + 2`` spikes, enough for
any query, as a neuron spikes at most once a step.

Caching: the grid loop calls :func:`plasticity_step` as its synapse step
(:func:`neuroagents.sim.spiking.type_loops.grid_loop`), generated under a name that
hashes this file, so an edit here recompiles it. The STDP experiments' neuron loop
(``models/spiking/plastic_neuron.py``) is generated the same way (numba's own cache
would not notice an edit here: it checks only the calling function's file).

Cost per step: for each neuron that spiked in the last ``max delay part + 1`` steps, a
binary search in its in- (or out-) synapses sorted by delay part, then one update per
synapse the spike reaches now: a bounded amount per spike and synapse.

The arrays a model holds, in this order (``plastic`` below):
    rule (float64, the parameter row); lags (int64: the smallest and largest dendritic,
    then axonal, part); in_ptr, in_dd, in_syn, in_pre, in_da (the plastic synapses by
    postsynaptic neuron, sorted by dendritic part: the part, the position in the weight
    array, the presynaptic neuron, the axonal part); out_ptr, out_da, out_syn, out_post,
    out_dd (the same by presynaptic neuron, sorted by axonal part); hist_step (int64
    n x H), hist_xp, hist_xm (float64 n x H: the traces with tau_plus and tau_minus),
    head (int64 n), recent (int32 R x n: who spiked in each of the last R steps),
    recent_n (int64 R). Each side's arrays are in the order the step reads them.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np

__all__ = [
    "PARAM_A",
    "PARAM_ALPHA",
    "PARAM_CODE",
    "PARAM_DT",
    "PARAM_MU_MINUS",
    "PARAM_MU_PLUS",
    "PARAM_TAU_MINUS",
    "PARAM_TAU_PLUS",
    "PARAM_W_MAX",
    "STDP_CODE",
    "VOGELS_CODE",
    "plasticity_step",
    "plasticity_steps",
    "stdp_depress",
    "stdp_facilitate",
    "vogels_depress",
    "vogels_facilitate",
]

STDP_CODE, VOGELS_CODE = 0, 1
# The rule row: code, dt, tau_plus, tau_minus, A (lambda or eta), alpha, mu_plus,
# mu_minus, w_max.
(
    PARAM_CODE,
    PARAM_DT,
    PARAM_TAU_PLUS,
    PARAM_TAU_MINUS,
    PARAM_A,
    PARAM_ALPHA,
    PARAM_MU_PLUS,
    PARAM_MU_MINUS,
    PARAM_W_MAX,
) = range(9)
NO_SPIKE = -(1 << 62)


@nb.njit(cache=True, nogil=True, inline="always")
def stdp_facilitate(w, k_plus, lam, mu_plus, w_max):
    """NEST's ``stdp_synapse``: w/W ← w/W + λ (1 − w/W)^μ+ K+, at most 1."""
    scale = 1.0 if mu_plus == 0.0 else (1.0 - w / w_max) ** mu_plus  # additive: no pow
    norm = w / w_max + lam * scale * k_plus
    return norm * w_max if norm < 1.0 else w_max


@nb.njit(cache=True, nogil=True, inline="always")
def stdp_depress(w, k_minus, lam, alpha, mu_minus, w_max):
    """NEST's ``stdp_synapse``: w/W ← w/W − α λ (w/W)^μ− K−, at least 0."""
    scale = 1.0 if mu_minus == 0.0 else (w / w_max) ** mu_minus
    norm = w / w_max - alpha * lam * scale * k_minus
    return norm * w_max if norm > 0.0 else 0.0


@nb.njit(cache=True, nogil=True, inline="always")
def vogels_facilitate(w, k, eta, w_max):
    """NEST's ``vogels_sprekeler_synapse``: |w| ← min(|w| + η K, |W|), sign of W."""
    new = abs(w) + eta * k
    return math.copysign(new if new < abs(w_max) else abs(w_max), w_max)


@nb.njit(cache=True, nogil=True, inline="always")
def vogels_depress(w, eta, alpha, w_max):
    """NEST's ``vogels_sprekeler_synapse``: |w| ← max(|w| − α η, 0), sign of W."""
    new = abs(w) - alpha * eta
    return math.copysign(new if new > 0.0 else 0.0, w_max)


@nb.njit(cache=True, nogil=True)
def _trace_before(hist_step, hist_x, head, i, q, decay_per_step):
    """Neuron i's trace at step q from its spikes strictly before q (0 if none kept)."""
    h = hist_step.shape[1]
    slot = head[i]
    for _ in range(h):
        s = hist_step[i, slot]
        if s == NO_SPIKE:
            return 0.0
        if s < q:
            return hist_x[i, slot] * math.exp(-(q - s) * decay_per_step)
        slot = (slot - 1) % h
    return 0.0


@nb.njit(cache=True, nogil=True)
def _add_spike(hist_step, hist_xp, hist_xm, head, i, k, dp, dm):
    """Append neuron i's spike at step k with its traces just after it."""
    h = hist_step.shape[1]
    last = head[i]
    s = hist_step[i, last]
    xp, xm = 1.0, 1.0
    if s != NO_SPIKE:
        xp += hist_xp[i, last] * math.exp(-(k - s) * dp)
        xm += hist_xm[i, last] * math.exp(-(k - s) * dm)
    slot = (last + 1) % h
    hist_step[i, slot] = k
    hist_xp[i, slot] = xp
    hist_xm[i, slot] = xm
    head[i] = slot


@nb.njit(cache=True, nogil=True)
def plasticity_step(k, spiked, n_spiked, weights, plastic):
    """Step k of every plastic synapse (module docstring); ``weights`` change in place."""
    (rule, lags, in_ptr, in_dd, in_syn, in_pre, in_da, out_ptr, out_da, out_syn, out_post,
     out_dd, hist_step, hist_xp, hist_xm, head, recent, recent_n) = plastic  # fmt: skip
    if in_syn.size == 0:
        return
    code = int(rule[PARAM_CODE])
    dt = rule[PARAM_DT]
    dp = dt / rule[PARAM_TAU_PLUS]
    dm = dt / rule[PARAM_TAU_MINUS]
    a, alpha = rule[PARAM_A], rule[PARAM_ALPHA]
    mu_p, mu_m, w_max = rule[PARAM_MU_PLUS], rule[PARAM_MU_MINUS], rule[PARAM_W_MAX]
    n_lags = recent.shape[0]
    slot = k % n_lags
    for s in range(n_spiked):
        i = spiked[s]
        recent[slot, s] = i
        _add_spike(hist_step, hist_xp, hist_xm, head, i, k, dp, dm)
    recent_n[slot] = n_spiked
    # 1. postsynaptic spikes reaching their synapses now: facilitation.
    for lag in range(lags[0], min(lags[1], k) + 1):
        row = (k - lag) % n_lags
        for r in range(recent_n[row]):
            i = recent[row, r]
            lo, hi = in_ptr[i], in_ptr[i + 1]
            if lo == hi:
                continue
            q = lo if in_dd[lo] == lag else lo + np.searchsorted(in_dd[lo:hi], lag)
            while q < hi and in_dd[q] == lag:
                x = _trace_before(hist_step, hist_xp, head, in_pre[q], k - in_da[q], dp)
                e = in_syn[q]
                q += 1
                if code == STDP_CODE:
                    weights[e] = stdp_facilitate(weights[e], x, a, mu_p, w_max)
                else:
                    weights[e] = vogels_facilitate(weights[e], x, a, w_max)
    # 2. presynaptic spikes reaching their synapses now: depression (iSTDP: x_post − α).
    for lag in range(lags[2], min(lags[3], k) + 1):
        row = (k - lag) % n_lags
        for r in range(recent_n[row]):
            j = recent[row, r]
            lo, hi = out_ptr[j], out_ptr[j + 1]
            if lo == hi:
                continue
            q = lo if out_da[lo] == lag else lo + np.searchsorted(out_da[lo:hi], lag)
            while q < hi and out_da[q] == lag:
                x = _trace_before(hist_step, hist_xm, head, out_post[q], k - out_dd[q], dm)
                e = out_syn[q]
                q += 1
                if code == STDP_CODE:
                    weights[e] = stdp_depress(weights[e], x, a, alpha, mu_m, w_max)
                else:
                    w = vogels_facilitate(weights[e], x, a, w_max)
                    weights[e] = vogels_depress(w, a, alpha, w_max)


@nb.njit(cache=True, nogil=True)
def plasticity_steps(k, spiked, n_spiked, weights, rules):
    """Step k of several rules, each a tuple of :func:`plasticity_step`'s arrays.

    The rules' synapse sets are disjoint and each keeps its own traces (its own τ₊, τ₋),
    so the order in which they run does not matter.
    """
    for plastic in rules:
        plasticity_step(k, spiked, n_spiked, weights, plastic)
