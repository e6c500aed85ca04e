"""The verdict on a table of integration windows: what Pouille & Scanziani (2001) report.

Pieces:
    PAPER_WINDOW: the paper's bound on the window with feed-forward inhibition (2 ms).
    WINDOW_COLUMNS: the columns a window table must have.
    window_checks: each check's name and whether the table passes it.
    window_verdict: (all passed, the names of the failed checks).

The checks, each computed from the table's numbers:

- single volleys never fire TC (the window is about pairs);
- the firing intervals are one interval [0, W] at the scan's resolution;
- the simulated window equals the closed form to within its bisection bracket
  (0 <= theory − window <= tol, with 1e-9 ms of slack for floating point);
- without inhibition the window is longer than the paper's 2 ms (it is set by the
  membrane: W_0 = τ ln(J / (θ − J)));
- with inhibition lagging the EPSP by less than 2 ms and at least as strong as the
  critical g*, the window is under 2 ms (the paper's claim; at least one such row);
- the window never grows with inhibitory strength at a fixed delay (within tol).

References:
    F. Pouille, M. Scanziani, Science 293 (2001) 1159–1163.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError

__all__ = ["PAPER_WINDOW", "WINDOW_COLUMNS", "window_checks", "window_verdict"]

PAPER_WINDOW = 2.0
"""ms: Pouille & Scanziani's integration window with feed-forward inhibition is below it."""
WINDOW_COLUMNS = (
    "inh_delay",
    "inh_strength",
    "critical_strength",
    "window",
    "window_theory",
    "tol",
    "single_volley_fires",
    "contiguous",
)
# Floating point in exp/log and in summed jumps: far below any bracket used.
SLACK = 1e-9


def _monotone_in_strength(table: pd.DataFrame) -> bool:
    """Per delay, the window (with the no-inhibition rows first) never grows with g."""
    free = table[table["inh_strength"] == 0]
    inhibited = table[table["inh_strength"] > 0]
    for _, rows in inhibited.groupby("inh_delay"):
        ordered = pd.concat([free, rows.sort_values("inh_strength")])
        w = ordered["window"].to_numpy()
        tol = ordered["tol"].to_numpy()
        if np.any(np.diff(w) > tol[1:] + tol[:-1] + SLACK):
            return False
    return True


def window_checks(table: pd.DataFrame) -> dict[str, bool]:
    """Each check of the module docstring, by name: whether ``table`` passes it.

    Args:
        table: one row per circuit, with :data:`WINDOW_COLUMNS` (``inh_strength`` 0 is
            the circuit without inhibition).

    Raises:
        ValidationError: a column is missing or the table is empty.
    """
    missing = [c for c in WINDOW_COLUMNS if c not in table.columns]
    if missing or table.empty:
        raise ValidationError(
            f"The 'table' parameter of window_checks must be a non-empty table with the "
            f"columns {list(WINDOW_COLUMNS)}. Got {len(table)} rows, missing {missing}."
        )
    error = table["window_theory"] - table["window"]
    free = table[table["inh_strength"] == 0]
    claim = table[
        (table["inh_strength"] > 0)
        & (table["inh_delay"] < PAPER_WINDOW)
        & (table["inh_strength"] >= table["critical_strength"])
    ]
    return {
        "single volleys never fire TC": not table["single_volley_fires"].any(),
        "the firing intervals are one interval": bool(table["contiguous"].all()),
        "the window equals the closed form": bool(
            ((error >= -SLACK) & (error <= table["tol"] + SLACK)).all()
        ),
        f"without inhibition the window exceeds {PAPER_WINDOW:g} ms": bool(
            not free.empty and (free["window"] > PAPER_WINDOW).all()
        ),
        f"with inhibition (lag < {PAPER_WINDOW:g} ms, g >= g*) the window is under "
        f"{PAPER_WINDOW:g} ms": bool(not claim.empty and (claim["window"] < PAPER_WINDOW).all()),
        "the window never grows with inhibitory strength": _monotone_in_strength(table),
    }


def window_verdict(table: pd.DataFrame) -> tuple[bool, list[str]]:
    """Whether ``table`` shows what the paper reports, and the checks it fails.

    Examples:
        >>> rows = pd.DataFrame({
        ...     "inh_delay": [1.0, 1.0], "inh_strength": [0.0, 8.0],
        ...     "critical_strength": [5.37, 5.37], "window": [12.38, 1.0],
        ...     "window_theory": [12.38, 1.0], "tol": [1e-4, 1e-4],
        ...     "single_volley_fires": [False, False], "contiguous": [True, True]})
        >>> window_verdict(rows)
        (True, [])
        >>> window_verdict(rows.assign(window=[12.38, 3.0], window_theory=[12.38, 3.0]))[1]
        ['with inhibition (lag < 2 ms, g >= g*) the window is under 2 ms']
    """
    checks = window_checks(table)
    failed = [name for name, ok in checks.items() if not ok]
    return not failed, failed
