"""Feed-forward inhibition and the integration window (Pouille & Scanziani 2001).

Pieces:
    feedforward_experiment: measure the integration window of the circuit RGC -> TC,
        RGC -> LIN -> TC (two input fibers, one volley each) without the inhibitory path
        and over a grid of inhibitory delays x strengths; compare each with the closed
        form, give the verdict of :mod:`~neuroagents.models.spiking.feedforward_verdict`,
        draw the windows and TC's membrane potential for one pair of volleys; the same
        grid with exponential synaptic currents (``tau_syns``), against the windows the
        PSP kernels give in continuous time (the table ``currents``).
    FEEDFORWARD_INHIBITION: the experiment ``runs/spiking_feedforward_inhibition.toml``
        runs.

The circuit has no random parts: the seed changes nothing (``deterministic``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.spiking.feedforward import (
    ONSET,
    FeedforwardParams,
    critical_inhibition,
    feedforward_model,
    integration_window,
    single_volley_fires,
    window_theory,
)
from neuroagents.models.spiking.feedforward_currents import (
    CurrentsCircuit,
    current_window,
    current_window_theory,
    peak_potential,
)
from neuroagents.models.spiking.feedforward_figures import window_figure
from neuroagents.models.spiking.feedforward_verdict import PAPER_WINDOW, window_verdict
from neuroagents.runner.experiment import Experiment, ExperimentResult, Param, format_table

__all__ = ["FEEDFORWARD_INHIBITION", "feedforward_experiment"]

# Points per delay of the closed-form curves in the figure.
THEORY_POINTS = 200
CURRENT_POINTS = 40
# The trace's own grid (ms): precise timing does not depend on it; it sets the sampling.
TRACE_DT = 0.01
TRACE_TAIL = 25.0


def _measure(params: FeedforwardParams, tol: float) -> dict[str, Any]:
    """One circuit's row: its window measured and in closed form, and the checks' inputs."""
    measured = integration_window(params, tol=tol)
    theory = window_theory(params)
    inhibited = params.inh_strength > 0
    return {
        "inh_delay": params.inh_delay if inhibited else float("nan"),
        "inh_strength": params.inh_strength,
        "critical_strength": critical_inhibition(params) if inhibited else float("nan"),
        "window": measured.window,
        "window_theory": theory,
        "error": theory - measured.window,
        "tol": measured.tol,
        "evaluations": measured.evaluations,
        "contiguous": measured.contiguous,
        "single_volley_fires": single_volley_fires(params),
    }


def _currents(config: dict[str, Any], base: FeedforwardParams) -> pd.DataFrame:
    """Windows with exponential synaptic currents: each tau_syn, no inhibition and the grid."""
    rows = []
    for tau_syn in config["tau_syns"]:
        first = CurrentsCircuit(
            tau_m=base.tau_m, theta=base.theta, j_exc=base.j_exc, tau_syn=tau_syn,
            dt=config["currents_dt"], v_reset=base.v_reset, t_ref=base.t_ref,
        )  # fmt: skip
        grid = [(first.inh_delay, 0.0)] + [
            (d, g) for d in config["inh_delays"] for g in config["inh_strengths"]
        ]
        for d, g in grid:
            c = dataclasses.replace(first, inh_delay=d, inh_strength=g)
            window, theory = current_window(c), current_window_theory(c)
            rows.append(
                {
                    "tau_syn": tau_syn,
                    "inh_delay": d if g > 0 else float("nan"),
                    "inh_strength": g,
                    "window": window,
                    "window_theory": theory,
                    "error": theory - window,
                    "dt": c.dt,
                    "coincident_peak": peak_potential(c, 0.0),
                }
            )
    return pd.DataFrame(rows)


def _trace(params: FeedforwardParams, interval: float, label: str) -> pd.DataFrame:
    """TC's membrane potential for one pair of volleys ``interval`` ms apart."""
    fine = dataclasses.replace(params, dt=TRACE_DT)
    model = feedforward_model(fine, interval, record=True)
    model.run_until(round((ONSET + interval + TRACE_TAIL) / TRACE_DT) * TRACE_DT)
    v = model.voltages()
    spikes = model.spikes()
    fired = spikes.loc[spikes["neuron"] == "TC", "time"]
    return pd.DataFrame(
        {
            "time": v["time"],
            "v": v["v"],
            "circuit": label,
            "spike": float(fired.iloc[0]) if len(fired) else float("nan"),
        }
    )


