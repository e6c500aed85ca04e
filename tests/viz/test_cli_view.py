"""``neuroagents view``: mistakes exit 2 with one line, before any server starts."""

import subprocess
import sys
from pathlib import Path

from neuroagents import cli, cli_view
from neuroagents.viz.config import resolve

ROOT = Path(__file__).resolve().parents[2]


def run(argv, capsys):
    status = cli.main(argv)
    return status, capsys.readouterr().err


def test_an_unknown_page_is_refused_with_the_list(capsys):
    status, err = run(["view", "nope"], capsys)
    assert status == 2
    assert err.strip() == (
        "neuroagents: error: No browser page called 'nope'. Pages: hopfield, ei, network."
    )


def test_a_config_of_a_model_without_a_page_is_refused(capsys):
    status, err = run(["view", str(ROOT / "runs" / "rate_amplifier.toml")], capsys)
    assert status == 2
    assert "must name a page of the browser view" in err and "Got 'rate'" in err
    assert "Traceback" not in err


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
