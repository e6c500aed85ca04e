"""A system's public names, loaded on first use, so importing a system costs nothing.

Pieces:
    alias_modules: old submodule paths that resolve to the modules' new homes.
    deprecated_package: a package that moved away (``questions``, ``connectome``): its
        old module paths and names still resolve to the new homes, with a
        DeprecationWarning, for one release.
    lazy_exports: the ``__getattr__``, ``__dir__`` and ``__all__`` of a system's
        ``__init__``: library name -> the module that defines it, imported on first
        access (PEP 562), and names that moved (to ``experiments``) still resolving,
        with a DeprecationWarning.

A system's ``__init__`` imports nothing heavy: ``import neuroagents.models.hopfield``
loads no numba, Mesa or matplotlib, and ``hopfield.HopfieldModel`` imports
``hopfield.network`` (and what it needs) when it is first looked up. Experiments and
figures are never reached from the library names.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["alias_modules", "deprecated_package", "lazy_exports"]


def lazy_exports(
    package: str,
    library: Mapping[str, Iterable[str]],
    moved: Mapping[str, Iterable[str]] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """The module-level ``__getattr__``, ``__dir__`` and ``__all__`` of a system.

    Args:
        package: the system's package name (``__name__`` of its ``__init__``).
        library: submodule (relative to ``package``) -> the public names it defines.
        moved: submodule -> names once re-exported by ``package`` that now live only
            there (experiments); they still resolve, with a DeprecationWarning naming
            the new home, and are not in ``__all__``.

    Returns:
        ``(__getattr__, __dir__, __all__)`` to assign in the package's ``__init__``.

    Examples:
        >>> getattr_, dir_, all_ = lazy_exports("json", {"decoder": ["JSONDecoder"]})
        >>> all_
        ['JSONDecoder']
        >>> getattr_("JSONDecoder").__name__
        'JSONDecoder'
    """
    where = {name: module for module, names in library.items() for name in names}
    old = {name: module for module, names in (moved or {}).items() for name in names}
    public = sorted(where)
    # A name that is also a submodule's name (ei.mean_field, the function, in
    # ei/mean_field.py): importing the submodule binds the module to the package, so
    # the package's class looks such names up first.
    shadowed = {name for name in where if name in library}
    if shadowed and package in sys.modules:
        sys.modules[package].__class__ = _shadowing_module(package, where, shadowed)

    def __getattr__(name: str) -> Any:
        if name in where:
            return getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        if name in old:
            home = f"{package}.{old[name]}"
            warnings.warn(
                f"{package}.{name} moved to {home}.{name}; import it from there (the "
                f"system's package exposes its library only).",
                DeprecationWarning,
                stacklevel=2,
            )
            return getattr(importlib.import_module(home), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*public, *globals_of(package)})

    return __getattr__, __dir__, public


def _shadowing_module(
    package: str, where: Mapping[str, str], shadowed: set[str]
) -> type[types.ModuleType]:
    """A module class whose ``shadowed`` names always mean the exported object."""

    class SystemModule(types.ModuleType):
        def __getattribute__(self, name: str) -> Any:
            if name in shadowed:
                return getattr(importlib.import_module(f"{package}.{where[name]}"), name)
            return super().__getattribute__(name)

    return SystemModule


def globals_of(package: str) -> list[str]:
    """The names already bound in ``package`` (submodules imported so far, dunders)."""
    module = sys.modules.get(package)
    return list(vars(module)) if module is not None else []


class _AliasFinder:
    """Finds an old module path and hands out the module now at the new one.

    A meta path finder and its own loader (the protocols, not ``importlib.abc``, whose
    import pulls in ``importlib.resources``, ``inspect`` and ``tempfile``).
    """

    def __init__(self, package: str, modules: Mapping[str, str]) -> None:
        self.package = package
        self.modules = {f"{package}.{old}": new for old, new in modules.items()}
        self.specs: dict[str, importlib.machinery.ModuleSpec | None] = {}

    def find_spec(
        self, fullname: str, path: Any = None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.modules:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        new = self.modules[spec.name]
        warnings.warn(
            f"{spec.name} moved to {new}; import it from there.", DeprecationWarning, stacklevel=2
        )
        module = importlib.import_module(new)
        self.specs[new] = module.__spec__
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run; undo the import system's relabelling of the module's spec."""
        spec = self.specs[module.__name__]
        module.__spec__, module.__loader__ = spec, spec.loader


def alias_modules(package: str, modules: Mapping[str, str]) -> None:
    """Old submodule paths of ``package`` -> the modules now at new paths (warned).

    Args:
        package: the package whose submodules moved.
        modules: old submodule name -> the new module's full name; ``import
            package.old`` gives the new module (the same object), with a
            DeprecationWarning.
    """
    if not any(isinstance(f, _AliasFinder) and f.package == package for f in sys.meta_path):
        sys.meta_path.insert(0, _AliasFinder(package, modules))


def deprecated_package(
    package: str, modules: Mapping[str, str], names: Mapping[str, str] | None = None
) -> None:
    """Make ``package`` (which moved away) resolve to its new homes, with a warning.

    Args:
        package: the old package (``__name__`` of its ``__init__``).
        modules: old submodule name -> the new module's full name; ``import
            package.old`` gives the new module (the same object).
        names: name once importable from ``package`` -> the module that now defines it.
    """
    warnings.warn(
        f"{package} is deprecated: its modules moved ({', '.join(sorted(modules))}); see "
        "its docstring for the new homes.",
        DeprecationWarning,
        stacklevel=3,
    )
    alias_modules(package, modules)
    where = dict(names or {})

    def __getattr__(name: str) -> Any:
        if name in modules:
            return importlib.import_module(f"{package}.{name}")
        if name in where:
            warnings.warn(
                f"{package}.{name} moved to {where[name]}.{name}; import it from there.",
                DeprecationWarning,
                stacklevel=2,
            )
            return getattr(importlib.import_module(where[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    sys.modules[package].__getattr__ = __getattr__  # type: ignore[method-assign]
