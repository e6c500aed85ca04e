"""The headline numbers of the Boltzmann-machine experiments.

What ``neuroagents run`` records in a run's summary and ``docs/boltzmann.md`` quotes
(``docs/results/rbm_digits.json``, ``dbn_digits.json``, ``boltzmann_encoder.json``).

Pieces:
    rbm_digits_headlines: held-out pseudo-likelihood of each implementation over seeds
        (mean with its standard error, sd, min, max), training time, the small RBM's exact
        and pseudo log-likelihood at the last epoch, logistic regression's accuracy.
    dbn_digits_headlines: accuracy on raw pixels and on each depth of the stack, over seeds.
    encoder_headlines: fraction of seeds with a perfect code per encoder, cycles needed,
        autocorrelation times and chi-square p-values of the free phase.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, mean_of, proportion

__all__ = ["dbn_digits_headlines", "encoder_headlines", "rbm_digits_headlines"]

_IMPLEMENTATIONS = {("sklearn", "pcd"): "sklearn", ("neuroagents", "pcd"): "pcd",
                    ("neuroagents", "cd"): "cd"}  # fmt: skip


def _spread(values: pd.Series, prefix: str, what: str) -> dict[str, Headline]:
    """Mean (standard error over seeds), sd, min and max of per-seed values."""
    return {
        f"{prefix}mean": mean_of(values, f"{what}, mean over seeds"),
        f"{prefix}sd": exact(values.std(), f"{what}, sd over seeds", n=len(values)),
        f"{prefix}min": exact(values.min(), f"{what}, lowest seed", n=len(values)),
        f"{prefix}max": exact(values.max(), f"{what}, highest seed", n=len(values)),
    }


def rbm_digits_headlines(
    result: ExperimentResult, params: Mapping[str, Any]
) -> dict[str, Headline]:
    """``<impl>.pl.*`` (score_samples), ``<impl>.pl64.*`` (all pixels).

    No fit times: they depend on the machine and its load, so they are not a run's result
    (``benchmarks/rbm.py`` times the epochs against scikit-learn's).

    ``<impl>`` is ``sklearn``, ``pcd`` or ``cd``; ``small.<method>.exact_ll`` /
    ``.pseudo_ll`` the small RBM's last epoch; ``features.raw`` / ``features.rbm`` the
    logistic regression's held-out accuracy (one split).
    """
    out: dict[str, Headline] = {}
    for (impl, method), part in result.table.groupby(["implementation", "method"]):
        key = _IMPLEMENTATIONS[(impl, method)]
        what = f"{impl} {method}: held-out pseudo-log-likelihood per digit"
        out.update(_spread(part["pseudo_ll_test"], f"{key}.pl.", f"{what} (score_samples)"))
        out.update(_spread(part["pseudo_ll_all_pixels"], f"{key}.pl64.", f"{what} (all pixels)"))
    last = result.tables["exact_vs_pseudo"].groupby("method").tail(1)
    for row in last.itertuples():
        what = f"small RBM, {row.method}, epoch {row.epoch}"
        out[f"small.{row.method}.exact_ll"] = exact(row.exact_ll_test, f"{what}: exact log p(v)")
        out[f"small.{row.method}.pseudo_ll"] = exact(row.pseudo_ll_test, f"{what}: pseudo-LL")
    features = result.tables["features"].reset_index(drop=True)
    for key, row in zip(("raw", "rbm"), features.itertuples(), strict=True):
        out[f"features.{key}"] = exact(row.accuracy, f"logistic regression on {row.features}")
    return out


def dbn_digits_headlines(
    result: ExperimentResult, params: Mapping[str, Any]
) -> dict[str, Headline]:
    """``raw.accuracy``, ``depth<k>.accuracy``: mean over seeds with its standard error."""
    out: dict[str, Headline] = {}
    for features, part in result.table.groupby("features", sort=False):
        key = "raw" if features == "raw pixels" else f"depth{features.split()[0]}"
        out[f"{key}.accuracy"] = mean_of(
            part["accuracy"], f"logistic regression on {features}: held-out accuracy"
        )
        out[f"{key}.sd"] = exact(part["accuracy"].std(), f"{features}: sd over seeds")
    return out


def encoder_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """``e424.perfect`` / ``e838.perfect`` (fraction of seeds), cycles; the free phase.

    ``equil.T<T>.tau`` (autocorrelation time in sweeps), ``.p_sampler``, ``.p_agents``.
    """
    out: dict[str, Headline] = {}
    for problem, part in result.table.groupby("problem", sort=False):
        key = "e" + problem.replace("-", "")
        ok = part[part["perfect"]]
        what = f"{problem}: seeds with a perfect code"
        out[f"{key}.perfect"] = proportion(len(ok), len(part), what)
        out[f"{key}.perfect_count"] = exact(len(ok), f"{problem}: seeds perfect", n=len(part))
        out[f"{key}.cycles_median"] = exact(ok["cycles"].median(), f"{problem}: median cycles")
        out[f"{key}.cycles_max"] = exact(ok["cycles"].max(), f"{problem}: most cycles")
    for row in result.tables["equilibration"].itertuples():
        key = f"equil.T{row.temperature:g}"
        out[f"{key}.tau"] = exact(row.tau_sweeps, f"T = {row.temperature:g}: energy's tau")
        out[f"{key}.p_sampler"] = exact(row.p_sampler, f"T = {row.temperature:g}: chi2 p, sampler")
        out[f"{key}.p_agents"] = exact(row.p_agents, f"T = {row.temperature:g}: chi2 p, agents")
    return out
