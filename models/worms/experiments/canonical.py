"""Experiment ``canonical``: what every worm shares, and what two or three worms would tell.

Pieces:
    core_by_count: the fraction of connections present in all of k animals, over every
        subset of k.
    per_animal_statistics: reciprocity and triads of each animal against
        degree-preserving nulls (ratio observed / null mean).
    CANONICAL: the experiment.

The population here is the configured animals (by default Witvliet's eight, which are
isogenic but of different ages: a connection missing in an L1 may be one that appears
later). The intervals resample animals with replacement (percentile bootstrap); with
eight animals they describe these eight, not the species.
"""

from __future__ import annotations

from functools import partial
from itertools import combinations

import numpy as np
import pandas as pd

from neuroagents.datasets import ANIMALS, animal_graphs
from neuroagents.errors import ConfigError
from neuroagents.models.worms.canonical import (
    bootstrap_mean,
    core_fraction,
    motif_statistics,
    presence,
    prevalence_table,
    small_study,
)
from neuroagents.models.worms.experiments.headlines import canonical_headlines
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = ["CANONICAL", "core_by_count", "per_animal_statistics"]

WITVLIET = [f"witvliet{k}" for k in range(1, 9)]
STATISTICS = ("reciprocity", "triad_102", "triad_021C", "triad_030T", "triad_030C",
              "triad_201", "triad_120U", "triad_210", "triad_300")  # fmt: skip


def core_by_count(table: pd.DataFrame, animals: list[str]) -> pd.DataFrame:
    """Mean, min and max over subsets of k animals of the fraction present in all k.

    Examples:
        >>> t = pd.DataFrame({"a": [1, 1, 0], "b": [1, 0, 1], "c": [1, 1, 1]})
        >>> core_by_count(t, ["a", "b", "c"])["mean"].round(3).tolist()
        [1.0, 0.556, 0.333]
    """
    rows = []
    for k in range(1, len(animals) + 1):
        values = [core_fraction(table, list(s)) for s in combinations(animals, k)]
        rows.append({"animals": k, "subsets": len(values), "mean": float(np.mean(values)),
                     "min": float(np.min(values)), "max": float(np.max(values))})  # fmt: skip
    return pd.DataFrame(rows)


def per_animal_statistics(animals: list[str], nulls: int, rng: np.random.Generator) -> pd.DataFrame:
    """Each animal's chemical wiring against ``nulls`` degree-preserving rewirings."""
    rows = []
    for animal, gen in zip(animals, rng.spawn(len(animals)), strict=True):
        chem, _ = animal_graphs(animal)  # the statistics drop self-connections
        rows.append(motif_statistics(chem, nulls, gen).assign(animal=animal))
    return pd.concat(rows, ignore_index=True)


def canonical_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Prevalence of connections, core against number of animals, motifs, small studies."""
    from neuroagents.models.worms.figures import canonical_figure

    animals = config.animals
    bad = [a for a in animals if a not in ANIMALS]
    if bad or len(set(animals)) < 3:
        raise ConfigError(
            f"params.animals must list at least three different animals, each one of "
            f"{list(ANIMALS)}. Got {animals!r}."
        )
    table = presence(animals, config.kind)
    prevalence = prevalence_table(table, animals)
    core = core_by_count(table, animals)
    stats = per_animal_statistics(animals, config.nulls, rng.spawn(1)[0])
    ratios = stats.pivot(index="animal", columns="statistic", values="ratio")
    ratios = ratios.loc[animals, [s for s in STATISTICS if s in ratios.columns]]
    # a ratio above 1 is over-represented: its log has the sign a study would report
    log_ratio = np.log(ratios)
    # a triad no null produces (e.g. 300 in sparse graphs) has no finite ratio: left out
    dropped = [s for s in log_ratio.columns if not np.isfinite(log_ratio[s]).all()]
    log_ratio = log_ratio.drop(columns=dropped)
    intervals = pd.DataFrame(
        [(s, *bootstrap_mean(log_ratio[s].to_numpy(), config.resamples, rng=rng))
         for s in log_ratio.columns],
        columns=["statistic", "log_ratio_mean", "ci_low", "ci_high"],
    )  # fmt: skip
    studies = pd.concat([small_study(log_ratio, k) for k in config.study_sizes
                         if k <= len(animals)], ignore_index=True)  # fmt: skip
    core_studies = core.set_index("animals")
    n = len(animals)
    every = prevalence.iloc[-1]
    one = prevalence.iloc[0]
    robust = studies[(studies["sign_agrees"] == 1.0)]
    summary = (
        f"{n} animals ({', '.join(animals)}), {config.kind} synapses on their "
        f"{len(set(table['pre']) | set(table['post']))} shared neurons: "
        f"{len(table)} connections in any animal.\n"
        + format_table(
            prevalence,
            ["animals", "connections", "connection_share", "weight_share", "mean_weight"],
        )
        + "\nPresent in all k animals (mean over subsets of k):\n"
        + format_table(core, ["animals", "subsets", "mean", "min", "max"])
        + f"\nlog(observed / null mean) against {config.nulls} degree-preserving nulls, "
        f"mean over animals with a {config.resamples}-resample bootstrap interval:\n"
        + format_table(intervals, ["statistic", "log_ratio_mean", "ci_low", "ci_high"])
        + (
            f"\nLeft out (no finite ratio in some animal: the nulls never make it): "
            f"{', '.join(dropped)}."
            if dropped
            else ""
        )
        + "\nStudies of a few animals against all of them:\n"
        + format_table(
            studies,
            ["statistic", "size", "studies", "sign_agrees", "median_rel_error", "max_rel_error"],
        )
        + f"\nVerdict: {every['connection_share']:.0%} of connections are in all {n} animals "
        f"and carry {every['weight_share']:.0%} of the synapses; {one['connection_share']:.0%}"
        f" are in one animal only and carry {one['weight_share']:.0%}. Two animals would "
        f"call {core_studies.loc[2, 'mean']:.0%} of connections shared (all {n}: "
        f"{core_studies.loc[n, 'mean']:.0%}). Every study of "
        f"{min(config.study_sizes)} animals gets the direction (over/under-represented) "
        f"of {robust[robust['size'] == min(config.study_sizes)]['statistic'].nunique()} "
        f"of {log_ratio.shape[1]} statistics right."
    )
    figures = {"worms_canonical": partial(canonical_figure, prevalence, core, log_ratio, intervals)}
    out = prevalence.assign(population=",".join(animals))
    return ExperimentResult(out, summary, figures,
                            {"connections": table, "core_by_count": core, "motifs": stats,
                             "intervals": intervals, "small_studies": studies})  # fmt: skip


CANONICAL = Experiment(
    name="canonical",
    description="connections in every worm, some, one; motifs per animal; small studies",
    params={
        "animals": Param(WITVLIET, "the animals compared (at least three)"),
        "kind": Param(
            "chemical",
            "synapses whose prevalence is counted (motifs: chemical always)",
            choices=("chemical", "electrical", "both"),
        ),
        "nulls": Param(20, "degree-preserving nulls per animal", low=2),
        "resamples": Param(2000, "bootstrap resamples of the animals", low=10),
        "study_sizes": Param([2, 3], "numbers of animals of a small study", low=1),
    },
    run=canonical_experiment,
    headlines=canonical_headlines,
    quick={"animals": ["witvliet1", "witvliet7", "witvliet8"], "nulls": 3, "resamples": 200},
)  # fmt: skip
