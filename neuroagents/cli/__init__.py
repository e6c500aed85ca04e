"""The ``neuroagents`` command line (entry point ``neuroagents.cli:main``).

Modules:
    commands: ``run``, ``sweep``, ``models`` and the argument parser; :func:`main`.
    connectome: ``neuroagents connectome stats|convert``.
    view: ``neuroagents view``, the browser view's launcher.
"""

from __future__ import annotations

from neuroagents.cli.commands import main

__all__ = ["main"]
