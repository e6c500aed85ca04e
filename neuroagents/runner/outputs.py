"""Output directories that are never half old, half new, and never lose a user's files.

Pieces:
    MANIFEST, WRITTEN_BY: the file that lists what a run wrote (``meta.json``) and the
        mark that says neuroagents wrote it.
    check_writable: fail before a long run, not after it, if the output cannot be written.
    check_out_dir: refuse, before a run, an output directory the run may not replace.
    owned_files: the files a previous run of this tool wrote into a directory.
    replace_outputs: write a complete set of outputs into a fresh staging directory, then
        put it in place of the tool's previous outputs.
    replace_directory: the same for a directory that may hold only the tool's outputs.

The rule: a run replaces only what a run of this tool wrote there (the files listed by
the ``meta.json`` that carries ``"written_by": "neuroagents"``). A directory holding
anything else is refused; with ``overwrite=True`` (``--overwrite``) the foreign files are
kept and only the tool's own files are replaced. The current directory, the home
directory, a project's root (holding ``pyproject.toml`` or ``.git``), the config's own
folder and any directory containing the config, the current or the home directory are
never output directories.

How the swap is one step: on Linux, ``renameat2(RENAME_EXCHANGE)`` exchanges the
staging and the target directories atomically, so a run killed at any moment leaves
either the previous complete output or the new one. Where that call is missing (other
systems, old kernels), the old directory is renamed aside and the new one renamed into
place; a kill between those two renames is repaired on the next run (the aside copy
comes back). Staging and aside directories left by killed runs are removed on the next
run into the same place. With ``--overwrite`` into a directory that also holds foreign
files the set cannot be swapped as a whole: each file is replaced atomically and the
manifest, rewritten first to list old and new files and last to list the new ones,
always names every file the tool may have written there.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

from neuroagents.errors import ConfigError
from neuroagents.io import write_json

__all__ = [
    "MANIFEST",
    "WRITTEN_BY",
    "check_out_dir",
    "check_writable",
    "owned_files",
    "replace_directory",
    "replace_outputs",
]

MANIFEST = "meta.json"
WRITTEN_BY = "neuroagents"
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


def owned_files(out_dir: Path) -> set[str] | None:
    """The names a previous run of this tool wrote into ``out_dir`` (None: no such run).

    They are the ``files`` listed by ``out_dir/meta.json`` when that file says
    neuroagents wrote it (``"written_by": "neuroagents"``, or, for outputs written before
    the mark existed, the ``model``/``packages`` keys every run's meta has).

    Examples:
        >>> import tempfile
        >>> d = Path(tempfile.mkdtemp())
        >>> _ = (d / "meta.json").write_text('{"written_by": "neuroagents", "files": ["a.png"]}')
        >>> sorted(owned_files(d))
        ['a.png', 'meta.json']
        >>> _ = (d / "meta.json").write_text('{"files": ["a.png"]}')
        >>> owned_files(d) is None
        True
    """
    try:
        meta = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or not isinstance(meta.get("files"), list):
        return None
    marked = meta.get("written_by") == WRITTEN_BY
    older = "model" in meta and WRITTEN_BY in (meta.get("packages") or {})
    names = meta["files"]
    plain = all(isinstance(n, str) and n and "/" not in n and n not in (".", "..") for n in names)
    if not (marked or older) or not plain:
        return None
    return {*names, MANIFEST}


def _foreign(out_dir: Path) -> list[str]:
    """The entries of ``out_dir`` that no run of this tool wrote (sorted)."""
    if not out_dir.is_dir():
        return []
    owned = owned_files(out_dir) or set()
    return sorted(p.name for p in out_dir.iterdir() if p.name not in owned or not p.is_file())


def _shown(names: list[str]) -> str:
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return ", ".join(repr(n) for n in names[:3]) + more


def _protected(out_dir: Path, config: Path | None) -> str | None:
    """Why ``out_dir`` may never be an output directory, or None."""
    out = out_dir.resolve()
    places = [("the current directory", Path.cwd().resolve())]
    with contextlib.suppress(RuntimeError, KeyError):
        places.append(("your home directory", Path.home().resolve()))
    if config is not None:
        places.append(("the config's own folder", config.resolve().parent))
    for what, place in places:
        if out == place:
            return f"it is {what}"
        if out in place.parents:
            return f"it contains {what}"
    for marker in ("pyproject.toml", ".git"):
        if (out / marker).exists():
            return f"it is a project's root (it holds {marker})"
    return None


def check_out_dir(out_dir: Path, *, config: Path | None = None, overwrite: bool = False) -> None:
    """Refuse an output directory a run may not replace (see the module's rule).

    Args:
        out_dir: where the run will write.
        config: the config file being run (its folder and its ancestors are refused).
        overwrite: allow a directory that also holds files the tool did not write (they
            are kept); protected directories stay refused.

    Raises:
        ConfigError: one line naming the directory, what is in the way and what to do.
    """
    why = _protected(Path(out_dir), config)
    if why is not None:
        raise ConfigError(
            f"Refusing to write outputs into {str(out_dir)!r}: {why}, and a run replaces "
            "its output directory's contents. Give --out a new or empty directory, e.g. "
            f"{str(Path(out_dir) / 'neuroagents-out')!r}."
        )
    foreign = _foreign(Path(out_dir))
    if MANIFEST in foreign:  # even --overwrite would have to replace it: say so before a run
        raise ConfigError(
            f"The output directory {str(out_dir)!r} holds a {MANIFEST} that neuroagents did "
            "not write, and a run writes its own there; choose another --out."
        )
    if foreign and not overwrite:
        raise ConfigError(
            f"The output directory {str(out_dir)!r} holds files neuroagents did not write "
            f"({_shown(foreign)}); choose another --out (a new or empty directory), or pass "
            "--overwrite to replace only neuroagents' own outputs there and keep the rest."
        )


def replace_outputs[T](
    out_dir: Path,
    write: Callable[[Path], T],
    *,
    names: Callable[[T], Iterable[str]] | None = None,
    overwrite: bool = False,
) -> T:
    """Call ``write(staging)`` to fill a fresh directory, then put its files in ``out_dir``.

    ``write`` must write ``meta.json`` with ``"written_by": "neuroagents"`` and
    ``"files"`` listing every file it wrote. Only files a previous run of the tool wrote
    are replaced or removed; other files are never touched.

    Args:
        out_dir: the output directory (created if missing).
        write: fills the given directory; its return value is passed back.
        names: the file names ``write``'s return value lists (default: it is that list).
        overwrite: allow foreign files in ``out_dir`` (kept as they are).

    Returns:
        What ``write`` returned.

    Raises:
        ConfigError: ``out_dir`` holds foreign files and ``overwrite`` is False, or a new
            output would replace a foreign file of the same name.
    """
    out_dir = Path(out_dir)
    if out_dir.is_symlink():  # replace what the link points to, never the link itself
        out_dir = out_dir.resolve()
    check_out_dir(out_dir, overwrite=overwrite)
    parent = out_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    _recover(out_dir)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=_STAGING.format(name=out_dir.name)))
    try:
        result = write(staging)
        listed = result if names is None else names(result)
        new = sorted({*listed, MANIFEST})  # type: ignore[misc]
        if owned_files(staging) is None:
            raise RuntimeError(f"the outputs written in {staging} lack a neuroagents {MANIFEST}")
        os.chmod(staging, 0o777 & ~_umask())
        foreign = _foreign(out_dir)
        if not foreign:
            _swap_into_place(staging, out_dir)
        else:
            _replace_files(staging, out_dir, new, foreign)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return result


def replace_directory[T](out_dir: Path, write: Callable[[Path], T]) -> T:
    """Call ``write(staging)`` to fill a fresh directory, then make it ``out_dir``.

    For a directory that is new or holds only this tool's outputs (a foreign file in
    ``out_dir`` is refused, never deleted); see :func:`replace_outputs`.

    Args:
        out_dir: the directory to replace (created if missing).
        write: fills the given directory (including a neuroagents ``meta.json``); its
            return value is passed back.

    Returns:
        What ``write`` returned.
    """
    return replace_outputs(out_dir, write, names=lambda _: ())


def _replace_files(staging: Path, out_dir: Path, new: list[str], foreign: list[str]) -> None:
    """Move the new files into ``out_dir`` one by one, keeping its foreign files."""
    clash = sorted(set(new) & set(foreign))
    if clash:
        raise ConfigError(
            f"The output directory {str(out_dir)!r} holds {_shown(clash)}, which "
            "neuroagents did not write and this run would replace; move it or choose "
            "another --out."
        )
    old = (owned_files(out_dir) or set()) - {MANIFEST}
    # First the manifest lists old and new files, so a kill never leaves an unlisted one.
    both = sorted((old | set(new)) - {MANIFEST})
    write_json({"written_by": WRITTEN_BY, "files": both, "incomplete": True}, out_dir / MANIFEST)
    for name in new:
        if name != MANIFEST:
            os.replace(staging / name, out_dir / name)
    for name in sorted(old - set(new)):
        with contextlib.suppress(FileNotFoundError):
            (out_dir / name).unlink()
    os.replace(staging / MANIFEST, out_dir / MANIFEST)


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    if out_dir.is_dir() and _exchange(staging, out_dir):
        _remove_old(staging, out_dir)  # staging now holds the old outputs
        return
    if out_dir.is_dir():
        aside = Path(tempfile.mkdtemp(dir=staging.parent, prefix=_ASIDE.format(name=out_dir.name)))
        aside.rmdir()
        os.rename(out_dir, aside)
        os.rename(staging, out_dir)
        _remove_old(aside, out_dir)
    else:
        os.rename(staging, out_dir)


def _remove_old(old: Path, out_dir: Path) -> None:
    """Delete the tool's files from the swapped-out directory; bring anything else back.

    A file created in the output directory while the run was writing (after the check)
    is the user's: it goes back into ``out_dir``, or, if a new output took its name, the
    old directory stays, renamed so that it is visible, with a warning.
    """
    owned = owned_files(old) or set()
    for entry in sorted(old.iterdir()):
        if entry.name in owned and entry.is_file():
            entry.unlink()
        elif not (out_dir / entry.name).exists():
            os.rename(entry, out_dir / entry.name)
    if any(old.iterdir()):
        kept = out_dir.with_name(f"{out_dir.name}.kept-{old.name.rsplit('-', 1)[-1]}")
        os.rename(old, kept)
        warnings.warn(
            f"files that appeared in {out_dir} during the run share a name with new outputs; "
            f"they were kept in {kept}.",
            UserWarning,
            stacklevel=4,
        )
    else:
        old.rmdir()


def _recover(out_dir: Path) -> None:
    """Undo what a run killed mid-swap left: bring back the old outputs, drop stagings."""
    parent = out_dir.absolute().parent
    asides = sorted(p for p in parent.glob(_ASIDE.format(name=out_dir.name) + "*") if p.is_dir())
    if asides and not out_dir.exists():
        os.rename(asides.pop(), out_dir)
    for aside in asides:
        _remove_old(aside, out_dir)
    # A staging directory holds only what a run of this tool was writing.
    for leftover in parent.glob(_STAGING.format(name=out_dir.name) + "*"):
        if leftover.is_dir() and not leftover.is_symlink():
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
