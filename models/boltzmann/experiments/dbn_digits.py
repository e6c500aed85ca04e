"""Stacked RBMs (a deep belief net) on the digits (``dbn_digits``).

Pieces:
    stacking_table: logistic regression on raw pixels, one RBM's features and the
        top features of greedily stacked RBMs, on nudged digits, over seeds.
    DBN_DIGITS: the experiment ``runs/dbn_digits.toml`` runs.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.boltzmann import figures
from neuroagents.models.boltzmann.dbn import DBN
from neuroagents.models.boltzmann.digits import load_digits01, logistic_accuracy
from neuroagents.models.boltzmann.experiments.headlines import dbn_digits_headlines
from neuroagents.models.boltzmann.experiments.rbm_digits import nudged_split
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = ["DBN_DIGITS", "stacking_table"]


def stacking_table(params: dict[str, Any], rng: np.random.Generator) -> tuple[pd.DataFrame, DBN]:
    """Accuracy of logistic regression on raw pixels, layer 1 and the top of the stack."""
    layers = list(params["layers"])
    rbm_params = {k: params[k] for k in ("learning_rate", "batch_size", "n_iter")}
    rows, dbn = [], None
    for seed, g in enumerate(rng.spawn(params["seeds"])):
        X_tr, y_tr, X_te, y_te = nudged_split(params, g)
        dbn = DBN(layers, random_state=g, **rbm_params).fit(X_tr)
        C = params["C"]
        rows.append(
            {
                "seed": seed,
                "features": "raw pixels",
                "units": 64,
                "accuracy": logistic_accuracy(X_tr, y_tr, X_te, y_te, 100.0),
            }
        )
        for depth in range(1, len(layers) + 1):
            rows.append(
                {
                    "seed": seed,
                    "features": f"{depth} RBM(s)",
                    "units": layers[depth - 1],
                    "accuracy": logistic_accuracy(
                        dbn.transform(X_tr, depth), y_tr, dbn.transform(X_te, depth), y_te, C
                    ),
                }
            )
    return pd.DataFrame(rows), dbn


def dbn_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Greedy stacking, classification with the stacked features, samples from the top."""
    table, dbn = stacking_table(params, rng)
    steps = params.gibbs_steps
    start = load_digits01()[0][rng.choice(1797, 64, replace=False)]
    dbn_samples = dbn.sample(64, n_steps=steps, start=start)
    first = dbn.rbms[0]
    rbm_chain = first.sample(64, n_steps=steps, start=(start > 0.5).astype(float))
    rbm_samples = first.mean_visibles(first.transform(rbm_chain))
    pool = table.groupby("features", sort=False)["accuracy"].agg(["mean", "std", "count"])
    pool = pool.reset_index()
    summary = "\n".join(
        [
            f"Deep belief net: RBMs {params.layers} stacked greedily on nudged digits "
            f"(lr {params.learning_rate}, {params.n_iter} epochs each, PCD-1); "
            f"logistic regression (C = {params.C} on features, 100 on pixels), "
            f"{params.seeds} seeds:",
            format_table(pool, pool.columns),
        ]
    )
    return ExperimentResult(
        table=table,
        summary=summary,
        figures={
            "boltzmann_dbn_digits": partial(figures.dbn_figure, dbn_samples, rbm_samples, steps)
        },
        # the figure's samples as a table too, so gibbs_steps shows in the outputs
        tables={"samples": _samples_table({"dbn": dbn_samples, "rbm": rbm_samples}, steps)},
    )


def _samples_table(chains: dict[str, np.ndarray], steps: int) -> pd.DataFrame:
    """Samples (one row per chain, sample and pixel) after ``steps`` Gibbs steps."""
    parts = []
    for chain, samples in chains.items():
        count, pixels = samples.shape
        parts.append(
            pd.DataFrame(
                {
                    "chain": chain,
                    "gibbs_steps": steps,
                    "sample": np.repeat(np.arange(count), pixels),
                    "pixel": np.tile(np.arange(pixels), count),
                    "value": np.asarray(samples, dtype=float).ravel(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


DBN_DIGITS = Experiment(
    name="dbn_digits",
    description="greedy layer-wise RBM stack: features for logistic regression, samples",
    params={
        "layers": Param([256, 128], "hidden units of each stacked RBM, bottom first"),
        "learning_rate": Param(0.06, "learning rate of every layer", low=0.0),
        "batch_size": Param(10, "mini-batch size", low=1),
        "n_iter": Param(10, "epochs per layer", low=1),
        "C": Param(6000.0, "inverse regularisation of logistic regression on features", low=0),
        "seeds": Param(3, "seeds", low=1),
        "rows": Param(0, "rows of the nudged digits used for features (0: all 8,985)", low=0),
        "gibbs_steps": Param(1000, "Gibbs steps in the top RBM for the samples", low=1),
    },
    run=dbn_experiment,
    headlines=dbn_digits_headlines,
    quick={"rows": 600, "layers": [32, 16], "n_iter": 1, "seeds": 1, "gibbs_steps": 20},
)
