"""Figures of the Hopfield experiments: each draws a result table beside theory.

One function per experiment, named for it; they take the tables the experiments
return and draw on a new matplotlib Figure (no pyplot state).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from neuroagents.models.hopfield.network import CENSUS, RETRIEVED, overlap
from neuroagents.models.hopfield.theory import (
    ags_capacity,
    ags_overlap,
    mixture_error,
    one_step_error,
    one_step_error_exact,
)
from neuroagents.plots import mean_sem, new_figure, show_pattern

__all__ = [
    "capacity_figure",
    "completion_figure",
    "dynamics_figure",
    "one_step_figure",
    "repetition_figure",
    "retrieval_figure",
    "rules_figure",
    "spurious_figure",
]


def retrieval_figure(shown: Any, trajectory: pd.DataFrame) -> Any:
    """Stored, corrupted and retrieved pattern 0; energy, overlap and flips per sweep."""
    target, start, end, report = shown
    fig, axes = new_figure(2, 3, size=(9.0, 6.0))
    show_pattern(axes[0, 0], target, "stored pattern 0")
    show_pattern(axes[0, 1], start, f"corrupted (m = {overlap(target, start)[0]:.2f})")
    after = f"after {report.steps} sweeps (m = {overlap(target, end)[0]:.2f})"
    show_pattern(axes[0, 2], end, after)
    ax = axes[1, 0]
    ax.plot(trajectory["time"], trajectory["energy"], marker="o")
    ax.set_xlabel("sweep")
    ax.set_ylabel("energy  -1/2 v.W.v")
    ax.set_title("energy never increases", fontsize=10)
    ax = axes[1, 1]
    ax.plot(trajectory["time"], trajectory["overlap"], marker="o", color="C2")
    ax.set_xlabel("sweep")
    ax.set_ylabel("overlap with best pattern")
    ax.set_ylim(-1.05, 1.05)
    ax = axes[1, 2]
    ax.bar(trajectory["time"], trajectory["flips"], color="C3")
    ax.set_xlabel("sweep")
    ax.set_ylabel("neurons flipped")
    return fig


def one_step_figure(table: pd.DataFrame) -> Any:
    """One-step error against alpha beside erfc and exact theory; deviations in sems."""
    fig, axes = new_figure(1, 2, size=(10.0, 4.0))
    ax = axes[0, 0]
    grid = np.linspace(0.015, table["alpha"].max() * 1.02, 300)
    ax.plot(grid, one_step_error(grid), color="k", lw=1.2, label="½ erfc(1/√(2α))")
    for k, (n, g) in enumerate(table.groupby("n")):
        shown = g[g["p_error"] > 0]
        ax.errorbar(
            shown["alpha"],
            shown["p_error"],
            yerr=shown["sem"],
            fmt="o",
            ms=4,
            color=f"C{k}",
            label=f"measured, n = {n}",
        )
        ax.plot(g["alpha"], g["p_error_exact"], "x", color=f"C{k}", ms=6)
    ax.plot([], [], "x", color="gray", label="exact binomial, same n")
    ax.axvline(0.138, color="gray", ls=":", lw=1)
    ax.annotate(
        "α = 0.138: 0.36%",
        (0.138, one_step_error(0.138)),
        xytext=(0.2, 3e-4),
        arrowprops={"arrowstyle": "->", "color": "gray"},
        fontsize=9,
    )
    ax.set_yscale("log")
    ax.set_ylim(1e-7, 0.2)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("fraction of unhappy bits at a stored pattern")
    ax.set_title("one-step error against signal-to-noise theory", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    for k, (n, g) in enumerate(table.groupby("n")):
        ax.plot(g["alpha"], g["z_theory"], "o-", color=f"C{k}", ms=4, label=f"vs erfc, n = {n}")
        ax.plot(g["alpha"], g["z_exact"], "x--", color=f"C{k}", ms=5, label=f"vs exact, n = {n}")
    ax.axhspan(-3, 3, color="0.9", zorder=0)
    ax.axhline(0, color="k", lw=0.8)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("(measured − theory) / sem")
    ax.set_title("deviations in standard errors (band: ±3)", fontsize=10)
    ax.legend(fontsize=8)
    return fig


def capacity_figure(table: pd.DataFrame) -> Any:
    """Final overlap against alpha beside the AGS overlap (and a zoom); fraction retrieved."""
    alpha_c, m_c = ags_capacity()
    fig, axes = new_figure(1, 3, size=(14.0, 4.2))
    grid = np.linspace(0.001, alpha_c, 300)
    full, zoom, retrieved = axes[0]
    for k, (n, g) in enumerate(table.groupby("n")):
        for ax, value in ((full, "overlap"), (zoom, "overlap"), (retrieved, "retrieved")):
            mean_sem(ax, g, "alpha", value, color=f"C{k}", label=f"n = {n}")
    for ax in (full, zoom):
        ax.plot(grid, ags_overlap(grid), "k-", lw=1.5, label="AGS theory", zorder=5)
        ax.plot([alpha_c], [m_c], "k*", ms=10, zorder=6)
        ax.set_ylabel("final overlap with the pattern")
    for ax in axes[0]:
        ax.axvline(alpha_c, color="gray", ls=":", lw=1)
        ax.set_xlabel("load α = p/n")
    full.set_ylim(0.0, 1.03)
    full.set_title("overlap after convergence from a stored pattern", fontsize=10)
    full.legend(fontsize=8, loc="lower left")
    zoom.set_xlim(0.07, 0.16)
    zoom.set_ylim(0.9, 1.004)
    zoom.set_title(f"zoom: AGS overlap, ★ = (α_c, m_c) = ({alpha_c:.3f}, {m_c:.3f})", fontsize=10)
    retrieved.set_ylabel(f"fraction retrieved (final overlap ≥ {RETRIEVED})")
    retrieved.set_title("the transition sharpens as n grows", fontsize=10)
    retrieved.legend(fontsize=8)
    return fig


def completion_figure(table: pd.DataFrame) -> Any:
    """Retrieval against the fraction flipped; the first update against erf(m0/√(2α))."""
    fig, axes = new_figure(1, 2, size=(10.0, 4.0))
    for k, (alpha, g) in enumerate(table.groupby("alpha")):
        mean_sem(axes[0, 0], g, "noise", "retrieved", color=f"C{k}", label=f"α = {alpha:g}")
        m0 = 1 - 2 * g["noise"]
        mean_sem(
            axes[0, 1],
            g,
            m0,
            "first_step",
            fmt="o",
            capsize=0,
            color=f"C{k}",
            label=f"α = {alpha:g}",
        )
        grid = np.linspace(0, 1, 200)
        axes[0, 1].plot(grid, special.erf(grid / np.sqrt(2 * alpha)), color=f"C{k}", lw=1)
    ax = axes[0, 0]
    ax.set_xlabel("fraction of bits flipped in the cue")
    ax.set_ylabel("P(retrieved)")
    ax.set_title("basins of attraction shrink as the load grows", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    ax.plot([0, 1], [0, 1], color="0.7", lw=0.8, ls="--")
    ax.set_xlabel("overlap of the cue m0")
    ax.set_ylabel("overlap after one synchronous update")
    ax.set_title("first update: lines erf(m0/√(2α))", fontsize=10)
    ax.legend(fontsize=8)
    return fig


def spurious_figure(table: pd.DataFrame) -> Any:
    """-M, 3-mixture errors and stability, and the census of random starts."""
    fig, axes = new_figure(2, 2, size=(10.0, 8.0))
    alpha_c, _ = ags_capacity()
    ax = axes[0, 0]
    ax.errorbar(
        table["alpha"],
        table["reversed_overlap"],
        yerr=table["reversed_overlap_sem"],
        fmt="o-",
        ms=4,
        capsize=2,
        label="from −M with 10% of bits flipped",
    )
    ax.axhline(-1, color="k", lw=0.8)
    ax.axvline(alpha_c, color="gray", ls=":", lw=1)
    same = "yes" if table["reversal_symmetric"].all() else "NO"
    ax.text(
        0.03,
        0.55,
        f"unhappy bits at −M = at M,\nin every net: {same}",
        transform=ax.transAxes,
        fontsize=9,
    )
    ax.set_ylim(-1.05, 0.2)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("final overlap with M")
    ax.set_title("−M is a memory too", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    grid = np.linspace(table["alpha"].min(), table["alpha"].max(), 200)
    ax.plot(
        grid, [mixture_error(a) for a in grid], "k-", lw=1, label="theory ¼Q(3/2√α) + ¾Q(1/2√α)"
    )
    ax.plot(
        table["alpha"],
        table["mixture_unhappy_exact"],
        "x",
        color="k",
        ms=6,
        label="exact finite-n theory",
    )
    shown = table[table["mixture_unhappy"] > 0]
    ax.errorbar(
        shown["alpha"],
        shown["mixture_unhappy"],
        yerr=shown["mixture_unhappy_sem"],
        fmt="o",
        ms=4,
        color="C3",
        label="measured",
    )
    ax.set_yscale("log")
    ax.set_ylim(1e-5, 0.2)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("fraction of unhappy bits at sgn(±M1 ±M2 ±M3)")
    ax.set_title("3-mixtures: one-step error", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[1, 0]
    ax.errorbar(
        table["alpha"],
        table["mixture_overlap"],
        yerr=table["mixture_overlap_sem"],
        fmt="s-",
        ms=4,
        color="C0",
        label="overlap with the mixture",
    )
    ax.plot(
        table["alpha"],
        table["mixture_components"],
        "o--",
        ms=4,
        color="C1",
        label="mean overlap with its 3 patterns",
    )
    ax.axhline(0.5, color="C1", lw=0.8, ls=":")
    ax.axvline(0.03, color="gray", ls=":", lw=1)
    ax.text(0.032, 0.05, "AGS: 3-mixtures\nstable to α ≈ 0.03", fontsize=8, color="0.3")
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("after settling from the mixture")
    ax.set_title("3-mixtures are stable at small α", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[1, 1]
    bottom = np.zeros(len(table))
    x = np.arange(len(table))
    for k, name in enumerate(CENSUS):
        ax.bar(x, table[name], bottom=bottom, color=f"C{k}", label=name)
        bottom += table[name].to_numpy()
    ax.set_xticks(x, [f"{a:g}" for a in table["alpha"]])
    ax.set_ylim(0, 1.22)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("fraction of random starts")
    ax.set_title("where random starts end", fontsize=10)
    ax.legend(fontsize=8, loc="upper center", ncols=4)
    return fig


def repetition_figure(table: pd.DataFrame) -> Any:
    """L / K against K, and where random starts end."""
    fig, axes = new_figure(1, 2, size=(10.0, 4.0))
    finite = table[np.isfinite(table["L"])]
    ax = axes[0, 0]
    ax.errorbar(
        finite["K"],
        finite["L_over_K"],
        yerr=finite["L_over_K_sem"],
        fmt="o-",
        capsize=3,
        label="measured L / K",
    )
    ax.axhline(1, color="k", ls="--", lw=1, label="L = K")
    ax.set_yscale("log")
    ax.set_xticks(table["K"])
    ax.set_xlabel("K: times the memory is stored")
    ax.set_ylabel("L / K")
    ax.set_title("stored K times, retrieved L ≫ K times as often", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    share = table[["repeated", "others", "neither"]].div(table["starts"], axis=0)
    names = {
        "repeated": "the repeated memory (or its reverse)",
        "others": "any other memory (or its reverse)",
        "neither": "no memory (mixture or other)",
    }
    bottom = np.zeros(len(table))
    for k, (name, label) in enumerate(names.items()):
        ax.bar(table["K"], share[name], bottom=bottom, color=f"C{k}", label=label)
        bottom += share[name].to_numpy()
    ax.set_xticks(table["K"])
    ax.set_xlabel("K")
    ax.set_ylabel("fraction of random starts")
    ax.set_title("where random starts end", fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    return fig


def dynamics_figure(table: pd.DataFrame, example: pd.DataFrame) -> Any:
    """Synchronous 2-cycles against alpha; the example's energy traces."""
    fig, axes = new_figure(1, 2, size=(10.0, 4.2))
    ax = axes[0, 0]
    for k, (noise, g) in enumerate(table.groupby("noise")):
        label = "random starts" if noise == 0.5 else f"cues with {noise:.0%} of bits flipped"
        mean_sem(ax, g, "alpha", "two_cycle", color=f"C{k}", label=label)
    ax.axvline(ags_capacity()[0], color="gray", ls=":", lw=1)
    ax.set_xlabel("load α = p/n")
    ax.set_ylabel("fraction of synchronous runs ending in a 2-cycle")
    ax.set_title("synchronous updates can end in 2-cycles", fontsize=10)
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    sync = example[example["scheduler"] == "sync"]
    asyn = example[example["scheduler"] == "async-sweep"]
    zoom = ax.inset_axes([0.35, 0.4, 0.6, 0.42])
    tail = sync[sync["step"] >= sync["step"].max() - 8]
    for target, s in ((ax, sync), (zoom, tail)):
        target.plot(s["step"], s["energy"], "s-", ms=3, color="C1", label="synchronous: energy")
        target.plot(
            s["step"],
            s["cross_energy"] / 2,
            "^--",
            ms=3,
            color="C2",
            label="synchronous: −½ v(t)·W·v(t−1)",
        )
    ax.plot(asyn["step"], asyn["energy"], "o-", ms=3, color="C0", label="asynchronous: energy")
    rises = tail[tail["energy"].diff() > 0]
    zoom.plot(
        rises["step"], rises["energy"], "o", ms=8, mfc="none", color="C3", label="energy rose"
    )
    zoom.tick_params(labelsize=7)
    zoom.set_title("last steps of the synchronous run (a 2-cycle)", fontsize=8)
    zoom.legend(fontsize=7, loc="upper right")
    ax.set_xlabel("sweep")
    ax.set_ylabel("energy per neuron  −½ v·W·v / n")
    ax.set_title("energy: monotone asynchronously, not synchronously", fontsize=10)
    ax.legend(fontsize=8, loc="lower right", bbox_to_anchor=(1.0, 0.1))
    return fig


