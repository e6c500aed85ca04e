"""Sweep backends: speedup of 2 workers over 1, and per-run overhead of each backend.

Runs (1) 16 CPU-bound runs of about 0.5 s each on the processes backend with 1 and 2
workers (target: 2 workers >= 1.8x faster; the machine has 2 cores) and the same on a
Dask LocalCluster; (2) 200 runs of a function that does almost nothing on each backend,
whose wall time per run is the backend's overhead.

BLAS is pinned to one thread per process so that "one worker" means one core.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _sweep_targets as sweep_targets  # noqa: E402
import numpy as np  # noqa: E402

import neuroagents as na  # noqa: E402


def timed(**kwargs) -> float:
    """Wall time of one sweep."""
    start = time.perf_counter()
    na.sweep(progress=False, **kwargs)
    return time.perf_counter() - start


def calibrate_repeats(seconds: float) -> int:
    """Repeats of the cpu_bound loop that take about ``seconds`` here."""
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    sweep_targets.cpu_bound({"repeats": 200}, rng)
    per = (time.perf_counter() - start) / 200
    return max(1, int(seconds / per))


def main() -> None:
    """Print the speedup and overhead tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller, faster run")
    args = parser.parse_args()
    runs, seconds, tiny_runs = (8, 0.1, 40) if args.quick else (16, 0.5, 200)
    repeats = calibrate_repeats(seconds)
    grid = {"repeats": [repeats], "tag": list(range(runs))}

    print(f"1) {runs} CPU-bound runs of ~{seconds} s each ({os.cpu_count()} cores)")
    results = {}
    for backend, workers in (("serial", 1), ("processes", 1), ("processes", 2), ("dask", 2)):
        results[backend, workers] = timed(
            fn=sweep_targets.cpu_bound, grid=grid, seeds=1, backend=backend, workers=workers
        )
        print(f"   {backend:<10} workers={workers}: {results[backend, workers]:6.2f} s")
    one = results["processes", 1]
    print(
        f"   speedup processes 2 vs 1 workers: {one / results['processes', 2]:.2f}x "
        f"(target >= 1.8x)"
    )
    print(
        f"   speedup dask 2 workers vs processes 1: {one / results['dask', 2]:.2f}x "
        "(includes starting the LocalCluster)"
    )

    print(f"\n2) per-run overhead: {tiny_runs} runs that do nothing")
    tiny_grid = {"x": list(range(tiny_runs))}
    for backend, workers in (("serial", 1), ("processes", 2), ("dask", 2)):
        total = timed(fn=sweep_targets.tiny, grid=tiny_grid, seeds=1, backend=backend,
                      workers=workers)  # fmt: skip
        print(
            f"   {backend:<10} workers={workers}: {total:6.2f} s total, "
            f"{1000 * total / tiny_runs:7.2f} ms per run (incl. pool start-up)"
        )


if __name__ == "__main__":
    main()
