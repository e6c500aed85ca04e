"""E–I populations against the mean field: the lecture's claim, agreement, phase diagrams.

Each experiment runs :class:`~neuroagents.models.ei.EIModel` agents beside the
:class:`~neuroagents.models.ei.mean_field.MeanField` ODE, measures both time courses the
same way, tabulates them and draws them.

Pieces:
    count_overshoots, classify_outcome: measures of a time course.
    agreement: how far the agents are from the ODE, in units of its finite-size noise.
    balanced_point, run_duration: the interior fixed point the experiments measure
        against; how long a run lasts.
    balance_experiment: time courses and overshoots against τ_E/τ_I, the Hopf point and
        what the agents do there (experiment ``balance``).
    AGREEMENT_SETTINGS, agreement_experiment: agents against the mean field at several
        settings, GT at T + 1/2 and at T (``agreement``).
    phase_point, phase_experiment: phase diagrams over (T_E, T_I) and (τ_E/τ_I, p),
        one :func:`~neuroagents.sweep.sweep` run a grid point (``phase``).
    EXPERIMENTS: what ``neuroagents run runs/ei_<name>.toml`` runs (model ``ei``).
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from neuroagents.analysis.spectra import BANDS, TIME_UNITS, band_power, power_spectrum
from neuroagents.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.experiment import Experiment, ExperimentResult, Param
from neuroagents.models.ei.mean_field import Hopf, MeanField
from neuroagents.models.ei.network import EIModel, build_connectome
from neuroagents.models.ei.params import DEFAULTS, PRESETS, EIParams
from neuroagents.plots import new_figure
from neuroagents.validation import check_real

__all__ = [
    "AGREEMENT_SETTINGS",
    "EXPERIMENTS",
    "OUTCOMES",
    "agreement",
    "agreement_experiment",
    "balance_experiment",
    "balanced_point",
    "classify_outcome",
    "count_overshoots",
    "phase_experiment",
    "phase_point",
    "run_duration",
]

TAU_RATIO = DEFAULTS.tau_e / DEFAULTS.tau_i
"""The default τ_E/τ_I (20), from the model's default time constants."""


# ---------------------------------------------------------------------- measures
def count_overshoots(values: Sequence[float] | np.ndarray, target: float, band: float) -> int:
    """How many times a time course swings from one side of ``target`` to the other.

    Only excursions beyond ``target ± band`` count, so noise smaller than ``band``
    around the target does not: a monotone approach gives 0, each further half
    swing of a damped oscillation that clears the band adds 1.

    Examples:
        >>> t = np.linspace(0, 50, 2001)
        >>> count_overshoots(1 + np.exp(-t / 10) * np.cos(t), target=1.0, band=0.05)
        9
        >>> count_overshoots(1 + np.exp(-t), target=1.0, band=0.05)
        0
    """
    x = np.asarray(values, dtype=np.float64)
    check_real("band", band, "count_overshoots", low=0)
    side = np.where(x > target + band, 1, np.where(x < target - band, -1, 0))
    side = side[side != 0]
    return int(np.count_nonzero(side[1:] != side[:-1]))


