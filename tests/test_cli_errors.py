"""Every user mistake on the command line is one line on stderr and exit status 2 (issue 22).

Config errors name the key the user wrote (``params.dt``), never an internal name; a
value from a file is quoted only as much as needed to find it.
"""

import pytest

from neuroagents.cli import commands as cli
from neuroagents.connectome.files import load_connectome
from neuroagents.errors import ConnectomeError

HOPFIELD = 'model = "hopfield"\nexperiment = "retrieval"\n'


def _one_line_error(capsys, status: int) -> str:
    captured = capsys.readouterr()
    assert status == 2, captured
    err = captured.err
    assert err.count("\n") == 1 and err.startswith("neuroagents"), err
    assert "Traceback" not in err and "params:" not in captured.out  # nothing ran
    return err


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('model = "rate"\nexperiment = "amplifier"\n[params]\ndt = nan\n', "params.dt"),
        ('model = "rate"\nexperiment = "amplifier"\n[params]\ndt = inf\n', "params.dt"),
        ('model = "rate"\nexperiment = "amplifier"\n[params]\nlambda1 = [0.5, nan]\n',
         "params.lambda1[1]"),
        ('model = ["hopfield"]\nexperiment = "retrieval"\n', "'model'"),
        ('model = "hopfield"\nexperiment = ["retrieval"]\n', "'experiment'"),
        ('model = 3\nexperiment = "retrieval"\n', "'model'"),
        (HOPFIELD + "colour = 1\n", "'colour'"),
        (HOPFIELD + "params = 5\n", "'params'"),
        (HOPFIELD + "[model2]\nx = 1\n", "'model2'"),
        ("[model]\nname = 'hopfield'\n", "'model'"),
        (HOPFIELD + "description = 5\n", "'description'"),
        (HOPFIELD + "description = [\"a\"]\n", "'description'"),
        (HOPFIELD + '[params]\nconnectome = "celegans"\nn = 50\n', "params.n"),
        ('model = "ei"\nexperiment = "balance"\n[params]\nconnectome = "celegans"\np = 0.1\n',
         "params.p"),
        ('model = "rate"\nexperiment = "chaos"\n[params]\nconnectome = "celegans"\nns = [50]\n',
         "params.ns"),
    ],
)  # fmt: skip
def test_config_mistakes_are_one_line_naming_the_key(tmp_path, capsys, text, named):
    path = tmp_path / "c.toml"
    path.write_text(text)
    err = _one_line_error(capsys, cli.main(["run", str(path), "--out", str(tmp_path / "o")]))
    assert named in err
    for internal in ("Connectome weights", "synapse", "unhashable"):
        assert internal not in err


def test_the_connectome_may_be_given_with_its_default_size_untouched(tmp_path):
    from neuroagents.runner.experiment import load_config

    path = tmp_path / "c.toml"
    path.write_text(HOPFIELD + '[params]\nconnectome = ""\nn = 50\n')
    assert load_config(path).params["n"] == 50  # "" is "no connectome": n is the user's


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["run"],
        ["run", "x.toml", "--seed", "abc"],
        ["run", "x.toml", "--bogus"],
        ["frobnicate"],
        ["sweep", "x.toml", "--backend", "gpu"],
        ["sweep", "x.toml", "--workers", "two"],
        ["connectome"],
        ["connectome", "stats", "celegans", "--nulls", "many"],
        ["run", "x.toml", "--seed", "-1"],
    ],
)
def test_argument_mistakes_are_one_line_exit_2(capsys, argv):
    err = _one_line_error(capsys, cli.main(argv))
    assert "error" in err and "usage:" not in err


def test_a_long_csv_cell_is_not_echoed_whole(tmp_path, capsys):
    cell = "secret-" + "x" * 5000
    path = tmp_path / "w.csv"
    path.write_text(f"source,target,weight\n0,1,{cell}\n")
    with pytest.raises(ConnectomeError, match="Row 2") as caught:
        load_connectome(path)
    assert len(str(caught.value)) < 400 and "(5009 characters)" in str(caught.value)
    config = tmp_path / "c.toml"
    config.write_text(HOPFIELD + '[params]\nconnectome = "w.csv"\n')
    err = _one_line_error(capsys, cli.main(["run", str(config), "--out", str(tmp_path / "o")]))
    assert "Row 2" in err and len(err) < 800 and "x" * 100 not in err


@pytest.mark.parametrize("column", ["source", "target"])
def test_a_long_missing_id_cell_is_not_echoed_whole(tmp_path, column):
    pad = " " * 3000
    path = tmp_path / "w.csv"
    row = f"{pad},1" if column == "source" else f"0,{pad}"
    path.write_text(f"source,target\n{row}\n")
    with pytest.raises(ConnectomeError, match=f"no {column} id") as caught:
        load_connectome(path)
    assert len(str(caught.value)) < 400


def test_a_long_config_value_is_not_echoed_whole(tmp_path, capsys):
    path = tmp_path / "c.toml"
    path.write_text(HOPFIELD + '[params]\nscheduler = "' + "z" * 10000 + '"\n')
    err = _one_line_error(capsys, cli.main(["run", str(path), "--out", str(tmp_path / "o")]))
    assert "params.scheduler" in err and len(err) < 800
