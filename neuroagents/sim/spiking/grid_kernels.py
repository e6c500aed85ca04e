"""Compiled (numba) loops of the grid engine: neuron updates, delivery, recording.

Pieces:
    deliver: a spike of neuron j at step k goes to every out-synapse e of j, into the
        ring-buffer slot ``(k + delay[e]) % n_slots`` that step ``k + delay[e]`` reads.
    add_poisson: Poisson counts by inversion of uniform numbers, times a weight, added to
        the external-input block.
    gather_input: this step's input, the ring slot (then cleared) plus external input.
    record: append a step's spikes and the probed potentials.

The loop over steps that calls them is generated per neuron type
(:mod:`neuroagents.sim.spiking.type_loops`): read this step's slot (plus pre-drawn
external input), update the neurons, clear the slot, record, deliver.

Conventions the Python side relies on:
    - ``ring`` has shape (n_slots, receptors * n); receptor r of neuron i is column
      ``r * n + i``. A synapse's receptor is read from its weight's sign at delivery
      (NEST's ``iaf_psc_exp``: negative weights reach the inhibitory receptor), so no
      per-synapse column array is stored: ``inhibitory`` is the column offset of a
      negative weight (n with two receptors, 0 with one). n_slots = max delay + 1 >
      every delay, so a delivery never lands in the slot being read.
    - step k covers (k dt, (k+1) dt]; a spike found in step k has time (k+1) dt, and a
      delay of d steps makes it act in step k + d, at time (k+1+d) dt: t_spike + d dt.
    - each loop stops early (returning the steps done) when the spike buffers could
      overflow in the next step; the caller grows them and continues.
    - state is V relative to E_L; ``clamp`` codes: 0 free, 1 silent, 2 forced to spike.
"""

from __future__ import annotations

import numba as nb
import numpy as np

__all__ = ["add_poisson", "deliver", "gather_input", "record"]


@nb.njit(cache=True, nogil=True)
def deliver(k, spiked, n_spiked, ring, indptr, targets, weights, delays, inhibitory):
    """Add each spiking neuron's weights into the slots its synapses' delays point to.

    The column is the target's, moved by ``inhibitory`` for a negative weight (the
    receptor by sign, read at delivery as NEST does).
    """
    n_slots = ring.shape[0]
    for s in range(n_spiked):
        j = spiked[s]
        for e in range(indptr[j], indptr[j + 1]):
            w = weights[e]
            slot = (k + delays[e]) % n_slots
            column = np.int64(targets[e])
            if w < 0:
                column += inhibitory
            ring[slot, column] += w


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
def gather_input(k, ring, ext, ext_row, inputs):
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
def record(k, spiked, n_spiked, spike_steps, spike_ids, n_rec, v, probes, probe_out, row):
    """Append step k's spikes and row ``row`` of the probed potentials; the new count."""
    for s in range(n_spiked):
        spike_steps[n_rec + s] = k
        spike_ids[n_rec + s] = spiked[s]
    for p in range(probes.size):
        probe_out[row, p] = v[probes[p]]
    return n_rec + n_spiked
