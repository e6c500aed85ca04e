"""Figures of the feedback-alignment questions, drawn from their summary tables.

Each takes the experiment's tables and draws on a new matplotlib Figure (no pyplot
state); error bars are the sem over seeds.

Pieces:
    sparsity_figure: accuracy, steps to target and ∠(W, Bᵀ) against B's density.
    binary_figure: test accuracy against steps and evaluations, binary vs sigmoid units.
    adversarial_figure: accuracy under FGSM, PGD and random noise against ε.
    scaling_figure: steps to target against depth and width; per-layer angles.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from neuroagents.plots import mean_sem, new_figure

__all__ = ["adversarial_figure", "binary_figure", "scaling_figure", "sparsity_figure"]

_OTHER_COLORS = ("C1", "C2", "C3", "C0", "C5", "C6")  # C4 is the density line
_PANELS = (
    ("final_accuracy", "final test accuracy"),
    ("steps_to_target", "steps to target (seeds that reached it)"),
    ("weight_angle", "∠(W, Bᵀ) at the end [degrees]"),
)


def sparsity_figure(summary: pd.DataFrame, target: float) -> Any:
    """Per task: the three measures against density; rank, sign-concordant and BP as lines."""
    tasks = list(dict.fromkeys(summary["task"]))
    fig, axes = new_figure(len(tasks), 3, size=(13.0, 3.6 * len(tasks)))
    for row, task in enumerate(tasks):
        part = summary[summary["task"] == task]
        dens = part[part["kind"] == "density"].sort_values("density")
        others = part[part["kind"] != "density"]
        for col, (value, label) in enumerate(_PANELS):
            ax = axes[row, col]
            if dens[f"{value}_mean"].notna().any():
                mean_sem(ax, dens, "density", value, color="C4", label="FA, density d")
            else:
                ax.text(0.5, 0.5, "no seed reached it", ha="center", transform=ax.transAxes)
            for k, (_, r) in enumerate(others.iterrows()):
                if np.isnan(r[f"{value}_mean"]):
                    continue
                style = "--" if r["kind"] == "backprop" else ":"
                color = "black" if r["kind"] == "backprop" else _OTHER_COLORS[k % 6]
                ax.axhline(r[f"{value}_mean"], linestyle=style, color=color, label=r["condition"])
            ax.set_xlim(dens["density"].min() / 1.5, 1.5)
            ax.set_xscale("log")
            ax.set_xlabel("density of B (fraction non-zero)")
            ax.set_ylabel(label, fontsize=9)
            ax.set_title(f"{task}: {label.split(' (')[0]}", fontsize=10)
            if value == "final_accuracy":
                ax.axhline(target, color="grey", linewidth=0.8)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=7, fontsize=8)
    return fig


def binary_figure(curves: pd.DataFrame) -> Any:
    """Test accuracy (mean over seeds) against steps and evaluations, per task."""
    tasks = list(dict.fromkeys(curves["task"]))
    fig, axes = new_figure(len(tasks), 2, size=(12.0, 3.8 * len(tasks)))
    styles = {"sigmoid": "--", "step": "-"}
    for row, task in enumerate(tasks):
        part = curves[curves["task"] == task]
        for col, x in enumerate(("step", "evaluations")):
            ax = axes[row, col]
            for k, (method, m) in enumerate(part.groupby("method", sort=False)):
                stats = m.groupby(x)["test_accuracy"].agg(["mean", "sem"])
                xs = np.maximum(stats.index.to_numpy(dtype=float), 1.0)
                units = m["units"].iloc[0]
                ax.plot(xs, stats["mean"], styles[units], color=f"C{k}", label=method)
                ax.fill_between(
                    xs,
                    stats["mean"] - stats["sem"],
                    stats["mean"] + stats["sem"],
                    color=f"C{k}",
                    alpha=0.2,
                )
            ax.set_xscale("log")
            ax.set_ylim(0, 1.02)
            ax.set_xlabel(f"{x} (0 drawn at 1)")
            ax.set_ylabel("test accuracy")
            ax.set_title(f"{task}: accuracy vs {x}", fontsize=10)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=4, fontsize=8)
    fig.suptitle("solid: binary (step) hidden units; dashed: sigmoid; bands: ± sem", fontsize=10)
    return fig


def adversarial_figure(summary: pd.DataFrame) -> Any:
    """Accuracy against ε for each attack, one line per training method."""
    attacks = list(dict.fromkeys(summary["attack"]))
    fig, axes = new_figure(1, len(attacks), size=(4.3 * len(attacks), 3.8))
    for col, attack in enumerate(attacks):
        ax = axes[0, col]
        part = summary[summary["attack"] == attack]
        for k, (method, m) in enumerate(part.groupby("method", sort=False)):
            mean_sem(ax, m.sort_values("eps"), "eps", "accuracy", color=f"C{k}", label=method)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("ε (L∞ radius; pixels in [0, 1])")
        ax.set_ylabel("test accuracy")
        ax.set_title(attack, fontsize=10)
    axes[0, 0].legend(fontsize=8)
    return fig


def scaling_figure(summary: pd.DataFrame, angles: pd.DataFrame, limit: int) -> Any:
    """Steps to target against depth and width (FA vs BP); FA's per-layer angles over training.

    Top row: steps to target, an x at the step ``limit`` where no seed of a method
    reached it. Bottom row: for each depth of the depth series, the angle between
    ``W_l`` and ``B_lᵀ`` of every layer above the first (mean ± sem over the seeds
    still training: a run stops at the target).
    """
    depth_angles = angles[angles["series"] == "depth"]
    depths = sorted(depth_angles["depth"].unique())
    ncols = max(2, len(depths))
    fig, axes = new_figure(2, ncols, size=(3.8 * ncols, 7.6))
    for col, series in enumerate(("depth", "width")):
        ax = axes[0, col]
        part = summary[summary["series"] == series]
        for k, (method, m) in enumerate(part.groupby("method", sort=False)):
            m = m.sort_values(series)
            mean_sem(ax, m, series, "steps_to_target", color=f"C{k}", label=method)
            never = m[m["steps_to_target_count"] == 0]
            if len(never):
                ax.plot(never[series], np.full(len(never), float(limit)), "x", ms=9, color=f"C{k}")
        ax.axhline(limit, color="grey", linewidth=0.8, linestyle=":")
        ax.set_xlabel("hidden layers (32 units)" if series == "depth" else "hidden units (1 layer)")
        ax.set_ylabel("steps to target (mean of seeds that reached it)", fontsize=8)
        if series == "width":
            ax.set_xscale("log", base=2)
        ax.set_title(f"steps to target vs {series} (x: no seed did)", fontsize=10)
        ax.legend(fontsize=8)
    for col in range(2, ncols):
        axes[0, col].set_axis_off()
    for col, depth in enumerate(depths):
        ax = axes[1, col]
        for layer, m in depth_angles[depth_angles["depth"] == depth].groupby("layer"):
            stats = m.groupby("step")["angle"].agg(["mean", "sem"])
            xs = np.maximum(stats.index.to_numpy(dtype=float), 1.0)
            ax.plot(xs, stats["mean"], label=f"W_{layer} vs B_{layer}ᵀ")
            low, high = stats["mean"] - stats["sem"], stats["mean"] + stats["sem"]
            ax.fill_between(xs, low, high, alpha=0.2)
        ax.axhline(90, color="grey", linestyle="--", linewidth=1)
        ax.set_xscale("log")
        ax.set_ylim(0, 100)
        ax.set_xlabel("FA step (0 drawn at 1)")
        ax.set_ylabel("angle [degrees]")
        ax.set_title(f"FA, {int(depth)} hidden layer(s): ∠(W_l, B_lᵀ)", fontsize=10)
        ax.legend(fontsize=7, loc="lower left")
    return fig
