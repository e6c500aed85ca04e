"""Figures of the spiking experiments: rasters with the population rate, theory against runs.

One function per figure; each draws on a new matplotlib Figure (no pyplot state).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from neuroagents.plots import new_figure

__all__ = ["peers_figure", "raster_figure"]


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


def peers_figure(table: pd.DataFrame, measures: tuple[str, ...], *, title: str) -> Any:
    """One panel per measure: each run (dot) and each simulator's mean ± 2 standard errors."""
    fig, axes = new_figure(1, len(measures), size=(3.0 * len(measures), 3.4))
    sims = list(dict.fromkeys(table["simulator"]))
    for ax, name in zip(axes[0], measures, strict=True):
        for x, sim in enumerate(sims):
            values = table.loc[table["simulator"] == sim, name].to_numpy(float)
            jitter = np.linspace(-0.15, 0.15, values.size)
            ax.plot(x + jitter, values, "o", color=f"C{x}", ms=3, alpha=0.6)
            se = values.std(ddof=1) / np.sqrt(values.size) if values.size > 1 else 0.0
            ax.errorbar(x + 0.3, values.mean(), yerr=2 * se, fmt="s", color=f"C{x}", capsize=3)
        ax.set_xticks(range(len(sims)), sims, rotation=30, ha="right", fontsize=8)
        ax.set_title(name, fontsize=10)
    fig.suptitle(title, fontsize=10)
    return fig
