"""Figures of the feed-forward inhibition experiment: the integration window and a voltage trace.

One function, drawing on a new matplotlib Figure (no pyplot state):
    window_figure: the window against inhibitory strength (one line per delay) and
        against delay (one line per strength), simulation as markers over the closed form;
        TC's membrane potential for one pair of volleys with and without inhibition.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from neuroagents.plots import new_figure

__all__ = ["window_figure"]


def window_figure(
    table: pd.DataFrame,
    theory: pd.DataFrame,
    traces: pd.DataFrame,
    *,
    theta: float,
    paper_window: float,
    title: str,
) -> Any:
    """Three panels: window vs strength, window vs delay, TC's V for one pair of volleys.

    Args:
        table: the measured windows (``inh_delay``, ``inh_strength``, ``window``);
            ``inh_strength`` 0 is the circuit without inhibition.
        theory: the closed form on a fine grid (``inh_delay``, ``inh_strength``,
            ``window_theory``).
        traces: ``time`` (ms), ``v`` (mV), ``circuit`` (a label per trace) and ``spike``
            (the time TC fired, NaN if it did not).
        theta: the threshold (mV), drawn on the trace.
        paper_window: the paper's bound (ms), drawn on the window panels.
        title: the figure's title.
    """
    fig, axes = new_figure(1, 3, size=(13.0, 4.0))
    by_strength, by_delay, trace = axes[0]
    free = table[table["inh_strength"] == 0]["window"]
    inhibited = table[table["inh_strength"] > 0]
    for k, (delay, rows) in enumerate(inhibited.groupby("inh_delay")):
        color = f"C{k % 10}"
        curve = theory[theory["inh_delay"] == delay].sort_values("inh_strength")
        by_strength.plot(curve["inh_strength"], curve["window_theory"], "-", color=color, lw=1)
        by_strength.plot(
            rows["inh_strength"], rows["window"], "o", color=color, ms=4, label=f"d = {delay:g} ms"
        )
    for k, (strength, rows) in enumerate(inhibited.groupby("inh_strength")):
        rows = rows.sort_values("inh_delay")
        by_delay.plot(
            rows["inh_delay"], rows["window"], "o-", color=f"C{k % 10}", ms=4, lw=1,
            label=f"g = {strength:g} mV",
        )  # fmt: skip
    for ax in (by_strength, by_delay):
        if not free.empty:
            ax.axhline(float(free.iloc[0]), color="k", ls="--", lw=1, label="no inhibition")
        ax.axhline(paper_window, color="r", ls=":", lw=1, label=f"{paper_window:g} ms (paper)")
        ax.set_ylabel("integration window (ms)")
        ax.legend(fontsize=7)
    by_strength.set_xlabel("inhibitory strength g (mV); lines: closed form")
    by_delay.set_xlabel("inhibitory delay d (ms)")
    for k, (label, rows) in enumerate(traces.groupby("circuit", sort=False)):
        trace.plot(rows["time"], rows["v"], color=f"C{k}", lw=1, label=label)
        fired = rows["spike"].dropna()
        if not fired.empty:  # the spike itself: V is reset at once, so draw it as a bar
            t = float(fired.iloc[0])
            trace.plot([t, t], [theta, 1.5 * theta], color=f"C{k}", lw=2)
    trace.axhline(theta, color="k", ls=":", lw=1, label="threshold")
    trace.set_xlabel("time (ms); bar: TC fires")
    trace.set_ylabel("TC membrane potential (mV from rest)")
    trace.legend(fontsize=7)
    fig.suptitle(title, fontsize=10)
    return fig
