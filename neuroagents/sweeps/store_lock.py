"""One sweep at a time in a store: an exclusive lock held while a sweep reads and writes it.

Pieces:
    LOCK_NAME: the lock file inside a store (``.lock``; it holds the holder's pid).
    store_lock: a context manager holding the store's lock; a second sweep into the
        same store waits (saying so on one line) and then resumes from what the first
        one stored, so no run is computed twice.

The lock is ``fcntl.flock`` on the lock file: the kernel releases it when its holder
exits, however it exits (a sweep killed with SIGKILL leaves no stale lock). It is
re-entrant within a process (``neuroagents sweep`` holds it around the library's
``sweep``, which takes it again). Where ``fcntl`` is missing (Windows) sweeps are not
locked.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_NAME", "store_lock"]

LOCK_NAME = ".lock"
_held: dict[Path, int] = {}  # lock file -> how many times this process holds it


@contextlib.contextmanager
def store_lock(store: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the exclusive lock of the sweep store ``store`` (created if missing).

    Args:
        store: the store directory.

    Examples:
        >>> import tempfile
        >>> folder = tempfile.mkdtemp()
        >>> with store_lock(folder):
        ...     with store_lock(folder):  # re-entrant in one process
        ...         pass
    """
    folder = Path(store)
    folder.mkdir(parents=True, exist_ok=True)
    path = (folder / LOCK_NAME).resolve()
    if fcntl is None or path in _held:
        _held[path] = _held.get(path, 0) + 1
        try:
            yield
        finally:
            _held[path] -= 1
            if not _held[path]:
                del _held[path]
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            print(
                f"neuroagents: the sweep store {str(folder)!r} is in use by another sweep "
                f"(process {holder}); waiting for it to finish, then resuming from its runs.",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        _held[path] = 1
        try:
            yield
        finally:
            del _held[path]
    finally:
        os.close(fd)  # releases the lock
