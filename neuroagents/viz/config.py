"""What ``neuroagents view SPEC`` opens: a page name, or a config file naming one.

Pieces:
    ViewTarget: the page and its starting parameter values.
    resolve: read SPEC (a page name or a TOML config) into a ViewTarget.

A config is a run config (``model = "hopfield"`` or ``"ei"`` with ``[params]``: the
page starts at its values, and the config's ``seed``), or a view config for the network
page::

    model = "network"
    seed = 0
    [params]
    connectome = "edges.csv"   # relative to the config file
    rule = "sign"

No Solara is imported here, so a bad SPEC is refused before any server starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neuroagents.errors import ConfigError
from neuroagents.experiment import read_toml
from neuroagents.viz.registry import PAGES, PageEntry, page_entry

__all__ = ["ViewTarget", "resolve"]


@dataclass(frozen=True)
class ViewTarget:
    """A page and the values its controls start at.

    Attributes:
        page: the registered page.
        params: starting values (a config's ``[params]`` and ``seed``).
        source: the page name or the config path it came from.
    """

    page: PageEntry
    params: dict[str, Any] = field(default_factory=dict)
    source: str = ""


def resolve(spec: str) -> ViewTarget:
    """The page and starting values that ``spec`` names.

    Args:
        spec: a page name (``hopfield``, ``ei``, ``network``…) or a path to a ``.toml``
            config whose ``model`` is a page name.

    Raises:
        ValidationError: an unknown page name (the message lists the pages).
        ConfigError: a config that cannot be read, has no ``model``, names a model
            without a page, or has a ``[params]`` that is not a table.

    Examples:
        >>> resolve("ei").page.name
        'ei'
        >>> resolve("runs/nope.toml")
        Traceback (most recent call last):
        ...
        neuroagents.errors.ConfigError: The config runs/nope.toml does not exist.
    """
    if not spec.endswith(".toml"):
        return ViewTarget(page_entry(spec), {}, spec)
    path = Path(spec)
    raw = read_toml(path, "config")
    model = raw.get("model")
    if model not in PAGES:
        raise ConfigError(
            f"The 'model' key of {spec!r} must name a page of the browser view "
            f"({', '.join(PAGES)}). Got {model!r}."
        )
    params = raw.get("params", {})
    if not isinstance(params, dict):
        raise ConfigError(f"The [params] of {spec!r} must be a table. Got {params!r}.")
    params = dict(params)
    if "seed" in raw:
        params.setdefault("seed", raw["seed"])
    connectome = params.get("connectome")
    if isinstance(connectome, str) and connectome and not Path(connectome).is_absolute():
        params["connectome"] = str(path.parent / connectome)  # relative to the config
    return ViewTarget(PAGES[model], params, spec)
