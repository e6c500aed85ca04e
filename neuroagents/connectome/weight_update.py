"""Changing a connectome's weights in place, within its structure.

Pieces:
    WeightUpdate: what changed (synapse targets, sources, old and new weights), or
        ``targets is None`` when so much changed that inputs should be recomputed.
    update_weights: the work behind :meth:`Connectome.update_weights`.
    asymmetry_of_update: how an update would break a symmetric W (for Hopfield nets).

Sparse storage has a fixed structure: a weight for a synapse it lacks is refused
(``rebuild=True`` builds a new structure instead). A synapse whose weight becomes 0
stays in the structure, so learning can bring it back. Dense storage holds a slot for
every pair, so any weight is accepted. Weights are stored as the connectome's dtype;
values that overflow it, or are not finite, are refused.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from neuroagents.connectome import csr
from neuroagents.connectome.sparse_checks import checked_sparse
from neuroagents.connectome.weight_sharing import own_storage
from neuroagents.connectome.weight_values import first_asymmetry, is_symmetric, unrepresentable
from neuroagents.errors import ConnectomeError

if TYPE_CHECKING:
    from neuroagents.connectome.connectome import Connectome

__all__ = ["WeightUpdate", "asymmetry_of_update", "update_weights"]

# Past this fraction of synapses changed, inputs are recomputed rather than patched.
PATCH_FRACTION = 0.1


@dataclass(frozen=True, slots=True)
class WeightUpdate:
    """The synapses an update changed (``targets is None``: recompute every input)."""

    targets: np.ndarray | None = None
    sources: np.ndarray | None = None
    old: np.ndarray | None = None
    new: np.ndarray | None = None


def update_weights(
    c: Connectome,
    weights: Any = None,
    *,
    delta: Any = None,
    edges: Iterable[tuple[Hashable, Hashable, float]] | None = None,
    rebuild: bool = False,
) -> WeightUpdate:
    """Apply one of ``weights`` (full matrix), ``delta`` (added) or ``edges`` to ``c``."""
    given = [
        k for k, v in (("weights", weights), ("delta", delta), ("edges", edges)) if v is not None
    ]
    if len(given) != 1:
        raise ConnectomeError(
            "update_weights needs exactly one of 'weights' (the new matrix W[target, source]), "
            f"'delta' (added to W) or 'edges' ((pre, post, w) triples). Got {given or 'none'}."
        )
    if edges is not None:
        targets, sources, values = _edge_triples(c, edges)
        additive = False
    else:
        targets, sources, values = _matrix_entries(c, weights if delta is None else delta)
        additive = delta is not None
    full = weights is not None
    if rebuild:
        _rebuild(c, targets, sources, values, additive=additive, full=full)
        return WeightUpdate()
    if c.storage == "dense":
        return _update_dense(c, targets, sources, values, additive=additive, full=full)
    return _update_sparse(c, targets, sources, values, additive=additive, full=full)


# ---------------------------------------------------------------------- inputs
def _edge_triples(c: Connectome, edges: Iterable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    targets, sources, values = [], [], []
    try:
        items = list(edges)
    except TypeError:
        raise ConnectomeError(
            f"The 'edges' of update_weights must be (pre, post, weight) triples. Got {edges!r}."
        ) from None
    for item in items:
        try:
            pre, post, w = item
        except (TypeError, ValueError):
            raise ConnectomeError(
                f"Each item of 'edges' must be a (pre, post, weight) triple. Got {item!r}."
            ) from None
        for node in (pre, post):
            if node not in c.index:
                raise ConnectomeError(f"The edge {pre!r} -> {post!r} names unknown node {node!r}.")
        targets.append(c.index[post])
        sources.append(c.index[pre])
        values.append(w)
    t = np.asarray(targets, dtype=np.int64)
    s = np.asarray(sources, dtype=np.int64)
    keys = t * c.n_nodes + s
    if np.unique(keys).size != keys.size:
        raise ConnectomeError("The 'edges' of update_weights name a synapse more than once.")
    return t, s, _as_values(values, "edges")


def _matrix_entries(c: Connectome, m: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = c.n_nodes
    if sp.issparse(m):
        shape = m.shape
        if shape == (n, n):  # a damaged structure must not reach scipy's C++ or the kernels
            coo = sp.coo_array(checked_sparse(m, "update_weights"))
            coo.sum_duplicates()
    else:
        try:
            arr = np.asarray(m, dtype=np.float64)
        except (TypeError, ValueError):
            raise ConnectomeError(
                "The weights of update_weights must be a square array of real numbers."
            ) from None
        shape = arr.shape
        if shape == (n, n):
            coo = sp.coo_array(arr)
    if shape != (n, n):
        raise ConnectomeError(
            f"A weight matrix for this connectome must have shape ({n}, {n}). Got {shape}."
        )
    return coo.row.astype(np.int64), coo.col.astype(np.int64), _as_values(coo.data, "weights")


def _as_values(values: Any, what: str) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ConnectomeError(f"The {what} of update_weights must be real numbers.") from None
    bad = ~np.isfinite(arr)
    if bad.any():
        raise ConnectomeError(
            f"The {what} of update_weights must be finite. Got {arr[np.argmax(bad)]}."
        )
    return arr


def _stored(c: Connectome, values: np.ndarray) -> np.ndarray:
    """``values`` in the connectome's dtype, refusing what that dtype cannot hold."""
    problem = unrepresentable(values, c.weight_dtype)
    if problem is not None:
        k, why = problem
        raise ConnectomeError(
            f"The weight {float(np.ravel(values)[k])!r} {why} in the connectome's "
            f"{np.dtype(c.weight_dtype).name} weights. Build the connectome with "
            "weight_dtype='float64' to keep it, or rescale the weights."
        )
    return values.astype(c.weight_dtype)


