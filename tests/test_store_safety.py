"""Sweep stores: never made of a user's folder, and one sweep at a time (issue 22).

Two identical sweeps started into one store at once must not compute every run twice:
the second waits for the store's lock, then finds every run done. The two-process test
gates the first sweep's runs on a file, so the overlap is certain, not a race.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import neuroagents as na
from neuroagents.cli import commands as cli

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
import sweep_targets as targets  # noqa: E402

TRIAL = 'function = "neuroagents.models.hopfield.experiments.retrieval:retrieval_trial"\n'

GATED = '''
import os
import time
from pathlib import Path


def gated_trial(params, rng):
    """Count the call, then wait for the test to open the gate."""
    folder = Path(params["folder"])
    with open(folder / "calls.txt", "a") as fh:
        fh.write(f"{params['x']} {os.getpid()}\\n")
    for _ in range(6000):
        if (folder / "go").exists():
            break
        time.sleep(0.01)
    return {"y": 2.0 * params["x"]}
'''

CONFIG = """
function = "gated_runs:gated_trial"
seeds = 1
backend = "serial"
[params]
folder = "{folder}"
[grid]
x = [0, 1, 2]
"""


def _wait_for(check, seconds: float = 180.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_two_identical_sweeps_at_once_compute_each_run_once(tmp_path):
    (tmp_path / "gated_runs.py").write_text(GATED)
    config = tmp_path / "gated.toml"
    config.write_text(CONFIG.format(folder=tmp_path))
    store = tmp_path / "store"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "neuroagents.cli", "sweep", str(config), "--out", str(store)]
    calls = tmp_path / "calls.txt"
    logs = [tmp_path / "first.err", tmp_path / "second.err"]
    with open(logs[0], "w") as err_a, open(logs[1], "w") as err_b:
        first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err_a)
        try:
            started = _wait_for(lambda: calls.exists() or first.poll() is not None)
            assert started and first.poll() is None, logs[0].read_text()[-2000:]
            second = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err_b)
            try:
                waited = (
                    _wait_for(
                        lambda: (
                            "in use by another sweep" in logs[1].read_text()
                            or second.poll() is not None
                        ),
                        120,
                    )
                    and second.poll() is None
                )
            finally:
                (tmp_path / "go").touch()  # open the gate either way: never hang the test
                codes = (first.wait(300), second.wait(300))
        finally:
            first.kill()
    assert codes == (0, 0), [log.read_text()[-2000:] for log in logs]
    assert waited, logs[1].read_text()[-2000:]
    lines = calls.read_text().splitlines()
    assert sorted(line.split()[0] for line in lines) == ["0", "1", "2"]  # once each
    assert len({line.split()[1] for line in lines}) == 1  # all by the first sweep
    assert "3 already in the store, 0 ran" in logs[1].read_text()
    runs = pd.read_parquet(store / "results.parquet")
    assert sorted(runs["y"]) == [0.0, 2.0, 4.0]


def test_the_lock_is_released_when_a_sweep_ends_or_fails(tmp_path):
    store = tmp_path / "s"
    na.sweep(targets.noisy_square, grid={"x": [1, 2]}, store=store, progress=False)
    with pytest.raises(na.ValidationError, match="grid: stored"):
        na.sweep(targets.noisy_square, grid={"x": [5]}, store=store, progress=False)
    # Held and released again: a third sweep neither waits nor fails.
    again = na.sweep(targets.noisy_square, grid={"x": [1, 2]}, store=store, progress=False)
    assert len(again) == 2


@pytest.mark.parametrize("library", [True, False])
def test_a_folder_of_user_files_is_never_made_a_store(tmp_path, capsys, library):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "results.parquet").write_bytes(b"my own table")
    (folder / "meta.json").write_text("{}")
    if library:
        with pytest.raises(na.ValidationError, match="holding other files"):
            na.sweep(targets.noisy_square, grid={"x": [1]}, store=folder, progress=False)
    else:
        config = tmp_path / "s.toml"
        config.write_text(TRIAL + "seeds = 1\n[params]\nn = 20\n")
        assert cli.main(["sweep", str(config), "--out", str(folder)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "results.parquet" in err
    assert (folder / "results.parquet").read_bytes() == b"my own table"
    assert sorted(p.name for p in folder.iterdir()) == ["meta.json", "results.parquet"]


def test_out_set_to_the_configs_folder_is_refused_for_a_sweep(tmp_path, capsys):
    config = tmp_path / "s.toml"
    config.write_text(TRIAL + "seeds = 1\n")
    assert cli.main(["sweep", str(config), "--out", str(tmp_path)]) == 2
    assert "s.toml" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


def test_an_empty_folder_becomes_a_store(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    runs = na.sweep(targets.noisy_square, grid={"x": [1]}, store=folder, progress=False)
    assert len(runs) == 1 and (folder / "parts").is_dir()
