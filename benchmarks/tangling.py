"""Trajectory tangling Q(t) of 10^4 states: the compiled all-pairs maximum vs cdist.

The data: 8 conditions of a smooth random trajectory in d = 12 dimensions (cumulative
sums of Gaussian steps, smoothed), 250 (short) or 1,250 (long) time points each: 2,000
and 10,000 states. Every case computes Q(t) = max_t' |dx_t - dx_t'|² / (|x_t - x_t'|² +
eps) for all of them, with eps = 0.1 x the total variance and central differences within
each condition.

- **Project**: ``neuroagents.analysis.tangling.tangling(conditions, dt=1.0)``: a numba
  loop over all pairs, parallel over t (``prange``), O(n) memory. Timed with numba's
  default threads (2 here) and with one thread.
- **Baseline** (what a user writes with scipy): the full matrices
  ``cdist(dx, dx, "sqeuclidean") / (cdist(x, x, "sqeuclidean") + eps)`` and their row
  maxima, in place where possible (two n x n float64 matrices: 1.6 GB at n = 10^4).

Both give the same Q to 1e-10 (checked). Cases are timed round-robin; ratio of medians.
Results go to ``benchmarks/results/tangling.json``.

Run:
    .venv/bin/python benchmarks/tangling.py             # 2,000 and 10,000 states, 3 repeats
    .venv/bin/python benchmarks/tangling.py --quick     # 400 and 1,000 states
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse

import numba
import numpy as np
from _common import fmt_time, table, time_interleaved, write_results
from scipy.ndimage import gaussian_filter1d
from scipy.spatial.distance import cdist

from neuroagents.analysis.tangling import tangling

D, CONDITIONS = 12, 8

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = ("neuroagents/analysis/tangling.py",)


def cdist_tangling(conditions: list[np.ndarray], dt: float) -> np.ndarray:
    """Q(t) by full pairwise distance matrices (the scipy way)."""
    x = np.concatenate(conditions)
    dx = np.concatenate([np.gradient(c, dt, axis=0) for c in conditions])
    eps = 0.1 * x.var(axis=0).sum()
    num = cdist(dx, dx, "sqeuclidean")
    den = cdist(x, x, "sqeuclidean")
    den += eps
    num /= den
    return num.max(axis=1)


def one_thread(conditions: list[np.ndarray]) -> np.ndarray:
    """The project's tangling on one numba thread."""
    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        return tangling(conditions, dt=1.0)
    finally:
        numba.set_num_threads(before)


def main() -> None:
    """Time the cases at two sizes, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    lengths = (50, 125) if args.quick else (250, 1250)
    gen = np.random.default_rng(args.seed)
    tangling([gen.normal(size=(5, D))])  # compile first
    results: dict[int, dict[str, float]] = {}
    for length in lengths:
        conds = [
            gaussian_filter1d(gen.normal(size=(length, D)).cumsum(axis=0), 3.0, axis=0)
            for _ in range(CONDITIONS)
        ]
        cases = {
            "project tangling": (lambda: None, lambda _, c=conds: tangling(c, dt=1.0)),
            "project, 1 thread": (lambda: None, lambda _, c=conds: one_thread(c)),
            "baseline cdist": (lambda: None, lambda _, c=conds: cdist_tangling(c, 1.0)),
        }
        timings = time_interleaved(cases, repeat=args.repeat, warmup=0)
        n = length * CONDITIONS
        q = timings["project tangling"].outputs[0]
        err = float(np.max(np.abs(q / timings["baseline cdist"].outputs[0] - 1)))
        base = timings["baseline cdist"].median
        print(f"\nTangling of n = {n} states in d = {D} (numba threads: {numba.get_num_threads()})")
        print(
            table(
                ["case", "median", "best", "vs cdist"],
                [
                    [k, fmt_time(t.median), fmt_time(t.best), f"{base / t.median:.2f}x"]
                    for k, t in timings.items()
                ],
            )
        )
        print(f"largest relative difference in Q: {err:.1e}")
        results[n] = {k: t.median for k, t in timings.items()} | {"max_rel_diff": err}
    if not args.quick:
        short, long = (n * CONDITIONS for n in lengths)
        r = results[long]
        ratio = r["baseline cdist"] / r["project tangling"]
        row = [
            f"tangling Q(t) of n = {long:,} states in {D} dimensions (`analysis.tangling`; "
            f"n = {short:,}: {fmt_time(results[short]['project tangling'])})",
            f"{fmt_time(r['project tangling'])} ({numba.get_num_threads()} threads); "
            f"{fmt_time(r['project, 1 thread'])} (1 thread); O(n) memory",
            f"scipy `cdist` full matrices: {fmt_time(r['baseline cdist'])}, 1.6 GB",
            f"{ratio:.2f}× faster; "
            f"{r['baseline cdist'] / r['project, 1 thread']:.2f}× on one thread",
        ]
        write_results(
            "tangling",
            {"d": D, "conditions": CONDITIONS, "sizes": results, "repeat": args.repeat},
            [row],
            code=CODE,
        )


if __name__ == "__main__":
    main()
