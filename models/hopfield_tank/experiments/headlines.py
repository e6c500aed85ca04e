"""The headline numbers of the Hopfield-Tank experiments, with their uncertainty.

What ``neuroagents run`` records in a run's summary and the docs quote
(``docs/results/hopfield_tank_*.json``).

Pieces:
    outcome_headlines: outcome fractions, length ratios and counts of a set of runs.
    protocol_headlines, replication_headlines, beyond_headlines: each experiment's.

The runs on one instance share its cities, so they are not independent: a fraction's
standard error is taken across instances (the spread of the per-instance fractions over
sqrt(instances)), which is wider than the binomial one over runs when instances differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, bootstrapped, exact, mean_of

__all__ = ["beyond_headlines", "outcome_headlines", "protocol_headlines", "replication_headlines"]

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
