"""Overrides from the command line (issue 29): ``--set KEY=VALUE`` on ``run`` and ``sweep``,
sweeps by shipped name, and a config given to the wrong command naming the right one.

A value given with ``--set`` must be accepted or refused exactly as the same value
written in the file; the tests check that by loading both ways. Two real runs (a
``--quick`` Hopfield run and a four-run sweep, the README's own commands) take about
15 s on a quiet 2-core machine; the rest is config loading.
"""

import json
import shlex
import tomllib
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from neuroagents import cli
from neuroagents.errors import ConfigError
from neuroagents.runner.config_names import config_kind, shipped_configs
from neuroagents.runner.config_overrides import apply_overrides, parse_override
from neuroagents.runner.experiment import load_config
from neuroagents.runner.sweep_config import load_sweep_config

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "runs" / "hopfield_demo.toml"
SWEEP = ROOT / "runs" / "hopfield_sweep.toml"
HOPFIELD = 'model = "hopfield"\nexperiment = "retrieval"\nseed = 0\n'


def _one_line_error(capsys, status: int) -> str:
    captured = capsys.readouterr()
    assert status == 2, captured
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err, captured.err
    assert "params:" not in captured.out  # refused before anything ran
    return captured.err.removeprefix("neuroagents: error: ").strip()


# ------------------------------------------------------------------ parsing KEY=VALUE
@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ("params.n=1000", ("params", "n"), 1000),
        ("seed=3", ("seed",), 3),
        ("params.grid=[1,2]", ("params", "grid"), [1, 2]),
        ('params.rule="storkey"', ("params", "rule"), "storkey"),
        ("params.rule=storkey", ("params", "rule"), "storkey"),
        ("params.noise = 0.25", ("params", "noise"), 0.25),
        ("params.flag=true", ("params", "flag"), True),
        ('params."odd key"=1', ("params", "odd key"), 1),
        ("description=two words", ("description",), "two words"),
    ],
)
def test_values_are_toml_and_bare_words_are_text(text, path, value):
    override = parse_override(text)
    assert override.path == path
    assert override.value == value and type(override.value) is type(value)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("params.n", "expected KEY=VALUE"),
        ("=5", "expected KEY=VALUE"),
        ("params.n=", "no value"),
        ("params.grid=[1,", "not a valid TOML value"),
        ('params.rule="storkey', "not a valid TOML value"),
        ("params..n=1", "not a config key"),
        ("params.n=1\nseed=2", "one line"),
    ],
)
def test_malformed_overrides_are_refused_naming_them(text, named):
    with pytest.raises(ConfigError, match=named):
        parse_override(text)


def test_the_later_override_wins_and_the_file_table_is_untouched():
    raw = {"params": {"n": 4, "flips": 1}}
    table, origins = apply_overrides(raw, ["params={n = 5}", "params.n=6"], "x.toml")
    assert table == {"params": {"n": 6}} and raw == {"params": {"n": 4, "flips": 1}}
    assert origins.origin("params", "n").text == "params.n=6"
    assert origins.set_keys() == {"params": {"n": 5}, "params.n": 6}


# --------------------------------------------- validated exactly like the file (run)
@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("n", "1000"),
        ("n", "0"),  # below the bound
        ("n", '"big"'),  # wrong type
        ("n", "2.5"),
        ("n", "true"),  # a bool is not an int
        ("patterns", "7"),
        ("scheduler", '"sync"'),
        ("scheduler", '"random"'),  # not a choice
        ("max_sweeps", "nan"),
        ("nn", "5"),  # unknown
    ],
)
def test_a_set_value_is_accepted_or_refused_exactly_as_in_the_file(tmp_path, key, value):
    written = tmp_path / "written.toml"
    written.write_text(f"{HOPFIELD}[params]\n{key} = {value}\n")
    base = tmp_path / "base.toml"
    base.write_text(HOPFIELD)
    outcomes = []
    for path, overrides in ((written, ()), (base, [f"params.{key}={value}"])):
        try:
            outcomes.append(load_config(path, overrides=overrides).params)
        except ConfigError as err:
            outcomes.append(type(err))
    assert outcomes[0] == outcomes[1]


