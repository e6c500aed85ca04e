"""Parameter checks shared by every public entry point.

Each check raises :class:`~neuroagents.errors.ValidationError` with a message of the
form ``"The 'p' parameter of gnp_ei must be a float in [0, 1]. Got 1.3 instead."``
so that users learn the parameter, the constraint and the value at once.

The one rule for work that cannot finish (:data:`MAX_WORK`, :func:`check_work`,
:func:`check_memory`): a call that would take more than 10^9 units of work (steps of
the engine, hook calls, recording ticks, planned sweep runs) is refused up front unless
the caller opts in with ``long_run=True``; a call whose arrays alone would exceed this
machine's physical memory is refused before anything is allocated, with the estimate.
"""

from __future__ import annotations

import math
import os
from collections.abc import Collection
from numbers import Integral, Real
from typing import Any

import numpy as np

from neuroagents.errors import ValidationError

__all__ = [
    "MAX_WORK",
    "as_generator",
    "check_choice",
    "check_int",
    "check_memory",
    "check_real",
    "check_work",
]

MAX_WORK = 10**9
"""Units of work (steps, hook calls, planned runs) above which a call needs ``long_run=True``."""


def _fail(name: str, where: str, constraint: str, value: Any) -> ValidationError:
    return ValidationError(
        f"The '{name}' parameter of {where} must be {constraint}. Got {value!r} instead."
    )


def check_int(
    name: str, value: Any, where: str, *, low: int | None = None, high: int | None = None
) -> int:
    """Return ``value`` as an int, or raise if it is not an integer in [low, high]."""
    constraint = "an integer"
    if low is not None and high is not None:
        constraint += f" in [{low}, {high}]"
    elif low is not None:
        constraint += f" >= {low}"
    elif high is not None:
        constraint += f" <= {high}"
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise _fail(name, where, constraint, value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise _fail(name, where, constraint, value)
    return int(value)


def check_real(
    name: str,
    value: Any,
    where: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a finite float, or raise if it is outside the interval."""
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    lo = "-inf" if low is None else f"{low:g}"
    hi = "inf" if high is None else f"{high:g}"
    constraint = f"a finite real number in {left}{lo}, {hi}{right}"
    if isinstance(value, bool) or not isinstance(value, Real):
        raise _fail(name, where, constraint, value)
    try:  # an int past float's range (10**400) overflows here: not a finite real
        v = float(value)
    except OverflowError:
        raise _fail(name, where, constraint, value) from None
    if not math.isfinite(v):
        raise _fail(name, where, constraint, value)
    if low is not None and (v < low or (low_open and v == low)):
        raise _fail(name, where, constraint, value)
    if high is not None and (v > high or (high_open and v == high)):
        raise _fail(name, where, constraint, value)
    return v


def check_choice(name: str, value: Any, where: str, options: Collection[Any]) -> Any:
    """Return ``value`` if it is one of ``options``, else raise listing them."""
    try:
        known = bool(value in options)
    except (TypeError, ValueError):  # arrays and unhashable values are never options
        known = False
    if not known:
        listed = ", ".join(repr(o) for o in options)
        raise _fail(name, where, f"one of {listed}", value)
    return value


def as_generator(rng: Any, where: str = "this function") -> np.random.Generator:
    """Turn a seed, a SeedSequence or a Generator into a ``numpy.random.Generator``.

    Never touches global random state. ``None`` draws fresh OS entropy.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, np.random.SeedSequence):
        return np.random.default_rng(rng)
    if isinstance(rng, Integral) and not isinstance(rng, bool) and rng >= 0:
        return np.random.default_rng(int(rng))
    raise _fail("rng", where, "a non-negative int, a SeedSequence, a numpy Generator or None", rng)


def physical_memory() -> int:
    """Bytes of physical memory on this machine (0 if the OS does not say)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 0


def check_memory(where: str, needed: float) -> None:
    """Refuse up front work whose final arrays alone would not fit in physical memory."""
    total = physical_memory()
    if total and needed > total:
        raise ValidationError(
            f"{where} would need about {needed / 1e9:.3g} GB for its arrays, more than this "
            f"machine's {total / 1e9:.3g} GB of memory. Choose smaller sizes or probabilities."
        )


def check_work(where: str, units: float, what: str, *, long_run: bool = False) -> None:
    """Refuse up front work of more than :data:`MAX_WORK` units unless ``long_run`` is set.

    Args:
        where: the call, for the message.
        units: the estimated units of work (may be a float, even inf or nan).
        what: what a unit is ("steps", "hook calls"...), for the message.
        long_run: the caller's explicit opt-in.

    Raises:
        ValidationError: ``units`` above :data:`MAX_WORK` without the opt-in.

    Examples:
        >>> check_work("run_until", 1e6, "steps")
        >>> try:
        ...     check_work("run_until", 1e10, "steps")
        ... except ValidationError as error:
        ...     print(str(error)[:52])
        run_until would take about 1e+10 steps, more than th
    """
    if long_run or units <= MAX_WORK:
        return
    raise ValidationError(
        f"{where} would take about {units:.3g} {what}, more than the limit of "
        f"{MAX_WORK:.0e} (neuroagents.validation.MAX_WORK). Shorten the run or enlarge its "
        "step, or pass long_run=True to run it anyway."
    )
