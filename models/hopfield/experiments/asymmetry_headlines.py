"""The headline numbers of the experiment ``asymmetry``, with their uncertainty.

What ``neuroagents run runs/questions_asymmetry.toml`` records in its summary and
``docs/questions.md`` ("Hopfield nets without symmetry") quotes
(``docs/results/questions_asymmetry.json``, rendered by ``docs/render_numbers.py``).
Means over networks carry the standard error across networks and n = the networks;
counts of runs and exact enumerations carry no sampling error; theory values are exact.

Names (``k`` and ``alpha`` as ``%g``, ``inf`` for the antisymmetric nets):

- ``hebb.a<alpha>.k<k>.<start>.<scheduler>.<quantity>``: part 1, per start kind
  (``pattern``/``random``) and scheduler (``async``/``sync``): ``converged``,
  ``overlap``, ``spurious``; for ``sync`` also the run counts ``runs``, ``long_cycles``
  (period > 2), ``no_repeat``, and ``shortest_long``/``longest`` periods;
  ``hebb.eta.k<k>`` the weight correlation.
- ``one_step.a<alpha>.k<k>.<unhappy|theory|theory_n>`` and ``one_step.max_abs_z``.
- ``exact_hebb.k<k>.<fixed_points|memories|spurious>``: every fixed point of small nets.
- ``fp.n<n>.k<k>.<count|theory>``, ``fp.eta.k<k>``, ``fp.max_abs_z``: part 2.
- ``growth.k<k>.n<n>``: ``ln E[N] / n``.
- ``conv.n<n>.k<k>.<quantity>``: part 3, ``async_converged`` (within the budget T),
  ``async_converged_half`` (within T/2, from the same runs), ``sync_fixed``, ``sync_2``,
  ``sync_4``, ``sync_longer``, ``sync_none``.
- ``dil.c<c>.<asym|sym>.load<load>.<quantity>``: part 4, ``m_sync_1``, ``m_sync``,
  ``m_async``, ``async_converged``, ``m0`` and the DGZ values ``dgz_1``, ``dgz_steps``.
- ``dgz_capacity``: 2/pi.

Pieces:
    asymmetry_headlines: the headlines of one run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.hopfield.asymmetry import DGZ_CAPACITY
from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact

__all__ = ["asymmetry_headlines"]

_SCHEDULERS = {"async-sweep": "async", "sync": "sync"}


def _g(x: Any) -> str:
    return f"{float(x):g}"


def _mean(row: Any, column: str, what: str) -> Headline:
    """A per-network mean of a summary table row, its standard error across networks."""
    row = row._asdict() if hasattr(row, "_asdict") else dict(row)
    return Headline(
        float(row[f"{column}_mean"]), float(row[f"{column}_sem"]), int(row[f"{column}_count"]), what
    )


def _hebbian(result: ExperimentResult) -> dict[str, Headline]:
    out: dict[str, Headline] = {}
    for row in result.tables["hebbian"].itertuples():
        sched = _SCHEDULERS[row.scheduler]
        key = f"hebb.a{_g(row.alpha)}.k{_g(row.k)}.{row.start_kind}.{sched}"
        where = f"alpha = {row.alpha:g}, k = {row.k:g}, {row.start_kind} starts, {row.scheduler}"
        out[f"{key}.converged"] = _mean(row, "converged", f"{where}: runs at a fixed point")
        out[f"{key}.overlap"] = _mean(row, "overlap", f"{where}: final overlap with the target")
        out[f"{key}.spurious"] = _mean(
            row, "spurious", f"{where}: runs at a fixed point far from every pattern"
        )
        out[f"hebb.eta.k{_g(row.k)}"] = exact(row.eta, f"k = {row.k:g}: corr(W_ij, W_ji)")
    runs = result.table[result.table["scheduler"] == "sync"]
    for (alpha, k, kind), part in runs.groupby(["alpha", "k", "start_kind"]):
        key = f"hebb.a{_g(alpha)}.k{_g(k)}.{kind}.sync"
        where = f"alpha = {alpha:g}, k = {k:g}, {kind} starts, synchronous runs"
        period = part["period"]
        long = period[period > 2]
        out[f"{key}.runs"] = exact(len(part), f"{where}: runs")
        out[f"{key}.long_cycles"] = exact(len(long), f"{where}: runs in a cycle longer than 2")
        out[f"{key}.no_repeat"] = exact(
            int((period == 0).sum()), f"{where}: runs with no repeated state within the budget"
        )
        out[f"{key}.shortest_long"] = exact(
            long.min() if len(long) else np.nan, f"{where}: shortest cycle longer than 2"
        )
        out[f"{key}.longest"] = exact(period.max(), f"{where}: longest cycle")
    return out


def _one_step(table: pd.DataFrame) -> dict[str, Headline]:
    out: dict[str, Headline] = {}
    for row in table.itertuples():
        key = f"one_step.a{_g(row.alpha)}.k{_g(row.k)}"
        out[f"{key}.unhappy"] = Headline(
            row.unhappy_at_patterns_mean, row.unhappy_at_patterns_sem,
            int(row.unhappy_at_patterns_count),
            f"alpha = {row.alpha:g}, k = {row.k:g}: fraction of unhappy bits at the patterns",
        )  # fmt: skip
        out[f"{key}.theory"] = exact(row.theory, "1/2 erfc(1/sqrt(2 alpha (1 + k^2)))")
        out[f"{key}.theory_n"] = exact(row.theory_n, "the same at this n (binomial crosstalk)")
    out["one_step.max_abs_z"] = exact(
        table["z"].abs().max(), "largest |deviation| from the finite-n theory, in sems",
        n=len(table),
    )  # fmt: skip
    return out


def _exact_hebbian(table: pd.DataFrame) -> dict[str, Headline]:
    out: dict[str, Headline] = {}
    for row in table.itertuples():
        for column, what in (
            ("fixed_points", "fixed points"),
            ("memories", "stored states +-xi that are fixed"),
            ("spurious", "other fixed points"),
        ):
            out[f"exact_hebb.k{_g(row.k)}.{column}"] = _mean(
                row, column, f"k = {row.k:g}: {what} of a small Hebbian net (all 2^n states)"
            )
    return out


def _fixed_points(table: pd.DataFrame, growth: pd.DataFrame) -> dict[str, Headline]:
    out: dict[str, Headline] = {}
    for row in table.itertuples():
        key = f"fp.n{int(row.n)}.k{_g(row.k)}"
        out[f"{key}.count"] = _mean(
            row, "fixed_points", f"n = {row.n}, k = {row.k:g}: fixed points of J^s + k J^as"
        )
        out[f"{key}.theory"] = exact(row.theory, "exact mean number of fixed points")
        out[f"fp.eta.k{_g(row.k)}"] = exact(row.eta, f"k = {row.k:g}: corr(J_ij, J_ji)")
    z = table["z"].dropna().abs()
    out["fp.max_abs_z"] = exact(z.max(), "largest |deviation| from the exact mean, in sems", len(z))
    for row in growth.itertuples():
        out[f"growth.k{_g(row.k)}.n{int(row.n)}"] = exact(
            row.growth, f"k = {row.k:g}, n = {row.n}: ln E[N] / n"
        )
    return out


def _convergence(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    out: dict[str, Headline] = {}
    quantities = {
        "async_converged": "asynchronous runs at a fixed point within the budget",
        "sync_fixed": "synchronous runs at a fixed point",
        "sync_2": "synchronous runs in a 2-cycle",
        "sync_4": "synchronous runs in a 4-cycle",
        "sync_longer": "synchronous runs in a cycle longer than 2, not 4",
        "sync_none": "synchronous runs with no repeat within the budget",
    }
    for row in result.tables["convergence"].itertuples():
        key = f"conv.n{int(row.n)}.k{_g(row.k)}"
        for column, what in quantities.items():
            out[f"{key}.{column}"] = _mean(row, column, f"n = {row.n}, k = {row.k:g}: {what}")
    # The same runs at half the budget: how the fraction moves with T (issue 26).
    runs = result.tables["convergence_runs"]
    half = params["max_sweeps"] // 2
    runs = runs.assign(half=runs["async_converged"] & (runs["async_sweeps"] <= half))
    per_net = runs.groupby(["n", "k", "seed"])["half"].mean()
    for (n, k), part in per_net.groupby(["n", "k"]):
        nets = len(part)
        out[f"conv.n{int(n)}.k{_g(k)}.async_converged_half"] = Headline(
            float(part.mean()), float(part.std(ddof=1) / np.sqrt(nets)) if nets > 1 else np.nan,
            nets, f"n = {n}, k = {k:g}: asynchronous runs at a fixed point within {half} sweeps",
        )  # fmt: skip
    out["conv.budget"] = exact(params["max_sweeps"], "sweeps allowed per run")
    return out


def _dilution(table: pd.DataFrame) -> dict[str, Headline]:
    out: dict[str, Headline] = {}
    for row in table.itertuples():
        kind = "sym" if row.symmetric else "asym"
        key = f"dil.c{_g(row.c)}.{kind}.load{_g(row.load)}"
        where = f"c = {row.c:g}, {kind}metric dilution, load {row.load:g}"
        out[f"{key}.m_sync_1"] = _mean(row, "m_sync_1", f"{where}: overlap after one step")
        out[f"{key}.m_sync"] = _mean(row, "m_sync", f"{where}: overlap after the sync steps")
        out[f"{key}.m_async"] = _mean(row, "m_async", f"{where}: final asynchronous overlap")
        out[f"{key}.async_converged"] = _mean(
            row, "async_converged", f"{where}: asynchronous runs at a fixed point"
        )
        out[f"{key}.m0"] = _mean(row, "m0", f"{where}: overlap of the start")
        out[f"{key}.dgz_1"] = exact(row.dgz_1, "DGZ map, one step from m0")
        out[f"{key}.dgz_steps"] = exact(row.dgz_steps, "DGZ map, the sync steps from m0")
    out["dgz_capacity"] = exact(DGZ_CAPACITY, "Derrida-Gardner-Zippelius capacity 2/pi")
    return out


def asymmetry_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Every number of the four parts, named as the module docstring says."""
    tables = result.tables
    return {
        **_hebbian(result),
        **_one_step(tables["one_step"]),
        **_exact_hebbian(tables["hebbian_fixed_points"]),
        **_fixed_points(tables["fixed_points"], tables["fixed_point_growth"]),
        **_convergence(result, params),
        **_dilution(tables["dilution"]),
    }