def rules_figure(table: pd.DataFrame) -> Any:
    """Final overlap of each learning rule against alpha, and exact storage."""
    noises = sorted(table["noise"].unique())
    fig, axes = new_figure(1, len(noises) + 1, size=(5.0 * (len(noises) + 1), 4.2))
    alpha_c, _ = ags_capacity()
    grid = np.linspace(0.001, alpha_c, 200)
    styles = {"hebb": ("C0", "o"), "storkey": ("C1", "s"), "pseudo-inverse": ("C2", "^")}
    for ax, noise in zip(axes[0], noises, strict=False):
        for (rule, n), g in table[table["noise"] == noise].groupby(["rule", "n"]):
            color, marker = styles.get(rule, ("C3", "d"))
            mean_sem(
                ax, g, "alpha", "overlap", fmt=marker + "-", color=color, label=f"{rule}, n = {n}"
            )
        ax.plot(grid, ags_overlap(grid), "k-", lw=1, label="AGS theory (Hebb)")
        ax.axvline(alpha_c, color="gray", ls=":", lw=1)
        ax.set_ylim(0, 1.05)
        ax.set_xlabel("load α = p/n")
        ax.set_ylabel("final overlap with the pattern")
        start = "the stored pattern" if noise == 0 else f"{noise:.0%} of bits flipped"
        ax.set_title(f"starting from {start}", fontsize=10)
        ax.legend(fontsize=8, loc="lower left")
    ax = axes[0, -1]
    first = table[table["noise"] == noises[0]]
    for (rule, n), g in first.groupby(["rule", "n"]):
        color, marker = styles.get(rule, ("C3", "d"))
        mean_sem(ax, g, "alpha", "stable", fmt=marker + "-", color=color, label=f"{rule}, n = {n}")
    for k, n in enumerate(sorted(first["n"].unique())):
        a = np.linspace(0.01, first["alpha"].max(), 200)
        p = np.maximum(1, np.round(a * n)).astype(int)
        exact = np.array([one_step_error_exact(int(n), int(c)) for c in p])
        ax.plot(
            a,
            (1 - exact) ** n,
            "k--",
            lw=1,
            label="Hebb, independent bits: (1 − P_error)^n" if k == 0 else None,
        )
        ax.axvline(1 / (2 * math.log(n)), color="C0", ls=":", lw=1)
        ax.axvline(1 / math.sqrt(2 * math.log(n)), color="C1", ls=":", lw=1)
    ax.set_xlabel("load α = p/n  (dotted: n/(2 ln n) Hebb, n/√(2 ln n) Storkey)")
    ax.set_ylabel("fraction of stored patterns that are fixed points")
    ax.set_title("exact storage (absolute capacity)", fontsize=10)
    ax.legend(fontsize=8, loc="center right")
    return fig
