"""Figures of the motor experiments.

Pieces:
    jpca_figure: the network's muscles, then the first jPC plane of each population,
        one trajectory per condition (circle at the start, arrow at the end).
    tangling_figure: Q of the network against Q of its muscles (reaching), Q(t) in
        cycling, and the cycling muscles' plane, forward against backward.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from neuroagents.analysis.jpca import JPCAResult
from neuroagents.plots import new_figure

__all__ = ["jpca_figure", "tangling_figure"]

TITLES = {
    "network": "rate network",
    "tuning": "tuning: position + velocity + speed",
    "tuning_velocity": "tuning: velocity only",
}


def _plane(ax: Axes, res: JPCAResult, title: str) -> None:
    """Each condition's trajectory in jPC plane 1, colours around the ring."""
    cmap = colormaps["twilight"]
    n = len(res.projected)
    for c, p in enumerate(res.projected):
        color = cmap(c / n)
        ax.plot(p[:, 0], p[:, 1], color=color, lw=1.5)
        ax.plot(p[0, 0], p[0, 1], "o", color=color, ms=4)
        ax.annotate(
            "",
            xy=(p[-1, 0], p[-1, 1]),
            xytext=(p[-2, 0], p[-2, 1]),
            arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.2},
        )
    ax.set_title(
        f"{title}\nR²skew/R²full = {res.r2_ratio:.2f}, "
        f"same way {res.conditions['same_direction'].mean():.0%}",
        fontsize=9,
    )
    ax.set_xlabel("jPC1")
    ax.set_ylabel("jPC2")
    ax.set_aspect("equal", adjustable="datalim")


def jpca_figure(results: dict[str, JPCAResult], runs: list[Any], config: dict[str, Any]) -> Figure:
    """Muscles of the network per condition, and jPC plane 1 of each population."""
    fig, axes = new_figure(1, 1 + len(results), size=(4.0 * (1 + len(results)), 4.0))
    ax = axes[0, 0]
    cmap = colormaps["twilight"]
    for c, run in enumerate(runs):
        ax.plot(run.times, run.muscles[:, 0], color=cmap(c / len(runs)), lw=1.2)
    ax.axvline(0.0, color="k", lw=0.6, ls=":")
    ax.axvspan(config["tstart"], config["tend"], color="0.92", zorder=0)
    ax.set_xlabel("time from go cue (ms)")
    ax.set_ylabel("muscle 1 activity")
    ax.set_title("network output (one muscle, 8 reaches)\nshaded: jPCA window", fontsize=9)
    for k, (name, res) in enumerate(results.items()):
        _plane(axes[0, k + 1], res, TITLES.get(name, name))
    return fig


def _scatter(ax: Axes, q: pd.DataFrame, task: str, title: str) -> None:
    sub = q[q["task"] == task]
    net = sub[sub["population"] == "network"]["q"].to_numpy()
    mus = sub[sub["population"] == "muscles"]["q"].to_numpy()
    ax.loglog(net, mus, ".", ms=3, alpha=0.5, color="C3")
    lo, hi = min(net.min(), mus.min()), max(net.max(), mus.max())
    ax.plot([lo, hi], [lo, hi], "k--", lw=0.8)
    ax.set_xlabel("Q network (full state)")
    ax.set_ylabel("Q muscles")
    share = float(np.mean(mus > net))
    ax.set_title(f"{title}\nmuscles above the diagonal at {share:.0%} of times", fontsize=9)


def tangling_figure(q: pd.DataFrame, cycles: list[Any]) -> Figure:
    """Q network vs Q muscles (reaching, cycling) and the cycling muscles' plane."""
    fig, axes = new_figure(1, 3, size=(12.0, 4.0))
    _scatter(axes[0, 0], q, "reach", "reaching: tangling per time and condition")
    ax = axes[0, 1]
    sub = q[q["task"] == "cycling"]
    for (name, cond), part in sub.groupby(["population", "condition"]):
        style = "-" if cond == 0 else "--"
        color = "C3" if name == "muscles" else "C0"
        label = f"{name}, {'forward' if cond == 0 else 'backward'}"
        ax.semilogy(part["time"], part["q"], style, color=color, label=label)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("Q(t)")
    ratio = sub[sub["population"] == "muscles"]["q"].median() / (
        sub[sub["population"] == "network"]["q"].median()
    )
    ax.set_title(f"cycling forward and backward: muscles {ratio:.0f}x more tangled", fontsize=9)
    ax.legend(fontsize=7)
    ax = axes[0, 2]
    muscles = np.concatenate([c.muscles for c in cycles])
    centred = muscles - muscles.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    for c, (label, style) in enumerate((("forward", "-"), ("backward", "--"))):
        p = (cycles[c].muscles - muscles.mean(axis=0)) @ vt[:2].T
        ax.plot(p[:, 0], p[:, 1], style, color=f"C{c}", label=label)
        ax.annotate(
            "",
            xy=(p[5, 0], p[5, 1]),
            xytext=(p[4, 0], p[4, 1]),
            arrowprops={"arrowstyle": "-|>", "color": f"C{c}"},
        )
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("muscle PC1")
    ax.set_ylabel("muscle PC2")
    ax.set_title("cycling: the muscles trace one circle both ways", fontsize=9)
    ax.legend(fontsize=8)
    return fig
