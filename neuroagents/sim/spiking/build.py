"""What a spiking model is built from: synapses by source, delays, initial potentials.

Pieces:
    DelaySpec: how a delay is given (one number, one per synapse, or a function).
    MAX_NEURONS: the most neurons uint32 targets can name.
    out_csr: a connectome's synapses grouped by source, as the delivery loop reads them.
    delays_ms_from: per-synapse delays in ms from a DelaySpec.
    one_delay_steps: the grid steps of one delay for every synapse, checked once.
    initial_v: initial membrane potentials from ``v0``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.sparse as sp

from neuroagents.errors import ValidationError
from neuroagents.sim.spiking.delays import GRID_SLACK, MAX_STEPS
from neuroagents.sim.spiking.spike_type import SpikingType
from neuroagents.validation import check_choice

__all__ = [
    "MAX_NEURONS",
    "DelaySpec",
    "delays_ms_from",
    "initial_v",
    "one_delay_steps",
    "out_csr",
]

MAX_NEURONS = int(np.iinfo(np.uint32).max) + 1
"""The most neurons a spiking model holds: its synapses' targets are uint32."""

DelaySpec = float | np.ndarray | Callable[[np.random.Generator, int], np.ndarray]


def out_csr(connectome: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Synapses by source: (indptr int64, targets uint32, weights), targets sorted.

    Targets are 4 bytes a synapse whatever index width the connectome chose (scipy
    switches to int64 indices past 2**31 - 1 synapses).

    Raises:
        ValidationError: more neurons than uint32 targets can name.
    """
    if connectome.n_nodes > MAX_NEURONS:
        raise ValidationError(
            f"The 'connectome' parameter of SpikingModel must have at most {MAX_NEURONS} "
            f"neurons (targets are stored as uint32). Got {connectome.n_nodes} instead."
        )
    indptr, indices, weights, dense = connectome.kernel_out_arrays()
    if dense.size:
        out = sp.csr_array(dense)
        out.sort_indices()
        indptr, indices, weights = out.indptr, out.indices, out.data
    return (
        indptr.astype(np.int64, copy=False),
        indices.astype(np.uint32, copy=False),
        weights,
    )


def delays_ms_from(spec: DelaySpec, count: int, stream: np.random.Generator) -> np.ndarray:
    """Per-synapse delays in ms from a number, an array or a function of (rng, count)."""
    if callable(spec):
        values = np.asarray(spec(stream, count), dtype=np.float64)
    elif isinstance(spec, int | float) and not isinstance(spec, bool):
        values = np.full(count, float(spec))
    else:
        values = np.asarray(spec, dtype=np.float64)
    if values.shape != (count,):
        raise ValidationError(
            f"The 'delay' parameter of SpikingModel must be a number or one delay per synapse "
            f"({count}). Got shape {values.shape} instead."
        )
    return values


def one_delay_steps(spec: DelaySpec, count: int, dt: float, rounding: str) -> np.ndarray | None:
    """uint16 steps of one delay (a number) for ``count`` synapses; None for other specs.

    Without an array of ``count`` float64 delays (400 MB at 5*10^7 synapses). Only a
    delay that is a whole number of steps in range; any other (an error, or a
    rounding warning) takes :func:`~.delays.delays_to_steps` over every synapse, for
    the same messages.
    """
    if count == 0 or not isinstance(spec, int | float) or isinstance(spec, bool):
        return None
    exact = float(spec) / dt
    step = np.rint(exact)
    if not (np.isfinite(exact) and 1 <= step <= MAX_STEPS):
        return None
    if not np.isclose(step, exact, rtol=GRID_SLACK, atol=GRID_SLACK):
        return None
    return np.full(count, step, np.uint16)


def initial_v(
    v0: str | np.ndarray | None, neuron_type: SpikingType, n: int, stream: np.random.Generator
) -> np.ndarray:
    """Initial V relative to the type's ``v_rest`` (E_L for the LIF types)."""
    if v0 is None:
        return np.zeros(n)
    if isinstance(v0, str):
        check_choice("v0", v0, "SpikingModel", ("uniform",))
        low, high = neuron_type.v_bounds
        return stream.uniform(low, high, n) - neuron_type.v_rest
    values = np.asarray(v0, dtype=np.float64)
    if values.shape != (n,) or not np.all(np.isfinite(values)):
        raise ValidationError(
            f"The 'v0' parameter of SpikingModel must be None, 'uniform' or {n} finite "
            f"potentials (mV). Got shape {values.shape} instead."
        )
    return values - neuron_type.v_rest
