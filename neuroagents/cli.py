"""The ``neuroagents`` command.

Commands:
    neuroagents run CONFIG.toml [--out DIR] [--seed N] [--quick]
        Validate the config, run the experiment, print a summary, and write
        DIR/results.parquet, DIR/meta.json and the figures (DIR defaults to
        runs/<config name>/).
    neuroagents models
        List the models and their experiments.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from neuroagents.errors import NeuroagentsError
from neuroagents.experiment import available_models, load_config, write_outputs

__all__ = ["main"]


def _run(args: argparse.Namespace) -> int:
    config = load_config(args.config, seed=args.seed, quick=args.quick)
    out_dir = Path(args.out) if args.out else Path(args.config).with_suffix("")
    print(f"neuroagents: {config.model}/{config.experiment.name} (seed {config.seed})")
    shown = ", ".join(f"{k}={v}" for k, v in config.params.items())
    print(f"  params: {shown}")
    rng = np.random.default_rng(np.random.SeedSequence(config.seed))
    start = time.perf_counter()
    result = config.experiment.run(dict(config.params), rng)
    seconds = time.perf_counter() - start
    written = write_outputs(result, config, out_dir, seconds)
    print()
    print(result.summary.rstrip())
    print()
    print(f"Ran in {seconds:.1f} s. Wrote:")
    for path in written:
        print(f"  {path}")
    return 0


def _models(args: argparse.Namespace) -> int:
    for name, module in available_models().items():
        doc = (module.__doc__ or "").strip().splitlines()
        print(f"{name}: {doc[0] if doc else ''}")
        for exp in module.EXPERIMENTS.values():
            print(f"    {exp.name:<16} {exp.description}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``neuroagents`` command."""
    parser = argparse.ArgumentParser(
        prog="neuroagents", description="Agent-based simulation of neural systems."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run an experiment config (TOML)")
    run.add_argument("config", help="path to a runs/*.toml config")
    run.add_argument("--out", help="output directory (default: runs/<config name>/)")
    run.add_argument("--seed", type=int, help="override the config's seed")
    run.add_argument("--quick", action="store_true", help="CI-sized run")
    run.set_defaults(func=_run)
    models = sub.add_parser("models", help="list the models and their experiments")
    models.set_defaults(func=_models)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (2 on a bad config or argument)."""
    args = build_parser().parse_args(argv)
    if getattr(args, "seed", None) is not None and args.seed < 0:
        print("neuroagents: error: --seed must be an integer >= 0.", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except NeuroagentsError as err:
        print(f"neuroagents: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
