"""Figures of the spiking experiments: rasters with the population rate, theory against runs.

One function per figure; each draws on a new matplotlib Figure (no pyplot state).

Pieces:
    raster_figure: a raster above the population rate, as in Brunel's Fig. 8.
    phase_figure: the measured classes on the (g, ν_ext/ν_thr) grid with the mean-field
        lines and Brunel's four Fig. 8 points.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from neuroagents.plots import new_figure

__all__ = ["peers_figure", "phase_figure", "raster_figure"]


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


PHASE_STYLE = {
    "SR": ("s", "C3"),
    "SI_fast": ("^", "C1"),
    "SI_slow": ("v", "C4"),
    "AI": ("o", "C2"),
    "AR": ("D", "C7"),
    "Q": ("x", "k"),
}


def phase_figure(table: pd.DataFrame, lines: pd.DataFrame, *, title: str) -> Any:
    """Measured classes on the (g, ν_ext/ν_thr) grid, with the lines theory draws.

    Each point shows the class most of its runs fell in. Lines: g = 4 (g γ = 1 with
    γ = 1/4: inhibition balances excitation; below it excitation dominates and drives
    the synchronous regular state), ν_ext = ν_thr (the external drive alone reaches
    threshold), and μ = θ at the Siegert fixed point (``lines``, where defined). Stars
    mark Brunel's four Fig. 8 points, labelled with the paper's state.
    """
    fig, axes = new_figure(1, 1, size=(8.0, 5.0))
    ax = axes[0, 0]
    majority = (
        table.groupby(["g", "nu_ratio"])["phase"]
        .agg(lambda s: s.value_counts().index[0])
        .reset_index()
    )
    for phase, (marker, color) in PHASE_STYLE.items():
        part = majority[majority["phase"] == phase]
        if len(part):
            ax.scatter(part["g"], part["nu_ratio"], marker=marker, color=color, s=90,
                       label=phase, zorder=3)  # fmt: skip
    mu = lines.pivot(index="nu_ratio", columns="g", values="mu_ratio")
    if np.isfinite(mu.to_numpy()).any():
        contour = ax.contour(mu.columns, mu.index, mu.to_numpy(), levels=[1.0], colors="C0")
        ax.clabel(contour, fmt={1.0: "μ = θ"}, fontsize=8)
    ax.axvline(4.0, color="0.4", ls="--", lw=1, label="g = 4 (g γ = 1)")
    ax.axhline(1.0, color="0.4", ls=":", lw=1, label="ν_ext = ν_thr")
    for (g, nu), state in FIG8_POINTS.items():
        ax.scatter([g], [nu], marker="*", s=220, facecolor="none", edgecolor="k", zorder=4)
        ax.annotate(f"Fig. 8 {state}", (g, nu), textcoords="offset points", xytext=(6, 6),
                    fontsize=8)  # fmt: skip
    g_all = [*table["g"], *(g for g, _ in FIG8_POINTS)]
    nu_all = [*table["nu_ratio"], *(nu for _, nu in FIG8_POINTS)]
    ax.set_xlim(min(g_all) - 0.5, max(g_all) + 0.8)
    ax.set_ylim(min(nu_all) - 0.3, max(nu_all) + 0.4)
    ax.set_xlabel("relative inhibition g")
    ax.set_ylabel("ν_ext / ν_thr")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig


# Brunel (2000) Fig. 8, repeated here so that drawing imports no experiment.
FIG8_POINTS = {(3.0, 2.0): "SR", (6.0, 4.0): "SI fast", (5.0, 2.0): "AI", (4.5, 0.9): "SI slow"}


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
