"""Figures of the ``celegans`` experiment (matplotlib only here).

Pieces:
    motifs_figure: triad z-scores and ratios against both nulls, and the degree
        distributions beside Erdős–Rényi.
    walks_figure: walk frequencies against the stationary distribution, uniform sampling
        against the plain walk, cycle counts exact against estimated.
    activity_figure: the gap-junction model's steady state against theory, and by hops.
    hopfield_figure: one-step error of the Hopfield net on the wiring against theory.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from neuroagents.analysis.connectome import TRIAD_NAMES
from neuroagents.plots import new_figure

__all__ = ["activity_figure", "hopfield_figure", "motifs_figure", "walks_figure"]

NULL_STYLE = {"erdos_renyi": ("C0", "Erdős–Rényi G(n, m)"),
              "rewired": ("C3", "degree-preserving"),
              "reciprocal_model": ("C2", "density + reciprocity model")}  # fmt: skip


def motifs_figure(table: pd.DataFrame, degrees: pd.DataFrame) -> Figure:
    """Triad z-scores, triad ratios observed / null, and the degree distributions."""
    fig, axes = new_figure(1, 3, size=(15.0, 4.0))
    triads = table[table["statistic"].str.startswith("triad_")]
    x = np.arange(len(TRIAD_NAMES))
    for k, (null, (color, label)) in enumerate(NULL_STYLE.items()):
        rows = triads[triads["null"] == null].set_index("statistic")
        names = [f"triad_{t}" for t in TRIAD_NAMES]
        z = rows.loc[names, "z"].to_numpy(dtype=float)
        ratio = rows.loc[names, "ratio"].to_numpy(dtype=float)
        shift = (k - 1) * 0.28
        axes[0, 0].bar(x + shift, np.clip(z, -50, 50), 0.28, color=color, label=label)
        axes[0, 1].bar(x + shift, ratio, 0.28, color=color, label=label)
    for ax in axes[0, :2]:
        ax.set_xticks(x, TRIAD_NAMES, rotation=90, fontsize=8)
    axes[0, 0].axhline(0, color="0.5", lw=0.8)
    axes[0, 0].set(ylabel="z-score (clipped at ±50)", title="triad census against nulls")
    axes[0, 1].set_yscale("log")
    axes[0, 1].axhline(1, color="0.5", lw=0.8)
    axes[0, 1].set(ylabel="observed / null mean", title="triad over- and under-representation")
    axes[0, 0].legend(fontsize=8)
    ax = axes[0, 2]
    ax.plot(degrees["degree"], degrees["n_in"], ".", label="in-degree")
    ax.plot(degrees["degree"], degrees["n_out"], ".", label="out-degree")
    ax.plot(degrees["degree"], degrees["erdos_renyi"], color="0.4", label="Erdős–Rényi")
    ax.set(xscale="symlog", yscale="symlog", xlabel="degree", ylabel="neurons",
           title="degree distributions")  # fmt: skip
    ax.legend(fontsize=8)
    return fig


def walks_figure(freq: pd.DataFrame, samples: pd.DataFrame, cycles: pd.DataFrame) -> Figure:
    """Frequencies vs stationary; samples by degree for both samplers; cycles."""
    fig, axes = new_figure(1, 3, size=(15.0, 4.0))
    ax = axes[0, 0]
    ax.loglog(freq["stationary"], freq["frequency"], ".", ms=4)
    lo, hi = freq["stationary"].min(), freq["stationary"].max()
    ax.plot([lo, hi], [lo, hi], color="0.6", lw=1, label="exact")
    tv = freq.attrs.get("total_variation", np.nan)
    ax.set(xlabel="stationary probability (leading eigenvector)", ylabel="visit frequency",
           title=f"walk with restarts (TV = {tv:.3f})")  # fmt: skip
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    for sampler, color in (("metropolis_hastings", "C2"), ("plain_walk", "C1")):
        rows = samples[(samples["sampler"] == sampler) & samples["in_component"]]
        label = f"{sampler.replace('_', ' ')} (χ² p = {rows['chi2_pvalue'].iloc[0]:.2g})"
        ax.plot(rows["degree"], rows["count"] / rows["expected_uniform"], ".", color=color,
                ms=4, label=label)  # fmt: skip
    ax.axhline(1, color="0.5", lw=1)
    ax.set(xscale="log", xlabel="degree (undirected)", ylabel="samples / uniform expectation",
           title="sampling a random neuron with local queries")  # fmt: skip
    ax.legend(fontsize=8)
    ax = axes[0, 2]
    ax.semilogy(cycles["length"], cycles["exact"], "o-", color="0.3", label="exact")
    ax.errorbar(cycles["length"], cycles["estimate"], yerr=2 * cycles["stderr"], fmt="x",
                color="C3", capsize=3, label="self-avoiding walks (±2 s.e.)")  # fmt: skip
    ax.set(xlabel="cycle length", ylabel="directed simple cycles", title="short cycles")
    ax.set_xticks(cycles["length"])
    ax.legend(fontsize=8)
    return fig


def activity_figure(activity: pd.DataFrame, stimulus: str) -> Figure:
    """Steady state vs linear theory; activity against hops from the driven class."""
    fig, axes = new_figure(1, 2, size=(10.0, 4.0))
    ax = axes[0, 0]
    live = activity[activity["v_theory"] > 0]  # neurons the drive reaches
    v = live["v_theory"].to_numpy()
    ax.loglog(v, live["v_sim"], ".", ms=5)
    ax.plot([v.min(), v.max()], [v.min(), v.max()], color="0.6", lw=1, label="(I + gL)⁻¹ h")
    ax.set(xlabel="theory", ylabel="simulation (engine)", title="steady state per neuron")
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    reach = activity[activity["hops"] >= 0]
    for kind, color in (("sensory", "C0"), ("interneuron", "C1"), ("motorneuron", "C2")):
        rows = reach[reach["neuron_type"] == kind]
        jitter = np.linspace(-0.15, 0.15, len(rows)) if len(rows) else []
        ax.plot(rows["hops"] + jitter, np.maximum(rows["v_sim"], 1e-12), ".", color=color,
                label=kind, ms=4)  # fmt: skip
    ax.set(yscale="log", xlabel=f"gap-junction hops from {stimulus}",
           ylabel="steady-state activity")  # fmt: skip
    ax.set_title(f"{stimulus} driven: spread by gap junctions")
    ax.legend(fontsize=8)
    return fig


def hopfield_figure(summary: pd.DataFrame, by_degree: pd.DataFrame, patterns: int) -> Figure:
    """One-step error against the number of patterns, and by degree, with exact theory."""
    fig, axes = new_figure(1, 2, size=(10.0, 4.0))
    ax = axes[0, 0]
    ax.errorbar(summary["patterns"], summary["error_mean"], yerr=2 * summary["error_sem"],
                fmt="o", capsize=3, label="simulation (±2 s.e.)")  # fmt: skip
    ax.plot(summary["patterns"], summary["theory"], color="0.4", label="exact binomial theory")
    ax.plot(summary["patterns"], summary["theory_mean_degree"], "--", color="0.6",
            label="every neuron at the mean degree")  # fmt: skip
    ax.set(xscale="log", xlabel="stored patterns p", ylabel="one-step error",
           title="Hebbian storage on the wiring")  # fmt: skip
    ax.set_xticks(summary["patterns"], [str(p) for p in summary["patterns"]])
    ax.minorticks_off()
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    grouped = by_degree.groupby("degree")[["errors", "starts", "theory"]].sum()
    counts = by_degree.groupby("degree").size()
    ax.plot(grouped.index, grouped["errors"] / grouped["starts"], "o", label="simulation")
    ax.plot(grouped.index, grouped["theory"] / counts, color="0.4", label="theory")
    ax.set(xscale="log", xlabel="degree k (symmetrized)", ylabel="one-step error",
           title=f"error by degree, p = {patterns}")  # fmt: skip
    ax.legend(fontsize=8)
    return fig
