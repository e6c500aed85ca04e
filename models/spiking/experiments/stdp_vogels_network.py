"""Vogels et al. (2011), the recurrent network: inhibitory STDP brings E rates to ρ₀, AI.

Pieces:
    vogels_network_experiment: a random E–I network of LIF neurons (``SpikingModel``,
        ``iaf_psc_delta``) whose I→E synapses learn by the Vogels–Sprekeler rule, started
        with too little inhibition (high rates); measures the excitatory rate against
        ρ₀, the inhibitory rate, the irregularity (CV of ISIs) and the synchrony (χ) at
        the end, and the I→E weight over time.
    VOGELS_NETWORK: the experiment ``runs/spiking_stdp_vogels_network.toml`` runs.

The paper: 8000 E and 2000 I conductance-based neurons, 2% connectivity, ρ₀ = 3 Hz; the
network settles in an asynchronous irregular state with E rates near ρ₀. Here
(substitution, stated): current-based delta-synapse neurons with Brunel's parameters
(τ = 20 ms, θ = 20 mV, V_r = 10 mV, t_ref = 2 ms, J = 0.2 mV, D = 1.5 ms), external
Poisson drive at 1.2 ν_thr, I→I at −6 J, I→E starting at −3 J (excitation-dominated).
``--quick``: 1600 E and 400 I at 10% (the same in-degrees, 160 and 40).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.spiking.figures import raster_figure
from neuroagents.models.spiking.states import CHI_SYNC, measure_run
from neuroagents.runner.experiment import Experiment, ExperimentResult, Param, format_table
from neuroagents.sim.spiking import LIFParams, SpikingModel
from neuroagents.sim.spiking.stdp import VogelsSprekeler

__all__ = ["VOGELS_NETWORK", "network_verdict", "vogels_network_experiment"]

P = LIFParams(tau_m=20.0, E_L=0.0, V_th=20.0, V_reset=10.0, t_ref=2.0)
J, G_II, DT, D = 0.2, 6.0, 0.1, 1.5
NETWORK_CHECKS = {
    "rate_at_target": "the excitatory rate is within 30% of rho0",
    "irregular": "irregular firing (CV of ISIs >= 0.5)",
    "asynchronous": f"asynchronous (chi < {CHI_SYNC})",
}


def network_verdict(m: dict[str, float]) -> tuple[bool, list[str]]:
    """The recurrent network's checks: (all passed, failed names).

    Examples:
        >>> network_verdict(dict(rate_e=3.2, rho0=3.0, cv=0.9, chi=0.1))
        (True, [])
        >>> network_verdict(dict(rate_e=9.0, rho0=3.0, cv=0.2, chi=0.9))[1]
        ['rate_at_target', 'irregular', 'asynchronous']
    """
    passed = {
        "rate_at_target": abs(m["rate_e"] - m["rho0"]) < 0.3 * m["rho0"],
        "irregular": m["cv"] >= 0.5,
        "asynchronous": m["chi"] < CHI_SYNC,
    }
    failed = [k for k in NETWORK_CHECKS if not passed[k]]
    return not failed, failed


def _connectome(n_e: int, n_i: int, p: float, g_ie: float, rng: np.random.Generator):
    n = n_e + n_i
    mask = rng.random((n, n)) < p
    np.fill_diagonal(mask, False)
    W = np.zeros((n, n))
    W[:, :n_e] = np.where(mask[:, :n_e], J, 0.0)
    W[:n_e, n_e:] = np.where(mask[:n_e, n_e:], -g_ie * J, 0.0)
    W[n_e:, n_e:] = np.where(mask[n_e:, n_e:], -G_II * J, 0.0)
    return W


def vogels_network_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Learn for ``duration`` ms, a second at a time; measure the last second."""
    n_e, n_i, p = config["n_e"], config["n_i"], config["p"]
    rule = VogelsSprekeler.for_rate(config["rho0"], eta=config["eta"], w_max=-20.0 * J)
    wiring, run_stream = rng.spawn(2)
    W = _connectome(n_e, n_i, p, config["g_ie"], wiring)
    n = n_e + n_i
    excitatory, inhibitory = range(n_e), range(n_e, n)
    model = SpikingModel(
        W, params=P, dt=DT, delay=D, v0="uniform", plasticity=rule,
        plastic=(inhibitory, excitatory), rng=run_stream,
    )  # fmt: skip
    c_e = p * n_e
    nu_thr = P.V_th / (J * c_e * P.tau_m) * 1000.0
    model.add_poisson_input(rate=config["ext"] * nu_thr * c_e, weight=J)
    plastic = model.plasticity.synapses
    rows = []
    seconds = int(config["duration"] // 1000)
    for second in range(seconds):
        if second == seconds - 1:
            model.record_voltage(np.linspace(0, n - 1, min(500, n)).astype(int))
        model.run_for(1000.0)
        spikes = model.spikes()
        last = spikes[spikes["time"] > model.time - 1000.0]
        rows.append(
            {
                "time_s": second + 1,
                "rate_e": float((last["neuron"] < n_e).sum() / n_e),
                "rate_i": float((last["neuron"] >= n_e).sum() / n_i),
                "w_ie": float(model.weights[plastic].mean()),
            }
        )
    course = pd.DataFrame(rows)
    measures, rate = measure_run(model, n_e, model.time - 1000.0, model.time, float("nan"))
    m = {
        "rate_e": measures.rate_e,
        "rate_i": measures.rate_i,
        "rho0": rule.target_rate,
        "cv": measures.cv,
        "chi": measures.chi,
        "rate_e_first_s": float(course["rate_e"].iloc[0]),
        "w_ie_start": -config["g_ie"] * J,
        "w_ie_end": float(course["w_ie"].iloc[-1]),
    }
    ok, failed = network_verdict(m)
    table = pd.DataFrame([{**m, "N": n, "reproduced": ok, "failed_checks": "; ".join(failed)}])
    shown = np.linspace(0, n_e - 1, 60).astype(int)
    figure = raster_figure(
        model.spikes(), rate, neurons=shown, window=(model.time - 500.0, model.time),
        title=f"Vogels et al. (2011) network after {seconds} s of iSTDP: "
        f"E {measures.rate_e:.2f} Hz (rho0 = {rule.target_rate:g}), CV {measures.cv:.2f}",
    )  # fmt: skip
    state = (
        "reproduced" if ok else "NOT reproduced: " + "; ".join(NETWORK_CHECKS[f] for f in failed)
    )
    lines = [
        f"Vogels et al. (2011) recurrent network: {n_e} E + {n_i} I LIF neurons, p = {p:g}, "
        f"iSTDP on I->E (eta = {config['eta']:g}, rho0 = {rule.target_rate:g} Hz), "
        f"{seconds} s; the paper: 8000 + 2000 conductance neurons, 2%, E rates near rho0 "
        "in an asynchronous irregular state.",
        format_table(course.iloc[:: max(1, seconds // 10)], list(course.columns)),
        format_table(table, ["rate_e", "rate_i", "rho0", "cv", "chi", "w_ie_start", "w_ie_end"]),
        state,
    ]
    return ExperimentResult(
        table=table,
        summary="\n".join(lines),
        figures={"stdp_vogels_network": figure},
        tables={"course": course},
    )


VOGELS_NETWORK = Experiment(
    name="stdp_vogels_network",
    description="Vogels et al. (2011) network: iSTDP on I->E brings E rates to rho0, AI",
    params={
        "n_e": Param(8000, "excitatory neurons", low=2),
        "n_i": Param(2000, "inhibitory neurons", low=2),
        "p": Param(0.02, "connection probability", low=0.0, high=1.0),
        "rho0": Param(3.0, "target excitatory rate (Hz)", low=0.1),
        "eta": Param(0.02, "learning rate (mV per unit trace)", low=0.0),
        "g_ie": Param(3.0, "initial I->E weight, in units of -J", low=0.0),
        "ext": Param(1.2, "external drive in units of nu_thr", low=0.0),
        "duration": Param(30_000.0, "learning time (ms, whole seconds)", low=2000.0),
    },
    run=vogels_network_experiment,
    quick={"n_e": 1600, "n_i": 400, "p": 0.1, "duration": 20_000.0},
)
