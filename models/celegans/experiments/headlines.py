"""The headline numbers of the C. elegans experiments, with their uncertainty.

What ``neuroagents run`` records in a run's summary and ``docs/connectomes.md`` quotes
(``docs/results/connectome_*.json``, rendered by ``docs/render_numbers.py``).

Pieces:
    celegans_headlines: the wiring's density and reciprocity; per statistic and null the
        null mean (standard error across nulls), z-score and ratio; the random-walk
        checks (total variation, the samplers' chi-square p-values and how their counts
        follow degree); the cycle estimates against the exact counts; the gap-junction
        model's largest error against theory and its activity by hops from the driven
        neurons.
    hopfield_headlines: per number of stored patterns the one-step error (standard error
        across pattern sets), its exact theory and the homogeneous-net value; the
        wiring's degrees; the largest |z|.

Names are stable: ``<null>.<statistic>.<what>`` with ``<null>`` one of ``erdos_renyi``,
``rewired``, ``reciprocal_model``, and ``<statistic>`` the table's (``reciprocity``,
``triad_030T``, ``clustering``, ``sigma``, ...); ``p<p>.<what>`` for the Hopfield net.
A count or a deterministic result (an exact cycle count, the engine's error against a
linear solve) is exact (standard error 0); a null mean's standard error is the nulls'
standard deviation / sqrt(nulls), the sampling error of the mean the z-score divides by.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, mean_of

__all__ = ["celegans_headlines", "hopfield_headlines"]

_SMALL_WORLD = ("clustering", "path_length", "sigma")


def _null_count(statistic: str, null: str, params: Mapping[str, Any]) -> int:
    """How many graphs a row of the statistics table compares with (see wiring_statistics)."""
    if null == "reciprocal_model":
        return int(params["models"])
    if statistic in _SMALL_WORLD:
        return max(2, int(params["nulls"]) // 5)  # as connectome_statistics does
    return int(params["nulls"])


def celegans_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """The wiring against nulls, the walk checks, the cycles and the gap-junction model."""
    table = result.table
    observed = table.drop_duplicates("statistic").set_index("statistic")["observed"]
    out: dict[str, Headline] = {}
    for name in ("nodes", "edges", "density", "reciprocity"):
        out[f"observed.{name}"] = exact(observed[name], f"the wiring's {name}")
    for name in ("clustering", "path_length"):
        out[f"observed.{name}"] = exact(
            observed[name], f"the wiring's {name} (undirected, largest component)"
        )
    for row in table[table["null"] != "-"].itertuples():
        k = _null_count(row.statistic, row.null, params)
        key = f"{row.null}.{row.statistic}"
        if row.statistic == "sigma":  # sigma is a ratio of the nulls' means: one number
            out[f"{key}.value"] = exact(row.observed, f"small-world index against {row.null}", k)
            continue
        out[f"{key}.null_mean"] = Headline(
            row.null_mean, row.null_std / math.sqrt(k), k, f"{row.statistic}: {row.null} mean"
        )
        out[f"{key}.null_std"] = exact(row.null_std, f"{row.statistic}: {row.null} s.d.", k)
        out[f"{key}.z"] = exact(row.z, f"{row.statistic}: z against {row.null}", k)
        out[f"{key}.ratio"] = exact(row.ratio, f"{row.statistic}: observed / {row.null} mean", k)
    freq = result.tables["walk_frequencies"]
    tv = 0.5 * float(np.abs(freq["frequency"] - freq["stationary"]).sum())
    out["walk.total_variation"] = exact(
        freq.attrs.get("total_variation", tv),
        "walk with restarts: total variation to the exact stationary distribution",
        int(params["walk_steps"]),
    )
    samples = result.tables["uniform_samples"]
    for sampler, part in samples.groupby("sampler"):
        part = part[part["in_component"]]
        out[f"sampling.{sampler}.chi2_pvalue"] = exact(
            part["chi2_pvalue"].iloc[0], f"{sampler}: chi-square p of uniformity",
            int(params["samples"]),
        )  # fmt: skip
        ratio = part["count"] / part["expected_uniform"]
        out[f"sampling.{sampler}.degree_correlation"] = exact(
            float(np.corrcoef(ratio, part["degree"])[0, 1]),
            f"{sampler}: correlation of samples / expected with degree",
            len(part),
        )
    for row in result.tables["cycles"].itertuples():
        key = f"cycles.length{row.length}"
        walks = int(params["cycle_walks"])
        out[f"{key}.exact"] = exact(row.exact, f"cycles of length {row.length}: exact count")
        out[f"{key}.estimate"] = Headline(
            row.estimate, row.stderr, walks, f"cycles of length {row.length}: walk estimate"
        )
        out[f"{key}.z"] = exact(row.z, f"cycles of length {row.length}: z", walks)
    out.update(_activity_headlines(result.tables["activity"]))
    return out


def _activity_headlines(activity: Any) -> dict[str, Headline]:
    """The gap-junction model: error against the linear solve, activity by hops."""
    out = {
        "activity.max_error": exact(
            float(np.max(np.abs(activity["v_sim"] - activity["v_theory"]))),
            "gap-junction model: largest |engine - (I + g L)^-1 h| over neurons",
            len(activity),
        ),
        "activity.unreachable": exact(
            int((activity["hops"] < 0).sum()), "neurons with no gap-junction path from the drive"
        ),
    }
    for hops, part in activity[activity["hops"] >= 0].groupby("hops"):
        out[f"activity.hops{int(hops)}.mean"] = exact(
            part["v_sim"].mean(), f"mean steady activity {int(hops)} hops from the drive",
            len(part),
        )  # fmt: skip
    return out


def hopfield_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Per p: the one-step error with its standard error, the exact and homogeneous theory."""
    table, summary = result.table, result.tables["summary"]
    out: dict[str, Headline] = {}
    for row in summary.itertuples():
        p = int(row.patterns)
        out[f"p{p}.error"] = mean_of(
            table.loc[table["patterns"] == p, "error"],
            f"p = {p}: one-step error (mean over pattern sets)",
        )
        out[f"p{p}.theory"] = exact(row.theory, f"p = {p}: exact binomial theory")
        out[f"p{p}.theory_mean_degree"] = exact(
            row.theory_mean_degree, f"p = {p}: every neuron at the mean degree (Gaussian)"
        )
        out[f"p{p}.z"] = exact(row.z, f"p = {p}: (engine - theory) / s.e.", int(row.error_count))
        out[f"p{p}.error_over_homogeneous"] = exact(
            row.error_mean / row.theory_mean_degree if row.theory_mean_degree > 0 else math.nan,
            f"p = {p}: engine error / the homogeneous net's",
        )
    z = summary["z"].abs()
    out["max_abs_z"] = exact(z.max(), "largest |z| over the numbers of patterns", int(z.count()))
    degree = result.tables["by_degree"]
    out.update(_degree_headlines(degree))
    return out


def _degree_headlines(by_degree: Any) -> dict[str, Headline]:
    """The wiring's degrees (the by-degree table has one row per neuron)."""
    degrees = by_degree["degree"].to_numpy()
    return {
        "degree.mean": exact(degrees.mean(), "mean degree of the symmetrized wiring", len(degrees)),
        "degree.min": exact(degrees.min(), "smallest degree", len(degrees)),
        "degree.max": exact(degrees.max(), "largest degree", len(degrees)),
    }
