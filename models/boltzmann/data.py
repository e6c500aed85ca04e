"""Training data of the Boltzmann machines, checked at the door as scikit-learn checks X.

Pieces:
    check_data: a 2-d float array with at least one row and one column, every value
        finite, optionally every value 0 or 1 (the states of 0/1 units).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from neuroagents.errors import ValidationError

__all__ = ["check_data"]


def check_data(name: str, X: Any, where: str, *, binary: bool = False) -> np.ndarray:
    """``X`` as a 2-d float64 array (samples x features), or one clear ValidationError.

    Args:
        name: the parameter, for the message.
        X: array-like data.
        where: the estimator or function, for the message.
        binary: require every value to be 0 or 1.

    Raises:
        ValidationError: not numbers, not 2-d, no rows, no columns, a NaN or infinity,
            or (with ``binary``) a value other than 0 and 1.

    Examples:
        >>> check_data("X", [[0, 1], [1, 1]], "RBM", binary=True).shape
        (2, 2)
        >>> try:
        ...     check_data("V", [[0.5, 1]], "BM", binary=True)
        ... except ValidationError as error:
        ...     print(error)
        The 'V' parameter of BM must hold 0/1 unit states. Got 0.5 at row 0, column 0.
    """
    if isinstance(X, str | bytes):
        raise ValidationError(
            f"The '{name}' parameter of {where} must be a 2-d array of numbers. Got {X!r}."
        )
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            f"The '{name}' parameter of {where} must be a 2-d array of numbers "
            f"(samples x features). Got {type(X).__name__} that is not."
        ) from None
    if arr.ndim != 2:
        raise ValidationError(
            f"The '{name}' parameter of {where} must be 2-d (samples x features). "
            f"Got shape {arr.shape}."
        )
    if arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValidationError(
            f"The '{name}' parameter of {where} needs at least 1 sample and 1 feature. "
            f"Got shape {arr.shape}."
        )
    bad = ~np.isfinite(arr)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise ValidationError(
            f"The '{name}' parameter of {where} must be finite. Got {arr[r, c]} at row {r}, "
            f"column {c}."
        )
    if binary:
        bad = (arr != 0) & (arr != 1)
        if bad.any():
            r, c = np.argwhere(bad)[0]
            raise ValidationError(
                f"The '{name}' parameter of {where} must hold 0/1 unit states. Got "
                f"{arr[r, c]:g} at row {r}, column {c}."
            )
    return arr
