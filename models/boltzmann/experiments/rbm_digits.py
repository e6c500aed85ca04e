"""RBMs on the 8x8 digits beside scikit-learn's BernoulliRBM (``rbm_digits``).

Pieces:
    side_by_side: held-out pseudo-likelihood and training time of this RBM (PCD and
        CD-1) and of ``sklearn.neural_network.BernoulliRBM`` at the same settings.
    exact_vs_pseudo: for a small RBM, the exact log-likelihood (hidden states
        enumerated) against the pseudo-likelihood over training epochs.
    feature_accuracy: logistic regression on P(h|v) against raw pixels, on digits
        nudged by one pixel in four directions (scikit-learn's example).
    RBM_DIGITS: the experiment ``runs/rbm_digits.toml`` runs.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.boltzmann import figures
from neuroagents.models.boltzmann.digits import load_digits01, logistic_accuracy, nudge
from neuroagents.models.boltzmann.experiments.headlines import rbm_digits_headlines
from neuroagents.models.boltzmann.rbm import RBM, log_likelihood, pseudo_likelihood
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = [
    "RBM_DIGITS",
    "configured_rbm",
    "exact_vs_pseudo",
    "feature_accuracy",
    "nudged_split",
    "side_by_side",
    "split",
]


def split(X: np.ndarray, y: np.ndarray, rng: np.random.Generator, test: float = 0.2) -> tuple:
    """A random (X_train, y_train, X_test, y_test) split with a fraction ``test`` held out."""
    order = rng.permutation(len(X))
    cut = round(len(X) * (1 - test))
    return X[order[:cut]], y[order[:cut]], X[order[cut:]], y[order[cut:]]


def side_by_side(
    X_train: np.ndarray, X_test: np.ndarray, params: dict[str, Any], seeds: int
) -> pd.DataFrame:
    """One row per (implementation, method, seed): held-out pseudo-likelihood, seconds.

    ``pseudo_ll_test``: each model's own ``score_samples`` (one random pixel flipped per
    row) averaged over 10 calls. scikit-learn's re-seeds from its integer
    ``random_state`` on every call, so its 10 calls are one draw and its spread across
    seeds includes that draw's noise. ``pseudo_ll_all_pixels``: the sum over all 64
    pixels (:func:`~neuroagents.models.boltzmann.rbm.pseudo_likelihood`), the same
    formula for both, without that noise.
    """
    from sklearn.neural_network import BernoulliRBM

    settings = {k: params[k] for k in ("n_components", "learning_rate", "batch_size", "n_iter")}
    rows = []
    for seed in range(seeds):
        for impl, method in (("neuroagents", "pcd"), ("neuroagents", "cd"), ("sklearn", "pcd")):
            if impl == "sklearn":
                model: Any = BernoulliRBM(random_state=seed, **settings)
            else:
                model = RBM(method=method, random_state=seed, **settings)
            start = time.perf_counter()
            model.fit(X_train)
            seconds = time.perf_counter() - start
            pl = np.mean([model.score_samples(X_test).mean() for _ in range(10)])
            exact_pl = float(pseudo_likelihood(model, X_test).mean())
            rows.append(
                {
                    "implementation": impl,
                    "method": method,
                    "seed": seed,
                    "pseudo_ll_test": float(pl),
                    "pseudo_ll_all_pixels": exact_pl,
                    "seconds": seconds,
                }
            )
    return pd.DataFrame(rows)


def exact_vs_pseudo(
    X_train: np.ndarray, X_test: np.ndarray, n_hidden: int, epochs: int, lr: float, seed: int
) -> pd.DataFrame:
    """Exact mean log p(v) and pseudo-log-likelihood on binarised held-out digits per epoch.

    Binary data (pixel > 0.5) so that log p(v) is a probability of the data; log Z by
    enumerating the 2^n_hidden hidden states.
    """
    Xb, Tb = (X_train > 0.5).astype(float), (X_test > 0.5).astype(float)
    rows = []
    for method in ("cd", "pcd"):
        rbm = RBM(n_hidden, learning_rate=lr, method=method, random_state=seed)
        rbm.initialize(64)
        for epoch in range(1, epochs + 1):
            rbm.fit_epoch(Xb)
            rows.append(
                {
                    "method": method,
                    "epoch": epoch,
                    "exact_ll_test": float(log_likelihood(rbm, Tb).mean()),
                    "pseudo_ll_test": float(np.mean([rbm.score(Tb) for _ in range(10)])),
                }
            )
    return pd.DataFrame(rows)


def nudged_split(params: dict[str, Any], rng: np.random.Generator) -> tuple:
    """The nudged digits (``params["rows"]`` random rows of them if > 0), split 80/20."""
    X, y = nudge(*load_digits01())
    if params["rows"]:
        keep = rng.choice(len(X), min(params["rows"], len(X)), replace=False)
        X, y = X[keep], y[keep]
    return split(X, y, rng)


def configured_rbm(params: dict[str, Any], rng: np.random.Generator) -> RBM:
    """An unfitted RBM with the experiment's n_components, learning_rate, batch, epochs."""
    return RBM(
        params["n_components"],
        learning_rate=params["learning_rate"],
        batch_size=params["batch_size"],
        n_iter=params["n_iter"],
        random_state=rng,
    )


