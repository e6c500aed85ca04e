"""Batch sweeps: a parameter grid times seeds, into one tidy DataFrame.

Pieces:
    sweep: run ``fn`` at every grid point for every seed, serially, on local processes
        or on a Dask cluster, streaming each finished run to a resumable store.
    plan_runs: the runs a sweep consists of (their parameters, seeds, ids), in order.
    Run: one planned run.

Seeds: run (point, seed) gets the generator of ``SeedSequence(root_seed,
spawn_key=(point_key, seed))``, where point_key is a hash of the point's parameters.
That is the seed-th child of the point's child of one root SeedSequence, so a run's
random numbers depend on nothing but its parameters, its seed and the root seed: the
same on every backend, with any number of workers, on every rerun, and unchanged when
the grid later grows.

Why not Mesa's ``batch_run``: it keeps everything in memory, forces the spawn start
method and is removed in Mesa 4. Here workers return each run's table to the driver,
which writes it to the store at once and forgets it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import os
import pickle
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from neuroagents.errors import RunFailedError, ValidationError
from neuroagents.store import RunStore
from neuroagents.validation import check_choice, check_int

__all__ = ["Run", "plan_runs", "sweep"]

BACKENDS = ("serial", "processes", "dask")
RESERVED = ("run_id", "seed", "status", "error", "traceback")


@dataclass(frozen=True, slots=True)
class Run:
    """One run of a sweep: its parameters, seed, id and seed entropy."""

    run_id: str
    params: dict[str, Any]
    seed: int
    spawn_key: tuple[int, int]
    root_seed: int

    def rng(self) -> np.random.Generator:
        """The run's own generator (identical wherever the run executes)."""
        seq = np.random.SeedSequence(self.root_seed, spawn_key=self.spawn_key)
        return np.random.default_rng(seq)


def plan_runs(
    grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]] | None,
    seeds: int | Sequence[int],
    *,
    params: Mapping[str, Any] | None = None,
    root_seed: int = 0,
    identity: str = "",
) -> list[Run]:
    """The runs of a sweep, point by point (grid order), seed by seed.

    Args:
        grid: parameter -> values (all combinations), or an explicit list of points.
        seeds: a number of seeds (0..N-1) or the seed values.
        params: fixed parameters added to every point.
        root_seed: the entropy of the root SeedSequence.
        identity: what is run (function, steps…): part of the run id, not of the seed,
            so a store never mixes up two different sweeps' runs.

    Examples:
        >>> runs = plan_runs({"a": [1, 2], "b": ["x"]}, seeds=2)
        >>> [(r.params, r.seed) for r in runs][:2]
        [({'a': 1, 'b': 'x'}, 0), ({'a': 1, 'b': 'x'}, 1)]
    """
    check_int("root_seed", root_seed, "sweep", low=0)
    points = _points(grid)
    seed_list = _seed_list(seeds)
    fixed = {k: _plain(v) for k, v in (params or {}).items()}
    runs = []
    for point in points:
        full = {**fixed, **{k: _plain(v) for k, v in point.items()}}
        for name in full:
            if name in RESERVED:
                raise ValidationError(
                    f"The parameter name {name!r} of sweep is reserved for the table "
                    f"({', '.join(RESERVED)}); rename it."
                )
        canonical = json.dumps(full, sort_keys=True, default=repr)
        point_key = int(hashlib.sha256(canonical.encode()).hexdigest()[:8], 16)
        for seed in seed_list:
            ident = json.dumps(
                {"params": canonical, "seed": seed, "root": root_seed, "what": identity}
            )
            run_id = hashlib.sha256(ident.encode()).hexdigest()[:16]
            runs.append(Run(run_id, full, seed, (point_key, seed), root_seed))
    return runs


