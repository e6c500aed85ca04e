"""Repetition: a memory stored K times is retrieved L >> K times as often.

Pieces:
    repetition_trial: what random starts retrieve in one net storing pattern 0 K times.
    repetition_table: L by K, with a jackknife error across networks.
    REPETITION: the experiment ``repetition``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.connectome import Connectome
from neuroagents.models.hopfield import figures
from neuroagents.models.hopfield.experiments.networks import SWEEP_PARAMS, jackknife_sem
from neuroagents.models.hopfield.experiments.run_headlines import repetition_headlines
from neuroagents.models.hopfield.learning_rules import hebbian_weights
from neuroagents.models.hopfield.network import RETRIEVED, HopfieldModel, random_patterns
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
    sweep_trials,
)
from neuroagents.validation import check_int

__all__ = ["REPETITION", "repetition_experiment", "repetition_table", "repetition_trial"]


def repetition_trial(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """Store pattern 0 K times and the others once; count what random starts retrieve.

    Params: ``n``, ``patterns`` (distinct patterns), ``K`` (times pattern 0 is
    stored), ``starts`` (random initial states), ``max_sweeps``.

    Returns:
        ``repeated`` (starts that end at pattern 0 or its reverse, overlap >= 0.9 in
        absolute value), ``others`` (that end at another pattern or its reverse),
        ``neither``.

    Examples:
        >>> out = repetition_trial({"n": 200, "patterns": 10, "K": 4, "starts": 20},
        ...                        np.random.default_rng(0))
        >>> out["repeated"] > out["others"]
        True
    """
    n = params["n"]
    count = check_int("patterns", params["patterns"], "repetition_trial", low=2)
    times = check_int("K", params["K"], "repetition_trial", low=1)
    patterns = random_patterns(n, count, rng)
    # The lecture: "store M K times": pattern 0 appears K times in the training set.
    stored = np.vstack([np.repeat(patterns[:1], times - 1, axis=0), patterns])
    weights = hebbian_weights(stored, normalize=False, dtype=np.float32)
    model = HopfieldModel(
        Connectome.from_matrix(weights), patterns=patterns, rng=rng, record_every=None
    )
    hits = np.zeros(count, dtype=np.int64)
    starts = params.get("starts", 100)
    for _ in range(starts):
        model.set_state(np.where(rng.random(n) < 0.5, 1, -1))
        model.run_until_stable(max_sweeps=params.get("max_sweeps", 200))
        m = np.abs(model.overlaps())
        if m.max() >= RETRIEVED:
            hits[int(np.argmax(m))] += 1
    return {
        "repeated": int(hits[0]),
        "others": int(hits[1:].sum()),
        "neither": int(starts - hits.sum()),
    }


def repetition_table(runs: pd.DataFrame, patterns: int) -> pd.DataFrame:
    """L (retrievals of the repeated memory over those of an average other one) by K.

    ``L = repeated / (others / (patterns - 1))``, pooled over networks, with a
    jackknife standard error over networks.
    """

    def ratio(g: pd.DataFrame) -> float:
        others = g["others"].sum() / (patterns - 1)
        return g["repeated"].sum() / others if others > 0 else float("inf")

    rows = []
    for times, g in runs.groupby("K"):
        g = g.reset_index(drop=True)
        value, sem = ratio(g), jackknife_sem(g, ratio)
        rows.append(
            {
                "K": times,
                "L": value,
                "L_sem": sem,
                "L_over_K": value / times,
                "L_over_K_sem": sem / times,
                "repeated": int(g["repeated"].sum()),
                "others": int(g["others"].sum()),
                "neither": int(g["neither"].sum()),
                "starts": int(g["starts"].sum()),
                "networks": len(g),
            }
        )
    return pd.DataFrame(rows)


def repetition_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """A memory stored K times is retrieved L >> K times as often as the others."""
    runs = sweep_trials(
        repetition_trial,
        {"K": list(params.K)},
        {"n": params.n, "patterns": params.patterns, "starts": params.starts},
        params,
        rng,
    )
    table = repetition_table(runs, params.patterns)
    lines = [
        f"Repetition at n = {params.n}, {params.patterns} distinct patterns, "
        f"{params.starts} random starts per net: L = retrievals of the memory stored K "
        "times / retrievals of an average other memory.",
        format_table(table, ["K", "L", "L_sem", "L_over_K", "repeated", "others", "neither"]),
    ]
    return ExperimentResult(
        table=table,
        summary="\n".join(lines),
        figures={"repetition": partial(figures.repetition_figure, table)},
        tables={"networks": runs},
    )


REPETITION = Experiment(
    name="repetition",
    description="a memory stored K times is retrieved L >> K times as often",
    params={
        "n": Param(500, "neurons", low=2),
        "patterns": Param(5, "distinct stored patterns", low=2),
        "K": Param([1, 2, 3, 4, 5], "times the first pattern is stored"),
        "starts": Param(200, "random starts per network", low=1),
        **SWEEP_PARAMS,
    },
    run=repetition_experiment,
    headlines=repetition_headlines,
    quick={"n": 300, "K": [1, 2, 3], "starts": 40, "seeds": 3, "backend": "serial"},
)
