"""A Hebbian Hopfield net wired like a connectome, and its exact one-step theory.

Pieces:
    hopfield_mask: a connectome as the symmetric 0/1 mask of who may connect to whom.
    one_step_theory: the exact one-step error of Hebbian storage on a masked graph.
    one_step_trial: store p patterns on the masked graph, update once, count errors.

Hebb's rule restricted to the connectome's pairs, ``w_ij = c_ij Σ_μ ξ_i^μ ξ_j^μ``
(c the symmetrized 0/1 adjacency); the theory is an exact binomial tail for every
degree (see :mod:`neuroagents.models.celegans.experiments.hopfield`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from neuroagents.connectome import Connectome
from neuroagents.models.hopfield.learning_rules import hebbian_weights
from neuroagents.models.hopfield.network import HopfieldModel, random_patterns
from neuroagents.runner.config_connectome import symmetric_mask

__all__ = ["hopfield_mask", "one_step_theory", "one_step_trial"]


def hopfield_mask(connectome: Connectome) -> np.ndarray:
    """The symmetric 0/1 mask: i and j may connect if either synapse exists (no self)."""
    return symmetric_mask(connectome)


def one_step_theory(degrees: np.ndarray, patterns: int) -> np.ndarray:
    """Each neuron's exact one-step error probability with ``patterns`` stored.

    Examples:
        >>> one_step_theory(np.array([1, 4]), 1).tolist()  # one pattern: never an error
        [0.0, 0.0]
        >>> one_step_theory(np.array([1]), 2).tolist()  # C = ±1 against k = 1: no error
        [0.0]
        >>> one_step_theory(np.array([1]), 3).round(3).tolist()  # C = -2 w.p. 1/4
        [0.25]
    """
    k = np.asarray(degrees, dtype=np.int64)
    terms = k * (patterns - 1)
    # C = 2B - terms < -k  <=>  B < (terms - k) / 2  <=>  B <= ceil((terms - k) / 2) - 1
    below = np.ceil((terms - k) / 2).astype(np.int64) - 1
    return np.where(terms > 0, stats.binom.cdf(below, terms, 0.5), 0.0)


def one_step_trial(mask: np.ndarray, patterns: int, rng: np.random.Generator) -> pd.DataFrame:
    """Store ``patterns`` random patterns on the mask; one synchronous step from each.

    Returns:
        One row per neuron: ``degree``, ``errors`` (how many of the stored patterns it
        left wrongly after one step), ``starts`` (= patterns).
    """
    n = mask.shape[0]
    stored = random_patterns(n, patterns, rng)
    w = mask * hebbian_weights(stored, normalize=False)
    model = HopfieldModel(Connectome.from_matrix(w), scheduler="sync", rng=rng,
                          record_every=None)  # fmt: skip
    errors = np.zeros(n, dtype=np.int64)
    for xi in stored:
        model.set_state(xi)
        model.step()
        errors += np.asarray(model.state) != xi
    return pd.DataFrame({"neuron": np.arange(n), "degree": mask.sum(axis=1).astype(int),
                         "errors": errors, "starts": patterns})  # fmt: skip
