"""What ``neuroagents view SPEC`` opens: a page name, or a config file naming one.

Pieces:
    ViewTarget: the page and its starting parameter values.
    resolve: read SPEC (a page name or a TOML config) into a ViewTarget.

A config is a run config (``model = "hopfield"``, ``"ei"``, ``"rate"``,
``"hopfield_tank"``, ``"spiking"`` or ``"connectome"`` with ``[params]``: the page starts at its
values, and the config's ``seed``), or a view config for the network page::

    model = "network"
    seed = 0
    [params]
    connectome = "edges.csv"   # relative to the config file
    rule = "sign"

A ``connectome`` config opens the network page on its ``connectome`` (a name such as
``"celegans"`` or a file). Run configs of the models that are not live simulations
(``NO_PAGE``: learning, questions, boltzmann, worms) are refused with one line that
names the models that have pages. No Solara is imported here, so a bad SPEC is refused
before any server starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neuroagents.errors import ConfigError
from neuroagents.runner.config_connectome import resolve_spec
from neuroagents.runner.experiment import read_toml
from neuroagents.viz.registry import PAGES, PageEntry, page_entry

__all__ = ["MODEL_PAGES", "NO_PAGE", "ViewTarget", "resolve"]

# Run-config models shown on a page of another name.
MODEL_PAGES = {"celegans": "network", "connectome": "network"}

# Run-config models without a page, and why (the refusal says so in one line).
NO_PAGE = {
    "learning": "its runs train networks by gradient or evolution (no dynamics to watch)",
    "questions": "its runs are batches of training and settling experiments",
    "boltzmann": "its runs train RBMs on digits or many encoders (`neuroagents view "
    "boltzmann` samples one trained 4-2-4 encoder instead)",
    "worms": "its runs compare whole connectomes (open one worm on the network page: a "
    'config with model = "network" and connectome = "witvliet8", "cook2019_male" ...)',
}


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
    shown = [name for name in [*PAGES, *MODEL_PAGES] if name not in NO_PAGE]
    if model in NO_PAGE:
        raise ConfigError(
            f"The browser view has no page for {model!r} run configs ({spec!r}): "
            f"{NO_PAGE[model]}. Models with a page: {', '.join(shown)}."
        )
    if model not in shown:
        raise ConfigError(
            f"The 'model' key of {spec!r} must name a page of the browser view "
            f"({', '.join(shown)}). Got {model!r}."
        )
    params = raw.get("params", {})
    if not isinstance(params, dict):
        raise ConfigError(f"The [params] of {spec!r} must be a table. Got {params!r}.")
    params = dict(params)
    if "seed" in raw:
        params.setdefault("seed", raw["seed"])
    connectome = params.get("connectome")
    if isinstance(connectome, str) and connectome:
        params["connectome"] = resolve_spec(connectome, path)
    if model in MODEL_PAGES:
        params = _connectome_params(spec, params)
    return ViewTarget(PAGES[MODEL_PAGES.get(model, model)], params, spec)


def _connectome_params(spec: str, params: dict[str, Any]) -> dict[str, Any]:
    """A ``connectome`` experiment's config as the network page's: its connectome, seed."""
    if not isinstance(params.get("connectome"), str) or not params["connectome"]:
        raise ConfigError(
            f"The connectome config {spec!r} names no 'connectome' (a name such as "
            f"'celegans' or a file) for the network page to show; its experiment builds "
            f"its own networks. Got connectome={params.get('connectome')!r}."
        )
    return {k: params[k] for k in ("connectome", "seed") if k in params}
