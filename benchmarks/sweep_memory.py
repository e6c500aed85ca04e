"""Bounded memory and store cost: a 100,000-point sweep of a trivial function.

The driver's resident set size (RSS) is sampled every 50 ms while a serial sweep
writes 100,000 runs into a store; it is reported at each tenth of the sweep's duration.
Results stream to the store in batched parts, so the RSS should stay flat however long
the sweep. The baseline, in the same process: the same sweep without a store (runs
kept in memory); the difference in wall time per run is what the store costs (target:
<= 2 ms per run). Loading the whole table at the end is reported separately.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _sweep_targets as sweep_targets
from _common import write_results

import neuroagents as na

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/sweeps/driver.py",
    "neuroagents/sweeps/backends.py",
    "neuroagents/sweeps/task.py",
    "neuroagents/sweeps/store.py",
)


def rss_mb() -> float:
    """Resident set size of this process, in MB."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


class Sampler:
    """RSS every 50 ms in a background thread."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        """Sample until stopped."""
        start = time.perf_counter()
        while not self.stop.is_set():
            self.samples.append((time.perf_counter() - start, rss_mb()))
            time.sleep(0.05)

    def __enter__(self) -> Sampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def at_tenths(self) -> list[float]:
        """RSS at 10%, 20%, ... 100% of the sampled time."""
        end = self.samples[-1][0]
        out = []
        for k in range(1, 11):
            t = end * k / 10
            out.append(next(rss for when, rss in self.samples if when >= t - 1e-9))
        return out


def main() -> None:
    """Run the two sweeps and print RSS and per-run times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 runs instead of 100,000")
    args = parser.parse_args()
    total = 10_000 if args.quick else 100_000
    grid = {"x": list(range(total))}
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    na.sweep(sweep_targets.tiny, grid={"x": [0]}, progress=False)  # warm up imports
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        base = rss_mb()
        print(f"RSS before the stored sweep: {base:.0f} MB")
        with Sampler() as sampler:
            start = time.perf_counter()
            df = na.sweep(sweep_targets.tiny, grid=grid, store=store, progress=False)
            stored_seconds = time.perf_counter() - start
        readings = sampler.at_tenths()
        for k, rss in enumerate(readings, 1):
            print(f"  {10 * k:>3}% of the sweep: RSS {rss:6.0f} MB")
        first_half = max(readings[:5]) - min(readings[:5])
        spread = max(readings) - min(readings)
        print(f"RSS spread over the sweep: {spread:.0f} MB (first half {first_half:.0f} MB; "
              "the last tenth includes loading the table)")  # fmt: skip
        parts = len(list((store / "parts").glob("*.parquet")))
        start = time.perf_counter()
        again = na.load_runs(store)
        load_seconds = time.perf_counter() - start
    # The baseline, after the stored sweep so that it does not raise the RSS readings.
    start = time.perf_counter()
    in_memory = na.sweep(sweep_targets.tiny, grid=grid, progress=False)
    memory_seconds = time.perf_counter() - start
    assert len(df) == len(again) == len(in_memory) == total
    per_memory = 1e3 * memory_seconds / total
    per_stored = 1e3 * stored_seconds / total
    print(f"{total} runs without a store (baseline): {memory_seconds:.1f} s, "
          f"{per_memory:.3f} ms per run")  # fmt: skip
    print(f"{total} runs into a store ({parts} parts): {stored_seconds:.1f} s, "
          f"{per_stored:.3f} ms per run")  # fmt: skip
    print(f"store cost: {per_stored - per_memory:+.3f} ms per run (target <= 2 ms); "
          f"load_runs of the whole store: {load_seconds:.1f} s")  # fmt: skip
    print(f"final RSS {rss_mb():.0f} MB (the returned table itself: "
          f"{df.memory_usage(deep=True).sum() / 1e6:.1f} MB)")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if not args.quick:
        row = [
            f"a {total:,}-run sweep of a trivial function into a store",
            f"driver RSS {min(readings[:9]):.0f}–{max(readings[:9]):.0f} MB from 10% to 90% "
            f"of the sweep; {per_stored:.3f} ms a run",
            f"the same sweep without a store: {per_memory:.3f} ms a run",
            f"store cost {per_stored - per_memory:+.3f} ms a run (≤ 2 ms)",
        ]
        figures = {"rss_mb_tenths": readings, "ms_per_run": per_stored,
                   "ms_per_run_no_store": per_memory}  # fmt: skip
        write_results("sweep_memory", figures, [row], code=CODE)


if __name__ == "__main__":
    main()
