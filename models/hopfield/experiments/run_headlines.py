"""The headline numbers of the dynamics, spurious, repetition and rules experiments.

What ``neuroagents run runs/hopfield_<name>.toml`` records in its summary and
``docs/hopfield.md`` quotes (``docs/results/hopfield_<name>.json``). Means over networks
carry the standard error across networks and n = the networks; counts carry none.

Names (alpha and noise as ``%g``):

- dynamics: ``a<alpha>.noise<noise>.two_cycle`` and ``.sync_energy_rose`` (fractions
  of runs, per network first); the totals ``runs``, ``sync_fixed``, ``sync_two_cycles``,
  ``sync_unfinished``, ``async_energy_rises``, ``sync_cross_rises``; the extremes
  ``sync_energy_rose_min``/``_max`` over the grid; and the sweep-budget check
  ``budget<T>.sync_energy_rose`` / ``budget<T>.sync_running``: the fraction of all runs
  whose energy had risen within the first T synchronous steps, and of those still
  running at step T (issue 26: how the fraction moves with the budget).
- spurious: ``a<alpha>.reversed_overlap``, ``.mixture_overlap``, ``.mixture_components``,
  ``.mixture_unhappy`` (with ``.mixture_unhappy_theory``), the census fractions
  ``.stored``, ``.reversed``, ``.mixture``, ``.other``; ``reversal_symmetric`` (1 if
  the unhappy bits at -M equal those at M in every network).
- repetition: ``K<K>.L`` and ``K<K>.L_over_K`` (jackknife standard error over networks).
- rules: ``<rule>.noise<noise>.half_retrieval_alpha`` (where half the patterns are still
  retrieved; NaN beyond the grid), ``<rule>.noise<noise>.a<alpha>.stable`` (the fraction
  of stored patterns that are exact fixed points) and ``.retrieved``.

Pieces:
    BUDGETS: the step budgets of the dynamics check.
    dynamics_headlines, spurious_headlines, repetition_headlines, rules_headlines.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.hopfield.experiments.headlines import half_retrieval_load
from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, proportion

__all__ = [
    "BUDGETS",
    "dynamics_headlines",
    "repetition_headlines",
    "rules_headlines",
    "spurious_headlines",
]

BUDGETS = (1, 2, 3, 5, 10, 20, 50, 100, 200)
"""Synchronous steps at which the dynamics headlines look at the same runs."""


def _g(x: Any) -> str:
    return f"{float(x):g}"


def _sem(values: pd.Series) -> float:
    return float(values.std(ddof=1) / np.sqrt(len(values))) if len(values) > 1 else np.nan


def dynamics_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """2-cycles and energy rises per (alpha, start), the theorems' checks, the budget check."""
    runs = result.table
    out: dict[str, Headline] = {}
    for row in result.tables["summary"].itertuples():
        key = f"a{_g(row.alpha)}.noise{_g(row.noise)}"
        where = f"alpha = {row.alpha:g}, {row.noise:.0%} of a pattern flipped at the start"
        out[f"{key}.two_cycle"] = Headline(
            row.two_cycle_mean, row.two_cycle_sem, int(row.two_cycle_count),
            f"{where}: synchronous runs ending in a 2-cycle",
        )  # fmt: skip
        out[f"{key}.sync_energy_rose"] = Headline(
            row.sync_energy_rose_mean, row.sync_energy_rose_sem, int(row.sync_energy_rose_count),
            f"{where}: synchronous runs whose energy -1/2 v.W.v rose at some step",
        )  # fmt: skip
    rose = result.tables["summary"]["sync_energy_rose_mean"]
    out["sync_energy_rose_min"] = exact(rose.min(), "smallest of those fractions over the grid")
    out["sync_energy_rose_max"] = exact(rose.max(), "largest of those fractions over the grid")
    total = len(runs)
    out["runs"] = exact(total, "start states, each run synchronously and asynchronously")
    out["sync_fixed"] = exact((runs["sync_cycle"] == 1).sum(), "sync runs at a fixed point")
    out["sync_two_cycles"] = exact((runs["sync_cycle"] == 2).sum(), "sync runs in a 2-cycle")
    out["sync_unfinished"] = exact((runs["sync_cycle"] == 0).sum(), "sync runs out of budget")
    out["async_energy_rises"] = exact(
        runs["async_energy_rises"].sum(), "steps at which the asynchronous energy rose"
    )
    out["sync_cross_rises"] = exact(
        runs["sync_cross_rises"].sum(), "synchronous steps at which -v(t).W.v(t-1) rose"
    )
    out["sync_steps_max"] = exact(runs["sync_steps"].max(), "longest synchronous run, steps")
    # The same runs seen with a smaller budget: the energy rose within T steps if its first
    # rise came by step T (a run that stopped earlier is finished at every later T).
    first = runs["sync_first_rise"]
    for budget in BUDGETS:
        out[f"budget{budget}.sync_energy_rose"] = proportion(
            int(((first > 0) & (first <= budget)).sum()), total,
            f"all runs whose synchronous energy rose within the first {budget} steps",
        )  # fmt: skip
        out[f"budget{budget}.sync_running"] = proportion(
            int((runs["sync_steps"] > budget).sum()), total,
            f"synchronous runs neither at a fixed point nor in a 2-cycle by step {budget}",
        )  # fmt: skip
    return out


