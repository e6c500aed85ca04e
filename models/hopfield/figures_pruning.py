"""Figures of the pruning experiment (matplotlib only here).

Pieces:
    overlap_figure: final overlap against load per remaining synapse, one panel per
        kept fraction, beside the static-noise theory.
    capacity_figure: capacity per remaining synapse against kept fraction, per rule.
    sparsification_figure: edges kept and distortion against eps; retrieval on the
        sparsified net against pruning to the same kept fraction.
    size_figure: measured / theory capacity against n (the finite-size excess).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from neuroagents.models.hopfield.pruning import (
    EXTREME_DILUTION,
    capacity_per_synapse,
    static_noise_capacity,
)
from neuroagents.plots import mean_sem, new_figure

__all__ = ["capacity_figure", "overlap_figure", "size_figure", "sparsification_figure"]

COLORS = {"none": "0.3", "magnitude": "C0", "random": "C1", "activity": "C2"}


def overlap_figure(summary: pd.DataFrame) -> Figure:
    """Mean final overlap against patterns per remaining synapse, one panel per keep."""
    keeps = sorted(summary.loc[summary["rule"] != "none", "keep"].unique(), reverse=True)
    fig, axes = new_figure(1, len(keeps), size=(4.0 * len(keeps), 3.6))
    full = summary[summary["rule"] == "none"]
    for ax, keep in zip(axes[0], keeps, strict=True):
        if len(full):
            mean_sem(ax, full, "load", "overlap", color=COLORS["none"], label="unpruned")
        for rule, g in summary[(summary["keep"] == keep)].groupby("rule"):
            mean_sem(ax, g, "load", "overlap", color=COLORS[rule], label=rule)
            ax.plot(g["load"], g["overlap_theory"], ":", color=COLORS[rule], lw=1.5)
        ax.set(
            xlabel="patterns per remaining synapse p / (c n)",
            ylabel="final overlap",
            title=f"kept fraction c = {keep:g} (dotted: theory)",
            ylim=(0, 1.05),
        )
        ax.legend(fontsize=8)
    return fig


def capacity_figure(capacity: pd.DataFrame) -> Figure:
    """Measured capacity per remaining synapse against kept fraction, with theory."""
    fig, axes = new_figure(1, 1, size=(6.0, 4.2))
    ax = axes[0, 0]
    c = np.geomspace(0.02, 1.0, 60)
    for rule in ("magnitude", "random"):
        ax.plot(c, capacity_per_synapse(rule, c), color=COLORS[rule], lw=1.5,
                label=f"{rule}: static-noise theory")  # fmt: skip
    for rule, g in capacity.groupby("rule"):
        ax.plot(g["keep"], g["capacity"], "o", color=COLORS[rule], ms=7,
                label=f"{rule}: measured")  # fmt: skip
    ax.axhline(EXTREME_DILUTION, color="0.5", ls="--", lw=1, label="2/π (strong dilution)")
    ax.axhline(static_noise_capacity(0.0)[0], color="0.5", ls=":", lw=1, label="0.138 (AGS)")
    ax.set(
        xscale="log",
        xlabel="kept fraction of synapses c",
        ylabel="capacity per remaining synapse α_c / c",
        title="Hopfield capacity after pruning",
    )
    ax.legend(fontsize=7)
    return fig


def sparsification_figure(table: pd.DataFrame, retrieval: pd.DataFrame) -> Figure:
    """Edges kept and distortion against eps; overlap of sparsified and pruned nets."""
    fig, axes = new_figure(1, 3, size=(13.0, 3.8))
    for k, (rule, g) in enumerate(table.groupby("samples_rule")):
        color = f"C{k}"
        axes[0, 0].plot(g["epsilon"], g["kept_fraction"], "o-", color=color, label=f"q: {rule}")
        axes[0, 1].plot(g["epsilon"], g["distortion_max"], "o-", color=color,
                        label=f"all x, q: {rule}")  # fmt: skip
        axes[0, 1].plot(g["epsilon"], g["distortion_low"], "x--", color=color,
                        label=f"low modes, q: {rule}")  # fmt: skip
    eps = np.sort(table["epsilon"].unique())
    axes[0, 1].plot(eps, eps, color="0.5", lw=1, label="ε (the bound)")
    axes[0, 0].set(xlabel="ε", ylabel="fraction of edges kept", title="edges kept", ylim=(0, 1))
    axes[0, 1].set(xlabel="ε", ylabel="max |xᵀL_Hx / xᵀL_Gx − 1|", title="measured distortion")
    ax = axes[0, 2]
    noisy = retrieval[retrieval["noise"] == 0.1]
    colors = {"magnitude": COLORS["magnitude"], "random": COLORS["random"]}
    for k, (kind, g) in enumerate(noisy[noisy["weights"] != "full"].groupby("weights")):
        g = g.sort_values("kept_fraction")
        style = "o-" if kind in colors else "s--"
        ax.plot(g["kept_fraction"], g["overlap"], style, color=colors.get(kind, f"C{k + 2}"),
                label=kind)  # fmt: skip
    full = noisy[noisy["weights"] == "full"]
    ax.axhline(float(full["overlap"].mean()), color="0.3", ls=":", label="full net")
    ax.set(xlabel="fraction of synapses kept", ylabel="final overlap (10% noise)",
           title="retrieval with W's signs", ylim=(0, 1.05), xscale="log")  # fmt: skip
    ax.xaxis.set_minor_formatter(NullFormatter())
    for a in axes[0]:
        a.legend(fontsize=7)
    return fig


def size_figure(capacity: pd.DataFrame) -> Figure:
    """Measured / theory capacity per remaining synapse against n, per rule."""
    fig, axes = new_figure(1, 1, size=(5.5, 4.0))
    ax = axes[0, 0]
    for rule, g in capacity.groupby("rule"):
        g = g.sort_values("n")
        keep = float(g["keep"].iloc[0])
        label = "unpruned" if rule == "none" else f"{rule}, c = {keep:g}"
        ax.plot(g["n"], g["ratio"], "o-", color=COLORS[rule], label=label)
    ax.axhline(1.0, color="0.5", lw=1, ls=":", label="theory (n → ∞)")
    ax.set(xscale="log", xlabel="neurons n", ylabel="measured / theory capacity",
           title="finite-size excess over the static-noise theory")  # fmt: skip
    sizes = sorted(capacity["n"].unique())
    ax.set_xticks(sizes, [str(n) for n in sizes])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.legend(fontsize=8)
    return fig
