"""Phase diagram: valid fraction and tour quality over (A = B, n') and over dt.

Every cell runs the same instances (drawn from ``instance_seed``), ``starts`` runs on
each, so cells differ only in the parameters. The 1985 values are one cell (A = 500,
n' = 15); the dt sweep keeps them and changes the step.

Pieces:
    phase_trial: one instance (fixed by its index) and ``starts`` runs with B = A.
    phase_experiment, PHASE: the experiment ``phase``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.errors import ConfigError
from neuroagents.models.hopfield_tank import figures
from neuroagents.models.hopfield_tank.experiments.headlines import phase_headlines
from neuroagents.models.hopfield_tank.experiments.starts import (
    NETWORK_PARAMS,
    outcome_summary,
    random_instance,
    run_starts,
)
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
    sweep_params,
    sweep_trials,
)

__all__ = ["PHASE", "phase_experiment", "phase_trial"]


def phase_trial(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Instance ``params["instance"]`` (from ``instance_seed``) and its runs, with B = A."""
    instance_rng = np.random.default_rng([params["instance_seed"], params["instance"]])
    d, optimum = random_instance(params, instance_rng)
    return run_starts(d, optimum, {**params, "B": params["A"]}, rng)


def phase_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Valid fraction and mean length ratio over (A = B, n'), and over dt."""
    if params.B != params.A:  # the diagram is over A = B: a separate B would be ignored
        raise ConfigError(
            "params.B must equal params.A in the phase diagram (it runs on A = B). "
            f"Got A = {params.A:g}, B = {params.B:g}."
        )
    instances = list(range(params.instances))
    fixed = {k: params[k] for k in NETWORK_PARAMS if k not in ("A", "B", "n_prime", "dt")}
    fixed.update(starts=params.starts, instance_seed=params.instance_seed)
    sweep_settings = {**params, "seeds": 1}
    grid_runs = sweep_trials(
        phase_trial,
        {"A": params.A_values, "n_prime": params.n_prime_values, "instance": instances},
        {**fixed, "dt": params.dt},
        sweep_settings,
        rng,
    )
    grid = outcome_summary(grid_runs, ["A", "n_prime"])
    step_runs = sweep_trials(
        phase_trial,
        {"dt": params.dt_values, "instance": instances},
        {**fixed, "A": params.A, "n_prime": params.n_prime},
        sweep_settings,
        rng,
    )
    steps = outcome_summary(step_runs, ["dt"])
    best = grid.loc[grid["valid"].idxmax()]
    paper = grid[(grid["A"] == params.A) & (grid["n_prime"] == params.n_prime)]
    lines = [
        f"Phase diagram: {len(instances)} instances x {params.starts} starts = "
        f"{len(instances) * params.starts} runs a cell; C = {params.C:g}, "
        f"D = {params.D:g}, u0 = {params.u0:g}, dt = {params.dt:g}.",
        format_table(grid, ["A", "n_prime", "valid", "unsettled", "ratio_mean", "optimal"]),
        f"Most valid: A = B = {best['A']:g}, n' = {best['n_prime']:g}: {best['valid']:.1%} valid"
        f" at {best['ratio_mean']:.3f} x optimum.",
    ]
    if len(paper):
        lines.append(
            f"The 1985 cell (A = B = {params.A:g}, n' = {params.n_prime:g}): "
            f"{paper['valid'].iloc[0]:.1%} valid at {paper['ratio_mean'].iloc[0]:.3f} x."
        )
    lines += [
        f"Against dt (A = B = {params.A:g}, n' = {params.n_prime:g}, t = {params.t_end:g}):",
        format_table(steps, ["dt", "valid", "invalid", "unsettled", "ratio_mean", "valid_sem"]),
    ]
    grid["sweep"] = "A, n'"
    steps["sweep"] = "dt"
    return ExperimentResult(
        table=pd.concat([grid, steps], ignore_index=True),
        summary="\n".join(lines),
        figures={"phase": partial(figures.phase_figure, grid, steps)},
        tables={"grid_runs": grid_runs, "step_runs": step_runs},
    )


PHASE = Experiment(
    name="phase",
    description="valid fraction and length ratio over (A = B, n') and dt, 64 runs a cell",
    params={
        **NETWORK_PARAMS,
        "A_values": Param(
            [100.0, 200.0, 300.0, 500.0, 700.0, 1000.0, 1500.0, 2000.0], "A = B values", low=0
        ),
        "n_prime_values": Param([10.0, 11.0, 12.0, 13.0, 15.0, 17.0, 20.0], "n' values", low=0),
        "dt_values": Param([2e-6, 5e-6, 1e-5, 2e-5, 4e-5, 8e-5], "steps dt", low=1e-8),
        "instances": Param(4, "instances (the same in every cell)", low=1),
        "instance_seed": Param(12, "seed of the instances", low=0),
        "starts": Param(16, "runs per instance and cell", low=1),
        # The instances play the seeds' part: no 'seeds' parameter.
        **{k: v for k, v in sweep_params(1, "").items() if k != "seeds"},
    },
    run=phase_experiment,
    headlines=phase_headlines,
    quick={
        "A_values": [200.0, 500.0],
        "n_prime_values": [11.0, 15.0],
        "dt_values": [1e-5, 4e-5],
        "instances": 2,
        "starts": 4,
    },
)