def _currents_curve(config: dict[str, Any], base: FeedforwardParams) -> pd.DataFrame:
    """The currents' windows in continuous time over g at the trace's delay (figure lines)."""
    rows = []
    for tau_syn in config["tau_syns"]:
        for g in np.linspace(0.0, max(config["inh_strengths"]), CURRENT_POINTS).tolist():
            c = CurrentsCircuit(
                tau_m=base.tau_m, theta=base.theta, j_exc=base.j_exc, tau_syn=tau_syn,
                inh_strength=g, inh_delay=config["trace_delay"], dt=config["currents_dt"],
            )  # fmt: skip
            rows.append(
                {
                    "tau_syn": tau_syn,
                    "inh_strength": g,
                    "window_theory": current_window_theory(c, tol=1e-6),
                }
            )
    return pd.DataFrame(rows)


def _currents_lines(currents: pd.DataFrame, delay: float) -> list[str]:
    """The summary's lines on the windows with synaptic currents."""
    lines = [
        f"With exponential synaptic currents (iaf_psc_exp, grid dt = {currents['dt'].iloc[0]:g} "
        f"ms, EPSP/IPSP given by their peaks), windows at d = {delay:g} ms against the PSP "
        f"kernels in continuous time (largest difference {currents['error'].abs().max():.2g} ms; "
        "0: even coincident volleys stay below threshold):"
    ]
    for tau_syn, rows in currents.groupby("tau_syn"):
        free = rows[rows["inh_strength"] == 0]["window"].iloc[0]
        at = rows[rows["inh_delay"] == delay]
        pairs = zip(at["inh_strength"], at["window"], strict=True)
        shown = ", ".join(f"g {g:g}: {w:.2f}" for g, w in pairs)
        lines.append(f"  tau_syn = {tau_syn:g} ms: none {free:.2f} ms; {shown} ms")
    return lines


