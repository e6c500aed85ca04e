"""How error messages quote what a user wrote: enough to find it, never a whole file.

Pieces:
    quote: ``repr`` of a value, cut to a length a one-line message can hold.
    one_line: a message folded onto one line (what the command line prints).
    nearest: the option nearest to a mistyped name (for "did you mean ...?").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

__all__ = ["nearest", "one_line", "quote"]


def quote(value: Any, limit: int = 40) -> str:
    """The ``repr`` of ``value``, cut to ``limit`` characters with the full length named.

    A CSV cell, a TOML value or a file path can be megabytes long; an error message
    needs only enough of it to find the place.

    Examples:
        >>> quote("abc")
        "'abc'"
        >>> quote("x" * 1000)
        "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (1002 characters)"
        >>> quote(list(range(100)), limit=12)
        '[0, 1, 2, 3… (390 characters)'
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text)} characters)"


def one_line(message: str, limit: int = 600) -> str:
    r"""``message`` with its line breaks and runs of spaces folded, at most ``limit`` long.

    Examples:
        >>> one_line("Unknown key 'x'.\n  A config looks like:\nmodel = 1")
        "Unknown key 'x'. A config looks like: model = 1"
    """
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def nearest(word: str, options: Iterable[str]) -> str | None:
    """The option nearest to a mistyped ``word`` (for "did you mean ...?"), or None.

    Examples:
        >>> nearest("nn", ["n", "patterns"])
        'n'
        >>> nearest("zzz", ["n", "patterns"]) is None
        True
    """
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.5)
    return close[0] if close else None
