"""The sweep command: typos refused before any run, failures reported with an exit status,
a changed config refused unless --on-change says otherwise."""

import sys
from pathlib import Path

import pandas as pd
import pytest

from neuroagents.cli import commands as cli

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))

HEAD = 'function = "neuroagents.models.hopfield.experiments.retrieval:retrieval_trial"\nseeds = 1\n'


def write(tmp_path, text, name="sweep"):
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (HEAD + "seed = 3\n", "did you mean 'seeds'"),
        (HEAD + "[params]\nn = 40\nnosie = 0.1\n[grid]\nalpha = [0.1]\n", "did you mean 'noise'"),
        (HEAD + "[params]\nn = 40\n[grid]\nalpah = [0.1]\n", "'alpah' in [grid]"),
        (HEAD + "[params]\nn = 40\nalpha = 0.1\n[grid]\nalpha = [0.1]\n", "both in [params]"),
        (
            'function = "sweep_targets:GlauberRing"\nsteps = 2\n[grid]\nn = [4]\ntemp = [1.0]\n',
            "did you mean 'temperature'",
        ),
    ],
)
def test_typos_are_refused_before_any_run(tmp_path, capsys, text, named):
    out = tmp_path / "o"
    assert cli.main(["sweep", str(write(tmp_path, text)), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert named in err and "Traceback" not in err
    assert not out.exists()  # nothing ran, nothing written


def test_check_params_false_lets_a_passing_on_function_through(tmp_path, capsys):
    text = HEAD + "check_params = false\n[params]\nn = 30\nextra = 1\n[grid]\nalpha = [0.1]\n"
    assert cli.main(["sweep", str(write(tmp_path, text)), "--out", str(tmp_path / "o")]) == 0


def test_failed_runs_give_a_nonzero_exit_and_say_where_the_tracebacks_are(tmp_path, capsys):
    text = 'function = "sweep_targets:sometimes_fails"\nseeds = 2\n[grid]\nx = [1, 2, 3]\n'
    out = tmp_path / "o"
    assert cli.main(["sweep", str(write(tmp_path, text)), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "2 of 6 runs failed" in err and "failed_runs.txt" in err
    failures = (out / "failed_runs.txt").read_text()
    assert (
        failures.count("== run_id=") == 2 and "x=2\nRuntimeError: x = 2 is not allowed" in failures
    )
    assert "Traceback (most recent call last)" in failures
    assert len(pd.read_parquet(out / "results.parquet")) == 6


def test_a_changed_config_is_refused_unless_told(tmp_path, capsys):
    base = HEAD + "[params]\nn = 30\n[grid]\nalpha = [0.1]\n"
    out = tmp_path / "o"
    assert cli.main(["sweep", str(write(tmp_path, base)), "--out", str(out)]) == 0
    changed = base.replace("n = 30", "n = 32")
    config = write(tmp_path, changed, "changed")
    assert cli.main(["sweep", str(config), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "sweep config differs" in err and "params: stored" in err and "Traceback" not in err
    # A changed description or backend is not a different sweep.
    same = "description = 'again'\nbackend = 'serial'\n" + base
    assert cli.main(["sweep", str(write(tmp_path, same, "same")), "--out", str(out)]) == 0
    assert cli.main(["sweep", str(config), "--out", str(out), "--on-change", "rerun"]) == 0
    assert pd.read_parquet(out / "results.parquet")["n"].tolist() == [32]
