"""The headline numbers of the Hopfield-Tank experiments, with their uncertainty.

What ``neuroagents run`` records in a run's summary and the docs quote
(``docs/results/hopfield_tank_*.json``).

Pieces:
    outcome_headlines: outcome fractions, length ratios and counts of a set of runs.
    protocol_headlines, replication_headlines, beyond_headlines, phase_headlines: each
        experiment's.
    largest_z: the largest difference between two fractions in standard errors.

The runs on one instance share its cities, so they are not independent: a fraction's
standard error is taken across instances (the spread of the per-instance fractions over
sqrt(instances)), which is wider than the binomial one over runs when instances differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.hopfield_tank.experiments.starts import outcome_summary
from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, bootstrapped, exact, mean_of

__all__ = [
    "beyond_headlines",
    "largest_z",
    "outcome_headlines",
    "phase_headlines",
    "protocol_headlines",
    "replication_headlines",
]

OUTCOMES = ("valid", "invalid", "unsettled", "optimal")


def outcome_headlines(runs: pd.DataFrame, prefix: str = "") -> dict[str, Headline]:
    """Fractions of outcomes (standard error across instances) and valid tours' ratios.

    Args:
        runs: one row per run (``seed`` is the instance; ``outcome``, ``valid``,
            ``ratio``, ``optimal``); random tours (``outcome == "random"``) are left out.
        prefix: put before every name (``"rowcol."``).
    """
    net = runs[runs["outcome"] != "random"]
    flags = pd.DataFrame(
        {
            "seed": net["seed"],
            "invalid": net["outcome"] == "invalid",
            "unsettled": net["outcome"] == "unsettled",
            "valid": net["valid"].astype(bool),
            "optimal": net["optimal"].astype(bool),
        }
    )
    per_instance = flags.groupby("seed").mean()
    out = {
        name: mean_of(per_instance[name], f"fraction of runs {name} (mean over instances)")
        for name in OUTCOMES
    }
    ratios = net.loc[net["valid"].astype(bool), "ratio"]
    out["ratio_mean"] = mean_of(ratios, "valid tours' length / optimum, mean over valid runs")
    out["ratio_median"] = bootstrapped(ratios, np.median, "valid tours' length / optimum, median")
    for q in (0.1, 0.9):
        out[f"ratio_q{int(q * 100)}"] = bootstrapped(
            ratios, lambda x, q=q: float(np.quantile(x, q)), f"valid tours' ratio, {q:.0%} quantile"
        )
    out["ratio_best"] = exact(ratios.min() if len(ratios) else np.nan, "best valid tour's ratio")
    out["runs"] = exact(len(net), "network runs")
    out["instances"] = exact(len(per_instance), "random instances")
    out["instances_without_valid"] = exact(
        int((per_instance["valid"] == 0).sum()), "instances on which no run gave a valid tour"
    )
    out["best_instance_valid"] = exact(
        per_instance["valid"].max(), "valid fraction of the best instance"
    )
    return {f"{prefix}{name}": h for name, h in out.items()}


def _random_tours(runs: pd.DataFrame) -> dict[str, Headline]:
    ratios = runs.loc[runs["outcome"] == "random", "ratio"]
    return {
        "random_ratio_mean": mean_of(ratios, "random tours' length / optimum, mean"),
        "random_ratio_median": bootstrapped(ratios, np.median, "random tours' ratio, median"),
    }


def protocol_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """The 1985 protocol's outcomes and ratios, and random tours' ratio."""
    runs = result.tables["runs"]
    return {**outcome_headlines(runs), **_random_tours(runs)}


def replication_headlines(
    result: ExperimentResult, params: Mapping[str, Any]
) -> dict[str, Headline]:
    """The 1988 replication's outcomes, ratio quantiles, and random tours' ratio."""
    runs = result.tables["runs"]
    return {**outcome_headlines(runs), **_random_tours(runs)}


def beyond_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Every method's outcomes and ratios, named ``<method>.<number>``.

    Method names become keys: ``1985``, ``rowcol``, ``random``, ``nn``, ``random_2opt``,
    ``nn_2opt``.
    """
    keys = {
        "Hopfield-Tank 1985": "1985",
        "row/column energy": "rowcol",
        "random tour": "random",
        "nearest neighbour": "nn",
        "random + 2-opt": "random_2opt",
        "nearest neighbour + 2-opt": "nn_2opt",
    }
    runs = result.tables["runs"]
    out: dict[str, Headline] = {}
    for method, key in keys.items():
        part = runs[runs["method"] == method]  # the baselines' tours are all "valid"
        if len(part):
            out.update(outcome_headlines(part, prefix=f"{key}."))
    return out


