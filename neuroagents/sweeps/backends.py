"""Where the runs of a sweep execute: this process, local processes, Dask, any Executor.

Pieces:
    execute: stream the results of runs from a named backend or a user's
        ``concurrent.futures.Executor``, a bounded number in flight.
    worker_pool: the local process pool: forkserver workers that never re-run the
        driver's ``__main__`` and exit when the driver dies.

Every non-serial backend sends the task shipped by value (:func:`ship`) and the runs
in batches to :func:`run_batch`, so one path serves a process pool, Dask's
``client.get_executor()`` and mpi4py's ``MPIPoolExecutor``. Batches grow while runs are
short (up to ~50 ms of work each) to amortize the cost of a submission; a run's numbers
do not depend on its batch.

Why forkserver without ``__main__``: forking a threaded parent (numba, Dask, Jupyter)
can deadlock, and spawn/forkserver children normally re-import the driver's main script,
which re-runs an unguarded script's sweep in every worker. The function travels by
value, so the workers do not need the main module at all.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import context as mp_context
from multiprocessing import spawn
from typing import Any

import cloudpickle

from neuroagents.errors import RunFailedError
from neuroagents.sweeps.plan import Run
from neuroagents.sweeps.task import Result, RunTask, run_batch, ship

__all__ = ["execute", "worker_pool"]

_BATCH_SECONDS = 0.05
_MAX_BATCH = 64


def execute(
    task: RunTask,
    runs: list[Run],
    *,
    backend: str,
    workers: int | None,
    address: str | None = None,
    executor: Executor | None = None,
) -> Iterator[Result]:
    """Yield each run's result as it finishes (in completion order)."""
    if not runs:
        return
    if executor is not None:
        yield from _stream(executor, ship(task, "executor"), runs, _slots(executor, workers))
    elif backend == "serial":
        for run in runs:
            yield task(run)
    elif backend == "processes":
        count = workers or os.cpu_count() or 1
        payload = ship(task, backend)
        pool = worker_pool(count)
        try:
            yield from _stream(pool, payload, runs, 2 * count)
        except BrokenProcessPool:
            raise RunFailedError(
                "A worker process of the sweep died or failed to start (killed, out of "
                "memory, a crash in native code; its error is printed above). The runs "
                "finished so far are stored: rerun to resume, with fewer workers if memory "
                "is short."
            ) from None
        finally:
            _close(pool)
    else:
        yield from _execute_dask(task, runs, workers, address)


def _execute_dask(
    task: RunTask, runs: list[Run], workers: int | None, address: str | None
) -> Iterator[Result]:
    from distributed import Client, LocalCluster

    payload = ship(task, "dask")
    cluster = None
    if address is None:
        # Dask's workers start with spawn; like ours, they need no __main__ (the task
        # travels by value), so an unguarded script is not re-run in each of them.
        with _children_without_main():
            cluster = LocalCluster(
                n_workers=workers or 2, threads_per_worker=1, processes=True,
                dashboard_address=None, host="127.0.0.1",
            )  # fmt: skip
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        slots = 2 * max(len(client.scheduler_info()["workers"]), 1)
        yield from _stream(client.get_executor(pure=False), payload, runs, slots)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _slots(executor: Executor, workers: int | None) -> int:
    count = workers or getattr(executor, "_max_workers", None) or os.cpu_count() or 1
    return 2 * int(count)


def _stream(executor: Executor, payload: bytes, runs: list[Run], slots: int) -> Iterator[Result]:
    """Keep ``slots`` batches in flight; yield results as batches finish."""
    position, batch_size, in_flight = 0, 1, set()
    per_run: list[float] = []

    def submit() -> None:
        nonlocal position
        batch = runs[position : position + batch_size]
        position += len(batch)
        in_flight.add(executor.submit(run_batch, payload, cloudpickle.dumps(batch)))

    while position < len(runs) and len(in_flight) < slots:
        submit()
    while in_flight:
        finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in finished:
            results = _result(future)
            per_run.extend(r[3] for r in results)
            yield from results
            typical = sorted(per_run[-50:])[len(per_run[-50:]) // 2]
            batch_size = int(min(_MAX_BATCH, max(1, _BATCH_SECONDS / max(typical, 1e-6))))
            if position < len(runs):
                submit()


def _result(future: Future) -> list[Result]:
    return future.result()


# ---------------------------------------------------------------------- local pool
@contextlib.contextmanager
def _children_without_main() -> Iterator[None]:
    """Processes started in this block do not re-run the driver's ``__main__``."""
    original = spawn.get_preparation_data

    def without_main(name: str) -> dict[str, Any]:
        data = original(name)
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
        return data

    spawn.get_preparation_data = without_main
    try:
        yield
    finally:
        spawn.get_preparation_data = original


class _NoMainSpawnProcess(mp_context.SpawnProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> Any:
        with _children_without_main():
            return mp_context.SpawnProcess._Popen(process_obj)


class _NoMainSpawnContext(mp_context.SpawnContext):
    Process = _NoMainSpawnProcess


if sys.platform != "win32":  # multiprocessing has forkserver on POSIX only

    class _NoMainForkServerProcess(mp_context.ForkServerProcess):
        @staticmethod
        def _Popen(process_obj: Any) -> Any:
            with _children_without_main():
                return mp_context.ForkServerProcess._Popen(process_obj)

    class _NoMainForkServerContext(mp_context.ForkServerContext):
        Process = _NoMainForkServerProcess


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool of ``workers`` workers that watch the driver.

    Forkserver workers where there is a forkserver; spawn workers elsewhere (Windows).
    """
    context: mp_context.BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = _NoMainForkServerContext()
        # The server imports neuroagents once, so each worker starts with it loaded.
        context.set_forkserver_preload(["neuroagents", "neuroagents.sweeps.task"])
    else:
        context = _NoMainSpawnContext()
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_worker_start,
        initargs=(os.getpid(),),
    )


def _worker_start(driver_pid: int) -> None:
    # Ctrl-C reaches the whole process group; the driver handles it and ends the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(driver_pid,), daemon=True).start()


def _exit_with(pid: int) -> None:
    """Exit this worker as soon as the process ``pid`` (the driver) ends."""
    with contextlib.suppress(AttributeError, OSError):
        fd = os.pidfd_open(pid)  # Linux: readable when the process ends
        select.select([fd], [], [])
        os._exit(1)
    if os.name == "nt":  # spawn: the parent is the driver (os.kill would end it here)
        parent = multiprocessing.parent_process()
        if parent is not None:
            parent.join()
            os._exit(1)
        return
    while True:  # other POSIX systems: poll
        time.sleep(0.5)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)


def _close(pool: ProcessPoolExecutor) -> None:
    """Shut the pool down; on an early exit (Ctrl-C, error) end its workers at once."""
    processes = dict(getattr(pool, "_processes", None) or {})
    if getattr(pool, "_pending_work_items", None):
        for process in processes.values():
            with contextlib.suppress(Exception):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
    else:
        pool.shutdown(wait=True)
