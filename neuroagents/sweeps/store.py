"""A run store: one directory per sweep, parquet parts of many runs, an index, a manifest.

Pieces:
    RunStore: opens a store (quarantining files it cannot trust, rebuilding a damaged
        index or manifest), checks that a sweep belongs there (:mod:`store_manifest`),
        buffers finished runs and writes them in batched parts, knows which runs are
        finished, loads them.
    MemoryRuns: the same bookkeeping in memory, for a sweep without a store.
    ColumnTypes: the type of every output column so far; a run whose outputs have
        another type fails with a message instead of poisoning the table.
    load_runs: the DataFrame of every run in a store.
    check_store_place: refuse a store in a directory that holds other files.
    StoreRepairWarning: warned when a file is quarantined or the index rebuilt.

Why this survives SIGKILL at any moment: a part appears only through an atomic
``os.replace`` of a complete temporary file, so a part either is whole or is not there;
its index line follows it. The parts are the truth: an index line without a part is
dropped, a part without an index line is read back. A kill loses at most the runs
buffered since the last part (a few seconds of work), which the next sweep re-runs.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from neuroagents.errors import ValidationError
from neuroagents.io import atomic_path
from neuroagents.sweeps.manifest import META_KEY, Manifest
from neuroagents.sweeps.plan import RESERVED
from neuroagents.sweeps.store_lock import LOCK_NAME
from neuroagents.sweeps.task import Result

__all__ = [
    "ColumnTypes",
    "MemoryRuns",
    "RunStore",
    "StoreRepairWarning",
    "check_store_place",
    "load_runs",
]

STORE_MARKS = ("parts", "sweep.json", "index.jsonl")
"""Any of these in a directory makes it a sweep store."""


class StoreRepairWarning(UserWarning):
    """A store file was quarantined, or the index or manifest was rebuilt."""


class ColumnTypes:
    """The Arrow type of each output column of the runs seen so far."""

    def __init__(self) -> None:
        self.types: dict[str, pa.DataType] = {}

    def learn(self, schema: pa.Schema) -> None:
        """Take the types of ``schema``'s non-null columns as the reference."""
        for field in schema:
            if not pa.types.is_null(field.type):
                self.types.setdefault(field.name, field.type)

    def conflict(self, table: pa.Table, params: Iterable[str]) -> str | None:
        """A message if an output of ``table`` has another type than before, else None."""
        skip = set(RESERVED) | set(params)
        for field in table.schema:
            known = self.types.get(field.name)
            if field.name in skip or known is None or pa.types.is_null(field.type):
                continue
            if field.type != known and not (_is_number(field.type) and _is_number(known)):
                return (
                    f"the output {field.name!r} has type {field.type} in this run but "
                    f"{known} in earlier runs; return one type for each output."
                )
        return None


def _is_number(t: pa.DataType) -> bool:
    return pa.types.is_integer(t) or pa.types.is_floating(t)


class MemoryRuns:
    """Finished runs held in memory (a sweep without a store), compacted in chunks."""

    def __init__(self, chunk_runs: int = 2000) -> None:
        self.chunks: list[pa.Table] = []
        self.pending: list[pa.Table] = []
        self.chunk_runs = chunk_runs
        self.types = ColumnTypes()

    def add(self, result: Result) -> None:
        """Keep one run's table."""
        self.pending.append(result[1])
        self.types.learn(result[1].schema)
        if len(self.pending) >= self.chunk_runs:
            # Copy into contiguous columns: thousands of tiny chunks cost far more.
            self.chunks.append(_concat(self.pending).combine_chunks())
            self.pending = []

    def load(self, order: list[str]) -> pd.DataFrame:
        """The runs in ``order`` as one DataFrame."""
        return _in_order(_to_frame([*self.chunks, *self.pending]), order)

    def close(self) -> None:
        """Nothing to write."""


