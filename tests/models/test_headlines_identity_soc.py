"""Headlines of worms/identity, worms/development's tables and motor/soc, on known inputs.

The tables are built by hand, so every headline's value is known: matching accuracies
over repeats, a perturbation curve, wrong matches by relation; stages, changes and
pruning of a development series; per-network numbers of the SOC experiment.
"""

import math

import numpy as np
import pandas as pd
import pytest

from neuroagents.models.motor.experiments.headlines import soc_headlines
from neuroagents.models.worms.experiments.headlines import (
    development_headlines,
    identity_headlines,
    sex_headlines,
)
from neuroagents.models.worms.wiring import rewiring_for_distance
from neuroagents.runner.experiment import ExperimentResult


def _identity_result() -> ExperimentResult:
    rows = [
        {"pair": "a/b", "neurons": 100, "known": known, "repeat": rep, "accuracy": acc,
         "up_to_mirror": 1.0, "mirror_errors": 0.5, "edge_distance": 0.4}
        for known, accs in ((0, (0.2, 0.4, 0.6)), (5, (0.9, 0.9, 0.9)))
        for rep, acc in enumerate(accs)
    ]  # fmt: skip
    curve = pd.DataFrame({"fraction": [0.0, 0.0, 0.5, 0.5], "accuracy": [1.0, 1.0, 0.5, 0.7]})
    errors = pd.DataFrame({"relation": ["mirror"] * 3 + ["type"]})
    return ExperimentResult(
        pd.DataFrame(rows), "", {},
        {"perturbation": curve, "errors": errors, "mean_accuracy": pd.DataFrame()},
    )  # fmt: skip


def test_identity_headlines_average_the_repeats_and_count_the_errors():
    h = identity_headlines(_identity_result(), {"perturbed": "b"})
    none = h["a/b.k0.accuracy"]
    # three repeats 0.2, 0.4, 0.6: mean 0.4, standard deviation 0.2, se 0.2 / sqrt(3)
    assert none.value == pytest.approx(0.4) and none.se == pytest.approx(0.2 / math.sqrt(3))
    assert none.n == 3 and h["a/b.k5.accuracy"].se == pytest.approx(0.0)
    assert h["a/b.neurons"].value == 100 and h["a/b.edge_distance"].value == 0.4
    # d = 0.4 is reached by moving f = d / (2 - d) = 0.25 of the edges
    assert h["a/b.rewiring_equivalent"].value == pytest.approx(rewiring_for_distance(0.4))
    assert h["a/b.rewiring_equivalent"].value == pytest.approx(0.25)
    assert h["perturbation.f0.accuracy"].value == 1.0
    assert h["perturbation.f0.5.accuracy"].value == pytest.approx(0.6)
    assert h["errors.mirror.share"].value == 0.75 and h["errors.mirror.share"].n == 4
    assert h["errors.type.share"].value == 0.25


def test_development_headlines_read_stages_changes_and_pruning_per_animal():
    stages = pd.DataFrame(
        [{"animal": a, "neurons": n, "connections": c, "synapses": 2.0 * c,
          "mean_degree": c / n, "synapses_per_connection": 2.0, "reciprocity": r,
          "spectral_radius": 5.0, "triad_030T_ratio": 1.0}
         for a, n, c, r in (("y", 10, 20, 0.1), ("m", 10, 30, 0.2), ("o", 12, 60, 0.3))]
    )  # fmt: skip
    steps = ("y/m", "m/o", "y/o", "m/o")  # consecutive (m/o also the baseline), first/last
    classes = ("added", "strengthened", "unchanged", "weakened", "removed")
    changes = pd.DataFrame(
        [{"step": step, "change": c, "connections": 10 * (k + 1) + j,
          "share_of_before": (10 * (k + 1) + j) / 100, "synapse_share_before": 0.1}
         for k, step in enumerate(dict.fromkeys(steps)) for j, c in enumerate(classes)]
    )  # fmt: skip
    pruning = pd.DataFrame(
        [{"young": y, "rule": rule, "keep": 0.5, "precision": p}
         for y, base in (("y", 0.6), ("m", 0.7))
         for rule, p in (("magnitude", base), ("random", base - 0.3), ("spectral", base - 0.1),
                         ("young_in_adult", 0.9))]
    )  # fmt: skip
    result = ExperimentResult(changes, "", {}, {"stages": stages, "reverse_pruning": pruning})
    h = development_headlines(result, {"series": ["y", "m", "o"], "baseline": "m/o",
                                       "repeats": 20})  # fmt: skip
    assert h["growth.synapses"].value == 3.0 and h["growth.connections"].value == 3.0
    assert h["stage.o.neurons"].value == 12 and h["stage.m.reciprocity"].value == 0.2
    assert h["stage.y.mean_degree"].value == 2.0
    assert h["pruning.m.magnitude.precision"].value == pytest.approx(0.7)
    assert h["pruning.magnitude.precision"].value == pytest.approx(0.65)
    assert h["pruning.y.keep"].value == 0.5
    # removed: 14 in y/m, 24 in m/o, 34 in y/o; the consecutive steps leave out the
    # baseline m/o (two animals of an age) and the whole span y/o: only y/m is left
    assert h["change.y/o.removed.connections"].value == 34
    assert h["change.consecutive.removed.connections.min"].value == 14
    assert h["change.consecutive.removed.connections.max"].value == 14
    assert h["change.consecutive.removed.share.max"].value == pytest.approx(0.14)


