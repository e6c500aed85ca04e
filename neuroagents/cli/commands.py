"""The ``neuroagents`` command.

Commands:
    ``neuroagents run CONFIG [--out DIR] [--overwrite] [--seed N] [--quick] [--set K=V]...
    [--summary-to DIR]``
        CONFIG is a path to a TOML file or the name of a config shipped with the
        package (``hopfield_demo``: the repo's runs/hopfield_demo.toml); each ``--set
        params.n=1000`` changes one key before the config is validated. Validate the
        config, run the experiment, print a summary, and write DIR/results.parquet,
        DIR/meta.json, DIR/summary.json (the headline numbers with their uncertainty,
        the seed and the commit; a copy in ``--summary-to``'s folder) and the figures
        (DIR defaults to runs/<config name>/: next to a
        config given by path, under the current directory for a name). A run replaces
        only outputs an earlier run wrote there: a DIR holding other files is refused
        (``--overwrite`` keeps them and replaces only the tool's own), and the current,
        home, project-root and config folders (or any folder containing them) never.
    ``neuroagents sweep CONFIG [--out DIR] [--backend B] [--workers N] [--scheduler ADDR]``
    ``[--on-change refuse|append|rerun] [--set KEY=VALUE]...``
        Run a grid x seeds sweep (a path or a shipped name, as for ``run``) into a
        resumable store (DIR, default runs/<config name>/); rerunning skips finished
        runs, a changed config or function is refused unless --on-change says otherwise.
        Writes results.parquet (all runs), summary.parquet (if the config asks),
        meta.json and, if runs failed, failed_runs.txt; exits 1 when runs failed.
    ``neuroagents check SUMMARY.json... [--z Z]``
        Rerun the run each summary records (its config, seed, --quick and --set) and
        compare every number with the stored one within Z standard errors of their
        difference; exits 1 with the table of differences when any disagree.
    ``neuroagents models``
        List the models and their experiments.
    ``neuroagents connectome stats SPEC | convert IN OUT``
        Connectome statistics against nulls, and format conversion (cli_connectome).
    ``neuroagents view hopfield|ei|network|CONFIG.toml [--port P] [--no-browser]``
        Watch and steer a model in the browser (see neuroagents.cli.view).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import pandas as pd

from neuroagents import __version__
from neuroagents.cli import connectome as cli_connectome
from neuroagents.cli import view as cli_view
from neuroagents.errors import ConfigError, NeuroagentsError
from neuroagents.messages import one_line
from neuroagents.runner.experiment import (
    available_models,
    default_out_dir,
    find_config,
    load_config,
)
from neuroagents.runner.outputs import check_out_dir, check_writable
from neuroagents.runner.summaries import (
    check_summary_target,
    summarize,
    summary_path,
    write_summary,
)
from neuroagents.runner.summary_check import check_summary, format_check
from neuroagents.runner.sweep_config import load_sweep_config, run_sweep_config
from neuroagents.runner.tail import run_experiment, write_outputs

__all__ = ["main"]


def _run(args: argparse.Namespace) -> int:
    if args.seed is not None and any(t.partition("=")[0].strip() == "seed" for t in args.set):
        raise ConfigError("Give the seed once: --seed N or --set seed=N, not both.")
    config = load_config(
        find_config(args.config, "run"), seed=args.seed, quick=args.quick, overrides=args.set
    )
    out_dir = Path(args.out) if args.out else default_out_dir(args.config, quick=args.quick)
    check_writable(out_dir)  # before the run, not after it
    check_out_dir(out_dir, config=Path(config.source), overwrite=args.overwrite)
    keep = None
    if args.summary_to:
        keep = summary_path(args.summary_to, config.source, quick=config.quick)
        check_summary_target(keep)
    quick = " [--quick: small sizes, written apart from full runs]" if args.quick else ""
    seed = "deterministic: no seed" if config.experiment.deterministic else f"seed {config.seed}"
    print(f"neuroagents: {config.model}/{config.experiment.name} ({seed}){quick}")
    if config.experiment.deterministic and args.seed is not None:
        print("  note: this experiment draws no random numbers; --seed changes nothing.")
    # With a connectome the wiring sets the size: a default n would be a wrong number.
    given = config.params.to_config()
    sized = bool(given.get("connectome"))
    shown = ", ".join(
        f"{k}=(the connectome's)" if k == "n" and sized else f"{k}={v}" for k, v in given.items()
    )
    print(f"  params: {shown}")
    if config.overrides:
        print(f"  --set: {', '.join(args.set)}")
    run = run_experiment(config)  # the one experiment tail: tables, summary, figures
    summary = summarize(config.experiment, run.result, config, run.seconds)
    written = write_outputs(run, config, out_dir, overwrite=args.overwrite, summary=summary)
    if keep is not None:
        written.append(write_summary(summary, keep))
    print()
    print(run.result.summary.rstrip())
    print()
    print(f"Ran in {run.seconds:.1f} s. Wrote:")
    for path in written:
        print(f"  {path}")
    return 0


def _sweep(args: argparse.Namespace) -> int:
    config = load_sweep_config(find_config(args.config, "sweep"), overrides=args.set)
    if args.backend:
        config.backend = args.backend
    if args.workers is not None:
        if args.workers < 1:
            print(f"neuroagents: error: --workers must be >= 1. Got {args.workers}.",
                  file=sys.stderr)  # fmt: skip
            return 2
        config.workers = args.workers
    if args.scheduler:
        config.backend = "dask"
    out_dir = Path(args.out) if args.out else default_out_dir(args.config)
    print(f"neuroagents sweep: {config.function_name} ({config.backend} backend)")
    if config.overrides:
        print(f"  --set: {', '.join(args.set)}")
    runs, summary, written = run_sweep_config(
        config, out_dir, scheduler_address=args.scheduler, on_change=args.on_change
    )
    failed_rows = int((runs["status"] != "ok").sum()) if "status" in runs else 0
    failed = runs.loc[runs["status"] != "ok", "run_id"].nunique() if "status" in runs else 0
    total = runs["run_id"].nunique() if "run_id" in runs else 0
    print(f"{len(runs)} rows from {total} runs ({failed_rows} rows failed).")
    if summary is not None:
        with pd.option_context("display.width", 120, "display.max_columns", 12):
            print(summary.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print("Wrote:")
    for path in written:
        print(f"  {path}")
    if failed:
        print(
            f"neuroagents: {failed} of {total} runs failed; their tracebacks are in "
            f"{out_dir / 'failed_runs.txt'} (and the 'traceback' column of "
            f"{out_dir / 'results.parquet'}). Rerun the command to retry them.",
            file=sys.stderr,
        )
        return 1
    return 0


def _check(args: argparse.Namespace) -> int:
    if not args.z > 0:
        raise ConfigError(f"--z must be a number > 0. Got {args.z}.")
    disagree = 0
    for path in args.summaries:
        print(f"neuroagents check: rerunning {path}", flush=True)
        check = check_summary(path, z=args.z)
        print(format_check(check))
        disagree += not check.agree
    if disagree:
        print(f"neuroagents: {disagree} of {len(args.summaries)} summaries disagree with "
              "their rerun.", file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _models(args: argparse.Namespace) -> int:
    for name, entry in available_models().items():
        print(f"{name}: {entry.description}")
        for exp in entry.experiments.values():
            print(f"    {exp.name:<16} {exp.description}")
    return 0


class _UsageError(Exception):
    """A command-line argument mistake (argparse's message, shown on one line)."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``neuroagents run: error: ...; see --help``."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)")


def _add_set(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change one key of the config before it is validated (repeatable): "
        "--set params.n=1000 --set seed=3; the value is TOML ([1, 2], true, '\"text\"'), "
        "a bare word is text",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``neuroagents`` command."""
    parser = _Parser(prog="neuroagents", description="Agent-based simulation of neural systems.")
    parser.add_argument("--version", action="version", version=f"neuroagents {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks for errors")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run an experiment config (TOML)")
    run.add_argument("config", help="a config: path to a TOML file, or a shipped name")
    run.add_argument("--out", help="output directory (default: runs/<config name>/)")
    run.add_argument(
        "--overwrite",
        action="store_true",
        help="write into a directory that holds other files too (they are kept; only "
        "neuroagents' own outputs are replaced)",
    )
    run.add_argument("--seed", type=int, help="override the config's seed")
    run.add_argument("--quick", action="store_true", help="CI-sized run")
    run.add_argument(
        "--summary-to",
        metavar="DIR",
        help="also keep the run's summary (headline numbers, seed, commit) as "
        "DIR/<config name>.json (DIR/quick/... for --quick), e.g. docs/results",
    )
    _add_set(run)
    run.set_defaults(func=_run)
    sw = sub.add_parser("sweep", help="run a grid x seeds sweep config (TOML), resumable")
    sw.add_argument("config", help="a sweep config: path to a TOML file, or a shipped name")
    sw.add_argument("--out", help="store directory (default: runs/<config name>/)")
    sw.add_argument("--backend", choices=("serial", "processes", "dask"))
    sw.add_argument("--workers", type=int, help="worker processes")
    sw.add_argument("--scheduler", help="Dask scheduler address (implies --backend dask)")
    sw.add_argument(
        "--on-change",
        choices=("refuse", "append", "rerun"),
        default="refuse",
        help="when the store holds another sweep: refuse (default), append to it, or "
        "rerun (move its runs to superseded/)",
    )
    _add_set(sw)
    sw.set_defaults(func=_sweep)
    check = sub.add_parser(
        "check", help="rerun the runs stored summaries record and compare their numbers"
    )
    check.add_argument("summaries", nargs="+", help="summary files (docs/results/*.json)")
    check.add_argument(
        "--z",
        type=float,
        default=3.0,
        help="standard errors of the difference allowed between a stored and a fresh "
        "number (default 3)",
    )
    check.set_defaults(func=_check)
    models = sub.add_parser("models", help="list the models and their experiments")
    models.set_defaults(func=_models)
    cli_connectome.register(sub)
    cli_view.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status.

    0 on success; 1 when sweep runs failed; 2 for a user's mistake (a bad config,
    argument, file or output path), printed as one line without a traceback (``--debug``
    shows it); 3 for an internal error; 130 when interrupted.
    """
    try:
        args = build_parser().parse_args(argv)
    except _UsageError as err:
        print(err, file=sys.stderr)
        return 2
    if getattr(args, "seed", None) is not None and args.seed < 0:
        print("neuroagents: error: --seed must be an integer >= 0.", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("neuroagents: interrupted.", file=sys.stderr)
        return 130
    except (NeuroagentsError, OSError) as err:
        if args.debug:
            raise
        text = str(err) if isinstance(err, NeuroagentsError) else _os_error(err)
        # room for a list of every shipped config name; values are cut by quote()
        print(f"neuroagents: error: {one_line(text, 1500)}", file=sys.stderr)
        return 2
    except Exception as err:  # a bug: say so briefly, keep the traceback one flag away
        if args.debug:
            raise
        print(
            f"neuroagents: internal error: {type(err).__name__}: {one_line(str(err), 300)}. "
            "Please report it; rerun with --debug for the traceback.",
            file=sys.stderr,
        )
        return 3


def _os_error(err: OSError) -> str:
    where = f" {err.filename!r}" if err.filename else ""
    return f"cannot use{where}: {err.strerror or err}."


if __name__ == "__main__":
    sys.exit(main())
