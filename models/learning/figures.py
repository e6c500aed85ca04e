"""Figures of the learning experiments: learning curves and feedback alignment's angles.

They take the experiments' tables and draw on a new matplotlib Figure (no pyplot state).

Pieces:
    learning_curve_figure: test loss and accuracy against evaluations and steps
        (``vs_signsgd``).
    alignment_figure: the update and W–Bᵀ angles over training (``feedback_alignment``).
    COLORS, LOSS_FLOOR: one color per method; where the loss axes stop.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from neuroagents.plots import new_figure

__all__ = ["COLORS", "LOSS_FLOOR", "alignment_figure", "learning_curve_figure"]

LOSS_FLOOR = 1e-5

COLORS = {
    "evolution-grid": "C3",
    "evolution-offsets": "C1",
    "sgd": "C0",
    "signsgd": "C2",
    "fa": "C4",
    "signfa": "C5",
}


def learning_curve_figure(table: pd.DataFrame, baselines: pd.DataFrame) -> Any:
    """Test loss against evaluations and against steps, test accuracy: mean and min–max band."""
    tasks = list(dict.fromkeys(table["task"]))
    panels = (
        ("evaluations", "test_loss", "evaluations (forward passes on a minibatch)"),
        ("step", "test_loss", "steps (gradient) / generations (evolution)"),
        ("evaluations", "test_accuracy", "evaluations (forward passes on a minibatch)"),
    )
    fig, axes = new_figure(len(tasks), 3, size=(14.0, 3.6 * len(tasks)))
    for row, task in enumerate(tasks):
        part = table[table["task"] == task]
        base = baselines[baselines["task"] == task]
        for col, (x_col, y_col, x_label) in enumerate(panels):
            ax = axes[row, col]
            if part[y_col].isna().all():
                ax.text(
                    0.5,
                    0.5,
                    "accuracy undefined\n(regression)",
                    ha="center",
                    va="center",
                    transform=ax.transAxes,
                )
                ax.set_axis_off()
                continue
            for method, m in part.groupby("method", sort=False):
                stats = m.groupby(x_col)[y_col].agg(["mean", "min", "max"])
                x = np.maximum(stats.index.to_numpy(dtype=float), 0.8)
                color = COLORS.get(method)
                ax.plot(x, stats["mean"], color=color, label=method, linewidth=1.5)
                ax.fill_between(x, stats["min"], stats["max"], color=color, alpha=0.2)
            if y_col == "test_loss":
                ax.axhline(
                    base["half_test_loss"].mean(),
                    color="grey",
                    linestyle="--",
                    linewidth=1,
                    label="always 1/2",
                )
                ax.axhline(
                    base["constant_test_loss"].mean(),
                    color="black",
                    linestyle=":",
                    linewidth=1,
                    label="best constant",
                )
                ax.set_yscale("log")
                low = max(float(part[y_col].min()) / 1.5, LOSS_FLOOR)
                ax.set_ylim(low, 1.5 * max(float(part[y_col].max()), base["half_test_loss"].max()))
                ax.set_ylabel("test loss (MSE)")
            else:
                ax.set_ylabel("test accuracy")
                ax.set_ylim(0, 1.02)
            ax.set_xscale("log")
            ax.set_xlabel(x_label + " (0 drawn at 0.8)", fontsize=8)
            ax.set_title(f"{task}: {y_col.replace('_', ' ')} vs {x_col}", fontsize=10)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=8, fontsize=8)
    fig.suptitle(
        f"Lines: mean over seeds; bands: min–max over seeds; loss axes stop at {LOSS_FLOOR:g}",
        fontsize=10,
    )
    return fig


def alignment_figure(table: pd.DataFrame) -> Any:
    """Update angle and W–Bᵀ angle against FA steps, per task (mean and min–max over seeds)."""
    tasks = list(dict.fromkeys(table["task"]))
    fig, axes = new_figure(2, len(tasks), size=(4.0 * len(tasks), 6.0))
    for col, task in enumerate(tasks):
        part = table[table["task"] == task]
        for row, (column, label) in enumerate(
            (("update_angle", "∠(FA update, −gradient)"), ("weight_angle", "∠(W, Bᵀ)"))
        ):
            ax = axes[row, col]
            stats = part.groupby("step")[column].agg(["mean", "min", "max"])
            x = np.maximum(stats.index.to_numpy(), 0.8)
            ax.plot(x, stats["mean"], color="C0", label="mean over seeds")
            ax.fill_between(
                x, stats["min"], stats["max"], color="C0", alpha=0.25, label="min–max over seeds"
            )
            ax.axhline(90.0, color="grey", linestyle="--", linewidth=1, label="90° (orthogonal)")
            ax.set_xscale("log")
            ax.set_ylim(0, 120)
            ax.set_xlabel("FA step (step 0 drawn at 0.8)")
            ax.set_ylabel(f"{label} [degrees]")
            ax.set_title(f"{task}: {label}", fontsize=10)
            if row == 0 and col == 0:
                ax.legend(fontsize=8, loc="lower left")
    return fig
