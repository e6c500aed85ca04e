"""The one experiment tail: table -> summary -> figures -> output files.

Every experiment ends the same way: a main table, a few lines for a person to read,
figures drawn from the tables, further tables, all written into one output folder. The
experiments compute; this module does the rest, once, for all of them.

Pieces:
    ExperimentResult: what an experiment's run returns: its tables, its summary (text or
        lines) and its figures, each given as a *drawer* (a function of no arguments
        returning a matplotlib Figure, ``functools.partial(figures.capacity_figure,
        table)``) or as a Figure already drawn.
    draw_figures: the drawers called, each once (the tail does it; a test that only
        looks at the tables never draws, nor imports matplotlib).
    Run, run_experiment: a validated config run: the generator made from its seed, the
        experiment handed its parameters dataclass, the figures drawn, the time taken.
    write_outputs: results.parquet, the further tables, the figures' PNGs, the summary
        files and meta.json, put in place as a whole
        (:func:`neuroagents.runner.outputs.replace_outputs`).
    summary_files: the per-experiment summary numbers, written beside the tables (the
        seam ``neuroagents.runner.summaries`` plugs into).

``neuroagents run`` is ``write_outputs(run_experiment(config), config, out_dir)``.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError
from neuroagents.io import package_versions, save_figure, write_json, write_parquet
from neuroagents.runner.outputs import WRITTEN_BY, replace_outputs

if TYPE_CHECKING:
    from neuroagents.runner.experiment import RunConfig

__all__ = [
    "ExperimentResult",
    "Run",
    "draw_figures",
    "run_experiment",
    "summary_files",
    "write_outputs",
]

Drawer = Callable[[], Any]
"""A figure not drawn yet: called with no arguments, it returns a matplotlib Figure."""


@dataclass
class ExperimentResult:
    """What an experiment returns: its tables, its summary and its figures.

    Attributes:
        table: the tidy main table (written to ``results.parquet``).
        summary: a few lines for a person to read; a sequence of lines is joined with
            newlines.
        figures: file stem -> a drawer (``functools.partial(figure_fn, table)``, drawn
            by the tail) or a matplotlib Figure (written as PNG).
        tables: further tables, file stem -> DataFrame (written as parquet).

    Raises:
        ValidationError: a table that is not a DataFrame, a figure that is neither a
            drawer nor a Figure, or a further table named ``results`` (the main table's
            file).

    Examples:
        >>> r = ExperimentResult(pd.DataFrame({"x": [1.0]}), ["first line", "second"])
        >>> print(r.summary)
        first line
        second
    """

    table: pd.DataFrame
    summary: str
    figures: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.summary, str):
            self.summary = "\n".join(self.summary)
        self.figures, self.tables = dict(self.figures), dict(self.tables)
        for stem, frame in {"results": self.table, **self.tables}.items():
            if not isinstance(frame, pd.DataFrame):
                raise ValidationError(
                    f"The table {stem!r} of an ExperimentResult must be a pandas DataFrame. "
                    f"Got {type(frame).__name__} instead."
                )
        for stem, figure in self.figures.items():
            if not (callable(figure) or hasattr(figure, "savefig")):
                raise ValidationError(
                    f"The figure {stem!r} of an ExperimentResult must be a drawer (a "
                    f"function of no arguments returning a Figure) or a Figure. Got "
                    f"{type(figure).__name__} instead."
                )
        if "results" in self.tables:
            raise ValidationError(
                "A further table of an ExperimentResult may not be named 'results' (the "
                "main table is written to results.parquet). Got tables "
                f"{sorted(self.tables)}."
            )


def draw_figures(result: ExperimentResult) -> ExperimentResult:
    """Call each drawer of ``result.figures`` once; Figures already drawn stay as they are.

    Returns:
        ``result``, its figures now all Figures.

    Raises:
        ValidationError: a drawer that returned something other than a Figure.
    """
    for stem, figure in result.figures.items():
        if not hasattr(figure, "savefig"):
            drawn = figure()
            if not hasattr(drawn, "savefig"):
                raise ValidationError(
                    f"The drawer of the figure {stem!r} must return a matplotlib Figure. "
                    f"Got {type(drawn).__name__} instead."
                )
            result.figures[stem] = drawn
    return result


@dataclass(frozen=True)
class Run:
    """A config run: the experiment's result (figures drawn) and the seconds it took."""

    result: ExperimentResult
    seconds: float


