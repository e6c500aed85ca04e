"""Experiment ``integrator``: with lambda_1 = 1 the circuit integrates, and remembers.

Pieces:
    integrator_circuit: M with lambda_1 given and the rest in [0, lambda_2].
    pulse: a drive along a direction for a while, then none.
    drift_time: ``1 / |d log|c| / dt|`` fitted to a recorded mode.
    pulse_trial: persistent activity after a pulse along e_1 against its integral.
    mistuning_trial: drift of a circuit with lambda_1 = 1 +- eps against tau / eps.
    eye_trial: the oculomotor integrator (Seung 1996): eye position after saccade-like
        pulses, in a network whose weights carry noise of size sigma; ``t10`` is the
        time after the last saccade until the eye has moved 10% away from where it was.
    INTEGRATOR: the experiment.

Theory: ``tau dc_1/dt = -(1 - lambda_1) c_1 + e_1 . h``; at lambda_1 = 1 a pulse of
``e_1 . h = A`` for a time T leaves ``c_1 = A T / tau`` for ever, a pulse across e_1
decays with ``tau / (1 - lambda_k)``, and a mistuned circuit drifts with
``tau / |1 - lambda_1|`` (leak below 1, runaway above). Noise sigma S in the weights
(S symmetric, entries of variance 1/n) moves lambda_1 by about ``sigma e_1.S.e_1``: the
eye drifts with ``tau / |1 - lambda_1'|`` of the noisy matrix.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.rate.circuits import LinearCircuit
from neuroagents.models.rate.experiments.headlines import integrator_headlines
from neuroagents.models.rate.figures import integrator_figure
from neuroagents.models.rate.network import record_modes, symmetric_with_spectrum
from neuroagents.models.rate.theory import mode_time_constant
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = [
    "INTEGRATOR",
    "drift_time",
    "eye_trial",
    "integrator_circuit",
    "mistuning_trial",
    "pulse",
    "pulse_trial",
]


def integrator_circuit(
    lambda1: float, config: dict[str, Any], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(M, E, lambdas)``: lambda_1 given, the others evenly in [0, lambda_2]."""
    lam = np.concatenate([[lambda1], np.linspace(config["lambda2"], 0.0, config["n"] - 1)])
    M, E = symmetric_with_spectrum(lam, rng)
    return M, E, lam