# ---------------------------------------------------------------------- storages
def _update_dense(c, targets, sources, values, *, additive, full) -> WeightUpdate:
    if full:
        new = np.zeros((c.n_nodes, c.n_nodes))
        new[targets, sources] = values
        stored = _stored(c, new.T)
        own_storage(c)  # copy-on-write: models sharing the arrays keep theirs
        out = c._dense_out  # out[source, target] = W[target, source], whatever the symmetry
        out[...] = stored
        c._after_update(symmetric=bool(np.array_equal(out, out.T)), edges=np.count_nonzero(out))
        return WeightUpdate()
    old = c._dense_out[sources, targets].astype(np.float64)
    new = _stored(c, old + values if additive else values)
    own_storage(c)
    out = c._dense_out
    out[sources, targets] = new
    c._after_update(symmetric=bool(np.array_equal(out, out.T)), edges=np.count_nonzero(out))
    return _change(c, targets, sources, old, new)


def _update_sparse(c, targets, sources, values, *, additive, full) -> WeightUpdate:
    w_in = c._in
    pos = csr.find_positions(w_in.indptr, w_in.indices, targets, sources)
    missing = (pos < 0) & (values != 0)
    if missing.any():
        k = int(np.argmax(missing))
        ids = c.node_ids
        raise ConnectomeError(
            f"update_weights cannot add the synapse {ids[sources[k]]!r} -> "
            f"{ids[targets[k]]!r}: the connectome's sparse structure lacks it. Pass "
            "rebuild=True to build a new structure (costs a full conversion)."
        )
    keep = pos >= 0
    pos, targets, sources, values = pos[keep], targets[keep], sources[keep], values[keep]
    if full:
        data = np.zeros(w_in.nnz)
        data[pos] = values
        stored = _stored(c, data)
        own_storage(c)  # copy-on-write: models sharing the arrays keep theirs
        c._in.data[:] = stored
        c._after_update(symmetric=None, edges=None)
        return WeightUpdate()
    old = w_in.data[pos].astype(np.float64)
    new = _stored(c, old + values if additive else values)
    own_storage(c)
    w_in = c._in
    w_in.data[pos] = new
    if c._out is w_in:
        mirror = csr.find_positions(w_in.indptr, w_in.indices, sources, targets)
        if np.array_equal(w_in.data[mirror], new):
            c._after_update(symmetric=True, edges=None)
        else:
            c._after_update(symmetric=None, edges=None)  # splits the shared CSR
    else:
        w_out = c._out
        out_pos = csr.find_positions(w_out.indptr, w_out.indices, sources, targets)
        w_out.data[out_pos] = new
        c._after_update(symmetric=False, edges=None)
    return _change(c, targets, sources, old, new)


