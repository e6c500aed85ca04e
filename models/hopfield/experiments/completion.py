"""Pattern completion: the basins of attraction, and the first update against theory.

Pieces:
    completion_trial: retrieval from corrupted patterns of one net, and the overlap
        after one synchronous update against ``erf(m0 / sqrt(2 alpha))``.
    COMPLETION: the experiment ``completion``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis.summary import summarize
from neuroagents.models.hopfield import figures
from neuroagents.models.hopfield.experiments.headlines import completion_headlines
from neuroagents.models.hopfield.experiments.networks import (
    SWEEP_PARAMS,
    crossing,
    one_synchronous_update,
    pattern_count,
    stored_network,
)
from neuroagents.models.hopfield.network import RETRIEVED, corrupt, overlap, random_patterns
from neuroagents.models.hopfield.theory import first_step_overlap
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    sweep_trials,
)
from neuroagents.validation import check_int, check_real

__all__ = ["COMPLETION", "completion_experiment", "completion_trial"]


def completion_trial(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Pattern completion in one net: start from corrupted patterns, let it settle.

    Params: ``n``, ``alpha``, ``noises`` (fractions of bits flipped), ``probes``
    (patterns per noise level, default 5), ``max_sweeps`` (default 200).

    Returns:
        One row per noise: ``noise``, ``overlap_start`` (``m0 = 1 - 2 noise``),
        ``first_step`` (mean overlap after one synchronous update),
        ``first_step_theory`` (``erf(m0 / sqrt(2 alpha))``), ``first_step_exact``
        (finite n), ``overlap`` (final, asynchronous), ``retrieved``.

    Examples:
        >>> out = completion_trial(
        ...     {"n": 300, "alpha": 0.05, "noises": [0.1, 0.45]}, np.random.default_rng(0)
        ... )
        >>> out["retrieved"].tolist()
        [1.0, 0.0]
    """
    n = params["n"]
    count = pattern_count(n, params["alpha"], "completion_trial")
    probes = min(count, check_int("probes", params.get("probes", 5), "completion_trial", low=1))
    patterns = random_patterns(n, count, rng)
    model = stored_network(patterns, rng)
    rows = []
    for noise in params["noises"]:
        flips = round(check_real("noise", noise, "completion_trial", low=0, high=1) * n)
        first, finals = [], []
        for k in range(probes):
            model.set_state(corrupt(patterns[k], flips, rng))
            first.append(overlap(patterns[k], one_synchronous_update(model))[0])
            model.run_until_stable(max_sweeps=params.get("max_sweeps", 200))
            finals.append(overlap(patterns[k], model.state)[0])
        theory, exact = first_step_overlap(n, count, flips)
        finals = np.array(finals)
        rows.append(
            {
                "noise": float(noise),
                "overlap_start": 1 - 2 * flips / n,
                "first_step": float(np.mean(first)),
                "first_step_theory": theory,
                "first_step_exact": exact,
                "overlap": float(finals.mean()),
                "retrieved": float(np.mean(finals >= RETRIEVED)),
            }
        )
    return pd.DataFrame(rows)


def completion_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Retrieval probability against the fraction of corrupted bits, for several alpha."""
    runs = sweep_trials(
        completion_trial,
        {"alpha": list(params.alphas)},
        {"n": params.n, "noises": list(params.noises), "probes": params.probes},
        params,
        rng,
    )
    runs = runs.drop(columns=["noises", "probes"])
    table = summarize(
        runs, ["alpha", "noise"], ["retrieved", "overlap", "first_step"], quantiles=()
    )
    theory = runs.groupby(["alpha", "noise"])[["first_step_theory", "first_step_exact"]].first()
    table = table.merge(theory.reset_index(), on=["alpha", "noise"])
    # In bits wrong after the update, q = (1 - m1) / 2; floor the sem at binomial.
    bits = params.n * params.probes * table["first_step_count"]
    q = ((1 - table["first_step_mean"]) / 2 * bits + 1) / (bits + 2)
    table["first_step_sem"] = np.maximum(table["first_step_sem"], 2 * np.sqrt(q * (1 - q) / bits))
    table["z_first_step_exact"] = (table["first_step_mean"] - table["first_step_exact"]) / table[
        "first_step_sem"
    ]
    table["z_first_step"] = (table["first_step_mean"] - table["first_step_theory"]) / table[
        "first_step_sem"
    ]
    lines = [
        f"Pattern completion at n = {params.n}: retrieval (final overlap >= {RETRIEVED}) "
        "from patterns with a fraction of bits flipped."
    ]
    for alpha, g in table.groupby("alpha"):
        edge = crossing(g["noise"].to_numpy(), g["retrieved_mean"].to_numpy(), 0.5)
        lines.append(f"alpha = {alpha:g}: half the cues retrieved up to {edge:.3f} bits flipped.")
    z, z_exact = table["z_first_step"].abs(), table["z_first_step_exact"].abs()
    lines.append(
        f"First synchronous update, {len(table)} (alpha, noise) points: largest |z| against "
        f"erf(m0/sqrt(2 alpha)) {z.max():.2f} ({int((z > 3).sum())} above 3), against the "
        f"exact finite-n value {z_exact.max():.2f} ({int((z_exact > 3).sum())} above 3)."
    )
    return ExperimentResult(
        table=runs,
        summary="\n".join(lines),
        figures={"completion": partial(figures.completion_figure, table)},
        tables={"summary": table},
    )


COMPLETION = Experiment(
    name="completion",
    description="retrieval probability against the fraction of corrupted bits",
    params={
        "n": Param(1000, "neurons", low=2),
        "alphas": Param([0.02, 0.05, 0.08, 0.11, 0.14], "loads alpha = p/n"),
        "noises": Param([round(0.025 * k, 3) for k in range(21)], "fractions flipped"),
        "probes": Param(5, "cues per noise level per network", low=1),
        **SWEEP_PARAMS,
    },
    run=completion_experiment,
    headlines=completion_headlines,
    quick={
        "n": 400,
        "alphas": [0.05, 0.12],
        "noises": [0.1, 0.3, 0.45],
        "seeds": 3,
        "backend": "serial",
    },
)
