"""``neuroagents view``: mistakes exit 2 with one line, before any server starts."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from neuroagents.cli import commands as cli
from neuroagents.cli import view as cli_view
from neuroagents.errors import NeuroagentsError
from neuroagents.viz.config import resolve

ROOT = Path(__file__).resolve().parents[2]


def run(argv, capsys):
    status = cli.main(argv)
    return status, capsys.readouterr().err


def test_an_unknown_page_is_refused_with_the_list(capsys):
    status, err = run(["view", "nope"], capsys)
    assert status == 2
    assert err.strip() == (
        "neuroagents: error: No browser page called 'nope'. "
        "Pages: network, boltzmann, ei, hopfield, hopfield_tank, motor, rate, spiking."
    )


def test_a_config_of_a_model_without_a_page_is_refused(capsys):
    status, err = run(["view", str(ROOT / "runs" / "feedback_alignment.toml")], capsys)
    assert status == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "no page for 'learning' run configs" in err
    assert (
        "Models with a page: network, ei, hopfield, hopfield_tank, motor, rate, spiking, celegans, "
        "connectome" in err
    )


def test_a_config_of_an_unknown_model_is_refused(tmp_path, capsys):
    path = tmp_path / "x.toml"
    path.write_text('model = "no_such_model"\n')
    status, err = run(["view", str(path)], capsys)
    assert status == 2 and "must name a page of the browser view" in err
    assert "'no_such_model'" in err


# What each run config in runs/ does: opens a page (which one), or is refused (why).
OPENS = {
    "hopfield": "hopfield", "ei": "ei", "rate": "rate", "hopfield_tank": "hopfield_tank",
    "motor": "motor", "spiking": "spiking",
}  # fmt: skip
REFUSED = {"learning", "questions", "boltzmann", "worms"}


@pytest.mark.parametrize("config", sorted((ROOT / "runs").glob("*.toml")), ids=lambda p: p.stem)
def test_every_run_config_opens_or_is_refused_in_one_line(config, capsys):
    raw = tomllib.loads(config.read_text())
    model, params = raw.get("model"), raw.get("params", {})
    try:
        target = resolve(str(config))
        cli_view.check_params(target)
    except NeuroagentsError as err:
        message = str(err)
        assert "\n" not in message
        if model in REFUSED:
            assert f"no page for {model!r} run configs" in message
        elif model in ("celegans", "connectome"):  # no connectome key to show
            assert "connectome" not in params and "names no 'connectome'" in message
        elif model == "ei" and params.get("connectome"):  # the page is G(n, p) only
            assert "cannot take a 'connectome'" in message
        elif model is None:  # a sweep config (function + grid), not a run config
            assert "must name a page" in message
        else:  # a sweep's grid for a page parameter
            assert "must be one value, not a list" in message
        return
    expected = "network" if model in ("celegans", "connectome") else OPENS[model]
    assert target.page.name == expected
    if model in ("celegans", "connectome"):
        assert target.params["connectome"] == params["connectome"]


def test_a_bad_connectome_in_a_config_is_one_line(tmp_path, capsys):
    path = tmp_path / "net.toml"
    path.write_text('model = "connectome"\n[params]\nconnectome = "missing.graphml"\n')
    status, err = run(["view", str(path)], capsys)
    assert status == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "missing.graphml' does not exist" in err
    path.write_text('model = "rate"\n[params]\nconnectome = "worm"\n')
    status, err = run(["view", str(path)], capsys)
    assert status == 2 and "neither a known name" in err


def test_a_missing_config_is_refused(tmp_path, capsys):
    status, err = run(["view", str(tmp_path / "none.toml")], capsys)
    assert status == 2 and "does not exist" in err


def test_a_bad_network_param_is_refused_before_serving(tmp_path, capsys):
    path = tmp_path / "net.toml"
    path.write_text('model = "network"\n[params]\nsize = 3\n')
    status, err = run(["view", str(path)], capsys)
    assert status == 2 and "has no parameter 'size'" in err


def test_a_sweep_grid_in_a_run_config_is_refused(capsys):
    status, err = run(["view", str(ROOT / "runs" / "hopfield_capacity.toml")], capsys)
    assert status == 2 and "must be one value, not a list" in err


def test_without_the_viz_extra_the_error_names_the_install(monkeypatch, capsys):
    monkeypatch.setattr(cli_view, "missing_viz_modules", lambda: ["solara"])
    status, err = run(["view", "hopfield"], capsys)
    assert status == 2
    assert "pip install 'neuroagents[viz]'" in err


def test_a_port_in_use_is_refused(capsys):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        status, err = run(["view", "ei", "--port", str(port)], capsys)
    assert status == 2 and f"--port {port} is in use" in err


def test_run_configs_open_their_page_at_their_values():
    target = resolve(str(ROOT / "runs" / "hopfield_demo.toml"))
    assert target.page.name == "hopfield"
    assert {k: target.params[k] for k in ("n", "patterns", "flips", "seed")} == {
        "n": 400, "patterns": 40, "flips": 100, "seed": 0,
    }  # fmt: skip
    net = resolve(str(ROOT / "docs" / "view" / "two_communities.toml"))
    assert Path(net.params["connectome"]) == ROOT / "docs" / "view" / "two_communities.csv"


def test_the_cli_does_not_import_solara():
    code = "import sys, neuroagents.cli; print('solara' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_command_line_serves_the_app_module():
    cmd = cli_view.serve_command("hopfield", "127.0.0.1", 9000, open_browser=True)
    assert Path(cmd[4]).name == "app.py" and Path(cmd[4]).is_file()
    assert "--open" in cmd


def test_an_ei_config_on_a_wiring_is_refused_not_ignored(tmp_path, capsys):
    path = tmp_path / "ei.toml"
    path.write_text('model = "ei"\nexperiment = "balance"\n[params]\nconnectome = "celegans"\n')
    status, err = run(["view", str(path)], capsys)
    assert status == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "E–I page runs its agents on G(n, p)" in err and "'celegans'" in err