def sweep(
    fn: Callable[..., Any],
    grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]] | None = None,
    seeds: int | Sequence[int] = 1,
    *,
    params: Mapping[str, Any] | None = None,
    backend: str = "serial",
    workers: int | None = None,
    store: str | os.PathLike[str] | None = None,
    scheduler_address: str | None = None,
    root_seed: int = 0,
    steps: float | None = None,
    records: bool = False,
    progress: bool = True,
    retry_failed: bool = True,
    on_failure: str = "record",
) -> pd.DataFrame:
    """Run ``fn`` over ``grid`` x ``seeds`` and return one tidy DataFrame.

    Args:
        fn: a function ``fn(params, rng)`` returning a dict of outputs (one row) or a
            DataFrame (many rows, e.g. per step); or a NeuralModel subclass, built as
            ``fn(**params, rng=rng)`` and run for ``steps``. For the ``processes`` and
            ``dask`` backends it must be importable (defined at module level).
        grid: parameter -> list of values (every combination), or a list of points.
        seeds: how many seeds (0..N-1), or a list of seed values.
        params: fixed parameters for every run.
        backend: ``"serial"``, ``"processes"`` (local cores) or ``"dask"``.
        workers: worker processes (default: all cores; dask LocalCluster: 2).
        store: a directory; each finished run is written there atomically, reruns skip
            finished runs, and a killed sweep resumes without loss or duplication.
        scheduler_address: a Dask scheduler (``"tcp://host:8786"``) instead of a local
            cluster.
        root_seed: entropy of the root SeedSequence.
        steps: how long to run a model class.
        records: for a model class, return its per-step table instead of the last row.
        progress: show a tqdm bar (runs done of total, with an ETA) and a summary.
        retry_failed: rerun runs that failed in an earlier sweep into the same store.
        on_failure: ``"record"`` keeps failed runs as rows; ``"raise"`` finishes every
            run, then raises :class:`~neuroagents.errors.RunFailedError` with the first
            failure's traceback (for experiments whose tables need every run).

    Returns:
        Columns ``run_id``, ``seed``, the parameters, ``status`` ("ok" or "failed"),
        ``error``, ``traceback`` and the outputs; rows in grid order, then seed.

    Examples:
        >>> def square(params, rng):
        ...     return {"y": params["x"] ** 2 + rng.normal(0, 0.01)}
        >>> df = sweep(square, grid={"x": [1, 2, 3]}, seeds=2, progress=False)
        >>> df[["x", "seed"]].values.tolist()[:3]
        [[1, 0], [1, 1], [2, 0]]
        >>> bool((df["y"] - df["x"] ** 2).abs().max() < 0.1)
        True
    """
    check_choice("backend", backend, "sweep", BACKENDS)
    check_choice("on_failure", on_failure, "sweep", ("record", "raise"))
    if workers is not None:
        check_int("workers", workers, "sweep", low=1)
    if scheduler_address is not None and backend != "dask":
        raise ValidationError(
            f"The 'scheduler_address' parameter of sweep needs backend='dask'. "
            f"Got backend={backend!r}."
        )
    task = _Task(fn, steps, records)
    if backend != "serial":
        task.check_picklable(backend)
    identity = f"{_qualname(fn)} steps={steps} records={records}"
    runs = plan_runs(grid, seeds, params=params, root_seed=root_seed, identity=identity)
    run_store = None if store is None else RunStore(store)
    if run_store is not None:
        run_store.write_spec(
            {
                "function": _qualname(fn),
                "grid": grid if isinstance(grid, Mapping) else list(grid or []),
                "seeds": seeds if isinstance(seeds, int) else list(seeds),
                "params": dict(params or {}),
                "root_seed": root_seed,
                "run_ids": [r.run_id for r in runs],
            }
        )
    done = set() if run_store is None else run_store.finished(include_failed=not retry_failed)
    todo = [r for r in runs if r.run_id not in done]

    in_memory: dict[str, pd.DataFrame] = {}
    failures: list[tuple[Run, str]] = []
    start = time.perf_counter()
    bar = tqdm(
        total=len(runs), initial=len(runs) - len(todo), desc="sweep", unit="run",
        disable=not progress, dynamic_ncols=True,
    )  # fmt: skip
    by_id = {r.run_id: r for r in runs}
    try:
        for run_id, frame, status, seconds in _execute_all(
            task, todo, backend, workers, scheduler_address
        ):
            if run_store is not None:
                run_store.write(run_id, frame, status, seconds)
            else:
                in_memory[run_id] = frame
            if status != "ok":
                failures.append((by_id[run_id], str(frame["error"].iloc[0])))
            bar.update(1)
    finally:
        bar.close()
    if progress:
        _print_summary(len(runs), len(runs) - len(todo), len(todo), failures, start)
    order = [r.run_id for r in runs]
    if run_store is not None:
        table = run_store.load(order)
    else:
        frames = [in_memory[r] for r in order if r in in_memory]
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if on_failure == "raise" and "status" in table and (table["status"] != "ok").any():
        failed = table[table["status"] != "ok"]
        raise RunFailedError(
            f"{failed['run_id'].nunique()} of {len(runs)} runs of {_qualname(fn)} failed; "
            f"the first: {failed['error'].iloc[0]}\n{failed['traceback'].iloc[0]}"
        )
    return table


