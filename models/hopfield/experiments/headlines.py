"""The headline numbers of the Hopfield experiments, with their uncertainty.

What ``neuroagents run`` records in a run's summary and ``docs/hopfield.md`` quotes
(``docs/results/hopfield_*.json``, rendered by ``docs/render_numbers.py``).

Pieces:
    one_step_headlines: per (n, alpha) the fraction of unhappy bits (standard error across
        networks, as :func:`~.one_step.one_step_table` takes it) beside the erfc and the
        exact finite-n theory; the largest deviations in standard errors; how much the
        binomial standard error understates the one across networks.
    completion_headlines: per alpha the fraction of flipped bits up to which half the cues
        are retrieved, with a bootstrap over networks; the first synchronous update against
        its exact finite-n value (deviations in standard errors).
    capacity_headlines: per (n, alpha) the final overlap (standard error across
        networks); per n the load where half the patterns are still retrieved, with a
        bootstrap over networks; how many runs converged, in how many sweeps of the
        budget.

Names are ``n<n>.a<alpha>.<quantity>`` (alpha as ``%g``), e.g. ``n2000.a0.138.p_error``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.hopfield.experiments.networks import crossing
from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact

__all__ = [
    "capacity_headlines",
    "completion_headlines",
    "half_retrieval_load",
    "one_step_headlines",
]

RESAMPLES = 1000


def _key(n: Any, alpha: Any) -> str:
    return f"n{int(n)}.a{float(alpha):g}"


def one_step_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Unhappy-bit fractions with their standard errors, theory beside them."""
    table = result.table
    out: dict[str, Headline] = {}
    for row in table.itertuples():
        key, networks = _key(row.n, row.alpha), int(row.networks)
        out[f"{key}.p_error"] = Headline(
            row.p_error, row.sem, networks,
            f"n = {row.n}, alpha = {row.alpha:g}: fraction of unhappy bits at stored patterns",
        )  # fmt: skip
        out[f"{key}.theory"] = exact(row.p_error_theory, "1/2 erfc(1/sqrt(2 alpha))")
        out[f"{key}.exact"] = exact(row.p_error_exact, "exact finite-n binomial value")
    out["max_abs_z_exact"] = exact(
        table["z_exact"].abs().max(), "largest |deviation| from the exact value, in sems",
        n=len(table),
    )  # fmt: skip
    out["max_abs_z_theory"] = exact(
        table["z_theory"].abs().max(), "largest |deviation| from the erfc theory, in sems",
        n=len(table),
    )  # fmt: skip
    out["bits"] = exact(table["bits"].sum(), "bits tested in all", n=int(table["networks"].sum()))
    # How much the binomial error (bits as independent coin flips) understates the error
    # across networks, where errors are common enough (>= 100 per point) for both to hold.
    common = table[table["unhappy"] >= 100]
    ratio = common["sem_networks"] / common["sem_binomial"]
    for name, value in (("median", ratio.median()), ("min", ratio.min()), ("max", ratio.max())):
        out[f"sem_ratio_{name}"] = exact(
            float(value), f"{name} over (n, alpha) of the sem across networks / the binomial sem",
            n=len(common),
        )  # fmt: skip
    if len(common):
        out["sem_ratio_max_alpha"] = exact(common["alpha"][ratio.idxmax()], "alpha of the max")
        out["sem_ratio_min_alpha"] = exact(common["alpha"][ratio.idxmin()], "alpha of the min")
    return out