def pulse(
    model: Any,
    direction: np.ndarray,
    amplitude: float,
    start: float,
    length: float,
    basis: np.ndarray,
    times: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Drive ``amplitude * direction`` on [start, start + length]; record modes at ``times``.

    Returns:
        ``(t, c)``: the times outside the pulse and ``basis^T v`` there (rows).
    """
    before, after = times[times <= start], times[times >= start + length]
    rows = [record_modes(model, basis, before)]
    model.run_until(start)
    model.drive[:] = amplitude * direction
    model.run_until(start + length)
    model.drive[:] = 0.0
    rows.append(record_modes(model, basis, after))
    return np.concatenate([before, after]), np.concatenate(rows)


def drift_time(times: np.ndarray, c: np.ndarray) -> float:
    """``1 / |slope|`` of ``log |c(t)|`` by least squares (inf for no drift)."""
    slope = abs(np.polyfit(times, np.log(np.abs(c)), 1)[0])
    return float("inf") if slope < 1e-12 else float(1.0 / slope)


def pulse_trial(
    config: dict[str, Any], rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pulses along e_1 of several sizes, and one along e_2: persistent vs decaying."""
    tau = config["tau"]
    M, E, lam = integrator_circuit(1.0, config, rng)
    rows = []
    for amplitude, length in config["pulses"]:
        model = LinearCircuit(M, 0.0, tau=tau, dt=config["dt"])
        end = 1.0 + length + config["hold"]
        _, c = pulse(model, E[:, 0], amplitude, 1.0, length, E, np.array([0.0, 1.0 + length, end]))
        rows.append(
            {
                "amplitude": amplitude,
                "length": length,
                "integral": amplitude * length / tau,
                "c1_end_of_pulse": c[1, 0],
                "c1_late": c[2, 0],
                "others_late": np.abs(c[2, 1:]).max(),
            }
        )
    # one run: a pulse along e_1, later one along e_2
    model = LinearCircuit(M, 0.0, tau=tau, dt=config["dt"])
    t1 = np.arange(0.0, 20.0 + 1e-9, 0.25)
    t2 = np.arange(20.0, 20.0 + config["hold"] + 1e-9, 0.25)
    ta, first = pulse(model, E[:, 0], 1.0, 2.0, 1.0, E, t1)
    tb, second = pulse(model, E[:, 1], 1.0, 22.0, 1.0, E, t2[1:])
    times = np.concatenate([ta, tb])
    c = np.concatenate([first, second])
    course = pd.DataFrame({"time": times, "c1": c[:, 0], "c2": c[:, 1]})
    decay = (times >= 24.0) & (times <= 24.0 + 5 * mode_time_constant(lam[1], tau))
    table = pd.DataFrame(rows)
    table.attrs["tau2_theory"] = float(mode_time_constant(lam[1], tau))
    table.attrs["tau2_sim"] = drift_time(times[decay], c[decay, 1])
    return table, course


def mistuning_trial(
    eps: float, sign: int, config: dict[str, Any], rng: np.random.Generator
) -> dict[str, Any]:
    """lambda_1 = 1 + sign * eps: fitted drift time after a unit pulse against tau / eps."""
    tau = config["tau"]
    M, E, lam = integrator_circuit(1.0 + sign * eps, config, rng)
    model = LinearCircuit(M, 0.0, tau=tau, dt=config["dt"])
    theory = float(mode_time_constant(lam[0], tau))
    times = np.concatenate([[0.0], np.linspace(2.0 + 10 * tau, 2.0 + 3 * theory, 200)])
    _, c = pulse(model, E[:, 0], 1.0, 1.0, 1.0, E, times)
    return {
        "kind": "leak" if sign < 0 else "runaway",
        "eps": eps,
        "lambda1": lam[0],
        "tau_theory": theory,
        "tau_sim": drift_time(times[1:], c[1:, 0]),
    }


def eye_trial(
    sigma: float, config: dict[str, Any], rng: np.random.Generator
) -> tuple[dict[str, Any], pd.DataFrame]:
    """Saccade-like pulses into a tuned integrator with weight noise sigma; the eye after."""
    tau, n = config["tau"], config["n"]
    M, E, _ = integrator_circuit(1.0, config, rng)
    g = rng.normal(size=(n, n))
    noisy = M + sigma * (g + g.T) / np.sqrt(2 * n)
    lam_noisy = float(np.linalg.eigvalsh(noisy)[-1])
    model = LinearCircuit(noisy, 0.0, tau=tau, dt=config["dt"])
    readout = E[:, :1]  # the eye reads the tuned network's e_1
    gap, length = config["saccade_interval"], 0.2 * tau
    times, eye = [0.0], [0.0]
    for k, size in enumerate(config["saccades"]):
        start = gap * (k + 1)
        grid = np.linspace(start, start + gap, 41)
        t, c = pulse(model, E[:, 0], size * tau / length, start, length, readout, grid)
        times += list(t)
        eye += list(c[:, 0])
    last = times[-1]
    target = float(np.sum(config["saccades"]))
    hold = np.linspace(last, last + config["eye_hold"], 400)[1:]
    c = record_modes(model, readout, hold)[:, 0]
    times += list(hold)
    eye += list(c)
    late = hold >= last + 10 * tau
    theory = float(mode_time_constant(lam_noisy, tau)) if lam_noisy != 1 else float("inf")
    start_eye = eye[len(eye) - len(c) - 1]
    err = np.abs(c / start_eye - 1)
    over = np.flatnonzero(err > 0.1)
    row = {
        "sigma": sigma,
        "lambda1_noisy": lam_noisy,
        "target": target,
        "eye_after_saccades": start_eye,
        "eye_end": c[-1],
        "tau_theory": theory,
        "tau_sim": drift_time(hold[late], c[late]),
        "t10_sim": float(hold[over[0]] - last) if over.size else float("inf"),
        "t10_theory": theory * abs(np.log(0.9 if lam_noisy < 1 else 1.1)),
    }
    return row, pd.DataFrame({"sigma": sigma, "time": times, "eye": eye})


def integrator_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Persistent activity, decay across e_1, mistuning drift, the oculomotor integrator."""
    pulses, course = pulse_trial(config, rng.spawn(1)[0])
    drift = pd.DataFrame(
        [mistuning_trial(e, s, config, rng.spawn(1)[0]) for e in config.eps for s in (-1, 1)]
    )
    eyes = [eye_trial(s, config, rng.spawn(1)[0]) for s in config.sigma]
    eye = pd.DataFrame([r for r, _ in eyes])
    eye_course = pd.concat([c for _, c in eyes], ignore_index=True)
    summary = (
        "lambda_1 = 1: persistent c_1 against the pulse integral A T / tau\n"
        + format_table(pulses, ["amplitude", "length", "integral", "c1_late", "others_late"])
        + f"\npulse along e_2 decays with {pulses.attrs['tau2_sim']:.4g} "
        f"(theory tau/(1 - lambda_2) = {pulses.attrs['tau2_theory']:.4g})\n"
        "mistuned lambda_1 = 1 +- eps: drift time against tau/eps\n"
        + format_table(drift, ["kind", "eps", "tau_theory", "tau_sim"])
        + "\noculomotor integrator: weight noise sigma, drift time and time to a 10% error\n"
        + format_table(
            eye,
            [
                "sigma",
                "lambda1_noisy",
                "tau_theory",
                "tau_sim",
                "t10_theory",
                "t10_sim",
                "target",
                "eye_after_saccades",
                "eye_end",
            ],
        )
    )
    figure = partial(integrator_figure, pulses, course, drift, eye_course)
    return ExperimentResult(drift, summary, {"integrator": figure}, {"pulses": pulses, "eye": eye})


INTEGRATOR = Experiment(
    name="integrator",
    description="lambda_1 = 1: pulses integrated and remembered; mistuning; the eye integrator",
    params={
        "n": Param(20, "neurons", low=2),
        "tau": Param(1.0, "neuron time constant", low=1e-6),
        "dt": Param(0.02, "forward-Euler step", low=1e-6),
        "lambda2": Param(0.5, "largest other eigenvalue", high=0.9),
        "pulses": Param([[1.0, 1.0], [2.0, 1.0], [1.0, 3.0], [-0.5, 2.0]], "[amplitude, length]"),
        "hold": Param(100.0, "time after each pulse", low=1.0),
        "eps": Param([0.01, 0.003, 0.001], "mistunings |1 - lambda_1|"),
        "saccades": Param([10.0, -4.0, 6.0, -2.0], "saccade sizes (eye-position units)"),
        "saccade_interval": Param(10.0, "time between saccades", low=1.0),
        "sigma": Param([0.0, 0.003, 0.01, 0.03], "weight-noise sizes"),
        "eye_hold": Param(500.0, "time the eye is held after the last saccade", low=20.0),
    },
    run=integrator_experiment,
    headlines=integrator_headlines,
    quick={"n": 10, "eps": [0.01, 0.003], "hold": 30.0, "eye_hold": 200.0},
)
