"""Canonical connections, development changes and the sex comparison on known answers.

An animal compared with itself has every connection shared, nothing added or removed,
and pruning it to its own size keeps everything; counts split into classes add up to
the animals' own connection counts on the shared neurons.
"""

import numpy as np
import pandas as pd
import pytest

from neuroagents.analysis.random_graphs import reciprocal_digraph
from neuroagents.errors import ValidationError
from neuroagents.models.worms import (
    bootstrap_mean,
    change_summary,
    compare_pair,
    connection_changes,
    core_fraction,
    motif_statistics,
    pair_summary,
    presence,
    prevalence_table,
    reverse_pruning,
    shared_neurons,
    small_study,
    weight_matrix,
)
from neuroagents.models.worms.experiments.canonical import core_by_count


def test_presence_counts_add_up_to_each_animals_connections():
    animals = ["witvliet1", "witvliet4", "witvliet8"]
    t = presence(animals)
    neurons = shared_neurons(animals)
    for a in animals:
        own = int((weight_matrix(a, neurons, "chemical", "binary") > 0).sum())
        assert int((t[a] > 0).sum()) == own
    prev = prevalence_table(t, animals)
    assert prev["connections"].sum() == len(t)
    assert prev["weight_share"].sum() == pytest.approx(1.0)


def test_the_core_shrinks_as_animals_are_added():
    animals = ["witvliet5", "witvliet6", "witvliet7", "witvliet8"]
    core = core_by_count(presence(animals), animals)
    assert core["mean"].iloc[0] == 1.0
    assert np.all(np.diff(core["mean"]) <= 0)  # each extra animal can only remove
    same = presence(["witvliet8", "witvliet8"])
    assert core_fraction(same, ["witvliet8"]) == 1.0


def test_small_study_and_bootstrap_on_hand_values():
    t = pd.DataFrame({"up": [1.0, 2.0, 3.0, 4.0], "mixed": [-3.0, 1.0, 1.0, 2.0]})
    s = small_study(t, 2).set_index("statistic")
    assert s.loc["up", "sign_agrees"] == 1.0 and s.loc["up", "studies"] == 6
    # population mean 0.25 > 0; the pairs with -3 (three of six) have a negative mean
    assert s.loc["mixed", "sign_agrees"] == 0.5
    mean, lo, hi = bootstrap_mean(np.array([1.0, 2.0, 3.0, 4.0]), rng=0)
    assert mean == 2.5 and 1.0 <= lo < 2.5 < hi <= 4.0
    with pytest.raises(ValidationError, match="at least two"):
        bootstrap_mean(np.array([1.0]))


def test_motif_statistics_find_planted_reciprocity():
    g = reciprocal_digraph(150, 0.05, 0.5, rng=0)
    t = motif_statistics(g, nulls=5, rng=1).set_index("statistic")
    assert t.loc["reciprocity", "z"] > 10 and t.loc["reciprocity", "ratio"] > 3


def test_pruning_that_keeps_everything_removes_nothing():
    # keep = 1 used to crash in neuroagents.connectome.pruning (an empty removal table)
    from neuroagents.connectome.pruning import prune_at_random, prune_by_magnitude

    w = np.array([[0, 3, -1], [1, 0, 2], [-1, 2, 0]])
    for rule in (prune_by_magnitude, prune_at_random):
        p = rule(w, 1.0, rng=0)
        assert p.kept_fraction == 1.0 and len(p.removed) == 0 and (p.weights == w).all()


def test_an_animal_against_itself_changes_nothing():
    t = connection_changes("witvliet6", "witvliet6")
    assert set(t["change"]) == {"unchanged"}
    p = reverse_pruning("witvliet6", "witvliet6", repeats=2, rng=0).set_index("rule")
    assert (p["precision"] == 1.0).all() and (p["keep"] == 1.0).all()


def test_changes_add_up_to_both_animals_connections():
    t = connection_changes("witvliet1", "witvliet8")
    s = change_summary(t).set_index("change")["connections"]
    neurons = shared_neurons(["witvliet1", "witvliet8"])
    before = int(weight_matrix("witvliet1", neurons, "chemical", "binary").sum())
    after = int(weight_matrix("witvliet8", neurons, "chemical", "binary").sum())
    assert s.drop("added").sum() == before
    assert s.drop("removed").sum() == after
    assert s["added"] > s["removed"]  # the worm grows by adding (Witvliet et al. 2021)


def test_reverse_pruning_of_a_young_worm_beats_random():
    p = reverse_pruning("witvliet1", "witvliet8", repeats=5, rng=0).set_index("rule")
    assert p.loc["random", "precision"] < p.loc["magnitude", "precision"]
    assert p.loc["magnitude", "precision"] <= p.loc["young_in_adult", "precision"]


def test_sex_comparison_of_an_animal_with_itself_and_the_counts_of_two():
    same = pair_summary(compare_pair("cook2019_male", "cook2019_male"))
    assert same["jaccard_distance"] == 0.0 and same["spearman"] == pytest.approx(1.0)
    t = compare_pair("cook2019_herm", "cook2019_male")
    neurons = shared_neurons(["cook2019_herm", "cook2019_male"])
    s = pair_summary(t)
    herm = int(weight_matrix("cook2019_herm", neurons, "chemical", "binary").sum())
    assert s["both"] + s["first_only"] == herm
    assert 0 < s["jaccard_distance"] < 1
