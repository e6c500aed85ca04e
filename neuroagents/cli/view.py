"""``neuroagents view``: serve a model's page in the browser (Mesa's SolaraViz).

    neuroagents view PAGE|CONFIG.toml [--port P] [--host H] [--no-browser]

Checks the page name or config first (a mistake exits 2 with one line), then starts
``solara run`` on :mod:`neuroagents.viz.app` and prints the local address once the
server answers (under load it can take a minute to start). Solara's warnings that are
not a local user's concern (the samesite cookie note for plain http, a hook validator
that could not read a component) are silenced in the server process, and its own
"starting at" line is not passed on. Needs the optional extra:
``pip install 'neuroagents[viz]'``.

Pieces:
    view: the command. serve_command, server_env: how the server is started.
    wait_until_answering: poll the address until it answers or the server exits.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any

from neuroagents.errors import ValidationError
from neuroagents.viz.config import ViewTarget, resolve
from neuroagents.viz.registry import PAGES

__all__ = ["register", "serve_command", "server_env", "view", "wait_until_answering"]

VIZ_MODULES = ("solara", "ipyvuetify", "altair")
INSTALL_HINT = "pip install 'neuroagents[viz]'"
# Warnings of Solara 1.58 that say nothing to someone serving on their own machine:
# a ten-line note, on every page load, that plain http gets samesite=lax cookies; and
# its rules-of-hooks validator failing to read a component's source (a check of
# Solara's own, not a fault in the page). Matched by the start of the message.
QUIET_WARNINGS = (
    "ignore:Cookies with samesite=none require https:UserWarning",
    "ignore:Failed to validate hooks for component:UserWarning",
)
# Solara prints this before its server answers; the command prints the address after.
SOLARA_STARTING = "Solara server is starting at"


def missing_viz_modules() -> list[str]:
    """The modules of the viz extra that are not installed."""
    return [m for m in VIZ_MODULES if importlib.util.find_spec(m) is None]


def check_params(target: ViewTarget) -> None:
    """Check a config's params with the page's ``initial_values``, before serving.

    Raises:
        NeuroagentsError: a value or key the page refuses (named in the message).
    """
    module = importlib.import_module(target.page.target.partition(":")[0])
    check = getattr(module, "initial_values", None)
    if check is not None:
        check(target.params)


def _check_port(host: str, port: int) -> None:
    if not 0 < port < 65536:
        raise ValidationError(f"--port must be in 1..65535. Got {port}.")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            raise ValidationError(
                f"--port {port} is in use on {host}; choose another with --port."
            ) from None


def serve_command(spec: str, host: str, port: int, *, open_browser: bool) -> list[str]:
    """The ``solara run`` command line that serves ``spec``'s page (spec goes in the env).

    Examples:
        >>> cmd = serve_command("ei", "127.0.0.1", 8765, open_browser=False)
        >>> cmd[1:4], cmd[-4:]
        (['-m', 'solara', 'run'], ['--port', '8765', '--no-open', '--no-check-version'])
    """
    app = Path(__file__).parent.parent / "viz" / "app.py"  # neuroagents/viz/app.py
    return [
        sys.executable, "-m", "solara", "run", str(app), "--production",
        "--host", host, "--port", str(port),
        "--open" if open_browser else "--no-open", "--no-check-version",
    ]  # fmt: skip


def server_env(spec: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The server's environment: the page to show, and Solara's noise silenced.

    A ``PYTHONWARNINGS`` the user set is kept (their filters come after ours, so theirs
    win where both match).

    Examples:
        >>> env = server_env("hopfield", {"PYTHONWARNINGS": "error::DeprecationWarning"})
        >>> env["NEUROAGENTS_VIEW"], env["PYTHONWARNINGS"].split(",")[-1]
        ('hopfield', 'error::DeprecationWarning')
    """
    env = dict(os.environ if base is None else base)
    own = env.get("PYTHONWARNINGS")
    env["PYTHONWARNINGS"] = ",".join([*QUIET_WARNINGS, *([own] if own else [])])
    env["NEUROAGENTS_VIEW"] = spec
    return env


def wait_until_answering(url: str, proc: subprocess.Popen, *, poll: float = 0.25) -> bool:
    """Poll ``url`` until it answers (True) or ``proc`` exits first (False).

    Any HTTP response counts as an answer; a refused or timed-out connection does not.
    """
    while proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return True
        except urllib.error.HTTPError:
            return True  # it answered, with an error page: the server is up
        except (OSError, ValueError):  # not listening yet (URLError is an OSError)
            time.sleep(poll)
    return False


def _forward(stream: IO[str], out: IO[str]) -> None:
    """Pass the server's output on, without Solara's premature "starting at" line."""
    for line in stream:
        if not line.startswith(SOLARA_STARTING):
            out.write(line)
            out.flush()


def view(args: argparse.Namespace) -> int:
    """Handle ``neuroagents view``: check, then serve until interrupted."""
    target = resolve(args.spec)  # a bad name or config: exit 2 before anything starts
    missing = missing_viz_modules()
    if missing:
        print(
            f"neuroagents: error: the browser view needs the viz extra ({', '.join(missing)} "
            f"not installed). Install it with: {INSTALL_HINT}",
            file=sys.stderr,
        )
        return 2
    check_params(target)
    _check_port(args.host, args.port)
    spec = str(Path(args.spec).resolve()) if args.spec.endswith(".toml") else args.spec
    print(f"neuroagents view: the {target.page.name} page ({target.page.description})")
    print("  starting the server (a few seconds; longer on a busy machine) ...", flush=True)
    cmd = serve_command(spec, args.host, args.port, open_browser=not args.no_browser)
    proc = subprocess.Popen(cmd, env=server_env(spec), stdout=subprocess.PIPE, text=True)
    threading.Thread(target=_forward, args=(proc.stdout, sys.stdout), daemon=True).start()
    url = f"http://{args.host}:{args.port}/"
    try:
        if wait_until_answering(url, proc):
            print(f"  serving at {url}  (Ctrl-C stops the server)", flush=True)
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait(timeout=10)
        raise


def register(subparsers: Any) -> None:
    """Add the ``view`` subcommand to the ``neuroagents`` parser."""
    parser = subparsers.add_parser(
        "view",
        help="watch and steer a model in the browser (needs neuroagents[viz])",
        description="Serve a model's page in the browser: "
        + "; ".join(f"{e.name}: {e.description}" for e in PAGES.values())
        + ". Or give a config (.toml) whose model is one of them.",
    )
    parser.add_argument("spec", help=f"a page ({', '.join(PAGES)}) or a config .toml")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    parser.add_argument("--host", default="127.0.0.1", help="host (default 127.0.0.1)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.set_defaults(func=view)
