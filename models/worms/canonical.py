"""What is canonical: connections shared by every worm, by some, by one; per-animal motifs.

Pieces:
    presence: one row per connection among shared neurons, one weight column per animal.
    prevalence_table: connections present in exactly k of the animals, their share of
        connections and of the weight.
    core_fraction: the fraction of connections (of the union) present in every animal.
    motif_statistics: one animal's reciprocity and triad census against nulls, as z.
    bootstrap_mean: the mean of a per-animal statistic with an interval from resampling
        animals.
    small_study: what studies of k animals would conclude, over every subset of k.

A connection here is a pair (pre, post) of neurons both animals have; an electrical
synapse counts as a connection both ways. "Present in every animal" depends on how
many animals are looked at: with two animals more connections look universal than with
eight, which :func:`small_study` measures.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis.connectome import reciprocity_vs_nulls, triad_census_vs_nulls
from neuroagents.errors import ValidationError
from neuroagents.models.worms.wiring import shared_neurons, weight_matrix
from neuroagents.validation import as_generator, check_int

__all__ = [
    "bootstrap_mean",
    "core_fraction",
    "motif_statistics",
    "presence",
    "prevalence_table",
    "small_study",
]


def presence(animals: Sequence[str], kind: str = "chemical") -> pd.DataFrame:
    """Each connection among the neurons all ``animals`` share, with its weight in each.

    Returns:
        One row per (pre, post) present in at least one animal: columns ``pre``,
        ``post``, one column per animal (its weight, 0 where absent) and ``animals``
        (in how many it is present).

    Examples:
        >>> t = presence(["witvliet7", "witvliet8"])
        >>> len(t), int((t["animals"] == 2).sum())
        (2587, 1279)
    """
    neurons = shared_neurons(animals)
    mats = np.stack([weight_matrix(a, neurons, kind, "count") for a in animals])
    pre, post = np.nonzero((mats > 0).any(axis=0))
    table = pd.DataFrame({"pre": np.asarray(neurons)[pre], "post": np.asarray(neurons)[post]})
    for k, a in enumerate(animals):
        table[a] = mats[k, pre, post]
    table["animals"] = (mats[:, pre, post] > 0).sum(axis=0)
    return table


def prevalence_table(table: pd.DataFrame, animals: Sequence[str]) -> pd.DataFrame:
    """Connections present in exactly k animals: their share of connections and weight.

    ``weight_share`` is the share of all the animals' summed weight carried by those
    connections; ``mean_weight`` their mean weight in the animals that have them.

    Examples:
        >>> t = pd.DataFrame({"a": [3, 1, 0], "b": [5, 0, 2], "animals": [2, 1, 1]})
        >>> p = prevalence_table(t, ["a", "b"])
        >>> p["connections"].tolist(), p["weight_share"].round(3).tolist()
        ([2, 1], [0.273, 0.727])
    """
    w = table[list(animals)].to_numpy(dtype=float)
    total = w.sum()
    rows = []
    for k in range(1, len(animals) + 1):
        sel = (table["animals"] == k).to_numpy()
        present = w[sel][w[sel] > 0]
        rows.append({"animals": k, "connections": int(sel.sum()),
                     "connection_share": float(sel.mean()) if len(sel) else np.nan,
                     "weight_share": float(w[sel].sum() / total) if total else np.nan,
                     "mean_weight": float(present.mean()) if len(present) else np.nan})  # fmt: skip
    return pd.DataFrame(rows)


def core_fraction(table: pd.DataFrame, animals: Sequence[str]) -> float:
    """The fraction of connections (present in any of ``animals``) present in all of them.

    Examples:
        >>> t = pd.DataFrame({"a": [1, 1, 0], "b": [1, 0, 1], "c": [1, 1, 1]})
        >>> core_fraction(t, ["a", "b"]), core_fraction(t, ["a", "c"])
        (0.3333333333333333, 0.6666666666666666)
    """
    present = table[list(animals)].to_numpy() > 0
    any_ = present.any(axis=1)
    return float(present.all(axis=1)[any_].mean()) if any_.any() else float("nan")


def motif_statistics(graph: Any, nulls: int, rng: Any = None) -> pd.DataFrame:
    """Reciprocity and the 16 triads of one graph against degree-preserving nulls.

    Returns:
        One row per statistic (``reciprocity``, ``triad_003`` … ``triad_300``) with
        ``observed``, ``null_mean``, ``z`` and ``ratio`` against ``nulls``
        degree-preserving rewirings (every neuron keeps its in- and out-degree).
    """
    gen = as_generator(rng, "motif_statistics")
    r = reciprocity_vs_nulls(graph, nulls, gen)
    t = triad_census_vs_nulls(graph, nulls, gen)
    r = r[r["null"] == "rewired"].assign(statistic="reciprocity")
    t = t[t["null"] == "rewired"].assign(statistic=lambda d: "triad_" + d["triad"])
    cols = ["statistic", "observed", "null_mean", "z", "ratio"]
    return pd.concat([r[cols], t[cols]], ignore_index=True)


def bootstrap_mean(
    values: np.ndarray, resamples: int = 2000, level: float = 0.95, rng: Any = None
) -> tuple[float, float, float]:
    """The mean of per-animal values and a percentile interval from resampling animals.

    Examples:
        >>> bootstrap_mean(np.array([1.0, 1.0, 1.0]), rng=0)
        (1.0, 1.0, 1.0)
    """
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or len(v) < 2:
        raise ValidationError(
            f"bootstrap_mean needs at least two per-animal values. Got {v.size} instead."
        )
    resamples = check_int("resamples", resamples, "bootstrap_mean", low=10)
    gen = as_generator(rng, "bootstrap_mean")
    means = v[gen.integers(0, len(v), size=(resamples, len(v)))].mean(axis=1)
    lo, hi = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return float(v.mean()), float(lo), float(hi)


def small_study(per_animal: pd.DataFrame, size: int) -> pd.DataFrame:
    """What every study of ``size`` animals would conclude about each statistic.

    For each statistic (a column of ``per_animal``, one row per animal), over every
    subset of ``size`` animals: the subset mean against the mean over all animals.

    Returns:
        One row per statistic: ``size``, ``studies`` (subsets), ``population`` (the mean
        over all), ``sign_agrees`` (the fraction of studies whose mean has the
        population's sign), ``max_rel_error`` and ``median_rel_error`` (``|subset -
        population| / |population|``).

    Examples:
        >>> t = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [-1.0, 1.0, 3.0]})
        >>> small_study(t, 2)[["statistic", "sign_agrees"]].to_dict("list")
        {'statistic': ['x', 'y'], 'sign_agrees': [1.0, 0.6666666666666666]}
    """
    n = len(per_animal)
    size = check_int("size", size, "small_study", low=1, high=n)
    rows = []
    for stat in per_animal.columns:
        v = per_animal[stat].to_numpy(dtype=float)
        pop = v.mean()
        means = np.array([v[list(s)].mean() for s in combinations(range(n), size)])
        rel = np.abs(means - pop) / abs(pop) if pop else np.full(len(means), np.nan)
        agree = float(np.mean(np.sign(means) == np.sign(pop)))
        rows.append({"statistic": stat, "size": size, "studies": len(means),
                     "population": pop, "sign_agrees": agree,
                     "max_rel_error": float(rel.max()),
                     "median_rel_error": float(np.median(rel))})  # fmt: skip
    return pd.DataFrame(rows)
