"""Experiment ``sex``: the hermaphrodite against the male on the neurons both have.

Pieces:
    SEX: the experiment.

Cook et al. (2019) reconstructed both sexes whole. On their shared neurons: which
connections both have, which one sex only, how their weights rank, by neuron type; and
two baselines that say how large a difference is: the two hermaphrodite reconstructions
of the same neurons (Varshney's and Cook's; Cook re-annotated the original
hermaphrodite micrographs, so this baseline is mostly annotation, not individuals) and
two adult hermaphrodites of Witvliet's on the brain neurons (individual variability),
beside the herm-male difference on those same brain neurons. Graph matching of the
hermaphrodite's shared neurons to the male's (``known`` seeds) says whether the shared
neurons keep their wiring identity across the sexes.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from neuroagents.datasets import ANIMALS, animal_graphs
from neuroagents.errors import ConfigError
from neuroagents.models.worms.experiments.headlines import sex_headlines
from neuroagents.models.worms.matching import accuracy, match_neurons
from neuroagents.models.worms.sex import by_neuron_type, compare_pair, pair_summary
from neuroagents.models.worms.wiring import shared_neurons, weight_matrix
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = ["SEX"]


def sex_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Shared and sex-specific wiring, against two same-sex baselines."""
    from neuroagents.models.worms.figures import sex_figure

    herm, male = config.hermaphrodite, config.male
    for key in ("hermaphrodite", "male", "reference", "adult_a", "adult_b"):
        if config[key] not in ANIMALS:
            raise ConfigError(f"params.{key} must be one of {list(ANIMALS)}. Got {config[key]!r}.")
    kind = config.kind
    whole = compare_pair(herm, male, kind)
    brain = shared_neurons([config.adult_a, config.adult_b, herm, male])
    comparisons = {
        "herm/male (shared neurons)": whole,
        "herm/male (brain neurons)": compare_pair(herm, male, kind, brain),
        "adult/adult hermaphrodites (brain neurons)": compare_pair(
            config.adult_a, config.adult_b, kind, brain),
        "two reconstructions of the hermaphrodite": compare_pair(
            config.reference, herm, kind),
    }  # fmt: skip
    table = pd.DataFrame([{"comparison": k, **pair_summary(v)} for k, v in comparisons.items()])
    h_neurons, m_neurons = set(animal_graphs(herm)[0]), set(animal_graphs(male)[0])
    chem, _ = animal_graphs(herm)
    types = pd.Series({n: chem.nodes[n]["neuron_type"] for n in chem})
    typed = by_neuron_type(whole, types)
    shared = shared_neurons([herm, male])
    a = weight_matrix(herm, shared, "both", "log")
    b = weight_matrix(male, shared, "both", "log")
    match = match_neurons(a, b, min(config.known, len(shared) - 1), inits=config.inits,
                          rng=rng)  # fmt: skip
    acc = accuracy(match)
    t = table.set_index("comparison")
    hb = t.loc["herm/male (brain neurons)", "jaccard_distance"]
    ab = t.loc["adult/adult hermaphrodites (brain neurons)", "jaccard_distance"]
    summary = (
        f"{len(shared)} neurons in both sexes; {len(h_neurons - m_neurons)} only in "
        f"{herm}, {len(m_neurons - h_neurons)} only in {male}. {kind} synapses:\n"
        + format_table(
            table,
            [
                "comparison",
                "connections",
                "both",
                "first_only",
                "second_only",
                "jaccard_distance",
                "first_weight_shared",
                "second_weight_shared",
                "spearman",
            ],
        )
        + "\nBy the presynaptic neuron's type (herm/male, shared neurons):\n"
        + format_table(
            typed, ["neuron_type", "connections", "both", "first_only", "second_only", "shared"]
        )
        + f"\nMatching {herm} to {male} on the shared neurons ({config.known} known): "
        f"{acc:.1%} of neurons recovered.\n"
        f"Verdict: on the brain neurons the sexes differ by a Jaccard distance of {hb:.2f}, "
        f"two adult hermaphrodites by {ab:.2f}: the sex difference is "
        + ("within" if hb <= ab else "beyond")
        + " the difference between two individuals of one sex (different datasets and "
        "weight units: Cook counts EM sections, Witvliet synapses)."
    )
    figures = {"worms_sex": partial(sex_figure, whole, typed, table)}
    return ExperimentResult(table, summary, figures,
                            {"connections": whole, "by_neuron_type": typed,
                             "matching": pd.DataFrame([{"known": config.known,
                                                        "neurons": len(shared),
                                                        "accuracy": acc}])})  # fmt: skip


SEX = Experiment(
    name="sex",
    description="hermaphrodite vs male on shared neurons, beside same-sex baselines",
    params={
        "hermaphrodite": Param("cook2019_herm", "the hermaphrodite"),
        "male": Param("cook2019_male", "the male"),
        "reference": Param("varshney2011", "another reconstruction of the hermaphrodite"),
        "adult_a": Param("witvliet7", "first adult of the individual baseline"),
        "adult_b": Param("witvliet8", "second adult of the individual baseline"),
        "kind": Param("chemical", "synapses compared", choices=("chemical", "electrical", "both")),
        "known": Param(20, "known neuron pairs for the herm-to-male matching", low=0),
        "inits": Param(2, "starts of the matching", low=1),
    },
    run=sex_experiment,
    headlines=sex_headlines,
    quick={"inits": 1},
)  # fmt: skip
