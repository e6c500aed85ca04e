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
        intervals; per number of animals k the connections present in exactly k; per
        study size and statistic the share of small studies with the right sign.
    identity_headlines: per pair and number of known neurons the matching's accuracy (mean
        over the repeats), up to the mirror, the share of errors that are mirror partners;
        per pair the Jaccard distance and its rewiring equivalent; the perturbation curve;
        the wrong matches by relation.

The shares are counts over the animals' published wiring: exact for those animals (a
standard error of 0 and n the connections counted); what varies with the animals chosen
is stated by the subsets' range (``core.k<k>.min``/``max``). A motif's standard error is
its bootstrap 95% interval's width / (2 x 1.96), the normal approximation.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

import pandas as pd

from neuroagents.models.worms.wiring import rewiring_for_distance
from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, mean_of, proportion

__all__ = ["canonical_headlines", "development_headlines", "identity_headlines", "sex_headlines"]


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
    return (
        out
        | _prevalence_headlines(prevalence, connections)
        | _study_headlines(result.tables["small_studies"])
    )


def _prevalence_headlines(prevalence: pd.DataFrame, connections: int) -> dict[str, Headline]:
    """Per k the connections in exactly k animals; the middle counts (2 < k < all) pooled."""
    out: dict[str, Headline] = {}
    for row in prevalence.itertuples():
        k = int(row.animals)
        out[f"present.k{k}.connections"] = exact(row.connections, f"connections in exactly {k}")
        out[f"present.k{k}.connection_share"] = exact(
            row.connection_share, f"share of connections in exactly {k} animals", n=connections
        )
        out[f"present.k{k}.synapse_share"] = exact(
            row.weight_share, f"share of synapses on connections in exactly {k} animals"
        )
        out[f"present.k{k}.mean_synapses"] = exact(
            row.mean_weight, f"mean synapses of a connection in exactly {k} animals, where present"
        )
    middle = prevalence[(prevalence["animals"] > 2) & (prevalence["animals"] < len(prevalence))]
    if len(middle):
        name = f"present.k3to{len(prevalence) - 1}"
        what = f"connections in 3 to {len(prevalence) - 1} animals"
        out[f"{name}.connections"] = exact(middle["connections"].sum(), what)
        out[f"{name}.connection_share"] = exact(
            middle["connection_share"].sum(), f"share of {what}", n=connections
        )
        out[f"{name}.synapse_share"] = exact(middle["weight_share"].sum(), f"synapses on {what}")
        for stat in ("min", "max"):
            out[f"{name}.mean_synapses.{stat}"] = exact(
                middle["mean_weight"].agg(stat), f"mean synapses per connection, {stat} over k"
            )
    return out


