"""Old flat module paths, kept importable for one release with a DeprecationWarning.

Pieces:
    MOVED: old module name -> its home in the subpackages (``neuroagents.rules`` ->
        ``neuroagents.sim.rules``), the one table of what moved where.
    MovedModuleFinder: a meta-path finder; importing an old path imports the new
        module, warns once (naming the new path) and binds the old name to the very
        same module object, so ``neuroagents.rules.Sign is neuroagents.sim.rules.Sign``
        and patching through either name patches the one module.
    install: put the finder on ``sys.meta_path`` (``neuroagents/__init__`` does it).

``neuroagents.connectome``, ``neuroagents.sweeps`` and ``neuroagents.cli`` are not in
the table: they became the packages, which export what the old modules did.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os
import sys
import types
import warnings

__all__ = ["MOVED", "MovedModuleFinder", "install"]

MOVED = {
    "neuroagents.arrays": "neuroagents.sim.arrays",
    "neuroagents.builders": "neuroagents.connectome.builders",
    "neuroagents.cli_connectome": "neuroagents.cli.connectome",
    "neuroagents.cli_view": "neuroagents.cli.view",
    "neuroagents.clock": "neuroagents.sim.clock",
    "neuroagents.config_connectome": "neuroagents.runner.config_connectome",
    "neuroagents.connectome_files": "neuroagents.connectome.files",
    "neuroagents.edgelist": "neuroagents.connectome.edgelist",
    "neuroagents.engines": "neuroagents.sim.engines",
    "neuroagents.experiment": "neuroagents.runner.experiment",
    "neuroagents.fingerprint": "neuroagents.sweeps.fingerprint",
    "neuroagents.interventions": "neuroagents.sim.interventions",
    "neuroagents.kernels": "neuroagents.sim.kernels",
    "neuroagents.model": "neuroagents.sim.model",
    "neuroagents.neuron": "neuroagents.sim.neuron",
    "neuroagents.outputs": "neuroagents.runner.outputs",
    "neuroagents.plasticity": "neuroagents.sim.plasticity",
    "neuroagents.pruning": "neuroagents.connectome.pruning",
    "neuroagents.record": "neuroagents.sim.record",
    "neuroagents.rules": "neuroagents.sim.rules",
    "neuroagents.schedulers": "neuroagents.sim.schedulers",
    "neuroagents.stability": "neuroagents.sim.stability",
    "neuroagents.store": "neuroagents.sweeps.store",
    "neuroagents.store_lock": "neuroagents.sweeps.store_lock",
    "neuroagents.store_manifest": "neuroagents.sweeps.manifest",
    "neuroagents.sweep_backends": "neuroagents.sweeps.backends",
    "neuroagents.sweep_config": "neuroagents.runner.sweep_config",
    "neuroagents.sweep_plan": "neuroagents.sweeps.plan",
    "neuroagents.sweep_task": "neuroagents.sweeps.task",
    "neuroagents.timeline": "neuroagents.sim.timeline",
    "neuroagents.values": "neuroagents.sim.values",
    "neuroagents.weight_update": "neuroagents.connectome.weight_update",
    "neuroagents.weight_values": "neuroagents.connectome.weight_values",
    # The systems' browser pages moved to the systems (models/<system>/view.py).
    **{
        f"neuroagents.viz.{name}": f"neuroagents.models.{name}.view"
        for name in ("hopfield", "ei", "rate", "hopfield_tank", "boltzmann", "motor")
    },
}


_MACHINERY = (
    "<frozen importlib",
    os.path.dirname(importlib.__file__),
    os.path.dirname(os.path.abspath(__file__)) + os.sep + "__init__.py",
    os.path.abspath(__file__),
)


class _AliasLoader(importlib.abc.Loader):
    """Binds an old module name to the new module (the import system returns it)."""

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        # A placeholder: the import system writes its own __spec__ onto whatever this
        # returns, which must not be the real module.
        return types.ModuleType(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        old, new = module.__name__, MOVED[module.__name__]
        warnings.warn(
            f"{old} moved to {new}; import it from there ({old} goes in the next release).",
            DeprecationWarning,
            # Point at the user's import line, past the import machinery.
            skip_file_prefixes=_MACHINERY,
        )
        # The import system hands back sys.modules[old] after exec_module.
        sys.modules[old] = importlib.import_module(new)


class MovedModuleFinder(importlib.abc.MetaPathFinder):
    """Finds the old module paths of :data:`MOVED` (and nothing else)."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        """A spec whose loader aliases ``fullname`` to its new module, if it moved."""
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader())


def install() -> None:
    """Put the finder on ``sys.meta_path`` once."""
    if not any(isinstance(f, MovedModuleFinder) for f in sys.meta_path):
        sys.meta_path.append(MovedModuleFinder())
