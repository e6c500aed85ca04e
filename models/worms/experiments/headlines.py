"""The headline numbers of the worms experiments, with their uncertainty.

What ``neuroagents run`` records in a run's summary and ``docs/worms.md`` quotes
(``docs/results/worms_*.json``, rendered by ``docs/render_numbers.py``).

Pieces:
    development_headlines: growth from the first animal of the series to the last; the
        shares of connections (and synapses) absent in the later animal, development
        against two adults; reverse pruning's precision per rule (mean over the young
        animals).
    sex_headlines: per comparison the Jaccard distance and the weight shares of the
        shared connections; per neuron type the share both sexes have; the matching's
        accuracy.
    canonical_headlines: the shares of connections (and of their synapses) present in
        every animal and in one only; the share two, three… animals would call shared;
        the motif statistics' mean log ratios against the nulls with their bootstrap
        intervals.

The shares are counts over the animals' published wiring: exact for those animals (a
standard error of 0 and n the connections counted); what varies with the animals chosen
is stated by the subsets' range (``core.k<k>.min``/``max``). A motif's standard error is
its bootstrap 95% interval's width / (2 x 1.96), the normal approximation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, mean_of, proportion

__all__ = ["canonical_headlines", "development_headlines", "sex_headlines"]


def canonical_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Shares of connections in every animal, in one, in k; motif log ratios."""
    prevalence, core = result.table, result.tables["core_by_count"].set_index("animals")
    connections = len(result.tables["connections"])
    out: dict[str, Headline] = {}
    for name, row in (("every", prevalence.iloc[-1]), ("one", prevalence.iloc[0])):
        label = "all animals" if name == "every" else "one animal only"
        out[f"{name}.connection_share"] = exact(
            row["connection_share"], f"share of connections present in {label}", n=connections
        )
        out[f"{name}.synapse_share"] = exact(
            row["weight_share"], f"share of synapses on connections present in {label}",
            n=connections,
        )  # fmt: skip
    for k, row in core.iterrows():
        for stat in ("mean", "min", "max"):
            out[f"core.k{k}.{stat}"] = exact(
                row[stat], f"share of connections present in all of {k} animals ({stat} over "
                "subsets)", n=int(row["subsets"]),
            )  # fmt: skip
    animals = len(params["animals"])
    for row in result.tables["intervals"].itertuples():
        out[f"motif.{row.statistic}.log_ratio"] = Headline(
            row.log_ratio_mean, (row.ci_high - row.ci_low) / (2 * 1.96), animals,
            f"{row.statistic}: mean over animals of log(observed / null mean), bootstrap 95%",
            row.ci_low, row.ci_high,
        )  # fmt: skip
    return out


def development_headlines(
    result: ExperimentResult, params: Mapping[str, Any]
) -> dict[str, Headline]:
    """Growth, removed shares (development and two adults), reverse pruning's precision."""
    stages = result.tables["stages"]
    series, baseline = list(params["series"]), str(params["baseline"]).split("/")
    c = result.table.set_index(["step", "change"])
    out: dict[str, Headline] = {}
    for what in ("synapses", "connections"):
        out[f"growth.{what}"] = exact(
            stages.iloc[-1][what] / stages.iloc[0][what],
            f"{what} of {series[-1]} / {what} of {series[0]}",
        )
    for name, (a, b) in (("development", (series[0], series[-1])), ("adults", baseline)):
        row = c.loc[(f"{a}/{b}", "removed")]
        out[f"removed.{name}.connections"] = exact(
            row["share_of_before"], f"share of {a}'s connections absent in {b}",
            n=int(row["connections"]),
        )  # fmt: skip
        out[f"removed.{name}.synapses"] = exact(
            row["synapse_share_before"], f"share of {a}'s synapses on connections absent in {b}"
        )
    pruning = result.tables["reverse_pruning"]
    for rule, part in pruning.groupby("rule"):
        out[f"pruning.{rule}.precision"] = mean_of(
            part["precision"], f"reverse pruning by {rule}: precision (mean over young animals)"
        )
    return out


_COMPARISONS = {
    "herm/male (shared neurons)": "sexes_shared",
    "herm/male (brain neurons)": "sexes_brain",
    "adult/adult hermaphrodites (brain neurons)": "adults_brain",
    "two reconstructions of the hermaphrodite": "reconstructions",
}


def sex_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Jaccard distances and weight shares per comparison, shares per type, matching."""
    out: dict[str, Headline] = {}
    for row in result.table.itertuples():
        key = _COMPARISONS.get(row.comparison, row.comparison)
        n = int(row.connections)
        out[f"{key}.jaccard_distance"] = exact(
            row.jaccard_distance, f"{row.comparison}: Jaccard distance of the connections", n=n
        )
        out[f"{key}.first_weight_shared"] = exact(
            row.first_weight_shared, f"{row.comparison}: first's weight on shared connections"
        )
        out[f"{key}.second_weight_shared"] = exact(
            row.second_weight_shared, f"{row.comparison}: second's weight on shared connections"
        )
        out[f"{key}.spearman"] = exact(
            row.spearman, f"{row.comparison}: Spearman correlation of shared weights"
        )
    for row in result.tables["by_neuron_type"].itertuples():
        out[f"type.{row.neuron_type}.shared"] = exact(
            row.shared, f"{row.neuron_type}: share of connections both sexes have",
            n=int(row.connections),
        )  # fmt: skip
    m = result.tables["matching"].iloc[0]
    # one matching from random starts: the binomial error over the neurons matched is a
    # guide to how much another set of starts could move it, not a strict bound
    matched = int(m["neurons"]) - int(m["known"])
    out["matching.accuracy"] = proportion(
        round(float(m["accuracy"]) * matched), matched,
        f"neurons recovered matching the sexes ({int(m['known'])} known)",
    )  # fmt: skip
    return out
