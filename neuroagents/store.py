"""A run store: one directory per sweep, one parquet part per finished run.

Pieces:
    RunStore: writes each finished run atomically as ``parts/<run_id>.parquet`` and
        appends a line to ``index.jsonl``; knows which runs are finished; loads all.
    load_runs: the DataFrame of every finished run in a store.

Why this survives SIGKILL at any moment: a part appears only through an atomic
``os.replace`` of a complete temporary file, so a part either is whole or is not there;
temporary files are ignored (and swept away on the next open). The part files are the
truth; the index is a convenience, rebuilt from them if a kill cut it short, so a run is
never lost and never counted twice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from neuroagents.errors import ValidationError
from neuroagents.io import atomic_path, write_json, write_parquet

__all__ = ["RunStore", "load_runs"]


class RunStore:
    """The on-disk store of a sweep.

    Args:
        path: the store directory (created if missing).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.parts = self.path / "parts"
        self.parts.mkdir(parents=True, exist_ok=True)
        self.index_path = self.path / "index.jsonl"
        for stale in self.parts.glob(".*.tmp"):
            stale.unlink(missing_ok=True)
        self._repair_index()

    def finished(self, include_failed: bool = False) -> set[str]:
        """Run ids with a part on disk (by default only those that succeeded)."""
        done = set()
        for entry in self._index_entries():
            if include_failed or entry.get("status") == "ok":
                done.add(entry["run_id"])
        return done

    def write(self, run_id: str, frame: pd.DataFrame, status: str, seconds: float) -> None:
        """Store one run: its part first (atomically), then its index line."""
        write_parquet(frame, self.parts / f"{run_id}.parquet")
        self._append_index({"run_id": run_id, "status": status, "seconds": round(seconds, 4)})

    def write_spec(self, spec: dict[str, Any]) -> None:
        """Record what the sweep is (grid, seeds, function) in ``sweep.json``."""
        write_json(spec, self.path / "sweep.json")

    def load(self, run_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """Concatenate the parts (of ``run_ids``, in that order; default: all, by name)."""
        if run_ids is None:
            files = sorted(self.parts.glob("*.parquet"))
        else:
            files = [self.parts / f"{r}.parquet" for r in run_ids]
            files = [f for f in files if f.exists()]
        tables = [pq.read_table(f) for f in files]
        tables = [t for t in tables if t.num_columns]
        if not tables:
            return pd.DataFrame()
        # Parts may differ in columns and types (a failed run has no outputs; an
        # all-None column is untyped): permissive promotion unifies them.
        return pa.concat_tables(tables, promote_options="permissive").to_pandas()

    # ------------------------------------------------------------------ index
    def _index_entries(self) -> list[dict[str, Any]]:
        if not self.index_path.exists():
            return []
        entries = {}
        for line in self.index_path.read_text().splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a kill; the part decides
            entries[entry["run_id"]] = entry
        return list(entries.values())

    def _append_index(self, entry: dict[str, Any]) -> None:
        with open(self.index_path, "a") as fh:
            # No fsync: a killed process loses nothing the kernel has; the parts decide.
            fh.write(json.dumps(entry) + "\n")

    def _repair_index(self) -> None:
        """Make the index agree with the parts: drop lines without a part, add missing ones."""
        on_disk = {p.stem for p in self.parts.glob("*.parquet")}
        entries = {e["run_id"]: e for e in self._index_entries() if e["run_id"] in on_disk}
        missing = on_disk - set(entries)
        raw = self.index_path.read_text() if self.index_path.exists() else ""
        clean = all(_parses(line) for line in raw.splitlines())
        if not missing and clean and len(entries) == raw.count("\n"):
            return
        for run_id in sorted(missing):
            status = _part_status(self.parts / f"{run_id}.parquet")
            entries[run_id] = {"run_id": run_id, "status": status, "seconds": None}
        text = "".join(json.dumps(e) + "\n" for e in entries.values())
        with atomic_path(self.index_path) as tmp:
            tmp.write_text(text)


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def _part_status(path: Path) -> str:
    frame = pd.read_parquet(path, columns=["status"])
    return str(frame["status"].iloc[0]) if len(frame) else "ok"


def load_runs(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Every finished run of the sweep stored at ``path``, as one DataFrame.

    Rows come in the sweep's own order (grid point, then seed) when ``sweep.json``
    is there, else by run id.

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
    spec_path = root / "sweep.json"
    order = None
    if spec_path.exists():
        order = json.loads(spec_path.read_text()).get("run_ids")
    return store.load(order)