def spurious_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """-M, the 3-mixtures and the census of random starts, per load."""
    table = result.table
    out: dict[str, Headline] = {}
    for row in table.itertuples():
        key, nets = f"a{_g(row.alpha)}", int(row.networks)
        where = f"alpha = {row.alpha:g}"
        out[f"{key}.reversed_overlap"] = Headline(
            row.reversed_overlap, row.reversed_overlap_sem, nets,
            f"{where}: final overlap with M from -M with some bits flipped",
        )  # fmt: skip
        out[f"{key}.mixture_overlap"] = Headline(
            row.mixture_overlap, row.mixture_overlap_sem, nets,
            f"{where}: overlap of the settled state with the 3-mixture it started at",
        )  # fmt: skip
        out[f"{key}.mixture_components"] = exact(
            row.mixture_components, f"{where}: mean signed overlap with the mixture's patterns",
            nets,
        )  # fmt: skip
        out[f"{key}.mixture_unhappy"] = Headline(
            row.mixture_unhappy, row.mixture_unhappy_sem, nets,
            f"{where}: fraction of unhappy bits at a 3-mixture",
        )  # fmt: skip
        out[f"{key}.mixture_unhappy_theory"] = exact(
            row.mixture_unhappy_theory, "1/4 Q(3/(2 sqrt(alpha))) + 3/4 Q(1/(2 sqrt(alpha)))"
        )
    for row in table.to_dict("records"):  # the census columns are no identifiers
        starts, where = int(row["starts"]), f"alpha = {row['alpha']:g}"
        for name, label in (("stored", "stored"), ("reversed", "reversed"),
                            ("3-mixture", "mixture"), ("other", "other")):  # fmt: skip
            out[f"a{_g(row['alpha'])}.{label}"] = proportion(
                round(row[name] * starts), starts, f"{where}: random starts ending at {name}"
            )
    out["reversal_symmetric"] = exact(
        float(table["reversal_symmetric"].all()),
        "1 if the unhappy bits at -M are those at M in every network",
        int(table["networks"].sum()),
    )
    return out


def repetition_headlines(
    result: ExperimentResult, params: Mapping[str, Any]
) -> dict[str, Headline]:
    """L and L/K per K, with the jackknife standard error over networks."""
    out: dict[str, Headline] = {}
    for row in result.table.itertuples():
        nets = int(row.networks)
        out[f"K{int(row.K)}.L"] = Headline(
            row.L, row.L_sem, nets,
            f"K = {row.K}: retrievals of the repeated memory / those of an average other",
        )  # fmt: skip
        out[f"K{int(row.K)}.L_over_K"] = Headline(
            row.L_over_K, row.L_over_K_sem, nets, f"K = {row.K}: L / K"
        )
    return out


def rules_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Per rule and start noise: the half-retrieval load; per load, exact and retrieved."""
    table, runs = result.tables["summary"], result.table
    out: dict[str, Headline] = {}
    for (rule, n, noise), g in table.groupby(["rule", "n", "noise"]):
        key = f"{rule}.noise{_g(noise)}"
        where = f"{rule}, n = {n}, {noise:.0%} of bits flipped"
        part = runs[(runs["rule"] == rule) & (runs["n"] == n) & (runs["noise"] == noise)]
        # bootstrap over networks; NaN where half are still retrieved at the largest load
        out[f"{key}.half_retrieval_alpha"] = half_retrieval_load(part)[n]
        for row in g.itertuples():
            nets = int(row.networks)
            out[f"{key}.a{_g(row.alpha)}.stable"] = Headline(
                row.stable_mean, row.stable_sem, nets,
                f"{where}, alpha = {row.alpha:g}: stored patterns that are exact fixed points",
            )  # fmt: skip
            out[f"{key}.a{_g(row.alpha)}.retrieved"] = Headline(
                row.retrieved_mean, row.retrieved_sem, nets,
                f"{where}, alpha = {row.alpha:g}: patterns retrieved (overlap >= 0.9)",
            )  # fmt: skip
    return out