# ---------------------------------------------------------------------- execution
class _Task:
    """What every run executes: ``fn`` with its run's params and rng, errors caught."""

    def __init__(self, fn: Callable[..., Any], steps: float | None, records: bool) -> None:
        from neuroagents.model import NeuralModel

        if not callable(fn):
            raise ValidationError(
                f"The 'fn' parameter of sweep must be a function of (params, rng) or a "
                f"NeuralModel subclass. Got {fn!r}."
            )
        self.is_model = isinstance(fn, type) and issubclass(fn, NeuralModel)
        if self.is_model and steps is None:
            raise ValidationError(
                f"sweep over the model class {fn.__name__} needs 'steps' (how long to run "
                "each model). Got None."
            )
        self.fn, self.steps, self.records = fn, steps, records

    def check_picklable(self, backend: str) -> None:
        try:
            pickle.dumps(self.fn)
        except (pickle.PicklingError, AttributeError, TypeError) as err:
            raise ValidationError(
                f"backend={backend!r} sends 'fn' to other processes, so it must be "
                f"importable (defined at module level, not a lambda or a nested "
                f"function). {_qualname(self.fn)} is not: {err}."
            ) from None

    def __call__(self, run: Run) -> tuple[str, pd.DataFrame, str, float]:
        start = time.perf_counter()
        try:
            # One BLAS thread on every backend: a threaded BLAS may sum in another
            # order, and a run's numbers must not depend on where it ran.
            with threadpool_limits(1):
                out = self._outputs(run)
            status, error, trace = "ok", None, None
        except Exception as err:  # a failing run is recorded, not fatal
            out = pd.DataFrame([{}])
            status, error = "failed", f"{type(err).__name__}: {err}"
            trace = traceback.format_exc()
        frame = _with_run_columns(out, run, status, error, trace)
        return run.run_id, frame, status, time.perf_counter() - start

    def _outputs(self, run: Run) -> pd.DataFrame:
        rng = run.rng()
        if self.is_model:
            model = self.fn(**run.params, rng=rng)
            model.run_for(self.steps)
            table = model.datacollector.get_model_vars_dataframe()
            return table if self.records else table.tail(1).reset_index(drop=True)
        result = self.fn(dict(run.params), rng)
        if isinstance(result, pd.DataFrame):
            return result.reset_index(drop=True)
        if isinstance(result, Mapping):
            return pd.DataFrame([dict(result)])
        raise TypeError(
            f"sweep's fn must return a dict or a DataFrame; {_qualname(self.fn)} "
            f"returned {type(result).__name__}."
        )


