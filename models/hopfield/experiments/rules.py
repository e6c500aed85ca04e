"""Beyond Hebb: capacity curves of Hebb's, the pseudo-inverse and Storkey's rules.

Pieces:
    RULES: the experiment ``rules`` (its trial is
        :func:`~neuroagents.models.hopfield.experiments.capacity.capacity_trial`).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from neuroagents.models.hopfield import figures
from neuroagents.models.hopfield.experiments.capacity import capacity_table, capacity_trial
from neuroagents.models.hopfield.experiments.networks import SWEEP_PARAMS, crossing
from neuroagents.models.hopfield.experiments.run_headlines import rules_headlines
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    sweep_trials,
)

__all__ = ["RULES", "rules_experiment"]


def rules_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Capacity curves of Hebb's, the pseudo-inverse and Storkey's rules."""
    runs = sweep_trials(
        capacity_trial,
        {"rule": list(params.rules), "n": list(params.n), "alpha": list(params.alphas)},
        {"noises": list(params.noises), "probes": params.probes},
        params,
        rng,
    )
    runs = runs.drop(columns=["noises", "probes"])
    table = capacity_table(runs, by=("rule", "n", "noise", "alpha"))
    lines = ["Capacity of three learning rules: final overlap after asynchronous convergence."]
    for (rule, n, noise), g in table.groupby(["rule", "n", "noise"]):
        half = crossing(g["alpha"].to_numpy(), g["retrieved_mean"].to_numpy(), 0.5)
        lines.append(
            f"{rule:>15}, n = {n}, {noise:.0%} of bits flipped: half retrieved up to "
            f"alpha = {half:.3f}"
        )
    return ExperimentResult(
        table=runs,
        summary="\n".join(lines),
        figures={"rules": partial(figures.rules_figure, table)},
        tables={"summary": table},
    )


RULES = Experiment(
    name="rules",
    description="capacity of Hebb, pseudo-inverse and Storkey rules",
    params={
        "n": Param([1000], "network sizes"),
        "rules": Param(["hebb", "storkey", "pseudo-inverse"], "learning rules"),
        "alphas": Param(
            [0.05, 0.1, 0.14, 0.18, 0.22, 0.26, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
            "loads alpha = p/n",
        ),
        "noises": Param([0.0, 0.1], "fractions of bits flipped in the start state"),
        "probes": Param(5, "patterns started from per network", low=1),
        **SWEEP_PARAMS,
    },
    run=rules_experiment,
    headlines=rules_headlines,
    quick={"n": [300], "alphas": [0.1, 0.3, 0.6], "seeds": 2, "backend": "serial"},
)
