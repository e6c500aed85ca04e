"""The headline numbers of NNevolution against the gradient rules (experiment ``vs_signsgd``).

What ``neuroagents run runs/evolution_*.toml`` records in its summary and
``docs/learning.md`` quotes (``docs/results/evolution_*.json``, rendered by
``docs/render_numbers.py``).

Pieces:
    comparison_headlines: per task and method the final test loss and accuracy (mean over
        seeds); per task the best constant answer's loss; per task and evolution scheme
        how soon signSGD reaches evolution's final loss; how many task/scheme pairs are
        competitive with signSGD at equal evaluations and at equal steps, at the whole
        budget and at a half and a quarter of it (issue 26 §2: how the count moves with
        the budget).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from neuroagents.models.learning.experiments.evolution import (
    COMPETITIVE,
    EVOLUTION_METHODS,
    _at_step,
    _final,
    _verdict,
)
from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, mean_of

__all__ = ["comparison_headlines"]


def comparison_headlines(
    result: ExperimentResult, params: Mapping[str, Any]
) -> dict[str, Headline]:
    """NNevolution against signSGD and the other rules, in numbers.

    Named ``<task>.<method>.test_loss`` and ``.test_accuracy`` (final, mean over seeds),
    ``<task>.constant_test_loss`` (the best input-independent answer);
    ``<task>.<scheme>.signsgd_steps`` (signSGD's first step with a seed-mean test loss at
    most evolution's final one; NaN: never), ``.generation_ratio`` (evolution's
    generations / those steps) and ``.evaluation_ratio`` (its evaluations / signSGD's);
    ``competitive.evaluations`` and ``competitive.steps`` (task/scheme pairs competitive
    at equal evaluations and at equal steps, of ``pairs``) and the same with the suffix
    ``.half`` and ``.quarter`` for the run read at a half and a quarter of its budget.
    """
    table, baselines = result.table, result.tables["baselines"]
    population, budget = params["population"], params["budget"]
    out: dict[str, Headline] = {}
    for (task, method), g in _final(table).groupby(["task", "method"], sort=False):
        what = f"{task}, {method}: final test"
        out[f"{task}.{method}.test_loss"] = mean_of(g["test_loss"], f"{what} loss")
        if g["test_accuracy"].notna().all():
            out[f"{task}.{method}.test_accuracy"] = mean_of(g["test_accuracy"], f"{what} accuracy")
    constants = baselines.groupby("task", sort=False)["constant_test_loss"]
    for task, g in constants:
        out[f"{task}.constant_test_loss"] = mean_of(g, f"{task}: best constant answer's test loss")
    schemes = [m for m in table["method"].unique() if m in EVOLUTION_METHODS]
    if "signsgd" not in set(table["method"]) or not schemes:
        return out
    for suffix, share in (("", 1.0), (".half", 0.5), (".quarter", 0.25)):
        verdicts = _verdicts(table, baselines, schemes, int(budget * share), population)
        label = f"{int(budget * share)} evaluations"
        for key, attr in (("evaluations", "at_evaluations"), ("steps", "at_steps")):
            count = sum(getattr(v, attr) == COMPETITIVE for v in verdicts)
            out[f"competitive.{key}{suffix}"] = exact(
                count, f"task/scheme pairs competitive with signSGD at equal {key} ({label})",
                n=len(verdicts),
            )  # fmt: skip
        if suffix:
            continue
        out["pairs"] = exact(len(verdicts), "task/scheme pairs compared")
        generations = budget // population
        for v in verdicts:
            name = f"{v.task}.{v.method}"
            out[f"{name}.signsgd_steps"] = exact(
                v.signsgd_steps, f"{name}: signSGD steps to evolution's final test loss"
            )
            out[f"{name}.generation_ratio"] = exact(
                generations / v.signsgd_steps if v.signsgd_steps > 0 else float("nan"),
                f"{name}: evolution's generations / signSGD's steps to the same loss",
            )
            out[f"{name}.evaluation_ratio"] = exact(
                budget / v.signsgd_evaluations if v.signsgd_evaluations > 0 else float("nan"),
                f"{name}: evolution's evaluations / signSGD's to the same loss",
            )
    return out


def _verdicts(
    table: pd.DataFrame, baselines: pd.DataFrame, schemes: list[str], budget: int, population: int
) -> list[Any]:
    """The verdicts of every task and scheme, reading the run up to ``budget`` evaluations."""
    part = table[table["evaluations"] <= budget]
    generations = budget // population
    final, at_gen = _final(part), _at_step(part, generations)
    out = []
    for task in part["task"].unique():
        constant = baselines.loc[baselines["task"] == task, "constant_test_loss"].mean()
        for method in schemes:
            out.append(_verdict(part, final, at_gen, task, method, generations, constant))
    return out
