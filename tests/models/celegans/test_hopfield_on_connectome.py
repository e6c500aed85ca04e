"""The Hopfield net wired like a connectome: exact one-step theory against the engine."""

import networkx as nx
import numpy as np
import pytest
from scipy import stats

from neuroagents.connectome import Connectome
from neuroagents.models.celegans import hopfield_mask, one_step_theory, one_step_trial


def test_theory_by_brute_force_enumeration():
    # k = 2 neighbours, p = 3 patterns: C is a sum of 4 independent +-1 terms; an error
    # needs C < -2, i.e. C = -4: probability 1/16. Enumerated, not from the formula.
    outcomes = np.array(np.meshgrid(*[[-1, 1]] * 4)).reshape(4, -1).sum(axis=0)
    assert one_step_theory(np.array([2]), 3)[0] == pytest.approx(np.mean(outcomes < -2))
    # complete graph, large k: the Gaussian limit 1/2 erfc(sqrt(k / (2 (p-1))))
    k, p = 400, 41
    gauss = stats.norm.sf(np.sqrt(k / (p - 1)))
    assert one_step_theory(np.array([k]), p)[0] == pytest.approx(gauss, rel=0.1)


def test_engine_matches_theory_on_a_ring_and_on_a_random_graph():
    # a ring (every degree 2) and a G(n, p) (degrees 1..~15), 5 patterns, 60 pattern sets:
    # the mean one-step error within 4 standard errors of the exact value
    rng = np.random.default_rng(0)
    for graph in (nx.cycle_graph(200), nx.gnp_random_graph(200, 0.04, seed=1)):
        mask = hopfield_mask(Connectome.from_networkx(graph))
        degrees = mask.sum(axis=1)
        errors = [one_step_trial(mask, 5, rng) for _ in range(60)]
        rates = np.array([t["errors"].sum() / (t["starts"].sum()) for t in errors])
        theory = one_step_theory(degrees.astype(int), 5).mean()
        assert abs(rates.mean() - theory) < 4 * rates.std(ddof=1) / np.sqrt(len(rates))


def test_mask_is_symmetric_without_self_loops():
    g = nx.DiGraph([(0, 1), (1, 2), (2, 2)])
    m = hopfield_mask(Connectome.from_networkx(g))
    assert (m == m.T).all() and not m.diagonal().any() and m.sum() == 4
