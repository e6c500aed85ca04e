"""Headline numbers of the pruning experiments, on tables whose capacity is known."""

import pandas as pd
import pytest

from neuroagents.models.hopfield.experiments.pruning_headlines import (
    _sparsified_retrieval,
    capacity_headlines_by,
)


def _runs(edges):
    """Networks that retrieve every probe below their edge and none above it."""
    return pd.DataFrame(
        [
            {"rule": "random", "keep": 0.2, "seed": s, "load_actual": a,
             "retrieved": float(a < edge)}
            for s, edge in enumerate(edges)
            for a in (0.3, 0.4, 0.5, 0.6)
        ]
    )  # fmt: skip


CAPACITY = pd.DataFrame(
    {"rule": ["random"], "keep": [0.2], "theory": [0.25], "overlap_at_capacity": [0.9]}
)


def test_identical_networks_give_the_edge_without_spread_and_half_agrees():
    # all four networks lose their probes between 0.4 and 0.5: the mean retrieved
    # fraction falls from 1 to 0 there, crossing 1/2 at 0.45
    h = capacity_headlines_by(_runs([0.45] * 4), CAPACITY, ("rule", "keep"))
    assert h["random.c0.2.capacity"].value == pytest.approx(0.45)
    assert h["random.c0.2.capacity"].se == pytest.approx(0, abs=1e-12)
    assert h["random.c0.2.capacity_half_networks"].value == pytest.approx(0.45)
    assert h["random.c0.2.capacity_half_networks"].n == 2
    assert h["random.c0.2.ratio"].value == pytest.approx(0.45 / 0.25)
    assert h["random.c0.2.theory"].value == 0.25


def test_networks_that_differ_give_an_interval_and_a_half_budget_that_moves():
    # mean retrieved over the four networks at loads 0.3..0.6: 1, 3/4, 1/2, 0, first
    # below 1/2 after 0.5; over the first half (seeds 0, 1): 1, 1/2, 0, 0, after 0.4
    h = capacity_headlines_by(_runs([0.35, 0.45, 0.55, 0.55]), CAPACITY, ("rule", "keep"))
    whole, half = h["random.c0.2.capacity"], h["random.c0.2.capacity_half_networks"]
    assert whole.value == pytest.approx(0.5)
    assert whole.low < whole.value <= whole.high and whole.se > 0
    assert half.value == pytest.approx(0.4)


def test_each_pruning_row_belongs_to_the_sparsifier_above_it():
    rows = [("full", float("nan"), 1.0)]
    for label, eps, base in (("sparsified (chernoff)", 0.5, 0.9), ("sparsified (C=0.5)", 0.5, 0.6)):
        rows += [(label, eps, base), ("magnitude", eps, base + 0.05), ("random", eps, base - 0.05)]
    table = pd.DataFrame(
        [{"weights": w, "epsilon": e, "noise": noise, "overlap": o if noise else 1.0}
         for w, e, o in rows for noise in (0.0, 0.1)]
    )  # fmt: skip
    h = _sparsified_retrieval(table)
    assert h["sparsify.chernoff.e0.5.sparsified.overlap"].value == 0.9
    assert h["sparsify.C0.5.e0.5.magnitude.overlap"].value == pytest.approx(0.65)
    assert h["sparsify.C0.5.e0.5.random.overlap"].value == pytest.approx(0.55)
    assert h["sparsify.full.overlap"].value == 1.0