def _study_headlines(studies: pd.DataFrame) -> dict[str, Headline]:
    """Every study of k animals (all subsets: no sampling error) against all of them."""
    out: dict[str, Headline] = {}
    for row in studies.itertuples():
        name = f"study.k{row.size}.{row.statistic}"
        out[f"{name}.right_sign"] = exact(
            row.sign_agrees, f"{row.statistic}: share of the {row.size}-animal studies whose "
            "mean has the sign of all animals'", n=int(row.studies),
        )  # fmt: skip
        out[f"{name}.max_rel_error"] = exact(
            row.max_rel_error, f"{row.statistic}: largest relative error of a {row.size}-animal "
            "study", n=int(row.studies),
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
        for row in part.itertuples():
            out[f"pruning.{row.young}.{rule}.precision"] = exact(
                row.precision, f"reverse pruning to {row.young} by {rule}: precision"
                + (f" (mean of {params['repeats']} prunings)" if rule == "random" else ""),
            )  # fmt: skip
    for row in pruning.drop_duplicates("young").itertuples():
        out[f"pruning.{row.young}.keep"] = exact(row.keep, f"{row.young}: share of adult kept")
    return (
        out | _stage_headlines(stages) | _change_headlines(result.table, series, "/".join(baseline))
    )


_STAGE_COLUMNS = {
    "neurons": "neurons",
    "connections": "chemical connections",
    "synapses": "chemical synapses",
    "mean_degree": "mean out-degree",
    "synapses_per_connection": "synapses per connection",
    "reciprocity": "reciprocity",
    "spectral_radius": "spectral radius of the 0/1 adjacency",
}


def _stage_headlines(stages: pd.DataFrame) -> dict[str, Headline]:
    """Per animal its size and shape (exact: counts on its wiring) and triad ratios."""
    out: dict[str, Headline] = {}
    for row in stages.to_dict("records"):
        for column, what in _STAGE_COLUMNS.items():
            out[f"stage.{row['animal']}.{column}"] = exact(row[column], f"{row['animal']}: {what}")
        # a ratio to the mean of the degree-preserving nulls: its error is the nulls' spread
        # over their number, not stated here; the run's nulls are in the config
        out[f"stage.{row['animal']}.triad_030T_ratio"] = exact(
            row["triad_030T_ratio"], f"{row['animal']}: 030T count / mean of the nulls'"
        )
    return out


def _change_headlines(
    changes: pd.DataFrame, series: list[str], baseline: str
) -> dict[str, Headline]:
    """Per step and class the connections; the range over the consecutive steps.

    The consecutive steps leave out the baseline pair (two animals of the same age), which
    is individual variability, not development.
    """
    out: dict[str, Headline] = {}
    for row in changes.itertuples():
        out[f"change.{row.step}.{row.change}.connections"] = exact(
            row.connections, f"{row.step}: connections {row.change}"
        )
        out[f"change.{row.step}.{row.change}.share"] = exact(
            row.share_of_before, f"{row.step}: {row.change}, share of the earlier's connections"
        )
    steps = [f"{a}/{b}" for a, b in pairwise(series) if f"{a}/{b}" != baseline]
    consecutive = changes[changes["step"].isin(steps)]
    for change, part in consecutive.groupby("change"):
        for column, what in (("connections", "connections"), ("share_of_before", "share")):
            for stat in ("min", "max"):
                out[f"change.consecutive.{change}.{what}.{stat}"] = exact(
                    part[column].agg(stat), f"consecutive steps: {change} {what}, {stat}",
                    n=len(part),
                )  # fmt: skip
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
        for presence in ("both", "first_only", "second_only"):
            out[f"{key}.{presence}"] = exact(
                getattr(row, presence), f"{row.comparison}: connections {presence}", n=n
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


_MATCH_COLUMNS = {
    "accuracy": "unseeded neurons matched to the same name",
    "up_to_mirror": "unseeded neurons matched to the same name or its left/right partner",
    "mirror_errors": "share of the wrong matches that are the left/right partner",
}


def identity_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Per pair and known neurons the matching (mean over repeats); perturbation; errors.

    A repeat's matching starts from other random states (and other known neurons), so the
    repeats are independent draws of the matching's outcome: their mean's error is s/sqrt(n).
    """
    out: dict[str, Headline] = {}
    table = result.table
    for (pair, known), part in table.groupby(["pair", "known"], sort=False):
        for column, what in _MATCH_COLUMNS.items():
            out[f"{pair}.k{known}.{column}"] = mean_of(
                part[column], f"{pair}, {known} known: {what}, mean over repeats"
            )
    for pair, part in table.groupby("pair", sort=False):
        first = part.iloc[0]
        distance = float(first["edge_distance"])
        out[f"{pair}.neurons"] = exact(first["neurons"], f"{pair}: neurons both animals have")
        out[f"{pair}.edge_distance"] = exact(distance, f"{pair}: Jaccard distance of the edges")
        out[f"{pair}.rewiring_equivalent"] = exact(
            rewiring_for_distance(distance), f"{pair}: fraction of edges rewired to that distance"
        )
    curve = result.tables["perturbation"]
    for fraction, part in curve.groupby("fraction"):
        out[f"perturbation.f{fraction:g}.accuracy"] = mean_of(
            part["accuracy"], f"{params['perturbed']} against copies with a fraction "
            f"{fraction:g} of edges rewired: accuracy, mean over repeats",
        )  # fmt: skip
    relations = result.tables["errors"].groupby("relation").size()
    for relation, count in relations.items():
        # a share of this run's wrong matches (counted, not sampled: swaps come in pairs,
        # so the errors are not independent trials)
        out[f"errors.{relation}.share"] = exact(
            count / relations.sum(), f"share of all wrong matches that are {relation}",
            n=int(relations.sum()),
        )  # fmt: skip
    return out
