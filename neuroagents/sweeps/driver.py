"""Batch sweeps: a parameter grid (or a list of points) times seeds, into one tidy table.

Pieces:
    sweep: run ``fn`` at every point for every seed, serially, on local processes, on a
        Dask cluster or on any ``concurrent.futures.Executor``, streaming finished runs
        to a store that resumes, refuses a different sweep, and never holds a bad file.
    plan_runs, Run: the runs a sweep consists of (from :mod:`neuroagents.sweeps.plan`).

Seeds: run (point, seed) gets ``SeedSequence(root_seed, spawn_key=(point_key, seed))``
with a 128-bit point key, so its numbers are the same on every backend, with any
number of workers, on every rerun, and when the grid grows (see :mod:`sweep_plan`).

Functions from anywhere: a function defined in a notebook, ``python -c``, standard
input or the user's own module travels to workers by value (cloudpickle), so the
workers need neither the user's files nor an ``if __name__ == "__main__":`` guard.

Mesa's ``batch_run`` also works on the library's models (a quick look, in memory);
``sweep`` is the tool for stored, resumable, parallel work (see the README).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from neuroagents.errors import RunFailedError, RunFailedWarning, ValidationError
from neuroagents.sweeps.backends import execute
from neuroagents.sweeps.fingerprint import code_fingerprint, qualified_name
from neuroagents.sweeps.manifest import ON_CHANGE
from neuroagents.sweeps.names import nearest, unread_name
from neuroagents.sweeps.plan import Run, check_plan_size, plain, plan_runs, seed_list, sweep_points
from neuroagents.sweeps.store import MemoryRuns, RunStore, check_store_place
from neuroagents.sweeps.store_lock import store_lock
from neuroagents.sweeps.task import RunTask, failed_result
from neuroagents.validation import check_choice, check_int

__all__ = ["Run", "plan_runs", "sweep"]

BACKENDS = ("serial", "processes", "dask")


def sweep(
    fn: Callable[..., Any],
    grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]] | None = None,
    seeds: int | Sequence[int] = 1,
    *,
    points: Sequence[Mapping[str, Any]] | None = None,
    params: Mapping[str, Any] | None = None,
    backend: str = "serial",
    workers: int | None = None,
    executor: Executor | None = None,
    store: str | os.PathLike[str] | None = None,
    on_change: str = "refuse",
    scheduler_address: str | None = None,
    root_seed: int = 0,
    steps: float | None = None,
    records: bool = False,
    progress: bool = True,
    retry_failed: bool = True,
    on_failure: str = "record",
    config_fingerprint: str | None = None,
    check_params: bool = True,
) -> pd.DataFrame:
    """Run ``fn`` over ``grid`` (or ``points``) x ``seeds`` and return one tidy DataFrame.

    Args:
        fn: a function ``fn(params, rng)`` returning a dict of outputs (one row) or a
            DataFrame (many rows, e.g. per step); or a NeuralModel subclass, built as
            ``fn(**params, rng=rng)`` and run for ``steps``. It may be defined anywhere:
            in a notebook, ``python -c``, a script or a module.
        grid: parameter -> list of values (every combination), or a list of points.
        seeds: how many seeds (0..N-1), or an explicit list of seed values.
        points: an explicit list of parameter dicts (instead of ``grid``).
        params: fixed parameters for every run.
        backend: ``"serial"``, ``"processes"`` (local cores) or ``"dask"``.
        workers: worker processes (default: all cores; dask LocalCluster: 2).
        executor: any ``concurrent.futures.Executor`` to run on instead of ``backend``
            (a configured ``ProcessPoolExecutor``, Dask's ``client.get_executor()``,
            mpi4py's ``MPIPoolExecutor``); it is not shut down.
        store: a directory; finished runs are written there in batched parts
            atomically, reruns skip finished runs, and a killed sweep resumes.
        on_change: when ``store`` holds another sweep (other function, code, grid,
            seeds, params…): ``"refuse"`` (raise, saying what differs), ``"append"``
            (keep its runs, add this sweep's) or ``"rerun"`` (move its runs to
            ``superseded/`` and run this sweep).
        scheduler_address: a Dask scheduler (``"tcp://host:8786"``) instead of a local
            cluster.
        root_seed: entropy of the root SeedSequence.
        steps: how long to run a model class.
        records: for a model class, return its per-step table instead of the last row.
        progress: show a tqdm bar (runs done of total, with an ETA) and a summary.
            Failed runs are reported either way: the returned table holding any
            emits a :class:`~neuroagents.errors.RunFailedWarning` naming how many
            failed and the first error.
        retry_failed: rerun runs that failed in an earlier sweep into the same store.
        on_failure: ``"record"`` keeps failed runs as rows; ``"raise"`` finishes every
            run, then raises :class:`~neuroagents.errors.RunFailedError` with the first
            failure's traceback (for experiments whose tables need every run).
        config_fingerprint: the fingerprint of the config this sweep comes from (the
            CLI passes it), recorded in the store and compared on resume.
        check_params: before any run, refuse a parameter name that ``fn`` never reads
            and that is close to a name it does read (a misspelling), suggesting that
            name. A model class reads its signature's names; a function, the strings
            of its code and of the user's and neuroagents' functions it calls (see
            :mod:`neuroagents.sweeps.names`). A name far from every read one (a label
            column) passes. Pass False for a function that hands its params on to
            code the check cannot see.

    Returns:
        Columns ``run_id``, ``seed``, the parameters, ``status`` ("ok" or "failed"),
        ``error``, ``traceback`` and the outputs; rows in point order, then seed.

    Raises:
        ValidationError: a bad argument (named), a parameter name ``fn`` never reads
            (with ``check_params``), or a store holding another sweep.
        RunFailedError: with ``on_failure="raise"``, when runs failed.

    Warns:
        RunFailedWarning: with ``on_failure="record"``, when runs failed.

    Examples:
        >>> def square(params, rng):
        ...     return {"y": params["x"] ** 2 + rng.normal(0, 0.01)}
        >>> df = sweep(square, grid={"x": [1, 2, 3]}, seeds=2, progress=False)
        >>> df[["x", "seed"]].values.tolist()[:3]
        [[1, 0], [1, 1], [2, 0]]
        >>> bool((df["y"] - df["x"] ** 2).abs().max() < 0.1)
        True
    """
    _check_arguments(backend, workers, executor, on_change, on_failure, scheduler_address)
    if points is not None and grid is not None:
        raise ValidationError(
            "sweep takes either 'grid' or 'points', not both. Got both; pass the points "
            "as a list of dicts in 'points'."
        )
    check_plan_size(grid if points is None else points, len(seed_list(seeds)))
    task = RunTask(fn, steps, records)
    spec = _spec(fn, grid, points, seeds, params, root_seed, steps, records, config_fingerprint)
    runs = plan_runs(
        grid if points is None else points, seeds, params=params, root_seed=root_seed,
        identity=spec["identity"],
    )  # fmt: skip
    if check_params:  # after plan_runs, which validated grid, points and params
        _check_param_names(fn, runs, params, "grid" if points is None else "points")
    with contextlib.ExitStack() as held:
        storage: RunStore | MemoryRuns = MemoryRuns()
        done: set[str] = set()
        if store is not None:
            check_store_place(store)
            held.enter_context(store_lock(store))  # one sweep at a time per store
            storage = RunStore(store)
            storage.begin(spec, on_change)
            done = storage.finished(include_failed=not retry_failed)
        todo = [r for r in runs if r.run_id not in done]
        start = time.perf_counter()
        failures = _run_all(task, todo, storage, len(runs), progress, backend, workers,
                            scheduler_address, executor)  # fmt: skip
        if progress:
            _print_summary(len(runs), len(runs) - len(todo), len(todo), failures, start)
        table = storage.load([r.run_id for r in runs])
    if "status" in table and (table["status"] != "ok").any():
        failed = table[table["status"] != "ok"]
        what = (
            f"{failed['run_id'].nunique()} of {len(runs)} runs of {qualified_name(fn)} "
            f"failed; the first: {failed['error'].iloc[0]}"
        )
        if on_failure == "raise":
            raise RunFailedError(f"{what}\n{failed['traceback'].iloc[0]}")
        warnings.warn(
            f"{what} (their rows have status 'failed'; see the 'error' and 'traceback' "
            "columns, or pass on_failure='raise').",
            RunFailedWarning,
            stacklevel=2,
        )
    return table


def _check_param_names(fn: Any, runs: list[Run], params: Any, swept: str) -> None:
    """Refuse, before any run, a name ``fn`` never reads that is close to one it does."""
    fixed = list(params or {})
    varied = {key: None for run in runs for key in run.params if key not in fixed}
    unread = unread_name(fn, {"params": fixed, swept: varied}, typos_only=True)
    if unread is None:
        return
    key, where, known = unread
    raise ValidationError(
        f"The parameter {key!r} in the {where!r} of sweep is never read by "
        f"{qualified_name(fn)}{nearest(key, known)}. Fix the name, or pass "
        "check_params=False if the function hands its params on to code in another module."
    )


def _check_arguments(
    backend: str,
    workers: int | None,
    executor: Executor | None,
    on_change: str,
    on_failure: str,
    scheduler_address: str | None,
) -> None:
    check_choice("backend", backend, "sweep", BACKENDS)
    check_choice("on_failure", on_failure, "sweep", ("record", "raise"))
    check_choice("on_change", on_change, "sweep", ON_CHANGE)
    if workers is not None:
        check_int("workers", workers, "sweep", low=1)
    if executor is not None and not isinstance(executor, Executor):
        raise ValidationError(
            f"The 'executor' parameter of sweep must be a concurrent.futures.Executor. "
            f"Got {executor!r}."
        )
    if executor is not None and (backend != "serial" or scheduler_address is not None):
        raise ValidationError(
            "sweep takes either 'executor' or 'backend'/'scheduler_address'. Got "
            f"executor={executor!r} with backend={backend!r}."
        )
    if scheduler_address is not None and backend != "dask":
        raise ValidationError(
            f"The 'scheduler_address' parameter of sweep needs backend='dask'. "
            f"Got backend={backend!r}."
        )


def _spec(
    fn: Any,
    grid: Any,
    points: Any,
    seeds: Any,
    params: Mapping[str, Any] | None,
    root_seed: int,
    steps: float | None,
    records: bool,
    config: str | None,
) -> dict[str, Any]:
    """What the store records about this sweep (JSON-normal, so it compares after a read)."""
    spec = {
        "function": qualified_name(fn),
        "code": code_fingerprint(fn),
        "config": config,
        "params": {k: plain(v) for k, v in (params or {}).items()},
        "steps": steps,
        "records": records,
        "root_seed": root_seed,
        "grid": {k: plain(v) for k, v in grid.items()} if isinstance(grid, Mapping) else None,
        "points": None if isinstance(grid, Mapping) else sweep_points(points or grid),
        "seeds": seed_list(seeds),
    }
    spec = json.loads(json.dumps(spec, default=repr))
    what = {k: spec[k] for k in ("function", "code", "steps", "records")}
    spec["identity"] = hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()
    return spec


def _run_all(
    task: RunTask,
    todo: list[Run],
    storage: RunStore | MemoryRuns,
    total: int,
    progress: bool,
    backend: str,
    workers: int | None,
    address: str | None,
    executor: Executor | None,
) -> list[tuple[Run, str]]:
    """Run ``todo``, storing each result as it arrives; return the failures."""
    failures: list[tuple[Run, str]] = []
    by_id = {r.run_id: r for r in todo}
    bar = tqdm(
        total=total, initial=total - len(todo), desc="sweep", unit="run",
        disable=not progress, dynamic_ncols=True,
    )  # fmt: skip
    results = execute(
        task, todo, backend=backend, workers=workers, address=address, executor=executor
    )
    try:
        with contextlib.closing(results):
            for result in results:
                run = by_id[result[0]]
                problem = storage.types.conflict(result[1], run.params)
                if problem is not None:
                    result = failed_result(run, f"TypeError: {problem}")
                storage.add(result)
                if result[2] != "ok":
                    failures.append((run, str(result[1]["error"][0])))
                bar.update(1)
    finally:
        bar.close()
        storage.close()
    return failures


def _print_summary(
    total: int, skipped: int, ran: int, failures: list[tuple[Run, str]], start: float
) -> None:
    seconds = time.perf_counter() - start
    lines = [
        f"sweep: {total} runs: {skipped} already in the store, {ran} ran in {seconds:.1f} s, "
        f"{len(failures)} failed."
    ]
    for run, error in failures[:5]:
        lines.append(f"  failed: {run.params} seed={run.seed}: {error}")
    if len(failures) > 5:
        lines.append(f"  … and {len(failures) - 5} more (see the 'error' column).")
    print("\n".join(lines), file=sys.stderr)
