"""Checks of an experiment config's shape and keys, naming what the user wrote.

Pieces:
    TOP_LEVEL_KEYS, CONFIG_SHAPE: what a config may hold, and the one-line reminder.
    check_shape: top-level keys of the right kinds, no unknown ones.
    check_exclusions: two parameters of which one fixes the other are refused.
    check_unknown: a parameter the experiment does not have, with the nearest name.
    validate_param, COMMAND_LINE: a value checked by its Param, naming the ``--set``
        that gave it, if one did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from neuroagents.errors import ConfigError
from neuroagents.messages import nearest, quote

if TYPE_CHECKING:
    from neuroagents.runner.config_overrides import Origins
    from neuroagents.runner.experiment import Experiment, Param

__all__ = [
    "COMMAND_LINE",
    "CONFIG_SHAPE",
    "TOP_LEVEL_KEYS",
    "check_exclusions",
    "check_shape",
    "check_unknown",
    "validate_param",
]

TOP_LEVEL_KEYS = ("model", "experiment", "seed", "description", "params")

CONFIG_SHAPE = (
    'a config has model = "NAME", experiment = "NAME", seed = N, description = "TEXT" '
    "and a [params] table (neuroagents models lists the names)"
)


def check_shape(raw: dict[str, Any], at: Origins) -> None:
    """Refuse a config of the wrong shape, in one line that names the key."""
    for key in ("model", "experiment"):
        if isinstance(raw.get(key), dict):
            raise ConfigError(
                f"{at.at(f'The key {key!r}', key)} is a table ([{key}]); it must be a name: "
                f"{CONFIG_SHAPE}."
            )
        if key in raw and not isinstance(raw[key], str):
            raise ConfigError(
                f"{at.at(f'The key {key!r}', key)} must be a name (a string). Got "
                f"{quote(raw[key])} ({type(raw[key]).__name__}): {CONFIG_SHAPE}."
            )
    if "params" in raw and not isinstance(raw["params"], dict):
        raise ConfigError(
            f"{at.at("The key 'params'", 'params')} must be a table ([params] with one key "
            f"per parameter). Got {quote(raw['params'])}: {CONFIG_SHAPE}."
        )
    if "description" in raw and not isinstance(raw["description"], str):
        raise ConfigError(
            f"{at.at("The key 'description'", 'description')} must be text (a string). "
            f"Got {quote(raw['description'])} ({type(raw['description']).__name__})."
        )
    unknown = sorted(set(raw) - set(TOP_LEVEL_KEYS))
    if unknown:
        hint = ""
        if not isinstance(raw.get(unknown[0]), dict):
            hint = f" If {unknown[0]!r} is a parameter, put it under [params]."
            if at.origin(unknown[0]):
                hint = f" If {unknown[0]!r} is a parameter, write --set params.{unknown[0]}=..."
        raise ConfigError(
            f"{at.at(f'Unknown key {quote(unknown[0])}', unknown[0])}; the allowed top-level "
            f"keys are {list(TOP_LEVEL_KEYS)}.{hint}"
        )


def check_exclusions(experiment: Experiment, given: dict[str, Any], at: Origins) -> None:
    """Refuse a config that gives two parameters of which one fixes the other."""
    for key, param in experiment.params.items():
        if key not in given or given[key] == param.default:
            continue
        both = [other for other in param.excludes if other in given]
        if both:
            named = both[0] if at.origin("params", both[0]) else key  # the --set, if one
            raise ConfigError(
                f"{at.at(f'params.{key} and params.{both[0]}', 'params', named)} cannot both "
                f"be given: the {key} fixes {both[0]}. Remove one of them."
            )


COMMAND_LINE = "the command line"
"""The source a ``--set`` value is validated with: its relative paths start in the
current directory (``Path(COMMAND_LINE).parent``); its messages name the ``--set``."""


def validate_param(param: Param, key: str, value: Any, at: Origins) -> Any:
    """``param.validate``, with a ``--set`` value's errors naming the ``--set``."""
    override = at.origin("params", key)
    if override is None:
        return param.validate(key, value, at.file)
    try:
        return param.validate(key, value, COMMAND_LINE)
    except ConfigError as err:
        text = str(err).replace(f" in {COMMAND_LINE}", "", 1)
        raise ConfigError(f"--set {override.text}: {text}") from None


def check_unknown(experiment: Experiment, what: str, given: dict[str, Any], at: Origins) -> None:
    """Refuse a parameter the experiment does not have, with the nearest name."""
    unknown = sorted(set(given) - set(experiment.params))
    if not unknown:
        return
    key = unknown[0]
    near = nearest(key, experiment.params)
    names = f"the parameters are {sorted(experiment.params)}"
    override = at.origin("params", key)
    if override is not None:
        raise ConfigError(
            f"--set {override.text}: unknown parameter {quote(key)} of {what}; "
            + (f"did you mean {near!r}?" if near else f"{names}.")
        )
    raise ConfigError(
        f"Unknown parameter {quote('params.' + key)} in {at.file} for {what}"
        + (f" (did you mean {near!r}?)" if near else "")
        + f"; {names}."
    )
