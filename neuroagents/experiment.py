"""Experiments: named, parameterised runs that ``neuroagents run`` executes from TOML.

Pieces:
    Param: one parameter's default, type, bounds and help.
    Experiment: a model's named run function with its parameters (and ``--quick`` sizes).
    ExperimentResult: what a run returns: a tidy table, a readable summary, figures.
    load_config: read and validate a TOML config, naming any bad key or value.
    find_config, default_out_dir, shipped_configs: what ``neuroagents run NAME`` reads
        and where it writes (the configs ship as ``neuroagents.runs``).
    available_models: the model subpackages and their experiments.
    sweep_params, sweep_trials: an experiment that runs one trial function over a grid x
        seeds (the shape trial -> table -> summary -> figure) and its sweep parameters.
    format_table: table columns as text, for a summary.
    write_outputs: results.parquet, meta.json and PNGs, each written atomically.

A config looks like::

    model = "hopfield"          # a subpackage of neuroagents.models
    experiment = "retrieval"    # one of its EXPERIMENTS
    seed = 0
    [params]
    n = 400
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.resources
import pkgutil
import platform
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.errors import ConfigError
from neuroagents.io import save_figure, write_json, write_parquet
from neuroagents.outputs import replace_directory
from neuroagents.sweeps import BACKENDS, sweep

__all__ = [
    "Experiment",
    "ExperimentResult",
    "ModelEntry",
    "Param",
    "RunConfig",
    "available_models",
    "default_out_dir",
    "find_config",
    "format_table",
    "load_config",
    "package_versions",
    "read_toml",
    "shipped_configs",
    "sweep_params",
    "sweep_trials",
    "write_outputs",
]

TOP_LEVEL_KEYS = ("model", "experiment", "seed", "description", "params")


@dataclass(frozen=True, slots=True)
class Param:
    """One experiment parameter.

    Attributes:
        default: the value when the config omits it.
        help: one line on what it means.
        choices: allowed values, if a closed set.
        low: smallest allowed value (numbers).
        high: largest allowed value (numbers).

    A list parameter checks each item against the type of the default's items and
    against ``choices``, ``low`` and ``high``, naming the item (``params.n[2]``).
    """

    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None

    def validate(self, name: str, value: Any, source: str) -> Any:
        """Return ``value`` coerced to the default's type, or raise ConfigError."""
        kind = type(self.default)
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is list and isinstance(value, list):
            return self._validate_items(name, value, source)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(
                f"params.{name} in {source} must be of type {kind.__name__} "
                f"({self.help}). Got {value!r} ({type(value).__name__})."
            )
        if self.choices is not None and value not in self.choices:
            raise ConfigError(
                f"params.{name} in {source} must be one of {list(self.choices)}. Got {value!r}."
            )
        if self.low is not None and value < self.low:
            raise ConfigError(f"params.{name} in {source} must be >= {self.low}. Got {value!r}.")
        if self.high is not None and value > self.high:
            raise ConfigError(f"params.{name} in {source} must be <= {self.high}. Got {value!r}.")
        return value

    def _validate_items(self, name: str, value: list[Any], source: str) -> list[Any]:
        """A list parameter: every item like the default's items, each one named."""
        if self.default and not value:
            raise ConfigError(f"params.{name} in {source} must not be empty ({self.help}).")
        if not self.default:
            return value
        item = Param(self.default[0], self.help, self.choices, self.low, self.high)
        return [item.validate(f"{name}[{k}]", v, source) for k, v in enumerate(value)]


@dataclass
class ExperimentResult:
    """What an experiment returns.

    Attributes:
        table: the tidy main table (written to ``results.parquet``).
        summary: a few lines for a person to read.
        figures: file stem -> matplotlib Figure (written as PNG).
        tables: further tables, file stem -> DataFrame (written as parquet).
    """

    table: pd.DataFrame
    summary: str
    figures: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass(frozen=True)
