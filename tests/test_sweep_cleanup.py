"""A killed or interrupted driver leaves no worker, forkserver or resource tracker behind."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import neuroagents as na

TESTS = Path(__file__).resolve().parent

DRIVER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    import sweep_targets, neuroagents as na
    na.sweep(sweep_targets.slow_square, grid={{"x": list(range(400))}}, seeds=1,
             params={{"sleep": 0.05}}, backend={backend!r}, workers=2, store={store!r},
             progress=False)
    """
)


def _alive_in_session(sid: int) -> list[int]:
    """Processes of session ``sid`` that have not exited (zombies have)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            alive.append(int(entry.name))
    return alive


def _wait_until(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts processes in /proc")
@pytest.mark.parametrize(
    ("backend", "how"), [("processes", "SIGKILL"), ("processes", "Ctrl-C"), ("dask", "SIGKILL")]
)
def test_killing_the_driver_leaves_no_process_behind(tmp_path, backend, how):
    store = tmp_path / "store"
    script = DRIVER.format(tests=str(TESTS), store=str(store), backend=backend)
    driver = subprocess.Popen(
        [sys.executable, "-c", script], start_new_session=True, stderr=subprocess.PIPE
    )
    sid = driver.pid
    try:
        # Driver, two workers and (processes) forkserver and resource tracker; runs stored.
        least = 5 if backend == "processes" else 3
        started = _wait_until(
            lambda: len(_alive_in_session(sid)) >= least and any(store.glob("parts/*.parquet")),
            60,
        )
        assert started, f"the sweep did not start: {_alive_in_session(sid)}"
        if how == "SIGKILL":
            driver.kill()  # the driver only: its workers must notice on their own
        else:
            os.killpg(sid, signal.SIGINT)  # what a terminal sends to the whole group
        driver.wait(timeout=30)
        assert _wait_until(lambda: not _alive_in_session(sid), 20), _alive_in_session(sid)
    finally:
        for pid in _alive_in_session(sid):
            os.kill(pid, signal.SIGKILL)
    err = driver.stderr.read().decode()
    assert "BrokenProcessPool" not in err
    if how == "Ctrl-C":
        assert "KeyboardInterrupt" in err
    # The store holds whole runs only, and resumes.
    stored = na.load_runs(store)
    assert 0 < len(stored) < 400 and stored["run_id"].is_unique
