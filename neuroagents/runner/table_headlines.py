"""Table cells as run-summary headlines, so a page can render a results table cell by cell.

Pieces:
    cell_name: the dotted name of one row's cell (``"lambda0.9.mode1.steady_sim"``).
    cell_headlines: the chosen columns of every row of a table, each an exact headline.
    checkpoint_proportions: a fraction of trials after the first k of them, for several k
        (how a "fraction of runs that ..." converges with the number of runs).

The cells of a deterministic computation (a fitted time constant, an eigenvalue, a
bisection) carry no sampling error, so they are :func:`~.summaries.exact`; a table whose
rows are samples should be summarized with :func:`~.summaries.mean_of` or
:func:`~.summaries.proportion` instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError
from neuroagents.runner.summaries import Headline, exact, proportion

__all__ = ["cell_headlines", "cell_name", "checkpoint_proportions"]


def cell_name(
    row: Mapping[str, Any], keys: Mapping[str, str], column: str, prefix: str = ""
) -> str:
    """``prefix`` + one ``<label><value>`` part per key column + the column's name.

    Examples:
        >>> cell_name({"lambda1": 0.9, "mode": 1}, {"lambda1": "lambda", "mode": "mode"}, "tau")
        'lambda0.9.mode1.tau'
        >>> cell_name({"sigma": 0.003}, {"sigma": "sigma"}, "t10_sim", prefix="eye.")
        'eye.sigma0.003.t10_sim'
    """
    parts = [f"{label}{_key(row[key])}" for key, label in keys.items()]
    return prefix + ".".join([*parts, column])


def _key(value: Any) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):g}"
    return str(value)


def cell_headlines(
    table: pd.DataFrame,
    keys: Mapping[str, str],
    columns: Sequence[str],
    what: str,
    prefix: str = "",
) -> dict[str, Headline]:
    """Every row's ``columns`` as exact headlines named by :func:`cell_name`.

    Args:
        table: the results table.
        keys: the columns that tell the rows apart, each with the label put before its value.
        columns: the numeric columns to record.
        what: one line saying what the table is; the cell's key and column are appended.
        prefix: put before every name.

    Examples:
        >>> t = pd.DataFrame({"g": [0.5, 0.9], "exponent": [-0.51, -0.12]})
        >>> h = cell_headlines(t, {"g": "g"}, ["exponent"], "a network", prefix="net.")
        >>> sorted(h), h["net.g0.9.exponent"].value
        (['net.g0.5.exponent', 'net.g0.9.exponent'], -0.12)
    """
    out: dict[str, Headline] = {}
    for row in table.to_dict("records"):
        for column in columns:
            name = cell_name(row, keys, column, prefix)
            if name in out:
                raise ValidationError(
                    f"The 'keys' of cell_headlines must tell the rows apart. Got two rows "
                    f"named {name!r}."
                )
            where = ", ".join(f"{key} = {_key(row[key])}" for key in keys)
            out[name] = exact(row[column], f"{what}: {column}" + (f" at {where}" if where else ""))
    return out


def checkpoint_proportions(
    successes: Sequence[bool], checkpoints: Sequence[int], what: str, prefix: str
) -> dict[str, Headline]:
    """The fraction of the first k trials that succeeded, for every k in ``checkpoints``.

    Trials are independent and in the order they ran, so the fraction after k of them is
    what a run of k trials would have reported; its Wilson interval shows how much more
    the later trials could still move it. Names: ``<prefix>first<k>``.

    Examples:
        >>> h = checkpoint_proportions([True, False, True, True], [2, 4], "wins", "wta.")
        >>> h["wta.first2"].value, h["wta.first4"].value, h["wta.first4"].n
        (0.5, 0.75, 4)
    """
    flags = np.asarray(successes, dtype=bool)
    out = {}
    for k in checkpoints:
        if not 0 < k <= flags.size:
            raise ValidationError(
                f"The 'checkpoints' of checkpoint_proportions must be in the range "
                f"[1, {flags.size}]. Got {k} instead."
            )
        out[f"{prefix}first{k}"] = proportion(
            int(flags[:k].sum()), int(k), f"{what} (first {k} trials)"
        )
    return out
