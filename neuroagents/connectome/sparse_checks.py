"""The door every sparse weight matrix passes before it reaches a compiled loop.

Pieces:
    MAX_NODES: the largest connectome the int32 index arrays can address.
    check_shape: a ``(rows, cols)`` pair of non-negative integers, square.
    check_sparse_arrays: raw compressed (``csr``/``csc``) or ``coo`` arrays -> a
        scipy CSR array, after every array was checked (kinds, shapes, lengths,
        index ranges, a monotone ``indptr`` from 0 to nnz).
    checked_sparse: any scipy.sparse matrix -> its CSR, checked the same way.
    checked_weights: what a Connectome is built from (dense or sparse) -> a square
        numpy array or a checked CSR, with the memory it will need checked up front.

Why: scipy builds a CSR from raw arrays without checking index ranges or that
``indptr`` never decreases (its ``full_check`` is off by default), and the numba
kernels read ``data[indptr[i]:indptr[i + 1]]`` and ``state[indices[k]]`` without
bounds checks. A column index past ``n`` then reads (or writes) foreign memory, a
negative one wraps around, a decreasing ``indptr`` makes C++ ask for a negative
length. Every path that builds a Connectome (files, raw CSR, ``update_weights``,
the browser view) goes through :func:`checked_sparse` or :func:`check_sparse_arrays`,
so one set of checks, vectorised and O(nnz), guards them all. Weight *values*
(real, finite, representable) are checked next by
:func:`neuroagents.connectome.weight_values.as_weight_matrix`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from neuroagents.errors import ConnectomeError
from neuroagents.validation import check_memory

__all__ = [
    "MAX_NODES",
    "check_shape",
    "check_sparse_arrays",
    "checked_sparse",
    "checked_weights",
]

MAX_NODES = int(np.iinfo(np.int32).max)
FORMATS = ("csr", "csc", "coo")


def _array(value: Any, name: str, where: str, kinds: str, what: str) -> np.ndarray:
    """``value`` as a 1-D numpy array whose dtype kind is one of ``kinds``."""
    arr = value if isinstance(value, np.ndarray) else np.asarray(value)
    if arr.dtype.kind not in kinds:
        raise ConnectomeError(
            f"The '{name}' array of {where} must hold {what}. Got dtype {arr.dtype}."
        )
    if arr.ndim != 1:
        raise ConnectomeError(
            f"The '{name}' array of {where} must be one-dimensional. Got shape {arr.shape}."
        )
    return arr


def check_shape(shape: Any, where: str) -> int:
    """Return n for a square ``(n, n)`` shape of non-negative integers, else raise.

    Examples:
        >>> check_shape((3, 3), "x.npz")
        3
        >>> check_shape((2, 3), "x.npz")
        Traceback (most recent call last):
        ...
        neuroagents.errors.ConnectomeError: X.npz holds a 2 x 3 matrix; a connectome's weight matrix must be square (n x n).
    """  # noqa: E501
    arr = np.asarray(shape)
    if arr.dtype.kind not in "iu" or arr.shape != (2,):
        raise ConnectomeError(
            f"The 'shape' of {where} must be two non-negative integers (rows, columns). "
            f"Got {_short(arr)}."
        )
    rows, cols = (int(v) for v in arr)
    if rows < 0 or cols < 0:
        raise ConnectomeError(
            f"The 'shape' of {where} must be two non-negative integers. Got ({rows}, {cols})."
        )
    if rows != cols:
        raise ConnectomeError(
            f"{where[0].upper()}{where[1:]} holds a {rows} x {cols} matrix; a connectome's "
            "weight matrix must be square (n x n)."
        )
    if rows > MAX_NODES:
        raise ConnectomeError(
            f"The weight matrix of {where} has {rows} rows; a connectome holds at most "
            f"{MAX_NODES} nodes (int32 indices)."
        )
    return rows


def _check_indices(indices: np.ndarray, name: str, bound: int, where: str) -> None:
    if indices.size == 0:
        return
    low, high = int(indices.min()), int(indices.max())
    if low < 0 or high >= bound:
        bad = low if low < 0 else high
        k = int(np.argmax(indices == bad))
        raise ConnectomeError(
            f"The '{name}' array of {where} must hold indices in [0, {bound - 1}]. "
            f"Got {bad} at position {k}."
        )


def _check_data(data: Any, where: str, nnz: int | None = None) -> np.ndarray:
    arr = _array(data, "data", where, "biufc", "numbers (integer or float weights)")
    if nnz is not None and arr.size != nnz:
        raise ConnectomeError(
            f"The 'data' array of {where} must hold one weight per stored entry ({nnz}). "
            f"Got {arr.size}."
        )
    return arr


def check_sparse_arrays(
    fmt: str,
    shape: Any,
    arrays: dict[str, Any],
    where: str,
) -> sp.csr_array:
    """Check raw sparse arrays and build the CSR they describe.

    Args:
        fmt: ``"csr"``, ``"csc"`` (``data``, ``indices``, ``indptr``) or ``"coo"``
            (``data``, ``row``, ``col``).
        shape: ``(n, n)``.
        arrays: the arrays by name.
        where: what holds them, for messages (a file, a constructor).

    Returns:
        The CSR array ``W`` they describe (duplicates not yet summed).

    Raises:
        ConnectomeError: a missing array, a wrong dtype kind (object, text, float
            indices), a wrong dimension or length, an ``indptr`` that does not start at
            0, decreases or does not end at nnz, or an index outside ``[0, n)``.

    Examples:
        >>> import numpy as np
        >>> w = check_sparse_arrays("csr", (2, 2), {"data": np.array([1.0]),
        ...     "indices": np.array([1]), "indptr": np.array([0, 1, 1])}, "W")
        >>> w.toarray().tolist()
        [[0.0, 1.0], [0.0, 0.0]]
        >>> check_sparse_arrays("csr", (2, 2), {"data": np.array([1.0]),
        ...     "indices": np.array([7]), "indptr": np.array([0, 1, 1])}, "W")
        Traceback (most recent call last):
        ...
        neuroagents.errors.ConnectomeError: The 'indices' array of W must hold indices in [0, 1]. Got 7 at position 0.
    """  # noqa: E501
    n = check_shape(shape, where)
    if fmt not in FORMATS:
        raise ConnectomeError(
            f"The sparse format of {where} must be one of {', '.join(FORMATS)}. Got {fmt!r}."
        )
    needed = ("data", "row", "col") if fmt == "coo" else ("data", "indices", "indptr")
    missing = [k for k in needed if k not in arrays]
    if missing:
        raise ConnectomeError(f"The {fmt} matrix of {where} lacks the arrays {missing}.")
    integers = "integers"
    if fmt == "coo":
        row = _array(arrays["row"], "row", where, "iu", integers)
        col = _array(arrays["col"], "col", where, "iu", integers)
        data = _check_data(arrays["data"], where, row.size)
        if col.size != row.size:
            raise ConnectomeError(
                f"The 'row' and 'col' arrays of {where} must have one entry per weight "
                f"({row.size}). Got {col.size} columns."
            )
        _check_indices(row, "row", n, where)
        _check_indices(col, "col", n, where)
        return sp.coo_array((data, (row, col)), shape=(n, n)).tocsr()
    indptr = _array(arrays["indptr"], "indptr", where, "iu", integers)
    indices = _array(arrays["indices"], "indices", where, "iu", integers)
    data = _check_data(arrays["data"], where, indices.size)
    if indptr.size != n + 1:
        raise ConnectomeError(
            f"The 'indptr' array of {where} must have n + 1 = {n + 1} entries. Got {indptr.size}."
        )
    if int(indptr[0]) != 0 or int(indptr[-1]) != indices.size:
        raise ConnectomeError(
            f"The 'indptr' array of {where} must start at 0 and end at the number of stored "
            f"entries ({indices.size}). Got {int(indptr[0])} ... {int(indptr[-1])}."
        )
    steps = np.diff(indptr.astype(np.int64))
    if steps.size and int(steps.min()) < 0:
        k = int(np.argmax(steps < 0))
        raise ConnectomeError(
            f"The 'indptr' array of {where} must never decrease. Got {int(indptr[k])} then "
            f"{int(indptr[k + 1])} at positions {k}, {k + 1}."
        )
    _check_indices(indices, "indices", n, where)
    if fmt == "csc":
        return sp.csr_array(sp.csc_array((data, indices, indptr), shape=(n, n)))
    # A copy: canonicalising (sorting, summing duplicates) must not touch the caller's arrays.
    return sp.csr_array((data, indices, indptr), shape=(n, n), copy=True)


def checked_sparse(matrix: Any, where: str) -> sp.csr_array:
    """Any scipy.sparse matrix as a CSR array, its structure checked first.

    CSR, CSC and COO are checked from their own arrays (converting a damaged one can
    crash); other formats are converted by scipy and the resulting CSR is checked.

    Raises:
        ConnectomeError: see :func:`check_sparse_arrays`.
    """
    fmt = matrix.format
    if fmt in ("csr", "csc"):
        arrays = {"data": matrix.data, "indices": matrix.indices, "indptr": matrix.indptr}
    elif fmt == "coo":
        if len(matrix.shape) != 2:
            raise ConnectomeError(
                f"The weight matrix of {where} must be square (n x n). Got shape {matrix.shape}."
            )
        arrays = {"data": matrix.data, "row": matrix.coords[0], "col": matrix.coords[1]}
    else:
        check_shape(matrix.shape, where)
        try:
            csr = sp.csr_array(matrix)
        except (ValueError, TypeError, IndexError) as err:
            raise ConnectomeError(
                f"The {fmt} weight matrix of {where} cannot be converted: {err}"
            ) from None
        fmt, arrays = "csr", {"data": csr.data, "indices": csr.indices, "indptr": csr.indptr}
    return check_sparse_arrays(fmt, matrix.shape, arrays, where)


# Per node: its id (a list entry, a dict entry, an int) and the model's ~20 per-neuron arrays.
BYTES_PER_NODE = 400


def checked_weights(weights: Any, where: str) -> np.ndarray | sp.csr_array:
    """A Connectome's weight input as a square numpy array or a checked CSR.

    Dense input must be a square 2-D array (its values are checked later, by
    :func:`~neuroagents.connectome.weight_values.as_weight_matrix`); sparse input goes through
    :func:`checked_sparse`. A node count whose bookkeeping alone cannot fit in memory
    is refused before anything is allocated.

    Raises:
        ConnectomeError: not a matrix, not square, empty, or a damaged sparse structure.
        ValidationError: more nodes than this machine's memory can hold.
    """
    if sp.issparse(weights):
        if len(weights.shape) != 2:
            raise ConnectomeError(
                f"The weight matrix of {where} must be square (n x n). Got shape {weights.shape}."
            )
        check_memory(where, check_shape(weights.shape, where) * BYTES_PER_NODE)
        w = checked_sparse(weights, where)
    else:
        try:
            w = np.asarray(weights)
        except (ValueError, TypeError) as err:
            raise ConnectomeError(
                f"The weight matrix of {where} must be a square array of numbers: {err}"
            ) from None
        if w.ndim != 2 or w.shape[0] != w.shape[1]:
            raise ConnectomeError(
                f"The weight matrix of {where} must be square (n x n). Got shape {w.shape}."
            )
    if w.shape[0] == 0:
        raise ConnectomeError("A Connectome needs at least one node. Got an empty graph (0 nodes).")
    return w


def _short(arr: np.ndarray) -> str:
    text = np.array2string(arr, threshold=6) if arr.size else repr(arr.tolist())
    return text if len(text) <= 60 else text[:57] + "..."
