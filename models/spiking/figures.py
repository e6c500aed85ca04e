"""Figures of the spiking experiments: rasters with the population rate, theory against runs.

One function per figure; each draws on a new matplotlib Figure (no pyplot state).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from neuroagents.plots import new_figure

__all__ = ["raster_figure"]


def raster_figure(
    spikes: pd.DataFrame,
    rate: pd.Series,
    *,
    neurons: np.ndarray,
    window: tuple[float, float],
    title: str,
) -> Any:
    """A raster of ``neurons`` above the population rate over ``window`` (ms), as in Fig. 8."""
    fig, axes = new_figure(2, 1, size=(7.0, 5.0))
    top, bottom = axes[0, 0], axes[1, 0]
    start, stop = window
    shown = spikes[spikes["neuron"].isin(neurons) & spikes["time"].between(start, stop)]
    row = pd.Index(neurons).get_indexer(shown["neuron"])
    top.plot(shown["time"], row, "|", color="k", ms=3)
    top.set_ylabel("neuron")
    top.set_xlim(start, stop)
    top.set_title(title, fontsize=10)
    part = rate[(rate.index >= start) & (rate.index < stop)]
    bottom.plot(part.index, part.to_numpy(), color="C0", lw=0.8)
    bottom.set_xlim(start, stop)
    bottom.set_xlabel("time (ms)")
    bottom.set_ylabel("population rate (Hz)")
    return fig