def half_retrieval_load(
    runs: pd.DataFrame, seed: int = 0, by: str = "n", along: str = "alpha"
) -> dict[Any, Headline]:
    """Per n, the load where the mean retrieved fraction first falls below 1/2.

    With ``by="alpha", along="noise"``: per load, the fraction of flipped bits where half
    the cues are still retrieved (the basin's edge).

    The standard error and 95% interval resample the networks of every (n, alpha) with
    replacement (:data:`RESAMPLES` times, a fixed seed); the crossing is interpolated
    linearly between loads (:func:`~.networks.crossing`).

    Examples:
        >>> rows = [{"n": 100, "alpha": a, "seed": s, "retrieved": float(a < 0.15 + 0.01 * s)}
        ...         for a in (0.1, 0.14, 0.18, 0.2) for s in range(4)]
        >>> h = half_retrieval_load(pd.DataFrame(rows))[100]
        >>> round(h.value, 3), h.n
        (0.16, 4)
    """
    rng = np.random.default_rng(seed)
    out = {}
    for n, part in runs.groupby(by, sort=True):
        per_net = part.groupby([along, "seed"])["retrieved"].mean().unstack("seed")
        alphas, grid = per_net.index.to_numpy(float), per_net.to_numpy(float)
        point = crossing(alphas, np.nanmean(grid, axis=1), 0.5)
        boot = []
        for _ in range(RESAMPLES):
            picks = rng.integers(0, grid.shape[1], size=grid.shape[1])
            boot.append(crossing(alphas, np.nanmean(grid[:, picks], axis=1), 0.5))
        found = np.asarray(boot)[np.isfinite(boot)]
        se = float(np.std(found, ddof=1)) if len(found) > 1 else float("nan")
        low, high = np.quantile(found, [0.025, 0.975]) if len(found) else (np.nan, np.nan)
        out[n] = Headline(
            point, se, grid.shape[1],
            f"{by} = {n}: {along} where half the patterns are still retrieved (bootstrap over "
            "networks)", float(low), float(high),
        )  # fmt: skip
    return out


def capacity_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Final overlaps (standard error across networks) and the half-retrieval loads."""
    table = result.tables["summary"]
    out: dict[str, Headline] = {}
    for row in table.itertuples():
        key = _key(row.n, row.alpha)
        out[f"{key}.overlap"] = Headline(
            row.overlap_mean, row.overlap_sem, int(row.networks),
            f"n = {row.n}, alpha = {row.alpha:g}: final overlap from a stored pattern",
        )  # fmt: skip
        out[f"{key}.retrieved"] = Headline(
            row.retrieved_mean, row.retrieved_sem, int(row.networks),
            f"n = {row.n}, alpha = {row.alpha:g}: fraction of patterns retrieved (overlap >= 0.9)",
        )  # fmt: skip
    for n, h in half_retrieval_load(result.table).items():
        out[f"n{n}.half_retrieval_alpha"] = h
    # the retrieved fractions are those of fixed points, not of the sweep budget, when
    # every run converged well within it
    runs = result.table
    out["converged"] = exact(
        runs["converged"].mean(), "fraction of networks whose runs all reached a fixed point",
        n=len(runs),
    )  # fmt: skip
    out["sweeps_max"] = exact(
        runs["sweeps"].max(), "largest mean number of sweeps to the fixed point (one network)",
        n=len(runs),
    )  # fmt: skip
    out["sweep_budget"] = exact(params["max_sweeps"], "sweeps allowed per run")
    return out


def completion_headlines(
    result: ExperimentResult, params: Mapping[str, Any]
) -> dict[str, Headline]:
    """Per alpha, the basin's edge: where half the cues are still retrieved."""
    edges = half_retrieval_load(result.table, by="alpha", along="noise")
    out = {f"a{float(alpha):g}.half_retrieval_noise": h for alpha, h in edges.items()}
    table = result.tables["summary"]
    z = table["z_first_step_exact"]
    # A point is trivial where the exact first-step overlap is 1 to double precision:
    # no bit can go wrong, so the deviation says nothing.
    open_points = z[table["first_step_exact"] < 1.0]
    out["first_step.points"] = exact(len(table), "(alpha, noise) points of the first update")
    out["first_step.nontrivial_points"] = exact(
        len(open_points), "points whose exact first-step overlap is below 1"
    )
    out["first_step.mean_square_z_exact"] = exact(
        float((open_points**2).mean()),
        "mean square deviation from the exact finite-n first step, in sems (1 expected)",
        n=len(open_points),
    )
    out["first_step.max_abs_z_exact"] = exact(
        z.abs().max(), "largest |deviation| from the exact first step, in sems", n=len(z)
    )
    out["first_step.beyond_3"] = exact(
        int((z.abs() > 3).sum()), "points more than 3 sems from the exact first step", n=len(z)
    )
    return out
