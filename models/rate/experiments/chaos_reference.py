"""Experiment ``chaos_reference``: the chaos experiment's reference systems, summarized.

The same run as ``chaos`` (:func:`~.chaos.chaos_experiment`: random networks, the
logistic map, Lorenz, divergence of nearby trajectories, autocorrelation times), with the
headlines of its checks against known answers rather than of the transition to chaos:
below g = 1 the largest exponent against the finite-N linear theory max Re eig(gJ) - 1
of the realized J; autocorrelation times; the logistic map's period-doubling onsets, its
period-3 window and its exponent at r = 4 (ln 2); Lorenz's spectrum (Sprott 2003:
0.9056, 0, -14.5723; sum -(sigma + 1 + beta)); the growth rate of trajectories 1e-10
apart. ``runs/rate_chaos_reference.toml`` runs it with g < 1 networks only.

Pieces:
    reference_headlines: those numbers, named ``n<N>.g<g>.lyapunov_mean``, ``ac.g<g>``,
        ``onset.p<period>``, ``logistic.r<r>``, ``lorenz.<k>``, ``divergence.<system>``.
    CHAOS_REFERENCE: the experiment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from neuroagents.models.rate.experiments.chaos import CHAOS, chaos_experiment
from neuroagents.runner.experiment import Experiment, ExperimentResult
from neuroagents.runner.summaries import Headline, exact, mean_of

__all__ = ["CHAOS_REFERENCE", "reference_headlines"]


def _subcritical(runs: Any) -> dict[str, Headline]:
    """Per (N, g < 1): mean exponent and mean theory over networks, worst relative gap."""
    out: dict[str, Headline] = {}
    below = runs[runs["g"] < 1]
    for (n, g), part in below.groupby(["n", "g"], sort=True):
        key, where = f"n{n}.g{g:g}", f"N = {n}, g = {g:g}"
        out[f"{key}.lyapunov_mean"] = mean_of(part["lyapunov"], f"{where}: largest exponent")
        out[f"{key}.theory_mean"] = mean_of(
            part["theory_fixed_point"], f"{where}: max Re eig(gJ) - 1 of the realized J"
        )
        gap = (part["lyapunov"] / part["theory_fixed_point"] - 1).abs()
        out[f"{key}.relative_gap_max"] = exact(
            gap.max(), f"{where}: largest |exponent / theory - 1| over networks", n=len(part)
        )
    return out


def reference_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """G < 1 against linear theory; autocorrelation; logistic map; Lorenz; divergence."""
    tables = result.tables
    out = _subcritical(tables["scc_runs"])
    for row in tables["autocorrelation"].itertuples():
        out[f"ac.g{row.g:g}"] = exact(
            row.autocorrelation_time, f"g = {row.g:g}: autocorrelation time to 1/2 (tau)"
        )
    for row in tables["onsets"].itertuples():
        what = f"logistic map: onset of period {row.period}"
        out[f"onset.p{row.period}"] = exact(row.r_measured, what)
    for row in tables["logistic_points"].itertuples():
        out[f"logistic.r{row.r:g}"] = exact(row.lyapunov, f"logistic map exponent at r = {row.r:g}")
    for row in tables["lorenz"].itertuples():
        out[f"lorenz.{row.exponent}"] = exact(row.measured, f"Lorenz exponent {row.exponent}")
    keys = {"lorenz": "lorenz", "network g = 3": "network"}
    for row in tables["divergence"].itertuples():
        key = f"divergence.{keys[row.system]}"
        pairs = int(row.pairs)
        se = row.growth_sd / np.sqrt(pairs) if pairs > 1 else np.nan
        out[f"{key}.growth_rate"] = Headline(
            float(row.growth_rate), float(se), pairs, f"{row.system}: growth rate of the distance"
        )
        out[f"{key}.growth_sd"] = exact(row.growth_sd, f"{row.system}: sd over pairs", n=pairs)
        out[f"{key}.lyapunov"] = exact(row.lyapunov, f"{row.system}: largest exponent")
    return out


CHAOS_REFERENCE = Experiment(
    name="chaos_reference",
    description="the chaos run's checks against known answers: g < 1, maps, Lorenz",
    params=CHAOS.params,
    run=chaos_experiment,
    headlines=reference_headlines,
    quick={**CHAOS.quick, "gs": [0.5, 0.9]},
)
