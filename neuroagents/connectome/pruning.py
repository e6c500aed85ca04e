"""Pruning synapses: by weight magnitude, at random, or by an activity-dependent rule.

Each rule keeps a fraction of the existing synapses (or, for the activity rule, those
whose correlation reaches a threshold) and returns the pruned weights together with a
tidy table of what it removed. A symmetric weight matrix is pruned in pairs (``w_ij``
and ``w_ji`` go together), so a Hopfield net stays symmetric and keeps its energy.

Pieces:
    Pruned: the pruned weights (same kind as the input), the removed synapses, the
        kept fraction.
    prune_by_magnitude: keep the synapses of largest ``|w|``.
    prune_at_random: keep a uniformly random subset.
    hebbian_correlations: ``C_ij = <s_i s_j>`` over a run of a NeuralModel (for rate
        models the product of rates), started from given states.
    prune_by_activity: remove the synapses whose ``|C_ij|`` stays below a threshold.
    PRUNING_RULES: rule name -> function, for experiments.

Ties in the score (Hebbian weights are whole numbers, so many synapses share one
``|w|``) are broken uniformly at random with ``rng``, so a kept fraction is exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from tqdm.auto import tqdm

from neuroagents.connectome.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_int, check_real

__all__ = [
    "PRUNING_RULES",
    "Pruned",
    "hebbian_correlations",
    "prune_at_random",
    "prune_by_activity",
    "prune_by_magnitude",
]


@dataclass(frozen=True)
class Pruned:
    """What a pruning rule returns.

    Attributes:
        weights: the pruned weights, of the input's kind (numpy array, scipy.sparse
            csr array or Connectome, with the Connectome's node ids and attributes).
        removed: one row per removed synapse: ``target``, ``source`` (indices),
            ``weight``, ``score`` (what the rule ranked by) and ``rule``.
        kept_fraction: synapses kept / synapses before.
    """

    weights: Any
    removed: pd.DataFrame
    kept_fraction: float


def _as_coo(weights: Any, where: str) -> tuple[sp.coo_array, Connectome | None, bool]:
    """The synapses as coo ``W[target, source]``, the Connectome (if any), dense or not."""
    source = weights if isinstance(weights, Connectome) else None
    if source is not None:
        m = source.to_scipy()
    elif sp.issparse(weights):
        m = weights
    else:
        arr = np.asarray(weights)
        if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0:
            raise ValidationError(
                f"The 'weights' of {where} must be a square matrix. Got shape {arr.shape}."
            )
        if not np.issubdtype(arr.dtype, np.number) or not np.all(np.isfinite(arr)):
            raise ValidationError(f"The 'weights' of {where} must be finite numbers.")
        m = arr
    coo = sp.coo_array(m)
    coo.sum_duplicates()
    coo.eliminate_zeros()
    return coo, source, source is None and not sp.issparse(weights)


def _units(coo: sp.coo_array) -> tuple[np.ndarray, np.ndarray, bool]:
    """Entries pruned together: each symmetric pair once (row <= col), else each entry."""
    if coo.nnz == 0 or abs(coo - coo.T).max() == 0:
        upper = coo.row <= coo.col
        return coo.row[upper], coo.col[upper], True
    return coo.row, coo.col, False


def _rebuild(
    coo: sp.coo_array,
    keep_mask: np.ndarray,
    units: tuple[np.ndarray, np.ndarray, bool],
    scores: np.ndarray,
    rule: str,
    source: Connectome | None,
    dense: bool,
) -> Pruned:
    rows, cols, symmetric = units
    n = coo.shape[0]
    keep = sp.coo_array((keep_mask.astype(np.int8), (rows, cols)), shape=coo.shape).tocsr()
    score = sp.coo_array((scores, (rows, cols)), shape=coo.shape).tocsr()
    if symmetric:
        keep = keep + sp.triu(keep, k=1).T
        score = score + sp.triu(score, k=1).T
    t, s = coo.row, coo.col
    kept = np.asarray(keep[t, s]).ravel() > 0
    new = sp.csr_array((coo.data[kept], (t[kept], s[kept])), shape=(n, n))
    gone = ~kept  # scipy's fancy indexing with two empty index arrays is not empty
    gone_scores = np.asarray(score[t[gone], s[gone]]).ravel() if gone.any() else np.zeros(0)
    removed = pd.DataFrame(
        {
            "target": t[gone],
            "source": s[gone],
            "weight": coo.data[gone],
            "score": gone_scores,
            "rule": rule,
        }
    ).sort_values(["target", "source"], ignore_index=True)
    fraction = float(kept.mean()) if kept.size else 1.0
    if source is not None:
        out: Any = Connectome.from_matrix(
            new,
            node_ids=source.node_ids,
            node_attrs=source.node_attrs,
            weight_dtype=str(source.weight_dtype),
            **source.graph_attrs,
        )
    elif dense:
        out = new.toarray().astype(coo.dtype, copy=False)
    else:
        out = new
    return Pruned(out, removed, fraction)


def _keep_top(scores: np.ndarray, keep: float, gen: np.random.Generator) -> np.ndarray:
    """Mask of the ``round(keep * len)`` largest scores, ties broken at random."""
    count = round(keep * scores.size)
    order = np.lexsort((gen.random(scores.size), -scores))
    mask = np.zeros(scores.size, dtype=bool)
    mask[order[:count]] = True
    return mask


def prune_by_magnitude(weights: Any, keep: float, *, rng: Any = None) -> Pruned:
    """Keep the fraction ``keep`` of synapses with the largest ``|w|``; remove the rest.

    Args:
        weights: ``W[target, source]`` as a numpy array, scipy.sparse matrix or
            Connectome.
        keep: fraction of the existing synapses to keep, in [0, 1].
        rng: breaks ties in ``|w|``.

    Returns:
        A :class:`Pruned`; its ``score`` column is ``|w|``.

    Examples:
        >>> W = np.array([[0, 3, -1], [3, 0, 2], [-1, 2, 0]])
        >>> p = prune_by_magnitude(W, keep=2 / 3, rng=0)
        >>> p.weights.tolist(), p.kept_fraction
        ([[0, 3, 0], [3, 0, 2], [0, 2, 0]], 0.6666666666666666)
        >>> p.removed[["target", "source", "weight"]].values.tolist()
        [[0, 2, -1], [2, 0, -1]]
    """
    check_real("keep", keep, "prune_by_magnitude", low=0, high=1)
    coo, source, dense = _as_coo(weights, "prune_by_magnitude")
    units = _units(coo)
    scores = np.abs(np.asarray(sp.csr_array(coo)[units[0], units[1]]).ravel())
    mask = _keep_top(scores, keep, as_generator(rng, "prune_by_magnitude"))
    return _rebuild(coo, mask, units, scores, "magnitude", source, dense)


def prune_at_random(weights: Any, keep: float, *, rng: Any = None) -> Pruned:
    """Keep a uniformly random fraction ``keep`` of the synapses (random dilution).

    Examples:
        >>> W = np.ones((50, 50)) - np.eye(50)
        >>> p = prune_at_random(W, keep=0.3, rng=0)
        >>> round(p.kept_fraction, 3), bool((p.weights == p.weights.T).all())
        (0.3, True)
    """
    check_real("keep", keep, "prune_at_random", low=0, high=1)
    coo, source, dense = _as_coo(weights, "prune_at_random")
    units = _units(coo)
    gen = as_generator(rng, "prune_at_random")
    scores = gen.random(units[0].size)
    mask = _keep_top(scores, keep, gen)
    return _rebuild(coo, mask, units, scores, "random", source, dense)


def hebbian_correlations(
    model: Any,
    starts: np.ndarray,
    *,
    sweeps: int,
    burn_in: int = 0,
    progress: bool = False,
) -> np.ndarray:
    """Time-averaged activity correlations ``C_ij = <s_i s_j>`` over runs of a model.

    From each start state the model runs ``burn_in`` steps unrecorded, then
    ``sweeps`` steps, and the state after each of them is added to the average (±1
    neurons give ``<s_i s_j>``, rate neurons the mean product of rates). This is the
    Hebbian signal a synapse sees during the run.

    Args:
        model: a NeuralModel (e.g. a HopfieldModel at some temperature).
        starts: states to start from, shape (runs, n).
        sweeps: recorded steps per start (each a sweep for binary neurons).
        burn_in: unrecorded steps per start.
        progress: show a tqdm bar over the starts.

    Returns:
        The (n, n) matrix C (float64).

    Examples:
        >>> from neuroagents.models.hopfield import HopfieldModel, hebbian_weights
        >>> P = np.array([[1, 1, -1, -1]])
        >>> m = HopfieldModel(hebbian_weights(P), record_every=None, rng=0)
        >>> hebbian_correlations(m, P, sweeps=3)[0].tolist()
        [1.0, 1.0, -1.0, -1.0]
    """
    check_int("sweeps", sweeps, "hebbian_correlations", low=1)
    check_int("burn_in", burn_in, "hebbian_correlations", low=0)
    starts = np.atleast_2d(np.asarray(starts))
    if starts.ndim != 2 or starts.shape[1] != model.n:
        raise ValidationError(
            f"The 'starts' of hebbian_correlations must be states of length n = {model.n}, "
            f"shape (runs, n). Got shape {np.shape(starts)}."
        )
    total = np.zeros((model.n, model.n))
    for start in tqdm(starts, desc="correlations", disable=not progress):
        model.set_state(start)
        if burn_in:
            model.run_for(burn_in)
        states = np.empty((sweeps, model.n))
        for t in range(sweeps):
            model.step()
            states[t] = model.state
        total += states.T @ states
    return total / (len(starts) * sweeps)


def prune_by_activity(
    weights: Any,
    correlations: np.ndarray,
    *,
    threshold: float | None = None,
    keep: float | None = None,
    rng: Any = None,
) -> Pruned:
    """Remove the synapses whose Hebbian correlation ``|C_ij|`` stays below a threshold.

    Give ``threshold`` to prune every synapse with ``|C_ij| < threshold``, or ``keep``
    to choose the threshold that keeps that fraction (ties at random).

    Args:
        weights: ``W[target, source]`` (numpy, scipy.sparse or Connectome).
        correlations: (n, n) activity correlations, e.g. from
            :func:`hebbian_correlations`.
        threshold: smallest ``|C_ij|`` a synapse needs to survive.
        keep: fraction of synapses to keep instead.
        rng: breaks ties in ``|C|``.

    Examples:
        >>> W = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]])
        >>> C = np.array([[1, 0.9, 0.1], [0.9, 1, 0.5], [0.1, 0.5, 1]])
        >>> prune_by_activity(W, C, threshold=0.3).weights.tolist()
        [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    """
    if (threshold is None) == (keep is None):
        raise ValidationError(
            "prune_by_activity needs exactly one of 'threshold' and 'keep'. "
            f"Got threshold={threshold!r}, keep={keep!r}."
        )
    coo, source, dense = _as_coo(weights, "prune_by_activity")
    corr = np.asarray(correlations, dtype=np.float64)
    if corr.shape != coo.shape:
        raise ValidationError(
            f"The 'correlations' of prune_by_activity must be {coo.shape} like the weights. "
            f"Got shape {corr.shape}."
        )
    units = _units(coo)
    scores = np.abs(corr[units[0], units[1]])
    if units[2] and not np.allclose(corr, corr.T):
        # Symmetric weights are pruned in pairs: score a pair by its mean |C|.
        scores = (scores + np.abs(corr[units[1], units[0]])) / 2
    if threshold is not None:
        check_real("threshold", threshold, "prune_by_activity", low=0)
        mask = scores >= threshold
    else:
        check_real("keep", keep, "prune_by_activity", low=0, high=1)
        mask = _keep_top(scores, keep, as_generator(rng, "prune_by_activity"))
    return _rebuild(coo, mask, units, scores, "activity", source, dense)


PRUNING_RULES: dict[str, Callable[..., Pruned]] = {
    "magnitude": prune_by_magnitude,
    "random": prune_at_random,
    "activity": prune_by_activity,
}
"""Rule name -> pruning function (the activity rule also needs correlations)."""
