"""The 1985 protocol: 20 runs per random 10-city instance with the paper's parameters.

Hopfield & Tank (1985) ran their network 20 times on one 10-city instance from their
initial condition and reported 16 valid tours, about half of them one of the two
shortest (the figures as the paper gives them and as Wilson & Pawley 1988 quote
them). We run the same protocol on random instances and divide every tour by the exact
optimum.

Pieces:
    PAPER_1985: the paper's figures.
    protocol_experiment, PROTOCOL: the experiment ``protocol``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from neuroagents.models.hopfield_tank import figures
from neuroagents.models.hopfield_tank.experiments.headlines import protocol_headlines
from neuroagents.models.hopfield_tank.experiments.starts import (
    NETWORK_PARAMS,
    network_trial,
    outcome_summary,
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

__all__ = ["PAPER_1985", "PROTOCOL", "protocol_experiment"]

PAPER_1985 = {"runs": 20, "valid": 16 / 20, "shortest_two": 0.5}
"""Hopfield & Tank (1985), 10 cities: 16 of 20 runs valid, about half the two best tours."""

COLUMNS = ["runs", "valid", "invalid", "unsettled", "ratio_mean", "ratio_best", "optimal"]


def network_runs(params: dict[str, Any], rng: np.random.Generator):
    """The network's runs on ``params["seeds"]`` random instances (one seed each)."""
    fixed = {k: params[k] for k in NETWORK_PARAMS if k != "cities"}
    fixed.update(starts=params["starts"], random_tours=params.get("random_tours", 0))
    return sweep_trials(network_trial, {"cities": [params["cities"]]}, fixed, params, rng)


def protocol_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Fraction of valid tours and their length ratios, 1985 parameters, beside the paper."""
    runs = network_runs(params, rng)
    per_instance = outcome_summary(runs, ["seed"])
    runs["all"] = "all"
    pooled = outcome_summary(runs, ["all"]).iloc[0]
    random_mean = float(runs.loc[runs["outcome"] == "random", "ratio"].mean())
    lines = [
        f"The 1985 protocol: {len(per_instance)} random {params.cities}-city instances, "
        f"{params.starts} runs each from u00 + noise; A = B = {params.A:g}, "
        f"C = {params.C:g}, D = {params.D:g}, u0 = {params.u0:g}, "
        f"n' = {params.n_prime:g}; dt = {params.dt:g}, t = {params.t_end:g}.",
        format_table(per_instance, ["seed", *COLUMNS]),
        f"Valid tours: {pooled['valid']:.1%} +- {pooled['valid_sem']:.1%} of "
        f"{int(pooled['runs'])} runs (paper: {PAPER_1985['valid']:.0%} of 20 on its instance); "
        f"{pooled['invalid']:.1%} froze invalid, {pooled['unsettled']:.1%} still graded.",
        f"Valid tours are {pooled['ratio_mean']:.3f} x the optimum on average (median "
        f"{pooled['ratio_median']:.3f}); {pooled['optimal']:.1%} of runs found the optimum "
        f"(paper: about half one of the two best). Random tours: {random_mean:.3f} x.",
    ]
    return ExperimentResult(
        table=per_instance,
        summary="\n".join(lines),
        figures={
            "protocol": partial(figures.protocol_figure, per_instance, runs, PAPER_1985["valid"])
        },
        tables={"runs": runs},
    )


PROTOCOL = Experiment(
    name="protocol",
    description="the 1985 protocol: 20 runs per random 10-city instance, 1985 parameters",
    params={
        **NETWORK_PARAMS,
        "starts": Param(20, "runs per instance from the paper's initial condition", low=1),
        "random_tours": Param(200, "random tours per instance (the floor)", low=0),
        **sweep_params(20, "random instances"),
    },
    run=protocol_experiment,
    headlines=protocol_headlines,
    quick={"seeds": 3, "starts": 10, "random_tours": 50},
)
