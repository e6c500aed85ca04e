"""Per-neuron values checked at the door: parameters, states and potentials.

Pieces:
    node_values: a number, a per-population mapping or per-neuron values -> array.
    checked_states: states a rule allows (binary values, finite rates, outputs inside a
        graded-response neuron's range), with the offending node named.
    check_finite: one finite value per neuron, or an error naming the node.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError
from neuroagents.sim.rules import GradedResponse, Rule

__all__ = ["check_finite", "checked_states", "node_values"]


def node_values(
    name: str,
    value: Any,
    *,
    default: float,
    attrs: Mapping[str, np.ndarray],
    population: np.ndarray,
    node_ids: Sequence[Hashable],
    where: str,
) -> np.ndarray:
    """Per-neuron values of parameter ``name`` (a fresh float64 array).

    Args:
        name: the parameter (also the node attribute read when ``value`` is None).
        value: None, a number, a mapping population -> number, or one number per neuron.
        default: where neither the value nor the node attribute gives one.
        attrs: the connectome's node attributes.
        population: each neuron's population label.
        node_ids: node ids in index order (for messages).
        where: the caller, for messages.

    Raises:
        ValidationError: a missing population, a wrong length or a non-finite value.
    """
    n = len(node_ids)
    if value is None:
        attr = attrs.get(name)
        if attr is None:
            return np.full(n, default)
        try:
            arr = np.asarray(attr, dtype=np.float64)
        except (TypeError, ValueError):
            arr = np.array([_number_or_nan(v) for v in attr])
            k = int(np.argmax(np.isnan(arr) & np.array([v is not None for v in attr])))
            raise ValidationError(
                f"The node attribute '{name}' read by {where} must be a number on every "
                f"node that has it. Got {attr[k]!r} for node {node_ids[k]!r}."
            ) from None
        infinite = np.isinf(arr)
        if infinite.any():  # NaN means "not set on this node"; infinity is an error
            k = int(np.argmax(infinite))
            raise ValidationError(
                f"The node attribute '{name}' read by {where} must be finite. Got {arr[k]} "
                f"for node {node_ids[k]!r}."
            )
        return np.where(np.isnan(arr), default, arr)
    if isinstance(value, Mapping):
        # factorize, not np.unique: labels may mix types (None where a node has none);
        # one lookup a population, not a neuron (10^7 neurons in a fraction of a second).
        codes, found = pd.factorize(population)
        labels = found.tolist()
        unlabelled = codes < 0
        if unlabelled.any():  # None (or NaN): a label of its own, kept as it was given
            labels.append(population[int(np.argmax(unlabelled))])
            codes[unlabelled] = len(labels) - 1
        missing = set(labels) - set(value)
        if missing:
            raise ValidationError(
                f"The '{name}' mapping of {where} must give a value for every "
                f"population. Missing: {sorted(map(str, missing))}."
            )
        arr = _numbers(name, [value[p] for p in labels], value, where)[codes]
    else:
        arr = _numbers(name, value, value, where)
        if arr.ndim == 0:
            arr = np.full(n, float(arr))
    if arr.shape != (n,):
        raise ValidationError(
            f"The '{name}' parameter of {where} must be a finite number, a mapping "
            f"population -> number, or {n} finite numbers. Got shape {arr.shape}."
        )
    check_finite(arr, node_ids, f"'{name}' parameter", where)
    return arr.copy()


def check_finite(arr: np.ndarray, nodes: Sequence[Hashable], what: str, where: str) -> None:
    """Raise unless ``arr`` holds one finite value for each of ``nodes``."""
    if arr.shape != (len(nodes),):
        raise ValidationError(
            f"The {what} of {where} must have one value per neuron ({len(nodes)}). "
            f"Got shape {arr.shape}."
        )
    bad = ~np.isfinite(arr)
    if bad.any():
        k = int(np.argmax(bad))
        raise ValidationError(
            f"The {what} of {where} must be finite. Got {arr[k]} for node {nodes[k]!r}."
        )


def checked_states(
    values: Any,
    rule: Rule,
    nodes: Sequence[Hashable],
    *,
    custom_update: bool,
    what: str,
    where: str,
) -> np.ndarray:
    """States for ``nodes`` as float64, checked against what ``rule`` allows.

    Binary rules (unless neurons run their own ``update()``) allow their two states;
    continuous rules any finite value; a graded-response neuron's state is its output
    ``g(u)``, strictly inside g's range.
    """
    try:
        if isinstance(values, str | bytes) or (
            isinstance(values, Sequence) and any(isinstance(v, str | bytes) for v in values)
        ):
            raise TypeError  # numpy would parse "1"; a state given as a word is a mistake
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            f"The {what} of {where} must be numbers, one per neuron. Got {values!r}."
        ) from None
    allowed = rule.states
    if allowed is not None and not custom_update:
        if arr.shape != (len(nodes),):
            raise ValidationError(
                f"The {what} of {where} must have one value per neuron ({len(nodes)}). "
                f"Got shape {arr.shape}."
            )
        bad = ~np.isin(arr, allowed)
        if bad.any():
            k = int(np.argmax(bad))
            raise ValidationError(
                f"The {what} of {where} under the {rule.name!r} rule must take values in "
                f"{allowed}. Got {arr[k]:g} for node {nodes[k]!r}."
            )
        return arr
    check_finite(arr, nodes, what, where)
    if isinstance(rule, GradedResponse):
        lo, hi = rule.output_range
        bad = (arr <= lo) | (arr >= hi)
        if bad.any():
            k = int(np.argmax(bad))
            raise ValidationError(
                f"The {what} of a {rule.label!r} neuron is its output g(u), which lies "
                f"strictly inside ({lo:g}, {hi:g}). Got {arr[k]:g} for node {nodes[k]!r}; "
                "use set_potential to set u directly."
            )
    return arr


def _numbers(name: str, values: Any, given: Any, where: str) -> np.ndarray:
    """``values`` as a float64 array; words, objects and ragged lists get one clear error."""
    if isinstance(values, str | bytes) or (
        isinstance(values, Sequence) and any(isinstance(v, str | bytes) for v in values)
    ):
        bad = True  # numpy would parse "1.5"; a number given as a word is a mistake
    else:
        try:
            arr = np.asarray(values, dtype=np.float64)
            bad = False
        except (TypeError, ValueError, OverflowError):
            bad = True
    if bad:
        raise ValidationError(
            f"The '{name}' parameter of {where} must be a finite number, a mapping "
            f"population -> number, or one finite number per neuron. Got {given!r} instead."
        )
    return arr


def _number_or_nan(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")
