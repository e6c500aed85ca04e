"""Synchronous against asynchronous updates: 2-cycles and the two energy theorems.

Pieces:
    energy_trace: a run step by step with ``-1/2 v.W.v`` and Goles' ``-v(t).W.v(t-1)``.
    dynamics_trial: synchronous and asynchronous runs of one net from the same starts.
    DYNAMICS: the experiment ``dynamics``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis.summary import summarize
from neuroagents.models.hopfield import figures
from neuroagents.models.hopfield.experiments.networks import (
    SWEEP_PARAMS,
    pattern_count,
    stored_network,
)
from neuroagents.models.hopfield.experiments.run_headlines import dynamics_headlines
from neuroagents.models.hopfield.network import HopfieldModel, corrupt, random_patterns
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
    sweep_trials,
)
from neuroagents.validation import check_real

__all__ = ["DYNAMICS", "dynamics_experiment", "dynamics_trial", "energy_trace"]


def energy_trace(model: HopfieldModel, start: np.ndarray, max_sweeps: int = 200) -> pd.DataFrame:
    """Run ``model`` from ``start`` one step at a time, recording two energies.

    The steps are :meth:`~neuroagents.sim.model.NeuralModel.run_until_stable` calls of one
    sweep each, so the core's fixed-point and 2-cycle detection decides when to stop.

    Returns:
        One row per step (the start is step 0): ``step``, ``energy`` (``-1/2 v.W.v``)
        and ``cross_energy`` (``-v(t).W.v(t-1)``, Goles' Lyapunov function of
        synchronous updates; NaN at step 0). ``df.attrs["cycle_length"]`` holds how
        the run ended: 1 fixed point, 2 two-cycle, 0 out of budget.

    Examples:
        >>> from neuroagents.models.hopfield import hebbian_weights, random_patterns
        >>> P = random_patterns(n=100, count=30, rng=0)
        >>> model = HopfieldModel(hebbian_weights(P), patterns=P, scheduler="sync", rng=0)
        >>> trace = energy_trace(model, -P[0])
        >>> trace.attrs["cycle_length"] in (1, 2)
        True
        >>> bool((trace["cross_energy"].diff().dropna() <= 0).all())  # Goles' theorem
        True
    """
    model.set_state(start)
    energies, cross = [model.energy()], [float("nan")]
    previous = model.input.copy()
    outcome = 1 if model.is_stable() else 0
    while not outcome and len(energies) <= max_sweeps:
        report = model.run_until_stable(max_sweeps=1)
        energies.append(model.energy())
        cross.append(float(-model.state @ previous))
        previous = model.input.copy()
        outcome = report.cycle_length
    trace = pd.DataFrame(
        {"step": np.arange(len(energies)), "energy": energies, "cross_energy": cross}
    )
    trace.attrs["cycle_length"] = outcome
    return trace


def dynamics_trial(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Synchronous against asynchronous updates of one net, from the same start states.

    Params: ``n``, ``alpha``, ``starts`` (start states, default 10), ``noise``
    (fraction of bits of a stored pattern flipped in each start; 0.5 = random
    states, the default), ``max_sweeps`` (default 200).

    Returns:
        One row per start: ``sync_cycle`` (1 fixed point, 2 two-cycle, 0 neither),
        ``sync_steps``, ``sync_energy_rises`` (steps at which the energy went up),
        ``sync_first_rise`` (the first such step, 0 if none),
        ``sync_cross_rises`` (steps at which ``-v(t) W v(t-1)`` went up: never, by
        Goles' theorem), ``async_converged``, ``async_steps``, ``async_energy_rises``
        (never, by Hopfield's).

    Examples:
        >>> out = dynamics_trial({"n": 200, "alpha": 0.3, "starts": 4},
        ...                      np.random.default_rng(0))
        >>> int(out["async_energy_rises"].sum()), int(out["sync_cross_rises"].sum())
        (0, 0)
        >>> set(out["sync_cycle"]) <= {1, 2}
        True
    """
    n = params["n"]
    count = pattern_count(n, params["alpha"], "dynamics_trial")
    noise = check_real("noise", params.get("noise", 0.5), "dynamics_trial", low=0, high=1)
    max_sweeps = params.get("max_sweeps", 200)
    patterns = random_patterns(n, count, rng)
    sync = stored_network(patterns, rng, scheduler="sync")
    asyn = HopfieldModel(sync.connectome, patterns=patterns, rng=rng, record_every=None)
    rows = []
    for k in range(params.get("starts", 10)):
        if noise == 0.5:
            start = np.where(rng.random(n) < 0.5, 1, -1).astype(np.int8)
        else:
            start = corrupt(patterns[k % count], round(noise * n), rng)
        s, a = energy_trace(sync, start, max_sweeps), energy_trace(asyn, start, max_sweeps)
        # Integer weights: energies are exact, so any rise is a real one.
        rises = np.flatnonzero(s["energy"].diff().to_numpy()[1:] > 0)
        rows.append(
            {
                "start": k,
                "sync_cycle": s.attrs["cycle_length"],
                "sync_steps": len(s) - 1,
                "sync_energy_rises": len(rises),
                "sync_first_rise": int(rises[0]) + 1 if len(rises) else 0,
                "sync_cross_rises": int((s["cross_energy"].diff() > 0).sum()),
                "async_converged": a.attrs["cycle_length"] == 1,
                "async_steps": len(a) - 1,
                "async_energy_rises": int((a["energy"].diff() > 0).sum()),
            }
        )
    return pd.DataFrame(rows)


