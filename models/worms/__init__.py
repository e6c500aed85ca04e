"""Worms: C. elegans connectomes across individuals, development and sex.

The lecture's questions on what a wiring diagram generalizes to, asked of the data that
can answer them: eight isogenic worms from birth to adulthood (Witvliet et al. 2021),
the whole hermaphrodite and male (Cook et al. 2019) and Varshney's worm, all shipped in
:mod:`neuroagents.datasets`. Can a neuron be recognised in another worm by its wiring
alone? Which connections does every worm have? Does the worm prune as it grows? What
do the sexes share?

Modules (the library, no matplotlib):
    wiring: shared neurons, weight matrices on them, edge distances, rewired copies.
    matching: seeded and unseeded graph matching, accuracy, left/right confusions.
    canonical: connections by prevalence, per-animal motifs, bootstrap over animals,
        what studies of a few animals conclude.
    development: changes between two animals, stage statistics, reverse pruning.
    sex: two animals' connections labelled shared or specific, and summaries.
    experiments: ``identity``, ``canonical``, ``development``, ``sex`` (imported when
        ``EXPERIMENTS`` is first read, so importing the library stays light).
    figures: their figures (matplotlib).
"""

from __future__ import annotations

from typing import Any

from neuroagents.models.worms.canonical import (
    bootstrap_mean,
    core_fraction,
    motif_statistics,
    presence,
    prevalence_table,
    small_study,
)
from neuroagents.models.worms.development import (
    change_summary,
    connection_changes,
    reverse_pruning,
    stage_statistics,
)
from neuroagents.models.worms.matching import (
    Match,
    accuracy,
    confusions,
    match_neurons,
    mirror,
)
from neuroagents.models.worms.sex import by_neuron_type, compare_pair, pair_summary
from neuroagents.models.worms.wiring import (
    edge_distance,
    rewire,
    rewiring_for_distance,
    shared_neurons,
    weight_matrix,
)

__all__ = [
    "EXPERIMENTS",
    "Match",
    "accuracy",
    "bootstrap_mean",
    "by_neuron_type",
    "change_summary",
    "compare_pair",
    "confusions",
    "connection_changes",
    "core_fraction",
    "edge_distance",
    "match_neurons",
    "mirror",
    "motif_statistics",
    "pair_summary",
    "presence",
    "prevalence_table",
    "reverse_pruning",
    "rewire",
    "rewiring_for_distance",
    "shared_neurons",
    "small_study",
    "stage_statistics",
    "weight_matrix",
]


def __getattr__(name: str) -> Any:
    """``EXPERIMENTS`` on first use: the experiments (and their figures) load lazily."""
    if name == "EXPERIMENTS":
        from neuroagents.models.worms.experiments import EXPERIMENTS

        return EXPERIMENTS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names, with the lazily loaded ``EXPERIMENTS``."""
    return sorted([*globals(), "EXPERIMENTS"])
