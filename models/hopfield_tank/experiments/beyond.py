"""Beyond the paper: the 1985 network, an improved energy and plain baselines, same instances.

The improvement is the row/column form of the energy (Brandt et al. 1988):
``A/2 sum_X (sum_i V_Xi - 1)^2 + B/2 sum_i (sum_X V_Xi - 1)^2`` in place of the 1985
A, B and C terms, so that every permutation matrix is penalty-free, plus a corner term
``C/2 sum V (1 - V)`` that pushes outputs to 0 or 1 (without it the uniform state
V = 1/n, which meets every row and column constraint, holds the net graded). Its
defaults (A = B = 500, C = 50, D = 150) were picked on a pilot of 5 instances that the
experiment does not use. The baselines every reader knows: nearest neighbour from each
city, 2-opt after it, 2-opt from random tours, and random tours.

Pieces:
    METHODS: the methods compared, in the order shown.
    beyond_trial: one instance, every method on it.
    beyond_experiment, BEYOND: the experiment ``beyond``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.hopfield_tank import figures
from neuroagents.models.hopfield_tank.experiments.headlines import beyond_headlines
from neuroagents.models.hopfield_tank.experiments.starts import (
    NETWORK_PARAMS,
    outcome_summary,
    random_instance,
    run_starts,
    with_ratios,
)
from neuroagents.models.hopfield_tank.tsp import (
    nearest_neighbour,
    random_tour,
    tour_length,
    two_opt,
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

__all__ = ["BEYOND", "METHODS", "beyond_experiment", "beyond_trial"]

METHODS = (
    "Hopfield-Tank 1985",
    "row/column energy",
    "random tour",
    "nearest neighbour",
    "random + 2-opt",
    "nearest neighbour + 2-opt",
)

ROWCOL = {"form": "rowcol", "A": 500.0, "B": 500.0, "C": 50.0, "D": 150.0}
"""The row/column energy's defaults (a pilot on instances the experiment does not use)."""


def _tours(method: str, tours: list[list[int]], d: np.ndarray, optimum: float) -> pd.DataFrame:
    table = pd.DataFrame({"start": range(len(tours)), "outcome": "valid", "valid": True,
                          "length": [tour_length(t, d) for t in tours]})  # fmt: skip
    table["method"] = method
    return with_ratios(table, optimum)


def beyond_trial(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """One random instance: the 1985 net, the row/column net and the baselines on it.

    Params: the network's (:data:`NETWORK_PARAMS`, the 1985 net), ``starts`` (runs of
    each net, random tours and random + 2-opt), ``rowcol_A``, ``rowcol_C``,
    ``rowcol_D`` (the improved energy, B = A). Nearest neighbour runs from every city.
    """
    d, optimum = random_instance(params, rng)
    original = run_starts(d, optimum, params, rng)
    original["method"] = METHODS[0]
    improved_params = {**params, "form": "rowcol", "A": params["rowcol_A"],
                       "B": params["rowcol_A"], "C": params["rowcol_C"],
                       "D": params["rowcol_D"]}  # fmt: skip
    improved = run_starts(d, optimum, improved_params, rng)
    improved["method"] = METHODS[1]
    starts = int(params["starts"])
    randoms = [random_tour(len(d), rng) for _ in range(starts)]
    greedy = [nearest_neighbour(d, start) for start in range(len(d))]
    parts = [
        original,
        improved,
        _tours(METHODS[2], randoms, d, optimum),
        _tours(METHODS[3], greedy, d, optimum),
        _tours(METHODS[4], [two_opt(t, d) for t in randoms], d, optimum),
        _tours(METHODS[5], [two_opt(t, d) for t in greedy], d, optimum),
    ]
    return pd.concat(parts, ignore_index=True)


def beyond_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Valid fraction and length ratio of every method on the same random instances."""
    fixed = {k: params[k] for k in NETWORK_PARAMS if k != "cities"}
    fixed.update({k: params[k] for k in ("starts", "rowcol_A", "rowcol_C", "rowcol_D")})
    runs = sweep_trials(beyond_trial, {"cities": [params.cities]}, fixed, params, rng)
    table = outcome_summary(runs, ["method"])
    table = table.set_index("method").loc[list(METHODS)].reset_index()
    columns = ["method", "runs", "valid", "unsettled", "ratio_mean", "ratio_median", "optimal"]
    lines = [
        f"Beyond the paper: {params.seeds} random {params.cities}-city instances; "
        f"{params.starts} runs of each net (and random tours); nearest neighbour from "
        f"every city. Row/column energy: A = B = {params.rowcol_A:g}, C = "
        f"{params.rowcol_C:g}, D = {params.rowcol_D:g}.",
        format_table(table, columns),
    ]
    best = table.set_index("method")
    lines.append(
        f"The 1985 net: {best.loc[METHODS[0], 'valid']:.1%} valid, "
        f"{best.loc[METHODS[0], 'ratio_mean']:.3f} x optimum; the row/column energy: "
        f"{best.loc[METHODS[1], 'valid']:.1%} valid, {best.loc[METHODS[1], 'ratio_mean']:.3f} x;"
        f" nearest neighbour + 2-opt: {best.loc[METHODS[5], 'ratio_mean']:.3f} x."
    )
    return ExperimentResult(
        table=table,
        summary="\n".join(lines),
        figures={"beyond": partial(figures.beyond_figure, table)},
        tables={"runs": runs},
    )


BEYOND = Experiment(
    name="beyond",
    description="the 1985 net, the row/column energy, nearest neighbour and 2-opt",
    params={
        **NETWORK_PARAMS,
        "starts": Param(20, "runs of each net (and random tours) per instance", low=1),
        "rowcol_A": Param(ROWCOL["A"], "row/column energy: A = B", low=0),
        "rowcol_C": Param(ROWCOL["C"], "row/column energy: corner term C", low=0),
        "rowcol_D": Param(ROWCOL["D"], "row/column energy: tour-length weight D", low=0),
        **sweep_params(20, "random instances"),
    },
    run=beyond_experiment,
    headlines=beyond_headlines,
    quick={"seeds": 3, "starts": 10},
)
