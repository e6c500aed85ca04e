"""A connectome as an experiment parameter: ``connectome = "..."`` in any config's [params].

Pieces:
    ConnectomeParam: the :class:`~neuroagents.runner.experiment.Param` of a wiring, checked when
        the config is loaded: a name (``"celegans"``) or a file path, resolved against the
        config file's folder, read with
        :func:`~neuroagents.connectome.files.load_connectome`, its node attributes checked.
    resolve_spec: a config's value -> the name, or the path seen from the config's folder.
    param_connectome: the Connectome an experiment's parameter names (None for ``""``).
    check_attributes: the node attributes an experiment needs, present and well formed.
    symmetric_mask: the symmetric 0/1 mask of who may connect to whom (Hebbian nets).
    with_weights: the same neurons (ids, attributes) with new weights.

An empty string (every experiment's default) means "no connectome": the experiment
builds its own wiring exactly as before. Any problem (a missing or malformed file, an
unknown name, a missing or non-numeric attribute) is a
:class:`~neuroagents.errors.ConfigError` naming the config file, the key, the
connectome file and the problem; ``neuroagents run`` prints it and exits with status 2.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from neuroagents.analysis.random_graphs import binary_adjacency
from neuroagents.connectome.connectome import Connectome
from neuroagents.connectome.files import NAMED, load_connectome
from neuroagents.errors import ConfigError, ConnectomeError
from neuroagents.runner.experiment import Param

__all__ = [
    "NUMERIC_ATTRIBUTES",
    "ConnectomeParam",
    "check_attributes",
    "param_connectome",
    "resolve_spec",
    "symmetric_mask",
    "with_weights",
]

NUMERIC_ATTRIBUTES = ("threshold", "tau", "drive")
"""Node attributes a NeuralModel reads per neuron: numbers where set (tau > 0)."""


def resolve_spec(value: str, source: str | os.PathLike[str] | None = None) -> str:
    """A config's connectome value as the loader reads it.

    A name (``"celegans"``, ``"celegans:gap"``) stays as it is; a relative path is taken
    from the config file's folder, as a person reading the config would.

    Examples:
        >>> resolve_spec("celegans", "runs/x.toml")
        'celegans'
        >>> resolve_spec("../docs/wiring.graphml", "runs/x.toml")
        'docs/wiring.graphml'
        >>> resolve_spec("/data/w.npz", "runs/x.toml")
        '/data/w.npz'
    """
    if value in NAMED or source is None or Path(value).is_absolute():
        return value
    return os.path.normpath(Path(source).parent / value)


def check_attributes(
    connectome: Connectome,
    requires: Sequence[str] = (),
    populations: Sequence[str] | None = None,
) -> None:
    """Raise ConnectomeError unless the node attributes are what a model can use.

    Args:
        connectome: the wiring.
        requires: attributes every node must have.
        populations: if given, the allowed values of a ``population`` attribute.

    Raises:
        ConnectomeError: a required attribute missing (or missing on a node), a
            ``threshold``/``tau``/``drive`` that is not a number, a ``tau`` <= 0, or a
            population label outside ``populations``.

    Examples:
        >>> import numpy as np
        >>> c = Connectome.from_matrix(np.eye(2)[::-1], node_attrs={"tau": [1.0, -2.0]})
        >>> try:
        ...     check_attributes(c)
        ... except ConnectomeError as err:
        ...     print(err)
        The node attribute 'tau' must be > 0. Got -2.0 for node 1.
    """
    attrs, ids = connectome.node_attrs, connectome.node_ids
    for name in requires:
        if name not in attrs:
            raise ConnectomeError(
                f"It needs the node attribute {name!r} on every node; it has "
                f"{sorted(attrs) or 'no node attributes'}."
            )
        unset = [k for k, v in enumerate(attrs[name]) if _unset(v)]
        if unset:
            raise ConnectomeError(
                f"It needs the node attribute {name!r} on every node; node "
                f"{ids[unset[0]]!r} has none."
            )
    for name in NUMERIC_ATTRIBUTES:
        if name not in attrs:
            continue
        values = attrs[name]
        for k, v in enumerate(values):
            v = v.item() if isinstance(v, np.generic) else v
            if _unset(v):
                continue
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise ConnectomeError(
                    f"The node attribute {name!r} must be a number. Got {v!r} for node {ids[k]!r}."
                )
            if not np.isfinite(v) or (name == "tau" and v <= 0):
                rule = "> 0" if name == "tau" else "finite"
                raise ConnectomeError(
                    f"The node attribute {name!r} must be {rule}. Got {v!r} for node {ids[k]!r}."
                )
    if populations is not None and "population" in attrs:
        for k, v in enumerate(attrs["population"]):
            if v not in populations:
                raise ConnectomeError(
                    f"The node attribute 'population' must be one of {list(populations)}. "
                    f"Got {v!r} for node {ids[k]!r}."
                )


def _unset(value: Any) -> bool:
    return value is None or (isinstance(value, float | np.floating) and np.isnan(value))


def param_connectome(
    spec: str,
    *,
    requires: Sequence[str] = (),
    populations: Sequence[str] | None = None,
    key: str = "connectome",
    source: str | None = None,
) -> Connectome | None:
    """The Connectome an experiment's ``connectome`` parameter names, or None for ``""``.

    Args:
        spec: ``""`` (the experiment's own wiring), a name or a path (relative paths:
            from ``source``'s folder if given, else from the current directory).
        requires: node attributes every node must have.
        populations: allowed ``population`` labels, if the model has populations.
        key: the parameter's name, for messages.
        source: the config file, for messages and relative paths.

    Raises:
        ConfigError: the file or name cannot be read, or its attributes do not fit.

    Examples:
        >>> c = param_connectome("celegans")
        >>> c.n_nodes, param_connectome("") is None
        (279, True)
        >>> try:
        ...     param_connectome("nowhere.graphml", source="runs/x.toml")
        ... except ConfigError as err:
        ...     print(err)  # doctest: +NORMALIZE_WHITESPACE
        params.connectome in runs/x.toml: The connectome file 'runs/nowhere.graphml'
        does not exist.
    """
    if spec == "":
        return None
    path = resolve_spec(spec, source)
    where = f"params.{key} in {source}" if source else f"params.{key}"
    try:
        connectome = load_connectome(path)
        check_attributes(connectome, requires, populations)
    except ConnectomeError as err:
        message = str(err)
        if message.startswith("It "):  # an attribute problem: name the file here
            message = f"The connectome {path!r}: {message[0].lower()}{message[1:]}"
        elif message.startswith("The node attribute"):
            message = f"The connectome {path!r}: t{message[1:]}"
        raise ConfigError(f"{where}: {message}") from None
    return connectome


@dataclass(frozen=True, slots=True)
class ConnectomeParam(Param):
    """An experiment parameter naming a wiring: ``""`` (none), a name or a file.

    Validated when the config is loaded: the file is read and its node attributes
    checked, so a bad file stops the run before it starts. The validated value is the
    spec as the loader reads it (relative paths resolved against the config's folder);
    the experiment loads it with :func:`param_connectome`.

    Attributes:
        requires: node attributes every node must have.
        populations: allowed ``population`` labels (None: any).

    Examples:
        >>> p = ConnectomeParam("", "the wiring (a name or a file)")
        >>> p.validate("connectome", "celegans", "runs/x.toml")
        'celegans'
        >>> try:
        ...     p.validate("connectome", 3, "runs/x.toml")
        ... except ConfigError as err:
        ...     print(str(err)[:58])
        params.connectome in runs/x.toml must be a connectome name
    """

    requires: tuple[str, ...] = ()
    populations: tuple[str, ...] | None = None

    def validate(self, name: str, value: Any, source: str) -> Any:
        """Return the resolved spec, or raise ConfigError naming the file and problem."""
        if not isinstance(value, str):
            raise ConfigError(
                f"params.{name} in {source} must be a connectome name "
                f"({', '.join(NAMED)}) or a path to a .graphml, .gexf, .csv or .npz file, "
                f'or "" for the experiment\'s own wiring. Got {value!r} '
                f"({type(value).__name__})."
            )
        if value == "":
            return value
        param_connectome(
            value, requires=self.requires, populations=self.populations, key=name,
            source=source,
        )  # fmt: skip
        return resolve_spec(value, source)


def symmetric_mask(connectome: Connectome) -> np.ndarray:
    """The symmetric 0/1 mask: i and j may connect if either synapse exists (no self).

    Examples:
        >>> import numpy as np
        >>> c = Connectome.from_matrix(np.array([[0.0, 0.0], [2.0, 1.0]]))
        >>> symmetric_mask(c).tolist()
        [[0.0, 1.0], [1.0, 0.0]]
    """
    a = binary_adjacency(connectome)
    return (a | a.T).astype(np.float64)


def with_weights(
    connectome: Connectome,
    weights: np.ndarray,
    *,
    weight_dtype: str = "float32",
    **graph_attrs: Any,
) -> Connectome:
    """The same neurons (ids, node attributes) on new weights ``W[target, source]``.

    Examples:
        >>> import numpy as np
        >>> c = Connectome.from_matrix(np.zeros((2, 2)) + 1, node_attrs={"tau": [1.0, 2.0]})
        >>> d = with_weights(c, np.array([[0.0, 3.0], [3.0, 0.0]]))
        >>> d.n_edges, d.node_attrs["tau"].tolist()
        (2, [1.0, 2.0])
    """
    return Connectome.from_matrix(
        weights, node_ids=connectome.node_ids, node_attrs=connectome.node_attrs,
        weight_dtype=weight_dtype, **graph_attrs,
    )  # fmt: skip
