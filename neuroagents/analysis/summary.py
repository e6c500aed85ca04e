"""Summaries of sweep tables: the usual statistics by parameter, and long (tidy) tables.

Pieces:
    summarize: count, mean, standard error of the mean and quantiles of outputs,
        grouped by parameters (and, for per-step tables, by step).
    tidy: melt output columns into (variable, value) rows for plotting libraries.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError

__all__ = ["summarize", "tidy"]


def summarize(
    runs: pd.DataFrame,
    by: str | Sequence[str],
    values: str | Sequence[str],
    *,
    quantiles: Sequence[float] = (0.05, 0.5, 0.95),
    ok_only: bool = True,
) -> pd.DataFrame:
    """Count, mean, sem (= std / sqrt(count), ddof 1) and quantiles of ``values`` by ``by``.

    Args:
        runs: a sweep table (see :func:`neuroagents.sweep`).
        by: grouping columns, e.g. ``["alpha", "n"]`` or ``["alpha", "time"]``.
        values: output columns to summarise.
        quantiles: which quantiles to add, as ``q05``-style columns.
        ok_only: drop failed runs first.

    Returns:
        One row per group; columns ``<value>_count``, ``_mean``, ``_sem``, ``_q05``….

    Examples:
        >>> df = pd.DataFrame({"a": [1, 1, 2, 2], "y": [1.0, 3.0, 5.0, 5.0]})
        >>> summarize(df, "a", "y", quantiles=())[["a", "y_mean", "y_sem"]].values.tolist()
        [[1.0, 2.0, 1.0], [2.0, 5.0, 0.0]]
    """
    by = [by] if isinstance(by, str) else list(by)
    values = [values] if isinstance(values, str) else list(values)
    missing = [c for c in (*by, *values) if c not in runs.columns]
    if missing:
        raise ValidationError(
            f"summarize: columns {missing} are not in the table; it has {list(runs.columns)}."
        )
    if ok_only and "status" in runs:
        runs = runs[runs["status"] == "ok"]
    grouped = runs.groupby(by, sort=True)
    out = {}
    for value in values:
        g = grouped[value]
        count = g.count()
        out[f"{value}_count"] = count
        out[f"{value}_mean"] = g.mean()
        out[f"{value}_sem"] = g.std(ddof=1) / np.sqrt(count)
        for q in quantiles:
            out[f"{value}_q{round(q * 100):02d}"] = g.quantile(q)
    return pd.DataFrame(out).reset_index()


def tidy(
    runs: pd.DataFrame, values: str | Sequence[str], id_vars: Sequence[str] = ()
) -> pd.DataFrame:
    """Long format: one row per (run row, output variable), keeping ``id_vars``."""
    values = [values] if isinstance(values, str) else list(values)
    keep = [c for c in runs.columns if c not in values] if not id_vars else list(id_vars)
    return runs.melt(id_vars=keep, value_vars=values, var_name="variable", value_name="value")
