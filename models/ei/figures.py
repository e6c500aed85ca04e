"""Figures of the E–I experiments: agents beside the mean field.

One function per figure, named for it; they take the experiments' tables and draw on a
new matplotlib Figure (no pyplot state).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis.spectra import BANDS
from neuroagents.models.ei.mean_field import Hopf, MeanField
from neuroagents.models.ei.measures import OUTCOMES, hertz
from neuroagents.models.ei.phase_plane import residual_grid
from neuroagents.plots import new_figure

__all__ = [
    "agreement_figure",
    "hopf_figure",
    "overshoot_figure",
    "phase_figure",
    "timecourse_figure",
]


def timecourse_figure(
    courses: pd.DataFrame, mf: MeanField, point: pd.Series | None, config: dict[str, Any]
) -> Any:
    """Agents and ODE (with its finite-size band) for each τ_E/τ_I, and the phase plane."""
    ratios = list(dict.fromkeys(courses["ratio"]))
    fig, axes = new_figure(len(ratios), 3, size=(13.0, 3.0 * len(ratios)))
    unit = config["time_unit"]
    for row, ratio in enumerate(ratios):
        sub = courses[courses["ratio"] == ratio]
        agents, ode = sub[sub["source"] == "agents"], sub[sub["source"] == "ode"]
        for col, (pop, color) in enumerate((("E", "C3"), ("I", "C0"))):
            ax = axes[row, col]
            ax.fill_between(
                ode["time"],
                np.clip(ode[pop] - 2 * ode[f"sd_{pop}"], 0, 1),
                np.clip(ode[pop] + 2 * ode[f"sd_{pop}"], 0, 1),
                color="0.8",
                label="ODE ± 2σ (finite n)",
            )
            ax.plot(agents["time"], agents[pop], color=color, lw=0.8, label="agents")
            ax.plot(ode["time"], ode[pop], color="k", ls="--", lw=1.0, label="mean-field ODE")
            if point is not None:
                ax.axhline(getattr(point, pop), color="0.5", lw=0.5, ls=":")
            ax.set_title(f"τ_E/τ_I = {ratio:g}: {pop}(t)", fontsize=10)
            ax.set_xlabel(f"time ({unit})")
            ax.set_ylabel(f"fraction of {pop} active")
            if row == 0 and col == 0:
                ax.legend(fontsize=8, loc="center right")
        ax = axes[row, 2]
        ax.plot(agents["E"], agents["I"], color="C2", lw=0.6, label="agents")
        ax.plot(ode["E"], ode["I"], color="k", ls="--", lw=1.0, label="ODE")
        draw_nullclines(ax, MeanField(mf.params.replace(tau_ratio=ratio)))
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("E")
        ax.set_ylabel("I")
        ax.set_title("phase plane", fontsize=10)
        if row == 0:
            ax.legend(fontsize=8, loc="lower right")
    return fig


def draw_nullclines(ax: Any, mf: MeanField) -> None:
    """Draw the mean field's nullclines on ``ax``."""
    _, E, h = residual_grid(mf, 301)
    ax.contour(E, E.T, h[0], levels=[0.0], colors="C3", linewidths=0.8)
    ax.contour(E, E.T, h[1], levels=[0.0], colors="C0", linewidths=0.8)
    for fp in mf.fixed_points().itertuples():
        ax.plot(fp.E, fp.I, "o", ms=5, mfc="k" if fp.stable else "w", mec="k")


