"""Sweep backends: speedup of 2 workers over serial, and per-run overhead of each backend.

Runs, in one process: (1) 16 CPU-bound runs of about 0.5 s each, serially (the
baseline: a plain loop calling the function, and ``sweep`` with the serial backend), on
a bare ``ProcessPoolExecutor(2).map`` (the parallel baseline: what two processes give
on this machine right now), on
the processes backend with 1 and 2 workers, on a user's ``ProcessPoolExecutor`` passed
as ``executor=`` and on a Dask LocalCluster (target: 2 workers >= 1.8x faster than
serial on this 2-core machine, when it is quiet); (2) 2,000 runs of a function that
does almost nothing: the plain loop, then each backend with and without a store; the
wall time per run above the loop's is the backend's (and the store's) overhead.

BLAS is pinned to one thread per process so that "one worker" means one core. The
machine's load average is printed before and after: other processes share the cores.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _sweep_targets as sweep_targets  # noqa: E402
import numpy as np  # noqa: E402
from _common import write_results  # noqa: E402

import neuroagents as na  # noqa: E402

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/sweeps/driver.py",
    "neuroagents/sweeps/backends.py",
    "neuroagents/sweeps/task.py",
    "neuroagents/sweeps/store.py",
)


def timed(**kwargs) -> float:
    """Wall time of one sweep."""
    start = time.perf_counter()
    # The grid's "tag" only tells the runs apart; cpu_bound never reads it.
    na.sweep(progress=False, check_params=False, **kwargs)
    return time.perf_counter() - start


def plain_loop(fn, grid_values: list[dict]) -> float:
    """The baseline: call ``fn`` on each point with a fresh generator, nothing else."""
    start = time.perf_counter()
    for k, params in enumerate(grid_values):
        fn(params, np.random.default_rng(k))
    return time.perf_counter() - start


def plain_pool(fn, grid_values: list[dict], workers: int) -> float:
    """The parallel baseline: a bare forkserver ProcessPoolExecutor map, start-up included."""
    context = multiprocessing.get_context("forkserver")
    start = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        rngs = [np.random.default_rng(k) for k in range(len(grid_values))]
        list(pool.map(fn, grid_values, rngs))
    return time.perf_counter() - start


def calibrate_repeats(seconds: float) -> int:
    """Repeats of the cpu_bound loop that take about ``seconds`` here."""
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    sweep_targets.cpu_bound({"repeats": 200}, rng)
    per = (time.perf_counter() - start) / 200
    return max(1, int(seconds / per))


def load() -> str:
    """The 1-minute load average."""
    return f"{os.getloadavg()[0]:.2f}"


def cpu_bound(runs: int, seconds: float) -> dict[str, float]:
    """Speedup of 2 workers against serial."""
    repeats = calibrate_repeats(seconds)
    grid = {"repeats": [repeats], "tag": list(range(runs))}
    points = [{"repeats": repeats, "tag": k} for k in range(runs)]
    fn = sweep_targets.cpu_bound
    print(f"1) {runs} CPU-bound runs of ~{seconds} s each ({os.cpu_count()} cores)")
    times = {"plain loop (baseline)": plain_loop(fn, points)}
    times["plain ProcessPoolExecutor(2).map"] = plain_pool(fn, points, 2)
    times["sweep serial"] = timed(fn=fn, grid=grid)
    times["sweep processes, 1 worker"] = timed(fn=fn, grid=grid, backend="processes", workers=1)
    times["sweep processes, 2 workers"] = timed(fn=fn, grid=grid, backend="processes", workers=2)
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        times["sweep executor=ProcessPoolExecutor(2)"] = timed(fn=fn, grid=grid, executor=pool)
    times["sweep dask LocalCluster, 2 workers"] = timed(fn=fn, grid=grid, backend="dask", workers=2)
    base = times["plain loop (baseline)"]
    for name, value in times.items():
        print(f"   {name:<40} {value:6.2f} s   speedup {base / value:4.2f}x")
    two = times["sweep processes, 2 workers"]
    print(
        "   target: processes with 2 workers >= 1.8x the plain loop "
        f"(got {base / two:.2f}x; start-up included); the bare pool reached "
        f"{base / times['plain ProcessPoolExecutor(2).map']:.2f}x at the same time, so "
        "a shortfall of both is other load on the cores"
    )
    return times


def overhead(runs: int) -> dict[str, float]:
    """Per-run cost of each backend and of the store, above a plain loop."""
    fn = sweep_targets.tiny
    grid = {"x": list(range(runs))}
    base = plain_loop(fn, [{"x": k} for k in range(runs)])
    print(f"\n2) per-run overhead: {runs} runs that do nothing (plain loop: "
          f"{1e6 * base / runs:.1f} µs per run)")  # fmt: skip
    cases = {
        "serial": dict(backend="serial"),
        "processes, 2 workers": dict(backend="processes", workers=2),
        "dask LocalCluster, 2 workers": dict(backend="dask", workers=2),
    }
    per_run = {}
    for name, kwargs in cases.items():
        for stored in (False, True):
            with tempfile.TemporaryDirectory() as tmp:
                store = Path(tmp) / "store" if stored else None
                total = timed(fn=fn, grid=grid, store=store, **kwargs)
            label = f"{name}{' + store' if stored else ''}"
            per_run[label] = 1e3 * (total - base) / runs
            print(
                f"   {label:<40} {total:6.2f} s total, "
                f"{1e3 * (total - base) / runs:6.3f} ms per run above the loop "
                "(pool start-up included)"
            )
    return per_run


def main() -> None:
    """Print the speedup and overhead tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller, faster run")
    parser.add_argument("--part", choices=("all", "speedup", "overhead"), default="all")
    args = parser.parse_args()
    runs, seconds, tiny_runs = (8, 0.1, 200) if args.quick else (16, 0.5, 2000)
    before = load()
    print(f"load average before: {before}")
    times = cpu_bound(runs, seconds) if args.part in ("all", "speedup") else None
    per_run = overhead(tiny_runs) if args.part in ("all", "overhead") else None
    after = load()
    print(f"\nload average after: {after}")
    if not args.quick and times and per_run:
        base, two = times["plain loop (baseline)"], times["sweep processes, 2 workers"]
        pool = times["plain ProcessPoolExecutor(2).map"]
        rows = [
            [f"sweep, {runs} CPU-bound runs of {seconds} s (load average {before} → {after})",
             f"2 worker processes: {two:.1f} s",
             f"plain loop: {base:.1f} s; bare `ProcessPoolExecutor(2).map`: {pool:.1f} s",
             f"{base / two:.2f}× (≥ 1.8× on a quiet machine)"],
            ["sweep, per-run overhead above a plain loop (2000 tiny runs, start-up included)",
             " / ".join(f"{k}: {v:.2f} ms" for k, v in per_run.items() if "store" not in k),
             "a plain Python loop",
             f"store adds {per_run['serial + store'] - per_run['serial']:+.2f} ms a run"],
        ]  # fmt: skip
        write_results("sweep_scaling", {"seconds": times, "ms_per_run": per_run}, rows, code=CODE)


if __name__ == "__main__":
    main()