def test_soc_headlines_average_each_network_over_the_circuits():
    rows = []
    for seed, (amp, ratio) in enumerate(((4.0, 0.8), (5.0, 0.9), (6.0, 1.0))):
        rows.append(
            {
                "network": "soc",
                "seed": seed,
                "amplification": amp,
                "r2_ratio": ratio,
                "tangling_ratio": 10.0,
                "initial_abscissa": 9.0,
                "abscissa": -0.2,
            }
        )
        rows.append(
            {
                "network": "normal",
                "seed": seed,
                "amplification": 1.0,
                "r2_ratio": 0.95,
                "tangling_ratio": np.nan,
                "initial_abscissa": 9.0,
                "abscissa": -0.2,
            }
        )
    history = pd.DataFrame({"seed": [0] * 3 + [1] * 5 + [2] * 4, "step": [*range(3),
                            *range(5), *range(4)]})  # fmt: skip
    h = soc_headlines(
        ExperimentResult(pd.DataFrame(), "", {}, {"networks": pd.DataFrame(rows),
                                                  "history": history}), {}
    )  # fmt: skip
    amp = h["soc.amplification"]
    assert amp.value == pytest.approx(5.0) and amp.se == pytest.approx(1 / math.sqrt(3))
    assert (h["soc.amplification.min"].value, h["soc.amplification.max"].value) == (4.0, 6.0)
    assert h["soc.r2_ratio"].n == 3 and h["normal.amplification"].se == 0
    # the normal network never reaches its muscles: no tangling ratio to report
    assert "normal.tangling_ratio" not in h and h["soc.tangling_ratio"].value == 10.0
    assert (h["soc.steps.min"].value, h["soc.steps.max"].value) == (3, 5)
    assert h["soc.steps"].value == pytest.approx(4.0)


def test_sex_headlines_count_the_connections_each_side_has():
    table = pd.DataFrame(
        [{"comparison": "herm/male (shared neurons)", "connections": 10, "both": 4,
          "first_only": 5, "second_only": 1, "jaccard_distance": 0.6,
          "first_weight_shared": 0.7, "second_weight_shared": 0.9, "spearman": 0.5}]
    )  # fmt: skip
    types = pd.DataFrame({"neuron_type": ["sensory"], "shared": [0.3], "connections": [10]})
    matching = pd.DataFrame({"neurons": [120], "known": [20], "accuracy": [0.75]})
    h = sex_headlines(
        ExperimentResult(table, "", {}, {"by_neuron_type": types, "matching": matching}), {}
    )
    assert (h["sexes_shared.both"].value, h["sexes_shared.first_only"].value) == (4, 5)
    assert h["sexes_shared.second_only"].value == 1 and h["sexes_shared.both"].n == 10
    # 75 of the 100 unseeded neurons: a binomial proportion
    assert h["matching.accuracy"].value == 0.75 and h["matching.accuracy"].n == 100