def overshoot_figure(
    scan: pd.DataFrame, basin: float | None, hopf: Hopf | None, config: dict[str, Any]
) -> Any:
    """Overshoots of E against τ_E/τ_I, agents and ODE, with the Hopf ratio."""
    fig, axes = new_figure(1, 2, size=(11.0, 4.0))
    ax = axes[0, 0]
    ode = scan[scan["source"] == "ode"]
    agents = scan[scan["source"] == "agents"]
    ok = ode[ode["outcome"] != "runaway"]
    ax.plot(ok["ratio"], ok["overshoots_E"], "k-o", label="ODE (band 1% of E*)")
    settled = agents[agents["outcome"] != "runaway"]
    jitter = 0.02 * (settled["seed"] - settled["seed"].mean())
    ax.plot(
        settled["ratio"] * (1 + jitter),
        settled["overshoots_E"],
        "C3s",
        mfc="none",
        label="agents (band 3σ finite-size)",
    )
    runaway = ode[ode["outcome"] == "runaway"]
    ax.plot(runaway["ratio"], np.full(len(runaway), -0.5), "kx", label="ODE runs away")
    run_a = agents[agents["outcome"] == "runaway"]
    ax.plot(run_a["ratio"], np.full(len(run_a), -1.0), "C3x", label="agents run away")
    if basin is not None:
        ax.axvline(basin, color="C2", ls="--", lw=1, label=f"settles from start ≥ {basin:.1f}")
    if hopf is not None:
        ax.axvline(hopf.value, color="C1", ls=":", lw=1.5, label=f"Hopf {hopf.value:.2f}")
    ax.set_xscale("log")
    ax.set_xlabel("τ_E / τ_I")
    ax.set_ylabel("overshoots of E about E*")
    ax.set_title("up-and-down swings before balance", fontsize=10)
    ax.legend(fontsize=7)
    ax = axes[0, 1]
    ax.plot(ode["ratio"], ode["fixed_point_re"], "k-", label="Re λ (balanced point)")
    ax.plot(ode["ratio"], ode["fixed_point_im"], "k:", label="|Im λ|")
    ax.axhline(0, color="0.6", lw=0.5)
    if hopf is not None:
        ax.axvline(hopf.value, color="C1", ls=":", lw=1.5)
    ax.set_xscale("log")
    ax.set_xlabel("τ_E / τ_I")
    ax.set_ylabel(f"eigenvalue (per {config['time_unit']})")
    ax.set_title("stability of the balanced fixed point", fontsize=10)
    ax.legend(fontsize=8)
    return fig


def hopf_figure(
    courses: pd.DataFrame,
    spectra: pd.DataFrame,
    bands: pd.DataFrame,
    hopf: Hopf,
    config: dict[str, Any],
) -> Any:
    """Agents and ODE at the Hopf point and below it; the power spectrum of E.

    The spectra and their peaks are the experiment's own tables (``hopf_spectra``,
    ``band_power``): the figure draws them and computes nothing of its own.
    """
    runs = list(dict.fromkeys(courses["run"]))
    fig, axes = new_figure(len(runs), 2, size=(12.0, 3.2 * len(runs)))
    unit = config["time_unit"]
    for row, run in enumerate(runs):
        sub = courses[courses["run"] == run]
        ratio = sub["ratio"].iloc[0]
        agents, ode = sub[sub["source"] == "agents"], sub[sub["source"] == "ode"]
        window = agents["time"] <= agents["time"].iloc[-1] / 4 + 40 * hopf.period
        ax = axes[row, 0]
        ax.plot(agents["time"][window], agents["E"][window], color="C3", lw=0.7, label="agents E")
        ode_w = ode["time"] <= agents["time"][window].iloc[-1]
        ax.plot(ode["time"][ode_w], ode["E"][ode_w], "k--", lw=1, label="ODE E")
        ax.axhline(hopf.E, color="0.5", lw=0.5, ls=":")
        ax.set_title(f"{run}: τ_E/τ_I = {ratio:.2f}, started at the fixed point", fontsize=10)
        ax.set_xlabel(f"time ({unit})")
        ax.set_ylabel("E")
        ax.legend(fontsize=8)
        ax = axes[row, 1]
        for source, style in (("agents", "C3-"), ("ode", "k--")):
            spec = spectra[(spectra["run"] == run) & (spectra["source"] == source)]
            spec = spec[(spec["frequency"] > 0) & (spec["frequency"] <= 200)]
            peak = bands.loc[(bands["run"] == run) & (bands["source"] == source), "peak_hz"]
            label = f"{source} (peak {peak.iloc[0]:.0f} Hz)" if len(peak) else source
            ax.semilogy(spec["frequency"], spec["power"] + 1e-16, style, lw=0.8, label=label)
        for name, (lo, hi) in BANDS.items():
            ax.axvspan(lo, hi, color="C0", alpha=0.08)
            ax.text(
                (lo + hi) / 2,
                0.98,
                name.replace("_", " "),
                fontsize=7,
                ha="center",
                va="top",
                rotation=0 if hi - lo > 20 else 90,
                transform=ax.get_xaxis_transform(),
            )
        freq = hertz(hopf.frequency, config)
        ax.axvline(freq, color="C1", ls=":", label=f"Im λ/2π at onset = {freq:.0f} Hz")
        ax.set_xlabel("frequency (Hz)")
        ax.set_ylabel("power of E (per Hz)")
        ax.set_ylim(bottom=1e-12)
        ax.legend(fontsize=8, loc="lower left")
    return fig


