"""Weight matrices checked before they are stored: numeric, real, finite, representable.

Pieces:
    as_weight_matrix: a dense or scipy.sparse matrix -> the stored dtype, or a
        ConnectomeError naming the offending synapse.

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

from neuroagents.errors import ConnectomeError

__all__ = ["as_weight_matrix"]


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
