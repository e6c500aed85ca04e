"""The parameters half of the model contract: a frozen dataclass that reads and writes configs.

Pieces:
    ConfigParams: the base of every system's parameters dataclass: ``from_config``
        (a config's table -> the typed, validated object; unknown keys and wrong types
        named) and ``to_config`` (the object -> a TOML-ready dict); the two round-trip.
    rng_or_random_state: the seeding half for estimators: ``rng=``, with
        scikit-learn's ``random_state=`` kept as an alias.

A system's parameters are one frozen dataclass (``HopfieldParams``, ``EIParams``,
``TankParams`` …) whose fields carry the defaults (the one place they are set) and
whose ``__post_init__`` validates the values (scikit-learn style messages, through
:mod:`neuroagents.validation`). The contract is written out in ``docs/contract.md``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, Self

from neuroagents.errors import ConfigError, ValidationError

__all__ = ["ConfigParams", "rng_or_random_state"]

_SCALARS = (bool, int, float, str)


class ConfigParams:
    """Base of a system's frozen parameters dataclass: ``from_config`` and ``to_config``.

    Fields with ``init=False`` or ``repr=False`` (derived values, bookkeeping such as
    the name used in error messages) are not part of the config.

    Examples:
        >>> from dataclasses import dataclass
        >>> @dataclass(frozen=True)
        ... class Demo(ConfigParams):
        ...     n: int = 10
        ...     gain: float = 1.0
        ...     sizes: tuple[int, ...] = (4, 2)
        >>> p = Demo.from_config({"n": 20, "gain": 2, "sizes": [8, 4]})
        >>> p
        Demo(n=20, gain=2.0, sizes=(8, 4))
        >>> p.to_config()
        {'n': 20, 'gain': 2.0, 'sizes': [8, 4]}
        >>> Demo.from_config(p.to_config()) == p
        True
        >>> Demo.from_config({"gian": 2})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        neuroagents.errors.ConfigError: Unknown parameter 'gian' of Demo; the parameters are ...
    """

    @classmethod
    def config_fields(cls) -> list[dataclasses.Field[Any]]:
        """The dataclass fields a config sets (``init`` and shown in ``repr``)."""
        return [f for f in dataclasses.fields(cls) if f.init and f.repr]  # type: ignore[arg-type]

    @classmethod
    def from_config(cls, config: Mapping[str, Any], *, source: str | None = None) -> Self:
        """The parameters a config's table gives (the defaults for the keys it omits).

        Args:
            config: parameter name -> value, as TOML gives them (lists for tuples,
                integers where floats are expected are accepted).
            source: where the config came from, for error messages.

        Raises:
            ConfigError: an unknown key or a value of the wrong type (named).
            ValidationError: a value out of its range (from the class's own checks).
        """
        where = f"{cls.__name__}" + (f" in {source}" if source else "")
        if not isinstance(config, Mapping):
            raise ConfigError(f"The parameters of {where} must be a table. Got {config!r}.")
        fields = {f.name: f for f in cls.config_fields()}
        unknown = sorted(set(config) - set(fields))
        if unknown:
            raise ConfigError(
                f"Unknown parameter {unknown[0]!r} of {where}; the parameters are {sorted(fields)}."
            )
        hints = typing.get_type_hints(cls)
        values = {
            name: _coerce(name, value, hints.get(name, Any), where)
            for name, value in config.items()
        }
        return cls(**values)

    def to_config(self) -> dict[str, Any]:
        """The parameters as a config table (tuples as lists), in field order.

        Raises:
            ConfigError: a value no config can hold (an object, not numbers or text).
        """
        return {f.name: _plain(f.name, getattr(self, f.name), self) for f in self.config_fields()}


def rng_or_random_state(rng: Any, random_state: Any, where: str) -> Any:
    """The seed an estimator was given: ``rng=``, or scikit-learn's ``random_state=``.

    Raises:
        ValidationError: both given (they would disagree about the seed).

    Examples:
        >>> rng_or_random_state(None, 3, "RBM"), rng_or_random_state(3, None, "RBM")
        (3, 3)
    """
    if rng is not None and random_state is not None:
        raise ValidationError(
            f"{where} takes one seed: give 'rng' (or its alias 'random_state'), not both. "
            f"Got rng={rng!r} and random_state={random_state!r}."
        )
    return rng if rng is not None else random_state


def _coerce(name: str, value: Any, hint: Any, where: str) -> Any:
    """``value`` as the field's type: int -> float, list -> tuple; else the type is checked."""
    options = typing.get_args(hint) if _is_union(hint) else (hint,)
    for option in options:
        ok, converted = _as(value, option)
        if ok:
            return converted
    shown = " | ".join(getattr(o, "__name__", str(o)) for o in options)
    raise ConfigError(
        f"The {name!r} parameter of {where} must be of type {shown}. "
        f"Got {value!r} ({type(value).__name__})."
    )


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _as(value: Any, option: Any) -> tuple[bool, Any]:
    """Whether ``value`` fits the type ``option``, and the value converted to it."""
    if option is Any:
        return True, value
    if option is type(None):
        return value is None, value
    origin = typing.get_origin(option) or option
    if origin is tuple and isinstance(value, list | tuple):
        args = typing.get_args(option)
        item = args[0] if args else Any
        items = [_as(v, item) for v in value]
        return all(ok for ok, _ in items), tuple(v for _, v in items)
    if origin is float and isinstance(value, int) and not isinstance(value, bool):
        return True, float(value)
    if origin is int and isinstance(value, bool):
        return False, value
    if isinstance(origin, type):
        return isinstance(value, origin), value
    return False, value


def _plain(name: str, value: Any, owner: Any) -> Any:
    """A value as TOML holds it: scalars, lists of them."""
    if isinstance(value, tuple | list):
        return [_plain(name, v, owner) for v in value]
    if value is None or isinstance(value, _SCALARS):
        return value
    raise ConfigError(
        f"The {name!r} parameter of {type(owner).__name__} is {value!r}, which a config "
        "cannot hold (numbers, text, booleans and lists of them only)."
    )
