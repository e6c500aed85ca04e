"""``neuroagents view`` is quiet: Solara's noise silenced, the address printed once it answers.

No browser: the warning filters are checked in a fresh interpreter started with the
server's environment, the wait against a local HTTP server that starts late, and (slow)
the whole command against the real Solara server.
"""

import http.server
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from neuroagents.cli import view as cli_view

# The first line of each of Solara 1.58.2's two warnings, as it words them.
COOKIE = (
    "Cookies with samesite=none require https, but according to the asgi framework, the "
    "scheme is 'http'\nand the x-forwarded-proto header is 'http'. We will fallback to "
    "samesite=lax."
)
HOOKS = "Failed to validate hooks for component Page: could not get source code"


def test_the_server_environment_silences_solaras_noise_and_nothing_else():
    code = (
        "import warnings\n"
        f"warnings.warn({COOKIE!r})\n"
        f"warnings.warn({HOOKS!r})\n"
        "warnings.warn('a warning that matters')\n"
        "warnings.warn('cookies are fine', DeprecationWarning)\n"
    )
    base = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    env = cli_view.server_env("hopfield", base)
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert "samesite" not in proc.stderr and "validate hooks" not in proc.stderr
    assert "a warning that matters" in proc.stderr
    assert "cookies are fine" in proc.stderr  # another category and wording: still shown
    assert env["NEUROAGENTS_VIEW"] == "hopfield"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_address_waits_until_the_server_answers():
    port = _free_port()
    started = {}

    def serve_late():
        time.sleep(1.0)
        server = http.server.HTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler)
        started["at"] = time.monotonic()
        started["server"] = server
        server.serve_forever()

    threading.Thread(target=serve_late, daemon=True).start()
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        t0 = time.monotonic()
        assert cli_view.wait_until_answering(f"http://127.0.0.1:{port}/", proc, poll=0.05)
        assert "at" in started and time.monotonic() >= started["at"] > t0
    finally:
        proc.kill()
        proc.wait()
        started["server"].shutdown()


def test_a_server_that_exits_before_answering_is_not_announced():
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    assert not cli_view.wait_until_answering(f"http://127.0.0.1:{_free_port()}/", proc)
    assert proc.wait() == 3


def test_solaras_premature_address_line_is_not_passed_on():
    out = io.StringIO()
    cli_view._forward(io.StringIO("Solara server is starting at http://x:1\nother\n"), out)
    assert out.getvalue() == "other\n"


@pytest.mark.slow
def test_the_command_prints_the_address_when_it_answers_and_no_cookie_warning():
    # The real server (no browser): ~10 s on a quiet machine, up to a minute under load.
    pytest.importorskip("solara")
    port = _free_port()
    cmd = [sys.executable, "-m", "neuroagents.cli", "view", "ei", "--no-browser",
           "--port", str(port)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # fmt: skip
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "serving at" in line:
                # Printed only once it answers: the first request must succeed at once.
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
                    assert page.status == 200
                break
        assert any(f"serving at http://127.0.0.1:{port}/" in line for line in lines), lines
        assert not any(cli_view.SOLARA_STARTING in line for line in lines)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert "samesite" not in err and "validate hooks" not in err, err[-2000:]
