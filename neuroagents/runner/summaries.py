"""Run summaries: an experiment's headline numbers, with their uncertainty, in a small JSON.

Pieces:
    Headline: one number with its standard error, its sample size and what it is.
    mean_of, proportion, share, bootstrapped, exact: the ways a headline is made (a mean
        over independent units, a fraction of trials or of true flags, any statistic with
        a bootstrap error, a number with no sampling error).
    table_digest: the headlines of an experiment that declares none (its table's
        column means), so every run can be compared with an earlier one.
    headlines_of: an experiment's declared headlines, or the digest.
    summarize: the summary of one run: the headlines, the config as run, the seed, the
        commit, the date.
    current_commit: the git commit of the checkout the package runs from.
    summary_path, check_summary_target, write_summary, read_summary: where a summary is
        kept, written atomically (never over a file neuroagents did not write), and read
        back.
    compare: a stored summary against a fresh one, number by number, within the numbers'
        stated uncertainty.

A summary is what the docs quote (``docs/results/<config>.json``, rendered into the pages
by ``docs/render_numbers.py``) and what ``neuroagents check`` reruns and compares.
"""

from __future__ import annotations

import datetime
import json
import math
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from neuroagents.errors import ConfigError
from neuroagents.io import package_versions, write_json
from neuroagents.runner.outputs import WRITTEN_BY

if TYPE_CHECKING:
    from neuroagents.runner.experiment import Experiment, ExperimentResult, RunConfig

__all__ = [
    "DEFAULT_Z",
    "Headline",
    "bootstrapped",
    "check_summary_target",
    "compare",
    "current_commit",
    "exact",
    "headlines_of",
    "mean_of",
    "proportion",
    "read_summary",
    "share",
    "summarize",
    "summary_path",
    "table_digest",
    "write_summary",
]

KIND = "neuroagents run summary"
DEFAULT_Z = 3.0
"""Standard errors of the difference two runs may differ by before they disagree.

For two runs with independent randomness and normal errors, a number falsely disagrees
with probability 2(1 - Phi(3)) = 0.27%; a rerun with the same seed should give the same
number to the last digit, so the tolerance only matters across seeds or platforms.
"""