def feature_accuracy(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Logistic regression on RBM features vs raw pixels, nudged digits (80/20 split)."""
    X_tr, y_tr, X_te, y_te = nudged_split(params, rng)
    rbm = configured_rbm(params, rng).fit(X_tr)
    return pd.DataFrame(
        [
            {
                "features": "raw pixels",
                "C": 100.0,
                "accuracy": logistic_accuracy(X_tr, y_tr, X_te, y_te, 100.0),
            },
            {
                "features": f"RBM P(h|v), {params['n_components']} units",
                "C": 6000.0,
                "accuracy": logistic_accuracy(
                    rbm.transform(X_tr), y_tr, rbm.transform(X_te), y_te, 6000.0
                ),
            },
        ]
    )


def rbm_digits_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Side by side with scikit-learn, exact vs pseudo-likelihood, features, figures."""
    X, y = load_digits01()
    X_tr, _, X_te, _ = split(X, y, rng)
    table = side_by_side(X_tr, X_te, params, params.seeds)
    exact = exact_vs_pseudo(
        X_tr,
        X_te,
        params.small_hidden,
        params.small_epochs,
        params.learning_rate,
        params.seeds,
    )
    features = feature_accuracy(params, rng)
    rbm = configured_rbm(params, rng).fit(X_tr)
    chains = rbm.sample(64, n_steps=params.gibbs_steps)
    samples = rbm.mean_visibles(rbm.rng.random((64, rbm.n_components)) < rbm.transform(chains))
    fig = partial(figures.rbm_figure, rbm, X_te[:64], samples, params.gibbs_steps)
    return ExperimentResult(
        table=table,
        summary=_summary(table, exact, features, params),
        figures={"boltzmann_rbm_digits": fig},
        tables={"exact_vs_pseudo": exact, "features": features},
    )


def pooled(table: pd.DataFrame) -> pd.DataFrame:
    """Mean, sd, min, max of held-out pseudo-likelihood (estimated, all pixels) and time."""
    g = table.groupby(["implementation", "method"], sort=False)
    out = g["pseudo_ll_test"].agg(["mean", "std", "min", "max"]).add_prefix("pl_")
    every = g["pseudo_ll_all_pixels"].agg(["mean", "std", "min", "max"]).add_prefix("pl64_")
    out = out.join(every)
    out["seconds_mean"] = g["seconds"].mean()
    return out.reset_index()


def _summary(table, exact, features, params) -> str:
    pool = pooled(table)
    sk = pool[pool["implementation"] == "sklearn"].iloc[0]
    ours = pool[(pool["implementation"] == "neuroagents") & (pool["method"] == "pcd")].iloc[0]
    inside = sk["pl_min"] <= ours["pl_mean"] <= sk["pl_max"]
    last = exact.groupby("method").tail(1)
    return "\n".join(
        [
            f"RBMs on 8x8 digits ({params['n_components']} hidden, lr {params['learning_rate']}, "
            f"batch {params['batch_size']}, {params['n_iter']} epochs, {params['seeds']} seeds): "
            "held-out pseudo-log-likelihood and training time.",
            format_table(pool, pool.columns),
            f"Our PCD mean {'is inside' if inside else 'is OUTSIDE'} scikit-learn's range "
            f"across seeds; time ratio sklearn/ours = "
            f"{sk['seconds_mean'] / ours['seconds_mean']:.2f}.",
            f"Small RBM ({params['small_hidden']} hidden), binarised digits, last epoch:",
            format_table(last, last.columns),
            "Logistic regression on nudged digits:",
            format_table(features, features.columns),
        ]
    )


RBM_DIGITS = Experiment(
    name="rbm_digits",
    description="RBM on digits beside sklearn BernoulliRBM; exact LL; features + logistic",
    params={
        "n_components": Param(100, "hidden units", low=1),
        "learning_rate": Param(0.06, "learning rate", low=0.0),
        "batch_size": Param(10, "mini-batch size", low=1),
        "n_iter": Param(20, "epochs", low=1),
        "seeds": Param(5, "seeds per implementation", low=2),
        "small_hidden": Param(10, "hidden units of the exactly scored RBM", low=1, high=16),
        "small_epochs": Param(30, "epochs of the exactly scored RBM", low=1),
        "rows": Param(0, "rows of the nudged digits used for features (0: all 8,985)", low=0),
        "gibbs_steps": Param(1000, "Gibbs steps of the figure's sample chains", low=1),
    },
    run=rbm_digits_experiment,
    headlines=rbm_digits_headlines,
    quick={
        "rows": 600,
        "n_components": 32,
        "n_iter": 2,
        "seeds": 2,
        "small_hidden": 6,
        "small_epochs": 2,
        "gibbs_steps": 50,
    },
)
