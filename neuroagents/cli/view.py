"""``neuroagents view``: serve a model's page in the browser (Mesa's SolaraViz).

    neuroagents view PAGE|CONFIG.toml [--port P] [--host H] [--no-browser]

Checks the page name or config first (a mistake exits 2 with one line), then starts
``solara run`` on :mod:`neuroagents.viz.app` and prints the local address. Needs the
optional extra: ``pip install 'neuroagents[viz]'``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from neuroagents.errors import ValidationError
from neuroagents.viz.config import ViewTarget, resolve
from neuroagents.viz.registry import PAGES

__all__ = ["register", "serve_command", "view"]

VIZ_MODULES = ("solara", "ipyvuetify", "altair")
INSTALL_HINT = "pip install 'neuroagents[viz]'"


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
    env = {**os.environ, "NEUROAGENTS_VIEW": spec}
    print(f"neuroagents view: the {target.page.name} page ({target.page.description})")
    print(f"  serving at http://{args.host}:{args.port}/  (Ctrl-C stops the server)")
    sys.stdout.flush()
    cmd = serve_command(spec, args.host, args.port, open_browser=not args.no_browser)
    proc = subprocess.Popen(cmd, env=env)
    try:
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
