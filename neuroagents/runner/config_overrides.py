"""Overrides from the command line: ``--set params.n=1000`` applied to a TOML config.

Pieces:
    Override: one parsed ``KEY=VALUE`` (the text as typed, the key path, the value).
    parse_override: read ``KEY=VALUE``; the value is a TOML value, or a bare word as text.
    apply_overrides: a config's table with the overrides set, and where each key came from.
    Origins: where a key came from (the file or a ``--set``), for error messages.

The overridden table goes through the loader's own checks, so a value given with
``--set`` is validated exactly like the same value written in the file; only the
message names the ``--set`` instead of the file.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from neuroagents.errors import ConfigError
from neuroagents.messages import quote

__all__ = ["Origins", "Override", "apply_overrides", "parse_override"]

EXAMPLE = "--set params.n=1000"


@dataclass(frozen=True, slots=True)
class Override:
    """One ``--set KEY=VALUE``.

    Attributes:
        text: the argument as typed (errors quote it).
        path: the key path (``("params", "n")``).
        value: the parsed value.
    """

    text: str
    path: tuple[str, ...]
    value: Any

    @property
    def key(self) -> str:
        """The dotted key, as ``meta.json`` records it (``params.n``)."""
        return ".".join(self.path)


def _key_path(key: str, text: str) -> tuple[str, ...]:
    """The path of a TOML key (``params.n``, ``params."odd key"``), via TOML's own parser."""
    try:
        table: Any = tomllib.loads(f"{key} = 0")
    except tomllib.TOMLDecodeError:
        table = None
    path: list[str] = []
    while isinstance(table, dict) and len(table) == 1:
        name, table = next(iter(table.items()))
        path.append(name)
    if not path or table != 0:
        raise ConfigError(
            f"--set {text}: {quote(key)} is not a config key; write a dotted key such as "
            f"params.n ({EXAMPLE})."
        )
    return tuple(path)


def _value(value: str, text: str) -> Any:
    """A TOML value; a bare word that is not one (``storkey``) is taken as text."""
    if not value:
        raise ConfigError(f"--set {text}: no value after '='; for empty text write KEY='\"\"'.")
    try:
        return tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError as err:
        if value[0] in "\"'[{":  # meant as a string, list or table: say why it is not one
            raise ConfigError(
                f"--set {text}: {quote(value)} is not a valid TOML value ({err})."
            ) from None
        return value


def parse_override(text: str) -> Override:
    """Parse one ``KEY=VALUE`` override.

    The value is read as a TOML value (``1000``, ``0.5``, ``true``, ``[1, 2]``,
    ``"storkey"``); a bare word that is not one (``storkey``) is taken as text.

    Args:
        text: the argument, e.g. ``params.n=1000``.

    Returns:
        The parsed override.

    Raises:
        ConfigError: no ``=``, a key that is not a TOML key, or a value that starts like
            a string, list or table but is not one.

    Examples:
        >>> parse_override("params.n=1000")
        Override(text='params.n=1000', path=('params', 'n'), value=1000)
        >>> parse_override("params.grid=[1, 2]").value
        [1, 2]
        >>> parse_override("params.rule=storkey").value, parse_override('seed="3"').value
        ('storkey', '3')
    """
    if not isinstance(text, str):
        raise ConfigError(f"An override must be text 'KEY=VALUE'. Got {quote(text)}.")
    if "\n" in text or "\r" in text:
        raise ConfigError(f"--set {quote(text)}: an override is one line, 'KEY=VALUE'.")
    key, equals, value = text.partition("=")
    if not equals or not key.strip():
        raise ConfigError(f"--set {text}: expected KEY=VALUE, e.g. {EXAMPLE}.")
    return Override(text, _key_path(key.strip(), text), _value(value.strip(), text))


@dataclass
class Origins:
    """Where each key of a config came from: its file, or a ``--set`` that replaced it.

    Attributes:
        file: the config file (messages say ``in FILE``).
        overrides: key path -> the override that last set it.
    """

    file: str
    overrides: dict[tuple[str, ...], Override] = field(default_factory=dict)

    def origin(self, *path: str) -> Override | None:
        """The override that set ``path`` (or a table holding it), or None for the file."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.overrides:
                return self.overrides[path[:end]]
        return None

    def at(self, subject: str, *path: str) -> str:
        """``subject`` located: ``"params.n in FILE"`` or ``"--set params.n=0: params.n"``.

        Examples:
            >>> origins = Origins("x.toml")
            >>> origins.at("The key 'seed'", "seed")
            "The key 'seed' in x.toml"
            >>> origins.overrides[("seed",)] = parse_override("seed=-1")
            >>> origins.at("The key 'seed'", "seed")
            "--set seed=-1: the key 'seed'"
        """
        override = self.origin(*path)
        if override is None:
            return f"{subject} in {self.file}"
        return f"--set {override.text}: {subject[:1].lower()}{subject[1:]}"

    def set_keys(self) -> dict[str, Any]:
        """The overridden keys and values, in the order given (for ``meta.json``)."""
        return {o.key: o.value for o in self.overrides.values()}


def apply_overrides(
    raw: dict[str, Any], overrides: Sequence[str], file: str
) -> tuple[dict[str, Any], Origins]:
    """``raw`` (a parsed config) with each override set in order; the later one wins.

    Args:
        raw: the config file's table (not changed).
        overrides: ``KEY=VALUE`` texts.
        file: the config file, for messages.

    Returns:
        The new table, and where each of its keys came from.

    Raises:
        ConfigError: a bad override, or one that sets a key inside a value that is not a
            table (``seed.x=1``).

    Examples:
        >>> table, origins = apply_overrides({"params": {"n": 4}}, ["params.n=9"], "x.toml")
        >>> table, origins.set_keys()
        ({'params': {'n': 9}}, {'params.n': 9})
    """
    if isinstance(overrides, str):
        raise ConfigError(
            f"The overrides must be a list of 'KEY=VALUE' texts. Got the text {quote(overrides)}."
        )
    table = copy.deepcopy(raw)
    origins = Origins(file)
    for text in overrides:
        override = parse_override(text)
        place = table
        for depth, name in enumerate(override.path[:-1]):
            if name not in place:
                place[name] = {}
            place = place[name]
            if not isinstance(place, dict):
                where = ".".join(override.path[: depth + 1])
                raise ConfigError(
                    f"--set {text}: {where} is not a table in {file} (it is {quote(place)}), "
                    "so it has no keys to set."
                )
        place[override.path[-1]] = copy.deepcopy(override.value)  # a later --set edits a copy
        for path in [p for p in origins.overrides if p[: len(override.path)] == override.path]:
            del origins.overrides[path]  # replaced with the table that holds it
        origins.overrides[override.path] = override
    return table, origins
