"""Experiment ``hopfield``: a Hopfield net wired like a connectome, against exact theory.

Pieces:
    HOPFIELD: the experiment: the one-step error of
        :mod:`neuroagents.models.celegans.hebbian` against its exact theory, per number
        of stored patterns.

Hebb's rule restricted to the connectome's pairs, ``w_ij = c_ij Σ_μ ξ_i^μ ξ_j^μ``
(c the symmetrized 0/1 adjacency, any connectome a config names). Started on pattern 1,
neuron i's aligned input is ``ξ_i^1 h_i = k_i + C_i``: k_i (its degree) of signal, and a
crosstalk C_i that is a sum of k_i (p − 1) independent ±1 terms (for each neighbour j
and pattern μ ≠ 1, ``ξ_i^1 ξ_i^μ ξ_j^μ ξ_j^1`` with ξ_j^μ uniform and independent of the
rest). The sign rule keeps the state at a tie, so neuron i errs iff C_i < −k_i: with
B ~ Binomial(k_i (p − 1), ½), ``P_i = P(2B − k_i (p − 1) < −k_i)``, an exact binomial
tail for every degree, no large-n limit needed. The net's error is the mean of P_i over
neurons: low-degree neurons carry it (a neuron with one partner errs with probability
near ½ once p > 1). Weights are integers (unnormalised), so the engine's sums are exact
and ties are ties.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
from scipy import stats

from neuroagents.analysis.summary import summarize
from neuroagents.connectome.files import load_connectome
from neuroagents.models.celegans.experiments.headlines import hopfield_headlines
from neuroagents.models.celegans.figures import hopfield_figure
from neuroagents.models.celegans.hebbian import hopfield_mask, one_step_theory, one_step_trial
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = ["HOPFIELD"]


def hopfield_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """One-step error of Hebbian storage on the connectome against the binomial theory."""
    connectome = load_connectome(config.connectome)
    mask = hopfield_mask(connectome)
    degrees = mask.sum(axis=1).astype(int)
    rows = []
    for p in config.patterns:
        theory = float(one_step_theory(degrees, p).mean())
        for trial in range(config.trials):
            t = one_step_trial(mask, p, rng.spawn(1)[0])
            rows.append({"patterns": p, "trial": trial, "error": t["errors"].sum() /
                         (t["starts"].sum()), "theory": theory})  # fmt: skip
    table = pd.DataFrame(rows)
    summary_table = summarize(table, by="patterns", values="error").merge(
        table.groupby("patterns", as_index=False)["theory"].first()
    )
    # what a homogeneous net with the same mean degree would give (the Gaussian limit)
    mean_k = degrees.mean()
    summary_table["theory_mean_degree"] = stats.norm.sf(
        np.sqrt(mean_k / np.maximum(summary_table["patterns"] - 1, 1e-12))
    )
    summary_table["z"] = (summary_table["error_mean"] - summary_table["theory"]) / summary_table[
        "error_sem"
    ].where(summary_table["error_sem"] > 0)
    by_degree = one_step_trial(mask, config.patterns_by_degree, rng.spawn(1)[0])
    for _ in range(config.trials - 1):
        more = one_step_trial(mask, config.patterns_by_degree, rng.spawn(1)[0])
        by_degree[["errors", "starts"]] += more[["errors", "starts"]]
    by_degree["theory"] = one_step_theory(by_degree["degree"].to_numpy(),
                                          config.patterns_by_degree)  # fmt: skip
    summary = (
        f"Hopfield net on {config.connectome!r} ({len(degrees)} neurons, mean degree "
        f"{degrees.mean():.1f}, min {degrees.min()}, max {degrees.max()}): Hebbian weights "
        "on the connectome's pairs; one synchronous step from each stored pattern.\n"
        + format_table(
            summary_table,
            ["patterns", "error_mean", "error_sem", "theory", "z", "theory_mean_degree"],
        )
    )
    figure = partial(hopfield_figure, summary_table, by_degree, config.patterns_by_degree)
    return ExperimentResult(table, summary, {"celegans_hopfield": figure},
                            {"summary": summary_table, "by_degree": by_degree})  # fmt: skip


HOPFIELD = Experiment(
    name="hopfield",
    description="Hebbian Hopfield net on a connectome's wiring: one-step error vs exact theory",
    params={
        "connectome": Param("celegans", "the wiring: a name or a file (symmetrized)"),
        "patterns": Param([2, 3, 5, 10, 20, 40], "numbers of stored patterns", low=1),
        "trials": Param(200, "independent pattern sets per number", low=2),
        "patterns_by_degree": Param(10, "patterns for the error-by-degree panel", low=1),
    },
    run=hopfield_experiment,
    headlines=hopfield_headlines,
    quick={"patterns": [2, 5, 20], "trials": 10},
)
