"""Sweep configs: what ``neuroagents sweep runs/NAME.toml`` reads.

Pieces:
    SweepConfig: a validated sweep config.
    load_sweep_config: read and validate the TOML, naming any bad key or value.
    run_sweep_config: run it into its store and write the combined outputs.

A sweep config looks like::

    function = "neuroagents.models.hopfield:retrieval_trial"   # fn(params, rng)
    seeds = 10
    backend = "processes"          # serial | processes | dask (optional)
    workers = 2                    # optional
    [params]                       # fixed for every run
    n = 500
    [grid]                         # every combination
    alpha = [0.05, 0.1, 0.15]
    [summary]                      # optional: printed and written as summary.parquet
    by = ["alpha"]
    values = ["overlap"]
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from neuroagents.analysis.summary import summarize
from neuroagents.errors import ConfigError
from neuroagents.experiment import package_versions, read_toml
from neuroagents.io import write_json, write_parquet
from neuroagents.sweep import BACKENDS, sweep

__all__ = ["SweepConfig", "load_sweep_config", "run_sweep_config"]

KEYS = (
    "function", "seeds", "root_seed", "backend", "workers", "steps", "records",
    "description", "params", "grid", "summary",
)  # fmt: skip


@dataclass
class SweepConfig:
    """A validated sweep config (see the module docstring for the format)."""

    source: str
    function: Any
    function_name: str
    seeds: int | list[int]
    grid: dict[str, list[Any]]
    params: dict[str, Any] = field(default_factory=dict)
    backend: str = "serial"
    workers: int | None = None
    root_seed: int = 0
    steps: float | None = None
    records: bool = False
    summary: dict[str, list[str]] | None = None
    raw: dict[str, Any] = field(default_factory=dict)


def load_sweep_config(path: str | PathLike[str]) -> SweepConfig:
    """Read and validate a sweep TOML.

    Raises:
        ConfigError: unreadable TOML, an unknown key, or a bad value (named).
    """
    source = str(path)
    raw = read_toml(path, "sweep config")
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise ConfigError(
            f"Unknown key {unknown[0]!r} in {source}; the allowed keys are {list(KEYS)}."
        )
    name = raw.get("function")
    if not isinstance(name, str) or ":" not in name:
        raise ConfigError(
            f"The key 'function' in {source} must be 'package.module:function'. Got {name!r}."
        )
    module_name, _, attr = name.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as err:
        raise ConfigError(f"The key 'function' in {source} names {name!r}: {err}.") from None
    grid = raw.get("grid", {})
    if not isinstance(grid, dict) or not all(isinstance(v, list) for v in grid.values()):
        raise ConfigError(f"The key 'grid' in {source} must be a table of lists. Got {grid!r}.")
    seeds = raw.get("seeds", 1)
    if not (isinstance(seeds, int) and seeds >= 1) and not isinstance(seeds, list):
        raise ConfigError(
            f"The key 'seeds' in {source} must be a count >= 1 or a list. Got {seeds!r}."
        )
    backend = raw.get("backend", "serial")
    if backend not in BACKENDS:
        raise ConfigError(
            f"The key 'backend' in {source} must be one of {list(BACKENDS)}. Got {backend!r}."
        )
    for key, ok, constraint in (
        ("workers", lambda v: v is None or (_is_int(v) and v >= 1), "an integer >= 1"),
        ("root_seed", lambda v: _is_int(v) and v >= 0, "an integer >= 0"),
        ("steps", lambda v: v is None or (_is_number(v) and v > 0), "a number > 0"),
        ("records", lambda v: isinstance(v, bool), "true or false"),
    ):
        value = raw.get(key, {"root_seed": 0, "records": False}.get(key))
        if not ok(value):
            raise ConfigError(f"The key {key!r} in {source} must be {constraint}. Got {value!r}.")
    summary = raw.get("summary")
    if summary is not None and (
        not isinstance(summary, dict) or set(summary) - {"by", "values"} or "by" not in summary
    ):
        raise ConfigError(
            f"The key 'summary' in {source} must be a table with 'by' and 'values'. "
            f"Got {summary!r}."
        )
    return SweepConfig(
        source=source,
        function=function,
        function_name=name,
        seeds=seeds,
        grid=grid,
        params=dict(raw.get("params", {})),
        backend=backend,
        workers=raw.get("workers"),
        root_seed=raw.get("root_seed", 0),
        steps=raw.get("steps"),
        records=bool(raw.get("records", False)),
        summary=summary,
        raw=raw,
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def run_sweep_config(
    config: SweepConfig, out_dir: Path, *, scheduler_address: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame | None, list[Path]]:
    """Run the sweep into ``out_dir`` (the store) and write the combined outputs.

    Returns:
        ``(all runs, summary or None, files written)``.
    """
    start = time.perf_counter()
    runs = sweep(
        config.function,
        config.grid or None,
        config.seeds,
        params=config.params,
        backend=config.backend,
        workers=config.workers,
        store=out_dir,
        scheduler_address=scheduler_address,
        root_seed=config.root_seed,
        steps=config.steps,
        records=config.records,
    )
    seconds = time.perf_counter() - start
    written = [write_parquet(runs, out_dir / "results.parquet")]
    table = None
    if config.summary is not None:
        values = config.summary.get("values") or []
        table = summarize(runs, config.summary["by"], values)
        written.append(write_parquet(table, out_dir / "summary.parquet"))
    meta = {
        "function": config.function_name,
        "config_file": config.source,
        "config": config.raw,
        "backend": config.backend,
        "workers": config.workers,
        "seconds": round(seconds, 3),
        "packages": package_versions(),
    }
    written.append(write_json(meta, out_dir / "meta.json"))
    return runs, table, written