@dataclass(frozen=True, slots=True)
class Headline:
    """One headline number of a run.

    Attributes:
        value: the number (NaN when the run could not give it).
        se: its standard error (0 for a number without sampling error).
        n: the independent units behind it (networks, seeds, runs, probes), if any.
        what: one line saying what it is, with the unit.
        low: the lower end of its 95% confidence interval, if one is stated.
        high: the upper end of that interval.
    """

    value: float
    se: float
    n: int | None
    what: str
    low: float | None = None
    high: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The headline as JSON (NaN as null)."""
        out = {"value": _finite(self.value), "se": _finite(self.se), "n": self.n}
        if self.low is not None:
            out["ci95"] = [_finite(self.low), _finite(self.high)]
        out["what"] = self.what
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Headline:
        """A headline read back from :meth:`to_json`."""
        low, high = data.get("ci95") or (None, None)
        return cls(
            value=_number(data.get("value")),
            se=_number(data.get("se")),
            n=data.get("n"),
            what=str(data.get("what", "")),
            low=None if low is None else _number(low),
            high=None if high is None else _number(high),
        )


def _finite(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _number(x: Any) -> float:
    return math.nan if x is None else float(x)


def mean_of(values: Iterable[float], what: str) -> Headline:
    """The mean of independent values with its standard error s/sqrt(n).

    Examples:
        >>> h = mean_of([1.0, 2.0, 3.0, 4.0], "a length")
        >>> round(h.value, 3), round(h.se, 3), h.n
        (2.5, 0.645, 4)
    """
    x = np.asarray(list(values), dtype=float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return Headline(math.nan, math.nan, 0, what)
    se = float(np.std(x, ddof=1) / math.sqrt(n)) if n > 1 else math.nan
    return Headline(float(np.mean(x)), se, n, what)


def proportion(successes: int, trials: int, what: str) -> Headline:
    """A fraction k/n with its binomial standard error and Wilson 95% interval.

    The standard error is that of the Agresti-Coull estimate, sqrt(p~(1 - p~)/n) with
    p~ = (k + 2)/(n + 4), so that 0 of n or n of n still carries an uncertainty.

    Examples:
        >>> h = proportion(57, 400, "valid tours")
        >>> round(h.value, 4), round(h.se, 4), round(h.low, 3), round(h.high, 3)
        (0.1425, 0.0177, 0.112, 0.18)
    """
    k, n = int(successes), int(trials)
    if n <= 0:
        return Headline(math.nan, math.nan, 0, what)
    tilde = (k + 2) / (n + 4)
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    se = math.sqrt(tilde * (1 - tilde) / n)
    return Headline(k / n, se, n, what, float(ci.low), float(ci.high))


def share(flags: Sequence[bool] | np.ndarray | pd.Series, what: str) -> Headline:
    """The fraction of true ``flags``: :func:`proportion` of their sum over their count.

    Examples:
        >>> share([True, False, True, True], "runs that settled").value
        0.75
    """
    flags = np.asarray(flags, dtype=bool)
    return proportion(int(flags.sum()), flags.size, what)


def bootstrapped(
    values: Iterable[float], statistic: Callable[[np.ndarray], float], what: str
) -> Headline:
    """A statistic (a median, a quantile) with its bootstrap standard error and 95% interval.

    1000 resamples (scipy.stats.bootstrap, percentile interval) from a fixed seed, so the
    same values always give the same headline.

    Examples:
        >>> h = bootstrapped(range(101), np.median, "a median")
        >>> h.value, h.n, 3 < h.se < 6
        (50.0, 101, True)
    """
    x = np.asarray(list(values), dtype=float)
    x = x[np.isfinite(x)]
    if len(x) < 2:
        return Headline(float(statistic(x)) if len(x) else math.nan, math.nan, len(x), what)
    res = stats.bootstrap(
        (x,), statistic, n_resamples=1000, method="percentile", rng=0, vectorized=False
    )
    ci = res.confidence_interval
    se = float(res.standard_error)
    return Headline(float(statistic(x)), se, len(x), what, float(ci.low), float(ci.high))


def exact(value: float, what: str, n: int | None = None) -> Headline:
    """A number with no sampling error (a count, a deterministic result)."""
    return Headline(float(value), 0.0, n, what)


def table_digest(table: pd.DataFrame) -> dict[str, Headline]:
    """The column means of a table (numeric and boolean columns), each with its s/sqrt(n).

    The fallback headlines of an experiment that declares none: the rows are not always
    independent, so the standard errors are a guide, not a claim; a rerun with the same
    seed gives the same table and so the same numbers.
    """
    out = {"rows": exact(len(table), "rows of the table")}
    for name in table.columns:
        column = table[name]
        if name in ("seed", "run_id") or not (
            pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)
        ):
            continue
        out[f"mean.{name}"] = mean_of(column.astype(float), f"mean of the column {name!r}")
    return out


def headlines_of(
    experiment: Experiment, result: ExperimentResult, params: Mapping[str, Any]
) -> tuple[dict[str, Headline], str]:
    """An experiment's headlines and where they come from (``"declared"`` or ``"digest"``)."""
    if experiment.headlines is not None:
        return dict(experiment.headlines(result, params)), "declared"
    return table_digest(result.table), "digest"


def current_commit(root: Path | None = None) -> dict[str, Any]:
    """The git commit of the checkout (``root``, default the package's), and if it is dirty.

    Returns ``{"commit": None, "dirty": None}`` outside a git checkout.
    """
    root = root or Path(__file__).resolve().parents[2]

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if commit is None:
        return {"commit": None, "dirty": None}
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def summarize(
    experiment: Experiment,
    result: ExperimentResult,
    config: RunConfig,
    seconds: float,
) -> dict[str, Any]:
    """The summary of one run: its headlines, the config as run, the seed and the commit."""
    numbers, source = headlines_of(experiment, result, config.params)
    return {
        "written_by": WRITTEN_BY,
        "kind": KIND,
        "model": config.model,
        "experiment": config.experiment.name,
        "config_name": Path(config.source).stem,
        "config_file": _relative(config.source),
        "quick": config.quick,
        "seed": None if config.experiment.deterministic else config.seed,
        "set": [f"{key}={json.dumps(value)}" for key, value in config.overrides.items()],
        "params": _plain_params(config.params),
        "config": config.raw,
        **current_commit(),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "packages": package_versions(),
        "headlines": source,
        "numbers": {name: h.to_json() for name, h in numbers.items()},
    }


def _plain_params(params: Any) -> dict[str, Any]:
    """The parameters as the config writes them (a params dataclass's ``to_config``)."""
    to_config = getattr(params, "to_config", None)
    return dict(to_config()) if to_config is not None else dict(params)


def _relative(source: str) -> str:
    """A config's path relative to the current directory when it lies below it."""
    try:
        return Path(source).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return source


