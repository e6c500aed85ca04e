"""The headline numbers of the worms experiments, with their uncertainty.

What ``neuroagents run`` records in a run's summary and ``docs/worms.md`` quotes
(``docs/results/worms_*.json``, rendered by ``docs/render_numbers.py``).

Pieces:
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
from neuroagents.runner.summaries import Headline, exact

__all__ = ["canonical_headlines"]


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
