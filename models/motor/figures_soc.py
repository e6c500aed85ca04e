"""Figures of the stability-optimised circuit (experiment ``soc``).

Pieces:
    soc_jpca_figure: jPC plane 1 of the SOC and of each control, one trajectory per
        condition.
    soc_figure: the optimisation (spectral abscissa per step), the eigenvalues before
        and after, and |v(t)| after the go cue in the SOC against its controls.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from neuroagents.analysis.jpca import JPCAResult
from neuroagents.models.motor.figures import _plane
from neuroagents.plots import new_figure

__all__ = ["soc_figure", "soc_jpca_figure"]

TITLES = {
    "soc": "stability-optimised circuit",
    "initial": "before optimisation, rescaled",
    "normal": "normal, same eigenvalues",
    "symmetric": "symmetric, same abscissa",
}


def soc_jpca_figure(results: dict[str, JPCAResult]) -> Figure:
    """Plane 1 of jPCA for each network."""
    fig, axes = new_figure(1, len(results), size=(4.0 * len(results), 4.0))
    for ax, (name, res) in zip(axes[0], results.items(), strict=True):
        _plane(ax, res, TITLES.get(name, name))
    return fig


def soc_figure(
    history: pd.DataFrame,
    weights: dict[str, np.ndarray],
    initial: np.ndarray,
    runs: dict[str, list[Any]],
) -> Figure:
    """Optimisation, spectra before and after, and the norm of the responses."""
    fig, axes = new_figure(1, 3, size=(13.0, 4.0))
    ax = axes[0, 0]
    for seed, h in history.groupby("seed"):
        ax.plot(h["step"], h["abscissa"], lw=1.2, label=f"seed {seed}")
    ax.axhline(0, color="0.5", lw=0.8, ls=":")
    ax.set_xlabel("gradient step")
    ax.set_ylabel("spectral abscissa of W - I (1/tau)")
    ax.set_title("optimising the inhibitory weights", fontsize=9)
    ax.legend(fontsize=7)
    ax = axes[0, 1]
    for name, W, style in (("before", initial, "x"), ("after (SOC)", weights["soc"], ".")):
        lam = np.linalg.eigvals(W) - 1.0
        ax.plot(lam.real, lam.imag, style, ms=4, label=name)
    ax.axvline(0, color="0.5", lw=0.8, ls=":")
    ax.set_xlabel("Re eigenvalue of W - I")
    ax.set_ylabel("Im")
    ax.set_title("eigenvalues", fontsize=9)
    ax.legend(fontsize=7)
    ax = axes[0, 2]
    for name, rs in runs.items():
        times = rs[0].times
        go = int(np.searchsorted(times, 0.0))
        norm = np.mean([np.linalg.norm(r.rates[go:], axis=1) for r in rs], axis=0)
        ax.plot(times[go:], norm / norm[0], lw=1.5, label=TITLES.get(name, name))
    ax.set_xlabel("time from the go cue (ms)")
    ax.set_ylabel("|v(t)| / |v(0)| (mean over conditions)")
    ax.set_title("transient amplification", fontsize=9)
    ax.legend(fontsize=7)
    return fig
