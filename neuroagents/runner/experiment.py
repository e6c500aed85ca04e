"""Experiments: named, parameterised runs that ``neuroagents run`` executes from TOML.

Pieces:
    Param: one parameter's default, type, bounds and help.
    Experiment: a model's named run function with its parameters (and ``--quick`` sizes).
    ExperimentParams: an experiment's parameters as a frozen dataclass (the runner's
        ``from_config``/``to_config``; :attr:`Experiment.params_type`).
    ExperimentResult: what a run returns: tables, a readable summary, figures (kept
        here for old imports; it lives in :mod:`neuroagents.runner.tail`).
    load_config: read and validate a TOML config, naming any bad key or value.
    find_config, default_out_dir, shipped_configs, config_kind: what ``neuroagents run
        NAME`` reads and where it writes (kept here for old imports; they live in
        :mod:`neuroagents.runner.config_names`).
    available_models: the model subpackages and their experiments.
    sweep_params, sweep_trials: an experiment that runs one trial function over a grid x
        seeds (the shape trial -> table -> summary -> figure) and its sweep parameters.
    format_table: table columns as text, for a summary.
    write_outputs: results.parquet, meta.json and PNGs, put in place as a whole (the
        experiment tail, :mod:`neuroagents.runner.tail`; kept here for old imports).

A config looks like::

    model = "hopfield"          # a subpackage of neuroagents.models
    experiment = "retrieval"    # one of its EXPERIMENTS
    seed = 0
    [params]
    n = 400
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import importlib.resources
import math
import pkgutil
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar, Self

import numpy as np
import pandas as pd

from neuroagents.errors import ConfigError
from neuroagents.io import package_versions, read_toml
from neuroagents.messages import quote
from neuroagents.params import ConfigParams
from neuroagents.runner.config_checks import (
    check_exclusions,
    check_shape,
    check_unknown,
    validate_param,
)
from neuroagents.runner.config_names import (
    check_kind,
    config_kind,
    default_out_dir,
    find_config,
    is_config_name,
    shipped_configs,
)
from neuroagents.runner.config_overrides import apply_overrides
from neuroagents.runner.tail import ExperimentResult, write_outputs
from neuroagents.sweeps.driver import BACKENDS, sweep

__all__ = [
    "Experiment",
    "ExperimentParams",
    "ExperimentResult",
    "ModelEntry",
    "Param",
    "RunConfig",
    "available_models",
    "config_kind",
    "default_out_dir",
    "find_config",
    "format_table",
    "is_config_name",
    "load_config",
    "package_versions",
    "read_toml",
    "shipped_configs",
    "sweep_params",
    "sweep_trials",
    "write_outputs",
]


@dataclass(frozen=True, slots=True)
class Param:
    """One experiment parameter.

    Attributes:
        default: the value when the config omits it.
        help: one line on what it means.
        choices: allowed values, if a closed set.
        low: smallest allowed value (numbers).
        high: largest allowed value (numbers).
        excludes: parameters a config may not also give when it sets this one to
            something other than its default (``connectome`` fixes ``n``).
        allow_inf: whether ``inf`` is a meaningful value (NaN never is).

    A list parameter checks each item against the type of the default's items and
    against ``choices``, ``low`` and ``high``, naming the item (``params.n[2]``).
    """

    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    excludes: tuple[str, ...] = ()
    allow_inf: bool = False

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
                f"({self.help}). Got {quote(value)} ({type(value).__name__})."
            )
        if kind is float and (math.isnan(value) or (math.isinf(value) and not self.allow_inf)):
            raise ConfigError(
                f"params.{name} in {source} must be a finite number ({self.help}). Got {value!r}."
            )
        if self.choices is not None and value not in self.choices:
            raise ConfigError(
                f"params.{name} in {source} must be one of {list(self.choices)}. "
                f"Got {quote(value)}."
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
        item = dataclasses.replace(self, default=self.default[0])
        return [item.validate(f"{name}[{k}]", v, source) for k, v in enumerate(value)]


@dataclass(frozen=True)
class Experiment:
    """A named run of a model.

    Attributes:
        name: the name configs use.
        description: one line.
        params: parameter name -> Param.
        run: ``run(params, rng) -> ExperimentResult``; ``params`` is the experiment's
            frozen parameters dataclass (:attr:`params_type`: ``params.n``). Called with a
            plain mapping, the mapping becomes that dataclass first (the defaults filled
            in; an unknown key is a ConfigError).
        quick: parameter overrides for ``--quick`` (CI-sized) runs.
        deterministic: the run draws no random numbers, so the seed cannot change it
            (the CLI says so instead of letting ``--seed`` look like it did something).
        headlines: ``headlines(result, params) -> {name: Headline}``, the numbers a run's
            summary records with their uncertainty (:mod:`neuroagents.runner.summaries`);
            None: the summary records the table's column means.
    """

    name: str
    description: str
    params: Mapping[str, Param]
    run: Callable[[ExperimentParams, np.random.Generator], ExperimentResult]
    quick: Mapping[str, Any] = field(default_factory=dict)
    deterministic: bool = False
    headlines: Callable[[ExperimentResult, Mapping[str, Any]], Mapping[str, Any]] | None = None

    def __post_init__(self) -> None:
        # The run always gets the params dataclass, however it is called.
        run = getattr(self.run, "experiment_run", self.run)
        object.__setattr__(self, "run", _taking_params(self, run))

    @functools.cached_property
    def params_type(self) -> type[ExperimentParams]:
        """The experiment's parameters as a frozen dataclass (one field per Param).

        The runner reads a config's ``[params]`` through its ``from_config`` (each value
        validated by its :class:`Param`, defaults filled in) and hands the experiment
        its ``to_config()``.

        Examples:
            >>> exp = Experiment("demo", "a demo", {"n": Param(10, "size", low=1),
            ...                  "alphas": Param([0.1, 0.2], "loads")}, run=print)
            >>> p = exp.params_type.from_config({"n": 20})
            >>> p
            DemoParams(n=20, alphas=(0.1, 0.2))
            >>> p.to_config(), p["n"]
            ({'n': 20, 'alphas': [0.1, 0.2]}, 20)
        """
        fields = [
            (name, _annotation(param.default), field(default=_frozen(param.default)))
            for name, param in self.params.items()
        ]
        cls_name = "".join(part.title() for part in self.name.split("_")) + "Params"
        cls = dataclasses.make_dataclass(cls_name, fields, bases=(ExperimentParams,), frozen=True)
        cls.schema = dict(self.params)
        return cls


def _taking_params(
    experiment: Experiment, run: Callable[..., ExperimentResult]
) -> Callable[..., ExperimentResult]:
    """``run`` called with the experiment's params dataclass, whatever mapping it is given."""

    @functools.wraps(run)
    def with_params(params: Mapping[str, Any], rng: np.random.Generator) -> ExperimentResult:
        cls = experiment.params_type
        if not isinstance(params, cls):
            unknown = sorted(set(params) - set(cls.schema))
            if unknown:
                raise ConfigError(
                    f"Unknown parameter {unknown[0]!r} of the experiment {experiment.name!r}; "
                    f"the parameters are {sorted(cls.schema)}."
                )
            params = cls(**{k: _frozen(v) for k, v in params.items()})
        return run(params, rng)

    with_params.experiment_run = run  # type: ignore[attr-defined]
    return with_params


