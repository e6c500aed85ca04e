"""Rerun the run a summary records and compare its numbers with the stored ones.

Pieces:
    SummaryCheck: the outcome for one summary file: the comparison table, notes, verdict.
    run_config: run a validated config once (the generator from its seed).
    check_summary: read a summary, rerun its config (same seed, ``--quick`` and
        ``--set``), and compare number by number (:func:`neuroagents.runner.summaries.compare`).
    format_check: the outcome as text, the disagreements first.

``neuroagents check docs/results/X.json`` is the command; a change that moves a result
shows the day it lands.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.runner.config_names import find_config, is_config_name, shipped_configs
from neuroagents.runner.experiment import ExperimentResult, RunConfig, load_config
from neuroagents.runner.summaries import DEFAULT_Z, compare, read_summary, summarize

__all__ = ["SummaryCheck", "check_summary", "format_check", "run_config"]


@dataclass
class SummaryCheck:
    """The comparison of a stored summary with a fresh run of its config.

    Attributes:
        path: the stored summary.
        table: one row per number (:func:`neuroagents.runner.summaries.compare`).
        fresh: the fresh run's summary.
        notes: what else differs between the two runs (the parameters, the commit).
    """

    path: Path
    table: pd.DataFrame
    fresh: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    @property
    def agree(self) -> bool:
        """Whether every number agrees within its stated uncertainty."""
        return bool(self.table["agree"].all())


def run_config(config: RunConfig) -> tuple[ExperimentResult, float]:
    """Run a validated config once: its result and the seconds it took."""
    rng = np.random.default_rng(np.random.SeedSequence(config.seed))
    start = time.perf_counter()
    result = config.experiment.run(config.params, rng)
    return result, time.perf_counter() - start


def _config_of(stored: dict[str, Any]) -> Path:
    """The config a summary names: its file if it is still there, else the shipped name."""
    path = Path(stored.get("config_file", ""))
    if path.is_file():
        return path
    name = str(stored.get("config_name", ""))
    if is_config_name(name) and name in shipped_configs("run"):
        return find_config(name, "run")
    return find_config(path, "run")  # raises ConfigError naming the missing file


def check_summary(path: str | Path, *, z: float = DEFAULT_Z) -> SummaryCheck:
    """Rerun the config of the summary at ``path`` and compare the numbers.

    Args:
        path: a summary written by ``neuroagents run ... --summary-to``.
        z: how many standard errors of the difference two values may differ by.

    Raises:
        ConfigError: the file is not a summary, or its config is gone or now invalid.
    """
    stored = read_summary(path)
    config = load_config(
        _config_of(stored),
        seed=stored.get("seed"),
        quick=bool(stored.get("quick")),
        overrides=stored.get("set", []),
    )
    result, seconds = run_config(config)
    fresh = summarize(config.experiment, result, config, seconds)
    notes = []
    if _jsonable(fresh["params"]) != stored.get("params"):
        notes.append("the config's parameters changed since the summary was written")
    if stored.get("commit") != fresh.get("commit"):
        notes.append(f"stored at commit {_short(stored.get('commit'))}, rerun at "
                     f"{_short(fresh.get('commit'))}")  # fmt: skip
    return SummaryCheck(Path(path), compare(stored, fresh, z=z), fresh, notes)


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters as they read back from JSON (tuples become lists)."""
    return json.loads(json.dumps(params, default=str))


def _short(commit: Any) -> str:
    return str(commit)[:10] if commit else "unknown"


def format_check(check: SummaryCheck) -> str:
    """The outcome as text: a verdict line, notes, and the numbers (disagreements first)."""
    bad = check.table[~check.table["agree"]]
    verdict = (
        f"{check.path}: all {len(check.table)} numbers agree"
        if check.agree
        else f"{check.path}: {len(bad)} of {len(check.table)} numbers DISAGREE"
    )
    lines = [verdict, *(f"  note: {note}" for note in check.notes)]
    shown = pd.concat([bad, check.table[check.table["agree"]]])
    with pd.option_context("display.width", 140, "display.max_columns", 10):
        text = shown.to_string(index=False, float_format=lambda v: f"{v:.6g}")
    lines += ["  " + line for line in text.splitlines()]
    return "\n".join(lines)
