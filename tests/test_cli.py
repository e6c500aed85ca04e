import json
import tomllib
from pathlib import Path

import mesa
import pandas as pd
import pytest

from neuroagents.cli import commands as cli
from neuroagents.errors import ConfigError
from neuroagents.runner.experiment import default_out_dir, find_config, load_config, shipped_configs
from neuroagents.runner.sweep_config import load_sweep_config

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "runs" / "hopfield_demo.toml"


def write_config(tmp_path, text):
    path = tmp_path / "exp.toml"
    path.write_text(text)
    return path


def test_demo_config_validates_to_documented_params():
    config = load_config(DEMO)
    assert config.model == "hopfield"
    assert config.experiment.name == "retrieval"
    assert config.params["n"] == 400
    assert config.params["patterns"] == 40


def test_run_writes_results_meta_and_figure(tmp_path, capsys):
    out = tmp_path / "out"
    status = cli.main(["run", str(DEMO), "--out", str(out), "--seed", "7", "--quick"])
    assert status == 0
    printed = capsys.readouterr().out
    assert "Retrieved" in printed and "Hopfield net: 100 neurons" in printed

    table = pd.read_parquet(out / "results.parquet")
    quick_patterns = 5
    assert len(table) == quick_patterns
    assert set(table.columns) >= {"pattern", "overlap_start", "overlap_end", "sweeps"}
    # The energy of every retrieval run went down (async dynamics on symmetric W).
    assert (table["energy_end"] <= table["energy_start"] + 1e-9).all()
    # The start overlap is fixed by the number of flipped bits: 1 - 2 * 10 / 100.
    assert table["overlap_start"].tolist() == pytest.approx([0.8] * quick_patterns)

    meta = json.loads((out / "meta.json").read_text())
    assert meta["seed"] == 7
    assert meta["params"]["n"] == 100
    assert meta["packages"]["mesa"] == mesa.__version__  # the Mesa line this run used
    png = (out / "retrieval.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # No temporary files are left behind by the atomic writers.
    assert not list(out.glob(".*.tmp"))


def test_same_seed_same_table(tmp_path):
    for name in ("a", "b"):
        assert cli.main(["run", str(DEMO), "--out", str(tmp_path / name), "--quick"]) == 0
    a = pd.read_parquet(tmp_path / "a" / "results.parquet")
    b = pd.read_parquet(tmp_path / "b" / "results.parquet")
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('model = "hopfield"\nexperiment = "retrieval"\ncolour = 1\n', "colour"),
        ('model = "nope"\nexperiment = "retrieval"\n', "'model'"),
        ('model = "hopfield"\nexperiment = "nope"\n', "'experiment'"),
        ('model = "hopfield"\nexperiment = "retrieval"\n[params]\nsize = 3\n', "params.size"),
        ('model = "hopfield"\nexperiment = "retrieval"\n[params]\nn = "big"\n', "params.n"),
        ('model = "hopfield"\nexperiment = "retrieval"\n[params]\nn = 0\n', "params.n"),
        (
            'model = "hopfield"\nexperiment = "retrieval"\n[params]\nscheduler = "random"\n',
            "params.scheduler",
        ),
        ('model = "hopfield"\nexperiment = "retrieval"\nseed = -1\n', "'seed'"),
        ('model = "hopfield"\n[params\n', "not valid TOML"),
    ],
)
def test_bad_config_is_refused_naming_the_key(tmp_path, capsys, text, named):
    path = write_config(tmp_path, text)
    assert cli.main(["run", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert named in err
    assert not (tmp_path / "o" / "results.parquet").exists()


def test_missing_config_file(tmp_path, capsys):
    assert cli.main(["run", str(tmp_path / "none.toml")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_models_lists_hopfield(capsys):
    assert cli.main(["models"]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith("hopfield:") for line in out.splitlines())
    assert "    retrieval" in out


SWEEP = """
function = "neuroagents.models.hopfield.experiments.retrieval:retrieval_trial"
seeds = 2
[params]
n = 60
noise = 0.1
[grid]
alpha = [0.05, 0.3]
[summary]
by = ["alpha"]
values = ["overlap"]
"""


def test_sweep_command_writes_store_and_summary(tmp_path, capsys):
    config = write_config(tmp_path, SWEEP)
    out = tmp_path / "store"
    assert cli.main(["sweep", str(config), "--out", str(out), "--backend", "serial"]) == 0
    printed = capsys.readouterr().out
    assert "4 rows from 4 runs (0 rows failed)" in printed
    runs = pd.read_parquet(out / "results.parquet")
    summary = pd.read_parquet(out / "summary.parquet")
    assert sorted(runs["alpha"].unique()) == [0.05, 0.3]
    for alpha, group in runs.groupby("alpha"):
        row = summary[summary["alpha"] == alpha].iloc[0]
        assert row["overlap_mean"] == pytest.approx(group["overlap"].mean())
    # At alpha = 0.05, far below capacity, both retrievals are perfect.
    assert runs[runs["alpha"] == 0.05]["overlap"].tolist() == [1.0, 1.0]
    # A rerun finds every run in the store.
    assert cli.main(["sweep", str(config), "--out", str(out)]) == 0
    assert "4 already in the store, 0 ran" in capsys.readouterr().err


TRIAL = 'function = "neuroagents.models.hopfield.experiments.retrieval:retrieval_trial"\n'


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('function = "nope"\n', "'function'"),
        ('function = "neuroagents.models.hopfield:missing"\n', "missing"),
        (TRIAL + "colour = 2\n", "colour"),
        (TRIAL + "[grid]\nalpha = 3\n", "grid"),
        (TRIAL + 'backend = "gpu"\n', "backend"),
        (TRIAL + "seeds = 0\n", "seeds"),
        (TRIAL + "workers = 0\n", "'workers'"),
        (TRIAL + "steps = -1\n", "'steps'"),
        (TRIAL + 'root_seed = "a"\n', "seed"),
    ],
)
def test_bad_sweep_config_is_refused(tmp_path, capsys, text, named):
    config = write_config(tmp_path, text)
    assert cli.main(["sweep", str(config), "--out", str(tmp_path / "o")]) == 2
    assert named in capsys.readouterr().err


# ---------------------------------------------------------------------- shipped configs
def test_every_config_in_runs_ships_and_validates():
    shipped = shipped_configs()
    assert set(shipped) == {p.stem for p in (ROOT / "runs").glob("*.toml")}
    for name, path in shipped.items():
        assert path.read_text() == (ROOT / "runs" / f"{name}.toml").read_text()
        if "function" in tomllib.loads(path.read_text()):
            load_sweep_config(path)
        else:
            load_config(path, quick=True)


def test_run_by_bare_name_writes_under_the_current_directory(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "hopfield_demo", "--quick"]) == 0
    out = tmp_path / "runs" / "hopfield_demo-quick"  # quick runs never replace full ones
    assert (out / "results.parquet").exists() and (out / "retrieval.png").exists()
    meta = json.loads((out / "meta.json").read_text())
    assert meta["experiment"] == "retrieval"
    assert Path(meta["config_file"]).read_text() == DEMO.read_text()
    assert "Retrieved" in capsys.readouterr().out


def test_run_by_path_writes_next_to_the_config(tmp_path, monkeypatch):
    config = tmp_path / "mine.toml"
    config.write_text(DEMO.read_text())
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "mine.toml", "--quick"]) == 0
    assert (tmp_path / "mine-quick" / "results.parquet").exists()


def test_an_unknown_name_lists_the_shipped_configs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "hopfield_demoo"]) == 2
    err = capsys.readouterr().err
    assert "'hopfield_demoo'" in err and "hopfield_demo" in err and "ei_balance" in err
    assert "Traceback" not in err
    assert not (tmp_path / "runs").exists()
    with pytest.raises(ConfigError, match="ships with neuroagents"):
        find_config("nope")


def test_config_names_and_paths_are_told_apart():
    assert find_config("runs/hopfield_demo.toml") == Path("runs/hopfield_demo.toml")
    assert find_config("hopfield_demo").read_text() == DEMO.read_text()
    assert default_out_dir("hopfield_demo") == Path("runs/hopfield_demo")
    assert default_out_dir("configs/x.toml") == Path("configs/x")
