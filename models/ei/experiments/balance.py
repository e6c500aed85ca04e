"""The lecture's claim, E–I balance after a few oscillations (experiment ``balance``).

"If τ_E is sufficiently larger than τ_I, an E–I balance will be reached after a few up
and down oscillations."

Pieces:
    balance_experiment: time courses and overshoots against τ_E/τ_I, the Hopf point and
        what the agents do there.
    BALANCE: the experiment ``runs/ei_balance.toml`` runs.
"""

from __future__ import annotations

import math
import warnings
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from neuroagents.analysis.spectra import band_power, power_spectrum
from neuroagents.connectome import Connectome
from neuroagents.models.ei.experiments.headlines import balance_headlines
from neuroagents.models.ei.experiments.parameters import base_params, network_params, run_pair
from neuroagents.models.ei.figures import hopf_figure, overshoot_figure, timecourse_figure
from neuroagents.models.ei.mean_field import Hopf, MeanField
from neuroagents.models.ei.measures import (
    agent_band,
    agreement,
    balanced_point,
    classify_outcome,
    hertz,
    ode_band,
    overshoots,
    run_duration,
)
from neuroagents.models.ei.network import EIModel, build_connectome
from neuroagents.models.ei.params import POPULATIONS, EIParams
from neuroagents.models.ei.wiring import wired_graph
from neuroagents.runner.config_connectome import ConnectomeParam, param_connectome
from neuroagents.runner.experiment import Experiment, ExperimentParams, ExperimentResult, Param

__all__ = ["BALANCE", "balance_experiment"]


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


