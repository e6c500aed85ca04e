"""The headline numbers of the pruning experiments, with their uncertainty.

What ``neuroagents run`` records in a run's summary and ``docs/pruning.md`` quotes
(``docs/results/connectome_pruning*.json``, rendered by ``docs/render_numbers.py``).

Pieces:
    capacity_headlines_by: per group (rule and kept fraction, and n for the size series)
        the measured capacity per remaining synapse, with a bootstrap over networks; the
        same capacity from the first half of the networks only (how the number moves with
        the budget of networks per point); the static-noise theory, the theory's overlap
        at capacity and the ratio.
    pruning_headlines: the ``pruning`` experiment's: capacities, the overlaps below
        capacity beside the theory's, the sparsifiers' samples, kept fractions and
        distortions, and the retrieval overlaps of each sparsifier and of magnitude and
        random pruning to the same kept fraction.
    pruning_size_headlines: the ``pruning_size`` experiment's capacities per n.

Names: ``<rule>.c<keep>.<what>`` (``magnitude.c0.2.capacity``), with ``n<n>.`` in front
in the size series; ``<rule>.c<keep>.a<load>.overlap`` for an overlap at a nominal
load; ``sparsify.<samples rule>.e<eps>.<what>`` for the sparsifiers, where the samples
rule is ``chernoff`` or ``C0.5``. Theory values computed by the run are exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from neuroagents.models.hopfield.experiments.headlines import half_retrieval_load
from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact

__all__ = ["capacity_headlines_by", "pruning_headlines", "pruning_size_headlines"]


def _prefix(row: Mapping[str, Any]) -> str:
    head = f"n{int(row['n'])}." if "n" in row else ""
    return f"{head}{row['rule']}.c{float(row['keep']):g}"


def capacity_headlines_by(
    runs: pd.DataFrame, capacity: pd.DataFrame, by: tuple[str, ...]
) -> dict[str, Headline]:
    """Per group: measured capacity (bootstrap over networks), half-budget, theory, ratio.

    Args:
        runs: one row per network and load (``seed``, ``load_actual``, ``retrieved`` and
            the ``by`` columns).
        capacity: the capacity table of :func:`~.pruning.capacity_table` (``theory``,
            ``overlap_at_capacity`` per group).
        by: the columns that define a group.

    The capacity is the load per remaining synapse where the mean retrieved fraction
    over networks first falls below 1/2 (as in the capacity table); its standard error
    and 95% interval resample the networks (:func:`~.headlines.half_retrieval_load`).
    ``capacity_half_networks`` is the same number from the networks with the lower half
    of the seeds: when it agrees with the whole within the bootstrap error, more
    networks per point would not move the capacity much.
    """
    keys = list(by)
    out: dict[str, Headline] = {}
    seeds = sorted(runs["seed"].unique())
    half = set(seeds[: max(1, len(seeds) // 2)])
    for values, part in runs.groupby(keys, sort=True):
        row = dict(zip(keys, values, strict=True))
        prefix = _prefix(row)
        part = part.assign(group=0)
        whole = half_retrieval_load(part, by="group", along="load_actual")[0]
        out[f"{prefix}.capacity"] = Headline(
            whole.value, whole.se, whole.n,
            f"{prefix}: load per remaining synapse where half the probes are lost "
            "(bootstrap over networks)", whole.low, whole.high,
        )  # fmt: skip
        halved = half_retrieval_load(part[part["seed"].isin(half)], by="group", along="load_actual")
        h = halved[0]
        out[f"{prefix}.capacity_half_networks"] = Headline(
            h.value, h.se, h.n, f"{prefix}: the capacity from the first {h.n} networks only",
            h.low, h.high,
        )  # fmt: skip
        match = capacity
        for k in keys:
            match = match[match[k] == row[k]]
        theory = float(match["theory"].iloc[0])
        out[f"{prefix}.theory"] = exact(theory, f"{prefix}: static-noise theory alpha_c / c")
        out[f"{prefix}.ratio"] = Headline(
            whole.value / theory, whole.se / theory, whole.n, f"{prefix}: measured / theory"
        )
        out[f"{prefix}.overlap_at_capacity"] = exact(
            float(match["overlap_at_capacity"].iloc[0]), f"{prefix}: theory's overlap at capacity"
        )
    return out


def pruning_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Capacities, overlaps below capacity, sparsifiers and their retrieval."""
    out = capacity_headlines_by(result.table, result.tables["capacity"], ("rule", "keep"))
    for row in result.tables["summary"].itertuples():
        key = f"{row.rule}.c{float(row.keep):g}.a{float(row.load):g}"
        out[f"{key}.overlap"] = Headline(
            row.overlap_mean, row.overlap_sem, int(row.networks),
            f"{key}: final overlap (mean over networks)",
        )  # fmt: skip
        out[f"{key}.overlap_theory"] = exact(row.overlap_theory, f"{key}: theory's overlap")
        out[f"{key}.load_actual"] = exact(row.load_actual, f"{key}: load run (odd p)")
    for row in result.tables["sparsification"].itertuples():
        key = f"sparsify.{_rule_name(row.samples_rule)}.e{float(row.epsilon):g}"
        out[f"{key}.samples"] = exact(row.samples, f"{key}: edges sampled")
        out[f"{key}.kept_fraction"] = exact(row.kept_fraction, f"{key}: fraction of edges kept")
        for what in ("distortion_max", "distortion_low", "distortion_random"):
            out[f"{key}.{what}"] = exact(getattr(row, what), f"{key}: {what}")
    out.update(_sparsified_retrieval(result.tables["sparsified_retrieval"]))
    return out


def _rule_name(label: str) -> str:
    """``chernoff`` or ``C=0.5`` as a name part: ``chernoff``, ``C0.5``."""
    return label.replace("=", "").replace("sparsified (", "").rstrip(")")


def _sparsified_retrieval(table: pd.DataFrame) -> dict[str, Headline]:
    """Overlaps from 10%-corrupted patterns: each sparsifier, then the two prunings beside it.

    The table lists, per sparsifier, its row and then magnitude and random pruning to its
    kept fraction: each pruning row belongs to the sparsifier above it.
    """
    out: dict[str, Headline] = {}
    rows = table[table["noise"] == 0.1]
    current = None
    for row in rows.itertuples():
        if row.weights == "full":
            out["sparsify.full.overlap"] = exact(row.overlap, "unpruned net: final overlap")
            continue
        if row.weights.startswith("sparsified"):
            current = f"sparsify.{_rule_name(row.weights)}.e{float(row.epsilon):g}"
            label = "sparsified"
        else:
            label = row.weights
        out[f"{current}.{label}.overlap"] = exact(
            row.overlap, f"{current}: final overlap of the {label} net (10% of bits flipped)"
        )
    return out


def pruning_size_headlines(
    result: ExperimentResult, params: Mapping[str, Any]
) -> dict[str, Headline]:
    """Per n, rule and kept fraction: capacity, half-budget capacity, theory, ratio."""
    return capacity_headlines_by(result.table, result.tables["capacity"], ("n", "rule", "keep"))
