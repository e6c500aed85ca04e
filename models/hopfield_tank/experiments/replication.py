"""The 1988 replication: Wilson & Pawley's protocol, many instances and many starts.

Wilson & Pawley (1988) ran the 1985 network with the paper's parameters 100 times on
10-city problems; as later reviews quote them, 15 runs gave valid tours, 45 froze into
invalid states and 40 had not converged, and valid tours were not much shorter than
random ones. We run that protocol on many random instances, stopping each run after
1000 steps of dt = 1e-5 (our reading of their budget; the paper's text was not at hand
to check it): our "invalid" is their frozen, our "unsettled" their not converged.

Pieces:
    PAPER_1988: Wilson & Pawley's figures.
    replication_experiment, REPLICATION: the experiment ``replication``.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from neuroagents.models.hopfield_tank import figures
from neuroagents.models.hopfield_tank.experiments.headlines import replication_headlines
from neuroagents.models.hopfield_tank.experiments.protocol import network_runs
from neuroagents.models.hopfield_tank.experiments.starts import NETWORK_PARAMS, outcome_summary
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
    sweep_params,
)

__all__ = ["PAPER_1988", "REPLICATION", "replication_experiment"]

PAPER_1988 = {"valid": 0.15, "invalid": 0.45, "unsettled": 0.40}
"""Wilson & Pawley (1988), 100 runs: 15 valid, 45 frozen invalid, 40 not converged."""


def replication_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Outcome fractions and the distribution of length ratios, beside Wilson & Pawley."""
    runs = network_runs(params, rng)
    runs["all"] = "all"
    pooled = outcome_summary(runs, ["all"])
    per_instance = outcome_summary(runs, ["seed"])
    net = runs[(runs["outcome"] != "random") & runs["valid"]]
    random = runs.loc[runs["outcome"] == "random", "ratio"]
    quantiles = net["ratio"].quantile([0.1, 0.5, 0.9]).to_numpy()
    row = pooled.iloc[0]
    lines = [
        f"The 1988 replication: {params.seeds} random instances x {params.starts} runs, "
        f"1985 parameters, stopped at t = {params.t_end:g} ({params.t_end / params.dt:.0f}"
        f" steps of dt = {params.dt:g}).",
        format_table(pooled, ["runs", "valid", "invalid", "unsettled", "valid_sem"]),
        f"Wilson & Pawley 1988 (100 runs): valid {PAPER_1988['valid']:.0%}, frozen invalid "
        f"{PAPER_1988['invalid']:.0%}, not converged {PAPER_1988['unsettled']:.0%}; here "
        f"{row['valid']:.1%}, {row['invalid']:.1%}, {row['unsettled']:.1%}.",
        f"Valid tours / optimum: 10%, 50%, 90% quantiles {quantiles[0]:.3f}, "
        f"{quantiles[1]:.3f}, {quantiles[2]:.3f} (random tours: median {random.median():.3f}); "
        f"{row['optimal']:.2%} of runs optimal.",
        f"Valid fraction across instances: {(per_instance['valid'] == 0).mean():.0%} of "
        f"instances never gave a valid tour; the best instance gave "
        f"{per_instance['valid'].max():.0%}.",
    ]
    return ExperimentResult(
        table=per_instance,
        summary="\n".join(lines),
        figures={
            "replication": partial(
                figures.replication_figure, pooled, per_instance, runs, PAPER_1988
            )
        },
        tables={"runs": runs, "pooled": pooled},
    )


REPLICATION = Experiment(
    name="replication",
    description="Wilson & Pawley's 1988 protocol: many instances x many starts, 1000 steps",
    params={
        **NETWORK_PARAMS,
        "t_end": Param(0.01, "integration time per run (1000 steps at dt = 1e-5)", low=1e-6),
        "starts": Param(100, "runs per instance", low=1),
        "random_tours": Param(100, "random tours per instance (the floor)", low=0),
        **sweep_params(50, "random instances"),
    },
    run=replication_experiment,
    headlines=replication_headlines,
    quick={"seeds": 4, "starts": 20, "random_tours": 20},
)
