"""The headline numbers of the four feedback-alignment questions, with their uncertainty.

What ``neuroagents run`` records in a run's summary and ``docs/questions.md`` quotes
(``docs/results/questions_*.json``, rendered by ``docs/render_numbers.py``). Every mean
is over seeds (independent starts, minibatches and feedback matrices) with its
s/sqrt(seeds); every "seeds that reached the target" is a proportion with its Wilson
interval.

Pieces:
    target_headlines: one group of runs' steps to a target: the fraction of seeds that
        reached it within a quarter, half and all of the step budget (issue 26 §2: how
        the fraction moves with the budget), and the mean steps of those that did.
    sparsity_headlines: question 1, per task and feedback condition.
    binary_headlines: question 2, per task and method.
    adversarial_headlines: question 3, per rule: the training it took, and the accuracy
        under each attack and radius.
    scaling_headlines: question 4, per architecture and rule; FA's final angle per layer
        and the step at which the lowest layer's angle first leaves 90°.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, mean_of, proportion

__all__ = [
    "DEPARTURE_ANGLE",
    "adversarial_headlines",
    "binary_headlines",
    "condition_name",
    "scaling_headlines",
    "sparsity_headlines",
    "target_headlines",
]

DEPARTURE_ANGLE = 80.0
"""Degrees: a layer's angle has "left 90°" once its mean over seeds is below this.

A random W against a random B sits at 90° ± a few degrees (for 32 × 32 matrices the
cosine of two random directions has sd 1/32, about 2°), so 80° is well outside chance.
"""


def target_headlines(steps: pd.Series, budget: int, what: str, prefix: str) -> dict[str, Headline]:
    """Steps to a target of one group of seeds: how many got there, by when, how fast.

    Args:
        steps: one entry per seed, the first measured step at the target (NaN: never).
        budget: the steps every seed was given.
        what: the group, in words.
        prefix: the names' prefix.

    Returns:
        ``<prefix>.reached`` (fraction of seeds within the whole budget),
        ``<prefix>.reached_by_half`` and ``<prefix>.reached_by_quarter`` (within half and a
        quarter of it: the same runs read at earlier checkpoints) and ``<prefix>.steps``
        (mean over the seeds that reached it).

    Examples:
        >>> h = target_headlines(pd.Series([100.0, 300.0, float("nan")]), 400, "x", "a")
        >>> h["a.reached"].value, h["a.reached_by_half"].value, h["a.steps"].value
        (0.6666666666666666, 0.3333333333333333, 200.0)
    """
    x = steps.to_numpy(dtype=float)
    n = len(x)
    out = {}
    for name, share in (("reached_by_quarter", 0.25), ("reached_by_half", 0.5), ("reached", 1)):
        limit = budget * share
        k = int(np.sum(x <= limit))  # NaN compares False: never reached
        out[f"{prefix}.{name}"] = proportion(
            k, n, f"{what}: fraction of seeds at the target within {limit:g} steps"
        )
    out[f"{prefix}.steps"] = mean_of(
        x[np.isfinite(x)], f"{what}: steps to the target, mean over the seeds that reached it"
    )
    return out


def condition_name(kind: str, density: float, rank: int) -> str:
    """The short name of a feedback condition of question 1.

    Examples:
        >>> condition_name("density", 0.05, 0), condition_name("rank", 1.0, 2)
        ('d0.05', 'rank2')
    """
    if kind == "density":
        return f"d{density:g}"
    if kind == "rank":
        return f"rank{int(rank)}"
    return kind


def sparsity_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Question 1: per task and condition, accuracy, steps to the target, ∠(W, Bᵀ).

    Named ``<task>.<condition>.<number>`` with conditions ``backprop``, ``d<density>``,
    ``rank<r>`` and ``concordant`` and numbers ``accuracy`` (final test accuracy),
    ``angle`` (final ∠(W₂, effective B₂ᵀ), degrees, over the seeds where B is not all
    zero), ``nonzero_b`` (fraction of seeds whose B has a non-zero entry) and those of
    :func:`target_headlines`.
    """
    finals = result.tables["finals"]
    out: dict[str, Headline] = {}
    for (task, kind, density, rank), g in finals.groupby(
        ["task", "kind", "density", "rank"], sort=False
    ):
        name = f"{task}.{condition_name(kind, density, rank)}"
        what = f"{task}, {g['condition'].iloc[0]}"
        out[f"{name}.accuracy"] = mean_of(g["final_accuracy"], f"{what}: final test accuracy")
        out.update(target_headlines(g["steps_to_target"], params["steps"], what, name))
        if kind != "backprop":
            out[f"{name}.angle"] = mean_of(g["weight_angle"], f"{what}: final ∠(W, Bᵀ), degrees")
            defined = int(g["weight_angle"].notna().sum())
            out[f"{name}.nonzero_b"] = proportion(
                defined, len(g), f"{what}: fraction of seeds whose B is not all zero"
            )
    return out


