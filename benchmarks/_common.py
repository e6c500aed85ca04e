"""Shared helpers for the benchmark scripts: interleaved timing, tables, memory.

Pieces:
    Timings: the per-repetition times of one case, with median, mean and min.
    time_interleaved: time several cases round-robin, each repetition with an untimed
        setup, so that noise from other processes spreads evenly over the cases.
    fmt_time, fmt_bytes: human-readable numbers.
    table: a plain-text table.
    rss_bytes: the resident set size of this process.
    write_results: a benchmark's figures and README rows, to benchmarks/results/NAME.json,
        with the commit and a fingerprint of the source files it times.
    code_fingerprints, current_commit: what ``write_results`` records about the code.

Benchmarks are not tests: nothing here asserts anything about speed.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

Setup = Callable[[], Any]
Run = Callable[[Any], Any]


@dataclass
class Timings:
    """Per-repetition wall-clock times (seconds) of one benchmark case.

    Attributes:
        seconds: one entry per timed repetition.
        outputs: what each timed call returned (for sanity checks).
    """

    seconds: np.ndarray
    outputs: list[Any]

    @property
    def median(self) -> float:
        """Median time in seconds."""
        return float(np.median(self.seconds))

    @property
    def mean(self) -> float:
        """Mean time in seconds (includes rare costs such as block draws and noise)."""
        return float(np.mean(self.seconds))

    @property
    def best(self) -> float:
        """Fastest repetition in seconds."""
        return float(np.min(self.seconds))


def time_interleaved(
    cases: dict[str, tuple[Setup, Run]], repeat: int, warmup: int = 2
) -> dict[str, Timings]:
    """Time ``run(setup())`` for every case, round-robin, ``repeat`` times each.

    Only ``run`` is inside the timed region. ``warmup`` untimed rounds come first
    (numba dispatch, caches, lazily drawn blocks).

    Args:
        cases: name -> (setup, run); ``run`` receives what ``setup`` returned.
        repeat: timed repetitions per case.
        warmup: untimed repetitions per case before timing.

    Returns:
        name -> :class:`Timings`.
    """
    for _ in range(warmup):
        for setup, run in cases.values():
            run(setup())
    times: dict[str, list[float]] = {name: [] for name in cases}
    outputs: dict[str, list[Any]] = {name: [] for name in cases}
    for _ in range(repeat):
        for name, (setup, run) in cases.items():
            arg = setup()
            t0 = time.perf_counter()
            out = run(arg)
            times[name].append(time.perf_counter() - t0)
            outputs[name].append(out)
    return {name: Timings(np.array(t), outputs[name]) for name, t in times.items()}


def fmt_time(seconds: float) -> str:
    """Seconds as µs, ms or s with three significant digits."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.3g} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds:.3g} s"


def fmt_bytes(n: float) -> str:
    """Bytes in B, KB, MB or GB (powers of 1000)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if abs(n) >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n:.0f} B"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[k]) for r in cells) for k in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [
            c.ljust(w) if k == 0 else c.rjust(w)
            for k, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(parts)

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def rss_bytes() -> int:
    """Resident set size of this process in bytes (Linux ``/proc``; else peak RSS)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# ---------------------------------------------------------------------- results
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def file_fingerprint(text: bytes) -> str:
    """The first 16 hex digits of the SHA-256 of a source file's bytes."""
    return hashlib.sha256(text).hexdigest()[:16]


def code_fingerprints(paths: Sequence[str], root: Path = ROOT) -> dict[str, str]:
    """Fingerprint of each timed source file (paths relative to the repository root)."""
    return {path: file_fingerprint((root / path).read_bytes()) for path in paths}


def current_commit(root: Path = ROOT) -> str:
    """``git rev-parse HEAD`` of the checkout ('unknown' outside a git checkout)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def write_results(
    name: str, figures: dict[str, Any], readme_rows: list[list[str]], code: Sequence[str]
) -> Path:
    """Write a benchmark's figures and its rows of the README table, atomically.

    ``readme_rows`` are ``[benchmark, project, baseline, ratio (target)]``; the README's
    table is rendered from these files only (``benchmarks/readme_table.py``), so two
    places never quote different numbers. ``code`` lists the source files whose speed the
    benchmark measures; their fingerprints and the commit are recorded, so the table can
    mark a row whose code changed after it was measured.
    """
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"{name}.json"
    data = {
        "benchmark": name,
        "measured": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "commit": current_commit(),
        # Ratios are measured in one process, but a busy machine still skews them.
        "load_average_1min": round(os.getloadavg()[0], 2),
        "code": code_fingerprints(code),
        "figures": figures,
        "readme_rows": readme_rows,
    }
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, default=float) + "\n")
    tmp.replace(target)
    print(f"\nWrote {target}")
    return target
