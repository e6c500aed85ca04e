"""Sweep configs: what ``neuroagents sweep runs/NAME.toml`` reads.

Pieces:
    SweepConfig: a validated sweep config.
    load_sweep_config: read and validate the TOML, naming any bad key or value.
    run_sweep_config: run it into its store and write the combined outputs (and
        ``failed_runs.txt`` with the tracebacks of failed runs).

Typos are caught before any run: an unknown key (with the nearest allowed one), a
parameter that the model class does not take or that the function's code never
mentions (set ``check_params = false`` for a function that hands its params on to code
the check cannot see), a parameter both fixed and swept.

A sweep config looks like::

    # fn(params, rng)
    function = "neuroagents.models.hopfield.experiments.retrieval:retrieval_trial"
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
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from neuroagents.analysis.summary import summarize
from neuroagents.errors import ConfigError, RunFailedWarning
from neuroagents.io import atomic_path, package_versions, read_toml, write_json, write_parquet
from neuroagents.runner.config_names import check_kind, config_kind
from neuroagents.runner.config_overrides import Origins, apply_overrides
from neuroagents.sweeps.driver import BACKENDS, sweep
from neuroagents.sweeps.fingerprint import config_fingerprint
from neuroagents.sweeps.names import nearest, unread_name
from neuroagents.sweeps.store import check_store_place
from neuroagents.sweeps.store_lock import store_lock

__all__ = ["SweepConfig", "load_sweep_config", "run_sweep_config"]

KEYS = (
    "function", "seeds", "root_seed", "backend", "workers", "steps", "records",
    "description", "params", "grid", "summary", "check_params",
)  # fmt: skip
EXECUTION_KEYS = ("backend", "workers", "description", "summary", "check_params")


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
    overrides: dict[str, Any] = field(default_factory=dict)


def load_sweep_config(path: str | PathLike[str], *, overrides: Sequence[str] = ()) -> SweepConfig:
    """Read and validate a sweep TOML.

    Args:
        path: the TOML file.
        overrides: ``KEY=VALUE`` texts (``"params.n=100"``, ``"grid.alpha=[0.1, 0.2]"``,
            ``"seeds=4"``) set in the config before it is validated, so checked exactly
            like the file; each value is TOML (a bare word is text).

    Raises:
        ConfigError: unreadable TOML, a config for ``neuroagents run``, an unknown key,
            or a bad value (named: the key in the file, or the ``--set`` that gave it).
    """
    source = str(path)
    raw = read_toml(path, "sweep config")
    check_kind(config_kind(raw), source, "sweep")
    raw, at = apply_overrides(raw, overrides, source)
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise ConfigError(
            f"{at.at(f'Unknown key {unknown[0]!r}', unknown[0])}{nearest(unknown[0], KEYS)}; "
            f"the allowed keys are {list(KEYS)}."
        )
    name = raw.get("function")
    if not isinstance(name, str) or ":" not in name:
        raise ConfigError(
            f"{at.at("The key 'function'", 'function')} must be "
            f"'package.module:function'. Got {name!r}."
        )
    module_name, _, attr = name.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as err:
        raise ConfigError(
            f"{at.at("The key 'function'", 'function')} names {name!r}: {err}."
        ) from None
    grid = raw.get("grid", {})
    if not isinstance(grid, dict) or not all(isinstance(v, list) for v in grid.values()):
        lists = grid.items() if isinstance(grid, dict) else ()
        bad = next((k for k, v in lists if not isinstance(v, list)), None)
        where = ("grid",) if bad is None else ("grid", bad)
        raise ConfigError(
            f"{at.at("The key 'grid'", *where)} must be a table of lists. Got {grid!r}."
        )
    seeds = raw.get("seeds", 1)
    if not (isinstance(seeds, int) and seeds >= 1) and not isinstance(seeds, list):
        raise ConfigError(
            f"{at.at("The key 'seeds'", 'seeds')} must be a count >= 1 or a list. Got {seeds!r}."
        )
    backend = raw.get("backend", "serial")
    if backend not in BACKENDS:
        raise ConfigError(
            f"{at.at("The key 'backend'", 'backend')} must be one of {list(BACKENDS)}. "
            f"Got {backend!r}."
        )
    for key, ok, constraint in (
        ("workers", lambda v: v is None or (_is_int(v) and v >= 1), "an integer >= 1"),
        ("root_seed", lambda v: _is_int(v) and v >= 0, "an integer >= 0"),
        ("steps", lambda v: v is None or (_is_number(v) and v > 0), "a number > 0"),
        ("records", lambda v: isinstance(v, bool), "true or false"),
    ):
        value = raw.get(key, {"root_seed": 0, "records": False}.get(key))
        if not ok(value):
            raise ConfigError(
                f"{at.at(f'The key {key!r}', key)} must be {constraint}. Got {value!r}."
            )
    params = raw.get("params", {})
    if not isinstance(params, dict):
        raise ConfigError(f"{at.at("The key 'params'", 'params')} must be a table. Got {params!r}.")
    if raw.get("check_params", True) is not False:
        _check_param_names(function, name, params, grid, at)
    summary = raw.get("summary")
    if summary is not None and (
        not isinstance(summary, dict) or set(summary) - {"by", "values"} or "by" not in summary
    ):
        raise ConfigError(
            f"{at.at("The key 'summary'", 'summary')} must be a table with 'by' and "
            f"'values'. Got {summary!r}."
        )
    return SweepConfig(
        source=source,
        function=function,
        function_name=name,
        seeds=seeds,
        grid=grid,
        params=dict(params),
        backend=backend,
        workers=raw.get("workers"),
        root_seed=raw.get("root_seed", 0),
        steps=raw.get("steps"),
        records=bool(raw.get("records", False)),
        summary=summary,
        raw=raw,
        overrides=at.set_keys(),
    )


def _check_param_names(
    function: Any, name: str, params: dict[str, Any], grid: dict[str, Any], at: Origins
) -> None:
    both = sorted(set(params) & set(grid))
    if both:
        table = "grid" if at.origin("grid", both[0]) else "params"
        raise ConfigError(
            f"{at.at(f'The parameter {both[0]!r}', table, both[0])} is both in [params] and "
            "in [grid]; keep it in one."
        )
    unread = unread_name(function, {"params": params, "grid": grid})
    if unread is None:
        return
    key, table, known = unread
    where = at.at(f"The parameter {key!r} in [{table}]", table, key)
    if at.origin(table, key) is None:
        where = f"The parameter {key!r} in [{table}] of {at.file}"
    raise ConfigError(
        f"{where} is never read by {name}{nearest(key, known)}. Fix the name, "
        "or set check_params = false if the function passes its params on."
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def run_sweep_config(
    config: SweepConfig,
    out_dir: Path,
    *,
    scheduler_address: str | None = None,
    on_change: str = "refuse",
) -> tuple[pd.DataFrame, pd.DataFrame | None, list[Path]]:
    """Run the sweep into ``out_dir`` (the store) and write the combined outputs.

    The store's lock is held throughout: a second identical sweep into the same store
    waits, then finds every run done. A directory holding other files is refused.

    Returns:
        ``(all runs, summary or None, files written)``.
    """
    check_store_place(out_dir)
    with store_lock(out_dir):  # the combined outputs too: one sweep at a time
        return _run_and_write(config, out_dir, scheduler_address, on_change)


def _run_and_write(
    config: SweepConfig, out_dir: Path, scheduler_address: str | None, on_change: str
) -> tuple[pd.DataFrame, pd.DataFrame | None, list[Path]]:
    start = time.perf_counter()
    # The caller reports failed runs (the CLI: a line naming failed_runs.txt, exit 1).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RunFailedWarning)
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
            on_change=on_change,
            check_params=False,  # load_sweep_config checked them (or check_params = false)
            config_fingerprint=config_fingerprint(
                {k: v for k, v in config.raw.items() if k not in EXECUTION_KEYS}
            ),
        )
    seconds = time.perf_counter() - start
    written = [write_parquet(runs, out_dir / "results.parquet")]
    failed = runs[runs["status"] != "ok"].drop_duplicates("run_id") if len(runs) else runs
    if len(failed):
        written.append(_write_failures(failed, out_dir / "failed_runs.txt"))
    table = None
    if config.summary is not None:
        values = config.summary.get("values") or []
        table = summarize(runs, config.summary["by"], values)
        written.append(write_parquet(table, out_dir / "summary.parquet"))
    meta = {
        "function": config.function_name,
        "config_file": config.source,
        "config": config.raw,
        "overrides": config.overrides,
        "backend": config.backend,
        "workers": config.workers,
        "seconds": round(seconds, 3),
        "packages": package_versions(),
    }
    written.append(write_json(meta, out_dir / "meta.json"))
    return runs, table, written


def _write_failures(failed: pd.DataFrame, target: Path) -> Path:
    """The parameters, error and traceback of each failed run, as readable text."""
    params = [c for c in failed.columns if c not in ("status", "error", "traceback")]
    blocks = []
    for _, row in failed.iterrows():
        shown = ", ".join(f"{c}={row[c]}" for c in params if pd.notna(row[c]))
        blocks.append(f"== {shown}\n{row['error']}\n{row['traceback'] or ''}")
    with atomic_path(target) as tmp:
        tmp.write_text("\n".join(blocks))
    return target