def classify_outcome(
    E: Sequence[float] | np.ndarray,
    I: Sequence[float] | np.ndarray,  # noqa: E741
    *,
    amplitude: float = 0.02,
) -> str:
    """Name what the last quarter of a time course does.

    ``"runaway"`` (E and I above 0.9 on average), ``"silent"`` (both below 0.01),
    ``"oscillating"`` (E swings by more than ``amplitude`` peak to peak) or
    ``"steady"`` (anything else: it sits at a fixed point, up to noise).

    Examples:
        >>> t = np.linspace(0, 100, 1001)
        >>> classify_outcome(0.06 + 0.02 * np.sin(t), 0.14 + 0.1 * np.sin(t))
        'oscillating'
        >>> classify_outcome(np.ones(10), np.ones(10)), classify_outcome(np.zeros(10), np.zeros(10))
        ('runaway', 'silent')
    """
    check_real("amplitude", amplitude, "classify_outcome", low=0)
    e, i = np.asarray(E, dtype=np.float64), np.asarray(I, dtype=np.float64)
    tail = slice(len(e) * 3 // 4, None)
    e, i = e[tail], i[tail]
    if e.mean() > 0.9 and i.mean() > 0.9:
        return "runaway"
    if e.mean() < 0.01 and i.mean() < 0.01:
        return "silent"
    if np.ptp(e) > amplitude:
        return "oscillating"
    return "steady"


# ---------------------------------------------------------------------- experiments
def run_duration(params: EIParams, taus: float) -> float:
    """``taus`` E time constants, and at least 60 I time constants."""
    return max(taus * params.tau_e, 60 * params.tau_i)


def agreement(agents: pd.DataFrame, theory: pd.DataFrame, params: EIParams) -> dict[str, float]:
    """How far the agents' E(t), I(t) are from the mean field, in units of its noise.

    ``z_a(t) = (agents_a(t) − ode_a(t)) / σ_a(t)`` with σ_a from
    :meth:`MeanField.linear_noise` (floored at one neuron, 1/n_a). If the agents are
    the ODE plus finite-size noise, ``rms_z`` is about 1 for both populations.

    Args:
        agents: :meth:`EIModel.rates`.
        theory: :meth:`MeanField.linear_noise` at the same times.
        params: the run's parameters (for n_E, n_I).

    Returns:
        ``rms_z_E``, ``rms_z_I``, ``max_z_E``, ``max_z_I``, ``rms_E``, ``rms_I``
        (plain RMS differences) and ``max_E``, ``max_I``.
    """
    out: dict[str, float] = {}
    for pop, n in (("E", params.n_e), ("I", params.n_i)):
        diff = agents[pop].to_numpy() - theory[pop].to_numpy()
        z = diff / np.maximum(theory[f"sd_{pop}"].to_numpy(), 1.0 / n)
        out[f"rms_z_{pop}"] = float(np.sqrt(np.mean(z**2)))
        out[f"max_z_{pop}"] = float(np.max(np.abs(z)))
        out[f"rms_{pop}"] = float(np.sqrt(np.mean(diff**2)))
        out[f"max_{pop}"] = float(np.max(np.abs(diff)))
    return out


def balanced_point(mf: MeanField) -> pd.Series | None:
    """The interior fixed point that is not a saddle (smallest E first), or None."""
    fp = mf.fixed_points()
    inner = fp[
        (fp["E"] > 1e-6) & (fp["E"] < 1 - 1e-6) & (fp["I"] > 1e-6) & (fp["kind"] != "saddle")
    ]
    return None if inner.empty else inner.iloc[0]


def _base_params(config: dict[str, Any], ratio: float | None = None) -> EIParams:
    tau_i = config["tau_i"]
    return EIParams(
        n_e=config["n_e"],
        n_i=config["n_i"],
        p=config["p"],
        tau_e=(config.get("tau_ratio", TAU_RATIO) if ratio is None else ratio) * tau_i,
        tau_i=tau_i,
        theta_e=config["theta_e"],
        theta_i=config["theta_i"],
        e0=config["e0"],
        i0=config["i0"],
        drive_e=config.get("drive_e", 0.0),
        drive_i=config.get("drive_i", 0.0),
        preset=config["preset"],
        where="the config",
    )


def _run_pair(
    params: EIParams,
    graph: Connectome,
    rng: np.random.Generator,
    t_end: float,
    engine: str,
    record_every: float | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agents and linear-noise mean field over [0, t_end], at the agents' record times."""
    model = EIModel.from_params(
        params,
        rng=rng,
        engine=engine,
        connectome=graph,
        record_every="auto" if record_every is None else record_every,
    )
    model.run_until(t_end)
    agents = model.rates()
    theory = model.mean_field().linear_noise(times=agents["time"].to_numpy())
    return agents, theory


def _ode_band(point: pd.Series | None, fraction: float) -> float:
    return fraction * (point.E if point is not None else 0.05)


def _agent_band(mf: MeanField, point: pd.Series | None, fraction: float) -> float:
    """Overshoots in the agents count only beyond 3 finite-size sd of E (or the ODE's band)."""
    band = _ode_band(point, fraction)
    if point is not None and point.stable:
        sd = math.sqrt(mf.stationary_covariance(point.E, point.I)[0, 0])
        band = max(band, 3 * sd)
    return band


def _overshoots(
    course: pd.DataFrame, source: str, mf: MeanField, point: pd.Series | None, frac: float
) -> int:
    """Overshoots of E about the balanced point during the approach (-1 without one).

    The ODE's are counted over the whole run with a band of ``frac`` E*. The agents'
    are counted with a band of 3 finite-size sd (:func:`_agent_band`) and only until
    the ODE has settled plus two periods of the focus: after that, crossings are
    stationary noise, not swings of the approach.
    """
    if point is None:
        return -1
    if source == "ode":
        return count_overshoots(course["E"], point.E, _ode_band(point, frac))
    times = course["time"].to_numpy()
    ode = mf.solve(times=times)
    outside = np.abs(ode["E"].to_numpy() - point.E) > _ode_band(point, frac)
    settled_at = times[outside].max() if outside.any() else times[0]
    lam = mf.eigenvalues(point.E, point.I)[0]
    period = 2 * math.pi / abs(lam.imag) if lam.imag != 0 else 1 / max(abs(lam.real), 1e-12)
    window = course["E"].to_numpy()[times <= settled_at + 2 * period]
    return count_overshoots(window, point.E, _agent_band(mf, point, frac))


def _basin_ratio(params: EIParams, low: float, high: float) -> float | None:
    """Smallest τ_E/τ_I (within 1%) at which the ODE from (e0, i0) settles, or None."""

    def settles(ratio: float) -> bool:
        p = params.replace(tau_ratio=ratio)
        end = MeanField(p).solve(run_duration(p, 30.0), dt=p.tau_i).iloc[-1]
        return bool(end.E < 0.9)

    if not settles(high) or settles(low):
        return None
    while high / low > 1.01:
        mid = math.sqrt(low * high)
        low, high = (low, mid) if settles(mid) else (mid, high)
    return high


def balance_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """The lecture's claim: time courses, overshoots against τ_E/τ_I, and the Hopf point.

    1. For each ratio in ``ratios``: agents and ODE (with its ±2σ finite-size band)
       from (e0, i0); outcome, overshoots and agreement.
    2. For each ratio in ``scan_ratios``: overshoots of E in the ODE and in
       ``scan_seeds`` agent runs; the ratio above which the ODE from (e0, i0) settles.
    3. The Hopf bifurcation of the balanced fixed point in τ_E/τ_I; agents and ODE at
       the Hopf ratio and below it, started at the fixed point, with the band power of
       E(t) (time unit ``time_unit``).
    """
    base = _base_params(config, config["ratios"][0])
    graph = build_connectome(base, rng.spawn(1)[0])
    mf_base = MeanField(base)
    point = balanced_point(mf_base)
    frac = config["band_fraction"]
    engine = config["engine"]

    rows, courses = [], []
    for ratio in config["ratios"]:
        params = base.replace(tau_ratio=ratio)
        mf = MeanField(params)
        agents, theory = _run_pair(
            params, graph, rng.spawn(1)[0], run_duration(params, config["duration"]), engine
        )
        for source, table in (("agents", agents), ("ode", theory)):
            frame = table.assign(ratio=ratio, source=source)
            courses.append(frame)
        rows.append(
            _summary_row(ratio, "agents", agents, mf, point, frac, seed=0)
            | agreement(agents, theory, params)
        )
        rows.append(_summary_row(ratio, "ode", theory, mf, point, frac, seed=0))

    scan = []
    for ratio in tqdm(config["scan_ratios"], desc="overshoot scan", leave=False):
        params = base.replace(tau_ratio=ratio)
        mf = MeanField(params)
        t_end = run_duration(params, config["duration"])
        ode = mf.solve(t_end)
        scan.append(_summary_row(ratio, "ode", ode, mf, point, frac, seed=0))
        for seed in range(config["scan_seeds"]):
            model = EIModel.from_params(
                params,
                rng=rng.spawn(1)[0],
                engine=engine,
                connectome=graph,
            )
            model.run_until(t_end)
            scan.append(_summary_row(ratio, "agents", model.rates(), mf, point, frac, seed))
    scan_table = pd.DataFrame(scan)
    basin = _basin_ratio(base, 1.0, max(config["scan_ratios"]))

    hopf = mf_base.hopf("tau_ratio", 1.0, max(config["scan_ratios"]))
    hopf_courses, bands = pd.DataFrame(), pd.DataFrame()
    if hopf is not None:
        hopf_courses, bands = _hopf_runs(base, hopf, graph, rng, config)

    table = pd.DataFrame(rows)
    summary = _balance_summary(base, point, table, scan_table, basin, hopf, bands, config)
    courses_table = pd.concat(courses, ignore_index=True)
    figures = {
        "timecourses": _timecourse_figure(courses_table, mf_base, point, config),
        "overshoots": _overshoot_figure(scan_table, basin, hopf, config),
    }
    if hopf is not None:
        figures["hopf"] = _hopf_figure(hopf_courses, bands, hopf, config)
    return ExperimentResult(
        table=table,
        summary=summary,
        figures=figures,
        tables={
            "timecourses": courses_table,
            "overshoot_scan": scan_table,
            "hopf_timecourses": hopf_courses,
            "band_power": bands,
        },
    )


def _summary_row(
    ratio: float,
    source: str,
    course: pd.DataFrame,
    mf: MeanField,
    point: pd.Series | None,
    frac: float,
    seed: int,
) -> dict[str, Any]:
    # The fixed point is the same for every tau ratio; its stability is not.
    point = None if point is None else balanced_point(mf)
    band = _ode_band(point, frac) if source == "ode" else _agent_band(mf, point, frac)
    tail = course.iloc[len(course) * 3 // 4 :]
    lam = mf.eigenvalues(point.E, point.I) if point is not None else np.array([np.nan, np.nan])
    return {
        "ratio": float(ratio),
        "source": source,
        "seed": seed,
        "outcome": classify_outcome(course["E"], course["I"]),
        "E_final": float(tail["E"].mean()),
        "I_final": float(tail["I"].mean()),
        "E_sd_final": float(tail["E"].std()),
        "overshoots_E": _overshoots(course, source, mf, point, frac),
        "band": band,
        "fixed_point_re": float(lam[0].real),
        "fixed_point_im": float(abs(lam[0].imag)),
    }


def _hopf_runs(
    base: EIParams,
    hopf: Hopf,
    graph: Connectome,
    rng: np.random.Generator,
    config: dict[str, Any],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agents and ODE at and below the Hopf ratio, from the fixed point; band power of E."""
    courses, bands = [], []
    dt = config["spectrum_dt"]
    for label, ratio in (("hopf", hopf.value), ("below", config["below_hopf"] * hopf.value)):
        params = base.replace(tau_ratio=ratio, e0=hopf.E, i0=hopf.I)
        t_end = config["spectrum_duration"]
        agents, _ = _run_pair(params, graph, rng.spawn(1)[0], t_end, config["engine"], dt)
        # The ODE starts a little off the fixed point (it would sit on it forever).
        ode = MeanField(params).solve(
            times=agents["time"].to_numpy(), start=(hopf.E * 1.02, hopf.I)
        )
        for source, table in (("agents", agents), ("ode", ode)):
            courses.append(table.assign(run=label, ratio=ratio, source=source))
            steady = table[table["time"] >= t_end / 4]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                bp = band_power(steady["E"].to_numpy(), dt=dt, time_unit=config["time_unit"])
            bands.append(
                bp.assign(
                    run=label,
                    ratio=ratio,
                    source=source,
                    peak_hz=_peak(steady["E"].to_numpy(), dt, config),
                )
            )
    return pd.concat(courses, ignore_index=True), pd.concat(bands, ignore_index=True)


def _peak(values: np.ndarray, dt: float, config: dict[str, Any]) -> float:
    spec = power_spectrum(values, dt=dt, time_unit=config["time_unit"], resolution=1.0)
    spec = spec[spec["frequency"] > 1.0]
    return float(spec["frequency"].iloc[int(np.argmax(spec["power"].to_numpy()))])


def _hz(cycles_per_unit: float, config: dict[str, Any]) -> float:
    return cycles_per_unit / TIME_UNITS[config["time_unit"]]


def _balance_summary(
    base: EIParams,
    point: pd.Series | None,
    table: pd.DataFrame,
    scan: pd.DataFrame,
    basin: float | None,
    hopf: Hopf | None,
    bands: pd.DataFrame,
    config: dict[str, Any],
) -> str:
    unit = config["time_unit"]
    lines = [
        f"E–I populations ({base.connectivity.name}): n_E = {base.n_e}, n_I = {base.n_i}, "
        f"p = {base.p}, T_E = {base.theta_e:g}, T_I = {base.theta_i:g}, start "
        f"(E, I) = ({base.e0:g}, {base.i0:g}), tau_I = {base.tau_i:g} {unit}.",
    ]
    if point is not None:
        lines.append(
            f"Balanced fixed point (mean field, continuity-corrected): E* = {point.E:.4f}, "
            f"I* = {point.I:.4f}."
        )
    for ratio in config["ratios"]:
        sub = table[table["ratio"] == ratio].set_index("source")
        a, o = sub.loc["agents"], sub.loc["ode"]
        lines.append(
            f"  tau_E/tau_I = {ratio:g}: agents {a.outcome} (E {a.E_final:.4f}, I "
            f"{a.I_final:.4f}), ODE {o.outcome} (E {o.E_final:.4f}, I {o.I_final:.4f}); "
            f"overshoots of E: ODE {o.overshoots_E}, agents {a.overshoots_E}; RMS "
            f"(agents − ODE)/sigma: E {a.rms_z_E:.2f}, I {a.rms_z_I:.2f}."
        )
    if basin is not None:
        lines.append(
            f"From (e0, i0) the ODE settles for tau_E/tau_I >= {basin:.2f}; below, it runs away."
        )
    if hopf is not None:
        lines.append(
            f"Hopf bifurcation: the balanced point is stable for tau_E/tau_I > {hopf.value:.3f} "
            f"and a limit cycle grows below it; onset frequency "
            f"{_hz(hopf.frequency, config):.1f} Hz "
            f"(omega = {hopf.omega:.3f} per {unit})."
        )
        if not bands.empty:
            for (run, source), sub in bands.groupby(["run", "source"], sort=False):
                powers = ", ".join(f"{r.band} {r.fraction:.2f}" for r in sub.itertuples())
                lines.append(
                    f"  {run} (ratio {sub['ratio'].iloc[0]:.2f}) {source}: spectral peak "
                    f"{sub['peak_hz'].iloc[0]:.1f} Hz; fraction of E variance: {powers}."
                )
    ode = scan[scan["source"] == "ode"]
    counts = ", ".join(
        f"{r.ratio:g}:{r.overshoots_E if r.outcome != 'runaway' else 'R'}" for r in ode.itertuples()
    )
    lines.append(f"ODE overshoots of E by tau ratio (R = runaway): {counts}.")
    agents = scan[scan["source"] == "agents"]
    if not agents.empty:
        runaway = agents.groupby("ratio")["outcome"].apply(lambda s: (s == "runaway").mean())
        lines.append(
            "Agents: fraction of runs that ran away by tau ratio: "
            + ", ".join(f"{r:g}:{f:.2f}" for r, f in runaway.items())
            + "."
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------- figures
def _timecourse_figure(
    courses: pd.DataFrame, mf: MeanField, point: pd.Series | None, config: dict[str, Any]
) -> Any:
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
        _draw_nullclines(ax, MeanField(mf.params.replace(tau_ratio=ratio)))
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("E")
        ax.set_ylabel("I")
        ax.set_title("phase plane", fontsize=10)
        if row == 0:
            ax.legend(fontsize=8, loc="lower right")
    return fig


def _draw_nullclines(ax: Any, mf: MeanField) -> None:
    _, E, h = mf._residual_grid(301)
    ax.contour(E, E.T, h[0], levels=[0.0], colors="C3", linewidths=0.8)
    ax.contour(E, E.T, h[1], levels=[0.0], colors="C0", linewidths=0.8)
    for fp in mf.fixed_points().itertuples():
        ax.plot(fp.E, fp.I, "o", ms=5, mfc="k" if fp.stable else "w", mec="k")


def _overshoot_figure(
    scan: pd.DataFrame, basin: float | None, hopf: Hopf | None, config: dict[str, Any]
) -> Any:
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


def _hopf_figure(
    courses: pd.DataFrame, bands: pd.DataFrame, hopf: Hopf, config: dict[str, Any]
) -> Any:
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
            part = sub[(sub["source"] == source) & (sub["time"] >= sub["time"].max() / 4)]
            spec = power_spectrum(
                part["E"].to_numpy(), dt=config["spectrum_dt"], time_unit=unit, resolution=1.0
            )
            spec = spec[(spec["frequency"] > 0) & (spec["frequency"] <= 200)]
            ax.semilogy(spec["frequency"], spec["power"] + 1e-16, style, lw=0.8, label=source)
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
        freq = _hz(hopf.frequency, config)
        ax.axvline(freq, color="C1", ls=":", label=f"Im λ/2π at onset = {freq:.0f} Hz")
        ax.set_xlabel("frequency (Hz)")
        ax.set_ylabel("power of E (per Hz)")
        ax.set_ylim(bottom=1e-12)
        ax.legend(fontsize=8, loc="lower left")
    return fig


# ---------------------------------------------------------------------- agreement
AGREEMENT_SETTINGS: dict[str, dict[str, Any]] = {
    "lecture-example": {"tau_ratio": 20.0},
    "runaway": {"tau_ratio": 1.0},
    "slow-inhibition": {"tau_ratio": 40.0, "e0": 0.1},
    "denser": {"p": 0.1, "theta_e": 40.0, "theta_i": 60.0, "tau_ratio": 20.0},
    "driven": {"theta_e": 30.0, "drive_e": 10.0, "e0": 0.05, "tau_ratio": 20.0},
    "lecture-preset": {"preset": "lecture", "i0": 0.5, "e0": 0.1, "tau_ratio": 5.0},
    "small-n": {"n_e": 1600, "n_i": 400, "p": 0.25, "tau_ratio": 40.0},
}
"""Named settings of the ``agreement`` experiment: changes to the lecture's example."""


def agreement_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Agents against the mean field at several settings, GT with and without the correction.

    Each setting (see :data:`AGREEMENT_SETTINGS`) is run once as agents and compared
    with the ODE in units of its finite-size noise (:func:`agreement`), for GT with
    the continuity-corrected threshold and with T as printed; the stationary part
    (last half) is compared with the stable fixed point it settles at.
    """
    rows, courses = [], []
    for name in config["settings"]:
        if name not in AGREEMENT_SETTINGS:
            raise ValidationError(
                f"params.settings must name settings among {sorted(AGREEMENT_SETTINGS)}. "
                f"Got {name!r}."
            )
        changes = dict(AGREEMENT_SETTINGS[name])
        ratio = changes.pop("tau_ratio")
        params = _base_params(config, ratio).replace(**changes)
        graph = build_connectome(params, rng.spawn(1)[0])
        t_end = run_duration(params, config["duration"])
        agents, _ = _run_pair(params, graph, rng.spawn(1)[0], t_end, config["engine"])
        courses.append(agents.assign(setting=name, source="agents"))
        times = agents["time"].to_numpy()
        late = agents["time"] >= t_end / 2
        for continuity in (True, False):
            mf = MeanField(params, continuity=continuity)
            theory = mf.linear_noise(times=times)
            label = "ode" if continuity else "ode-uncorrected"
            courses.append(theory.assign(setting=name, source=label))
            end = theory.iloc[-1]
            rows.append(
                {
                    "setting": name,
                    "n_e": params.n_e,
                    "n_i": params.n_i,
                    "p": params.p,
                    "tau_ratio": ratio,
                    "preset": params.connectivity.name,
                    "continuity": continuity,
                    "outcome_agents": classify_outcome(agents.E, agents.I),
                    "outcome_ode": classify_outcome(theory.E, theory.I),
                    **agreement(agents, theory, params),
                    "E_agents_late": float(agents.E[late].mean()),
                    "I_agents_late": float(agents.I[late].mean()),
                    "E_ode_end": float(end.E),
                    "I_ode_end": float(end.I),
                    "sd_E_end": float(end.sd_E),
                    "sd_I_end": float(end.sd_I),
                }
            )
    table = pd.DataFrame(rows)
    courses_table = pd.concat(courses, ignore_index=True)
    return ExperimentResult(
        table=table,
        summary=_agreement_summary(table),
        figures={"agreement": _agreement_figure(courses_table, config)},
        tables={"timecourses": courses_table},
    )


def _agreement_summary(table: pd.DataFrame) -> str:
    lines = [
        "Agents vs mean field; z = (agents − ODE) / sigma_LNA(t), the finite-size sd of "
        "the linear noise approximation (about 1/sqrt(n)). If the agents are the ODE plus "
        "finite-size noise, RMS z is about 1.",
        f"{'setting':<16} {'GT threshold':<14} {'outcome':<10} {'RMS z E':>8} {'RMS z I':>8} "
        f"{'RMS dE':>8} {'RMS dI':>8} {'E late':>8} {'E ODE':>8} {'sd E':>8}",
    ]
    for r in table.itertuples():
        lines.append(
            f"{r.setting:<16} {'T + 1/2' if r.continuity else 'T':<14} {r.outcome_agents:<10} "
            f"{r.rms_z_E:8.2f} {r.rms_z_I:8.2f} {r.rms_E:8.4f} {r.rms_I:8.4f} "
            f"{r.E_agents_late:8.4f} {r.E_ode_end:8.4f} {r.sd_E_end:8.4f}"
        )
    both = table.pivot(index="setting", columns="continuity", values="rms_z_E")
    better = int((both[True] < 0.95 * both[False]).sum())
    worse = int((both[True] > 1.05 * both[False]).sum())
    lines.append(
        f"GT at T + 1/2 fits E better (RMS z lower by > 5%) in {better} of {len(both)} "
        f"settings, worse in {worse}, about as well in the rest."
    )
    return "\n".join(lines)


def _agreement_figure(courses: pd.DataFrame, config: dict[str, Any]) -> Any:
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


# ---------------------------------------------------------------------- phase
@functools.lru_cache(maxsize=2)
def _cached_connectome(n_e: int, n_i: int, p: float, preset: str, graph_seed: int) -> Connectome:
    params = EIParams(n_e=n_e, n_i=n_i, p=p, preset=preset)
    return build_connectome(params, np.random.default_rng([graph_seed, n_e, n_i]))


def phase_point(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """One point of the phase diagram: agents and mean field at these parameters.

    Runs for ``run_duration(params, duration)`` from (e0, i0) on the graph of
    (n_e, n_i, p, preset, graph_seed) (built once and reused across the points that
    share it), with its own clock and initial-state randomness from ``rng``.

    Args:
        params: ``n_e``, ``n_i``, ``p``, ``tau_ratio``, ``tau_i``, ``theta_e``,
            ``theta_i``, ``e0``, ``i0``, ``preset``, ``duration`` (in τ_E),
            ``graph_seed`` and ``engine``.
        rng: this run's generator.

    Returns:
        For ``agents`` and ``ode``: final E and I (mean of the last quarter), the
        peak-to-peak swing of E there, the outcome and the overshoots of E; and the
        balanced fixed point's E, I, kind and largest real part of its eigenvalues
        (NaN and ``"none"`` if there is none).

    Examples:
        >>> out = phase_point({"n_e": 800, "n_i": 200, "p": 0.5, "tau_ratio": 20.0,
        ...     "tau_i": 1.0, "theta_e": 20.0, "theta_i": 30.0, "e0": 0.2, "i0": 0.0,
        ...     "preset": "e-drives-i", "duration": 5.0, "graph_seed": 0,
        ...     "engine": "compiled"}, np.random.default_rng(0))
        >>> out["outcome_ode"], out["fp_kind"]
        ('steady', 'stable focus')
    """
    keys = ("n_e", "n_i", "p", "tau_i", "theta_e", "theta_i", "e0", "i0", "preset")
    ei = EIParams(
        **{k: params[k] for k in keys},
        tau_e=params["tau_ratio"] * params["tau_i"],
        where="phase_point",
    )
    graph = _cached_connectome(
        ei.n_e, ei.n_i, float(ei.p), str(ei.preset), int(params["graph_seed"])
    )
    model = EIModel.from_params(
        ei,
        rng=rng,
        engine=params["engine"],
        connectome=graph,
    )
    model.run_until(run_duration(ei, params["duration"]))
    agents = model.rates()
    mf = MeanField(ei)
    ode = mf.solve(times=agents["time"].to_numpy())
    point = balanced_point(mf)
    out: dict[str, Any] = {
        "fp_E": float("nan") if point is None else float(point.E),
        "fp_I": float("nan") if point is None else float(point.I),
        "fp_kind": "none" if point is None else str(point.kind),
        "fp_re": float("nan") if point is None else float(point.re1),
        "fp_im": float("nan") if point is None else abs(float(point.im1)),
    }
    for source, course in (("agents", agents), ("ode", ode)):
        tail = course.iloc[len(course) * 3 // 4 :]
        out[f"E_{source}"] = float(tail["E"].mean())
        out[f"I_{source}"] = float(tail["I"].mean())
        out[f"swing_{source}"] = float(np.ptp(tail["E"]))
        out[f"outcome_{source}"] = classify_outcome(course["E"], course["I"])
        out[f"overshoots_{source}"] = _overshoots(course, source, mf, point, 0.01)
    return out


def phase_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Phase diagrams over (T_E, T_I) and over (τ_E/τ_I, p), agents and mean field.

    Each grid point is :func:`phase_point`; the grids run through
    :func:`neuroagents.sweep.sweep` (one tidy table, ``seeds`` runs a point).
    """
    from neuroagents.sweep import sweep

    fixed = {
        k: config[k] for k in ("n_e", "n_i", "e0", "i0", "tau_i", "preset", "duration", "engine")
    }
    fixed["graph_seed"] = int(rng.integers(2**31))
    root = int(rng.integers(2**31))
    tables = {}
    grids = {
        "thresholds": (
            {"theta_e": config["theta_e_values"], "theta_i": config["theta_i_values"]},
            {"p": config["p"], "tau_ratio": config["tau_ratio"]},
        ),
        "ratio_p": (
            {"p": config["p_values"], "tau_ratio": config["tau_ratio_values"]},
            {"theta_e": config["theta_e"], "theta_i": config["theta_i"]},
        ),
    }
    for name, (grid, extra) in grids.items():
        frame = sweep(
            phase_point,
            grid=grid,
            seeds=config["seeds"],
            params={**fixed, **extra},
            backend=config["backend"],
            root_seed=root,
            progress=False,
            on_failure="raise",
        )
        tables[name] = frame.assign(grid=name)
    table = pd.concat(tables.values(), ignore_index=True)
    table = table.drop(columns=[c for c in ("error", "traceback") if c in table])
    figures = {
        "phase_thresholds": _phase_figure(
            tables["thresholds"], "theta_e", "theta_i", "threshold T_E", "threshold T_I"
        ),
        "phase_ratio_p": _phase_figure(
            tables["ratio_p"], "tau_ratio", "p", "τ_E / τ_I", "connection probability p"
        ),
    }
    return ExperimentResult(table=table, summary=_phase_summary(tables, config), figures=figures)


OUTCOMES = ("silent", "steady", "oscillating", "runaway")


def _phase_summary(tables: dict[str, pd.DataFrame], config: dict[str, Any]) -> str:
    lines = [
        f"Phase diagrams, n_E = {config['n_e']}, n_I = {config['n_i']}, start "
        f"({config['e0']}, {config['i0']}), {config['seeds']} seed(s) a point."
    ]
    for name, frame in tables.items():
        same = (frame["outcome_agents"] == frame["outcome_ode"]).mean()
        steady = frame[(frame["outcome_agents"] == "steady") & (frame["outcome_ode"] == "steady")]
        err = (steady["E_agents"] - steady["E_ode"]).abs()
        lines.append(
            f"  {name}: {len(frame)} runs; agents and ODE reach the same outcome in "
            f"{same:.0%}; where both are steady, |E_agents − E_ode| has median "
            f"{err.median():.4f} and max {err.max():.4f}."
        )
        counts = frame["outcome_agents"].value_counts().reindex(OUTCOMES, fill_value=0)
        lines.append("    agents' outcomes: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return "\n".join(lines)


def _phase_figure(frame: pd.DataFrame, x: str, y: str, xlabel: str, ylabel: str) -> Any:
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


# ---------------------------------------------------------------------- registry
def _network_params(**overrides: Any) -> dict[str, Param]:
    params = {
        "n_e": Param(DEFAULTS.n_e, "number of E neurons", low=1),
        "n_i": Param(DEFAULTS.n_i, "number of I neurons", low=1),
        "p": Param(DEFAULTS.p, "connection probability", low=0.0, high=1.0),
        "theta_e": Param(DEFAULTS.theta_e, "E threshold T_E (active iff input > T_E)"),
        "theta_i": Param(DEFAULTS.theta_i, "I threshold T_I"),
        "e0": Param(DEFAULTS.e0, "fraction of E active at time 0", low=0.0, high=1.0),
        "i0": Param(DEFAULTS.i0, "fraction of I active at time 0", low=0.0, high=1.0),
        "tau_i": Param(DEFAULTS.tau_i, "I time constant (in time_unit)", low=1e-9),
        "preset": Param(DEFAULTS.preset, "wiring", choices=PRESETS),
        "engine": Param("compiled", "compiled or agents", choices=("compiled", "agents")),
        "duration": Param(15.0, "run length in E time constants (at least 60 tau_I)", low=0.1),
        "time_unit": Param("ms", "the unit of tau and time", choices=tuple(TIME_UNITS)),
    }
    params.update(overrides)
    return params


EXPERIMENTS = {
    "balance": Experiment(
        name="balance",
        description="time courses vs tau_E/tau_I, agents and ODE; overshoots; Hopf point",
        params=_network_params(
            ratios=Param([1.0, 5.0, 20.0], "tau_E/tau_I of the time-course figure"),
            scan_ratios=Param(
                [
                    1.0,
                    2.0,
                    4.0,
                    6.0,
                    8.0,
                    10.0,
                    12.0,
                    14.0,
                    16.0,
                    17.0,
                    18.0,
                    20.0,
                    25.0,
                    30.0,
                    40.0,
                    60.0,
                    100.0,
                ],
                "tau_E/tau_I of the overshoot scan",
            ),
            scan_seeds=Param(2, "agent runs per scanned ratio", low=0),
            band_fraction=Param(0.01, "ODE overshoot band, as a fraction of E*", low=0.0),
            below_hopf=Param(0.85, "second Hopf run at this fraction of the Hopf ratio", low=0.0),
            spectrum_dt=Param(1.0, "sampling interval of the Hopf runs (time_unit)", low=1e-9),
            spectrum_duration=Param(4000.0, "length of the Hopf runs (time_unit)", low=1.0),
        ),
        run=balance_experiment,
        quick={
            "n_e": 1600,
            "n_i": 400,
            "p": 0.25,
            "scan_ratios": [1.0, 40.0],
            "scan_seeds": 1,
            "duration": 6.0,
            "spectrum_duration": 400.0,
        },
    ),
    "agreement": Experiment(
        name="agreement",
        description="agents vs mean field at several settings, GT at T + 1/2 and at T",
        params=_network_params(
            settings=Param(list(AGREEMENT_SETTINGS), "names from AGREEMENT_SETTINGS"),
        ),
        run=agreement_experiment,
        quick={
            "n_e": 1600,
            "n_i": 400,
            "p": 0.25,
            "settings": ["runaway", "small-n"],
            "duration": 8.0,
        },
    ),
    "phase": Experiment(
        name="phase",
        description="phase diagrams over (T_E, T_I) and (tau_E/tau_I, p), agents and ODE",
        params=_network_params(
            tau_ratio=Param(TAU_RATIO, "tau_E/tau_I of the threshold grid", low=1e-9),
            theta_e_values=Param([10.0 + 2.5 * k for k in range(13)], "T_E grid"),
            theta_i_values=Param([15.0 + 3.0 * k for k in range(12)], "T_I grid"),
            p_values=Param([0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1], "p grid"),
            tau_ratio_values=Param(
                [1.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0, 30.0, 40.0], "tau_E/tau_I grid"
            ),
            seeds=Param(1, "agent runs per grid point", low=1),
            backend=Param("serial", "sweep backend", choices=("serial", "processes", "dask")),
        ),
        run=phase_experiment,
        quick={
            "n_e": 800,
            "n_i": 200,
            "p": 0.5,
            "theta_e_values": [15.0, 25.0],
            "theta_i_values": [20.0, 40.0],
            "p_values": [0.25, 0.5],
            "tau_ratio_values": [2.0, 20.0],
            "duration": 6.0,
        },
    ),
}
