"""`neuroagents run` outputs: replaced as a whole, quick runs apart, errors without tracebacks."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from neuroagents.cli import commands as cli
from neuroagents.runner.outputs import replace_directory

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "runs" / "hopfield_demo.toml"


def _complete(out: Path) -> dict:
    """Assert ``out`` is one complete output set; return its meta."""
    meta = json.loads((out / "meta.json").read_text())
    assert sorted(p.name for p in out.iterdir()) == sorted(meta["files"])
    assert len(pd.read_parquet(out / "results.parquet")) > 0
    return meta


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("neuroagents ")


def test_quick_runs_go_to_their_own_directory_and_say_so(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "hopfield_demo", "--quick"]) == 0
    assert "--quick" in capsys.readouterr().out
    meta = _complete(tmp_path / "runs" / "hopfield_demo-quick")
    assert meta["quick"] is True
    assert not (tmp_path / "runs" / "hopfield_demo").exists()


def test_unwritable_output_fails_before_the_run_without_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    status = cli.main(["run", str(DEMO), "--quick", "--out", str(blocker / "out")])
    err = capsys.readouterr()
    assert status == 2 and "Cannot write outputs" in err.err and "Traceback" not in err.err
    assert "params:" not in err.out  # nothing ran


@pytest.mark.parametrize(
    ("setup", "match"),
    [
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.write_bytes(b"model = '\\xff\\xfe'\n\xff\xfe"), "not UTF-8"),
        (lambda p: p.write_text("model = [1, 2"), "not valid TOML"),
    ],
)
def test_unreadable_configs_are_named(tmp_path, capsys, setup, match):
    path = tmp_path / "bad.toml"
    setup(path)
    assert cli.main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert match in err and str(path) in err and "Traceback" not in err


def test_an_internal_error_is_reported_briefly_and_debug_shows_it(tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "write_outputs", broken)
    args = ["run", str(DEMO), "--quick", "--out", str(tmp_path / "o")]
    assert cli.main(args) == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "--debug" in err
    with pytest.raises(RuntimeError, match="boom"):
        cli.main(["--debug", *args])


def _write_a(text):
    def write(d):
        (d / "a.txt").write_text(text)
        (d / "meta.json").write_text('{"written_by": "neuroagents", "files": ["a.txt"]}')

    return write


def test_replace_directory_keeps_the_old_outputs_when_writing_fails(tmp_path):
    out = tmp_path / "out"
    replace_directory(out, _write_a("old"))

    def fail(d):
        (d / "a.txt").write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        replace_directory(out, fail)
    assert (out / "a.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging left behind


@pytest.mark.slow
def test_killing_a_run_at_any_moment_leaves_a_complete_output(tmp_path):
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "neuroagents.cli",
        "run",
        str(DEMO),
        "--quick",
        "--out",
        str(out),
    ]
    subprocess.run([*command, "--seed", "1"], check=True, capture_output=True)
    assert _complete(out)["seed"] == 1
    # Kill later and later runs with other seeds: before the imports finish, while the
    # experiment runs, while files are written, and after.
    for k, delay in enumerate((0.3, 0.8, 1.2, 1.5, 1.8, 2.2, 3.0)):
        proc = subprocess.Popen([*command, "--seed", str(10 + k)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        meta = _complete(out)  # never a partial or mixed set
        assert meta["seed"] in (1, *range(10, 10 + k + 1))
    # The next run cleans what the killed ones left and writes its own set.
    subprocess.run([*command, "--seed", "99"], check=True, capture_output=True)
    assert _complete(out)["seed"] == 99
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert os.access(out, os.W_OK)