def _change(c, targets, sources, old, new) -> WeightUpdate:
    if targets.size > PATCH_FRACTION * max(c.n_edges, 1):
        return WeightUpdate()
    return WeightUpdate(targets, sources, old, new)


def _rebuild(c, targets, sources, values, *, additive, full) -> None:
    n = c.n_nodes
    change = sp.coo_array((values, (targets, sources)), shape=(n, n)).tocsr()
    if full:
        w = change
    elif additive:
        w = sp.csr_array(c.to_scipy(), dtype=np.float64) + change
    else:
        w = sp.lil_array(c.to_scipy().astype(np.float64))
        w[targets, sources] = values
        w = sp.csr_array(w)
    c._rebuild(w)


# ---------------------------------------------------------------------- symmetry
def asymmetry_of_update(
    c: Connectome,
    weights: Any = None,
    *,
    delta: Any = None,
    edges: Iterable[tuple[Hashable, Hashable, float]] | None = None,
) -> str:
    """How an update would break ``W == W.T`` with a zero diagonal, or ``""`` if it keeps it.

    For a connectome that is symmetric now (a Hopfield net): a full ``weights`` matrix
    must be symmetric, a ``delta`` too, and ``edges`` must set each synapse and its
    mirror to one value (given together, or the mirror already holding it). Malformed
    input is left for :func:`update_weights` to refuse.

    Examples:
        >>> import numpy as np
        >>> from neuroagents.connectome import Connectome
        >>> c = Connectome.from_matrix(np.array([[0.0, 1.0], [1.0, 0.0]]))
        >>> asymmetry_of_update(c, edges=[(0, 1, 2.0)])
        'W[1, 0] would be 2.0 while W[0, 1] stays 1.0'
        >>> asymmetry_of_update(c, edges=[(0, 1, 2.0), (1, 0, 2.0)])
        ''
    """
    ids = c.node_ids
    if edges is None:
        m = weights if delta is None else delta
        if sp.issparse(m) and m.shape == (c.n_nodes, c.n_nodes):
            m = checked_sparse(m, "update_weights")
        elif not sp.issparse(m):
            try:
                m = np.asarray(m, dtype=np.float64)
            except (TypeError, ValueError):
                return ""
        if m.shape != (c.n_nodes, c.n_nodes):
            return ""
        diag = m.diagonal()
        if np.any(diag != 0):
            i = int(np.flatnonzero(diag)[0])
            return f"W[{ids[i]!r}, {ids[i]!r}] would be a self-loop ({float(diag[i])})"
        if is_symmetric(sp.csr_array(m) if sp.issparse(m) else m):
            return ""
        i, j, wij, wji = first_asymmetry(sp.csr_array(m))
        what = "weights" if delta is None else "delta"
        return (
            f"the {what} would give W[{ids[i]!r}, {ids[j]!r}] = {wij} but "
            f"W[{ids[j]!r}, {ids[i]!r}] = {wji}"
        )
    try:
        given = {(post, pre): w for pre, post, w in edges}
        for (post, pre), w in given.items():
            if pre not in c.index or post not in c.index:
                return ""
            value = float(np.asarray(w, dtype=c.weight_dtype))
            if pre == post and value != 0:
                return f"W[{post!r}, {pre!r}] would be a self-loop ({value})"
            if (pre, post) in given:
                other = float(np.asarray(given[pre, post], dtype=c.weight_dtype))
                verb = "would be"
            else:
                t, s = np.array([c.index[pre]]), np.array([c.index[post]])
                other, verb = float(c.synapse_weights(t, s)[0]), "stays"
            if other != value:
                return (
                    f"W[{post!r}, {pre!r}] would be {value} while W[{pre!r}, {post!r}] "
                    f"{verb} {other}"
                )
    except (TypeError, ValueError):
        return ""
    return ""