class ExperimentParams(ConfigParams, Mapping[str, Any]):
    """Base of an experiment's parameters dataclass (:attr:`Experiment.params_type`).

    ``from_config`` validates each value with the experiment's :class:`Param` (the
    messages name ``params.<name>`` and the config file) and fills in the defaults;
    ``to_config`` gives the config's table back (lists, not tuples). An experiment's
    ``run`` receives this object and reads ``params.n``; it is also a read-only mapping
    (``params["n"]``, ``params.get("n")``), for code that takes either.
    """

    schema: ClassVar[dict[str, Param]] = {}

    @classmethod
    def from_config(cls, config: Mapping[str, Any], *, source: str | None = None) -> Self:
        """The parameters of a config's ``[params]`` table, validated, defaults filled."""
        where = source or "the config"
        return cls(
            **{
                name: _frozen(cls.schema[name].validate(name, value, where))
                for name, value in config.items()
            }
        )

    def __getitem__(self, name: str) -> Any:
        if name not in self.schema:
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.schema)

    def __len__(self) -> int:
        return len(self.schema)


def _frozen(value: Any) -> Any:
    """Lists (a config's arrays) as tuples, so the parameters can be frozen."""
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value


def _annotation(default: Any) -> Any:
    """The type of a parameter, from its default (lists become tuples of their items)."""
    if isinstance(default, list):
        return tuple[_annotation(default[0]), ...] if default else tuple
    return type(default)