def test_the_issue_example_names_the_set_and_the_nearest_parameter(capsys):
    err = _one_line_error(capsys, cli.main(["run", "hopfield_demo", "--set", "params.nn=5"]))
    assert err == (
        "--set params.nn=5: unknown parameter 'nn' of hopfield/retrieval; did you mean 'n'?"
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--set", "params.n=0"], "--set params.n=0: params.n must be >= 2. Got 0."),
        (["--set", "seed=-1"], "--set seed=-1: the key 'seed' must be an integer >= 0."),
        (["--set", "backend=serial"], "--set backend=serial: unknown key 'backend'"),
        (["--set", "params.n=[1,"], "--set params.n=[1,: '[1,' is not a valid TOML value"),
        (["--set", "params.n.x=1"], "--set params.n.x=1: params.n is not a table"),
        (
            ["--set", "params.connectome=celegans", "--set", "params.n=50"],
            "--set params.n=50: params.connectome and params.n cannot both be given",
        ),
        (["--seed", "2", "--set", "seed=3"], "Give the seed once"),
    ],
)
def test_run_set_mistakes_are_one_line_naming_the_set(tmp_path, capsys, argv, expected):
    out = tmp_path / "o"
    err = _one_line_error(capsys, cli.main(["run", str(DEMO), "--out", str(out), *argv]))
    assert err.startswith(expected), err
    assert not out.exists()


def test_a_file_mistake_still_names_the_file_not_a_set(tmp_path, capsys):
    path = tmp_path / "c.toml"
    path.write_text(f"{HOPFIELD}[params]\nn = 0\n")
    err = _one_line_error(capsys, cli.main(["run", str(path), "--set", "params.flips=1"]))
    assert err == f"params.n in {path} must be >= 2. Got 0."


def test_set_wins_over_quick_sizes_and_the_rest_stay_quick():
    config = load_config(DEMO, quick=True, overrides=["params.n=60"])
    assert config.params["n"] == 60  # the user's explicit choice
    assert config.params["patterns"] == 5 and config.params["flips"] == 10  # quick's
    assert config.overrides == {"params.n": 60}
    assert load_config(DEMO, quick=True).params["n"] == 100


def test_a_relative_path_given_with_set_starts_in_the_current_directory(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    nx.write_graphml(nx.cycle_graph(12), tmp_path / "data" / "ring.graphml")
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "c.toml").write_text(HOPFIELD)
    monkeypatch.chdir(tmp_path)
    config = load_config("configs/c.toml", overrides=["params.connectome=data/ring.graphml"])
    assert Path(config.params["connectome"]).resolve() == tmp_path / "data" / "ring.graphml"
    written = tmp_path / "configs" / "w.toml"  # in the file: from the file's folder
    written.write_text(f'{HOPFIELD}[params]\nconnectome = "../data/ring.graphml"\n')
    assert Path(load_config(written).params["connectome"]).resolve() == tmp_path / "data" / (
        "ring.graphml"
    )


# ------------------------------------------------------------ the README's commands
def _readme_commands(verb: str) -> list[str]:
    section = (ROOT / "README.md").read_text().split("## Command line", 1)[1].split("\n## ")[0]
    lines = [line.split("#")[0].strip() for line in section.splitlines()]
    return [line for line in lines if line.startswith(f"neuroagents {verb} ") and "--set" in line]


def test_the_readme_run_example_works_and_meta_records_the_overrides(tmp_path, monkeypatch, capsys):
    (command,) = _readme_commands("run")
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(command)[1:]
    assert cli.main(argv) == 0
    sets = [argv[k + 1] for k, arg in enumerate(argv) if arg == "--set"]
    expected = {o.key: o.value for o in map(parse_override, sets)}
    out = tmp_path / "runs" / "hopfield_demo-quick"
    meta = json.loads((out / "meta.json").read_text())
    assert meta["overrides"] == expected
    table = pd.read_parquet(out / "results.parquet")
    n, flips = expected["params.n"], meta["params"]["flips"]
    assert table["n"].unique().tolist() == [n] and meta["params"]["n"] == n
    # The cue overlap is set by the flipped bits: 1 - 2 * flips / n, for the new n.
    assert table["overlap_start"].tolist() == pytest.approx([1 - 2 * flips / n] * len(table))
    assert meta["seed"] == expected.get("seed", meta["config"]["seed"])
    assert "--set: " in capsys.readouterr().out


