"""Recording a spiking run: spikes as (neuron, time) and membrane potentials of chosen neurons.

Pieces:
    SpikeRecord: growable arrays of spikes (grid steps or exact times), as a tidy table.
    VoltageRecord: chosen neurons' membrane potentials, one row per recorded time.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from os import PathLike

import numpy as np
import pandas as pd

from neuroagents.io import write_parquet

__all__ = ["SpikeRecord", "VoltageRecord", "grid_times"]


def grid_times(steps: np.ndarray, dt: float) -> np.ndarray:
    """Times ``steps * dt`` in ms, rounded to 1e-9 ms so that 6 * 0.1 reads 0.6.

    Examples:
        >>> grid_times(np.array([6]), 0.1).tolist()
        [0.6]
    """
    return np.round(np.asarray(steps, np.float64) * dt, 9)


class SpikeRecord:
    """Spikes of a run, kept in growable arrays the compiled loop writes into.

    Grid timing keeps the step k of each spike (time (k + 1) dt); precise timing keeps
    exact times. ``ids`` holds neuron indices.
    """

    def __init__(self, n: int, dt: float, *, capacity: int | None = None) -> None:
        """Empty record for ``n`` neurons on a grid of ``dt`` ms."""
        size = max(capacity or 0, 4 * n, 1024)
        self.dt = dt
        self.steps = np.empty(size, np.int64)
        self.ids = np.empty(size, np.int32)
        self.count = 0
        self._times: list[np.ndarray] = []  # precise timing
        self._time_ids: list[np.ndarray] = []

    def grow(self) -> None:
        """Double the buffers (the compiled loop stopped for room)."""
        self.steps = np.concatenate([self.steps, np.empty_like(self.steps)])
        self.ids = np.concatenate([self.ids, np.empty_like(self.ids)])

    def clear(self) -> None:
        """Forget the spikes kept so far (they were streamed to a file)."""
        self.count = 0
        self._times, self._time_ids = [], []

    def add_exact(self, times: np.ndarray, ids: np.ndarray) -> None:
        """Append spikes with exact times (precise timing)."""
        self._times.append(np.asarray(times, np.float64))
        self._time_ids.append(np.asarray(ids, np.int32))

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(neuron indices, times in ms) of every spike, in the order they happened."""
        if self._times:
            return np.concatenate(self._time_ids), np.concatenate(self._times)
        n = self.count
        return self.ids[:n].copy(), grid_times(self.steps[:n] + 1, self.dt)

    def to_frame(self, node_ids: Sequence[Hashable] | None = None) -> pd.DataFrame:
        """The spikes as a tidy table: ``neuron`` (node id) and ``time`` (ms)."""
        ids, times = self.arrays()
        neuron = ids if node_ids is None else np.asarray(node_ids, dtype=object)[ids]
        if node_ids is not None and all(isinstance(x, int | np.integer) for x in node_ids):
            neuron = np.asarray(neuron, dtype=np.int64)
        return pd.DataFrame({"neuron": neuron, "time": times})

    def to_parquet(
        self, path: str | PathLike[str], node_ids: Sequence[Hashable] | None = None
    ) -> None:
        """Write the spike table to ``path`` (atomically)."""
        write_parquet(self.to_frame(node_ids), path)


class VoltageRecord:
    """Membrane potentials (mV) of chosen neurons, sampled at the end of every step."""

    def __init__(self, indices: np.ndarray) -> None:
        """Record the neurons at ``indices``."""
        self.indices = np.asarray(indices, np.int64)
        self.times: list[np.ndarray] = []
        self.values: list[np.ndarray] = []

    def add(self, times: np.ndarray, values: np.ndarray) -> None:
        """Append rows: ``values[r, p]`` is neuron ``indices[p]`` at ``times[r]``."""
        if self.indices.size and len(times):
            self.times.append(np.asarray(times, np.float64))
            self.values.append(np.asarray(values, np.float64))

    def to_frame(self, node_ids: Sequence[Hashable]) -> pd.DataFrame:
        """Long table: ``time`` (ms), ``neuron`` (node id), ``v`` (mV)."""
        if not self.times:
            return pd.DataFrame({"time": [], "neuron": [], "v": []})
        t = np.concatenate(self.times)
        v = np.concatenate(self.values)
        nodes = [node_ids[i] for i in self.indices]
        return pd.DataFrame(
            {
                "time": np.repeat(t, len(nodes)),
                "neuron": np.tile(np.asarray(nodes, dtype=object), t.size),
                "v": v.reshape(-1),
            }
        ).infer_objects()