def feedforward_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Windows without inhibition and over ``inh_delays`` x ``inh_strengths``; the verdict."""
    del rng  # nothing is random in this circuit
    base = FeedforwardParams(
        tau_m=config["tau_m"],
        theta=config["theta"],
        v_reset=config["v_reset"],
        t_ref=config["t_ref"],
        j_exc=config["j_exc"],
        exc_delay=config["exc_delay"],
        dt=config["dt"],
    )
    tol = config["tol"]
    circuits = [base] + [
        dataclasses.replace(base, inh_delay=d, inh_strength=g)
        for d in config["inh_delays"]
        for g in config["inh_strengths"]
    ]
    table = pd.DataFrame([_measure(p, tol) for p in circuits])
    ok, failed = window_verdict(table)
    currents = _currents(config, base)

    top = max(config["inh_strengths"])
    theory = pd.DataFrame(
        [
            {"inh_delay": d, "inh_strength": g, "window_theory": window_theory(p)}
            for d in config["inh_delays"]
            for g in np.linspace(0.0, top, THEORY_POINTS).tolist()
            for p in [dataclasses.replace(base, inh_delay=d, inh_strength=g)]
        ]
    )
    shown = dataclasses.replace(
        base, inh_delay=config["trace_delay"], inh_strength=config["trace_strength"]
    )
    interval = config["trace_interval"]
    traces = pd.concat(
        [
            _trace(base, interval, "no inhibition"),
            _trace(shown, interval, f"g = {shown.inh_strength:g} mV, d = {shown.inh_delay:g} ms"),
        ],
        ignore_index=True,
    )
    figure = window_figure(
        table,
        theory,
        traces,
        currents[currents["inh_delay"].isna() | (currents["inh_delay"] == config["trace_delay"])],
        _currents_curve(config, base),
        theta=base.theta,
        paper_window=PAPER_WINDOW,
        title=(
            f"Feed-forward inhibition: tau_m = {base.tau_m:g} ms, theta = {base.theta:g} mV, "
            f"J = {base.j_exc:g} mV; the trace: a pair {interval:g} ms apart"
        ),
    )
    free = table.iloc[0]
    inhibited = table.iloc[1:]
    strong = inhibited[inhibited["inh_strength"] >= inhibited["critical_strength"]]
    lines = [
        "Feed-forward inhibition (RGC -> TC, RGC -> LIN -> TC), two volleys Delta t apart; "
        f"iaf_psc_delta, tau_m = {base.tau_m:g} ms, theta = {base.theta:g} mV, "
        f"J = {base.j_exc:g} mV, exact spike times, windows bisected to {tol:g} ms.",
        f"Without inhibition: window {free['window']:.4f} ms (closed form "
        f"tau ln(J/(theta - J)) = {free['window_theory']:.4f} ms).",
        format_table(
            inhibited,
            ["inh_delay", "inh_strength", "critical_strength", "window", "window_theory"],
        ),
        f"Largest |simulation - closed form|: {table['error'].abs().max():.2g} ms.",
        f"With inhibition at least g*: windows {strong['window'].min():.3g}-"
        f"{strong['window'].max():.3g} ms (the lag d itself)."
        if not strong.empty
        else "No circuit of the grid has inhibition of at least g*.",
        f"Pouille & Scanziani (2001): under {PAPER_WINDOW:g} ms with feed-forward inhibition, "
        "set by the membrane time constant without it.",
        *_currents_lines(currents, config["trace_delay"]),
        "Verdict: shows what the paper reports."
        if ok
        else "Verdict: does not show what the paper reports; failed: " + "; ".join(failed),
    ]
    return ExperimentResult(
        table=table,
        summary="\n".join(lines),
        figures={"feedforward_inhibition": figure},
        tables={"traces": traces, "window_theory": theory, "currents": currents},
    )


FEEDFORWARD_INHIBITION = Experiment(
    name="feedforward_inhibition",
    description="Pouille & Scanziani (2001): the integration window with and without "
    "feed-forward inhibition, against the closed form",
    params={
        "tau_m": Param(20.0, "membrane time constant (ms)", low=0.01),
        "theta": Param(20.0, "threshold above rest (mV)", low=0.01),
        "v_reset": Param(10.0, "reset potential (mV from rest)"),
        "t_ref": Param(2.0, "refractory period (ms)", low=0.0),
        "j_exc": Param(13.0, "EPSP of one volley at TC (mV), in (theta/2, theta)", low=0.0),
        "exc_delay": Param(1.0, "fiber -> TC and fiber -> LIN delay (ms)", low=0.001),
        "inh_delays": Param([0.5, 1.0, 1.5, 2.0, 3.0, 5.0], "LIN -> TC delays (ms)", low=0.001),
        "inh_strengths": Param(
            [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 13.0], "IPSPs of one LIN spike (mV)", low=0.001
        ),
        "tol": Param(1e-4, "bisection bracket of each window (ms)", low=1e-9),
        "tau_syns": Param([0.5, 2.0], "synaptic current decay times (ms)", low=0.01),
        "currents_dt": Param(0.01, "grid step with currents (ms): the resolution", low=1e-4),
        "dt": Param(0.1, "grid step of the precise engine (ms; at most the delays)", low=0.001),
        "trace_interval": Param(5.0, "ms between the volleys of the voltage trace", low=0.0),
        "trace_delay": Param(1.0, "inhibitory delay of the voltage trace (ms)", low=0.001),
        "trace_strength": Param(8.0, "inhibitory strength of the voltage trace (mV)", low=0.001),
    },
    run=feedforward_experiment,
    quick={
        "inh_delays": [0.5, 1.0, 3.0],
        "inh_strengths": [2.0, 5.0, 13.0],
        "tol": 1e-3,
        "tau_syns": [0.5],
        "currents_dt": 0.02,
    },
    deterministic=True,
)