def balance_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """The lecture's claim: time courses, overshoots against τ_E/τ_I, and the Hopf point.

    1. For each ratio in ``ratios``: agents and ODE (with its ±2σ finite-size band)
       from (e0, i0); outcome, overshoots and agreement.
    2. For each ratio in ``scan_ratios``: overshoots of E in the ODE and in
       ``scan_seeds`` agent runs; the ratio above which the ODE from (e0, i0) settles.
    3. The Hopf bifurcation of the balanced fixed point in τ_E/τ_I; agents and ODE at
       the Hopf ratio and below it, started at the fixed point, with the band power of
       E(t) (time unit ``time_unit``).
    """
    wiring = param_connectome(config.connectome, populations=POPULATIONS)
    if wiring is None:
        base = base_params(config, config.ratios[0])
        graph = build_connectome(base, rng.spawn(1)[0])
    else:  # the given wiring; the mean field is that of G(n, p) of the same density
        conn = base_params(config, config.ratios[0]).connectivity
        fraction_e = config.n_e / (config.n_e + config.n_i)
        graph, sizes = wired_graph(wiring, conn, fraction_e, rng.spawn(1)[0])
        base = base_params({**config, **sizes}, config.ratios[0])
    mf_base = MeanField(base)
    point = balanced_point(mf_base)
    frac = config.band_fraction
    engine = config.engine

    rows, courses = [], []
    for ratio in config.ratios:
        params = base.replace(tau_ratio=ratio)
        mf = MeanField(params)
        agents, theory = run_pair(
            params, graph, rng.spawn(1)[0], run_duration(params, config.duration), engine
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
    for ratio in tqdm(config.scan_ratios, desc="overshoot scan", leave=False):
        params = base.replace(tau_ratio=ratio)
        mf = MeanField(params)
        t_end = run_duration(params, config.duration)
        ode = mf.solve(t_end)
        scan.append(_summary_row(ratio, "ode", ode, mf, point, frac, seed=0))
        for seed in range(config.scan_seeds):
            model = EIModel.from_params(
                params,
                rng=rng.spawn(1)[0],
                engine=engine,
                connectome=graph,
            )
            model.run_until(t_end)
            scan.append(_summary_row(ratio, "agents", model.rates(), mf, point, frac, seed))
    scan_table = pd.DataFrame(scan)
    basin = _basin_ratio(base, 1.0, max(config.scan_ratios))

    hopf = mf_base.hopf("tau_ratio", 1.0, max(config.scan_ratios))
    hopf_courses, bands, spectra = pd.DataFrame(), pd.DataFrame(), pd.DataFrame()
    if hopf is not None:
        hopf_courses, bands, spectra = _hopf_runs(base, hopf, graph, rng, config)

    table = pd.DataFrame(rows)
    landmarks = pd.DataFrame(
        [
            {
                "fixed_point_E": np.nan if point is None else float(point.E),
                "fixed_point_I": np.nan if point is None else float(point.I),
                "basin_ratio": np.nan if basin is None else float(basin),
                "hopf_ratio": np.nan if hopf is None else float(hopf.value),
                "hopf_hz": np.nan if hopf is None else float(hertz(hopf.frequency, config)),
            }
        ]
    )
    summary = _balance_summary(base, point, table, scan_table, basin, hopf, bands, config)
    courses_table = pd.concat(courses, ignore_index=True)
    figures = {
        "timecourses": partial(timecourse_figure, courses_table, mf_base, point, config),
        "overshoots": partial(overshoot_figure, scan_table, basin, hopf, config),
    }
    if hopf is not None:
        figures["hopf"] = partial(hopf_figure, hopf_courses, spectra, bands, hopf, config)
    return ExperimentResult(
        table=table,
        summary=summary,
        figures=figures,
        tables={
            "timecourses": courses_table,
            "overshoot_scan": scan_table,
            "hopf_timecourses": hopf_courses,
            "band_power": bands,
            "hopf_spectra": spectra,
            "landmarks": landmarks,
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
    band = ode_band(point, frac) if source == "ode" else agent_band(mf, point, frac)
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
        "overshoots_E": overshoots(course, source, mf, point, frac),
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
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Agents and ODE at and below the Hopf ratio, from the fixed point.

    Returns the time courses, the band power of E with its spectral peak, and the power
    spectrum of E that both the peak and the figure are read from (one computation, so
    the figure cannot disagree with the table).
    """
    courses, bands, spectra = [], [], []
    dt = config["spectrum_dt"]
    for label, ratio in (("hopf", hopf.value), ("below", config["below_hopf"] * hopf.value)):
        params = base.replace(tau_ratio=ratio, e0=hopf.E, i0=hopf.I)
        t_end = config["spectrum_duration"]
        agents, _ = run_pair(params, graph, rng.spawn(1)[0], t_end, config["engine"], dt)
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
            spec = power_spectrum(
                steady["E"].to_numpy(), dt=dt, time_unit=config["time_unit"], resolution=1.0
            )
            spectra.append(spec.assign(run=label, ratio=ratio, source=source))
            bands.append(bp.assign(run=label, ratio=ratio, source=source, peak_hz=_peak(spec)))
    return (
        pd.concat(courses, ignore_index=True),
        pd.concat(bands, ignore_index=True),
        pd.concat(spectra, ignore_index=True),
    )


def _peak(spec: pd.DataFrame) -> float:
    """The frequency of the largest power above 1 Hz (below it: the slow drift)."""
    spec = spec[spec["frequency"] > 1.0]
    return float(spec["frequency"].iloc[int(np.argmax(spec["power"].to_numpy()))])


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
        f"p = {base.p:.4g}, T_E = {base.theta_e:g}, T_I = {base.theta_i:g}, start "
        f"(E, I) = ({base.e0:g}, {base.i0:g}), tau_I = {base.tau_i:g} {unit}.",
    ]
    if config.get("connectome"):
        lines.append(
            f"Wiring: {config['connectome']!r} (p = its density; the mean field is that of "
            "G(n, p) with the same sizes and density)."
        )
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
            f"{hertz(hopf.frequency, config):.1f} Hz "
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


BALANCE = Experiment(
    name="balance",
    description="time courses vs tau_E/tau_I, agents and ODE; overshoots; Hopf point",
    params=network_params(
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
        connectome=ConnectomeParam(
            "",
            'wiring ("" = G(n, p)): a name or a file; its population attribute (E/I) or '
            "else a random n_e : n_i split; p becomes its density",
            populations=POPULATIONS,
            excludes=("p",),
        ),
    ),
    run=balance_experiment,
    headlines=balance_headlines,
    quick={
        "n_e": 1600,
        "n_i": 400,
        "p": 0.25,
        "scan_ratios": [1.0, 40.0],
        "scan_seeds": 1,
        "duration": 6.0,
        "spectrum_duration": 400.0,
    },
)