def dynamics_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Synchronous 2-cycles against alpha; energy along synchronous and asynchronous runs."""
    runs = sweep_trials(
        dynamics_trial,
        {"alpha": list(params.alphas), "noise": list(params.noises)},
        {"n": params.n, "starts": params.starts},
        params,
        rng,
    )
    runs["two_cycle"] = runs["sync_cycle"] == 2
    runs["sync_energy_rose"] = runs["sync_energy_rises"] > 0
    per_net = runs.groupby(["alpha", "noise", "seed"])[["two_cycle", "sync_energy_rose"]].mean()
    table = summarize(
        per_net.reset_index(), ["alpha", "noise"], ["two_cycle", "sync_energy_rose"], quantiles=()
    )
    checks = runs.groupby(["alpha", "noise"]).agg(
        runs=("sync_cycle", "size"),
        sync_unfinished=("sync_cycle", lambda c: int((c == 0).sum())),
        sync_cross_rises=("sync_cross_rises", "sum"),
        async_energy_rises=("async_energy_rises", "sum"),
        async_unconverged=("async_converged", lambda c: int((~c).sum())),
    )
    table = table.merge(checks.reset_index(), on=["alpha", "noise"])
    example = _dynamics_example(params, rng)
    lines = [
        f"Synchronous against asynchronous dynamics at n = {params.n} "
        f"({params.starts} starts per net).",
        format_table(
            table,
            ["alpha", "noise", "two_cycle_mean", "two_cycle_sem", "sync_energy_rose_mean", "runs"],
        ),
        f"Asynchronous energy rises over all runs: {int(table['async_energy_rises'].sum())} "
        "(Hopfield 1982: none).",
        f"Rises of -v(t).W.v(t-1) under synchronous updates: "
        f"{int(table['sync_cross_rises'].sum())} (Goles et al. 1985: none); runs ending "
        f"in neither a fixed point nor a 2-cycle: {int(table['sync_unfinished'].sum())}.",
    ]
    return ExperimentResult(
        table=runs,
        summary="\n".join(lines),
        figures={"dynamics": partial(figures.dynamics_figure, table, example)},
        tables={"summary": table, "example": example},
    )


def _dynamics_example(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Energy traces from the random start (of 30) whose synchronous energy rises most."""
    n = params["n"]
    count = pattern_count(n, params["example_alpha"], "dynamics")
    best, best_rise = None, -np.inf
    for _ in range(30):
        patterns = random_patterns(n, count, rng)
        sync = stored_network(patterns, rng, scheduler="sync")
        start = np.where(rng.random(n) < 0.5, 1, -1)
        trace = energy_trace(sync, start)
        rise = float(trace["energy"].diff().max())
        if trace.attrs["cycle_length"] == 2 and rise > best_rise:
            best, best_rise = (sync, patterns, start, trace), rise
    sync, patterns, start, trace = best
    asyn = HopfieldModel(sync.connectome, patterns=patterns, rng=rng, record_every=None)
    out = pd.concat(
        [trace.assign(scheduler="sync"), energy_trace(asyn, start).assign(scheduler="async-sweep")],
        ignore_index=True,
    )
    # Per neuron, in units of the normalised rule (weights / n).
    out[["energy", "cross_energy"]] /= n * n
    return out


DYNAMICS = Experiment(
    name="dynamics",
    description="synchronous 2-cycles against alpha; energy sync vs async",
    params={
        "n": Param(500, "neurons", low=2),
        "alphas": Param([0.02, 0.05, 0.1, 0.138, 0.2, 0.3, 0.5], "loads alpha = p/n"),
        "noises": Param([0.5, 0.2], "start: fraction of a pattern flipped (0.5 = random)"),
        "starts": Param(10, "start states per network", low=1),
        "example_alpha": Param(0.2, "load of the energy-trace example", low=0.001),
        **SWEEP_PARAMS,
    },
    run=dynamics_experiment,
    headlines=dynamics_headlines,
    quick={
        "n": 300,
        "alphas": [0.05, 0.3],
        "noises": [0.5],
        "starts": 5,
        "seeds": 3,
        "backend": "serial",
    },
)
