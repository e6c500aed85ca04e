"""Figures of the Hopfield-Tank experiments, drawn on matplotlib Figures (no pyplot state).

Pieces:
    outcome_bars: stacked valid / invalid / unsettled fractions on an axis.
    ratio_histogram: length ratios of valid tours beside random tours on an axis.
    protocol_figure: the 1985 protocol, per instance, against the paper's 16 of 20.
    replication_figure: the 1988 replication: outcomes and the distribution of ratios.
    phase_figure: valid fraction and mean ratio over (A = B, n') and over dt.
    beyond_figure: the network, an improved energy and the baselines, side by side.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from neuroagents.plots import new_figure

__all__ = [
    "beyond_figure",
    "outcome_bars",
    "phase_figure",
    "protocol_figure",
    "ratio_histogram",
    "replication_figure",
]

COLORS = {"valid": "C2", "invalid": "C3", "unsettled": "C7"}


def outcome_bars(ax: Axes, summary: pd.DataFrame, labels: list[str]) -> None:
    """Stacked bars of the outcome fractions, one bar per summary row."""
    x = np.arange(len(summary))
    bottom = np.zeros(len(summary))
    for outcome, color in COLORS.items():
        ax.bar(x, summary[outcome], bottom=bottom, color=color, label=outcome)
        bottom += summary[outcome].to_numpy()
    ax.set_xticks(x, labels, fontsize=8)
    ax.set_ylim(0, 1)
    ax.set_ylabel("fraction of runs")


def ratio_histogram(ax: Axes, runs: pd.DataFrame, title: str) -> None:
    """Histogram of length / optimum for valid network tours and for random tours."""
    bins = np.linspace(1.0, 3.0, 41)
    random = runs.loc[runs["outcome"] == "random", "ratio"]
    net = runs.loc[runs["valid"] & (runs["outcome"] != "random"), "ratio"]
    if len(random):
        ax.hist(random, bins=bins, density=True, color="C7", alpha=0.5, label="random tours")
    ax.hist(net, bins=bins, density=True, color="C0", alpha=0.8, label="network, valid")
    ax.set_xlabel("tour length / optimum")
    ax.set_ylabel("density")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)


def protocol_figure(per_instance: pd.DataFrame, runs: pd.DataFrame, paper_valid: float) -> Any:
    """Outcomes per instance beside the paper's valid fraction; ratios of valid tours."""
    fig, axes = new_figure(1, 2, size=(10.0, 3.8))
    ax = axes[0, 0]
    outcome_bars(ax, per_instance, [str(k) for k in range(len(per_instance))])
    ax.axhline(paper_valid, color="k", ls="--", lw=1, label="Hopfield & Tank 1985: 16/20")
    ax.set_xlabel("instance (20 runs each)")
    ax.set_title("1985 parameters: where runs end", fontsize=10)
    ax.set_ylim(0, 1.3)
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.legend(fontsize=7, loc="upper center", ncol=2)
    ratio_histogram(axes[0, 1], runs, "valid tours against random tours")
    return fig


def replication_figure(
    pooled: pd.DataFrame, per_instance: pd.DataFrame, runs: pd.DataFrame, paper: dict
) -> Any:
    """Our outcome fractions beside Wilson & Pawley's; ratios; valid fraction per instance."""
    fig, axes = new_figure(1, 3, size=(13.0, 3.8))
    both = pd.DataFrame([paper, pooled.iloc[0][list(COLORS)].to_dict()])
    outcome_bars(axes[0, 0], both, ["Wilson & Pawley 1988", "this code"])
    axes[0, 0].legend(fontsize=8)
    axes[0, 0].set_title("outcomes with the 1985 parameters", fontsize=10)
    ratio_histogram(axes[0, 1], runs, "length ratios")
    ax = axes[0, 2]
    ax.hist(per_instance["valid"], bins=np.linspace(0, 1, 21), color="C2")
    ax.set_xlabel("valid fraction of one instance")
    ax.set_ylabel("instances")
    ax.set_title("instances differ", fontsize=10)
    return fig


def phase_figure(grid: pd.DataFrame, steps: pd.DataFrame) -> Any:
    """Valid fraction and mean ratio over (A = B, n'); the trade-off; and dt."""
    fig, axes = new_figure(1, 4, size=(15.0, 3.8))
    a_vals = np.sort(grid["A"].unique())
    n_vals = np.sort(grid["n_prime"].unique())
    for ax, column, title, cmap in (
        (axes[0, 0], "valid", "valid fraction", "viridis"),
        (axes[0, 1], "ratio_mean", "mean length / optimum (valid)", "magma_r"),
    ):
        image = grid.pivot(index="n_prime", columns="A", values=column).loc[n_vals, a_vals]
        im = ax.imshow(image.to_numpy(), origin="lower", aspect="auto", cmap=cmap)
        ax.set_xticks(range(len(a_vals)), [f"{a:g}" for a in a_vals], fontsize=8)
        ax.set_yticks(range(len(n_vals)), [f"{v:g}" for v in n_vals], fontsize=8)
        ax.set_xlabel("A = B")
        ax.set_ylabel("n'")
        ax.set_title(title, fontsize=10)
        fig.colorbar(im, ax=ax, shrink=0.8)
        if 500.0 in a_vals and 15.0 in n_vals:  # the 1985 cell
            ax.scatter([list(a_vals).index(500.0)], [list(n_vals).index(15.0)], marker="*",
                       s=120, color="w", edgecolor="k", label="1985")  # fmt: skip
            ax.legend(fontsize=7, loc="lower left")
    ax = axes[0, 2]
    sc = ax.scatter(grid["valid"], grid["ratio_mean"], c=np.log10(grid["A"]), cmap="coolwarm")
    ax.set_xlabel("valid fraction")
    ax.set_ylabel("mean length / optimum")
    ax.set_title("the trade-off (colour: log10 A)", fontsize=10)
    fig.colorbar(sc, ax=ax, shrink=0.8)
    ax = axes[0, 3]
    ax.errorbar(steps["dt"], steps["valid"], yerr=steps["valid_sem"], marker="o", label="valid")
    ax.plot(steps["dt"], steps["ratio_mean"] - 1, marker="s", label="mean ratio - 1")
    ax.set_xscale("log")
    ax.minorticks_off()
    ax.set_xticks(steps["dt"], [f"{v:g}" for v in steps["dt"]], fontsize=7, rotation=30)
    ax.set_xlabel("dt")
    ax.set_title("1985 parameters against the step", fontsize=10)
    ax.legend(fontsize=8)
    return fig


def beyond_figure(methods: pd.DataFrame) -> Any:
    """Valid fraction and mean ratio of every method, side by side."""
    fig, axes = new_figure(1, 2, size=(10.0, 3.8))
    x = np.arange(len(methods))
    labels = list(methods["method"])
    axes[0, 0].bar(x, methods["valid"], color="C2")
    axes[0, 0].set_xticks(x, labels, rotation=30, ha="right", fontsize=8)
    axes[0, 0].set_ylabel("fraction of runs giving a valid tour")
    axes[0, 0].set_ylim(0, 1.05)
    axes[0, 1].bar(x, methods["ratio_mean"], color="C0")
    axes[0, 1].set_xticks(x, labels, rotation=30, ha="right", fontsize=8)
    axes[0, 1].set_ylabel("mean length / optimum (valid tours)")
    axes[0, 1].set_ylim(0.95, max(1.1, float(np.nanmax(methods["ratio_mean"])) + 0.05))
    axes[0, 1].axhline(1.0, color="k", lw=0.8)
    return fig
