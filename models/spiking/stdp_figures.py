"""Figures of the plasticity experiments (Song 2000; Vogels 2011; E and I side by side).

One function per figure; each draws on a new matplotlib Figure (no pyplot state).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from neuroagents.plots import new_figure

__all__ = ["ei_balance_figure", "rate_curve", "song_figure", "vogels_figure"]


def rate_curve(run: Any, dt: float, bin_ms: float) -> tuple[np.ndarray, np.ndarray]:
    """Output rate (Hz) in bins of ``bin_ms`` over the run."""
    end = float(run.snapshot_times[-1])
    edges = np.arange(0.0, end + bin_ms / 2, bin_ms)
    counts, _ = np.histogram((run.post_steps + 1) * dt, bins=edges)
    return edges[:-1] / 1000.0, counts / bin_ms * 1000.0


def song_figure(
    runs: Mapping[Any, Any],
    rates: Sequence[float],
    w_max: float,
    n_exc: int,
    n_corr: int,
    dt: float,
) -> Any:
    """Final weight histograms, output rate over time, and the correlated run's weights."""
    fig, axes = new_figure(1, 3, size=(13.0, 3.8))
    hist, rate_ax, corr_ax = axes[0]
    for k, rate in enumerate(rates):
        w = runs[rate].weights[-1][:n_exc] / w_max
        hist.hist(w, bins=20, range=(0, 1), histtype="step", color=f"C{k}", label=f"{rate:g} Hz")
        t, r = rate_curve(runs[rate], dt, max(1000.0, runs[rate].snapshot_times[-1] / 100))
        rate_ax.plot(t, r, color=f"C{k}", lw=0.9, label=f"{rate:g} Hz in")
    hist.set_xlabel("w / g_max (end)")
    hist.set_ylabel("synapses")
    hist.legend(fontsize=8)
    hist.set_title("weights become bimodal", fontsize=10)
    rate_ax.set_xlabel("time (s)")
    rate_ax.set_ylabel("output rate (Hz)")
    rate_ax.set_yscale("log")
    rate_ax.legend(fontsize=8)
    rate_ax.set_title("output rate is regulated", fontsize=10)
    w = runs["correlated"].weights[-1][:n_exc] / w_max
    idx = np.arange(n_exc)
    corr_ax.plot(idx[:n_corr], w[:n_corr], ".", ms=2, color="C3", label="correlated")
    corr_ax.plot(idx[n_corr:], w[n_corr:], ".", ms=2, color="C7", label="independent")
    corr_ax.set_xlabel("synapse")
    corr_ax.set_ylabel("w / g_max (end)")
    corr_ax.legend(fontsize=8)
    corr_ax.set_title("the correlated group wins", fontsize=10)
    return fig


def vogels_figure(
    before: np.ndarray,
    after: np.ndarray,
    inh_before: np.ndarray,
    inh_after: np.ndarray,
    rate_t: np.ndarray,
    rate: np.ndarray,
    rho0: float,
) -> Any:
    """Per-channel E and I drive before and after learning, and the output rate over time."""
    fig, axes = new_figure(1, 3, size=(13.0, 3.8))
    a, b, c = axes[0]
    channels = np.arange(1, before.size + 1)
    for ax, e, i, title in ((a, before, inh_before, "before"), (b, after, inh_after, "after")):
        ax.plot(channels, e, "o-", color="C3", label="excitatory")
        ax.plot(channels, i, "s-", color="C0", label="inhibitory")
        ax.set_xlabel("channel")
        ax.set_ylabel("mean drive (a.u.)")
        ax.set_title(f"{title} learning", fontsize=10)
        ax.legend(fontsize=8)
    c.plot(rate_t, rate, color="k", lw=0.9)
    c.axhline(rho0, color="C2", ls="--", label="rho0")
    c.set_xlabel("time (s)")
    c.set_ylabel("output rate (Hz)")
    c.legend(fontsize=8)
    c.set_title("rate driven to rho0", fontsize=10)
    return fig


def ei_balance_figure(course: Any, summary: Any, rho0: float, theta: float) -> Any:
    """E rate over time, E/I drive onto E cells after learning, plastic weights over time.

    ``course``: per condition, seed and second (rate_e, w_ee, w_ie); ``summary``: per
    condition and phase, the means and standard errors (exc, inh).
    """
    fig, axes = new_figure(1, 3, size=(14.0, 3.8))
    rate_ax, drive_ax, w_ax = axes[0]
    mean = course.groupby(["condition", "time_s"], sort=False).mean(numeric_only=True)
    for k, condition in enumerate(course["condition"].unique()):
        c = mean.loc[condition]
        rate_ax.plot(c.index, c["rate_e"], "o-", ms=3, color=f"C{k}", label=condition)
        w_ax.plot(
            c.index, c["w_ee"] / c["w_ee"].iloc[0], "-", color=f"C{k}", label=f"{condition} E->E"
        )
        w_ax.plot(c.index, c["w_ie"] / c["w_ie"].iloc[0], "--", color=f"C{k}")
    rate_ax.axhline(rho0, color="k", lw=0.8, ls=":", label="rho0")
    rate_ax.set_yscale("log")
    rate_ax.set_xlabel("time (s)")
    rate_ax.set_ylabel("excitatory rate (Hz)")
    rate_ax.legend(fontsize=7)
    rate_ax.set_title("excitatory rate (mean over seeds)", fontsize=10)
    rows = [("before", summary[summary["phase"] == "before"].iloc[0])]
    rows += [(r["condition"], r) for _, r in summary[summary["phase"] == "after"].iterrows()]
    x = np.arange(len(rows))
    for offset, key, label in ((-0.25, "exc", "E"), (0.0, "inh", "I"), (0.25, None, "E + I")):
        if key is None:
            values = [r["exc_mean"] + r["inh_mean"] for _, r in rows]
            errors = None
        else:
            values = [r[f"{key}_mean"] for _, r in rows]
            errors = [r[f"{key}_se"] for _, r in rows]
        drive_ax.bar(x + offset, values, 0.25, yerr=errors, label=label)
    drive_ax.axhline(theta, color="k", lw=0.8, ls=":", label="threshold")
    drive_ax.axhline(0.0, color="k", lw=0.5)
    drive_ax.set_xticks(x, [name for name, _ in rows], fontsize=8)
    drive_ax.set_ylabel("mean drive onto E cells (mV)")
    drive_ax.legend(fontsize=7)
    drive_ax.set_title("excitation and inhibition (last second)", fontsize=10)
    w_ax.set_xlabel("time (s)")
    w_ax.set_ylabel("mean weight / start (solid E->E, dashed I->E)")
    w_ax.legend(fontsize=7)
    w_ax.set_title("plastic weights", fontsize=10)
    return fig
