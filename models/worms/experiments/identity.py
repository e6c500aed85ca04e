"""Experiment ``identity``: who is who in another worm, from wiring alone.

Pieces:
    parse_pairs: config strings ``"a/b"`` -> animal pairs, checked.
    match_pair: seeded and unseeded matching of one pair, repeated.
    perturbation_curve: matching an animal to rewired copies of itself.
    IDENTITY: the experiment.

Each pair is matched on the neurons both animals have, by the weights of both synapse
kinds (``log(1 + w)``), with ``known`` neurons given as known pairs. Accuracy counts the
unseeded neurons matched to the neuron of the same name; "up to mirror" also counts a
neuron matched to its left/right partner. The perturbation curve places the real
differences between animals on the scale of random rewiring: two animals at Jaccard
distance d differ as much as a copy with a fraction d / (2 - d) of its edges moved.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.datasets import ANIMALS, animal_graphs
from neuroagents.errors import ConfigError
from neuroagents.models.worms.experiments.headlines import identity_headlines
from neuroagents.models.worms.matching import accuracy, confusions, match_neurons
from neuroagents.models.worms.wiring import (
    KINDS,
    TRANSFORMS,
    edge_distance,
    rewire,
    rewiring_for_distance,
    shared_neurons,
    weight_matrix,
)
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = ["IDENTITY", "match_pair", "parse_pairs", "perturbation_curve"]

PAIRS = [
    "witvliet7/witvliet8",
    "witvliet1/witvliet8",
    "witvliet4/witvliet8",
    "witvliet6/witvliet8",
    "witvliet8/cook2019_herm",
    "varshney2011/cook2019_herm",
    "cook2019_herm/cook2019_male",
]


def parse_pairs(values: list[str], name: str = "pairs") -> list[tuple[str, str]]:
    """``["a/b", ...]`` -> ``[("a", "b"), ...]``, each name one of the animals.

    Examples:
        >>> parse_pairs(["witvliet7/witvliet8"])
        [('witvliet7', 'witvliet8')]
    """
    out = []
    for k, value in enumerate(values):
        parts = value.split("/")
        if len(parts) != 2 or any(p not in ANIMALS for p in parts) or parts[0] == parts[1]:
            raise ConfigError(
                f"params.{name}[{k}] must be two different animals as 'a/b', each one of "
                f"{list(ANIMALS)}. Got {value!r}."
            )
        out.append((parts[0], parts[1]))
    return out


def _neuron_table(animal: str, neurons: list[str]) -> pd.DataFrame:
    chem, _ = animal_graphs(animal)
    return pd.DataFrame(
        {k: [chem.nodes[n][k] for n in neurons] for k in ("neuron_class", "neuron_type")},
        index=neurons,
    )


def match_pair(
    first: str, second: str, config: dict[str, Any], rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Match ``first`` to ``second`` for each number of known pairs, ``repeats`` times.

    Returns:
        (one row per match: ``pair``, ``neurons``, ``known``, ``repeat``,
        ``accuracy``, ``up_to_mirror``, ``mirror_errors`` (share of the errors that are
        the left/right partner), ``objective``, ``objective_truth`` (the objective of the
        true matching), ``edge_distance``; the confusions of every match).
    """
    neurons = shared_neurons([first, second])
    a = weight_matrix(first, neurons, config["kind"], config["weights"])
    b = weight_matrix(second, neurons, config["kind"], config["weights"])
    table = _neuron_table(second, neurons)
    rows, errors = [], []
    for known in config["known"]:
        for rep in range(config["repeats"]):
            m = match_neurons(a, b, min(known, len(neurons) - 1), inits=config["inits"],
                              rng=rng)  # fmt: skip
            conf = confusions(table, m)
            wrong = conf[~conf["correct"]]
            pair = f"{first}/{second}"
            rows.append({
                "pair": pair, "neurons": len(neurons), "known": known, "repeat": rep,
                "accuracy": accuracy(m),
                "up_to_mirror": float(conf["relation"].isin(["self", "mirror"]).mean()),
                "mirror_errors": float((wrong["relation"] == "mirror").mean())
                if len(wrong) else np.nan,
                "objective": m.objective, "objective_truth": float(np.sum(a * b)),
                "edge_distance": edge_distance(a, b),
            })  # fmt: skip
            errors.append(wrong.assign(pair=pair, known=known, repeat=rep))
    return pd.DataFrame(rows), pd.concat(errors, ignore_index=True)


