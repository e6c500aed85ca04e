"""Figures of the rate-network experiments (matplotlib only here).

Pieces:
    amplifier_figure, integrator_figure, threshold_linear_figure, low_dim_figure,
    chaos_figure, cells_figure: one per experiment, each from the experiment's tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from neuroagents.plots import new_figure

__all__ = [
    "amplifier_figure",
    "cells_figure",
    "chaos_figure",
    "integrator_figure",
    "low_dim_figure",
    "threshold_linear_figure",
]


def _identity(ax, values: np.ndarray) -> None:
    lo, hi = float(np.min(values)), float(np.max(values))
    ax.plot([lo, hi], [lo, hi], color="0.6", lw=1, zorder=0, label="theory")


def amplifier_figure(table: pd.DataFrame, courses: pd.DataFrame) -> Figure:
    """Gain along e_1, settling times of every mode, and c_1(t) against theory."""
    fig, axes = new_figure(1, 3, size=(12.0, 3.6))
    ax = axes[0, 0]
    first = table[table["mode"] == 1]
    gain = 1 / (1 - first["lambda_k"])
    ax.loglog(gain, first["steady_sim"] / first["h_k"], "o", label="simulation")
    ax.loglog(gain, gain, color="0.6", lw=1, label="1 / (1 - λ₁)")
    ax.set(xlabel="1 / (1 − λ₁)", ylabel="c₁(∞) / (e₁·h)", title="amplification along e₁")
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    _identity(ax, table["tau_theory"])
    for lam, part in table.groupby("lambda1"):
        ax.loglog(part["tau_theory"], part["tau_sim"], ".", label=f"λ₁ = {lam:g}")
    ax.set(xlabel="τ / (1 − λ_k)", ylabel="fitted settling time", title="every mode")
    ax.legend(fontsize=7)
    ax = axes[0, 2]
    for lam, part in courses[courses["time"] > 0].groupby("lambda1"):
        row = first[first["lambda1"] == lam].iloc[0]
        ax.semilogx(
            part["time"] / row["tau_theory"],
            part["c1"] / row["steady_theory"],
            label=f"λ₁ = {lam:g}",
        )
    t = np.geomspace(1e-3, 10, 200)
    ax.semilogx(t, 1 - np.exp(-t), "k:", lw=1, label="1 − exp(−t/τ₁)")
    ax.set(xlabel="t / τ₁", ylabel="c₁(t) / c₁(∞) theory", title="settling along e₁")
    ax.legend(fontsize=7)
    return fig


def integrator_figure(
    pulses: pd.DataFrame, course: pd.DataFrame, drift: pd.DataFrame, eye: pd.DataFrame
) -> Figure:
    """Pulses integrated along e_1, decaying across it, drift of mistuned circuits, eye."""
    fig, axes = new_figure(1, 4, size=(15.0, 3.6))
    ax = axes[0, 0]
    for col, label in (("c1", "pulse along e₁: c₁"), ("c2", "pulse along e₂: c₂")):
        ax.plot(course["time"], course[col], label=label)
    ax.set(xlabel="time (τ)", ylabel="mode coordinate", title="integration is memory")
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    ax.plot(pulses["integral"], pulses["c1_late"], "o", label="c₁ long after the pulse")
    _identity(ax, pulses["integral"])
    ax.set(xlabel="∫ e₁·h dt / τ", ylabel="persistent c₁", title="persistent activity")
    ax.legend(fontsize=8)
    ax = axes[0, 2]
    _identity(ax, drift["tau_theory"])
    for kind, part in drift.groupby("kind"):
        ax.loglog(part["tau_theory"], part["tau_sim"], "o", label=kind)
    ax.set(xlabel="τ / |1 − λ₁|", ylabel="fitted drift time", title="mistuned integrator")
    ax.legend(fontsize=8)
    ax = axes[0, 3]
    for sigma, part in eye.groupby("sigma"):
        ax.plot(part["time"], part["eye"], lw=1, label=f"weight noise σ = {sigma:g}")
    ax.set(xlabel="time (τ)", ylabel="eye position (e₁·v)", title="oculomotor integrator")
    ax.legend(fontsize=7)
    return fig


def threshold_linear_figure(
    fixed: pd.DataFrame, wta: pd.DataFrame, cycle: pd.DataFrame, period: float
) -> Figure:
    """Active-set fixed points against simulation; winner-take-all basins; CTLN cycle."""
    fig, axes = new_figure(1, 3, size=(12.0, 3.6))
    ax = axes[0, 0]
    _identity(ax, np.concatenate([fixed["theory"], fixed["sim"]]))
    ax.plot(fixed["theory"], fixed["sim"], ".", label="v_i at the end")
    ax.set(
        xlabel="active-set fixed point v_i",
        ylabel="simulation v_i",
        title="threshold-linear fixed points",
    )
    ax.legend(fontsize=8)
    ax = axes[0, 1]
    counts = wta.groupby(["drive", "winner"]).size().unstack(fill_value=0)
    counts.T.plot.bar(ax=ax, rot=0)
    ax.set(xlabel="winner", ylabel="initial conditions", title="winner-take-all basins")
    ax = axes[0, 2]
    for col in [c for c in cycle.columns if c.startswith("v")]:
        ax.plot(cycle["time"], cycle[col], label=col)
    ax.set(xlabel="time (τ)", ylabel="rate", title=f"CTLN 3-cycle, period {period:.3f} τ")
    ax.legend(fontsize=8)
    return fig


def low_dim_figure(
    one_d: pd.DataFrame,
    sweep: pd.DataFrame,
    orbit: pd.DataFrame,
    null_e: np.ndarray,
    null_i: np.ndarray,
    hopf: float,
    hopf_map: float,
) -> Figure:
    """1-D trajectories; 2-D phase plane with nullclines; amplitude against w_EE."""
    fig, axes = new_figure(1, 3, size=(12.0, 3.6))
    ax = axes[0, 0]
    for (w, _v0), part in one_d.groupby(["w", "v0"]):
        ax.plot(part["time"], part["v"], lw=0.8, color="C0" if w < 1 else "C1")
    ax.set(xlabel="time (τ)", ylabel="v", title="1-D: monotone to fixed points")
    ax = axes[0, 1]
    ax.plot(null_e[:, 0], null_e[:, 1], ".", ms=1, label="dE/dt = 0")
    ax.plot(null_i[:, 0], null_i[:, 1], ".", ms=1, label="dI/dt = 0")
    ax.plot(orbit["E"], orbit["I"], "k", lw=1, label="limit cycle")
    ax.set(xlabel="E", ylabel="I", title="2-D E–I pair past the Hopf point")
    ax.legend(fontsize=7, markerscale=8)
    ax = axes[0, 2]
    ax.plot(sweep["w_ee"], sweep["amplitude"] ** 2, "o", label="simulation")
    fit = sweep[sweep["fit"]]
    if len(fit) >= 2:
        k, c = np.polyfit(fit["w_ee"], fit["amplitude"] ** 2, 1)
        x = np.linspace(-c / k, fit["w_ee"].max(), 50)
        ax.plot(x, k * x + c, "k:", lw=1, label=f"linear fit, zero at {-c / k:.4f}")
    ax.axvline(hopf, color="C3", lw=1, label=f"Hopf of the flow {hopf:.4f}")
    ax.axvline(hopf_map, color="C2", lw=1, ls="--", label=f"Hopf of the dt-step map {hopf_map:.4f}")
    ax.set(xlabel="w_EE", ylabel="amplitude² of E", title="supercritical Hopf: A ∝ √(w − w_H)")
    ax.legend(fontsize=7)
    return fig


def chaos_figure(
    scc: pd.DataFrame,
    logistic: pd.DataFrame,
    bifurcation: pd.DataFrame,
    diverge: pd.DataFrame,
    lorenz_lambda: float,
) -> Figure:
    """SCC exponents against g; logistic map; divergence of nearby trajectories."""
    fig, axes = new_figure(1, 4, size=(16.0, 3.6))
    ax = axes[0, 0]
    for n, part in scc.groupby("n"):
        ax.plot(part["g"], part["lyapunov"], "o-", ms=3, label=f"N = {n}")
    g = np.linspace(scc["g"].min(), 1.0, 20)
    ax.plot(g, g - 1, "k:", lw=1, label="g − 1 (g < 1, N → ∞)")
    ax.axhline(0, color="0.6", lw=0.8)
    ax.set(xlabel="g", ylabel="largest Lyapunov exponent (1/τ)", title="random rate network")
    ax.legend(fontsize=7)
    ax = axes[0, 1]
    ax.plot(bifurcation["r"], bifurcation["x"], ",", color="k", alpha=0.3)
    ax.axvline(1 + np.sqrt(8), color="C3", lw=0.8, label="1 + √8")
    ax.set(xlabel="r", ylabel="x", title="logistic map")
    ax.legend(fontsize=7)
    ax = axes[0, 2]
    ax.plot(logistic["r"], logistic["lyapunov"], lw=0.8)
    ax.axhline(0, color="0.6", lw=0.8)
    ax.set(xlabel="r", ylabel="Lyapunov exponent", title="logistic map exponent", ylim=(-2, 1))
    ax = axes[0, 3]
    for system, part in diverge.groupby("system"):
        ax.semilogy(part["time"], part["distance"], lw=1, label=system)
    t = diverge[diverge["system"] == "lorenz"]["time"]
    ax.semilogy(t, 1e-10 * np.exp(lorenz_lambda * t), "k:", lw=1, label="1e-10 exp(0.906 t)")
    ax.set(xlabel="time", ylabel="distance", title="started 1e-10 apart", ylim=(1e-11, 1e3))
    ax.legend(fontsize=7)
    return fig


def cells_figure(table: pd.DataFrame, course: pd.DataFrame, preferred: pd.DataFrame) -> Figure:
    """Simple and complex responses to a drifting grating; F1/F0; orientation tuning."""
    fig, axes = new_figure(1, 3, size=(12.0, 3.6))
    ax = axes[0, 0]
    for _, cell in preferred.iterrows():
        col = f"r{int(cell['cell'])}"
        style = {"lw": 2, "color": "k"} if cell["layer"] == "complex" else {"lw": 1}
        label = "complex" if cell["layer"] == "complex" else f"simple, phase {cell['phase']:.2f}"
        ax.plot(course["time"], course[col], label=label, **style)
    ax.set(xlabel="time (τ)", ylabel="rate", title="drifting grating, preferred orientation")
    ax.legend(fontsize=7)
    ax = axes[0, 1]
    for layer, part in preferred.groupby("layer"):
        ax.bar(part["cell"].astype(str), part["F1_F0"], label=layer)
    ax.axhline(1.0, color="0.4", lw=1, ls="--", label="F1/F0 = 1")
    ax.set(xlabel="cell", ylabel="F1 / F0", title="modulation ratio")
    ax.legend(fontsize=7)
    ax = axes[0, 2]
    pref = table[table["orientation"] == 0.0]
    for layer, part in pref.groupby("layer"):
        tuning = part.groupby("stimulus")["F0"].mean()
        ax.plot(np.degrees(tuning.index), tuning / tuning.max(), "o-", label=f"{layer} (mean F0)")
    ax.set(xlabel="grating orientation (deg)", ylabel="F0 / max", title="orientation tuning")
    ax.legend(fontsize=7)
    return fig
