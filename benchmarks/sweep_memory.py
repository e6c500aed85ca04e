"""Bounded memory: the peak RSS of a 10,000-run sweep of a tiny function into a store.

Results stream to the store run by run, so the driver's memory should not grow with
the number of runs. The script samples the process's resident set size (from
/proc/self/statm) while the sweep runs and prints it at 1,000-run checkpoints; the
final load of the table is reported separately (that table is, by choice, in RAM).
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
from neuroagents.sweep import plan_runs


def rss_mb() -> float:
    """Resident set size of this process, in MB."""
    pages = int(open("/proc/self/statm").read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    """Run the sweep in chunks of the same store and print RSS at each checkpoint."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 runs instead of 10,000")
    args = parser.parse_args()
    total = 1_000 if args.quick else 10_000
    peak = [rss_mb()]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mb())
            time.sleep(0.05)

    threading.Thread(target=sample, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        print(f"RSS before: {rss_mb():.0f} MB")
        start = time.perf_counter()
        # One sweep of `total` runs, grown in steps so RSS can be read between them;
        # each call skips the runs already in the store.
        for upto in range(total // 10, total + 1, total // 10):
            na.sweep(sweep_targets.tiny, grid={"x": list(range(upto))}, seeds=1,
                     store=store, progress=False)  # fmt: skip
            print(f"  {upto:>6} runs stored: RSS {rss_mb():6.0f} MB, peak {peak[0]:6.0f} MB")
        seconds = time.perf_counter() - start
        before_load = rss_mb()
        df = na.load_runs(store)
        stop.set()
        print(f"{len(df)} rows in {seconds:.1f} s ({1e3 * seconds / total:.2f} ms per run)")
        print(
            f"peak RSS while sweeping: {peak[0]:.0f} MB; loading the whole table adds "
            f"{rss_mb() - before_load:.0f} MB"
        )
        print(
            f"plan of {total} runs held in memory: "
            f"{sys.getsizeof(plan_runs({'x': list(range(total))}, 1)) / 1e6:.2f} MB (list)"
        )


if __name__ == "__main__":
    main()
