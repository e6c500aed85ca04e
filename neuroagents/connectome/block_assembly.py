"""Population-block wiring assembled into CSR arrays: tables, draws, placement.

Pieces:
    population_tables: the ``sizes`` / ``[target][source]`` tables of a population
        builder, checked once (sklearn-style messages).
    assemble: every block placed into the whole in-edge CSR (rows sorted).
    transposed: the out-edge CSR of an in-edge CSR.
    expected_synapses: the expected size of a probability table (for memory checks).

Shared by :mod:`~neuroagents.connectome.builders` and
:mod:`~neuroagents.connectome.wirings`; the compiled loops are in
:mod:`~neuroagents.connectome.wiring_kernels`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import scipy.sparse as sp

from neuroagents.connectome import wiring_kernels
from neuroagents.connectome.weight_values import unrepresentable
from neuroagents.errors import ValidationError
from neuroagents.validation import check_int, check_real

__all__ = [
    "BYTES_PER_NODE",
    "BYTES_PER_SYNAPSE",
    "assemble",
    "expected_synapses",
    "population_tables",
    "transposed",
]


def population_tables(
    sizes: Any,
    table_: Any,
    weights: Any,
    where: str,
    table_name_: str,
    entry: Callable[[str, Any], float],
) -> tuple[list[str], list[int], dict, dict]:
    """Check a population builder's tables.

    Args:
        sizes: population name -> size.
        table_: the ``[target][source]`` table of the wiring (``p``, ``k`` ...).
        weights: the ``[target][source]`` weights.
        where: the builder, for messages.
        table_name_: the wiring table's parameter name.
        entry: checks one entry of the wiring table (name, value) -> number.

    Returns:
        ``(names, counts, table by (a, b), weights by (a, b))``, missing entries 0.

    Raises:
        ValidationError: a table that is not a mapping, an unknown population, a bad
            size, entry or weight (weights must be 0 or representable in float32).
    """
    for table_name, table in (("sizes", sizes), (table_name_, table_), ("weights", weights)):
        rows = table.values() if isinstance(table, Mapping) and table_name != "sizes" else []
        if not isinstance(table, Mapping) or not all(isinstance(r, Mapping) for r in rows):
            shape = "population -> size" if table_name == "sizes" else "[target][source] ->"
            raise ValidationError(
                f"The '{table_name}' parameter of {where} must be a mapping "
                f"({shape} values). Got {table!r}."
            )
    names = list(sizes)
    if not names:
        raise ValidationError(f"The 'sizes' parameter of {where} names no population.")
    counts = [check_int(f"sizes[{a!r}]", sizes[a], where, low=1) for a in names]
    for table_name, table in ((table_name_, table_), ("weights", weights)):
        for a in table:
            for b in table[a]:
                if a not in sizes or b not in sizes:
                    raise ValidationError(
                        f"The '{table_name}' table of {where} names population "
                        f"{a if a not in sizes else b!r}, which is not in sizes {names}."
                    )
    entries, values = {}, {}
    for a in names:
        for b in names:
            entries[a, b] = entry(f"{table_name_}[{a!r}][{b!r}]", table_.get(a, {}).get(b, 0))
            values[a, b] = check_real(f"weights[{a!r}][{b!r}]", weights.get(a, {}).get(b, 0.0),
                                      where)  # fmt: skip
            if unrepresentable(np.array([values[a, b]]), np.dtype(np.float32)) is not None:
                raise ValidationError(
                    f"The 'weights[{a!r}][{b!r}]' parameter of {where} must be 0 or "
                    f"of a magnitude float32 holds (1.4e-45 to 3.4e38). Got {values[a, b]}."
                )
    return names, counts, entries, values


# Final storage of a directed sparse synapse: float32 weight and int32 index, both ways.
BYTES_PER_SYNAPSE = 16
# A node: the model's per-neuron arrays and its population label.
BYTES_PER_NODE = 100


def expected_synapses(names: list[str], counts: list[int], p: Mapping) -> float:
    """The expected number of synapses of a probability table."""
    return sum(
        float(p.get(a, {}).get(b, 0.0)) * counts[i] * counts[j]
        for i, a in enumerate(names)
        for j, b in enumerate(names)
    )


def assemble(
    drawn: list[list[tuple[np.ndarray, np.ndarray]]],
    weights: list[list[float]],
    starts: np.ndarray,
    n: int,
) -> sp.csr_array:
    """The in-edge CSR from every block, each row's sources in order."""
    degree = np.zeros(n, np.int64)
    for ai, row in enumerate(drawn):
        for bi, (counts, _) in enumerate(row):
            if weights[ai][bi] != 0.0:  # a weight of 0 is no synapse (drawn all the same)
                degree[starts[ai] : starts[ai + 1]] += counts
    nnz = int(degree.sum())
    index_dtype = np.int32 if nnz < np.iinfo(np.int32).max else np.int64
    indptr = np.zeros(n + 1, index_dtype)
    np.cumsum(degree, out=indptr[1:])
    del degree
    indices = np.empty(nnz, np.int32)
    data = np.empty(nnz, np.float32)
    cursor = indptr[:-1].astype(np.int64)
    for ai, row in enumerate(drawn):
        for bi, (counts, columns) in enumerate(row):
            if weights[ai][bi] == 0.0:
                continue
            wiring_kernels.place_block(
                counts, columns, starts[bi], np.float32(weights[ai][bi]), starts[ai], cursor,
                indices, data,
            )  # fmt: skip
    w = sp.csr_array((data, indices, indptr), shape=(n, n))
    w.has_sorted_indices = True
    return w


def transposed(w: sp.csr_array) -> sp.csr_array:
    """The out-edge CSR of the in-edge CSR ``w`` (same index dtypes)."""
    n = w.shape[0]
    indptr = np.empty(n + 1, w.indptr.dtype)
    indices = np.empty(w.nnz, np.int32)
    data = np.empty(w.nnz, w.data.dtype)
    wiring_kernels.transpose(
        w.indptr, w.indices, w.data, n, wiring_kernels.bucket_shift(n), indptr, indices, data
    )
    out = sp.csr_array((data, indices, indptr), shape=(n, n))
    out.has_sorted_indices = True
    return out
