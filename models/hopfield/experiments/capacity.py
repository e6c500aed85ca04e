"""Capacity: final overlap after convergence against alpha, beside AGS theory.

Pieces:
    capacity_trial: one net settles from its stored (or corrupted) patterns, under
        any learning rule (also the trial of :mod:`.rules`).
    capacity_table: mean and sem across networks, with the AGS overlap.
    CAPACITY: the experiment ``capacity``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis.summary import summarize
from neuroagents.models.hopfield import figures
from neuroagents.models.hopfield.experiments.headlines import capacity_headlines
from neuroagents.models.hopfield.experiments.networks import (
    SWEEP_PARAMS,
    crossing,
    pattern_count,
    stored_network,
)
from neuroagents.models.hopfield.network import RETRIEVED, corrupt, overlap, random_patterns
from neuroagents.models.hopfield.theory import ags_capacity, ags_overlap
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
    sweep_trials,
)
from neuroagents.validation import check_int, check_real

__all__ = ["CAPACITY", "capacity_experiment", "capacity_table", "capacity_trial"]


ALPHAS_CAPACITY = [
    0.02,
    0.04,
    0.06,
    0.08,
    0.1,
    0.11,
    0.12,
    0.13,
    0.14,
    0.15,
    0.16,
    0.18,
    0.2,
    0.25,
    0.3,
]


def capacity_trial(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Let one net settle (asynchronously) from its stored patterns and measure overlaps.

    Params: ``n``, ``alpha``, ``rule`` (``"hebb"``, ``"pseudo-inverse"``,
    ``"storkey"``; default Hebb), ``noises`` (fractions of bits flipped in the start
    state; default ``[0.0]``, the stored pattern itself), ``probes`` (patterns
    started from, default 5), ``max_sweeps`` (default 200).

    Returns:
        One row per noise: ``noise``, ``patterns``, ``overlap`` (mean final overlap
        with the pattern started from), ``overlap_min``, ``retrieved`` (fraction with
        final overlap >= 0.9), ``stable`` (fraction of the stored patterns probed that
        are exact fixed points), ``sweeps`` (mean), ``converged`` (all reached a fixed
        point).

    Examples:
        >>> out = capacity_trial({"n": 200, "alpha": 0.05}, np.random.default_rng(0))
        >>> out[["noise", "overlap", "retrieved", "converged"]].values.tolist()
        [[0.0, 1.0, 1.0, True]]
    """
    n = params["n"]
    count = pattern_count(n, params["alpha"], "capacity_trial")
    probes = min(count, check_int("probes", params.get("probes", 5), "capacity_trial", low=1))
    max_sweeps = params.get("max_sweeps", 200)
    patterns = random_patterns(n, count, rng)
    model = stored_network(patterns, rng, params.get("rule", "hebb"))
    stable = 0
    for k in range(probes):
        model.set_state(patterns[k])
        stable += model.is_stable()
    rows = []
    for noise in params.get("noises", [0.0]):
        flips = round(check_real("noise", noise, "capacity_trial", low=0, high=1) * n)
        finals, sweeps, converged = [], [], True
        for k in range(probes):
            model.set_state(corrupt(patterns[k], flips, rng) if flips else patterns[k])
            report = model.run_until_stable(max_sweeps=max_sweeps)
            finals.append(overlap(patterns[k], model.state)[0])
            sweeps.append(report.steps)
            converged &= report.converged
        finals = np.array(finals)
        rows.append(
            {
                "noise": float(noise),
                "patterns": count,
                "overlap": float(finals.mean()),
                "overlap_min": float(finals.min()),
                "retrieved": float(np.mean(finals >= RETRIEVED)),
                "stable": stable / probes,
                "sweeps": float(np.mean(sweeps)),
                "converged": bool(converged),
            }
        )
    return pd.DataFrame(rows)


def capacity_table(runs: pd.DataFrame, by: Sequence[str] = ("n", "alpha")) -> pd.DataFrame:
    """Mean and sem (across networks) of overlap and retrieval, with the AGS overlap."""
    table = summarize(runs, list(by), ["overlap", "retrieved", "stable"], quantiles=())
    table = table.rename(columns={"overlap_count": "networks"}).drop(
        columns=["retrieved_count", "stable_count"]
    )
    table["overlap_theory"] = ags_overlap(table["alpha"].to_numpy())
    return table


def capacity_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Final overlap after asynchronous convergence from a stored pattern, against alpha."""
    runs = sweep_trials(
        capacity_trial,
        {"n": list(params.n), "alpha": list(params.alphas)},
        {"probes": params.probes, "max_sweeps": params.max_sweeps},
        params,
        rng,
    )
    table = capacity_table(runs)
    alpha_c, m_c = ags_capacity()
    lines = [
        "Capacity: final overlap after asynchronous convergence from a stored pattern.",
        f"AGS theory: alpha_c = {alpha_c:.4f}, overlap {m_c:.4f} just below it.",
        format_table(
            table, ["n", "alpha", "overlap_mean", "overlap_sem", "overlap_theory", "retrieved_mean"]
        ),
    ]
    for n, g in table.groupby("n"):
        half = crossing(g["alpha"].to_numpy(), g["retrieved_mean"].to_numpy(), 0.5)
        lines.append(f"n = {n}: half of the patterns retrieved up to alpha = {half:.3f}.")
    runs = runs.drop(columns=["probes", "max_sweeps"])
    return ExperimentResult(
        table=runs,
        summary="\n".join(lines),
        figures={"capacity": partial(figures.capacity_figure, table)},
        tables={"summary": table},
    )


CAPACITY = Experiment(
    name="capacity",
    description="final overlap after asynchronous convergence against alpha (AGS)",
    params={
        "n": Param([500, 1000, 2000], "network sizes"),
        "alphas": Param(ALPHAS_CAPACITY, "loads alpha = p/n"),
        "probes": Param(5, "stored patterns started from per network", low=1),
        "max_sweeps": Param(200, "sweep budget per run", low=1),
        **SWEEP_PARAMS,
    },
    run=capacity_experiment,
    headlines=capacity_headlines,
    quick={"n": [500], "alphas": [0.05, 0.1, 0.14, 0.2], "seeds": 3, "backend": "serial"},
)
