"""Finite size: does the pruned nets' excess over the static-noise theory shrink with n?

At n = 400 the measured capacities of :mod:`.experiments_pruning` exceed the n -> inf
theory by 1.3-2.1x. This experiment measures the capacity per remaining synapse of the
unpruned net and of random and magnitude pruning at one kept fraction for several n,
with the same trial and criterion, and reports measured / theory against n.

Pieces:
    PRUNING_SIZE: the experiment ``pruning_size``.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from neuroagents.models.hopfield import figures_pruning
from neuroagents.models.hopfield.experiments.pruning import capacity_table, pruning_trial
from neuroagents.models.hopfield.experiments.pruning_headlines import pruning_size_headlines
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
    sweep_params,
    sweep_trials,
)

__all__ = ["PRUNING_SIZE"]


def pruning_size_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Capacity per remaining synapse against n: unpruned, random and magnitude pruning."""
    fixed = {"probes": params.probes}
    full = sweep_trials(
        pruning_trial,
        {"n": params.sizes, "rule": ["none"], "keep": [1.0], "load": params.loads_full},
        fixed,
        params,
        rng,
    )
    pruned = sweep_trials(
        pruning_trial,
        {
            "n": params.sizes,
            "rule": ["random", "magnitude"],
            "keep": [params.keep],
            "load": params.loads,
        },
        fixed,
        params,
        rng,
    )
    runs = pd.concat([full, pruned], ignore_index=True).drop(columns=["probes"])
    summary, capacity = capacity_table(runs, by=("n", "rule", "keep"))
    lines = [
        "Capacity per remaining synapse against n (final overlap >= 0.75 for half the "
        "probes), measured / static-noise theory:",
        format_table(capacity, ["rule", "keep", "n", "capacity", "theory", "ratio"]),
    ]
    return ExperimentResult(
        table=runs,
        summary="\n".join(lines),
        figures={"pruning_size": partial(figures_pruning.size_figure, capacity)},
        tables={"summary": summary, "capacity": capacity},
    )


PRUNING_SIZE = Experiment(
    name="pruning_size",
    description="finite size: capacity of pruned Hopfield nets / static-noise theory against n",
    params={
        "sizes": Param([200, 400, 800], "network sizes n", low=10),
        "keep": Param(0.2, "fraction of synapses kept", low=0.01, high=1.0),
        "loads": Param(
            [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2],
            "patterns per remaining synapse of the pruned nets",
            low=0.0,
        ),
        "loads_full": Param(
            [0.1, 0.12, 0.14, 0.16, 0.18, 0.2, 0.22, 0.25, 0.3], "loads of the unpruned net"
        ),
        "probes": Param(5, "stored patterns started from per network", low=1),
        **sweep_params(4, "independent networks per grid point", backend="processes"),
    },
    run=pruning_size_experiment,
    headlines=pruning_size_headlines,
    quick={
        "sizes": [100, 200],
        "loads": [0.3, 0.6, 1.0],
        "loads_full": [0.1, 0.2, 0.3],
        "seeds": 2,
        "backend": "serial",
    },
)
