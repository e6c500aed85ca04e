"""Parameter names a sweep's function reads: typos caught before any run.

Pieces:
    names_taken: the parameter names a model class takes, or the strings a function's
        code mentions (None when the check cannot see them).
    unread_name: the first given parameter name that ``fn`` never reads, with where it
        was given.
    nearest: `` (did you mean 'noise'?)`` for the closest known name, or "".

A misspelt parameter otherwise surfaces only inside every run (``KeyError: 'noise'``),
as rows with ``status == "failed"``. ``na.sweep`` and ``neuroagents sweep`` both check
the names first: the config refuses every unread name, ``na.sweep`` the unread names
close to a read one (a grid may carry a label column the function never reads).

For a function the check reads the string constants of its code and
of the functions it calls in the user's own code or in neuroagents (three levels deep):
a name handed on through a method call or into an installed package is invisible to
it, which is why both offer a switch to turn it off.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
import sysconfig
import types
from collections.abc import Iterable, Mapping
from typing import Any

from neuroagents.messages import nearest as closest

__all__ = ["names_taken", "nearest", "unread_name"]


def nearest(word: str, options: Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix naming the closest option, or ``""``.

    Examples:
        >>> nearest("nosie", ["noise", "n", "steps"])
        " (did you mean 'noise'?)"
        >>> nearest("zzz", ["noise"])
        ''
    """
    close = closest(word, options)
    return f" (did you mean {close!r}?)" if close else ""


def names_taken(function: Any) -> set[str] | None:
    """Parameter names a model class takes, or the strings a function's code mentions.

    A function's names are the string constants of its code and of the functions and
    classes it calls (three levels deep) that are the user's own code or neuroagents'
    (not the standard library's, nor an installed package's); a class called on the
    way adds its parameter names.

    Returns None when the names cannot be known: a class taking ``**kwargs``, or a
    callable without Python code of its own (a ``functools.partial``, a builtin).

    Examples:
        >>> def trial(params, rng):
        ...     return {"y": params["noise"] * rng.random()}
        >>> sorted(names_taken(trial))
        ['noise', 'y']
    """
    if isinstance(function, type):
        signature = inspect.signature(function)
        if any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()):
            return None
        return set(signature.parameters)
    function = inspect.unwrap(function)
    if getattr(function, "__code__", None) is None:
        return None
    names: set[str] = set()
    _mentioned(function, names, depth=3, seen=set())
    return names


def unread_name(
    function: Any, tables: Mapping[str, Iterable[str]], *, typos_only: bool = False
) -> tuple[str, str, set[str]] | None:
    """The first name in ``tables`` (where -> names) that ``function`` never reads.

    Args:
        function: the sweep's function or model class.
        tables: where the names were given (``"grid"``, ``"params"``…) -> the names.
        typos_only: report only a name close to one the function reads (one that
            :func:`nearest` has a suggestion for), letting other unread names pass.

    Returns:
        ``(name, where, known names)``, or None when every name is read (or, with
        ``typos_only``, no unread name looks like a misspelling) or the function's
        names cannot be known.

    Examples:
        >>> def trial(params, rng):
        ...     return {"y": params["noise"]}
        >>> unread_name(trial, {"grid": ["nosie"]})[:2]
        ('nosie', 'grid')
        >>> unread_name(trial, {"grid": ["label"]}, typos_only=True) is None
        True
        >>> def by_method(params, rng):
        ...     return {"lr": params[f"lr_{params['method']}"]}
        >>> unread_name(by_method, {"params": ["method", "lr_sgd", "lr_fa"]}) is None
        True
    """
    known = names_taken(function)
    if known is None:
        return None
    for where, keys in tables.items():
        for key in keys:
            if not _read(key, known) and not (typos_only and not nearest(key, known)):
                return key, where, known
    return None


def _read(key: str, known: set[str]) -> bool:
    """Whether ``key`` is read: mentioned, or built from a mentioned stem.

    ``params[f"lr_{method}"]`` mentions ``"lr_"``: a known string ending in ``_`` that
    starts the key (or one starting with ``_`` that ends it) counts as reading it.
    """
    if key in known:
        return True
    return any(
        len(stem) > 1
        and (
            (stem.endswith("_") and key.startswith(stem))
            or (stem.startswith("_") and key.endswith(stem))
        )
        for stem in known
    )


# Code under these folders (the standard library, installed packages) is not followed.
_LIBRARIES = tuple(
    {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
)


def _followed(thing: Any) -> bool:
    """Whether the check looks inside ``thing``: neuroagents' or the user's own code."""
    if isinstance(thing, types.ModuleType):
        name, where = thing.__name__, getattr(thing, "__file__", None)
    elif isinstance(thing, type | types.FunctionType):
        module = sys.modules.get(thing.__module__)
        name, where = thing.__module__, getattr(module, "__file__", None)
    else:
        return False
    if name.partition(".")[0] == "neuroagents":
        return True
    return (where is not None and not str(where).startswith(_LIBRARIES)) or name == "__main__"


def _mentioned(thing: Any, names: set[str], depth: int, seen: set[int]) -> None:
    """String constants of a function's code and of the code it calls that is followed."""
    if id(thing) in seen:
        return
    seen.add(id(thing))
    if isinstance(thing, type):  # a class it calls: its parameters, then its __init__
        with contextlib.suppress(TypeError, ValueError):
            names.update(inspect.signature(thing).parameters)
        thing = thing.__init__
    thing = inspect.unwrap(thing)
    if not isinstance(thing, types.FunctionType):
        return
    codes, attrs = [thing.__code__], set()
    referenced = []
    for cell in thing.__closure__ or ():
        with contextlib.suppress(ValueError):  # an empty cell
            referenced.append(cell.cell_contents)
    while codes:
        code = codes.pop()
        for const in code.co_consts:
            if isinstance(const, str):
                names.add(const)
            elif isinstance(const, types.CodeType):
                codes.append(const)
        attrs.update(code.co_names)
    referenced += [thing.__globals__.get(name) for name in attrs]
    called = list(referenced)
    for value in referenced:  # module.function(...): the module's names it uses
        if isinstance(value, types.ModuleType) and _followed(value):
            called += [getattr(value, attr, None) for attr in attrs]
    if depth > 0:
        for value in called:
            if _followed(value):
                _mentioned(value, names, depth - 1, seen)