def agreement_figure(courses: pd.DataFrame, config: dict[str, Any]) -> Any:
    """Agents against the ODE at each setting, GT at T + 1/2 and at T."""
    names = list(dict.fromkeys(courses["setting"]))
    fig, axes = new_figure(len(names), 2, size=(11.0, 2.6 * len(names)))
    for row, name in enumerate(names):
        sub = courses[courses["setting"] == name]
        for col, (pop, color) in enumerate((("E", "C3"), ("I", "C0"))):
            ax = axes[row, col]
            ode = sub[sub["source"] == "ode"]
            ax.fill_between(
                ode["time"],
                np.clip(ode[pop] - 2 * ode[f"sd_{pop}"], 0, 1),
                np.clip(ode[pop] + 2 * ode[f"sd_{pop}"], 0, 1),
                color="0.8",
                label="ODE ± 2σ",
            )
            agents = sub[sub["source"] == "agents"]
            ax.plot(agents["time"], agents[pop], color=color, lw=0.8, label="agents")
            ax.plot(ode["time"], ode[pop], "k--", lw=1, label="ODE, GT at T + 1/2")
            raw = sub[sub["source"] == "ode-uncorrected"]
            ax.plot(raw["time"], raw[pop], color="C1", ls=":", lw=1.2, label="ODE, GT at T")
            ax.set_title(f"{name}: {pop}(t)", fontsize=10)
            ax.set_xlabel(f"time ({config['time_unit']})")
            if row == 0 and col == 0:
                ax.legend(fontsize=7)
    return fig


def phase_figure(frame: pd.DataFrame, x: str, y: str, xlabel: str, ylabel: str) -> Any:
    """Outcome, final E and oscillation over a two-parameter grid, agents and ODE."""
    from matplotlib.colors import BoundaryNorm, ListedColormap

    means = frame.groupby([y, x]).agg(
        E_agents=("E_agents", "mean"),
        E_ode=("E_ode", "mean"),
        swing_agents=("swing_agents", "mean"),
        swing_ode=("swing_ode", "mean"),
        outcome_agents=("outcome_agents", lambda s: s.mode().iloc[0]),
        outcome_ode=("outcome_ode", lambda s: s.mode().iloc[0]),
        fp_re=("fp_re", "first"),
    )
    xs = sorted(frame[x].unique())
    ys = sorted(frame[y].unique())

    def grid(column: str, code: bool = False) -> np.ndarray:
        values = means[column].unstack(x).reindex(index=ys, columns=xs)
        if code:
            return values.apply(lambda col: col.map(OUTCOMES.index)).to_numpy(dtype=float)
        return values.to_numpy(dtype=float)

    fig, axes = new_figure(3, 2, size=(10.0, 11.0))
    cmap = ListedColormap(["#444444", "#4c9f70", "#e0a030", "#c03030"])
    norm = BoundaryNorm(np.arange(-0.5, len(OUTCOMES)), cmap.N)
    panels = [
        ("E_agents", "E_ode", "final E", "viridis", None),
        ("swing_agents", "swing_ode", "E swing (peak to peak, last quarter)", "magma", None),
        ("outcome_agents", "outcome_ode", "outcome", cmap, norm),
    ]
    stable = grid("fp_re")
    crossing = bool(np.isfinite(stable).any() and np.nanmin(stable) < 0 < np.nanmax(stable))
    for row, (left, right, title, cm, nm) in enumerate(panels):
        code = left.startswith("outcome")
        vmax = np.nanmax([grid(left, code), grid(right, code)])
        for col, column in enumerate((left, right)):
            ax = axes[row, col]
            data = grid(column, code)
            kwargs = {"norm": nm} if nm is not None else {"vmin": 0, "vmax": vmax}
            mesh = ax.pcolormesh(_edges(xs), _edges(ys), data, cmap=cm, shading="flat", **kwargs)
            if crossing:
                ax.contour(xs, ys, stable, levels=[0.0], colors="w", linewidths=1.5)
            ax.set_title(f"{'agents' if col == 0 else 'mean field'}: {title}", fontsize=10)
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            if x == "tau_ratio":
                ax.set_xscale("log")
            bar = fig.colorbar(mesh, ax=ax)
            if code:
                bar.set_ticks(range(len(OUTCOMES)))
                bar.set_ticklabels(OUTCOMES)
    if crossing:
        fig.suptitle(
            "white line: the balanced fixed point changes stability (Re λ = 0; a Hopf bifurcation)",
            fontsize=9,
        )
    return fig


def _edges(values: Sequence[float]) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    if len(v) == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    if np.all(v > 0) and v[-1] / v[0] > 10:
        mids = np.sqrt(v[:-1] * v[1:])
        return np.concatenate([[v[0] ** 2 / mids[0]], mids, [v[-1] ** 2 / mids[-1]]])
    mids = (v[:-1] + v[1:]) / 2
    return np.concatenate([[2 * v[0] - mids[0]], mids, [2 * v[-1] - mids[-1]]])