class Experiment:
    """A named run of a model.

    Attributes:
        name: the name configs use.
        description: one line.
        params: parameter name -> Param.
        run: ``run(params, rng) -> ExperimentResult``.
        quick: parameter overrides for ``--quick`` (CI-sized) runs.
    """

    name: str
    description: str
    params: Mapping[str, Param]
    run: Callable[[dict[str, Any], np.random.Generator], ExperimentResult]
    quick: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RunConfig:
    """A validated config: everything needed to run and to record how it was run."""

    model: str
    experiment: Experiment
    seed: int
    params: dict[str, Any]
    source: str
    raw: dict[str, Any]
    quick: bool = False


def model_module(name: str) -> ModuleType:
    """Import ``neuroagents.models.<name>``."""
    return importlib.import_module(f"neuroagents.models.{name}")


@dataclass(frozen=True)
class ModelEntry:
    """A model as the CLI sees it: a one-line description and its experiments."""

    name: str
    description: str
    experiments: dict[str, Experiment]


RENAMED_MODELS = {"evolution": "learning", "plausible_learning": "learning"}
"""Model names configs used before the models became subpackages -> the name now."""


def available_models() -> dict[str, ModelEntry]:
    """The subpackages of ``neuroagents.models`` that define ``EXPERIMENTS``.

    A model is a subpackage ``neuroagents.models.<name>`` (the folder ``models/<name>/``)
    whose ``__init__`` exposes ``EXPERIMENTS``: experiment name -> :class:`Experiment`.
    The first line of its docstring describes it. Nothing else lists the models, so a
    new system needs only its folder.
    """
    import neuroagents.models as pkg

    found: dict[str, ModelEntry] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        module = model_module(info.name)
        experiments = getattr(module, "EXPERIMENTS", None)
        if not experiments:
            continue
        doc = (module.__doc__ or "").strip().splitlines()
        found[info.name] = ModelEntry(info.name, doc[0] if doc else "", dict(experiments))
    return found


def shipped_configs() -> dict[str, Path]:
    """The configs installed with the package (``neuroagents.runs``, the repo's ``runs/``)."""
    folder = importlib.resources.files("neuroagents.runs")
    return {
        entry.name.removesuffix(".toml"): Path(str(entry))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    }


def is_config_name(spec: str | PathLike[str]) -> bool:
    """Whether ``spec`` is a bare config name (``hopfield_demo``) rather than a path."""
    text = str(spec)
    return not (text.endswith(".toml") or "/" in text or "\\" in text)


def find_config(spec: str | PathLike[str]) -> Path:
    """The config file ``neuroagents run SPEC`` means.

    Args:
        spec: a path to a TOML file, or the bare name of a shipped config (no ``/``, no
            ``.toml``), e.g. ``hopfield_demo`` for ``runs/hopfield_demo.toml``.

    Raises:
        ConfigError: a bare name that no shipped config has (the message lists them).
    """
    if not is_config_name(spec):
        return Path(spec)
    configs = shipped_configs()
    if str(spec) not in configs:
        raise ConfigError(
            f"No config named {str(spec)!r} ships with neuroagents; give a path to a TOML "
            f"file or one of {sorted(configs)}."
        )
    return configs[str(spec)]


def default_out_dir(spec: str | PathLike[str], *, quick: bool = False) -> Path:
    """Where ``neuroagents run SPEC`` writes without ``--out``.

    ``./runs/NAME/`` (relative to the current directory) for a bare config name, the
    config's path without ``.toml`` for a path (``runs/x.toml`` -> ``runs/x/``). A
    ``--quick`` run goes to ``NAME-quick/`` beside it, so it never replaces a full run.
    """
    out = Path("runs") / str(spec) if is_config_name(spec) else Path(spec).with_suffix("")
    return out.with_name(out.name + "-quick") if quick else out


