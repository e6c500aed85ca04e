"""The ``.npz`` connectome format, read with every array checked before use.

Pieces:
    read_npz: a ``.npz`` file -> a validated Connectome (or one ConnectomeError).
    write_npz: a Connectome -> the arrays of a ``.npz`` file.

Layout: scipy's ``save_npz`` arrays of ``W[target, source]`` (``format``, ``shape``,
``data``, ``indices``, ``indptr``; ``coo`` files hold ``row`` and ``col``), plus
``node_ids`` (integers, or text with ``node_id_is_int`` marking the integer ids of a
mixed list), ``directed`` (a boolean scalar) and one ``attr_<name>`` array per node
attribute (numbers, booleans or text). The weights keep their dtype (float32 or
float64). Files are read with ``allow_pickle=False``; an unknown array, a missing one,
a scalar where an array belongs (or the reverse), a wrong dtype kind or length, and
every damage :func:`~neuroagents.connectome.sparse_checks.check_sparse_arrays` looks for is one
:class:`~neuroagents.errors.ConnectomeError` naming the file and the array.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from neuroagents.connectome import Connectome
from neuroagents.connectome.sparse_checks import check_sparse_arrays
from neuroagents.errors import ConnectomeError
from neuroagents.validation import check_memory

__all__ = ["read_npz", "write_npz"]

MATRIX_KEYS = ("format", "shape", "data", "indices", "indptr", "row", "col", "_is_array")
NODE_KEYS = ("node_ids", "node_id_is_int", "directed")


def _member_bytes(path: Path) -> int:
    """Bytes the arrays would take once loaded, from their headers (no allocation)."""
    total = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            with archive.open(info) as member:
                version = np.lib.format.read_magic(member)
                reader = (
                    np.lib.format.read_array_header_1_0
                    if version == (1, 0)
                    else np.lib.format.read_array_header_2_0
                )
                shape, _, dtype = reader(member)
                total += int(np.prod(shape, dtype=np.float64)) * dtype.itemsize
    return total


def _load(path: Path) -> dict[str, np.ndarray]:
    name = str(path)
    errors = (
        zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError,
        zlib.error, struct.error, NotImplementedError, RuntimeError, TypeError,
        UnicodeDecodeError, SyntaxError,
    )  # fmt: skip
    try:
        needed = _member_bytes(path)
    except errors as err:
        raise ConnectomeError(
            f"The connectome file {name!r} is not a readable .npz archive: {err}."
        ) from None
    check_memory(f"Reading the connectome file {name!r}", needed)
    try:
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except errors as err:
        raise ConnectomeError(
            f"The connectome file {name!r} is not a readable .npz archive: {err}."
        ) from None


def _scalar(arrays: dict[str, np.ndarray], key: str, name: str, kinds: str) -> Any:
    value = arrays[key]
    if value.ndim != 0 or value.dtype.kind not in kinds:
        raise ConnectomeError(
            f"The '{key}' entry of the connectome file {name!r} must be a single "
            f"{'boolean' if kinds == 'b' else 'text'} value. Got an array of dtype "
            f"{value.dtype} and shape {value.shape}."
        )
    item = value.item()
    return item.decode("ascii", "replace") if isinstance(item, bytes) else item


def _vector(arrays: dict[str, np.ndarray], key: str, name: str, n: int, kinds: str):
    value = arrays[key]
    if value.ndim != 1 or value.dtype.kind not in kinds:
        raise ConnectomeError(
            f"The '{key}' array of the connectome file {name!r} must be one-dimensional "
            f"{_KINDS[kinds]}. Got dtype {value.dtype} and shape {value.shape}."
        )
    if value.size != n:
        raise ConnectomeError(
            f"The connectome file {name!r} has {value.size} entries in '{key}' for {n} nodes."
        )
    return value


_KINDS = {"iuU": "integers or text", "b": "booleans", "biufU": "numbers, booleans or text"}


def _node_ids(arrays: dict[str, np.ndarray], name: str, n: int) -> list[Any] | None:
    if "node_ids" not in arrays:
        if "node_id_is_int" in arrays:
            raise ConnectomeError(f"The connectome file {name!r} has 'node_id_is_int' but no ids.")
        return None
    ids = _vector(arrays, "node_ids", name, n, "iuU")
    if ids.dtype.kind in "iu":
        return [int(v) for v in ids]
    out: list[Any] = [str(v) for v in ids]
    if "node_id_is_int" in arrays:
        mask = _vector(arrays, "node_id_is_int", name, n, "b")
        for k in np.flatnonzero(mask):
            try:
                out[k] = int(out[k])
            except ValueError:
                raise ConnectomeError(
                    f"The connectome file {name!r} marks node id {out[k]!r} as an integer."
                ) from None
    return out


def read_npz(path: Path, **kwargs: Any) -> Connectome:
    """Read a ``.npz`` connectome, every array checked (see the module docstring).

    Args:
        path: the file.
        **kwargs: passed to :class:`~neuroagents.connectome.Connectome` (``storage``,
            ``weight_dtype``; the default weight dtype is the file's).

    Raises:
        ConnectomeError: an unreadable archive or any malformed content.
    """
    name = str(path)
    arrays = _load(path)
    missing = [k for k in ("data", "indices", "indptr", "shape") if k not in arrays]
    if "format" in arrays and _scalar(arrays, "format", name, "US") == "coo":
        missing = [k for k in ("data", "row", "col", "shape") if k not in arrays]
    if missing:
        raise ConnectomeError(
            f"The connectome file {name!r} is not a scipy sparse matrix "
            f"(scipy.sparse.save_npz): it lacks {missing}."
        )
    unknown = sorted(
        k for k in arrays if k not in MATRIX_KEYS + NODE_KEYS and not k.startswith("attr_")
    )
    if unknown:
        raise ConnectomeError(
            f"The connectome file {name!r} holds arrays a connectome file does not have: "
            f"{unknown}. Expected {list(MATRIX_KEYS[:5])}, optional node_ids, directed "
            "and attr_<name> arrays."
        )
    fmt = _scalar(arrays, "format", name, "US") if "format" in arrays else "csr"
    where = f"the connectome file {name!r}"
    w = check_sparse_arrays(fmt, arrays["shape"], arrays, where)
    n = w.shape[0]
    node_ids = _node_ids(arrays, name, n)
    attrs: dict[str, np.ndarray] = {}
    for key in (k for k in arrays if k.startswith("attr_")):
        if key == "attr_":
            raise ConnectomeError(f"The connectome file {name!r} has an attribute with no name.")
        values = _vector(arrays, key, name, n, "biufU")
        if values.dtype.kind == "U":
            values = values.astype(object)
        elif values.dtype.kind == "b":  # as from_networkx holds booleans: objects
            values = np.array(values.tolist(), dtype=object)
        attrs[key.removeprefix("attr_")] = values
    directed = bool(_scalar(arrays, "directed", name, "b")) if "directed" in arrays else None
    if w.dtype.kind == "f" and w.dtype.name in ("float32", "float64"):
        kwargs.setdefault("weight_dtype", w.dtype.name)
    return Connectome(w, node_ids=node_ids, node_attrs=attrs, directed=directed, **kwargs)


def _id_arrays(node_ids: list[Any], target: str) -> dict[str, np.ndarray]:
    ints = [
        isinstance(v, int | np.integer) and not isinstance(v, bool | np.bool_) for v in node_ids
    ]
    for v, is_int in zip(node_ids, ints, strict=True):
        if not is_int and not isinstance(v, str):
            raise ConnectomeError(
                f"Cannot write {target}: node ids must be integers or text to be saved. Got "
                f"{v!r} ({type(v).__name__}); relabel the nodes (networkx.relabel_nodes)."
            )
    if all(ints):
        return {"node_ids": np.array([int(v) for v in node_ids], dtype=np.int64)}
    out = {"node_ids": np.array([str(v) for v in node_ids])}
    if any(ints):
        out["node_id_is_int"] = np.array(ints)
    return out


def _attr_array(name: str, values: np.ndarray, target: str) -> np.ndarray:
    if values.dtype.kind in "biuf":
        return values
    # pandas' type inference runs in C: a Python loop over 10^7 labels took seconds.
    kind = pd.api.types.infer_dtype(values, skipna=False)
    if kind in ("boolean", "empty"):
        return np.asarray(values, dtype=bool)
    if kind == "string":
        return values.astype(str)
    items = values.tolist()
    bad = next(v for v in items if not isinstance(v, str))
    raise ConnectomeError(
        f"Cannot write {target}: the node attribute {name!r} must be numbers, booleans or "
        f"text on every node for the .npz format. Got {bad!r} ({type(bad).__name__}); "
        "save as .graphml to keep missing values."
    )


def write_npz(c: Connectome, file: IO[bytes], target: str) -> None:
    """Write ``c`` to an open binary file in the layout of the module docstring.

    Raises:
        ConnectomeError: a node id that is neither an integer nor text, or a node
            attribute that is not numbers, booleans or text on every node.
    """
    w = c.to_scipy()
    extra = {f"attr_{k}": _attr_array(k, v, target) for k, v in c.node_attrs.items()}
    np.savez_compressed(
        file, data=w.data, indices=w.indices, indptr=w.indptr, format=np.array("csr"),
        shape=np.array(w.shape), directed=np.array(c.directed),
        **_id_arrays(c.node_ids, target), **extra,
    )  # fmt: skip
