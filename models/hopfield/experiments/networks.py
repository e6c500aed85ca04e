"""The nets the Hopfield experiments build, and the error estimates across them.

Weights: the experiments store patterns with ``hebbian_weights(P, normalize=False)``,
the lecture's literal ``w_ab = sum_k M_k^a M_k^b``. The sign rule does not see the
factor 1/n, and whole-number weights make every input an exact integer, so a tie
(input exactly 0, which keeps the state) is a tie and energies compare exactly.

Pieces:
    SWEEP_PARAMS: the sweep parameters every Hopfield experiment takes.
    pattern_count: ``round(alpha n)``, at least 1, after checking n and alpha.
    stored_network: a non-recording net storing patterns by a learning rule.
    one_synchronous_update: the state after every unhappy neuron flips at once.
    network_sem, jackknife_sem: standard errors across independent networks.
    crossing: where a curve first falls below a level.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.connectome import Connectome
from neuroagents.models.hopfield.learning_rules import LEARNING_RULES, hebbian_weights
from neuroagents.models.hopfield.network import HopfieldModel
from neuroagents.runner.experiment import sweep_params
from neuroagents.validation import check_choice, check_int, check_real

__all__ = [
    "SWEEP_PARAMS",
    "crossing",
    "jackknife_sem",
    "network_sem",
    "one_synchronous_update",
    "pattern_count",
    "stored_network",
]

SWEEP_PARAMS = sweep_params(10, "independent networks per grid point", backend="processes")


def pattern_count(n: int, alpha: float, where: str) -> int:
    """``round(alpha n)`` patterns (at least one), after checking ``n`` and ``alpha``."""
    check_int("n", n, where, low=2)
    check_real("alpha", alpha, where, low=0, low_open=True)
    return max(1, round(alpha * n))


def stored_network(
    patterns: np.ndarray, rng: np.random.Generator, rule: str = "hebb", **kwargs: Any
) -> HopfieldModel:
    """A Hopfield net storing ``patterns`` by ``rule``, not recording."""
    check_choice("rule", rule, "Hopfield experiments", tuple(LEARNING_RULES))
    if rule == "hebb":
        weights = hebbian_weights(patterns, normalize=False, dtype=np.float32)
    else:
        weights = LEARNING_RULES[rule](patterns)
    kwargs.setdefault("record_every", None)
    return HopfieldModel(Connectome.from_matrix(weights), patterns=patterns, rng=rng, **kwargs)


def one_synchronous_update(model: HopfieldModel) -> np.ndarray:
    """The state after one synchronous step: every unhappy neuron flips at once."""
    # Computed from the inputs, without running the model.
    return np.where(model.happy(), model.state, -model.state)


def network_sem(fractions: pd.Series, bits: int) -> float:
    """Standard error of a mean fraction over networks, floored at the binomial one.

    The bits of one net share its crosstalk, so the spread across networks is the
    honest error; where errors are so rare that most nets show none it says nothing,
    and the binomial error of the pooled count (estimated as (k + 1) / (bits + 2))
    takes over.
    """
    k = len(fractions)
    spread = float(fractions.std(ddof=1) / math.sqrt(k)) if k > 1 else 0.0
    p = (float(fractions.mean()) * bits + 1) / (bits + 2)
    return max(spread, math.sqrt(p * (1 - p) / bits))


def jackknife_sem(groups: pd.DataFrame, ratio: Callable[[pd.DataFrame], float]) -> float:
    """Jackknife standard error of a ratio of sums over independent networks (rows)."""
    k = len(groups)
    if k < 2:
        return float("nan")
    leave_one_out = np.array([ratio(groups.drop(index=i)) for i in groups.index])
    finite = leave_one_out[np.isfinite(leave_one_out)]
    if finite.size < k:
        return float("inf")
    return float(np.sqrt((k - 1) / k * np.sum((finite - finite.mean()) ** 2)))


def crossing(alpha: np.ndarray, value: np.ndarray, level: float) -> float:
    """First alpha at which ``value`` falls below ``level`` (linear interpolation)."""
    below = np.flatnonzero(value < level)
    if below.size == 0:
        return float("nan")
    k = int(below[0])
    if k == 0:
        return float(alpha[0])
    a0, a1, v0, v1 = alpha[k - 1], alpha[k], value[k - 1], value[k]
    return float(a0 + (v0 - level) * (a1 - a0) / (v0 - v1))
