"""Compiled (numba) loops of the grid engine: neuron updates, delivery, recording.

Pieces:
    deliver: a spike of neuron j at step k goes to every out-synapse e of j, into the
        ring-buffer slot ``(k + delay[e]) % n_slots`` that step ``k + delay[e]`` reads.
    delta_update, exp_update: one step of every ``iaf_psc_delta`` / ``iaf_psc_exp``
        neuron over its own state arrays (see :mod:`neuroagents.sim.spiking.lif`).
    add_poisson: Poisson counts by inversion of uniform numbers, times a weight, added to
        the external-input block.
    run_delta, run_exp: the loop over steps: read this step's slot (plus pre-drawn
        external input), update the neurons, clear the slot, record, apply the
        synapses' plasticity (:mod:`.stdp_kernels`; empty arrays: none), deliver.

Conventions the Python side relies on:
    - ``ring`` has shape (n_slots, receptors * n); receptor r of neuron i is column
      ``r * n + i`` (the synapse's ``port``). n_slots = max delay + 1 > every delay, so
      a delivery never lands in the slot being read.
    - step k covers (k dt, (k+1) dt]; a spike found in step k has time (k+1) dt, and a
      delay of d steps makes it act in step k + d, at time (k+1+d) dt: t_spike + d dt.
    - each loop stops early (returning the steps done) when the spike buffers could
      overflow in the next step; the caller grows them and continues.
    - state is V relative to E_L; ``clamp`` codes: 0 free, 1 silent, 2 forced to spike.
"""

from __future__ import annotations

import numba as nb
import numpy as np

from neuroagents.sim.spiking.stdp_kernels import plasticity_step

__all__ = ["add_poisson", "deliver", "delta_update", "exp_update", "run_delta", "run_exp"]

SILENT, FORCED = 1, 2


@nb.njit(cache=True, nogil=True)
def deliver(k, spiked, n_spiked, ring, indptr, ports, weights, delays):
    """Add each spiking neuron's weights into the slots its synapses' delays point to."""
    n_slots = ring.shape[0]
    for s in range(n_spiked):
        j = spiked[s]
        for e in range(indptr[j], indptr[j + 1]):
            slot = (k + delays[e]) % n_slots
            ring[slot, ports[e]] += weights[e]


@nb.njit(cache=True, nogil=True)
def add_poisson(block, cols, uniforms, cdf, weight):
    """``block[r, cols[c]] += weight * k``, k the Poisson count whose CDF brackets u[r, c].

    Inversion: k is the least integer with u < F(k), found by a linear search in the
    table ``cdf`` of F(0..K) (about mean + 1 comparisons); an exact Poisson draw for
    uniform u (F(K) is 1 to within rounding, so the truncation at K never shows).
    """
    last = cdf.size - 1
    for r in range(uniforms.shape[0]):
        row = block[r]
        u = uniforms[r]
        for c in range(cols.size):
            k = 0
            x = u[c]
            while k < last and x >= cdf[k]:
                k += 1
            if k > 0:
                row[cols[c]] += weight * k


@nb.njit(cache=True, nogil=True)
def delta_update(v, r, consts, i_e, clamp, inputs, spiked):
    """One step of every ``iaf_psc_delta`` neuron; the spikers go to ``spiked``, counted."""
    p22, p20, v_th, v_reset, v_min, n_ref = consts
    n_spiked = 0
    for i in range(v.size):
        free = r[i] == 0  # not refractory in this step
        if free and clamp[i] != SILENT:
            x = p22 * v[i] + p20 * i_e[i] + inputs[i]
            v[i] = max(x, v_min)
        elif r[i] > 0:
            r[i] -= 1
        if clamp[i] == SILENT:
            v[i] = v_reset
        elif (clamp[i] == FORCED and free) or v[i] >= v_th:
            r[i] = int(n_ref)
            v[i] = v_reset
            spiked[n_spiked] = i
            n_spiked += 1
    return n_spiked