def run_experiment(config: RunConfig) -> Run:
    """Run a validated config once: table -> summary -> figures, timed.

    The experiment gets its parameters dataclass (``config.params``) and a generator
    seeded by ``SeedSequence(config.seed)``, the one source of its random numbers, so a
    seed gives the same tables on every rerun. The figures are drawn here, from the
    tables the experiment returned.
    """
    rng = np.random.default_rng(np.random.SeedSequence(config.seed))
    start = time.perf_counter()
    result = draw_figures(config.experiment.run(config.params, rng))
    return Run(result, time.perf_counter() - start)


def summary_files(summary: Mapping[str, Any] | None, staging: Path) -> list[str]:
    """Write the run's headline numbers as ``summary.json`` into ``staging``.

    The tail calls this inside the staging folder, so the summary
    (:func:`neuroagents.runner.summaries.summarize`) is replaced together with the tables
    it is computed from. Without a summary it writes nothing. Returns the file names.
    """
    if summary is None:
        return []
    write_json(dict(summary), staging / "summary.json")
    return ["summary.json"]


def write_outputs(
    result: ExperimentResult | Run,
    config: RunConfig,
    out_dir: Path,
    seconds: float | None = None,
    *,
    overwrite: bool = False,
    summary: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write a run into ``out_dir``, replacing the earlier outputs of this tool there.

    Everything is written into a staging directory first and put in place in one step
    (:func:`neuroagents.runner.outputs.replace_outputs`); ``meta.json`` marks the files
    as neuroagents' own, lists them and says whether it was a ``--quick`` run. A
    directory holding files the tool did not write is refused, or with ``overwrite``
    kept as it is apart from the tool's own files.

    Args:
        result: a :class:`Run` (its seconds are recorded), or an experiment's result
            with ``seconds`` given (figures not drawn yet are drawn here).
        config: the config it ran.
        out_dir: the output folder.
        seconds: how long the run took (only with a bare result).
        overwrite: keep the foreign files of a non-empty folder.
        summary: the run's headline numbers, written as ``summary.json``.

    Returns:
        The paths written.
    """
    if isinstance(result, Run):
        result, seconds = result.result, result.seconds
    draw_figures(result)

    def write(staging: Path) -> list[str]:
        names = ["results.parquet"]
        write_parquet(result.table, staging / "results.parquet")
        for stem, table in result.tables.items():
            names.append(f"{stem}.parquet")
            write_parquet(table, staging / names[-1])
        for stem, figure in result.figures.items():
            names.append(f"{stem}.png")
            save_figure(figure, staging / names[-1])
        names += summary_files(summary, staging)
        meta = {
            "written_by": WRITTEN_BY,
            "model": config.model,
            "experiment": config.experiment.name,
            "quick": config.quick,
            "config_file": config.source,
            "config": config.raw,
            "overrides": config.overrides,
            "params": _plain_params(config.params),
            "seed": config.seed,
            "seconds": round(seconds or 0.0, 3),
            "files": [*names, "meta.json"],
            "python": platform.python_version(),
            "packages": package_versions(),
        }
        write_json(meta, staging / "meta.json")
        return [*names, "meta.json"]

    return [out_dir / name for name in replace_outputs(out_dir, write, overwrite=overwrite)]


def _plain_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters as the config writes them (a dataclass's ``to_config``)."""
    to_config = getattr(params, "to_config", None)
    return to_config() if to_config is not None else dict(params)
