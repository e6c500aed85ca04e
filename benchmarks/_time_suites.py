"""Time the test targets once and write ``docs/test_durations.json`` (what the README quotes).

Runs what each make target runs (``make test``: ruff and the whole suite; ``make
test-fast``: ruff and the suite without the tests marked slow; ``make test-mesa4``: the
fast suite on Mesa 4 in ``.venv-mesa4``) with the venvs already built, and records the
wall time, pytest's last line, the commit and the machine's load (the 1-minute load
average before and after, on how many cores). Not part of ``make bench`` (the leading
underscore): one run takes 20-40 minutes on 2 cores.

Run:
    python benchmarks/_time_suites.py test-fast            # one target
    python benchmarks/_time_suites.py test test-fast test-mesa4
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "test_durations.json"
LINT = [[".venv/bin/ruff", "check", "."], [".venv/bin/ruff", "format", "--check", "."]]
PYTEST = ["-m", "pytest", "-q", "-p", "no:cacheprovider"]
TARGETS = {
    "test": [*LINT, [".venv/bin/python", *PYTEST, "-m", "not audit"]],
    "test-fast": [*LINT, [".venv/bin/python", *PYTEST, "-m", "not slow and not audit"]],
    "test-mesa4": [[".venv-mesa4/bin/python", *PYTEST, "-m", "not slow and not audit"]],
}


def _time(commands: list[list[str]]) -> dict:
    load = os.getloadavg()[0]
    start = time.perf_counter()
    last, code = "", 0
    for command in commands:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        lines = done.stdout.strip().splitlines()
        last, code = (lines[-1] if lines else ""), done.returncode
        if code != 0:
            print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
            break
    return {
        "seconds": round(time.perf_counter() - start, 1),
        "returncode": code,
        "pytest": last,
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "cores": os.cpu_count(),
    }


def main() -> None:
    """Time the targets named on the command line, one after the other."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="+", choices=sorted(TARGETS))
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    results = json.loads(OUT.read_text()) if OUT.exists() else {}
    for target in args.targets:
        print(f"timing make {target} …", flush=True)
        results[target] = {"commit": commit, **_time(TARGETS[target])}
        print(json.dumps(results[target]), flush=True)
        OUT.write_text(json.dumps(results, indent=2) + "\n")
        # The pages quote this file: render them now, or the next suite timed here would
        # find the README out of date with the file (tests/test_docs_numbers.py).
        subprocess.run([sys.executable, "docs/render_numbers.py", "--write"], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