def perturbation_curve(config: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Accuracy of matching ``perturbed`` to copies with a fraction of edges rewired."""
    animal = config["perturbed"]
    neurons = sorted(animal_graphs(animal)[0])
    a = weight_matrix(animal, neurons, config["kind"], config["weights"])
    rows = []
    for fraction in config["fractions"]:
        for rep in range(config["repeats"]):
            b = rewire(a, fraction, rng)
            m = match_neurons(a, b, config["perturb_known"], inits=config["inits"], rng=rng)
            rows.append({"animal": animal, "fraction": fraction, "repeat": rep,
                         "known": config["perturb_known"], "accuracy": accuracy(m),
                         "edge_distance": edge_distance(a, b)})  # fmt: skip
    return pd.DataFrame(rows)


def identity_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Match the configured pairs, then the rewired copies; summary and figure."""
    from neuroagents.models.worms.figures import identity_figure

    pairs = parse_pairs(config.pairs)
    results = [match_pair(a, b, config, rng.spawn(1)[0]) for a, b in pairs]
    table = pd.concat([r[0] for r in results], ignore_index=True)
    errors = pd.concat([r[1] for r in results], ignore_index=True)
    curve = perturbation_curve(config, rng.spawn(1)[0])
    means = (table.groupby(["pair", "known"], sort=False)
             [["neurons", "accuracy", "up_to_mirror", "mirror_errors", "edge_distance"]]
             .mean().reset_index())  # fmt: skip
    means["rewiring_equivalent"] = means["edge_distance"].map(rewiring_for_distance)
    by_fraction = curve.groupby("fraction")["accuracy"].mean()
    relations = errors.groupby("relation").size()
    share = (relations / relations.sum()).round(3).to_dict() if len(relations) else {}
    summary = (
        f"Graph matching (FAQ, {config.inits} start(s), {config.repeats} repeat(s)), "
        f"weights {config.weights} of {config.kind} synapses; accuracy = unseeded "
        "neurons matched to the same name.\n"
        + format_table(
            means,
            [
                "pair",
                "neurons",
                "known",
                "accuracy",
                "up_to_mirror",
                "mirror_errors",
                "edge_distance",
                "rewiring_equivalent",
            ],
        )
        + f"\nWrong matches by relation (all pairs): {share}.\n"
        f"{config.perturbed} against rewired copies of itself ({config.perturb_known} "
        "known): "
        + ", ".join(f"f = {f:g}: {v:.3f}" for f, v in by_fraction.items())
        + "\n"
        + _verdict(means)
    )
    figures = {"worms_identity": partial(identity_figure, means, curve, errors)}
    return ExperimentResult(
        table, summary, figures, {"mean_accuracy": means, "errors": errors, "perturbation": curve}
    )


def _verdict(means: pd.DataFrame) -> str:
    """One line per pair: seeded accuracy, and whether unseeded matching is mirrored."""
    lines = ["Verdict:"]
    for pair, rows in means.groupby("pair", sort=False):
        best = rows.loc[rows["known"].idxmax()]
        none = rows[rows["known"] == 0]
        text = (f"  {pair}: {best['accuracy']:.0%} of neurons recovered with "
                f"{int(best['known'])} known")  # fmt: skip
        if len(none):
            z = none.iloc[0]
            text += (f"; with none known {z['accuracy']:.0%} ({z['up_to_mirror']:.0%} up to "
                     "the left/right mirror)")  # fmt: skip
        lines.append(text + ".")
    return "\n".join(lines)


IDENTITY = Experiment(
    name="identity",
    description="match neurons across worms by wiring alone (seeded/unseeded graph matching)",
    params={
        "pairs": Param(PAIRS, "animal pairs 'a/b' matched on their shared neurons"),
        "known": Param([0, 5, 20], "numbers of known neuron pairs (seeds)", low=0),
        "repeats": Param(3, "matches per pair and number of known pairs", low=1),
        "inits": Param(2, "starts of the matching (barycenter, then random)", low=1),
        "kind": Param("both", "synapses matched on", choices=KINDS),
        "weights": Param("log", "weight transform", choices=TRANSFORMS),
        "perturbed": Param("witvliet8", "animal matched to rewired copies of itself",
                           choices=ANIMALS),
        "fractions": Param([0.0, 0.1, 0.2, 0.3, 0.5, 0.7], "fractions of edges rewired",
                           low=0.0, high=1.0),
        "perturb_known": Param(5, "known pairs on the perturbation curve", low=0),
    },
    run=identity_experiment,
    headlines=identity_headlines,
    quick={"pairs": ["witvliet7/witvliet8"], "known": [5], "repeats": 1, "inits": 1,
           "fractions": [0.0, 0.3]},
)  # fmt: skip
