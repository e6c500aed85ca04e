"""A Connectome straight from in- and out-edge CSR arrays made together (no copy).

Pieces:
    from_csr_pair: wrap an in-edge CSR and its transpose, already built with int32
        indices, as a Connectome, without the conversions and copies of the general
        constructor (the builders and the memory-mapped reader use it).
    IdRange, RangeIndex: the node ids ``0..n-1`` and their index, in O(1) memory
        (a list and a dict of 10^7 ids would cost about 70 bytes a neuron).

The structure is still checked (``indptr`` never decreases, indices in range) by one
compiled pass over the arrays, so nothing unchecked reaches a compiled loop.
"""

from __future__ import annotations

import numbers
import operator
import weakref
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from neuroagents.connectome.connectome import Connectome
from neuroagents.connectome.wiring_kernels import check_structure
from neuroagents.errors import ConnectomeError

__all__ = ["IdRange", "RangeIndex", "from_csr_pair"]


class IdRange(Sequence[int]):
    """The node ids ``0..n-1`` as a sequence equal to the list of them."""

    def __init__(self, n: int) -> None:
        """Ids ``0..n-1``."""
        self._range = range(n)

    def __len__(self) -> int:
        return len(self._range)

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, slice):
            return list(self._range[item])
        return self._range[item]

    def __iter__(self) -> Iterator[int]:
        return iter(self._range)

    def __contains__(self, value: object) -> bool:
        return value in self._range

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IdRange):
            return self._range == other._range
        if isinstance(other, list | tuple | range):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._range)

    def __repr__(self) -> str:
        return f"IdRange({len(self)})"


class RangeIndex(Mapping[Hashable, int]):
    """Node id -> index for the ids ``0..n-1`` (the identity), as a read-only mapping."""

    def __init__(self, n: int) -> None:
        """The index of ids ``0..n-1``."""
        self._n = n

    def __getitem__(self, key: Hashable) -> int:
        if isinstance(key, numbers.Integral):
            i = operator.index(key)
        elif isinstance(key, numbers.Real) and float(key).is_integer():
            i = int(key)  # as a dict of int keys finds 3.0
        else:
            raise KeyError(key)
        if not 0 <= i < self._n:
            raise KeyError(key)
        return i

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[int]:
        return iter(range(self._n))

    def __contains__(self, key: object) -> bool:
        try:
            self[key]
        except (KeyError, TypeError):
            return False
        return True


def _checked(indptr: np.ndarray, indices: np.ndarray, n: int, which: str) -> None:
    if indptr.shape != (n + 1,) or int(indptr[0]) != 0 or int(indptr[-1]) != indices.size:
        raise ConnectomeError(
            f"The {which}-edge 'indptr' of a connectome must have n + 1 = {n + 1} entries "
            f"from 0 to the number of synapses ({indices.size}). Got {indptr.size} entries."
        )
    bad = int(check_structure(indptr, indices, n))
    if bad >= 0 and bad < n:
        raise ConnectomeError(
            f"The {which}-edge 'indptr' of a connectome must never decrease. Got "
            f"{int(indptr[bad])} then {int(indptr[bad + 1])} at positions {bad}, {bad + 1}."
        )
    if bad >= 0:
        e = bad - indptr.shape[0]
        raise ConnectomeError(
            f"The {which}-edge 'indices' of a connectome must hold indices in [0, {n - 1}], "
            f"increasing within each row. Got {int(indices[e])} at position {e}."
        )


def from_csr_pair(
    w_in: sp.csr_array,
    w_out: sp.csr_array,
    *,
    node_attrs: Mapping[str, np.ndarray] | None = None,
    graph_attrs: Mapping[str, Any] | None = None,
    symmetric: bool = False,
    directed: bool = True,
) -> Connectome:
    """A sparse Connectome on ``w_in`` (``W[target, source]``) and ``w_out`` (its transpose).

    The arrays are kept as they are (memory-mapped arrays stay mapped). Node ids are
    ``0..n-1``. The caller vouches that ``w_out`` is the transpose of ``w_in`` and
    that each row's indices are sorted; the structure of both is checked.

    Raises:
        ConnectomeError: a structure that would make a compiled loop read out of bounds.
    """
    n = w_in.shape[0]
    for w, which in ((w_in, "in"), (w_out, "out")):
        if w.shape != (n, n) or w.indices.dtype != np.int32:
            raise ConnectomeError(
                f"The {which}-edge CSR of a connectome must be {n} x {n} with int32 indices. "
                f"Got {w.shape} with {w.indices.dtype}."
            )
        _checked(w.indptr, w.indices, n, which)
        w.has_sorted_indices = True  # scipy would otherwise sort (a copy) on first use
    c = Connectome.__new__(Connectome)
    c.weight_dtype = np.dtype(w_in.data.dtype)
    c.node_ids = IdRange(n)
    c.index = RangeIndex(n)
    c.n_edges = int(w_in.nnz)
    c.storage = c._storage_request = "sparse"
    c.symmetric = symmetric
    c.directed = directed or not symmetric
    c._dense_out = None
    c._in, c._out = w_in, (w_in if symmetric else w_out)
    c._sharers = weakref.WeakSet([c])
    c._borrowed = False
    c.node_attrs = {}
    for name, values in (node_attrs or {}).items():
        arr = np.asarray(values)
        if arr.shape != (n,):
            raise ConnectomeError(
                f"The node attribute '{name}' must have one value per node ({n}). "
                f"Got shape {arr.shape}."
            )
        c.node_attrs[name] = arr
    c.graph_attrs = dict(graph_attrs or {})
    return c