def read_toml(path: str | PathLike[str], what: str) -> dict[str, Any]:
    """Parse a TOML file, raising ConfigError that names the file if it is missing or bad."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"The {what} {path} does not exist.") from None
    except IsADirectoryError:
        raise ConfigError(f"The {what} {path} is a directory, not a TOML file.") from None
    except UnicodeDecodeError as err:
        raise ConfigError(f"The {what} {path} is not UTF-8 text ({err.reason}).") from None
    except OSError as err:
        raise ConfigError(f"The {what} {path} cannot be read: {err.strerror}.") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"The {what} {path} is not valid TOML: {err}.") from None


CONFIG_SHAPE = """model = "hopfield"          # a model (neuroagents models lists them)
experiment = "retrieval"    # one of its experiments
seed = 0
[params]
n = 400"""


def _check_shape(raw: dict[str, Any], source: str) -> None:
    """Refuse a config of the wrong shape with the right shape shown."""
    for key in ("model", "experiment"):
        if isinstance(raw.get(key), dict):
            raise ConfigError(
                f"In {source}, '{key}' is a table ([{key}]); it must be a name. A config "
                f"looks like:\n{CONFIG_SHAPE}"
            )
    if "params" in raw and not isinstance(raw["params"], dict):
        raise ConfigError(
            f"In {source}, 'params' must be a table ([params] with one key per "
            f"parameter). Got {raw['params']!r}. A config looks like:\n{CONFIG_SHAPE}"
        )
    unknown = sorted(set(raw) - set(TOP_LEVEL_KEYS))
    if unknown:
        hint = ""
        if not isinstance(raw.get(unknown[0]), dict):
            hint = f" If {unknown[0]!r} is a parameter, put it under [params]."
        raise ConfigError(
            f"Unknown key {unknown[0]!r} in {source}; the allowed top-level keys are "
            f"{list(TOP_LEVEL_KEYS)}.{hint} A config looks like:\n{CONFIG_SHAPE}"
        )


def load_config(
    path: str | PathLike[str], *, seed: int | None = None, quick: bool = False
) -> RunConfig:
    """Read and validate a TOML experiment config.

    Args:
        path: the TOML file.
        seed: overrides the config's seed.
        quick: apply the experiment's ``--quick`` overrides.

    Raises:
        ConfigError: unreadable TOML, an unknown key, or a bad value (named).
    """
    source = str(path)
    raw = read_toml(path, "config file")
    _check_shape(raw, source)
    models = available_models()
    name = raw.get("model")
    if name in RENAMED_MODELS:
        raise ConfigError(
            f"The model {name!r} in {source} is now part of the model "
            f'{RENAMED_MODELS[name]!r}: write model = "{RENAMED_MODELS[name]}" (the '
            "experiments keep their names)."
        )
    if name not in models:
        raise ConfigError(
            f"The key 'model' in {source} must be one of {sorted(models)}. Got {name!r}."
        )
    experiments = models[name].experiments
    exp_name = raw.get("experiment")
    if exp_name not in experiments:
        raise ConfigError(
            f"The key 'experiment' in {source} must be one of {sorted(experiments)} for "
            f"model {name!r}. Got {exp_name!r}."
        )
    experiment = experiments[exp_name]
    seed = raw.get("seed", 0) if seed is None else seed
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ConfigError(f"The key 'seed' in {source} must be an integer >= 0. Got {seed!r}.")
    given = raw.get("params", {})
    if not isinstance(given, dict):
        raise ConfigError(f"The key 'params' in {source} must be a table. Got {given!r}.")
    unknown = set(given) - set(experiment.params)
    if unknown:
        raise ConfigError(
            f"Unknown parameter 'params.{sorted(unknown)[0]}' in {source} for "
            f"{name}/{exp_name}; the parameters are {sorted(experiment.params)}."
        )
    params = {k: p.default for k, p in experiment.params.items()}
    params.update({k: experiment.params[k].validate(k, v, source) for k, v in given.items()})
    if quick:
        params.update(experiment.quick)
    return RunConfig(name, experiment, seed, params, source, raw, quick)


def sweep_params(
    seeds: int, seeds_help: str, backend: str = "serial", workers: int = 2
) -> dict[str, Param]:
    """The parameters of an experiment that sweeps: ``seeds``, ``backend``, ``workers``."""
    return {
        "seeds": Param(seeds, seeds_help, low=1),
        "backend": Param(backend, "sweep backend", choices=BACKENDS),
        "workers": Param(workers, "worker processes", low=1),
    }


def sweep_trials(
    trial: Callable[[dict[str, Any], np.random.Generator], Any],
    grid: Mapping[str, Sequence[Any]],
    fixed: Mapping[str, Any],
    params: Mapping[str, Any],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Run an experiment's trial over ``grid`` x ``params["seeds"]``: its table of runs.

    The first step of the shape most experiments share (trial -> table -> summary ->
    figure). The sweep settings are the experiment's own parameters (``seeds``, and
    ``backend`` and ``workers``, by default serial; see :func:`sweep_params`); the
    runs' root seed is drawn from ``rng``, so a config's seed fixes every run; a failed
    run raises.

    Args:
        trial: ``trial(params, rng) -> dict | DataFrame``, one network or one run.
        grid: parameter name -> values; every combination runs.
        fixed: parameters passed to every run.
        params: the experiment's parameters.
        rng: the experiment's generator.

    Returns:
        The runs' rows (grid columns, ``seed``, ``run_id`` and the trial's outputs),
        without the status columns.
    """
    backend = params.get("backend", "serial")
    runs = sweep(
        trial,
        grid=dict(grid),
        seeds=params["seeds"],
        params=dict(fixed),
        backend=backend,
        workers=params.get("workers"),
        root_seed=int(rng.integers(2**31)),
        progress=backend != "serial",
        on_failure="raise",
        check_params=False,  # the experiment's own names, checked by its Param specs
    )
    return runs.drop(columns=["status", "error", "traceback"]).reset_index(drop=True)