def test_the_readme_sweep_example_runs_by_shipped_name_with_sets(tmp_path, monkeypatch):
    (command,) = _readme_commands("sweep")
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(command)[1:]
    assert cli.main(argv) == 0
    texts = [argv[k + 1] for k, arg in enumerate(argv) if arg == "--set"]
    sets = {o.key: o.value for o in map(parse_override, texts)}
    store = tmp_path / "runs" / "hopfield_sweep"  # a name writes under ./runs/, as run does
    runs = pd.read_parquet(store / "results.parquet")
    assert sorted(runs["alpha"].unique()) == sorted(sets["grid.alpha"])
    assert runs["n"].unique().tolist() == [sets["params.n"]]
    assert runs["run_id"].nunique() == len(sets["grid.alpha"]) * sets["seeds"]
    assert json.loads((store / "meta.json").read_text())["overrides"] == sets


# ------------------------------------------------------------------------- sweeps
def test_a_sweep_set_is_validated_like_its_file_and_named(tmp_path, capsys):
    out = tmp_path / "o"
    argv = ["sweep", "hopfield_sweep", "--out", str(out), "--set", "params.nosie=0.1"]
    err = _one_line_error(capsys, cli.main(argv))
    assert err.startswith("--set params.nosie=0.1: the parameter 'nosie' in [params] is never")
    assert "did you mean 'noise'" in err and not out.exists()
    for bad, named in (
        ("seeds=0", "'seeds'"),
        ("backend=gpu", "'backend'"),
        ("grid.alpha=3", "grid"),
    ):
        err = _one_line_error(capsys, cli.main(["sweep", "hopfield_sweep", "--set", bad]))
        assert err.startswith(f"--set {bad}: ") and named in err, err
    config = load_sweep_config(SWEEP, overrides=["params.n=40", "grid.alpha=[0.1]", "seeds=2"])
    assert (config.params["n"], config.grid, config.seeds) == (40, {"alpha": [0.1]}, 2)
    assert config.raw["params"] == {"n": 40, "noise": 0.1}  # what the store fingerprints


# ------------------------------------------------ the right command for each config
def test_a_sweep_config_given_to_run_names_sweep_and_the_reverse(capsys):
    err = _one_line_error(capsys, cli.main(["run", "hopfield_sweep"]))
    assert "hopfield_sweep is a sweep config" in err
    assert "neuroagents sweep hopfield_sweep" in err and "backend" not in err
    err = _one_line_error(capsys, cli.main(["sweep", "hopfield_demo"]))
    assert "hopfield_demo is an experiment config" in err and "neuroagents run hopfield_demo" in err
    err = _one_line_error(capsys, cli.main(["sweep", str(DEMO)]))
    assert f"neuroagents run {DEMO}" in err
    with pytest.raises(ConfigError, match="neuroagents sweep"):
        load_config(SWEEP)
    with pytest.raises(ConfigError, match="neuroagents run"):
        load_sweep_config(DEMO)


def test_each_command_lists_only_its_own_shipped_configs(capsys):
    kinds = {p.stem: config_kind(tomllib.loads(p.read_text())) for p in ROOT.glob("runs/*.toml")}
    assert {"run", "sweep"} <= set(kinds.values()) and None not in kinds.values()
    for command in ("run", "sweep"):
        err = _one_line_error(capsys, cli.main([command, "no_such_config"]))
        listed = set(err.split("one of: ", 1)[1].rstrip(".").split(", "))
        assert listed == {name for name, kind in kinds.items() if kind == command}
        assert set(shipped_configs(command)) == listed
