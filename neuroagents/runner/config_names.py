"""Which config a command means: shipped names, paths, and the two kinds of config.

Pieces:
    config_kind, check_kind: an experiment config (``neuroagents run``) or a sweep
        config (``neuroagents sweep``); one given to the other command names the right one.
    shipped_configs: the configs installed as ``neuroagents.runs`` (the repo's ``runs/``),
        all or one command's.
    is_config_name, find_config: a bare name (``hopfield_demo``) or a path.
    default_out_dir: where a run or sweep writes without ``--out``.
"""

from __future__ import annotations

import importlib.resources
import tomllib
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

from neuroagents.errors import ConfigError
from neuroagents.messages import nearest

__all__ = [
    "check_kind",
    "config_kind",
    "default_out_dir",
    "find_config",
    "is_config_name",
    "shipped_configs",
]

COMMANDS = {"run": "an experiment config", "sweep": "a sweep config"}


def config_kind(raw: Mapping[str, Any]) -> str | None:
    """``"sweep"`` for a sweep config, ``"run"`` for an experiment config, else None.

    A sweep config names a ``function`` (and no model); an experiment config names a
    ``model`` or an ``experiment`` (and no function); anything else is left to the loader
    to refuse by its own rules.

    Examples:
        >>> config_kind({"function": "m:f", "seeds": 2}), config_kind({"model": "hopfield"})
        ('sweep', 'run')
    """
    has_function = "function" in raw
    has_model = "model" in raw or "experiment" in raw
    if has_function != has_model:
        return "sweep" if has_function else "run"
    return None


def _kind_of_file(path: str | PathLike[str]) -> str | None:
    """The kind of a config file, or None if it cannot be read (its loader says why)."""
    try:
        return config_kind(tomllib.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def check_kind(kind: str | None, spec: str, command: str) -> None:
    """Refuse a config meant for the other command, naming the command to use.

    Args:
        kind: the config's kind (:func:`config_kind`).
        spec: the config as the user named it.
        command: ``"run"`` or ``"sweep"``, what is about to read it.

    Raises:
        ConfigError: a sweep config for ``run``, or an experiment config for ``sweep``.
    """
    if kind is not None and kind != command:
        what = "names a function to sweep" if kind == "sweep" else "names a model and experiment"
        raise ConfigError(
            f"{spec} is {COMMANDS[kind]} (it {what}), not {COMMANDS[command]}: run it with "
            f"neuroagents {kind} {spec}."
        )


def shipped_configs(kind: str | None = None) -> dict[str, Path]:
    """The configs installed with the package (``neuroagents.runs``, the repo's ``runs/``).

    Args:
        kind: ``"run"`` or ``"sweep"`` for only the configs of that command (see
            :func:`config_kind`); None for all.
    """
    folder = importlib.resources.files("neuroagents.runs")
    found = {
        entry.name.removesuffix(".toml"): Path(str(entry))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    }
    if kind is None:
        return found
    return {name: path for name, path in found.items() if _kind_of_file(path) == kind}


def is_config_name(spec: str | PathLike[str]) -> bool:
    """Whether ``spec`` is a bare config name (``hopfield_demo``) rather than a path."""
    text = str(spec)
    return not (text.endswith(".toml") or "/" in text or "\\" in text)


def find_config(spec: str | PathLike[str], command: str | None = None) -> Path:
    """The config file ``neuroagents run SPEC`` (or ``sweep SPEC``) means.

    Args:
        spec: a path to a TOML file, or the bare name of a shipped config (no ``/``, no
            ``.toml``), e.g. ``hopfield_demo`` for ``runs/hopfield_demo.toml``.
        command: ``"run"`` or ``"sweep"``: list only that command's configs when a name
            is unknown, and refuse a config of the other kind, naming its command.

    Raises:
        ConfigError: a bare name that no shipped config has (the message lists them), or
            a config for the other command.
    """
    if not is_config_name(spec):
        path = Path(spec)
    else:
        configs = shipped_configs()
        if str(spec) not in configs:
            names = sorted(shipped_configs(command) if command else configs)
            near = nearest(str(spec), names)
            raise ConfigError(
                f"No config named {str(spec)!r} ships with neuroagents"
                + (f" (did you mean {near!r}?)" if near else "")
                + f"; give a path to a TOML file or one of: {', '.join(names)}."
            )
        path = configs[str(spec)]
    if command is not None:
        check_kind(_kind_of_file(path), str(spec), command)
    return path


def default_out_dir(spec: str | PathLike[str], *, quick: bool = False) -> Path:
    """Where ``neuroagents run SPEC`` writes without ``--out``.

    ``./runs/NAME/`` (relative to the current directory) for a bare config name, the
    config's path without ``.toml`` for a path (``runs/x.toml`` -> ``runs/x/``). A
    ``--quick`` run goes to ``NAME-quick/`` beside it, so it never replaces a full run.
    """
    out = Path("runs") / str(spec) if is_config_name(spec) else Path(spec).with_suffix("")
    return out.with_name(out.name + "-quick") if quick else out