def format_table(table: pd.DataFrame, columns: Sequence[str]) -> str:
    """Some columns of a table as aligned text (4 significant digits), for a summary."""
    with pd.option_context("display.width", 140, "display.max_columns", 20):
        return table[list(columns)].to_string(index=False, float_format=lambda v: f"{v:.4g}")


def write_outputs(
    result: ExperimentResult, config: RunConfig, out_dir: Path, seconds: float
) -> list[Path]:
    """Write the result as ``out_dir``, replacing any earlier outputs there as a whole.

    Everything is written into a staging directory first and put in place in one step
    (:func:`neuroagents.outputs.replace_directory`); ``meta.json`` lists the files and
    says whether it was a ``--quick`` run. Returns the paths written.
    """

    def write(staging: Path) -> list[str]:
        names = ["results.parquet"]
        write_parquet(result.table, staging / "results.parquet")
        for stem, table in result.tables.items():
            names.append(f"{stem}.parquet")
            write_parquet(table, staging / names[-1])
        for stem, figure in result.figures.items():
            names.append(f"{stem}.png")
            save_figure(figure, staging / names[-1])
        meta = {
            "model": config.model,
            "experiment": config.experiment.name,
            "quick": config.quick,
            "config_file": config.source,
            "config": config.raw,
            "params": config.params,
            "seed": config.seed,
            "seconds": round(seconds, 3),
            "files": [*names, "meta.json"],
            "python": platform.python_version(),
            "packages": package_versions(),
        }
        write_json(meta, staging / "meta.json")
        return [*names, "meta.json"]

    return [out_dir / name for name in replace_directory(out_dir, write)]


def package_versions() -> dict[str, str]:
    """Installed versions of neuroagents and the packages its results depend on."""
    names = ("neuroagents", "mesa", "numpy", "scipy", "pandas", "networkx", "numba", "pyarrow")
    out = {}
    for name in names:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out
