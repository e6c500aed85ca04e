"""Who is who from wiring alone: graph matching of one worm's neurons to another's.

Pieces:
    Match: the assignment found, the seeds given, and the objective reached.
    match_neurons: match the rows of ``a`` to the rows of ``b`` by connections only.
    accuracy: the fraction of unseeded neurons matched to the neuron of the same name.
    mirror: a neuron's left/right partner's name, if it has one.
    confusions: what each wrongly matched neuron was taken for (its mirror, another
        member of its class, a neuron of its type, or another).

Graph matching (Vogelstein et al. 2015, "Fast approximate quadratic programming for
graph matching", PLoS ONE 10: e0121002) looks for the permutation P that maximises
the overlap of the two weight matrices,

    max_P  trace(A P B^T P^T),

relaxing P to doubly stochastic matrices (Frank–Wolfe) and projecting back with a
linear assignment: SciPy's ``quadratic_assignment(method="faq")``. *Seeded* matching
(Fishkind et al. 2019, Pattern Recognition 87: 203-215) fixes a few known pairs
(``partial_match``) and matches the rest. Both matrices list the same neurons in the
same order, so the right answer is the identity: neuron i of ``a`` is neuron i of ``b``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import quadratic_assignment

from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_int

__all__ = ["Match", "accuracy", "confusions", "match_neurons", "mirror"]


@dataclass(frozen=True)
class Match:
    """The result of :func:`match_neurons`.

    Attributes:
        perm: ``perm[i]`` is the row of ``b`` neuron i of ``a`` was matched to.
        seeds: the indices given as known pairs (i of ``a`` is i of ``b``).
        objective: ``trace(A P B^T P^T)`` at the match.
    """

    perm: np.ndarray
    seeds: np.ndarray
    objective: float


def match_neurons(
    a: np.ndarray, b: np.ndarray, seeds: int = 0, *, inits: int = 1, rng: Any = None
) -> Match:
    """Match the neurons of ``a`` to those of ``b`` by their connections only.

    ``seeds`` neurons, drawn at random, are given as known pairs; the first start is
    the barycenter (the flat doubly stochastic matrix), each further start a random
    doubly stochastic matrix, and the match with the largest objective is kept.

    Args:
        a: ``(n, n)`` weights of the first worm (``A[i, j]`` for i -> j).
        b: ``(n, n)`` weights of the second, rows in the same neuron order.
        seeds: number of known pairs, ``0 <= seeds < n``.
        inits: starts of the Frank–Wolfe iteration (>= 1).
        rng: seed or Generator (seed choice and random starts).

    Returns:
        A :class:`Match`.

    Raises:
        ValidationError: matrices that are not square, of different sizes or not
            finite; ``seeds`` or ``inits`` out of range.

    Examples:
        >>> import networkx as nx
        >>> g = nx.to_numpy_array(nx.gnp_random_graph(30, 0.2, seed=1, directed=True))
        >>> p = np.random.default_rng(0).permutation(30)
        >>> m = match_neurons(g, g[np.ix_(p, p)], rng=0)  # row i of b is neuron p[i]
        >>> bool(np.all(p[m.perm] == np.arange(30)))
        True
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape != b.shape:
        raise ValidationError(
            "match_neurons needs two square weight matrices of the same size. "
            f"Got shapes {a.shape} and {b.shape} instead."
        )
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValidationError("match_neurons needs finite weights. Got NaN or infinity.")
    n = a.shape[0]
    seeds = check_int("seeds", seeds, "match_neurons", low=0, high=max(n - 1, 0))
    inits = check_int("inits", inits, "match_neurons", low=1)
    gen = as_generator(rng, "match_neurons")
    chosen = np.sort(gen.choice(n, size=seeds, replace=False))
    best = None
    for k in range(inits):
        options = {"maximize": True, "partial_match": np.column_stack([chosen, chosen]),
                   "P0": "barycenter" if k == 0 else "randomized", "rng": gen,
                   "maxiter": 30, "tol": 0.03}  # fmt: skip
        res = quadratic_assignment(a, b, method="faq", options=options)
        if best is None or res.fun > best.fun:
            best = res
    return Match(np.asarray(best.col_ind), chosen, float(best.fun))


def accuracy(match: Match) -> float:
    """The fraction of unseeded neurons matched to themselves (the same name).

    Examples:
        >>> accuracy(Match(np.array([0, 2, 1, 3]), np.array([0]), 0.0))
        0.3333333333333333
    """
    free = np.setdiff1d(np.arange(len(match.perm)), match.seeds)
    return float(np.mean(match.perm[free] == free)) if len(free) else float("nan")


def mirror(name: str, names: set[str] | frozenset[str]) -> str | None:
    """The left/right partner of ``name`` among ``names`` (AVAL <-> AVAR), or None.

    Examples:
        >>> mirror("AVAL", {"AVAL", "AVAR"}), mirror("AVM", {"AVM"}), mirror("RMEL", {"RMEL"})
        ('AVAR', None, None)
    """
    if name[-1:] not in ("L", "R"):
        return None
    other = name[:-1] + ("R" if name[-1] == "L" else "L")
    return other if other in names else None


def confusions(neurons: pd.DataFrame, match: Match) -> pd.DataFrame:
    """What each unseeded neuron was matched to, and how the two are related.

    Args:
        neurons: one row per neuron in matrix order, index the name, with columns
            ``neuron_class`` and ``neuron_type``.
        match: from :func:`match_neurons` on matrices in that order.

    Returns:
        One row per unseeded neuron: ``neuron``, ``matched_to``, ``correct``, and
        ``relation``: ``"self"``, ``"mirror"`` (its left/right partner), ``"class"``
        (another member of its class, e.g. a dorsal/ventral quadrant), ``"type"``
        (another neuron of its type: sensory, inter, motor) or ``"other"``.

    Examples:
        >>> t = pd.DataFrame({"neuron_class": ["AVA", "AVA", "RIM"],
        ...                   "neuron_type": ["interneuron"] * 3},
        ...                  index=["AVAL", "AVAR", "RIML"])
        >>> confusions(t, Match(np.array([1, 0, 2]), np.array([], int), 0.0))["relation"].tolist()
        ['mirror', 'mirror', 'self']
    """
    names = list(neurons.index)
    name_set = frozenset(names)
    cls = neurons["neuron_class"].to_numpy()
    typ = neurons["neuron_type"].to_numpy()
    rows = []
    for i in np.setdiff1d(np.arange(len(names)), match.seeds):
        j = int(match.perm[i])
        if i == j:
            relation = "self"
        elif mirror(names[i], name_set) == names[j]:
            relation = "mirror"
        elif cls[i] == cls[j]:
            relation = "class"
        elif typ[i] == typ[j]:
            relation = "type"
        else:
            relation = "other"
        rows.append({"neuron": names[i], "matched_to": names[j], "correct": i == j,
                     "relation": relation})  # fmt: skip
    return pd.DataFrame(rows)