def summary_path(folder: str | Path, config_source: str, *, quick: bool) -> Path:
    """Where ``--summary-to folder`` keeps a config's summary.

    ``folder/<config name>.json`` for a full run, ``folder/quick/<config name>.json`` for a
    ``--quick`` one (the two are different measurements and are kept apart).

    Examples:
        >>> summary_path("docs/results", "runs/rate_chaos.toml", quick=True).as_posix()
        'docs/results/quick/rate_chaos.json'
    """
    folder = Path(folder)
    return (folder / "quick" if quick else folder) / f"{Path(config_source).stem}.json"


def read_summary(path: str | Path) -> dict[str, Any]:
    """A summary written by :func:`write_summary`; ConfigError naming the file otherwise."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"The summary file {str(path)!r} does not exist.") from None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ConfigError(f"The summary file {str(path)!r} cannot be read: {err}.") from None
    if not (isinstance(data, dict) and data.get("kind") == KIND and "numbers" in data):
        raise ConfigError(
            f"The file {str(path)!r} is not a run summary (written by neuroagents run "
            "--summary-to)."
        )
    return data


def check_summary_target(target: str | Path) -> None:
    """Raise ConfigError unless ``target`` is absent or a summary neuroagents wrote.

    Called before a run (a refusal after an hour's run helps no one) and again just
    before the summary is written.
    """
    target = Path(target)
    if target.is_dir():
        raise ConfigError(f"The summary path {str(target)!r} is a directory.")
    if target.exists():
        try:
            old = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            old = None
        if not (isinstance(old, dict) and old.get("kind") == KIND):
            raise ConfigError(
                f"Will not replace {str(target)!r}: it is not a run summary neuroagents "
                "wrote. Move it away or choose another --summary-to folder."
            )


def write_summary(summary: Mapping[str, Any], target: str | Path) -> Path:
    """Write a summary atomically; never over a file that is not a neuroagents summary."""
    check_summary_target(target)
    return write_json(dict(summary), target)


def compare(
    stored: Mapping[str, Any], fresh: Mapping[str, Any], *, z: float = DEFAULT_Z
) -> pd.DataFrame:
    """Every number of two summaries side by side, and whether they agree.

    Two values a and b with standard errors s_a and s_b agree when
    ``|a - b| <= z * sqrt(s_a**2 + s_b**2) + 1e-9 * max(1, |a|, |b|)`` (the last term
    absorbs floating-point differences between platforms). Two missing values (NaN)
    agree; a number that only one summary has does not.

    Returns:
        One row per number: ``name``, ``stored``, ``stored_se``, ``fresh``, ``fresh_se``,
        ``difference``, ``allowed`` and ``agree``.

    Examples:
        >>> a = {"numbers": {"x": {"value": 1.0, "se": 0.1}, "y": {"value": 5.0, "se": 0}}}
        >>> b = {"numbers": {"x": {"value": 1.2, "se": 0.1}, "y": {"value": 5.5, "se": 0}}}
        >>> compare(a, b)[["name", "agree"]].to_dict("list")
        {'name': ['x', 'y'], 'agree': [True, False]}
    """
    old = {k: Headline.from_json(v) for k, v in stored["numbers"].items()}
    new = {k: Headline.from_json(v) for k, v in fresh["numbers"].items()}
    rows = []
    for name in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(name), new.get(name)
        row = {
            "name": name,
            "stored": a.value if a else math.nan,
            "stored_se": a.se if a else math.nan,
            "fresh": b.value if b else math.nan,
            "fresh_se": b.se if b else math.nan,
        }
        row["difference"] = row["fresh"] - row["stored"]
        se = math.sqrt(_zero_if_nan(row["stored_se"]) ** 2 + _zero_if_nan(row["fresh_se"]) ** 2)
        scale = max(1.0, abs(_zero_if_nan(row["stored"])), abs(_zero_if_nan(row["fresh"])))
        row["allowed"] = z * se + 1e-9 * scale
        both_nan = math.isnan(row["stored"]) and math.isnan(row["fresh"])
        row["agree"] = bool(
            a is not None
            and b is not None
            and (both_nan or abs(row["difference"]) <= row["allowed"])
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=[*_COLUMNS])


_COLUMNS = ("name", "stored", "stored_se", "fresh", "fresh_se", "difference", "allowed", "agree")


def _zero_if_nan(x: float) -> float:
    return 0.0 if math.isnan(x) else x


HeadlinesFunction = Callable[["ExperimentResult", Mapping[str, Any]], Mapping[str, Headline]]
"""What an experiment declares as ``headlines``: its result and params -> its headlines."""
