"""Output directories that are never half old, half new.

Pieces:
    check_writable: fail before a long run, not after it, if the output cannot be written.
    replace_directory: write a complete set of outputs into a fresh staging directory,
        then put it in place of the old one in one step.

How the swap is one step: on Linux, ``renameat2(RENAME_EXCHANGE)`` exchanges the
staging and the target directories atomically, so a run killed at any moment leaves
either the previous complete output or the new one. Where that call is missing (other
systems, old kernels), the old directory is renamed aside and the new one renamed into
place; a kill between those two renames is repaired on the next run (the aside copy
comes back). Staging and aside directories left by killed runs are removed on the next
run into the same place.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from neuroagents.errors import ConfigError

__all__ = ["check_writable", "replace_directory"]

_STAGING = ".{name}.staging-"
_ASIDE = ".{name}.previous-"


def check_writable(out_dir: Path) -> None:
    """Raise ConfigError naming ``out_dir`` unless outputs can be written next to it."""
    parent = out_dir.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        if out_dir.exists() and not out_dir.is_dir():
            raise ConfigError(f"The output path {str(out_dir)!r} exists and is not a directory.")
        with tempfile.TemporaryFile(dir=parent):
            pass
    except ConfigError:
        raise
    except OSError as err:
        raise ConfigError(
            f"Cannot write outputs to {str(out_dir)!r}: {err.strerror or err} "
            f"(in {str(parent)!r}). Choose another --out."
        ) from None


def replace_directory[T](out_dir: Path, write: Callable[[Path], T]) -> T:
    """Call ``write(staging)`` to fill a fresh directory, then make it ``out_dir``.

    Args:
        out_dir: the directory to replace (created if missing).
        write: fills the given directory; its return value is passed back.

    Returns:
        What ``write`` returned (paths inside the staging directory are the caller's to
        map onto ``out_dir``).
    """
    out_dir = Path(out_dir)
    parent = out_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    _recover(out_dir)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=_STAGING.format(name=out_dir.name)))
    try:
        result = write(staging)
        os.chmod(staging, 0o777 & ~_umask())
        _swap_into_place(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return result


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    if out_dir.is_dir() and _exchange(staging, out_dir):
        return  # staging now holds the old outputs; the caller removes it
    if out_dir.is_dir():
        aside = Path(tempfile.mkdtemp(dir=staging.parent, prefix=_ASIDE.format(name=out_dir.name)))
        aside.rmdir()
        os.rename(out_dir, aside)
        os.rename(staging, out_dir)
        shutil.rmtree(aside, ignore_errors=True)
    else:
        os.rename(staging, out_dir)


def _recover(out_dir: Path) -> None:
    """Undo what a run killed mid-swap left: bring back the old outputs, drop stagings."""
    parent = out_dir.absolute().parent
    asides = sorted(parent.glob(_ASIDE.format(name=out_dir.name) + "*"))
    if asides and not out_dir.exists():
        os.rename(asides.pop(), out_dir)
    for leftover in [*asides, *parent.glob(_STAGING.format(name=out_dir.name) + "*")]:
        shutil.rmtree(leftover, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    done = renameat2(
        _AT_FDCWD, os.fsencode(a.absolute()), _AT_FDCWD, os.fsencode(b.absolute()),
        _RENAME_EXCHANGE,
    )  # fmt: skip
    return done == 0


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
