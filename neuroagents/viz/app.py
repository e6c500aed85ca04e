"""The Solara app that ``neuroagents view`` serves: ``solara run neuroagents/viz/app.py``.

Which page it shows comes from the environment variable ``NEUROAGENTS_VIEW`` (a page
name or a config path, as ``neuroagents view`` takes; default ``hopfield``), read when
Solara loads this module. ``Page`` is the component Solara serves; each browser
session builds its own model.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import solara

from neuroagents.viz.config import ViewTarget, resolve

__all__ = ["ENV", "Page", "load_page"]

ENV = "NEUROAGENTS_VIEW"


def load_page(target: ViewTarget) -> Any:
    """The page function a target names (imported on demand)."""
    module, _, function = target.page.target.partition(":")
    return getattr(importlib.import_module(module), function)


_TARGET = resolve(os.environ.get(ENV, "hopfield"))
_PAGE = load_page(_TARGET)


@solara.component
def Page() -> Any:
    """The page of ``NEUROAGENTS_VIEW`` at its starting values."""
    return _PAGE(_TARGET.params)
