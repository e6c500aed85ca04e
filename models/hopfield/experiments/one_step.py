"""One-step error: unhappy bits at stored patterns against ``1/2 erfc(1 / sqrt(2 alpha))``.

The lecture: "0.138 n patterns can be stored, erroneous retrieval < 0.4%".

Pieces:
    one_step_trial: the unhappy bits at the stored patterns of one net.
    one_step_table: the trials pooled by (n, alpha), beside erfc and exact theory.
    ONE_STEP: the experiment ``one_step``.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.hopfield import figures
from neuroagents.models.hopfield.experiments.headlines import one_step_headlines
from neuroagents.models.hopfield.experiments.networks import (
    SWEEP_PARAMS,
    pattern_count,
    stored_network,
)
from neuroagents.models.hopfield.network import random_patterns
from neuroagents.models.hopfield.theory import one_step_error, one_step_error_exact
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
    sweep_trials,
)
from neuroagents.validation import check_int

__all__ = ["ONE_STEP", "one_step_experiment", "one_step_table", "one_step_trial"]


ALPHAS_ONE_STEP = [0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.138, 0.16, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6]


def one_step_trial(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """Count the unhappy bits at stored patterns of one Hebbian net.

    Params: ``n``, ``alpha`` (stores ``round(alpha n)`` random patterns), ``probes``
    (how many of them to test, default all: patterns are exchangeable).

    Returns:
        ``patterns``, ``probed``, ``bits`` (tested), ``unhappy``, ``p_error``.

    Examples:
        >>> out = one_step_trial({"n": 200, "alpha": 0.3}, np.random.default_rng(0))
        >>> out["bits"], 0.01 < out["p_error"] < 0.07
        (12000, True)
    """
    n = params["n"]
    count = pattern_count(n, params["alpha"], "one_step_trial")
    probed = min(count, check_int("probes", params.get("probes", count), "one_step_trial", low=1))
    patterns = random_patterns(n, count, rng)
    model = stored_network(patterns, rng)
    unhappy = 0
    for k in range(probed):
        model.set_state(patterns[k])
        unhappy += model.count_unhappy()
    bits = probed * n
    return {
        "patterns": count,
        "probed": probed,
        "bits": bits,
        "unhappy": unhappy,
        "p_error": unhappy / bits,
    }


def one_step_table(runs: pd.DataFrame) -> pd.DataFrame:
    """Pool :func:`one_step_trial` runs by (n, alpha) and set them beside theory.

    ``sem`` is the standard error across independent networks: the bits of one net
    share its crosstalk, so they are not independent coin flips and the binomial
    ``sqrt(p (1 - p) / bits)`` (column ``sem_binomial``, with p estimated as
    ``(unhappy + 1) / (bits + 2)``) understates the error. Where errors are so rare
    that most nets show none, the spread across nets says nothing, and ``sem`` is the
    larger of the two. ``z_theory`` and ``z_exact`` are the deviations in sems.
    """
    rows = []
    for (n, alpha), g in runs.groupby(["n", "alpha"], sort=True):
        unhappy, bits = int(g["unhappy"].sum()), int(g["bits"].sum())
        p_hat = unhappy / bits
        count = int(g["patterns"].iloc[0])
        networks = len(g)
        sem_net = float(g["p_error"].std(ddof=1) / math.sqrt(networks)) if networks > 1 else 0.0
        p_tilde = (unhappy + 1) / (bits + 2)
        sem_binomial = math.sqrt(p_tilde * (1 - p_tilde) / bits)
        sem = max(sem_net, sem_binomial)
        theory = one_step_error(count / n)
        exact = one_step_error_exact(int(n), count)
        rows.append(
            {
                "alpha": alpha,
                "n": n,
                "p_error": p_hat,
                "p_error_theory": theory,
                "sem": sem,
                "p_error_exact": exact,
                "sem_networks": sem_net,
                "sem_binomial": sem_binomial,
                "z_theory": (p_hat - theory) / sem,
                "z_exact": (p_hat - exact) / sem,
                "patterns": count,
                "networks": networks,
                "bits": bits,
                "unhappy": unhappy,
            }
        )
    return pd.DataFrame(rows)


def one_step_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Fraction of unhappy bits at stored patterns against alpha, beside theory."""
    runs = sweep_trials(
        one_step_trial,
        {"n": list(params.n), "alpha": list(params.alphas)},
        {"probes": params.probes},
        params,
        rng,
    )
    table = one_step_table(runs)
    at = table.iloc[(table["alpha"] - 0.138).abs().argmin()]
    lines = [
        "One-step error: fraction of unhappy bits at a stored pattern, Hebbian storage.",
        f"{len(runs)} networks; theory 1/2 erfc(1/sqrt(2 alpha)); exact = finite-n binomial.",
        format_table(table, ["n", "alpha", "p_error", "p_error_theory", "p_error_exact", "sem"]),
        f"At alpha = {at['alpha']:g} (n = {int(at['n'])}): measured {at['p_error']:.5f} "
        f"+- {at['sem']:.5f}, theory {at['p_error_theory']:.5f} (lecture: < 0.4%).",
        f"Largest |z| against erfc theory {table['z_theory'].abs().max():.2f}, against "
        f"the exact finite-n value {table['z_exact'].abs().max():.2f}.",
    ]
    return ExperimentResult(
        table=table,
        summary="\n".join(lines),
        figures={"one_step": partial(figures.one_step_figure, table)},
        tables={"networks": runs},
    )


ONE_STEP = Experiment(
    name="one_step",
    description="unhappy bits at stored patterns against 1/2 erfc(1/sqrt(2 alpha))",
    params={
        "n": Param([1000, 2000], "network sizes"),
        "alphas": Param(ALPHAS_ONE_STEP, "loads alpha = p/n"),
        "probes": Param(100, "stored patterns tested per network", low=1),
        **SWEEP_PARAMS,
    },
    run=one_step_experiment,
    headlines=one_step_headlines,
    quick={
        "n": [1000],
        "alphas": [0.05, 0.1, 0.138, 0.3, 0.6],
        "probes": 20,
        "seeds": 4,
        "backend": "serial",
    },
)
