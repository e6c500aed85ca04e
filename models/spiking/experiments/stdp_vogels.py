"""Vogels et al. (2011), one neuron: inhibitory plasticity sets the rate and co-tunes E and I.

Pieces:
    vogels_experiment: one conductance-based LIF neuron with 8 input channels (100
        excitatory and 25 inhibitory inputs each, all following the channel's rate
        signal); excitatory weights tuned across channels (fixed), inhibitory weights
        uniform and plastic (the Vogels–Sprekeler rule, α = 2 ρ₀ τ). Measures the output
        rate against ρ₀ and the correlation of per-channel excitatory and inhibitory
        drive before and after learning; the same verdict at a quarter and half of the
        run (``CHECKPOINTS``), to see whether it depends on the run length.
    VOGELS: the experiment ``runs/spiking_stdp_vogels.toml`` runs.

The neuron follows the paper: τ_m = 20 ms, E_L = V_reset = −60 mV, V_th = −50 mV,
t_ref = 5 ms, E_e = 0, E_i = −80 mV, τ_e = 5 ms, τ_i = 10 ms; τ_STDP = 20 ms,
ρ₀ = 5 Hz. Our choices (stated, not the paper's): the rate signals are rectified
Ornstein–Uhlenbeck processes (5 Hz + 20 Hz [x]₊, τ = 50 ms), the excitatory tuning is
0.3 + 1.1 / (1 + (c − 4)⁴) times ``g_exc`` (units of the leak), the inhibitory weights
start uniform in [0.005, 0.015] and η = 0.001. The per-channel drive is
Σ w × spikes × τ_syn × |E_syn − V̄| with the weights before (after) learning and the
whole run's input spikes (the mean synaptic current up to the leak conductance).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.spiking.experiments.headlines import vogels_headlines
from neuroagents.models.spiking.learning_measures import VOGELS_CHECKS, cotuning, vogels_verdict
from neuroagents.models.spiking.plastic_neuron import (
    ConductanceLIF,
    PlasticNeuronRun,
    channel_rates,
    modulated_trains,
    run_plastic_neuron,
)
from neuroagents.models.spiking.stdp_figures import rate_curve, vogels_figure
from neuroagents.runner.experiment import Experiment, ExperimentResult, Param, format_table
from neuroagents.sim.spiking.stdp import VogelsSprekeler

__all__ = ["CHECKPOINTS", "VOGELS", "vogels_experiment"]

SNAPSHOTS = 20  # weight snapshots per run
CHECKPOINTS = (0.25, 0.5)
"""Fractions of the run at which the verdict is taken as well (issue 26 §2): the rate over
the 20% before, the drives at that snapshot; the table ``checkpoints`` holds them."""

DT = 0.1
CHANNELS, E_PER, I_PER = 8, 100, 25
NEURON = ConductanceLIF(
    tau_m=20.0, E_L=-60.0, V_th=-50.0, V_reset=-60.0, t_ref=5.0, E_e=0.0, E_i=-80.0,
    tau_e=5.0, tau_i=10.0,
)  # fmt: skip
COLUMNS = [
    "seed", "rate_initial", "rate_final", "rho0", "corr_before", "corr_after",
    "depth_before", "depth_after",
]  # fmt: skip
PAPER = (
    "Vogels et al. (2011) report, for this single-neuron set-up (their Fig. 1): the "
    "output rate settles at the target rho0 = 5 Hz set by alpha = 2 rho0 tau, and the "
    "inhibitory input becomes co-tuned with the excitatory one (a detailed balance "
    "across channels). The verdict tests these claims with the thresholds of "
    "learning_measures.VOGELS_CHECKS; the paper's figure values were not available "
    "offline."
)


def _drives(run: PlasticNeuronRun, j: int, weights: np.ndarray, channel: np.ndarray):
    """Per-channel excitatory and inhibitory drive of ``weights``.

    With the whole run's input spikes (the channels' rate fluctuations average out), at
    the mean potential of snapshot interval j.
    """
    n_e = CHANNELS * E_PER
    d = weights * run.counts.sum(axis=0)
    v = run.mean_v[j]
    e = np.bincount(channel[:n_e], d[:n_e], CHANNELS) * NEURON.tau_e * (NEURON.E_e - v)
    i = np.bincount(channel[n_e:], d[n_e:], CHANNELS) * NEURON.tau_i * (v - NEURON.E_i)
    return e, i


def vogels_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """One learning run per seed: rates, drives before and after, the verdict."""
    channel = np.r_[np.repeat(np.arange(CHANNELS), E_PER), np.repeat(np.arange(CHANNELS), I_PER)]
    n_e = CHANNELS * E_PER
    excitatory = np.arange(channel.size) < n_e
    tuning = 0.3 + 1.1 / (1.0 + (np.arange(CHANNELS) - 4.0) ** 4)
    rule = VogelsSprekeler.for_rate(config["rho0"], eta=config["eta"], w_max=10.0)
    t = config["duration"]
    rows, checkpoints, first = [], [], None
    for seed, stream in enumerate(rng.spawn(config["seeds"])):
        rates = channel_rates(CHANNELS, t, stream, base=5.0, gain=20.0)
        events = modulated_trains(channel, rates, 1.0, DT, stream)
        inhibitory = stream.uniform(0.005, 0.015, channel.size - n_e)  # untuned
        weights = np.r_[config["g_exc"] * tuning[channel[:n_e]], inhibitory]
        run = run_plastic_neuron(
            NEURON, events, weights, excitatory, rule, ~excitatory, duration=t, dt=DT,
            snapshot_every=t / SNAPSHOTS,
        )  # fmt: skip
        before = _drives(run, 0, run.weights[0], channel)
        after = _drives(run, -1, run.weights[-1], channel)
        m = {
            "rate_initial": run.rate(0.0, 1000.0, DT),
            "rate_final": run.rate(0.8 * t, t, DT),
            "rho0": rule.target_rate,
            "corr_before": cotuning(*before),
            "corr_after": cotuning(*after),
            "depth_before": float(before[1].max() / before[1].min()),
            "depth_after": float(after[1].max() / after[1].min()),
        }
        ok, failed = vogels_verdict(m)
        rows.append({"seed": seed, **m, "reproduced": ok, "failed_checks": "; ".join(failed)})
        for fraction in CHECKPOINTS:  # the same run judged at an earlier time
            j = round(fraction * SNAPSHOTS)
            early = _drives(run, j, run.weights[j], channel)
            at = {
                **m,
                "rate_final": run.rate(0.8 * fraction * t, fraction * t, DT),
                "corr_after": cotuning(*early),
                "depth_after": float(early[1].max() / early[1].min()),
            }
            checkpoints.append({"seed": seed, "time_ms": fraction * t,
                                "rate_final": at["rate_final"], "corr_after": at["corr_after"],
                                "depth_after": at["depth_after"],
                                "reproduced": vogels_verdict(at)[0]})  # fmt: skip
        if first is None:
            first = (before, after, run)
    table = pd.DataFrame(rows)
    (e0, i0), (e1, i1), run = first
    rate_t, rate = rate_curve(run, DT, t / 100)
    figure = vogels_figure(e0, e1, i0, i1, rate_t, rate, rule.target_rate)
    lines = [
        f"Vogels et al. (2011), one neuron: {CHANNELS} channels x ({E_PER} E + {I_PER} I) "
        f"inputs, inhibitory STDP (eta = {config['eta']:g}, rho0 = {rule.target_rate:g} Hz, "
        f"tau = {rule.tau:g} ms), {t / 1000:g} s; the final rate over the last 20%.",
        format_table(table, COLUMNS),
        f"Final rate {table['rate_final'].mean():.2f} Hz (mean of {len(table)} runs; "
        f"target {rule.target_rate:g} Hz); E/I co-tuning {table['corr_before'].mean():.2f} "
        f"-> {table['corr_after'].mean():.2f}; inhibitory max/min across channels "
        f"{table['depth_before'].mean():.2f} -> {table['depth_after'].mean():.2f} "
        f"(excitatory: {tuning.max() / tuning.min():.2f}).",
    ]
    for row in rows:
        state = (
            "reproduced"
            if row["reproduced"]
            else "NOT reproduced: "
            + "; ".join(VOGELS_CHECKS[f] for f in row["failed_checks"].split("; "))
        )
        lines.append(f"seed {row['seed']}: {state}")
    lines.append(PAPER)
    drives = pd.DataFrame(
        {
            "channel": np.arange(CHANNELS),
            "exc_before": e0,
            "inh_before": i0,
            "exc_after": e1,
            "inh_after": i1,
        }
    )
    return ExperimentResult(
        table=table,
        summary="\n".join(lines),
        figures={"stdp_vogels": figure},
        tables={"drives": drives, "checkpoints": pd.DataFrame(checkpoints)},
    )


VOGELS = Experiment(
    name="stdp_vogels",
    description="Vogels et al. (2011): inhibitory STDP drives the rate to rho0, co-tunes E/I",
    params={
        "duration": Param(120_000.0, "learning time (ms)", low=2000.0),
        "rho0": Param(5.0, "target rate (Hz); alpha = 2 rho0 tau", low=0.1),
        "eta": Param(0.001, "learning rate (units of the leak conductance)", low=0.0),
        "g_exc": Param(0.02, "peak excitatory weight (units of the leak)", low=0.0),
        "seeds": Param(3, "independent repetitions", low=1),
    },
    run=vogels_experiment,
    headlines=vogels_headlines,
    quick={"duration": 40_000.0, "seeds": 1},
)
