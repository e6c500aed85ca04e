"""Fingerprints of code and configs: what a sweep store records about what it holds.

Pieces:
    code_fingerprint: a hash of a function's or class's code and of the module-level
        functions, classes and plain constants it uses, recursively.
    qualified_name: ``module.qualname`` of a function or class.
    config_fingerprint: a hash of a JSON-like mapping (a sweep config).

The code is read from its source where Python keeps it (files, notebook cells), else
from the bytecode (``python -c``); helpers and constants it reads from its module count,
so editing a helper changes the fingerprint of the function that calls it. Installed
packages (numpy, neuroagents itself…) are not followed: their version is their identity.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import sys
import types
from collections.abc import Mapping
from typing import Any

__all__ = ["code_fingerprint", "config_fingerprint", "qualified_name"]

_PLAIN = (int, float, str, bool, bytes, type(None))


def qualified_name(obj: Any) -> str:
    """``module.qualname`` of a function or class (``__main__.run`` in a notebook)."""
    return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', repr(obj))}"


def code_fingerprint(obj: Any) -> str:
    """A 128-bit hex hash of ``obj``'s code and of the user code it reaches.

    Examples:
        >>> def f(params, rng):
        ...     return {"y": 1}
        >>> len(code_fingerprint(f))
        32
    """
    digest = hashlib.sha256()
    _feed(obj, digest, seen=set())
    return digest.hexdigest()[:32]


def config_fingerprint(config: Mapping[str, Any]) -> str:
    """A 128-bit hex hash of a JSON-like mapping, independent of key order."""
    text = json.dumps(config, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _feed(obj: Any, digest: Any, seen: set[int]) -> None:
    if id(obj) in seen:
        return
    seen.add(id(obj))
    digest.update(qualified_name(obj).encode())
    if isinstance(obj, type):
        for name, member in sorted(vars(obj).items()):
            if isinstance(member, staticmethod | classmethod):
                member = member.__func__
            if isinstance(member, types.FunctionType):
                digest.update(name.encode())
                _feed(member, digest, seen)
            elif isinstance(member, _PLAIN):
                digest.update(f"{name}={member!r}".encode())
        for base in obj.__bases__:
            if _is_user_code(base):
                _feed(base, digest, seen)
        return
    func = getattr(obj, "__func__", obj)  # bound methods
    code = getattr(func, "__code__", None)
    if code is None:
        digest.update(repr(obj).encode())
        return
    digest.update(_code_text(func, code).encode())
    digest.update(repr(getattr(func, "__defaults__", None)).encode())
    module_globals = getattr(func, "__globals__", {})
    for name in sorted(_global_names(code)):
        if name not in module_globals:
            continue
        value = module_globals[name]
        if isinstance(value, _PLAIN):
            digest.update(f"{name}={value!r}".encode())
        elif isinstance(value, types.FunctionType | type) and _is_user_code(value):
            _feed(value, digest, seen)


def _code_text(func: Any, code: types.CodeType) -> str:
    try:
        return inspect.getsource(func)
    except (OSError, TypeError):
        return _bytecode_text(code)


def _bytecode_text(code: types.CodeType) -> str:
    parts = [code.co_code.hex(), repr(code.co_names)]
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            parts.append(_bytecode_text(const))
        else:
            parts.append(repr(const))
    return "|".join(parts)


def _global_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def _is_user_code(obj: Any) -> bool:
    """Code the user writes: ``__main__`` or a module outside installed packages."""
    name = getattr(obj, "__module__", "") or ""
    module = sys.modules.get(name)
    if module is not None:
        return is_user_module(module)
    path = getattr(obj, "__globals__", {}).get("__file__")  # a function of a module gone
    return _is_user_path(name, path)


def is_user_module(module: types.ModuleType) -> bool:
    """Whether ``module`` is ``__main__`` or a file outside site-packages and the stdlib."""
    return _is_user_path(module.__name__, getattr(module, "__file__", None))


def _is_user_path(name: str, path: str | None) -> bool:
    top = name.partition(".")[0]
    if top == "__main__":
        return True
    if top == "neuroagents" or top in sys.stdlib_module_names or not path:
        return False
    return "site-packages" not in path and "dist-packages" not in path
