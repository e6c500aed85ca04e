"""Experiment ``chaos``: random rate networks, the logistic map, Lorenz, divergence.

Pieces:
    scc_model: ``tau dx/dt = -x + g J tanh(x)`` as a NeuralModel (graded-response tanh
        neurons: the potential is x), J_ij ~ N(0, 1/N).
    scc_trial: its largest Lyapunov exponent (Benettin, RK4) and, for g < 1, the
        finite-N theory ``max Re eig(g J) - 1`` (the run ends at the fixed point 0).
    scc_sweep: sizes x networks x gains (the transition's statistics: chaos_transition).
    autocorrelation_time: the time a chaotic network's activity takes to decorrelate
        to 1/2, from an engine run.
    logistic_sweep, period_onset: the logistic map's exponent and attractor over r; where
        periods 2, 4, 8 and the period-3 window begin.
    lorenz_trial: Lorenz's spectrum against the published one.
    divergence_table: two trajectories started 1e-10 apart (Lorenz and a network).
    CHAOS: the experiment.

References:
    Sompolinsky, Crisanti, Sommers (1988), Phys. Rev. Lett. 61, 259: chaos for g > 1.
    Sprott (2003), *Chaos and Time-Series Analysis*: Lorenz exponents 0.9056, 0, -14.5723.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

import neuroagents as na
from neuroagents.analysis.lyapunov import divergence, lyapunov_spectrum, map_lyapunov
from neuroagents.errors import ConfigError
from neuroagents.models.rate.experiments.chaos_transition import (
    chaos_headlines,
    crossings,
    exponent_between,
    half_exponents,
    run_length_verdict,
    transition_table,
)
from neuroagents.models.rate.experiments.scc_lyapunov import scc_lyapunov_over_gains
from neuroagents.models.rate.figures import chaos_figure
from neuroagents.models.rate.network import float64_model, random_coupling, wired_coupling
from neuroagents.models.rate.theory import (
    LORENZ_EXPONENTS,
    PERIOD_DOUBLING,
    PERIOD_THREE,
    logistic_period,
    lorenz,
    lorenz_jacobian,
)
from neuroagents.runner.config_connectome import ConnectomeParam, param_connectome
from neuroagents.runner.experiment import Experiment, ExperimentResult, Param, format_table

__all__ = [
    "CHAOS",
    "autocorrelation_time",
    "divergence_table",
    "logistic_sweep",
    "lorenz_trial",
    "period_onset",
    "scc_model",
    "scc_sweep",
    "scc_trial",
]


def scc_model(
    J: np.ndarray, g: float, dt: float = 0.05, wiring: na.Connectome | None = None
) -> na.NeuralModel:
    """``tau dx/dt = -x + g J tanh(x)`` (tau = 1) as graded-response tanh neurons.

    With a ``wiring``, its neurons' node attributes (``tau``, ``threshold``…) apply.
    """
    return float64_model(g * J, na.GradedResponse("tanh", gain=1.0), dt=dt, like=wiring)


def _coupling(n: int, rng: np.random.Generator, wiring: na.Connectome | None) -> np.ndarray:
    """SCC's all-to-all J of size n, or J on the wiring's synapses (n is then its size)."""
    return random_coupling(n, rng) if wiring is None else wired_coupling(wiring, rng)


def _linear_edge(model: na.NeuralModel, J: np.ndarray, g: float) -> float:
    """Largest growth rate at the quiet state: max Re eig of ``(g J - I) / tau``.

    NaN when a threshold or drive moves the fixed point away from x = 0.
    """
    a = model.arrays
    if np.any(a.threshold != 0) or np.any(a.drive != 0):
        return float("nan")
    if np.all(a.tau == 1.0):
        return float(np.linalg.eigvals(g * J).real.max()) - 1.0
    jac = (g * J - np.eye(J.shape[0])) / a.tau[:, None]
    return float(np.linalg.eigvals(jac).real.max())


def _trial_row(n: int, g: float, result: Any, edge: float, check_time: float) -> dict[str, Any]:
    """One (network, gain) row: the run's exponent, its halves, the short run's, theory."""
    first, second = half_exponents(result)
    return {
        "n": n,
        "g": g,
        "lyapunov": float(result.exponents[0]),
        "lyapunov_first_half": first,
        "lyapunov_second_half": second,
        "lyapunov_short": exponent_between(result, check_time / 2, check_time),
        "theory_fixed_point": edge if edge < 0 else np.nan,
        "final_size": float(np.sqrt(np.mean(result.final_state**2))),
    }


def scc_trial(
    J: np.ndarray,
    g: float,
    config: dict[str, Any],
    rng: np.random.Generator,
    wiring: na.Connectome | None = None,
) -> dict[str, Any]:
    """Largest Lyapunov exponent of the network g J; finite-N linear theory for g < 1."""
    n = J.shape[0]
    model = scc_model(J, g, wiring=wiring)
    result = lyapunov_spectrum(
        model,
        rng.normal(0.0, 1.0, n),
        dt=config["lyap_dt"],
        steps=config["lyap_steps"],
        transient=config["lyap_transient"],
        rng=rng,
    )
    return _trial_row(n, g, result, _linear_edge(model, J, g), _check_time(config))


def _check_time(config: dict[str, Any]) -> float:
    """The shorter run length whose classification is compared (the whole run if unset)."""
    return float(config.get("check_time", config["lyap_dt"] * config["lyap_steps"]))


def _gains_rows(J: np.ndarray, config: dict[str, Any], rng: np.random.Generator) -> list[dict]:
    """:func:`scc_trial` at every gain of one all-to-all J, all gains in one run.

    Each gain draws its start and tangent from its own child of ``rng`` in the order
    :func:`scc_trial` draws them, so both give the same exponents up to rounding.
    """
    n, gs = J.shape[0], list(config["gs"])
    children = rng.spawn(len(gs))
    starts = np.column_stack([c.normal(0.0, 1.0, n) for c in children])
    tangents = np.column_stack([c.normal(size=n) for c in children])
    results = scc_lyapunov_over_gains(
        J, gs, starts, tangents,
        dt=config["lyap_dt"], steps=config["lyap_steps"], transient=config["lyap_transient"],
    )  # fmt: skip
    top = float(np.linalg.eigvals(J).real.max())  # max Re eig(g J) = g max Re eig(J), g > 0
    check = _check_time(config)
    return [_trial_row(n, g, r, g * top - 1.0, check) for g, r in zip(gs, results, strict=True)]


def scc_sweep(
    config: dict[str, Any], rng: np.random.Generator, wiring: na.Connectome | None = None
) -> pd.DataFrame:
    """Every network size x ``networks`` random J x every g (the same J across g).

    With a ``wiring``: ``networks`` random J on its synapses (its size only). All-to-all
    networks run all their gains together (:mod:`.scc_lyapunov`).
    """
    rows = []
    for n in config["ns"] if wiring is None else [wiring.n_nodes]:
        for k in range(config["networks"]):
            J = _coupling(n, rng, wiring)
            if wiring is None:
                rows += [{**row, "network": k} for row in _gains_rows(J, config, rng)]
                continue
            rows += [
                {**scc_trial(J, g, config, rng.spawn(1)[0], wiring), "network": k}
                for g in config["gs"]
            ]
    return pd.DataFrame(rows)


def autocorrelation_time(
    n: int,
    g: float,
    config: dict[str, Any],
    rng: np.random.Generator,
    wiring: na.Connectome | None = None,
) -> float:
    """Time for the population-mean autocorrelation of x_i(t) to fall to 1/2 (engine run)."""
    model = scc_model(_coupling(n, rng, wiring), g, wiring=wiring)
    model.set_potential(rng.normal(0.0, 1.0, model.n))
    model.run_until(100.0)
    step = 0.2
    rows = []
    for k in range(int(config["ac_time"] / step)):
        model.run_until(100.0 + (k + 1) * step)
        rows.append(np.array(model.potential))
    x = np.array(rows)
    x = x - x.mean(axis=0)
    lags = int(min(len(x) // 2, 60.0 / step))
    c = np.array([np.mean(x[: len(x) - k] * x[k:]) for k in range(lags)])
    c = c / c[0]
    below = np.flatnonzero(c < 0.5)
    if below.size == 0:
        return float("inf")
    k = int(below[0])
    return float(step * (k - 1 + (c[k - 1] - 0.5) / (c[k - 1] - c[k])))


def logistic_sweep(
    rs: np.ndarray, iterations: int = 2000, keep: int = 120
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The exponent ``mean log |r (1 - 2x)|`` and the attractor's points, for every r."""
    x = np.full(rs.size, 0.3)
    for _ in range(1000):
        x = rs * x * (1 - x)
    total = np.zeros(rs.size)
    points = []
    for t in range(iterations):
        total += np.log(np.maximum(np.abs(rs * (1 - 2 * x)), 1e-300))
        x = rs * x * (1 - x)
        if t >= iterations - keep:
            points.append(x.copy())
    exps = pd.DataFrame({"r": rs, "lyapunov": total / iterations})
    diagram = pd.DataFrame({"r": np.repeat(rs, keep), "x": np.array(points).T.ravel()})
    return exps, diagram


