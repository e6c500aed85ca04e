"""Weight matrices checked before they are stored: numeric, real, finite, representable.

Pieces:
    as_weight_matrix: a dense or scipy.sparse matrix -> the stored dtype, or a
        ConnectomeError naming the offending synapse.
    unrepresentable: the first value a dtype cannot hold (overflow, or a nonzero that
        would become 0), shared with ``update_weights``.
    is_symmetric, first_asymmetry: whether ``W == W.T``, and where not.

Refused: non-numeric or complex entries; NaN or infinite weights; weights that overflow
the stored dtype (float32 tops out at 3.4e38) or underflow it (a nonzero weight below
1.4e-45 would silently become "no synapse"). Explicit zeros in sparse input are dropped:
a weight of exactly 0 is no synapse, in sparse input as in dense.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from neuroagents.connectome import csr
from neuroagents.errors import ConnectomeError

__all__ = ["as_weight_matrix", "first_asymmetry", "is_symmetric", "unrepresentable"]


def as_weight_matrix(
    weights: Any, dtype: np.dtype, node_ids: Sequence[Hashable]
) -> np.ndarray | sp.csr_array:
    """``weights`` (square, already shape-checked) as a dense array or CSR of ``dtype``."""
    if sp.issparse(weights):
        w = sp.csr_array(weights)
        w.sum_duplicates()
        values = w.data
    else:
        w = np.asarray(weights)
        values = w
    if np.iscomplexobj(values):
        raise ConnectomeError(
            "Connectome weights must be real numbers; got complex dtype "
            f"{values.dtype}. Pass the real part (w.real) if that is what you mean."
        )
    if not np.issubdtype(values.dtype, np.number):
        raise ConnectomeError(
            f"The weight matrix of a Connectome must be numeric. Got dtype {values.dtype}."
        )
    _check(values, ~np.isfinite(values), "must be finite", w, node_ids)
    if values.dtype != dtype and not np.can_cast(values.dtype, dtype, casting="safe"):
        # Only a narrowing cast can overflow or underflow (no float64 copy otherwise:
        # a builder's float32 weights of 10^7 synapses skip this).
        info = np.finfo(dtype)
        magnitude = np.abs(values.astype(np.float64, copy=False))
        hint = " Use weight_dtype='float64' to keep it, or rescale the weights."
        _check(values, magnitude > info.max, f"overflows {dtype.name}", w, node_ids, hint)
        _check(
            values, (magnitude > 0) & (magnitude < info.smallest_subnormal),
            f"underflows {dtype.name} (it would become 0, no synapse)", w, node_ids, hint,
        )  # fmt: skip
    if sp.issparse(w):
        w = w if w.dtype == dtype else sp.csr_array(w, dtype=dtype)
        w.eliminate_zeros()
        w.sort_indices()
        return w
    return w.astype(dtype, copy=False)


def unrepresentable(values: np.ndarray, dtype: np.dtype) -> tuple[int, str] | None:
    """The first (flat) position whose finite value ``dtype`` cannot hold, and why.

    Overflow (past ``finfo(dtype).max``) and underflow (a nonzero value that the cast
    turns into 0, which would silently delete the synapse) are both refused.

    Examples:
        >>> unrepresentable(np.array([1.0, 1e-46]), np.dtype("float32"))
        (1, 'underflows float32 (it would become 0, no synapse)')
        >>> unrepresentable(np.array([1e39]), np.dtype("float32"))
        (0, 'overflows float32')
        >>> unrepresentable(np.array([1e-46]), np.dtype("float64")) is None
        True
    """
    flat = np.ravel(values)
    with np.errstate(over="ignore", under="ignore"):
        cast = flat.astype(dtype)
    dtype = np.dtype(dtype)
    over = np.isfinite(flat) & ~np.isfinite(cast)
    if over.any():
        return int(np.argmax(over)), f"overflows {dtype.name}"
    under = (flat != 0) & (cast == 0)
    if under.any():
        return int(np.argmax(under)), f"underflows {dtype.name} (it would become 0, no synapse)"
    return None


def _check(
    values: np.ndarray,
    bad: np.ndarray,
    problem: str,
    w: Any,
    node_ids: Sequence[Hashable],
    hint: str = "",
) -> None:
    if not bad.any():
        return
    if sp.issparse(w):
        coo = sp.coo_array(w)
        k = int(np.flatnonzero(bad)[0])
        t, s = int(coo.row[k]), int(coo.col[k])
        value = values[k]
    else:
        t, s = (int(x) for x in np.argwhere(bad)[0])
        value = values[t, s]
    raise ConnectomeError(
        f"Connectome weights {problem}, but the synapse {node_ids[s]!r} -> {node_ids[t]!r} "
        f"has weight {float(value)!r}.{hint}"
    )


def is_symmetric(w: np.ndarray | sp.csr_array) -> bool:
    """Whether ``W == W.T`` (a few mirror entries looked up first, to reject cheaply)."""
    if sp.issparse(w):
        # Cheap rejection first: look up the mirror of a few entries (a full comparison
        # of a directed 10^7-synapse matrix needs several copies of it).
        if w.nnz:
            pos = np.unique(np.linspace(0, w.nnz - 1, 64).astype(np.int64))
            rows = np.searchsorted(w.indptr, pos, side="right") - 1
            cols = w.indices[pos].astype(np.int64)
            mirror = csr.find_positions(w.indptr, w.indices, cols, rows)
            if np.any(mirror < 0) or np.any(w.data[np.maximum(mirror, 0)] != w.data[pos]):
                return False
        return (w != w.T).nnz == 0
    return bool(np.array_equal(w, w.T))


def first_asymmetry(w: sp.csr_array) -> tuple[int, int, float, float]:
    """``(i, j, W[i, j], W[j, i])`` for the first pair where ``W`` is not symmetric."""
    diff = sp.coo_array(w - w.T)
    diff.eliminate_zeros()
    i, j = int(diff.row[0]), int(diff.col[0])
    return i, j, float(w[i, j]), float(w[j, i])
