"""Bounded memory: the driver's RSS during a 10,000-run sweep of a tiny function.

Results stream to the store run by run, so the driver's memory should stay flat while
the sweep runs, whatever its length. A sampling thread reads the resident set size
(/proc/self/statm) every 50 ms and, from the number of parts on disk, reports it at
every 1,000 runs. The sweep then returns the whole table, which is by choice in RAM;
what that adds is reported separately.
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

import neuroagents as na


def rss_mb() -> float:
    """Resident set size of this process, in MB."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    """Run one sweep and print RSS at each 10% checkpoint."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 runs instead of 10,000")
    args = parser.parse_args()
    total = 1_000 if args.quick else 10_000
    step = total // 10
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        parts = store / "parts"
        readings: dict[int, float] = {}
        peak = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                rss = rss_mb()
                peak[0] = max(peak[0], rss)
                count = len(list(parts.glob("*.parquet"))) if parts.exists() else 0
                readings.setdefault(count // step * step, rss)
                time.sleep(0.05)

        # Warm up imports and the first parquet write, so the baseline is fair.
        na.sweep(sweep_targets.tiny, grid={"x": [0]}, seeds=1, progress=False)
        base = rss_mb()
        print(f"RSS before the sweep: {base:.0f} MB")
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        df = na.sweep(sweep_targets.tiny, grid={"x": list(range(total))}, seeds=1,
                      store=store, progress=False)  # fmt: skip
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        for count in sorted(k for k in readings if k > 0):
            print(f"  {count:>6} runs stored: RSS {readings[count]:6.0f} MB")
        print(
            f"{len(df)} runs in {seconds:.1f} s ({1e3 * seconds / total:.2f} ms per run, "
            "including the final load)"
        )
        print(
            f"peak RSS {peak[0]:.0f} MB; after returning the whole table {rss_mb():.0f} MB "
            f"(the table itself: {df.memory_usage(deep=True).sum() / 1e6:.1f} MB)"
        )


if __name__ == "__main__":
    main()