@dataclass(frozen=True)
class RunConfig:
    """A validated config: everything needed to run and to record how it was run.

    ``raw`` is the config as run (the file with its overrides set); ``overrides`` maps
    each key given with ``--set`` to its value (``{"params.n": 1000}``); ``params`` is
    the experiment's parameters dataclass (:attr:`Experiment.params_type`), ``--quick``
    sizes applied.
    """

    model: str
    experiment: Experiment
    seed: int
    params: ExperimentParams
    source: str
    raw: dict[str, Any]
    quick: bool = False
    overrides: dict[str, Any] = field(default_factory=dict)


def model_module(name: str) -> ModuleType:
    """Import ``neuroagents.models.<name>`` (a system's library: fast, no experiments)."""
    return importlib.import_module(f"neuroagents.models.{name}")


@dataclass(frozen=True)
class ModelEntry:
    """A model as the CLI sees it: a one-line description and its experiments.

    ``experiments`` imports the system's ``experiments`` module on first use, so
    listing the systems or running one of them imports no other system's experiments.
    """

    name: str
    description: str

    @functools.cached_property
    def experiments(self) -> dict[str, Experiment]:
        """Experiment name -> :class:`Experiment` (imports the system's experiments)."""
        module = importlib.import_module(f"neuroagents.models.{self.name}.experiments")
        return dict(module.EXPERIMENTS)


RENAMED_MODELS = {"evolution": "learning", "plausible_learning": "learning"}
"""Model names configs used before the models became subpackages -> the name now."""

MOVED_EXPERIMENTS: dict[tuple[str, str], str] = {
    **{
        ("questions", name): "learning"
        for name in ("feedback_sparsity", "binary_units", "adversarial", "scaling")
    },
    ("questions", "asymmetry"): "hopfield",
    ("connectome", "celegans"): "celegans",
    ("connectome", "hopfield"): "celegans",
    ("connectome", "pruning"): "hopfield",
    ("connectome", "pruning_size"): "hopfield",
}
"""(old model, experiment) -> the model that now has the experiment (same name).

``questions`` and ``connectome`` were collections, not systems; their experiments
joined the systems they are about. Configs naming the old model still run, with a
FutureWarning naming the new one, for one release.
"""


def _has_experiments(folder: Path) -> bool:
    """Whether a system folder has experiments (``experiments/`` or ``experiments.py``)."""
    return (folder / "experiments" / "__init__.py").is_file() or (
        folder / "experiments.py"
    ).is_file()


