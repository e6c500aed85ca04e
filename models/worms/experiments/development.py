"""Experiment ``development``: from L1 to adult, does the worm prune or only add?

Pieces:
    stage_table: size, degree, reciprocity, spectrum and triad ratios of each stage.
    change_table: connections added, strengthened, weakened, removed, for each step of
        the series, from the first animal to the last, and between the two adults (the
        baseline: what individual variability alone looks like).
    DEVELOPMENT: the experiment.

Beside it, :func:`~neuroagents.models.worms.development.reverse_pruning` asks the
library's pruning question backwards: if the adult were pruned to the young animal's
number of connections, by magnitude (as the ``pruning`` experiment of the connectome
system does to Hebbian nets) or by spectral importance (as its sparsifier does), would
the young animal's connections be the ones left?
"""

from __future__ import annotations

from functools import partial
from itertools import pairwise

import numpy as np
import pandas as pd

from neuroagents.datasets import ANIMALS, animals
from neuroagents.errors import ConfigError
from neuroagents.models.worms.canonical import motif_statistics
from neuroagents.models.worms.development import (
    change_summary,
    connection_changes,
    reverse_pruning,
    stage_statistics,
)
from neuroagents.models.worms.experiments.headlines import development_headlines
from neuroagents.models.worms.experiments.identity import parse_pairs
from neuroagents.models.worms.wiring import weight_matrix
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = ["DEVELOPMENT", "change_table", "stage_table"]

WITVLIET = [f"witvliet{k}" for k in range(1, 9)]
TRIADS = ("triad_030T", "triad_030C", "triad_102", "triad_300")


def stage_table(series: list[str], nulls: int, rng: np.random.Generator) -> pd.DataFrame:
    """One row per animal of the series: stage, age and :func:`stage_statistics`."""
    meta = animals().set_index("animal")
    rows = []
    for animal, gen in zip(series, rng.spawn(len(series)), strict=True):
        from neuroagents.datasets import animal_graphs

        motifs = motif_statistics(animal_graphs(animal)[0], nulls, gen).set_index("statistic")
        rows.append({"animal": animal, "stage": meta.loc[animal, "stage"],
                     "age_hours": meta.loc[animal, "age_hours"], **stage_statistics(animal),
                     **{f"{t}_ratio": motifs.loc[t, "ratio"] for t in TRIADS},
                     "reciprocity_ratio": motifs.loc["reciprocity", "ratio"]})  # fmt: skip
    return pd.DataFrame(rows)


def change_table(steps: list[tuple[str, str]]) -> pd.DataFrame:
    """Changes per step: one row per (step, class of change)."""
    rows = []
    for before, after in steps:
        summary = change_summary(connection_changes(before, after))
        before_total = summary["synapses_before"].sum()
        summary["share_of_before"] = summary["connections"] / (
            summary.loc[summary["change"] != "added", "connections"].sum()
        )
        summary["synapse_share_before"] = summary["synapses_before"] / before_total
        rows.append(summary.assign(step=f"{before}/{after}", before=before, after=after))
    return pd.concat(rows, ignore_index=True)


def _spectra(series: list[str]) -> pd.DataFrame:
    rows = []
    for animal in series:
        from neuroagents.datasets import animal_graphs

        names = sorted(animal_graphs(animal)[0])
        a = (weight_matrix(animal, names, "chemical", "count") > 0).astype(float)
        ev = np.linalg.eigvals(a)
        rows.append(pd.DataFrame({"animal": animal, "real": ev.real, "imag": ev.imag,
                                  "abs": np.abs(ev)}))  # fmt: skip
    return pd.concat(rows, ignore_index=True)


