"""Experiment ``low_dim``: one dimension only settles (or grows); two can cycle.

Pieces:
    self_excited_unit: ``tau dv/dt = -v + f(w v + b)`` as a one-neuron NeuralModel.
    one_d_trial: trajectories of a 1-D unit from many starts: monotone, ending on the
        fixed points the analysis finds (or growing at the linear rate).
    hopf_from_eigenvalues: the w_EE where the E-I pair's fixed point loses stability,
        by root finding on the largest real part of its Jacobian's eigenvalues.
    engine_hopf_point: the same for the engine's exponential-Euler step map (it comes
        earlier by about dt omega^2: the first-order integrator adds a little gain).
    cycle_amplitude: the engine's limit-cycle amplitude and period at one w_EE.
    LOW_DIM: the experiment.

1-D: a trajectory of ``dv/dt = F(v)`` cannot pass a zero of F, so it moves
monotonically to a fixed point or to infinity: ``dv/dt`` never changes sign. 2-D: by
Poincaré-Bendixson a bounded trajectory ends on a fixed point or a cycle. The E-I pair
``tau dE/dt = -E + tanh(w_EE E - w_EI I)``, ``tau dI/dt = -I + tanh(w_IE E)`` has a
Hopf point at ``w_EE = 1 + tau_E / tau_I`` (trace 0) with frequency
``sqrt(det J)``; tanh saturates (its cubic term is negative) so the Hopf bifurcation is
supercritical: the cycle's amplitude grows like ``sqrt(w_EE - w_H)``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize

import neuroagents as na
from neuroagents.analysis.limit_cycles import cycle_of
from neuroagents.analysis.lyapunov import lyapunov_spectrum
from neuroagents.analysis.vector_fields import nullclines
from neuroagents.models.rate.circuits import EIPair
from neuroagents.models.rate.experiments.headlines import low_dim_headlines
from neuroagents.models.rate.figures import low_dim_figure
from neuroagents.models.rate.network import float64_model, record_states
from neuroagents.models.rate.theory import ei_hopf_point
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = [
    "LOW_DIM",
    "cycle_amplitude",
    "engine_hopf_point",
    "hopf_from_eigenvalues",
    "one_d_trial",
    "self_excited_unit",
]


def self_excited_unit(
    w: float, shape: str = "tanh", bias: float = 0.0, dt: float = 0.01
) -> na.NeuralModel:
    """One rate neuron with a self-connection w: ``tau dv/dt = -v + f(w v + bias)``."""
    return float64_model(np.array([[w]]), shape, dt=dt, drive=bias)


def one_d_trial(
    w: float, shape: str, config: dict[str, Any]
) -> tuple[dict[str, Any], pd.DataFrame]:
    """Runs from evenly spaced starts: sign changes of dv/dt, ends against fixed points."""
    model = self_excited_unit(w, shape, config["bias"])
    every = model.fixed_points(16, rng=0)
    points = [p for p in every if p.stable]
    times = np.linspace(0.0, config["one_d_time"], 401)
    rows, courses = [], []
    for v0 in np.linspace(-2.0, 2.0, config["one_d_starts"]):
        model.set_state([v0])
        start, v = model.time, []
        for t in times:
            model.run_until(start + t)
            v.append(float(model.state[0]))
        v = np.array(v)
        dv = np.diff(v)
        moving = np.abs(dv) > 1e-12
        sign_changes = int(np.sum(np.diff(np.sign(dv[moving])) != 0))
        end = v[-1]
        dist = min((abs(end - p.state[0]) for p in every), default=np.inf)
        rows.append({"v0": v0, "sign_changes": sign_changes, "end": end, "distance": dist})
        courses.append(pd.DataFrame({"w": w, "v0": v0, "time": times, "v": v}))
    table = pd.DataFrame(rows)
    growth = np.nan
    if not points:  # unbounded: the rate of growth against (w - 1) / tau
        late = times > times[-1] / 2
        big = courses[-1]["v"].to_numpy()
        growth = float(np.polyfit(times[late], np.log(np.abs(big[late])), 1)[0])
    summary = {
        "w": w,
        "shape": shape,
        "stable_fixed_points": len(points),
        "max_sign_changes": int(table["sign_changes"].max()),
        "max_distance": float(table["distance"].max()) if points else np.nan,
        "growth_rate": growth,
        "growth_theory": (w - 1.0) if not points else np.nan,
    }
    return summary, pd.concat(courses, ignore_index=True)


def _max_real_eig(w_ee: float, config: dict[str, Any]) -> float:
    model = EIPair(w_ee, config["w_ei"], config["w_ie"], tau_i=config["tau_i"])
    point = model.fixed_points(4, rng=0)
    origin = min(point, key=lambda p: float(np.abs(p.state).max()))
    return float(origin.eigenvalues.real.max())


def hopf_from_eigenvalues(config: dict[str, Any]) -> tuple[float, float]:
    """The Hopf point (brentq on the largest real part) and the frequency there."""
    w_h = optimize.brentq(_max_real_eig, 1.0, 4.0, args=(config,), xtol=1e-12)
    model = EIPair(w_h, config["w_ei"], config["w_ie"], tau_i=config["tau_i"])
    return float(w_h), float(np.abs(np.linalg.eigvals(model.jacobian()).imag).max())


def _map_radius(w_ee: float, config: dict[str, Any]) -> float:
    model = EIPair(w_ee, config["w_ei"], config["w_ie"], tau_i=config["tau_i"], dt=config["dt"])
    keep = np.exp(-config["dt"] / model.tau)  # exponential Euler: v' = k v + (1 - k) f(Wv)
    step = np.eye(2) + ((1 - keep) * model.tau)[:, None] * model.jacobian()
    return float(np.abs(np.linalg.eigvals(step)).max()) - 1.0


def engine_hopf_point(config: dict[str, Any]) -> float:
    """The Hopf point of the engine's step map (exponential Euler with ``dt``).

    The step ``v -> k v + (1 - k) f(W v)`` linearizes to ``I + (1 - k) tau J``; its
    fixed point loses stability when an eigenvalue leaves the unit circle, i.e. when
    ``2 Re mu + (1 - k) |mu|^2 = 0`` (mu an eigenvalue of tau J): before the flow's Hopf
    point, by about ``dt omega^2`` in w_EE.
    """
    return float(optimize.brentq(_map_radius, 1.0, 4.0, args=(config,), xtol=1e-12))


def cycle_amplitude(w_ee: float, config: dict[str, Any]) -> tuple[dict[str, Any], pd.DataFrame]:
    """Run the engine past its transient; amplitude (half peak-to-peak of E) and period."""
    dt = config["dt"]
    model = EIPair(w_ee, config["w_ei"], config["w_ie"], tau_i=config["tau_i"], dt=dt)
    model.set_state([0.2, 0.0])
    model.run_until(config["transient"])
    times = config["transient"] + np.arange(0.0, config["window"], 0.05)
    states = record_states(model, times)
    cycle = cycle_of(times, states)
    amplitude = float((states[:, 0].max() - states[:, 0].min()) / 2)
    row = {"w_ee": w_ee, "amplitude": amplitude, "periodic": cycle.periodic, "period": cycle.period}
    return row, pd.DataFrame({"E": states[:, 0], "I": states[:, 1]})


def low_dim_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """1-D monotone trajectories; the E-I pair's Hopf point, amplitudes and exponents."""
    one = [one_d_trial(w, s, config) for w, s in ((0.5, "tanh"), (2.0, "tanh"), (1.2, "linear"))]
    one_table = pd.DataFrame([r for r, _ in one])
    one_course = pd.concat([c for _, c in one if c["w"].iloc[0] != 1.2], ignore_index=True)
    w_h, omega = hopf_from_eigenvalues(config)
    w_theory, omega_theory = ei_hopf_point(config.w_ei, config.w_ie, tau_i=config.tau_i)
    rows, orbit = [], None
    for d in config.distances:
        row, states = cycle_amplitude(w_h + d, config)
        rows.append({**row, "distance": d, "fit": 0 < d <= config.fit_below})
        if d == max(config.distances):
            orbit = states
    sweep = pd.DataFrame(rows)
    fit = sweep[sweep["fit"]]
    k, c = np.polyfit(fit["w_ee"], fit["amplitude"] ** 2, 1)
    w_past = w_h + max(config.distances)
    model = EIPair(w_past, config.w_ei, config.w_ie, tau_i=config.tau_i)
    exps = lyapunov_spectrum(model, [0.5, 0.0], dt=0.02, steps=20000, k=2, transient=5000, rng=rng)
    null_e, null_i = nullclines(model, (-1.0, 1.0), (-1.0, 1.0), 120)
    hopf = pd.DataFrame(
        [
            {
                "w_hopf_theory": w_theory,
                "w_hopf_eigenvalues": w_h,
                "w_hopf_engine_map": engine_hopf_point(config),
                "w_hopf_from_amplitudes": -c / k,
                "omega_theory": omega_theory,
                "omega_eigenvalues": omega,
                "period_theory": 2 * np.pi / omega_theory,
                "period_near_hopf": float(sweep.loc[sweep["fit"], "period"].iloc[0]),
                "lyapunov_on_cycle": exps.exponents[0],
                "lyapunov_second": exps.exponents[1],
            }
        ]
    )
    summary = (
        "1-D: sign changes of dv/dt along every trajectory (0 = monotone)\n"
        + format_table(one_table, list(one_table.columns))
        + "\n2-D E-I pair: Hopf point and cycle amplitude (A^2 linear in w_EE - w_H)\n"
        + format_table(sweep, ["w_ee", "distance", "amplitude", "periodic", "period"])
        + "\n"
        + format_table(hopf, list(hopf.columns[:5]))
        + "\n"
        + format_table(hopf, list(hopf.columns[5:]))
    )
    figure = partial(
        low_dim_figure,
        one_course,
        sweep,
        orbit,
        null_e,
        null_i,
        w_h,
        hopf["w_hopf_engine_map"].iloc[0],
    )
    return ExperimentResult(sweep, summary, {"low_dim": figure}, {"one_d": one_table, "hopf": hopf})


LOW_DIM = Experiment(
    name="low_dim",
    description="1-D units only settle or grow; the 2-D E-I pair's Hopf point and cycle",
    params={
        "bias": Param(0.0, "1-D unit's drive"),
        "one_d_starts": Param(9, "1-D starts in [-2, 2]", low=2),
        "one_d_time": Param(40.0, "1-D run length", low=1.0),
        "w_ei": Param(2.0, "I -> E weight", low=0.0),
        "w_ie": Param(2.0, "E -> I weight", low=0.0),
        "tau_i": Param(1.0, "tau_I / tau_E", low=1e-3),
        "dt": Param(0.005, "exponential-Euler step of the 2-D runs", low=1e-6),
        "distances": Param([-0.05, 0.005, 0.01, 0.02, 0.04, 0.08, 0.3], "w_EE - w_H values"),
        "fit_below": Param(0.04, "largest w_EE - w_H in the sqrt fit", low=0.0),
        "transient": Param(1500.0, "time discarded before measuring", low=10.0),
        "window": Param(40.0, "time measured", low=5.0),
    },
    run=low_dim_experiment,
    headlines=low_dim_headlines,
    quick={"distances": [-0.05, 0.01, 0.02, 0.04, 0.3], "transient": 800.0},
)