def _with_run_columns(
    out: pd.DataFrame, run: Run, status: str, error: str | None, trace: str | None
) -> pd.DataFrame:
    clash = (set(run.params) | set(RESERVED)) & set(out.columns)
    if clash:
        raise ValidationError(
            f"The outputs of a sweep run must not reuse parameter or reserved names; "
            f"got {sorted(clash)}."
        )
    rows = max(len(out), 1)
    head = {"run_id": [run.run_id] * rows, "seed": [run.seed] * rows}
    head.update({k: [v] * rows for k, v in run.params.items()})
    head.update({"status": [status] * rows, "error": [error] * rows, "traceback": [trace] * rows})
    frame = pd.DataFrame(head)
    if len(out.columns):
        frame = pd.concat([frame, out.reset_index(drop=True)], axis=1)
    return frame


def _execute_all(
    task: _Task, runs: list[Run], backend: str, workers: int | None, address: str | None
) -> Iterator[tuple[str, pd.DataFrame, str, float]]:
    if not runs:
        return
    if backend == "serial":
        for run in runs:
            yield task(run)
    elif backend == "processes":
        yield from _execute_processes(task, runs, workers or os.cpu_count() or 1)
    else:
        yield from _execute_dask(task, runs, workers, address)


def _execute_processes(
    task: _Task, runs: list[Run], workers: int
) -> Iterator[tuple[str, pd.DataFrame, str, float]]:
    # forkserver: no fork of a threaded parent (numba, dask), cheaper than spawn; its
    # server imports neuroagents once, so each worker starts with it loaded.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["neuroagents", "neuroagents.models"])
    pending = iter(runs)
    in_flight = set()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # At most 2 runs per worker in flight: results stream, memory stays bounded.
        for run in itertools.islice(pending, 2 * workers):
            in_flight.add(pool.submit(task, run))
        while in_flight:
            finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()
                nxt = next(pending, None)
                if nxt is not None:
                    in_flight.add(pool.submit(task, nxt))


def _execute_dask(
    task: _Task, runs: list[Run], workers: int | None, address: str | None
) -> Iterator[tuple[str, pd.DataFrame, str, float]]:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if address is None:
        cluster = LocalCluster(
            n_workers=workers or 2, threads_per_worker=1, processes=True,
            dashboard_address=None,
        )  # fmt: skip
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        slots = 2 * max(len(client.scheduler_info()["workers"]), 1)
        pending = iter(runs)
        futures = as_completed(
            [client.submit(task, r, pure=False) for r in itertools.islice(pending, slots)]
        )
        for future in futures:
            yield future.result()
            future.release()
            nxt = next(pending, None)
            if nxt is not None:
                futures.add(client.submit(task, nxt, pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ---------------------------------------------------------------------- helpers
def _points(grid: Any) -> list[dict[str, Any]]:
    if grid is None:
        return [{}]
    if isinstance(grid, Mapping):
        names = list(grid)
        values = []
        for name in names:
            vals = grid[name]
            if isinstance(vals, str) or not isinstance(vals, Sequence | np.ndarray):
                raise ValidationError(
                    f"The grid entry {name!r} of sweep must be a list of values. Got {vals!r}."
                )
            if len(vals) == 0:
                raise ValidationError(f"The grid entry {name!r} of sweep is empty.")
            values.append([_plain(v) for v in vals])
        return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values)]
    points = [dict(p) for p in grid]
    if not points:
        raise ValidationError("The 'grid' parameter of sweep is an empty list of points.")
    return points


def _seed_list(seeds: int | Sequence[int]) -> list[int]:
    if isinstance(seeds, int) and not isinstance(seeds, bool):
        return list(range(check_int("seeds", seeds, "sweep", low=1)))
    values = [check_int("seeds[]", s, "sweep", low=0) for s in seeds]
    if not values or len(set(values)) != len(values):
        raise ValidationError(
            f"The 'seeds' parameter of sweep must be a count >= 1 or distinct seeds. "
            f"Got {list(seeds)!r}."
        )
    return values


def _plain(value: Any) -> Any:
    """Plain Python values (numpy scalars and arrays too), so ids do not depend on types."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _qualname(fn: Any) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"


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
