"""Run risky test cases in a subprocess, so a segfault or a hang fails the test, naming the case.

Two sides of one protocol (cases are dicts with an ``"id"``, pickled on stdin):
    run_cases: the test's side. Starts ``worker`` with the cases, fails the test naming
        the last case started if the worker dies (a segfault, an abort) or hangs past
        ``timeout``, and returns the verdict lines (``REFUSED id``, ``OK id``, ``BAD id
        what`` ...), one a case.
    judge_cases: the worker's side. Reads the cases and, for each, prints ``START id``
        (flushed, so a crash names it) and then the verdict its ``judge`` returns.

Used by tests/test_connectome_fuzz.py (damaged connectome files) and
tests/test_entry_points_property.py (the analysis functions).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


def run_cases(worker: Path, cases: list[dict], *, timeout: float = 600) -> list[str]:
    """Judge ``cases`` in one run of ``worker``; fail the test if it dies or hangs."""
    by_id = {case["id"]: case for case in cases}
    try:
        proc = subprocess.run(
            [sys.executable, str(worker)], input=pickle.dumps(cases), capture_output=True,
            timeout=timeout,
        )  # fmt: skip
    except subprocess.TimeoutExpired as err:
        last = _last_started(err.stdout or b"", by_id)
        pytest.fail(f"the worker hung for more than {timeout} s on {last}")
    if proc.returncode != 0:
        last = _last_started(proc.stdout, by_id)
        stderr = proc.stderr.decode(errors="replace")[-1500:]
        pytest.fail(f"the worker died (exit {proc.returncode}) on {last}: {stderr}")
    lines = proc.stdout.decode(errors="replace").splitlines()
    verdicts = [line for line in lines if not line.startswith("START ")]
    assert [v.split()[1] for v in verdicts] == list(by_id), "one verdict a case, in order"
    return verdicts


def _last_started(stdout: bytes, by_id: dict) -> dict | None:
    started = [line.split()[1] for line in stdout.decode(errors="replace").splitlines()
               if line.startswith("START ")]  # fmt: skip
    return by_id.get(started[-1]) if started else None


def judge_cases(judge: Callable[[dict], str]) -> None:
    """Worker side: for each case on stdin print ``START id`` then ``judge(case)``.

    ``judge`` returns the verdict word and any detail (``"OK"``, ``"BAD what"``); the id
    is put after the word.
    """
    for case in pickle.load(sys.stdin.buffer):
        print("START", case["id"], flush=True)
        word, _, detail = judge(case).partition(" ")
        print(word, case["id"], detail.replace("\n", " ")[:300], flush=True)