@nb.njit(cache=True, nogil=True)
def exp_update(v, i_ex, i_in, r, consts, i_e, clamp, inputs, spiked):
    """One step of every ``iaf_psc_exp`` neuron; the spikers go to ``spiked``, counted."""
    p22, p20, p11ex, p11in, p21ex, p21in, v_th, v_reset, n_ref = consts
    n = v.size
    n_spiked = 0
    for i in range(n):
        free = r[i] == 0  # not refractory in this step
        if free and clamp[i] != SILENT:
            v[i] = p22 * v[i] + p21ex * i_ex[i] + p21in * i_in[i] + p20 * i_e[i]
        elif r[i] > 0:
            r[i] -= 1
        i_ex[i] = p11ex * i_ex[i] + inputs[i]
        i_in[i] = p11in * i_in[i] + inputs[n + i]
        if clamp[i] == SILENT:
            v[i] = v_reset
        elif (clamp[i] == FORCED and free) or v[i] >= v_th:
            r[i] = int(n_ref)
            v[i] = v_reset
            spiked[n_spiked] = i
            n_spiked += 1
    return n_spiked


@nb.njit(cache=True, nogil=True)
def _gather_input(k, ring, ext, ext_row, inputs):
    """This step's input: the ring slot (then cleared) plus the external block's row."""
    slot = k % ring.shape[0]
    row = ring[slot]
    if ext.shape[0] > 0:
        x = ext[ext_row]
        for c in range(row.size):
            inputs[c] = row[c] + x[c]
            row[c] = 0.0
    else:
        for c in range(row.size):
            inputs[c] = row[c]
            row[c] = 0.0


@nb.njit(cache=True, nogil=True)
def _record(k, spiked, n_spiked, spike_steps, spike_ids, n_rec, v, probes, probe_out, row):
    for s in range(n_spiked):
        spike_steps[n_rec + s] = k
        spike_ids[n_rec + s] = spiked[s]
    for p in range(probes.size):
        probe_out[row, p] = v[probes[p]]
    return n_rec + n_spiked


@nb.njit(cache=True, nogil=True)
def run_delta(
    k0, n_steps, v, r, consts, i_e, clamp, ring, ext, ext_row0,
    indptr, ports, weights, delays, spike_steps, spike_ids, n_rec, probes, probe_out, plastic,
):  # fmt: skip
    """Run ``n_steps`` steps of ``iaf_psc_delta`` from step ``k0``: (steps done, spikes kept)."""
    n = v.size
    inputs = np.empty(ring.shape[1])
    spiked = np.empty(n, np.int32)
    for s in range(n_steps):
        if n_rec + n > spike_ids.size:
            return s, n_rec
        k = k0 + s
        _gather_input(k, ring, ext, ext_row0 + s, inputs)
        n_spiked = delta_update(v, r, consts, i_e, clamp, inputs, spiked)
        n_rec = _record(k, spiked, n_spiked, spike_steps, spike_ids, n_rec, v, probes, probe_out, s)
        plasticity_step(k, spiked, n_spiked, weights, plastic)  # before delivery: NEST's order
        deliver(k, spiked, n_spiked, ring, indptr, ports, weights, delays)
    return n_steps, n_rec


@nb.njit(cache=True, nogil=True)
def run_exp(
    k0, n_steps, v, i_ex, i_in, r, consts, i_e, clamp, ring, ext, ext_row0,
    indptr, ports, weights, delays, spike_steps, spike_ids, n_rec, probes, probe_out, plastic,
):  # fmt: skip
    """Run ``n_steps`` steps of ``iaf_psc_exp`` from step ``k0``: (steps done, spikes kept)."""
    n = v.size
    inputs = np.empty(ring.shape[1])
    spiked = np.empty(n, np.int32)
    for s in range(n_steps):
        if n_rec + n > spike_ids.size:
            return s, n_rec
        k = k0 + s
        _gather_input(k, ring, ext, ext_row0 + s, inputs)
        n_spiked = exp_update(v, i_ex, i_in, r, consts, i_e, clamp, inputs, spiked)
        n_rec = _record(k, spiked, n_spiked, spike_steps, spike_ids, n_rec, v, probes, probe_out, s)
        plasticity_step(k, spiked, n_spiked, weights, plastic)  # before delivery: NEST's order
        deliver(k, spiked, n_spiked, ring, indptr, ports, weights, delays)
    return n_steps, n_rec
