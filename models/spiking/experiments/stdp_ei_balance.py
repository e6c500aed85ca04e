"""Inhibitory and excitatory learning side by side: does an E–I network reach balance?

Pieces:
    CONDITIONS: the four learning conditions and the rules each turns on.
    run_condition: one network run under one condition: the course per second and the
        measures of its last second (:func:`..ei_balance.window_measures`).
    ei_balance_experiment: every condition on the same networks over seeds; the means
        with standard errors, the verdict per condition.
    EI_BALANCE: the experiment ``runs/spiking_stdp_ei_balance.toml`` runs.

The network (the one of :mod:`.stdp_vogels_network`, reduced): N_E excitatory and N_I
inhibitory current-based LIF neurons (Brunel's parameters: τ = 20 ms, θ = 20 mV,
V_r = 10 mV, t_ref = 2 ms, J = 0.2 mV, D = 1.5 ms), connection probability p, external
Poisson drive at 1.2 ν_thr onto every cell, I→I at −6 J, I→E starting at −3 J (too
little inhibition: the static network fires fast). Four conditions on the same wiring,
initial potentials and external input (one seed):

- ``none``: no plasticity;
- ``stdp_ee``: additive STDP on E→E (Song et al. 2000: A₋ = 1.05 A₊, τ₊ = τ₋ = 20 ms,
  bounds [0, 2 J]);
- ``istdp_ie``: Vogels–Sprekeler iSTDP on I→E (ρ₀, τ = 20 ms);
- ``both``: the two rules together, each on its own synapses.

"Before learning" is the static network's first second (the same in every condition);
"after" is each condition's last second. The verdict (:func:`..ei_balance.ei_verdict`)
asks for a net mean drive below threshold (balance) and an excitatory rate within 30% of
ρ₀; beside it, whether the state is asynchronous irregular (CV ≥ 0.5, χ < 0.45;
:func:`..ei_balance.ai_verdict`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.spiking.ei_balance import (
    AI_CHECKS,
    EI_CHECKS,
    ai_verdict,
    ei_verdict,
    window_measures,
)
from neuroagents.models.spiking.experiments.stdp_vogels_network import DT, D, J, P, _connectome
from neuroagents.models.spiking.stdp_figures import ei_balance_figure
from neuroagents.runner.experiment import Experiment, ExperimentResult, Param, format_table
from neuroagents.sim.spiking import SpikingModel
from neuroagents.sim.spiking.stdp import STDP, VogelsSprekeler

__all__ = ["CONDITIONS", "EI_BALANCE", "ei_balance_experiment", "run_condition"]

CONDITIONS = {"none": (), "stdp_ee": ("ee",), "istdp_ie": ("ie",), "both": ("ee", "ie")}
MEASURES = ("rate_e", "rate_i", "cv", "fano", "chi", "exc", "inh", "imbalance", "corr_ei")
SHOWN = ("rate_e", "rate_i", "cv", "chi", "exc", "inh", "imbalance", "corr_ei")


def _rules(config: dict[str, Any], which: tuple[str, ...], n_e: int, n: int) -> Any:
    exc, inh = range(n_e), range(n_e, n)
    rules = {
        "ee": (STDP(lambda_=config["lambda_ee"], alpha=1.05, w_max=2.0 * J), (exc, exc)),
        "ie": (
            VogelsSprekeler.for_rate(config["rho0"], eta=config["eta"], w_max=-20.0 * J),
            (inh, exc),
        ),
    }
    return [rules[w] for w in which] or None


def run_condition(
    config: dict[str, Any], condition: str, W: np.ndarray, seed: int
) -> tuple[pd.DataFrame, dict[str, float], dict[str, float]]:
    """One run: (course per second, measures of the first second, of the last second).

    Args:
        config: the experiment's parameters.
        condition: a key of :data:`CONDITIONS`.
        W: the weight matrix ``W[target, source]`` (E cells first).
        seed: the model's seed (initial potentials, external input).
    """
    n_e, n = config["n_e"], W.shape[0]
    model = SpikingModel(
        W, params=P, dt=DT, delay=D, v0="uniform", rng=seed,
        plasticity=_rules(config, CONDITIONS[condition], n_e, n),
    )  # fmt: skip
    c_e = config["p"] * n_e
    nu_thr = P.V_th / (J * c_e * P.tau_m) * 1000.0
    model.add_poisson_input(rate=config["ext"] * nu_thr * c_e, weight=J)
    external = config["ext"] * P.V_th  # τ J C_E ν_ext = ext θ by the definition of ν_thr
    sources = np.repeat(np.arange(n), np.diff(model.indptr))
    ee = (sources < n_e) & (model.targets < n_e)
    ie = (sources >= n_e) & (model.targets < n_e)
    probes = np.linspace(0, n - 1, min(300, n)).astype(int)
    seconds = int(config["duration"] // 1000)
    rows, first, last = [], {}, {}
    for second in range(seconds):
        measured = second in (0, seconds - 1)
        model.record_voltage(probes if measured else [])
        model.run_for(1000.0)
        if measured:
            m = window_measures(model, n_e, model.time - 1000.0, model.time, external)
            first, last = (m, m) if second == 0 else (first, m)
        spikes = model.spikes()
        now = spikes[spikes["time"] > model.time - 1000.0]
        rows.append(
            {
                "condition": condition,
                "time_s": second + 1,
                "rate_e": float((now["neuron"] < n_e).sum() / n_e),
                "rate_i": float((now["neuron"] >= n_e).sum() / (n - n_e)),
                "w_ee": float(model.weights[ee].mean()),
                "w_ie": float(model.weights[ie].mean()),
            }
        )
    return pd.DataFrame(rows), first, last


def _mean_se(values: pd.Series) -> tuple[float, float]:
    n = values.notna().sum()
    se = float(values.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
    return float(values.mean()), se


def ei_balance_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Each seed: one network, the four conditions on it; means ± standard errors."""
    n_e, n_i, p = config["n_e"], config["n_i"], config["p"]
    rows, courses = [], []
    for seed, stream in enumerate(rng.spawn(config["seeds"])):
        W = _connectome(n_e, n_i, p, config["g_ie"], stream)
        run_seed = int(stream.integers(2**63))
        before = None
        for condition in CONDITIONS:
            course, first, last = run_condition(config, condition, W, run_seed)
            before = first if condition == "none" else before
            courses.append(course.assign(seed=seed))
            for phase, m in (("before", before), ("after", last)):
                rows.append({"seed": seed, "condition": condition, "phase": phase, **m})
    table = pd.DataFrame(rows)
    course = pd.concat(courses, ignore_index=True)
    summary = _summary(table, config)
    figure = ei_balance_figure(course, summary, config["rho0"], P.V_th)
    lines = [
        f"Inhibitory and excitatory learning side by side: {n_e} E + {n_i} I LIF neurons, "
        f"p = {p:g}, {config['duration'] / 1000:g} s per condition, {config['seeds']} seeds; "
        f"STDP on E->E (lambda = {config['lambda_ee']:g}, alpha = 1.05, w_max = {2 * J:g} mV), "
        f"iSTDP on I->E (eta = {config['eta']:g}, rho0 = {config['rho0']:g} Hz). "
        "Before: the static network's first second; after: each condition's last second "
        "(mean and standard error over seeds; exc, inh: mean drive onto E cells in mV).",
        format_table(summary, ["condition", "phase", *[f"{k}_mean" for k in SHOWN]]),
        format_table(summary, ["condition", "phase", *[f"{k}_se" for k in SHOWN]]),
    ]
    checks = EI_CHECKS | AI_CHECKS
    for row in summary[summary["phase"] == "after"].itertuples():
        state = "balance reached" if row.reached else "balance NOT reached"
        ai = "asynchronous irregular" if row.ai else "not asynchronous irregular"
        failed = "; ".join(checks[f] for f in row.failed_checks.split("; ") if f)
        lines.append(
            f"{row.condition}: {state} ({row.seeds_reached} of {row.seeds} seeds), {ai} "
            f"({row.seeds_ai} of {row.seeds})" + (f"; failed: {failed}" if failed else "")
        )
    return ExperimentResult(
        table=summary,
        summary="\n".join(lines),
        figures={"stdp_ei_balance": figure},
        tables={"runs": table, "course": course},
    )