def available_models() -> dict[str, ModelEntry]:
    """The systems: subpackages of ``neuroagents.models`` that have experiments.

    A system is a subpackage ``neuroagents.models.<name>`` (the folder
    ``models/<name>/``) with an ``experiments`` module or package exposing
    ``EXPERIMENTS``: experiment name -> :class:`Experiment`. The first line of the
    package's docstring describes it. Nothing else lists the systems, so a new one needs
    only its folder; its experiments are imported only when asked for
    (:attr:`ModelEntry.experiments`).
    """
    import neuroagents.models as pkg

    found: dict[str, ModelEntry] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        folder = Path(getattr(info.module_finder, "path", "")) / info.name
        if not info.ispkg or not _has_experiments(folder):
            continue
        doc = (model_module(info.name).__doc__ or "").strip().splitlines()
        found[info.name] = ModelEntry(info.name, doc[0] if doc else "")
    return found


def load_config(
    path: str | PathLike[str],
    *,
    seed: int | None = None,
    quick: bool = False,
    overrides: Sequence[str] = (),
) -> RunConfig:
    """Read and validate a TOML experiment config.

    Args:
        path: the TOML file.
        seed: overrides the config's seed.
        quick: apply the experiment's ``--quick`` overrides.
        overrides: ``KEY=VALUE`` texts (``"params.n=1000"``, ``"seed=3"``) set in the
            config before it is validated, so checked exactly like the file; each value
            is TOML (a bare word is text). They win over ``quick``'s sizes.

    Raises:
        ConfigError: unreadable TOML, a config for ``neuroagents sweep``, an unknown key,
            or a bad value (named: the key in the file, or the ``--set`` that gave it).
    """
    source = str(path)
    raw = read_toml(path, "config file")
    check_kind(config_kind(raw), source, "run")
    raw, at = apply_overrides(raw, overrides, source)
    check_shape(raw, at)
    models = available_models()
    name = raw.get("model")
    if name in RENAMED_MODELS:
        raise ConfigError(
            f"{at.at(f'The model {name!r}', 'model')} is now part of the model "
            f'{RENAMED_MODELS[name]!r}: write model = "{RENAMED_MODELS[name]}" (the '
            "experiments keep their names)."
        )
    if (name, raw.get("experiment")) in MOVED_EXPERIMENTS:
        new = MOVED_EXPERIMENTS[name, raw["experiment"]]
        warnings.warn(
            f"The model {name!r} in {source} is deprecated: the experiment "
            f"{raw['experiment']!r} is now part of the model {new!r}. Write "
            f'model = "{new}" (the old name works for one more release).',
            FutureWarning,
            stacklevel=2,
        )
        name = new
    if name not in models:
        raise ConfigError(
            f"{at.at("The key 'model'", 'model')} must be one of {sorted(models)}. "
            f"Got {quote(name)}."
        )
    experiments = models[name].experiments
    exp_name = raw.get("experiment")
    if exp_name not in experiments:
        raise ConfigError(
            f"{at.at("The key 'experiment'", 'experiment')} must be one of "
            f"{sorted(experiments)} for model {name!r}. Got {quote(exp_name)}."
        )
    experiment = experiments[exp_name]
    seed = raw.get("seed", 0) if seed is None else seed
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ConfigError(
            f"{at.at("The key 'seed'", 'seed')} must be an integer >= 0. Got {quote(seed)}."
        )
    given = raw.get("params", {})
    check_unknown(experiment, f"{name}/{exp_name}", given, at)
    check_exclusions(experiment, given, at)
    valid = {k: validate_param(experiment.params[k], k, v, at) for k, v in given.items()}
    # The frozen params dataclass fills the defaults from the one schema; the values are
    # validated above, once (a second pass would resolve a --set path against the file).
    params = experiment.params_type(**{k: _frozen(v) for k, v in valid.items()})
    if quick:
        sized = {**experiment.quick, **{k: v for k, v in valid.items() if at.origin("params", k)}}
        params = dataclasses.replace(params, **{k: _frozen(v) for k, v in sized.items()})
    return RunConfig(name, experiment, seed, params, source, raw, quick, at.set_keys())


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