def development_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Stages, changes between them, the adult baseline and reverse pruning."""
    from neuroagents.models.worms.figures import development_figure

    series = config.series
    if len(series) < 2 or any(a not in ANIMALS for a in series):
        raise ConfigError(
            f"params.series must list at least two animals, youngest first, each one of "
            f"{list(ANIMALS)}. Got {series!r}."
        )
    baseline = parse_pairs([config.baseline], "baseline")[0]
    steps = [*pairwise(series), (series[0], series[-1]), baseline]
    stages = stage_table(series, config.nulls, rng.spawn(1)[0])
    changes = change_table(list(dict.fromkeys(steps)))
    young = [a for a in config.young if a in ANIMALS]
    pruning = pd.concat(
        [reverse_pruning(y, series[-1], config.repeats, rng).assign(young=y)
         for y in young], ignore_index=True)  # fmt: skip
    spectra = _spectra(series)
    c = changes.set_index(["step", "change"])
    first_last = f"{series[0]}/{series[-1]}"
    base = f"{baseline[0]}/{baseline[1]}"
    removed_dev = c.loc[(first_last, "removed"), "share_of_before"]
    removed_base = c.loc[(base, "removed"), "share_of_before"]
    syn_dev = c.loc[(first_last, "removed"), "synapse_share_before"]
    syn_base = c.loc[(base, "removed"), "synapse_share_before"]
    grow = stages.iloc[-1]["synapses"] / stages.iloc[0]["synapses"]
    conn = stages.iloc[-1]["connections"] / stages.iloc[0]["connections"]
    p = pruning.pivot(index="young", columns="rule", values="precision")
    summary = (
        "Stages (chemical synapses, all of each animal's neurons; ratios against "
        f"{config.nulls} degree-preserving nulls):\n"
        + format_table(
            stages,
            [
                "animal",
                "stage",
                "age_hours",
                "neurons",
                "connections",
                "synapses",
                "mean_degree",
                "synapses_per_connection",
                "reciprocity",
                "spectral_radius",
                "triad_030T_ratio",
                "triad_300_ratio",
            ],
        )
        + "\nChanges on the shared neurons (share_of_before: of the earlier animal's "
        "connections):\n"
        + format_table(
            changes,
            [
                "step",
                "change",
                "connections",
                "share_of_before",
                "synapses_before",
                "synapses_after",
            ],
        )
        + "\nReverse pruning (precision: kept adult connections the young animal has):\n"
        + format_table(pruning, ["young", "rule", "keep", "precision"])
        + f"\nVerdict: from {series[0]} to {series[-1]} the synapses grow {grow:.1f}-fold and "
        f"the connections {conn:.1f}-fold. {removed_dev:.0%} of {series[0]}'s connections "
        f"(holding {syn_dev:.0%} of its synapses) are absent in {series[-1]}, "
        f"{'fewer' if removed_dev < removed_base else 'more'} than the {removed_base:.0%} "
        f"({syn_base:.0%} of synapses) of {baseline[0]}'s absent in {baseline[1]}, an adult "
        "of the same age: "
        + (
            "what development removes is no more than what differs between two adults, so "
            "the data show addition and strengthening, not pruning beyond individual "
            "variability. "
            if removed_dev <= removed_base
            else "development removes more than two adults differ by: pruning beyond variability. "
        )
        + f"Magnitude pruning of the adult keeps the young animal's connections with "
        f"precision {p['magnitude'].mean():.2f} (random {p['random'].mean():.2f}, spectral "
        f"{p['spectral'].mean():.2f}, at most {p['young_in_adult'].mean():.2f}): the young "
        + (
            "wiring sits among the adult's strongest connections, as growth by addition "
            "and strengthening would leave it."
            if p["magnitude"].mean() > p["random"].mean()
            else "wiring is no closer to the adult's strongest connections than a random subset."
        )
    )
    figures = {"worms_development": partial(development_figure, stages, changes, pruning, spectra)}
    return ExperimentResult(changes, summary, figures,
                            {"stages": stages, "reverse_pruning": pruning,
                             "spectra": spectra})  # fmt: skip


DEVELOPMENT = Experiment(
    name="development",
    description="L1 to adult: connections added, strengthened, weakened, removed; pruning?",
    params={
        "series": Param(WITVLIET, "animals from youngest to oldest"),
        "baseline": Param("witvliet7/witvliet8", "two animals of the same age 'a/b'"),
        "young": Param(["witvliet1", "witvliet2", "witvliet3", "witvliet4"],
                       "young animals compared with the last of the series by pruning"),
        "nulls": Param(20, "degree-preserving nulls per animal", low=2),
        "repeats": Param(20, "random prunings averaged", low=1),
    },
    run=development_experiment,
    headlines=development_headlines,
    quick={"series": ["witvliet1", "witvliet4", "witvliet8"], "young": ["witvliet1"],
           "nulls": 2, "repeats": 2},
)  # fmt: skip
