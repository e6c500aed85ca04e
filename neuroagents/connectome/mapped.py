"""Connectomes as folders of ``.npy`` arrays: saved at disk speed, opened memory-mapped.

Pieces:
    save_mapped: write a sparse Connectome to a folder (``<name>.connectome/``), its
        in- and out-edge CSR arrays as plain ``.npy`` files, atomically.
    open_mapped: open such a folder; the arrays are memory-mapped read-only
        (``mmap_mode="r"``), so a model built on it holds no second copy, and pages
        are read from disk as the simulation first touches them.
    is_mapped_folder: whether a path is a folder :func:`save_mapped` wrote.

Layout: ``meta.json`` (``format: "neuroagents-connectome"``, version, n, synapses,
directed, symmetric, weight dtype, node id kind, attribute names),
``{in,out}_{indptr,indices,data}.npy``, ``node_ids.npy`` unless the ids are 0..n-1,
and ``attr_<name>.npy`` per node attribute (numbers, booleans or text, as in ``.npz``).
Storing the out-edges too costs disk, not time: opening needs no transpose.

Checks on opening (one pass over each array, at memory or disk speed): shapes and
dtypes, ``indptr`` from 0 to the synapse count and never decreasing, each row's
indices strictly increasing and in range, finite weights, and the out-edges holding
the same synapses per neuron as the in-edges (their counts, and the weights of a
sample of synapses looked up both ways). Anything else is one ConnectomeError naming
the folder and the array.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from numba import njit

from neuroagents.connectome import csr
from neuroagents.connectome.connectome import Connectome
from neuroagents.connectome.csr_pair import IdRange, from_csr_pair
from neuroagents.connectome.npz import _attr_array, _id_arrays
from neuroagents.errors import ConnectomeError

__all__ = ["is_mapped_folder", "open_mapped", "save_mapped"]

FORMAT, VERSION = "neuroagents-connectome", 1
SUFFIX = ".connectome"
ARRAYS = ("indptr", "indices", "data")
SAMPLE = 1024  # synapses looked up in both directions when a folder is opened


def is_mapped_folder(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder written by :func:`save_mapped`."""
    meta = Path(path) / "meta.json"
    try:
        return Path(path).is_dir() and json.loads(meta.read_text()).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def save_mapped(c: Connectome, path: str | os.PathLike[str]) -> Path:
    """Write ``c`` to the folder ``path`` (its name must end in ``.connectome``).

    The folder is written beside the target and moved into place; an existing
    folder is replaced only if :func:`save_mapped` wrote it (anything else there is
    left alone and refused).

    Raises:
        ConnectomeError: a dense connectome, a wrong suffix, a target that is not a
            folder this function wrote, or node ids / attributes ``.npz`` cannot hold.

    Examples:
        >>> import tempfile, pathlib
        >>> import neuroagents as na
        >>> from neuroagents.connectome.mapped import open_mapped, save_mapped
        >>> c = na.builders.gnp_ei(80, 20, p=0.05, rng=0)
        >>> folder = save_mapped(c, pathlib.Path(tempfile.mkdtemp()) / "ei.connectome")
        >>> d = open_mapped(folder)
        >>> d.n_edges == c.n_edges, type(d.to_scipy().data).__name__
        (True, 'memmap')
    """
    target = Path(path)
    where = f"the connectome folder {str(target)!r}"
    if target.suffix != SUFFIX:
        raise ConnectomeError(f"Cannot write {where}: its name must end in {SUFFIX!r}.")
    if c.storage != "sparse":
        raise ConnectomeError(
            f"Cannot write {where}: only sparse connectomes are saved as arrays; this one "
            "is dense. Save it as .npz, or build it with storage='sparse'."
        )
    if target.exists() and not is_mapped_folder(target):
        raise ConnectomeError(
            f"Cannot write {where}: something that is not a saved connectome is there; "
            "neuroagents never replaces what it did not write. Choose another name."
        )
    foreign = _foreign_files(target) if target.exists() else []
    if foreign:
        raise ConnectomeError(
            f"Cannot write {where}: the saved connectome there also holds files neuroagents "
            f"did not write ({', '.join(foreign[:3])}); it never deletes them. Move them, "
            "or choose another name."
        )
    ranged = _is_range(c)
    extra = {} if ranged else _id_arrays(list(c.node_ids), where)
    extra.update({f"attr_{k}": _attr_array(k, v, where) for k, v in c.node_attrs.items()})
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        for side, m in (("in", c._in), ("out", c._out)):
            for name in ARRAYS:
                np.save(tmp / f"{side}_{name}.npy", np.asarray(getattr(m, name)))
        for name, values in extra.items():
            np.save(tmp / f"{name}.npy", values)
        meta = {
            "format": FORMAT, "version": VERSION, "n": c.n_nodes, "synapses": c.n_edges,
            "directed": c.directed, "symmetric": c.symmetric,
            "weight_dtype": c.weight_dtype.name, "node_ids": "range" if ranged else "file",
            "attributes": sorted(c.node_attrs), "graph_attrs": _jsonable(c.graph_attrs),
            "files": sorted(p.name for p in tmp.iterdir()),
        }  # fmt: skip
        (tmp / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
        old = None
        if target.exists():  # ours (checked above): swap, then remove the old one
            old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old."))
            os.replace(target, old / "x")
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return target


def _foreign_files(folder: Path) -> list[str]:
    """Names in a saved connectome's folder that its save did not write."""
    meta = json.loads((folder / "meta.json").read_text())
    # Folders saved before meta listed its files: the arrays it writes are .npy files.
    ours = set(meta["files"]) if "files" in meta else {p.name for p in folder.glob("*.npy")}
    return sorted(p.name for p in folder.iterdir() if p.name not in ours | {"meta.json"})


def _is_range(c: Connectome) -> bool:
    """Whether the node ids are the integers 0..n-1 (then no id file is written)."""
    if isinstance(c.node_ids, IdRange):
        return True
    return all(
        isinstance(v, int | np.integer) and not isinstance(v, bool) and v == i
        for i, v in enumerate(c.node_ids)
    )


def _jsonable(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in attrs.items():
        try:
            json.dumps(v)
        except (TypeError, ValueError):
            continue  # graph attributes that JSON cannot hold are not saved
        out[k] = v
    return out


def open_mapped(path: str | os.PathLike[str], *, mmap: bool = True) -> Connectome:
    """Open a folder written by :func:`save_mapped` (arrays memory-mapped by default).

    Args:
        path: the folder.
        mmap: map the arrays read-only (default) rather than read them into memory.

    Returns:
        A sparse Connectome on the arrays. Weight edits copy them first (the mapped
        file is never written).

    Raises:
        ConnectomeError: a missing or damaged folder (see the module docstring).
    """
    folder = Path(path)
    where = f"the connectome folder {str(folder)!r}"
    if not is_mapped_folder(folder):
        raise ConnectomeError(f"{where[0].upper()}{where[1:]} is not a saved connectome "
                              "(no meta.json of format neuroagents-connectome).")  # fmt: skip
    meta = json.loads((folder / "meta.json").read_text())
    n = meta.get("n")
    if not isinstance(n, int) or n < 1:
        raise ConnectomeError(f"The meta.json of {where} must give n >= 1. Got {n!r}.")
    mode = "r" if mmap else None
    mats = {}
    for side in ("in", "out"):
        arrays = {}
        for name in ARRAYS:
            file = folder / f"{side}_{name}.npy"
            try:
                arrays[name] = np.load(file, mmap_mode=mode, allow_pickle=False)
            except (OSError, ValueError) as err:
                raise ConnectomeError(f"{file.name} of {where} cannot be read: {err}") from None
            kinds = "f" if name == "data" else "i"
            if arrays[name].ndim != 1 or arrays[name].dtype.kind not in kinds:
                raise ConnectomeError(
                    f"{file.name} of {where} must be a 1-D {'float' if kinds == 'f' else 'int'}"
                    f" array. Got dtype {arrays[name].dtype}, shape {arrays[name].shape}."
                )
        if arrays["data"].shape != arrays["indices"].shape:
            raise ConnectomeError(f"The {side}-edge data and indices of {where} differ in length.")
        if not np.isfinite(arrays["data"]).all():
            raise ConnectomeError(f"The {side}-edge weights of {where} must all be finite.")
        m = sp.csr_array((n, n), dtype=arrays["data"].dtype)
        m.data, m.indices, m.indptr = arrays["data"], arrays["indices"], arrays["indptr"]
        mats[side] = m
    attrs = {}
    for name in meta.get("attributes", []):
        values = np.load(folder / f"attr_{name}.npy", allow_pickle=False)
        attrs[name] = values.astype(object) if values.dtype.kind in "Ub" else values
    try:
        c = from_csr_pair(mats["in"], mats["out"], node_attrs=attrs,
                          graph_attrs=meta.get("graph_attrs", {}),
                          symmetric=bool(meta.get("symmetric")),
                          directed=bool(meta.get("directed", True)))  # fmt: skip
    except ConnectomeError as err:
        raise ConnectomeError(f"{where}: {err}") from None
    _check_transpose(mats["in"], mats["out"], n, where)
    if meta.get("node_ids") == "file":
        ids = np.load(folder / "node_ids.npy", allow_pickle=False)
        c.node_ids = [int(v) for v in ids] if ids.dtype.kind in "iu" else [str(v) for v in ids]
        c.index = {v: i for i, v in enumerate(c.node_ids)}
    c._borrowed = mmap  # an edit copies the arrays first: the file is never written
    return c


@njit(cache=True)
def _counts_match(indices, out_indptr):
    """Whether each column's count among ``indices`` is its out-row's length."""
    counts = np.zeros(out_indptr.shape[0] - 1, np.int64)
    for e in range(indices.shape[0]):
        counts[indices[e]] += 1  # indices already checked in range
    for j in range(counts.shape[0]):
        if counts[j] != out_indptr[j + 1] - out_indptr[j]:
            return False
    return True


def _check_transpose(w_in: sp.csr_array, w_out: sp.csr_array, n: int, where: str) -> None:
    """Out-edges must hold the in-edges' synapses: counts per neuron and a sample."""
    if w_in.nnz != w_out.nnz or not _counts_match(w_in.indices, w_out.indptr):
        raise ConnectomeError(
            f"The out-edges of {where} are not the transpose of its in-edges "
            "(their counts per neuron differ)."
        )
    if w_in.nnz == 0:
        return
    pos = np.unique(np.linspace(0, w_in.nnz - 1, SAMPLE).astype(np.int64))
    rows = np.searchsorted(w_in.indptr, pos, side="right") - 1
    cols = np.asarray(w_in.indices[pos], dtype=np.int64)
    found = csr.find_positions(w_out.indptr, w_out.indices, cols, rows)
    if np.any(found < 0) or np.any(w_out.data[np.maximum(found, 0)] != w_in.data[pos]):
        raise ConnectomeError(
            f"The out-edges of {where} are not the transpose of its in-edges (a synapse "
            "differs between them)."
        )