class RunStore:
    """The on-disk store of a sweep.

    Args:
        path: the store directory (created if missing).
        batch_runs: runs buffered before a part is written.
        batch_seconds: at most this long between parts while runs finish.
    """

    def __init__(
        self, path: str | os.PathLike[str], batch_runs: int = 2000, batch_seconds: float = 2.0
    ) -> None:
        self.path = Path(path)
        check_store_place(self.path)
        self.parts = self.path / "parts"
        self.parts.mkdir(parents=True, exist_ok=True)
        self.index_path = self.path / "index.jsonl"
        self.batch_runs, self.batch_seconds = batch_runs, batch_seconds
        self.types = ColumnTypes()
        self._buffer: list[pa.Table] = []
        self._buffer_status: dict[str, str] = {}
        self._last_flush = time.monotonic()
        for stale in [*self.parts.glob(".*.tmp"), *self.path.glob(".*.tmp")]:
            stale.unlink(missing_ok=True)
        self._part_meta: dict[str, dict[str, Any]] = {}
        self._check_parts()
        self.latest: dict[str, tuple[str, str]] = {}  # run_id -> (part, status)
        self._load_index()
        self.manifest = Manifest(self.path / "sweep.json", self._part_meta, self._warn)

    def begin(self, spec: dict[str, Any], on_change: str) -> str:
        """Record the sweep ``spec`` in the manifest (see :meth:`Manifest.decide`).

        Returns:
            ``"resume"``, ``"append"`` or ``"rerun"`` (the stored runs moved aside).
        """
        action = self.manifest.decide(spec, on_change)
        if action == "rerun":
            self.supersede()
        return action

    # ------------------------------------------------------------------ queries
    def finished(self, include_failed: bool = False) -> set[str]:
        """Run ids stored (by default only those that succeeded)."""
        return {
            run_id
            for run_id, (_, status) in self.latest.items()
            if include_failed or status == "ok"
        }

    def load(self, order: list[str] | None = None) -> pd.DataFrame:
        """The latest attempt of every stored run (in ``order`` if given, else part order)."""
        tables = []
        keep_by_part: dict[str, set[str]] = {}
        wanted = None if order is None else set(order)
        for run_id, (part, _) in self.latest.items():
            if wanted is None or run_id in wanted:
                keep_by_part.setdefault(part, set()).add(run_id)
        for name in sorted(keep_by_part):
            try:
                table = pq.read_table(self.parts / name)
            except (OSError, pa.ArrowException) as err:
                self._quarantine(self.parts / name, f"unreadable ({err})")
                continue
            keep = keep_by_part[name]
            if len(keep) < len(set(table.column("run_id").to_pylist())):
                table = table.filter(pc.is_in(table["run_id"], pa.array(sorted(keep))))
            tables.append(table)
        frame = _to_frame(tables)
        return frame if order is None else _in_order(frame, order)

    # ------------------------------------------------------------------ writing
    def add(self, result: Result) -> None:
        """Buffer one finished run; write a part when the buffer is big or old enough."""
        run_id, table, status, _ = result
        self._buffer.append(table)
        self._buffer_status[run_id] = status
        self.types.learn(table.schema)
        if (
            len(self._buffer) >= self.batch_runs
            or time.monotonic() - self._last_flush >= self.batch_seconds
        ):
            self.flush()

    def flush(self) -> None:
        """Write the buffered runs as one part, then its index line."""
        self._last_flush = time.monotonic()
        if not self._buffer:
            return
        table = _concat(self._buffer)
        meta = json.dumps(self.manifest.current_identity()).encode()
        table = table.replace_schema_metadata({META_KEY: meta})
        existing = [p.name for p in self.parts.glob("part-*.parquet")]
        seq = 1 + max((int(n.split("-")[1]) for n in existing), default=0)
        name = f"part-{seq:06d}-{os.getpid()}.parquet"
        with atomic_path(self.parts / name) as tmp:
            pq.write_table(table, tmp)
        entry = {"part": name, "runs": self._buffer_status}
        with open(self.index_path, "a") as fh:
            fh.write(json.dumps(entry) + "\n")
        for run_id, status in self._buffer_status.items():
            self.latest[run_id] = (name, status)
        self._buffer, self._buffer_status = [], {}

    def close(self) -> None:
        """Write what is buffered."""
        self.flush()

    def supersede(self) -> Path:
        """Move every stored run aside (``superseded/<time>/``) and start empty."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path / "superseded" / stamp
        k = 1
        while target.exists():
            k += 1
            target = self.path / "superseded" / f"{stamp}-{k}"
        target.mkdir(parents=True)
        os.replace(self.parts, target / "parts")
        if self.index_path.exists():
            os.replace(self.index_path, target / "index.jsonl")
        self.parts.mkdir()
        self.latest, self._part_meta = {}, {}
        self.types = ColumnTypes()
        return target

    # ------------------------------------------------------------------ opening
    def _check_parts(self) -> None:
        """Quarantine files that are not whole parquet parts of a sweep store."""
        for path in sorted(self.parts.iterdir()):
            if path.name.startswith("."):
                continue
            if not (path.name.startswith("part-") and path.suffix == ".parquet"):
                self._quarantine(path, "not a part of this store")
                continue
            try:
                schema = pq.read_schema(path)
            except (OSError, pa.ArrowException) as err:
                self._quarantine(path, f"not a whole parquet file ({err})")
                continue
            if "run_id" not in schema.names or "status" not in schema.names:
                self._quarantine(path, "a parquet file without run_id and status columns")
                continue
            self.types.learn(schema)
            raw = (schema.metadata or {}).get(META_KEY)
            self._part_meta[path.name] = json.loads(raw) if raw else {}

    def _load_index(self) -> None:
        entries, damaged = [], False
        if self.index_path.exists():
            for line in self.index_path.read_text().splitlines():
                try:
                    entry = json.loads(line)
                    entries.append((str(entry["part"]), dict(entry["runs"])))
                except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                    damaged = True
        indexed = {part for part, _ in entries}
        present = set(self._part_meta)
        entries = [(part, runs) for part, runs in entries if part in present]
        for part in sorted(present - indexed):
            column = pq.read_table(self.parts / part, columns=["run_id", "status"])
            runs = dict(
                zip(column["run_id"].to_pylist(), column["status"].to_pylist(), strict=True)
            )
            entries.append((part, runs))
        if damaged:
            self._warn(f"the index {self.index_path} was damaged; rebuilt it from the parts")
        if damaged or indexed != present:
            text = "".join(json.dumps({"part": p, "runs": r}) + "\n" for p, r in entries)
            with atomic_path(self.index_path) as tmp:
                tmp.write_text(text)
        for part, runs in sorted(entries):
            for run_id, status in runs.items():
                self.latest[run_id] = (part, status)

    def _quarantine(self, path: Path, why: str) -> None:
        target = self.path / "quarantine" / path.name
        target.parent.mkdir(exist_ok=True)
        k = 1
        while target.exists() or target.is_symlink():  # never replace an earlier one
            k += 1
            target = target.with_name(f"{path.name}.{k}")
        shutil.move(path, target)
        self._warn(f"{path} is {why}: moved it to {target}; its runs will run again")

    def _warn(self, message: str) -> None:
        warnings.warn(f"sweep store: {message}.", StoreRepairWarning, stacklevel=4)


def check_store_place(path: str | os.PathLike[str]) -> None:
    """Refuse a sweep store at ``path`` unless it is new, empty or already a store.

    A store writes its parts and the combined outputs (``results.parquet``,
    ``meta.json`` ...) into its directory, so a directory holding anything else (a
    user's files, a config folder) is never made one.

    Raises:
        ValidationError: ``path`` is a file, or a directory holding other files.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ValidationError(
            f"The sweep store {str(path)!r} is a file, not a directory; give a directory path."
        )
    if not path.is_dir() or any((path / mark).exists() for mark in STORE_MARKS):
        return
    others = sorted(p.name for p in path.iterdir() if p.name != LOCK_NAME)
    if others:
        shown = ", ".join(repr(n) for n in others[:3]) + (
            f" and {len(others) - 3} more" if len(others) > 3 else ""
        )
        raise ValidationError(
            f"The sweep store {str(path)!r} is a directory holding other files ({shown}), "
            "not a sweep store; give a new or empty directory (--out), or an existing store."
        )


def _concat(tables: list[pa.Table]) -> pa.Table:
    # Runs may differ in columns and types (a failed run has no outputs, an all-None
    # column is untyped, ints and floats mix): permissive promotion unifies them.
    tables = [t.replace_schema_metadata(None) for t in tables]
    return pa.concat_tables(tables, promote_options="permissive")


def _to_frame(tables: list[pa.Table]) -> pd.DataFrame:
    tables = [t for t in tables if t.num_columns]
    return _concat(tables).to_pandas() if tables else pd.DataFrame()


def _in_order(frame: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Rows of the runs in ``order`` (others dropped), each run's rows kept together."""
    if not len(frame):
        return frame
    position = {run_id: k for k, run_id in enumerate(order)}
    rank = frame["run_id"].map(position)
    frame, rank = frame[rank.notna()], rank[rank.notna()]
    return frame.iloc[rank.argsort(kind="stable")].reset_index(drop=True)


def load_runs(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Every run stored at ``path`` (its latest attempt), as one DataFrame.

    Rows come in the sweeps' own order (grid point, then seed) when the manifest
    ``sweep.json`` knows the sweeps, else in the order they were stored.

    Raises:
        ValidationError: if ``path`` is not a sweep store.
    """
    root = Path(path)
    if not (root / "parts").is_dir():
        raise ValidationError(
            f"The 'path' parameter of load_runs must be a sweep store (a folder with "
            f"parts/). Got {str(root)!r}."
        )
    store = RunStore(root)
    return store.load(store.manifest.run_order())