def binary_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Question 2: per task and method, accuracy at equal steps and evaluations, steps to 90%.

    Named ``<task>.<method>.<number>``: ``equal_steps`` and ``equal_evaluations`` (test
    accuracy) and those of :func:`target_headlines` (steps are gradient steps or
    generations).
    """
    finals = result.tables["finals"]
    out: dict[str, Headline] = {}
    for (task, method), g in finals.groupby(["task", "method"], sort=False):
        name, what = f"{task}.{method}", f"{task}, {method}"
        out[f"{name}.equal_steps"] = mean_of(
            g["accuracy_equal_steps"], f"{what}: test accuracy after {params['steps']} steps"
        )
        out[f"{name}.equal_evaluations"] = mean_of(
            g["accuracy_equal_evaluations"],
            f"{what}: test accuracy after {params['steps']} evaluations",
        )
        out.update(target_headlines(g["steps_to_target"], params["steps"], what, name))
    return out


ATTACK_NAMES = {"FGSM": "fgsm", "PGD": "pgd", "random signs": "noise"}


def adversarial_headlines(
    result: ExperimentResult, params: Mapping[str, Any]
) -> dict[str, Headline]:
    """Question 3: per rule the training to the target, and the accuracy under attack.

    Named ``<rule>.steps_trained`` (mean steps, or generations, to the target),
    ``<rule>.reached`` / ``reached_by_half`` / ``reached_by_quarter`` (fraction of seeds
    at the target within the rule's limit, half and a quarter of it) and
    ``<rule>.<attack>.eps<ε>`` (held-out test accuracy; attacks ``fgsm``, ``pgd``,
    ``noise``).
    """
    table = result.table
    out: dict[str, Headline] = {}
    trained = table.drop_duplicates(["seed", "method"])
    for method, g in trained.groupby("method", sort=False):
        limit = params["max_generations"] if method == "evolution" else params["max_steps"]
        steps = g["steps_trained"].where(g["reached_target"].astype(bool), math.nan)
        heads = target_headlines(steps, limit, f"{method}: training accuracy target", method)
        heads[f"{method}.steps_trained"] = heads.pop(f"{method}.steps")
        out.update(heads)
    for (method, attack, eps), g in table.groupby(["method", "attack", "eps"], sort=False):
        out[f"{method}.{ATTACK_NAMES[attack]}.eps{eps:g}"] = mean_of(
            g["accuracy"], f"{method}, {attack}, eps {eps:g}: held-out test accuracy"
        )
    return out


def _departure_step(angles: pd.DataFrame, threshold: float) -> float:
    """The first step at which the seed-mean angle is below ``threshold`` (NaN: never)."""
    mean = angles.groupby("step")["angle"].mean()
    below = mean[mean < threshold]
    return float(below.index[0]) if len(below) else math.nan


def scaling_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Question 4: per architecture and rule, steps to the target; FA's angles.

    Named ``<series>.<depth>x<width>.<rule>.<number>`` (series ``depth`` or ``width``):
    ``accuracy`` (test accuracy where the run stopped) and those of
    :func:`target_headlines`; for FA also ``angle<l>`` (final ∠(W_l, B_lᵀ), degrees,
    l = 2, 3, …) and ``departure`` (the first measured step at which the seed-mean angle
    of the lowest B, l = 2, falls below :data:`DEPARTURE_ANGLE`).
    """
    finals, angles = result.tables["finals"], result.tables["angles"]
    keys = ["series", "depth", "width"]
    out: dict[str, Headline] = {}
    for (series, depth, width, method), g in finals.groupby([*keys, "method"], sort=False):
        name = f"{series}.{int(depth)}x{int(width)}.{method}"
        what = f"{int(depth)} x {int(width)} ({series} series), {method}"
        out[f"{name}.accuracy"] = mean_of(g["final_accuracy"], f"{what}: test accuracy at stop")
        out.update(target_headlines(g["steps_to_target"], params["steps"], what, name))
    for (series, depth, width), g in angles.groupby(keys, sort=False):
        name = f"{series}.{int(depth)}x{int(width)}.fa"
        last = g[g["step"] == g.groupby(["seed", "layer"])["step"].transform("max")]
        for layer, part in last.groupby("layer"):
            out[f"{name}.angle{int(layer)}"] = mean_of(
                part["angle"], f"{name}: final ∠(W_{int(layer)}, B_{int(layer)}ᵀ), degrees"
            )
        lowest = g[g["layer"] == 2]
        out[f"{name}.departure"] = exact(
            _departure_step(lowest, DEPARTURE_ANGLE),
            f"{name}: first step with the seed-mean ∠(W_2, B_2ᵀ) below {DEPARTURE_ANGLE:g}°",
            n=int(lowest["seed"].nunique()),
        )
    return out
