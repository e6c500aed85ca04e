"""Reading edge lists and collecting edges, with every silent-acceptance case refused.

Pieces:
    read_edgelist: an edge-list CSV -> (node ids, sources, targets, weights), checked.
    DUPLICATES: the policies for a synapse given twice ("error", "sum", "last").
    combine_duplicates: apply a policy to (source, target, weight) triples.

What is refused, with the file, row and value named: a file that is missing, a
directory, unreadable, not UTF-8, empty or malformed; duplicated column names; an
empty or NaN-like id cell; a weight cell that is empty, NaN-like or not a number; a
complex weight; a synapse given twice (unless ``duplicates="sum"`` or ``"last"``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable, Iterable, Sequence
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from neuroagents.errors import ConnectomeError
from neuroagents.messages import quote
from neuroagents.validation import check_choice

__all__ = ["DUPLICATES", "combine_duplicates", "read_edgelist"]

DUPLICATES = ("error", "sum", "last")


def _read_text(path: str | PathLike[str]) -> str:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConnectomeError(f"The edge list {str(p)!r} does not exist.") from None
    except IsADirectoryError:
        raise ConnectomeError(f"The edge list {str(p)!r} is a directory, not a file.") from None
    except PermissionError:
        raise ConnectomeError(
            f"The edge list {str(p)!r} cannot be read (permission denied)."
        ) from None
    except UnicodeDecodeError as err:
        raise ConnectomeError(
            f"The edge list {str(p)!r} is not UTF-8 text (byte {err.start}: {err.reason})."
        ) from None
    except OSError as err:
        raise ConnectomeError(f"The edge list {str(p)!r} cannot be read: {err.strerror}.") from None
    if not text.strip():
        raise ConnectomeError(f"The edge list {str(p)!r} is empty; it needs a header row.")
    return text


def read_edgelist(
    path: str | PathLike[str],
) -> tuple[list[Hashable], list[Hashable], np.ndarray]:
    """Read an edge-list CSV with columns ``source``, ``target`` and optional ``weight``.

    Returns:
        ``(sources, targets, weights)`` in file order; weights are 1.0 where the file
        has no weight column.

    Raises:
        ConnectomeError: for any of the cases in the module docstring.
    """
    name = str(path)
    text = _read_text(path)
    header = next(csv.reader(io.StringIO(text)), [])
    seen = [h for k, h in enumerate(header) if h in header[:k]]
    if seen:
        raise ConnectomeError(f"The edge list {name!r} has the column {seen[0]!r} twice.")
    try:
        # Ids stay text as written (no "007" -> 7); weights are parsed below.
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, csv.Error) as err:
        raise ConnectomeError(f"The edge list {name!r} is not valid CSV: {err}".rstrip()) from None
    missing = {"source", "target"} - set(table.columns)
    if missing:
        raise ConnectomeError(
            f"The edge list {name!r} must have columns 'source' and 'target' (and optionally "
            f"'weight'). Missing: {sorted(missing)}; found {list(table.columns)}."
        )
    ids = {col: [_node_id(v, col, row, name) for row, v in enumerate(table[col])]
           for col in ("source", "target")}  # fmt: skip
    if "weight" in table:
        weights = np.array(
            [_weight(v, row, name) for row, v in enumerate(table["weight"])], dtype=np.float64
        )
    else:
        weights = np.ones(len(table))
    return ids["source"], ids["target"], weights


_NA_LIKE = {"", "nan", "na", "n/a", "null", "none", "<na>", "-nan"}


def _node_id(cell: str, col: str, row: int, name: str) -> Hashable:
    text = cell.strip()
    if text.lower() in _NA_LIKE:
        raise ConnectomeError(
            f"Row {row + 2} of {name!r} has no {col} id (the cell is {quote(cell)})."
        )
    try:  # integer ids as integers, so 0..n-1 lists match W's indices
        return int(text) if str(int(text)) == text else text
    except ValueError:
        return text


def _weight(cell: str, row: int, name: str) -> float:
    text = cell.strip()
    if text.lower() in _NA_LIKE:
        raise ConnectomeError(
            f"Row {row + 2} of {name!r} has no weight (the cell is {quote(cell)}); give every "
            "row a number, or leave the 'weight' column out for weights of 1."
        )
    try:
        return float(text)
    except ValueError:
        raise ConnectomeError(
            f"The 'weight' column of {name!r} must be numeric. Row {row + 2} has {quote(cell)}."
        ) from None


def combine_duplicates(
    sources: Sequence[Hashable],
    targets: Sequence[Hashable],
    weights: Iterable[float],
    duplicates: str,
    *,
    directed: bool,
    where: str,
) -> tuple[list[Hashable], list[Hashable], list[float]]:
    """Apply the duplicates policy; an undirected pair counts once whichever way it is given.

    Raises:
        ConnectomeError: ``duplicates="error"`` and a synapse is given twice.
    """
    check_choice("duplicates", duplicates, where, DUPLICATES)
    combined: dict[tuple[Hashable, Hashable], float] = {}
    for s, t, w in zip(sources, targets, weights, strict=True):
        key = (s, t)
        if not directed and (t, s) in combined and (s, t) not in combined:
            key = (t, s)
        if key in combined:
            if duplicates == "error":
                raise ConnectomeError(
                    f"{where} got the synapse {s!r} -> {t!r} twice. Pass duplicates='sum' to "
                    "add the weights, or duplicates='last' to keep the last one."
                )
            combined[key] = combined[key] + w if duplicates == "sum" else w
        else:
            combined[key] = float(w)
    return [k[0] for k in combined], [k[1] for k in combined], list(combined.values())
