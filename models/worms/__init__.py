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
    experiments: ``identity``, ``canonical``, ``development``, ``sex`` (found by the runner,
        never imported with the library).
    figures: their figures (matplotlib).
"""

from __future__ import annotations

from neuroagents.models.exports import lazy_exports

# The library, loaded on first use: importing the system imports none of it;
# the runner finds ``experiments`` by itself.
_LIBRARY = {
    "canonical": (
        "bootstrap_mean",
        "core_fraction",
        "motif_statistics",
        "presence",
        "prevalence_table",
        "small_study",
    ),
    "development": (
        "change_summary",
        "connection_changes",
        "reverse_pruning",
        "stage_statistics",
    ),
    "matching": (
        "Match",
        "accuracy",
        "confusions",
        "match_neurons",
        "mirror",
    ),
    "sex": (
        "by_neuron_type",
        "compare_pair",
        "pair_summary",
    ),
    "wiring": (
        "edge_distance",
        "rewire",
        "rewiring_for_distance",
        "shared_neurons",
        "weight_matrix",
    ),
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _LIBRARY)
