"""Development from L1 to adult: what is added, strengthened, weakened and removed.

Pieces:
    connection_changes: each connection between two animals, classified.
    change_summary: counts and weights of each class of change.
    stage_statistics: one animal's size, degree, reciprocity and spectrum.
    reverse_pruning: is the young brain what pruning the adult would leave? The overlap
        of the young animal's connections with the adult connections kept by the
        library's magnitude pruning, by random pruning and by spectral importance
        (``w_e R_e``, the sparsifier's sampling weight).

Two animals are compared on the neurons both have, with the same weights (synapse
counts). A connection present in only the older is *added*, only in the younger
*removed*; present in both it is *strengthened* (more synapses), *weakened* (fewer) or
*unchanged*. Between two different animals every class also holds individual
variability: the two adults of the same age (Witvliet's datasets 7 and 8) show how much
"change" variability alone produces.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse import csgraph

from neuroagents.analysis.connectome import reciprocity
from neuroagents.analysis.sparsify import effective_resistances
from neuroagents.connectome.pruning import prune_at_random, prune_by_magnitude
from neuroagents.models.worms.wiring import shared_neurons, weight_matrix
from neuroagents.validation import as_generator

__all__ = [
    "CHANGES",
    "change_summary",
    "connection_changes",
    "reverse_pruning",
    "stage_statistics",
]

CHANGES = ("added", "strengthened", "unchanged", "weakened", "removed")


def connection_changes(before: str, after: str, kind: str = "chemical") -> pd.DataFrame:
    """Every connection of either animal among their shared neurons, classified.

    Returns:
        Columns ``pre``, ``post``, ``before``, ``after`` (weights, 0 where absent) and
        ``change`` (one of :data:`CHANGES`).

    Examples:
        >>> t = connection_changes("witvliet1", "witvliet8")
        >>> t["change"].value_counts()[["added", "removed"]].to_dict()
        {'added': 1067, 'removed': 117}
    """
    neurons = np.asarray(shared_neurons([before, after]))
    a = weight_matrix(before, neurons, kind, "count")
    b = weight_matrix(after, neurons, kind, "count")
    pre, post = np.nonzero((a > 0) | (b > 0))
    wa, wb = a[pre, post], b[pre, post]
    change = np.select(
        [wa == 0, wb == 0, wb > wa, wb < wa], ["added", "removed", "strengthened", "weakened"],
        "unchanged",
    )  # fmt: skip
    return pd.DataFrame({"pre": neurons[pre], "post": neurons[post], "before": wa,
                         "after": wb, "change": change})  # fmt: skip


def change_summary(changes: pd.DataFrame) -> pd.DataFrame:
    """Connections and synapses in each class of change.

    Returns:
        One row per class (in :data:`CHANGES` order): ``connections``,
        ``connection_share``, ``synapses_before``, ``synapses_after``.

    Examples:
        >>> t = pd.DataFrame({"before": [0, 2, 3], "after": [1, 5, 0],
        ...                   "change": ["added", "strengthened", "removed"]})
        >>> change_summary(t).set_index("change")["connections"].to_dict()
        {'added': 1, 'strengthened': 1, 'unchanged': 0, 'weakened': 0, 'removed': 1}
    """
    rows = []
    for c in CHANGES:
        sel = changes[changes["change"] == c]
        rows.append({"change": c, "connections": len(sel),
                     "connection_share": len(sel) / len(changes) if len(changes) else np.nan,
                     "synapses_before": float(sel["before"].sum()),
                     "synapses_after": float(sel["after"].sum())})  # fmt: skip
    return pd.DataFrame(rows)


def stage_statistics(animal: str, neurons: list[str] | None = None) -> dict[str, float]:
    """One animal's size and shape (chemical synapses), on ``neurons`` or all its own.

    Returns:
        ``neurons``, ``connections``, ``synapses``, ``mean_degree`` (out-connections per
        neuron), ``density``, ``synapses_per_connection``, ``reciprocity``,
        ``spectral_radius`` (largest |eigenvalue| of the 0/1 adjacency) and
        ``weighted_radius`` (of the synapse-count matrix divided by its mean nonzero
        entry, so growth by uniform strengthening leaves it unchanged).

    Examples:
        >>> s = stage_statistics("witvliet8")
        >>> s["neurons"], s["connections"], round(s["synapses_per_connection"], 2)
        (180, 1933, 3.67)
    """
    from neuroagents.datasets import animal_graphs

    names = neurons if neurons is not None else sorted(animal_graphs(animal)[0])
    w = weight_matrix(animal, names, "chemical", "count")
    a = (w > 0).astype(float)
    n, m = len(names), int(a.sum())
    nonzero = w[w > 0]
    return {
        "neurons": n,
        "connections": m,
        "synapses": float(w.sum()),
        "mean_degree": m / n,
        "density": m / (n * (n - 1)),
        "synapses_per_connection": float(nonzero.mean()) if m else np.nan,
        "reciprocity": reciprocity(a),
        "spectral_radius": float(np.abs(np.linalg.eigvals(a)).max()),
        "weighted_radius": float(np.abs(np.linalg.eigvals(w / nonzero.mean())).max()),
    }


def _importance(w: np.ndarray) -> np.ndarray:
    """``w_e R_e`` of each connection of the symmetrised graph, 0 off its giant component."""
    sym = w + w.T
    _, label = csgraph.connected_components(sp.csr_array(sym), directed=False)
    giant = np.flatnonzero(label == np.bincount(label).argmax())
    edges = effective_resistances(sym[np.ix_(giant, giant)])
    score = np.zeros_like(w)
    u, v = giant[edges["u"].to_numpy()], giant[edges["v"].to_numpy()]
    s = (edges["weight"] * edges["resistance"]).to_numpy()
    score[u, v] = score[v, u] = s
    return np.where(w > 0, score, 0.0)


def reverse_pruning(young: str, adult: str, repeats: int = 20, rng: Any = None) -> pd.DataFrame:
    """Would pruning the adult's chemical wiring leave the young animal's connections?

    On the neurons both have, keep as many adult connections as the young animal has
    (``keep = m_young / m_adult``) by three rules and measure the ``precision``: the
    fraction of kept connections that the young animal has. ``magnitude``: the library's
    :func:`~neuroagents.connectome.pruning.prune_by_magnitude` (largest synapse counts);
    ``random``: :func:`~neuroagents.connectome.pruning.prune_at_random` (mean of ``repeats``);
    ``spectral``: the largest ``w_e R_e`` of the symmetrised graph (the probabilities of
    Spielman–Srivastava sparsification). ``young_in_adult`` is the fraction of the young
    animal's connections the adult has at all: the most any rule can reach.

    Returns:
        One row per rule: ``rule``, ``keep``, ``precision``.
    """
    gen = as_generator(rng, "reverse_pruning")
    neurons = shared_neurons([young, adult])
    y = weight_matrix(young, neurons, "chemical", "count") > 0
    w = weight_matrix(adult, neurons, "chemical", "count")
    m_adult, m_young = int((w > 0).sum()), int(y.sum())
    keep = min(m_young / m_adult, 1.0)

    def precision(kept: np.ndarray) -> float:
        return float((kept & y).sum() / max(kept.sum(), 1))

    # the library's pruning reads W[target, source]; transpose in and out
    mag = prune_by_magnitude(w.T, keep, rng=gen).weights.T > 0
    rand = np.mean([precision(prune_at_random(w.T, keep, rng=gen).weights.T > 0)
                    for _ in range(repeats)])  # fmt: skip
    score = _importance(w)
    order = np.argsort(-score[w > 0], kind="stable")[: round(keep * m_adult)]
    spectral = np.zeros(m_adult, dtype=bool)
    spectral[order] = True
    spec = np.zeros_like(y)
    spec[w > 0] = spectral
    return pd.DataFrame({
        "rule": ["magnitude", "random", "spectral", "young_in_adult"],
        "keep": keep,
        "precision": [precision(mag), float(rand), precision(spec),
                      float((y & (w > 0)).sum() / max(m_young, 1))],
    })  # fmt: skip