def period_onset(period: int, low: float, high: float, transient: int = 200_000) -> float:
    """Bisection on r for where the attractor's period becomes ``period``."""
    for _ in range(30):
        mid = 0.5 * (low + high)
        if logistic_period(mid, transient=transient, tol=1e-7) == period:
            high = mid
        else:
            low = mid
    return 0.5 * (low + high)


def lorenz_trial(config: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Lorenz's three exponents (QR method, RK4 dt = 0.01) against Sprott's values."""
    r = lyapunov_spectrum(
        lorenz,
        [1.0, 1.0, 20.0],
        dt=0.01,
        steps=config["lorenz_steps"],
        k=3,
        transient=2000,
        jac=lorenz_jacobian,
        rng=rng,
    )
    return pd.DataFrame(
        {
            "exponent": [1, 2, 3, "sum"],
            "measured": [*r.exponents, r.exponents.sum()],
            "published": [*LORENZ_EXPONENTS, -(10 + 1 + 8 / 3)],
        }
    )


def _slope(t: np.ndarray, d: np.ndarray, low: float, high: float) -> float:
    band = (d > low) & (d < high)
    first = np.flatnonzero(d >= high)
    if first.size:
        band &= np.arange(d.size) < first[0]  # before the first saturation only
    if band.sum() < 2:
        return float("nan")
    return float(np.polyfit(t[band], np.log(d[band]), 1)[0])


def divergence_table(
    config: dict[str, Any], rng: np.random.Generator, wiring: na.Connectome | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pairs of trajectories 1e-10 apart (Lorenz, a g = 3 network): growth rates.

    The distance's growth rate over one pair (fitted while it grows from 1e-9 to 1e-3)
    is a finite-time exponent that varies from pair to pair; its mean over
    ``divergence_pairs`` starts on the attractor estimates the largest exponent.
    """
    x = lyapunov_spectrum(lorenz, [1.0, 1.0, 20.0], dt=0.01, steps=1, transient=2000).final_state
    lorenz_rates, courses = [], []
    for k in range(config["divergence_pairs"]):
        t, d = divergence(lorenz, x, delta=1e-10, dt=0.01, steps=4000, direction=rng.normal(size=3))
        lorenz_rates.append(_slope(t, d, 1e-9, 1e-3))
        if k == 0:
            courses.append(pd.DataFrame({"system": "lorenz", "time": t, "distance": d}))
        x = lyapunov_spectrum(lorenz, x, dt=0.01, steps=1, transient=500).final_state
    net = scc_model(_coupling(config["divergence_n"], rng, wiring), 3.0, wiring=wiring)
    x0 = lyapunov_spectrum(net, rng.normal(0, 1, net.n), dt=0.1, steps=1, transient=500).final_state
    tn, dn = divergence(net, x0, delta=1e-10, dt=0.1, steps=2500, direction=rng.normal(size=net.n))
    lam_net = lyapunov_spectrum(net, x0, dt=0.1, steps=config["lyap_steps"], rng=rng).exponents[0]
    courses.append(pd.DataFrame({"system": "network g = 3", "time": tn, "distance": dn}))
    rates = pd.DataFrame(
        [
            {
                "system": "lorenz",
                "pairs": len(lorenz_rates),
                "growth_rate": np.mean(lorenz_rates),
                "growth_sd": np.std(lorenz_rates),
                "lyapunov": LORENZ_EXPONENTS[0],
            },
            {
                "system": "network g = 3",
                "pairs": 1,
                "growth_rate": _slope(tn, dn, 1e-9, 1e-3),
                "growth_sd": np.nan,
                "lyapunov": lam_net,
            },
        ]
    )
    return rates, pd.concat(courses, ignore_index=True)


SCC_COLUMNS = ["n", "g", "lyapunov", "theory_fixed_point", "lyapunov_median", "median_low",
               "median_high", "chaotic_fraction", "chaotic_low", "chaotic_high",
               "chaotic_first_half", "chaotic_short"]  # fmt: skip


def chaos_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """SCC exponents against g; autocorrelation times; logistic map; Lorenz; divergence."""
    if config["check_time"] > config["lyap_dt"] * config["lyap_steps"]:
        raise ConfigError(
            "The 'check_time' parameter of chaos must be at most the run's length "
            f"lyap_dt * lyap_steps = {config['lyap_dt'] * config['lyap_steps']:g}. "
            f"Got {config['check_time']:g} instead."
        )
    wiring = param_connectome(config.get("connectome", ""))
    runs = scc_sweep(config, rng.spawn(1)[0], wiring)
    mean = runs.groupby(["n", "g"]).agg(
        lyapunov=("lyapunov", "mean"),
        lyapunov_sd=("lyapunov", "std"),
        theory_fixed_point=("theory_fixed_point", "mean"),
    )
    scc = mean.reset_index().merge(transition_table(runs), on=["n", "g"])
    crossing = crossings(runs)
    run_length = run_length_verdict(scc)
    run_length_short = run_length_verdict(scc, early="chaotic_short")
    ac = pd.DataFrame(
        [
            {
                "g": g,
                "autocorrelation_time": autocorrelation_time(
                    config["ac_n"], g, config, rng.spawn(1)[0], wiring
                ),
            }
            for g in config["ac_gs"]
        ]
    )
    rs = np.linspace(2.8, 4.0, config["logistic_points"])
    exps, diagram = logistic_sweep(rs)
    onsets = pd.DataFrame(
        [
            {"period": 2, "r_measured": period_onset(2, 2.9, 3.2), "r_theory": PERIOD_DOUBLING[0]},
            {"period": 4, "r_measured": period_onset(4, 3.3, 3.5), "r_theory": PERIOD_DOUBLING[1]},
            {"period": 8, "r_measured": period_onset(8, 3.5, 3.55), "r_theory": PERIOD_DOUBLING[2]},
            {"period": 3, "r_measured": period_onset(3, 3.82, 3.835), "r_theory": PERIOD_THREE},
        ]
    )
    at_r = pd.DataFrame(
        [
            {
                "r": r,
                "lyapunov": float(
                    map_lyapunov(
                        lambda x, r=r: r * x * (1 - x),
                        [0.3],
                        20000,
                        jac=lambda x, r=r: np.array([[r * (1 - 2 * x[0])]]),
                        transient=1000,
                    ).exponents[0]
                ),
            }
            for r in (3.2, 3.5, 3.835, 3.9, 4.0)
        ]
    )
    lor = lorenz_trial(config, rng.spawn(1)[0])
    rates, courses = divergence_table(config, rng.spawn(1)[0], wiring)
    on = ""
    if wiring is not None:
        on = (
            f"\nJ on the synapses of {config['connectome']!r} ({wiring.n_nodes} neurons), "
            "N(0, 1/rho) with rho the adjacency's largest eigenvalue: the bulk edge is g"
        )
    summary = "\n".join(
        [
            "Random rate network tau dx/dt = -x + g J tanh(x): largest Lyapunov exponent" + on,
            f"({config['networks']} networks per size, the same J across g; median with its "
            "bootstrap 95% interval; chaotic: exponent > 1e-3 over the run's second half, "
            "Wilson 95% interval; the first half's and a run of "
            f"{_check_time(config):g} tau's (its second half) beside it)",
            format_table(scc, SCC_COLUMNS),
            "where the median exponent crosses 0 (bootstrap over networks)",
            format_table(crossing, ["n", "networks", "g_zero_crossing", "g_se", "g_low", "g_high"]),
            "runs long enough (the chaotic fractions of the two halves agree within 2 "
            f"binomial SDs): {int(run_length['long_enough'].sum())} of {len(run_length)} "
            "cells"
            + (
                ""
                if run_length["long_enough"].all()
                else "; not in: "
                + ", ".join(
                    f"N = {r.n}, g = {r.g:g}"
                    for r in run_length[~run_length["long_enough"]].itertuples()
                )
            ),
            f"a run of {_check_time(config):g} tau classifies like the whole "
            f"({config['lyap_dt'] * config['lyap_steps']:g} tau) within 2 binomial SDs: "
            f"{int(run_length_short['long_enough'].sum())} of {len(run_length_short)} cells"
            + "".join(
                f"; N = {r.n}, g = {r.g:g}: {r.difference:+.2f}"
                for r in run_length_short[~run_length_short["long_enough"]].itertuples()
            ),
            "autocorrelation time (to 1/2) of x_i(t), N = "
            + str(config["ac_n"] if wiring is None else wiring.n_nodes),
            format_table(ac, ["g", "autocorrelation_time"]),
            "logistic map: onsets of periods 2, 4, 8 and the period-3 window",
            onsets.to_string(index=False, float_format=lambda v: f"{v:.6f}"),
            "logistic map exponents (map_lyapunov; log 2 = 0.6931 at r = 4)",
            format_table(at_r, ["r", "lyapunov"]),
            "Lorenz (10, 28, 8/3) spectrum",
            format_table(lor, ["exponent", "measured", "published"]),
            "trajectories 1e-10 apart: growth rate of the distance against the exponent",
            format_table(rates, ["system", "pairs", "growth_rate", "growth_sd", "lyapunov"]),
        ]
    )
    figure = chaos_figure(scc, exps, diagram, courses, LORENZ_EXPONENTS[0])
    tables = {
        "scc_runs": runs,
        "crossing": crossing,
        "run_length": run_length,
        "run_length_short": run_length_short,
        "autocorrelation": ac,
        "logistic": exps,
        "onsets": onsets,
        "logistic_points": at_r,
        "lorenz": lor.astype({"exponent": str}),
        "divergence": rates,
    }
    return ExperimentResult(scc, summary, {"chaos": figure}, tables)


CHAOS = Experiment(
    name="chaos",
    description="SCC networks' Lyapunov exponent against g; logistic map; Lorenz; divergence",
    params={
        "ns": Param([200, 500, 1000], "network sizes"),
        "gs": Param([0.9, 1.1, 1.3, 1.6, 2.0], "gains g (increasing)"),
        "networks": Param(20, "random networks J per size", low=1),
        "lyap_dt": Param(0.1, "RK4 step of the Lyapunov runs", low=1e-4),
        "lyap_steps": Param(10000, "averaged steps", low=10),
        "lyap_transient": Param(1000, "discarded steps", low=0),
        "check_time": Param(
            300.0,
            "length (tau) of the shorter run whose classification is compared with the "
            "whole run's (at most lyap_dt * lyap_steps)",
            low=1e-3,
        ),
        "ac_n": Param(1000, "network size for autocorrelation times", low=10),
        "ac_gs": Param([1.1, 1.3, 1.6, 2.0, 3.0], "gains for autocorrelation times"),
        "ac_time": Param(300.0, "time recorded for autocorrelations", low=20.0),
        "logistic_points": Param(1200, "r values in [2.8, 4]", low=10),
        "lorenz_steps": Param(50000, "Lorenz RK4 steps (dt = 0.01)", low=100),
        "divergence_n": Param(200, "network size of the divergence run", low=10),
        "divergence_pairs": Param(20, "Lorenz trajectory pairs", low=1),
        "connectome": ConnectomeParam(
            "",
            'wiring of the networks ("" = all-to-all): a name or a file; replaces ns, '
            "ac_n and divergence_n by its size",
            excludes=("ns", "ac_n", "divergence_n"),
        ),
    },
    run=chaos_experiment,
    headlines=chaos_headlines,
    quick={
        "ns": [200],
        "networks": 3,
        "gs": [0.5, 0.9, 1.5, 2.0],
        "lyap_steps": 1000,
        "lyap_transient": 300,
        "check_time": 40.0,
        "ac_n": 200,
        "ac_gs": [1.5, 3.0],
        "ac_time": 100.0,
        "logistic_points": 300,
        "lorenz_steps": 5000,
        "divergence_pairs": 5,
    },
)
