"""Experiment ``amplifier``: the linear circuit amplifies the input's projection on e_1.

Pieces:
    amplifier_trial: one circuit with lambda_1 given; every mode's steady state and
        settling time, simulated and in theory.
    fit_settling: fit ``c(t) = c_inf (1 - exp(-t / tau_k))`` to a recorded mode.
    AMPLIFIER: the experiment.

For each lambda_1, M has the spectrum (lambda_1, lambda_2, ..., lambda_n) with the others
evenly spaced in [lambda_min, lambda_2] and h has the mode components ``e_k . h``
drawn uniformly in +-[0.5, 1.5]. From v = 0 the network runs (the engine, forward
Euler) for ``settle`` slowest time constants; each mode's final value is compared with
``(e_k . h) / (1 - lambda_k)`` and its fitted settling time with ``tau / (1 - lambda_k)``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize

from neuroagents.models.rate.circuits import LinearCircuit
from neuroagents.models.rate.experiments.headlines import amplifier_headlines
from neuroagents.models.rate.figures import amplifier_figure
from neuroagents.models.rate.network import record_modes, symmetric_with_spectrum
from neuroagents.models.rate.theory import mode_steady_state, mode_time_constant
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = ["AMPLIFIER", "amplifier_trial", "fit_settling"]


def fit_settling(times: np.ndarray, c: np.ndarray, guess: float) -> tuple[float, float]:
    """Least-squares ``(c_inf, tau_k)`` of ``c(t) = c_inf (1 - exp(-t / tau_k))``."""

    def model(t: np.ndarray, c_inf: float, log_tau: float) -> np.ndarray:
        return c_inf * -np.expm1(-t / np.exp(log_tau))

    (c_inf, log_tau), _ = optimize.curve_fit(model, times, c, p0=(c[-1], np.log(guess)))
    return float(c_inf), float(np.exp(log_tau))


def amplifier_trial(
    lambda1: float, config: dict[str, Any], rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One circuit: a row per mode (theory and simulation) and the recorded time course."""
    n, tau = config["n"], config["tau"]
    lam = np.concatenate([[lambda1], np.linspace(config["lambda2"], config["lambda_min"], n - 1)])
    M, E = symmetric_with_spectrum(lam, rng)
    h_modes = rng.uniform(0.5, 1.5, n) * rng.choice([-1.0, 1.0], n)
    model = LinearCircuit(M, E @ h_modes, tau=tau, dt=config["dt"])
    slowest = float(mode_time_constant(lam, tau).max())
    times = np.concatenate([[0.0], np.geomspace(0.05 * tau, config["settle"] * slowest, 300)])
    c = record_modes(model, E, times)
    theory_ss = mode_steady_state(h_modes, lam)
    theory_tau = mode_time_constant(lam, tau)
    rows = []
    for k in range(n):
        window = times <= config["settle"] * theory_tau[k]
        _, tau_fit = fit_settling(times[window], c[window, k], theory_tau[k])
        rows.append(
            {
                "lambda1": lambda1,
                "mode": k + 1,
                "lambda_k": lam[k],
                "h_k": h_modes[k],
                "steady_theory": theory_ss[k],
                "steady_sim": c[-1, k],
                "steady_rel_error": abs(c[-1, k] / theory_ss[k] - 1),
                "tau_theory": theory_tau[k],
                "tau_sim": tau_fit,
                "tau_rel_error": abs(tau_fit / theory_tau[k] - 1),
            }
        )
    course = pd.DataFrame({"lambda1": lambda1, "time": times, "c1": c[:, 0], "c2": c[:, 1]})
    return pd.DataFrame(rows), course


def amplifier_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Steady states and settling times of every mode against linear theory."""
    tables, courses = [], []
    for lambda1 in config.lambda1:
        table, course = amplifier_trial(float(lambda1), config, rng.spawn(1)[0])
        tables.append(table)
        courses.append(course)
    table = pd.concat(tables, ignore_index=True)
    top = table[table["mode"] <= 2]
    summary = (
        "Linear circuit tau dv/dt = h + (M - I) v: mode k settles at (e_k.h)/(1 - lambda_k) "
        "with time constant tau/(1 - lambda_k).\n"
        + format_table(
            top,
            ["lambda1", "mode", "lambda_k", "steady_theory", "steady_sim", "tau_theory", "tau_sim"],
        )
        + f"\nall modes: max steady-state error {table['steady_rel_error'].max():.2e}, "
        f"max settling-time error {table['tau_rel_error'].max():.2e}"
    )
    figure = partial(amplifier_figure, table, pd.concat(courses, ignore_index=True))
    return ExperimentResult(table, summary, {"amplifier": figure})


AMPLIFIER = Experiment(
    name="amplifier",
    description="steady state and settling time of each mode against (e_k.h)/(1-lambda_k)",
    params={
        "n": Param(20, "neurons", low=2),
        "tau": Param(1.0, "neuron time constant", low=1e-6),
        "dt": Param(0.02, "forward-Euler step", low=1e-6),
        "lambda1": Param([0.5, 0.9, 0.99, 0.999], "top eigenvalues of M (< 1)"),
        "lambda2": Param(0.5, "second eigenvalue (<= 0.5)", high=0.5),
        "lambda_min": Param(0.0, "smallest eigenvalue", high=0.5),
        "settle": Param(8.0, "run length in slowest time constants", low=1.0),
    },
    run=amplifier_experiment,
    headlines=amplifier_headlines,
    quick={"n": 10, "lambda1": [0.5, 0.9, 0.99]},
)
