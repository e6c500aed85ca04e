"""Figures of the asymmetry experiment, drawn from its summary tables.

Pieces:
    hebbian_figure: fixed points reached, retrieval, unhappy bits and spurious states
        against k for Hebbian nets ``W_hebb + k A``.
    random_figure: fixed-point counts and convergence of random ``J^s + k J^as``.
    dilution_figure: overlap against load on diluted nets, with the DGZ curves.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from neuroagents.models.hopfield.asymmetry import dgz_overlap
from neuroagents.plots import mean_sem, new_figure

__all__ = ["dilution_figure", "hebbian_figure", "random_figure"]


def hebbian_figure(table: pd.DataFrame, one_step: pd.DataFrame, exact: pd.DataFrame) -> Figure:
    """Against k: fixed points reached, overlap, unhappy bits, spurious states, all fixed points."""
    fig, axes = new_figure(2, 3, size=(15.0, 7.5))
    (a, b, e), (c, d, f) = axes
    styles = {("pattern", "async-sweep"): "o-", ("random", "async-sweep"): "s-",
              ("pattern", "sync"): "o--", ("random", "sync"): "s--"}  # fmt: skip
    for (alpha, kind, sched), rows in table.groupby(["alpha", "start_kind", "scheduler"]):
        label = f"α={alpha:g}, {kind} start, {sched}"
        mean_sem(a, rows, "k", "converged", fmt=styles[(kind, sched)], label=label)
        if kind == "pattern":
            mean_sem(b, rows, "k", "overlap", fmt=styles[(kind, sched)], label=label)
        elif sched == "async-sweep":
            mean_sem(d, rows, "k", "spurious", fmt="s-", label=f"α={alpha:g}, spurious fixed pt")
        else:
            mean_sem(d, rows, "k", "long_cycle", fmt="s--", label=f"α={alpha:g}, sync period > 2")
    a.set(xlabel="k", ylabel="fraction reaching a fixed point",
          title="Fixed point within the budget")  # fmt: skip
    b.set(xlabel="k", ylabel="final overlap with the pattern",
          title="Retrieval from 10% corrupted patterns")  # fmt: skip
    d.set(xlabel="k", ylabel="fraction of random starts",
          title="Random starts: spurious fixed points, long cycles")  # fmt: skip
    for alpha, rows in one_step.groupby("alpha"):
        (line,) = c.plot(rows["k"], rows["theory"], "-", label=f"α={alpha:g}: ½erfc(1/√(2α(1+k²)))")
        mean_sem(c, rows, "k", "unhappy_at_patterns", fmt="o", color=line.get_color(),
                 label=f"α={alpha:g}: measured")  # fmt: skip
    c.set(xlabel="k", ylabel="unhappy bits at stored patterns", yscale="log",
          title="One-step error: asymmetry adds k²α noise")  # fmt: skip
    for value, label in (("fixed_points", "all"), ("memories", "memories ±ξ"),
                         ("spurious", "spurious")):  # fmt: skip
        mean_sem(e, exact, "k", value, label=label)
    e.set(xlabel="k", ylabel="fixed points per net",
          title="Every fixed point of a small net (all 2^n states)")  # fmt: skip
    pattern_async = table[
        (table["start_kind"] == "pattern") & (table["scheduler"] == "async-sweep")
    ]
    for alpha, rows in pattern_async.groupby("alpha"):
        f.plot(rows["k"], rows["median_steps"], "o-", label=f"α={alpha:g}, pattern start")
    random_async = table[(table["start_kind"] == "random") & (table["scheduler"] == "async-sweep")]
    for alpha, rows in random_async.groupby("alpha"):
        f.plot(rows["k"], rows["median_steps"], "s--", label=f"α={alpha:g}, random start")
    f.set(xlabel="k", ylabel="median sweeps (budget if none)", yscale="log",
          title="Asynchronous sweeps until stable")  # fmt: skip
    for ax in (a, b, c, d, e, f):
        ax.legend(fontsize=7)
    fig.suptitle("Hebbian nets W = W_hebb + k·A (|A|_F = |W_hebb|_F)")
    return fig


def random_figure(fixed: pd.DataFrame, conv: pd.DataFrame) -> Figure:
    """Fixed-point counts (exact) and how often runs reach one, random J^s + k J^as."""
    fig, axes = new_figure(1, 3, size=(14.0, 4.2))
    a, b, c = axes[0]
    # k <= 1 only, where the exact mean is derived (k = 2 has ~0.05, k = inf none).
    finite = fixed[fixed["k"] <= 1]
    for n, rows in finite.groupby("n"):
        (line,) = a.plot(rows["k"], rows["theory"], "-", label=f"n={n}: exact mean")
        mean_sem(a, rows, "k", "fixed_points", fmt="o", color=line.get_color(),
                 label=f"n={n}: counted")  # fmt: skip
    a.axhline(1, color="gray", lw=0.8, ls=":")
    a.set(xlabel="k (k = 2: ≤ 0.1 per net; k = ∞: none)", ylabel="fixed points per net",
          yscale="log",
          title="Fixed points of random nets (all 2^n states)")  # fmt: skip
    ks = conv["k"].replace(math.inf, np.nan)
    top = np.nanmax(ks) if np.isfinite(np.nanmax(ks)) else 1.0
    xs = conv["k"].where(np.isfinite(conv["k"]), top * 1.5)
    conv = conv.assign(x=xs)
    for n, rows in conv.groupby("n"):
        mean_sem(b, rows, "x", "async_converged", label=f"n={n}")
        mean_sem(c, rows, "x", "sync_longer", label=f"n={n}")
    for ax, what in ((b, "asynchronous runs reaching a fixed point"),
                     (c, "synchronous runs in a cycle other than 1, 2, 4")):  # fmt: skip
        ax.set(xlabel=f"k (rightmost point: k=∞ at {top * 1.5:g})", ylabel="fraction",
               title=what)  # fmt: skip
        ax.legend(fontsize=7)
    a.legend(fontsize=7)
    fig.suptitle("Random couplings J = J^s + k J^as, corr(J_ij, J_ji) = (1-k²)/(1+k²)")
    return fig


def dilution_figure(table: pd.DataFrame, capacity: float) -> Figure:
    """Overlap against patterns per kept synapse, asymmetric and symmetric dilution."""
    fig, axes = new_figure(1, 2, size=(11.0, 4.2))
    for ax, symmetric in zip(axes[0], (False, True), strict=True):
        rows_all = table[table["symmetric"] == symmetric]
        for c, rows in rows_all.groupby("c"):
            mean_sem(ax, rows, "load", "m_sync", label=f"c={c:g}, sync")
            mean_sem(ax, rows, "load", "m_async", fmt="s--", label=f"c={c:g}, async")
        loads = np.linspace(table["load"].min(), table["load"].max(), 200)
        ax.plot(loads, [dgz_overlap(float(x)) for x in loads], "k-", lw=1, label="DGZ fixed point")
        ax.axvline(capacity, color="gray", ls=":", label="2/π")
        ax.axhline(rows_all["m0_mean"].mean(), color="gray", lw=0.8, ls="--", label="start m0")
        kind = "symmetric" if symmetric else "asymmetric"
        ax.set(xlabel="load p / (c n)", ylabel="final overlap", ylim=(-0.15, 1.05),
               title=f"{kind} dilution")  # fmt: skip
        ax.legend(fontsize=7)
    fig.suptitle("Diluted Hebbian nets against Derrida-Gardner-Zippelius (extreme dilution)")
    return fig
