"""Worms side by side: shared neurons, weight matrices on them, and perturbed copies.

Pieces:
    shared_neurons: the neurons every given animal has (sorted names).
    weight_matrix: one animal's wiring on a list of neurons, ``A[i, j]`` for i -> j.
    edge_distance: the Jaccard distance between two graphs' edge sets.
    rewire: a copy with a fraction of the edges moved to places that had none.
    rewiring_for_distance: the rewired fraction that gives a Jaccard distance.

Matrices follow networkx's convention (``A[i, j]`` = weight of i -> j, as
:mod:`neuroagents.analysis.random_graphs` reads them); electrical synapses count both
ways. The transform ``"log"`` (``log(1 + w)``) puts Witvliet's synapse counts and
Cook's EM-section counts on comparable scales; ``"binary"`` keeps only presence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from neuroagents.datasets import individuals
from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_choice, check_real

__all__ = [
    "KINDS",
    "TRANSFORMS",
    "edge_distance",
    "rewire",
    "rewiring_for_distance",
    "shared_neurons",
    "weight_matrix",
]

KINDS = ("chemical", "electrical", "both")
TRANSFORMS = ("log", "binary", "count")


def shared_neurons(animals: Sequence[str]) -> list[str]:
    """The neurons present in every one of ``animals``, sorted by name.

    Examples:
        >>> len(shared_neurons(["witvliet1", "witvliet8"]))
        161
        >>> len(shared_neurons(["cook2019_herm", "cook2019_male"]))
        291
    """
    if isinstance(animals, str) or not animals:
        raise ValidationError(
            "The 'animals' parameter of shared_neurons must be a non-empty list of animal "
            f"names. Got {animals!r} instead."
        )
    sets = [set(individuals.animal_graphs(a)[0]) for a in animals]
    return sorted(set.intersection(*sets))


def weight_matrix(
    animal: str, neurons: Sequence[str], kind: str = "both", transform: str = "log"
) -> np.ndarray:
    """One animal's wiring among ``neurons``: ``A[i, j]`` = transformed weight of i -> j.

    ``kind = "both"`` adds the chemical weight i -> j and the electrical weight of the
    pair (each transformed first); self-connections are dropped. A neuron the animal
    lacks has an empty row and column.

    Args:
        animal: a name from :data:`neuroagents.datasets.ANIMALS`.
        neurons: the order of rows and columns.
        kind: ``"chemical"``, ``"electrical"`` or ``"both"``.
        transform: ``"log"`` (``log(1 + w)``), ``"binary"`` (1 where connected) or
            ``"count"`` (the weight as stored).

    Examples:
        >>> a = weight_matrix("witvliet8", ["ADAL", "AIBL", "AIBR", "RIML"], "chemical", "count")
        >>> a.astype(int).tolist()
        [[0, 0, 0, 6], [0, 0, 2, 0], [0, 0, 0, 19], [1, 0, 7, 0]]
    """
    check_choice("kind", kind, "weight_matrix", KINDS)
    check_choice("transform", transform, "weight_matrix", TRANSFORMS)
    index = {n: i for i, n in enumerate(neurons)}
    table = individuals.synapses(animal)
    table = table[table["pre"].isin(index) & table["post"].isin(index)]
    table = table[table["pre"] != table["post"]]
    w = table["synapses"].to_numpy(dtype=float)
    w = {"log": np.log1p(w), "binary": np.ones_like(w), "count": w}[transform]
    pre = table["pre"].map(index).to_numpy()
    post = table["post"].map(index).to_numpy()
    a = np.zeros((len(neurons), len(neurons)))
    chem = (table["kind"] == "chemical").to_numpy()
    if kind in ("chemical", "both"):
        np.add.at(a, (pre[chem], post[chem]), w[chem])
    if kind in ("electrical", "both"):
        np.add.at(a, (pre[~chem], post[~chem]), w[~chem])
        np.add.at(a, (post[~chem], pre[~chem]), w[~chem])
    return a


def edge_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard distance of the edge sets, ``1 - |E_a ∩ E_b| / |E_a ∪ E_b|`` (off-diagonal).

    Examples:
        >>> edge_distance(np.array([[0, 1], [1, 0]]), np.array([[0, 1], [0, 0]]))
        0.5
    """
    off = ~np.eye(a.shape[0], dtype=bool)
    ea, eb = (a != 0) & off, (b != 0) & off
    union = int((ea | eb).sum())
    return 1.0 - int((ea & eb).sum()) / union if union else 0.0


def rewire(a: np.ndarray, fraction: float, rng: Any = None) -> np.ndarray:
    """A copy of ``a`` with ``round(fraction * m)`` of its m edges moved to empty places.

    Each moved edge keeps its weight and lands on an off-diagonal position that had no
    edge, so the number of edges and the weights are kept, and the Jaccard distance to
    ``a`` is ``2f / (1 + f)`` for the realised fraction f.

    Examples:
        >>> a = np.ones((6, 6)) - np.eye(6)
        >>> a[0, 1] = a[2, 3] = 0
        >>> b = rewire(a, 0.1, rng=0)
        >>> int((b != 0).sum()), round(edge_distance(a, b), 3)
        (28, 0.133)
    """
    check_real("fraction", fraction, "rewire", low=0.0, high=1.0)
    gen = as_generator(rng, "rewire")
    out = np.array(a, dtype=float)
    off = ~np.eye(out.shape[0], dtype=bool)
    edges = np.flatnonzero((out != 0) & off)
    empty = np.flatnonzero((out == 0) & off)
    k = min(round(fraction * len(edges)), len(empty))
    moved = gen.choice(edges, size=k, replace=False)
    target = gen.choice(empty, size=k, replace=False)
    flat = out.reshape(-1)
    flat[target] = flat[moved]
    flat[moved] = 0.0
    return out


def rewiring_for_distance(distance: float) -> float:
    """The rewired fraction f whose Jaccard distance ``2f / (1 + f)`` equals ``distance``.

    Examples:
        >>> rewiring_for_distance(0.5)
        0.3333333333333333
    """
    d = check_real("distance", distance, "rewiring_for_distance", low=0.0, high=1.0)
    return d / (2.0 - d)