def largest_z(fractions: pd.Series, counts: pd.Series) -> float:
    """The largest ``|p_i - p_j| / sqrt(se_i^2 + se_j^2)`` over pairs, binomial errors.

    Each ``se`` is the Agresti-Coull one (``p~ = (k + 2)/(n + 4)``), so 0 of n still has an
    error. About 2 or less for fractions that differ only by chance (a few pairs out of
    many may reach 2.5-3).

    Examples:
        >>> round(largest_z(pd.Series([0.1, 0.2, 0.1]), pd.Series([100, 100, 100])), 2)
        1.93
    """
    p = np.asarray(fractions, dtype=float)
    n = np.asarray(counts, dtype=float)
    tilde = (p * n + 2) / (n + 4)
    var = tilde * (1 - tilde) / n
    diff = np.abs(p[:, None] - p[None, :]) / np.sqrt(var[:, None] + var[None, :])
    return float(diff.max())


def _cell(runs: pd.DataFrame, prefix: str, what: str) -> dict[str, Headline]:
    """A cell's valid fraction (error across instances), mean ratio and run count."""
    net = runs[runs["outcome"] != "random"]
    per_instance = net.groupby("instance")["valid"].mean()
    ratios = net.loc[net["valid"].astype(bool), "ratio"]
    return {
        f"{prefix}valid": mean_of(per_instance, f"{what}: fraction of runs valid"),
        f"{prefix}ratio_mean": mean_of(ratios, f"{what}: valid tours' length / optimum"),
        f"{prefix}runs": exact(len(net), f"{what}: network runs"),
    }


def phase_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Every cell's valid fraction and ratio; where valid tours appear; the dt sweep.

    Names: ``A<A>.np<n'>.valid`` / ``.ratio_mean`` / ``.runs`` for the (A = B, n') grid,
    ``dt<dt>.valid`` ... for the step sweep; ``valid_min_A`` and ``valid_min_n_prime``
    (the smallest A = B and n' of a cell with a valid run), ``cells_all_valid`` (cells
    where every run was valid) with the range of their mean ratios, and
    ``dt.valid_min`` / ``dt.valid_max`` / ``dt.largest_z`` over the step sweep.
    """
    grid_runs, step_runs = result.tables["grid_runs"], result.tables["step_runs"]
    out: dict[str, Headline] = {}
    for (a, n_prime), part in grid_runs.groupby(["A", "n_prime"], sort=True):
        out.update(_cell(part, f"A{a:g}.np{n_prime:g}.", f"A = B = {a:g}, n' = {n_prime:g}"))
    for dt, part in step_runs.groupby("dt", sort=True):
        out.update(_cell(part, f"dt{dt:g}.", f"dt = {dt:g}"))
    grid = outcome_summary(grid_runs, ["A", "n_prime"])
    some = grid[grid["valid"] > 0]
    out["valid_min_A"] = exact(some["A"].min(), "smallest A = B of a cell with a valid run")
    out["valid_min_n_prime"] = exact(
        some["n_prime"].min(), "smallest n' of a cell with a valid run"
    )
    full = grid[grid["valid"] == 1]
    out["cells_all_valid"] = exact(len(full), "cells where every run was valid", n=len(grid))
    out["all_valid_ratio_min"] = exact(
        full["ratio_mean"].min(), "smallest mean ratio of a cell where every run was valid"
    )
    out["all_valid_ratio_max"] = exact(
        full["ratio_mean"].max(), "largest mean ratio of a cell where every run was valid"
    )
    steps = outcome_summary(step_runs, ["dt"])
    out["dt.valid_min"] = exact(steps["valid"].min(), "smallest valid fraction over dt")
    out["dt.valid_max"] = exact(steps["valid"].max(), "largest valid fraction over dt")
    out["dt.largest_z"] = exact(
        largest_z(steps["valid"], steps["runs"]),
        "largest difference in valid fraction between two steps dt, in binomial SEs",
    )
    return out