def _summary(table: pd.DataFrame, config: dict[str, Any]) -> pd.DataFrame:
    """Per condition and phase: mean and standard error of each measure, the verdicts."""
    out = []
    for (condition, phase), group in table.groupby(["condition", "phase"], sort=False):
        row: dict[str, Any] = {"condition": condition, "phase": phase, "seeds": len(group)}
        for k in MEASURES:
            row[f"{k}_mean"], row[f"{k}_se"] = _mean_se(group[k])
        context = {"theta": P.V_th - P.E_L, "rho0": config["rho0"]}
        means = {k: row[f"{k}_mean"] for k in MEASURES} | context
        (ok, failed), (ai, not_ai) = ei_verdict(means), ai_verdict(means)
        seeds = [dict(r) | context for r in group[list(MEASURES)].to_dict("records")]
        row |= {
            "reached": ok,
            "ai": ai,
            "failed_checks": "; ".join(failed + not_ai),
            "seeds_reached": sum(ei_verdict(r)[0] for r in seeds),
            "seeds_ai": sum(ai_verdict(r)[0] for r in seeds),
        }
        out.append(row)
    return pd.DataFrame(out)


EI_BALANCE = Experiment(
    name="stdp_ei_balance",
    description="E and I learning side by side: no plasticity, STDP E->E, iSTDP I->E, both",
    params={
        "n_e": Param(1600, "excitatory neurons", low=2),
        "n_i": Param(400, "inhibitory neurons", low=2),
        "p": Param(0.1, "connection probability", low=0.0, high=1.0),
        "rho0": Param(3.0, "iSTDP target rate (Hz)", low=0.1),
        "eta": Param(0.05, "iSTDP learning rate (mV per unit trace)", low=0.0),
        "lambda_ee": Param(0.02, "STDP potentiation step in units of w_max", low=0.0),
        "g_ie": Param(3.0, "initial I->E weight, in units of -J", low=0.0),
        "ext": Param(1.2, "external drive in units of nu_thr", low=0.0),
        "duration": Param(20_000.0, "time per condition (ms, whole seconds)", low=2000.0),
        "seeds": Param(3, "independent networks", low=2),
    },
    run=ei_balance_experiment,
    quick={"n_e": 200, "n_i": 50, "p": 0.8, "eta": 0.3, "duration": 2000.0, "seeds": 2},
)
