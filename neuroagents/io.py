"""Atomic file output: a reader never sees a half-written file.

Pieces:
    atomic_path: a context manager yielding a temporary path that replaces the target
        on success (``os.replace`` is atomic on POSIX) and vanishes on failure.
    write_parquet, write_json, save_figure: the writers built on it.
    read_toml: parse a TOML file, naming the file in any error.
    package_versions: the installed versions a result depends on (for meta.json).
    written_by_neuroagents: whether a parquet file carries the mark ``write_parquet``
        puts in its metadata (so a later run may replace it).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from neuroagents.errors import ConfigError

__all__ = [
    "atomic_path",
    "package_versions",
    "read_toml",
    "save_figure",
    "write_json",
    "write_parquet",
    "written_by_neuroagents",
]

MARK_KEY, MARK = b"written_by", b"neuroagents"


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary sibling of ``target``; move it into place if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp makes the file private (0600); give it the usual umask-based mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_path, 0o666 & ~umask)
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_parquet(frame: pd.DataFrame, target: str | os.PathLike[str]) -> Path:
    """Write ``frame`` to ``target`` as parquet, atomically, marked as neuroagents' own."""
    table = pa.Table.from_pandas(frame)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), MARK_KEY: MARK})
    with atomic_path(target) as tmp:
        pq.write_table(table, tmp)
    return Path(target)


def written_by_neuroagents(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a parquet file :func:`write_parquet` wrote (False if unreadable)."""
    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowException):
        return False
    return metadata.get(MARK_KEY) == MARK


def write_json(data: Any, target: str | os.PathLike[str]) -> Path:
    """Write ``data`` as indented JSON, atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(data, indent=2, default=str) + "\n")
    return Path(target)


def save_figure(figure: Any, target: str | os.PathLike[str], dpi: int = 120) -> Path:
    """Save a matplotlib figure as PNG, atomically."""
    with atomic_path(target) as tmp:
        figure.savefig(tmp, dpi=dpi, bbox_inches="tight", format="png")
    return Path(target)


def read_toml(path: str | os.PathLike[str], what: str) -> dict[str, Any]:
    """Parse a TOML file, raising ConfigError that names the file if it is missing or bad."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"The {what} {path} does not exist.") from None
    except IsADirectoryError:
        raise ConfigError(f"The {what} {path} is a directory, not a TOML file.") from None
    except UnicodeDecodeError as err:
        raise ConfigError(f"The {what} {path} is not UTF-8 text ({err.reason}).") from None
    except OSError as err:
        raise ConfigError(f"The {what} {path} cannot be read: {err.strerror}.") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"The {what} {path} is not valid TOML: {err}.") from None


def package_versions() -> dict[str, str]:
    """Installed versions of neuroagents and the packages its results depend on."""
    names = ("neuroagents", "mesa", "numpy", "scipy", "pandas", "networkx", "numba", "pyarrow")
    out = {}
    for name in names:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out
