"""Figures of the feed-forward inhibition experiment: the integration window and a voltage trace.

One function, drawing on a new matplotlib Figure (no pyplot state):
    window_figure: the window against inhibitory strength (one line per delay) and
        against delay (one line per strength), simulation as markers over the closed form;
        TC's membrane potential for one pair of volleys with and without inhibition; the
        window with exponential synaptic currents against strength, one line per tau_syn.
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
    currents: pd.DataFrame,
    currents_theory: pd.DataFrame,
    *,
    theta: float,
    paper_window: float,
    title: str,
) -> Any:
    """Four panels: window vs strength and vs delay, TC's V for a pair, currents' windows.

    Args:
        table: the measured windows (``inh_delay``, ``inh_strength``, ``window``);
            ``inh_strength`` 0 is the circuit without inhibition.
        theory: the closed form on a fine grid (``inh_delay``, ``inh_strength``,
            ``window_theory``).
        traces: ``time`` (ms), ``v`` (mV), ``circuit`` (a label per trace) and ``spike``
            (the time TC fired, NaN if it did not).
        currents: windows with synaptic currents at one delay (``tau_syn``,
            ``inh_strength``, ``window``; strength 0: no inhibition).
        currents_theory: their continuous-time windows on a fine grid of strengths
            (``tau_syn``, ``inh_strength``, ``window_theory``).
        theta: the threshold (mV), drawn on the trace.
        paper_window: the paper's bound (ms), drawn on the window panels.
        title: the figure's title.
    """
    fig, axes = new_figure(2, 2, size=(11.0, 8.0))
    (by_strength, by_delay), (trace, synaptic) = axes
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
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
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
    for k, (tau_syn, rows) in enumerate(currents.groupby("tau_syn")):
        curve = currents_theory[currents_theory["tau_syn"] == tau_syn]
        synaptic.plot(curve["inh_strength"], curve["window_theory"], "-", color=f"C{k}", lw=1)
        synaptic.plot(
            rows["inh_strength"], rows["window"], "s", color=f"C{k}", ms=4,
            label=f"tau_syn = {tau_syn:g} ms",
        )  # fmt: skip
    synaptic.axhline(paper_window, color="r", ls=":", lw=1, label=f"{paper_window:g} ms (paper)")
    delays = currents["inh_delay"].dropna().unique()
    at = f" at d = {delays[0]:g} ms" if len(delays) == 1 else ""
    synaptic.set_xlabel(f"inhibitory strength g (peak IPSP, mV){at}; lines: theory")
    synaptic.set_ylabel("window with synaptic currents (ms)")
    synaptic.set_title("0: coincident volleys no longer fire TC", fontsize=8)
    synaptic.legend(fontsize=7)
    fig.suptitle(title, fontsize=10)
    return fig
