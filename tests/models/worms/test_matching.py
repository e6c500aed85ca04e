"""Graph matching and rewiring on inputs whose answer is known."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from neuroagents.errors import ValidationError
from neuroagents.models.worms import (
    Match,
    accuracy,
    confusions,
    edge_distance,
    match_neurons,
    mirror,
    rewire,
    rewiring_for_distance,
)


def _graph(n=40, p=0.15, seed=3):
    g = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    w = nx.to_numpy_array(g)
    return w * np.random.default_rng(seed).integers(1, 6, size=w.shape)


def test_a_permuted_copy_is_matched_back_without_seeds():
    a = _graph()
    p = np.random.default_rng(0).permutation(len(a))
    b = a[np.ix_(p, p)]  # row i of b is neuron p[i] of a
    m = match_neurons(a, b, rng=1, inits=3)
    assert np.array_equal(p[m.perm], np.arange(len(a)))
    assert m.objective == pytest.approx(float(np.sum(a * a)))


def test_identical_graphs_give_full_accuracy_and_seeds_are_kept():
    a = _graph(seed=5)
    m = match_neurons(a, a, seeds=7, rng=0)
    assert len(m.seeds) == 7 and np.array_equal(m.perm[m.seeds], m.seeds)
    assert accuracy(m) == 1.0


def test_seeds_break_a_mirror_symmetry():
    # Two identical halves, L and R, joined symmetrically: swapping them keeps the graph,
    # so without seeds both matchings are optimal; one seed in L fixes which is which.
    half = _graph(n=12, p=0.3, seed=2)
    a = np.block([[half, np.eye(12)], [np.eye(12), half]])
    swap = np.r_[np.arange(12, 24), np.arange(12)]
    assert np.array_equal(a[np.ix_(swap, swap)], a)  # the symmetry is exact
    seeded = [accuracy(match_neurons(a, a, seeds=3, rng=s, inits=2)) for s in range(3)]
    assert min(seeded) == 1.0


def test_accuracy_counts_unseeded_neurons_only():
    m = Match(np.array([0, 1, 3, 2]), np.array([0, 1]), 0.0)
    assert accuracy(m) == 0.0


def test_confusions_name_mirrors_classes_and_types():
    t = pd.DataFrame(
        {"neuron_class": ["AVA", "AVA", "RMD", "RMD", "ASH"],
         "neuron_type": ["interneuron", "interneuron", "motorneuron", "motorneuron", "sensory"]},
        index=["AVAL", "AVAR", "RMDDL", "RMDVR", "ASHL"],
    )  # fmt: skip
    m = Match(np.array([1, 0, 3, 2, 4]), np.array([], int), 0.0)
    rel = confusions(t, m).set_index("neuron")["relation"]
    assert rel.to_dict() == {"AVAL": "mirror", "AVAR": "mirror", "RMDDL": "class",
                             "RMDVR": "class", "ASHL": "self"}  # fmt: skip
    assert mirror("ASHL", {"ASHL"}) is None


def test_rewire_keeps_edges_and_weights_and_gives_the_predicted_distance():
    a = _graph(n=60, p=0.1, seed=4)
    for f in (0.0, 0.2, 0.5):
        b = rewire(a, f, rng=0)
        assert (b != 0).sum() == (a != 0).sum()
        assert sorted(b[b != 0]) == sorted(a[a != 0])
        assert np.all(np.diag(b) == 0)
        moved = round(f * (a != 0).sum()) / (a != 0).sum()
        assert edge_distance(a, b) == pytest.approx(2 * moved / (1 + moved))
        assert rewiring_for_distance(edge_distance(a, b)) == pytest.approx(moved)


def test_bad_input_is_refused_with_the_parameter_named():
    with pytest.raises(ValidationError, match="same size"):
        match_neurons(np.zeros((3, 3)), np.zeros((4, 4)))
    with pytest.raises(ValidationError, match="'seeds' parameter of match_neurons"):
        match_neurons(np.zeros((3, 3)), np.zeros((3, 3)), seeds=3)
    with pytest.raises(ValidationError, match="finite"):
        match_neurons(np.full((2, 2), np.nan), np.zeros((2, 2)))
    with pytest.raises(ValidationError, match="'fraction' parameter of rewire"):
        rewire(np.zeros((3, 3)), 1.5)
