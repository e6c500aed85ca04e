"""Synaptic delays: per synapse, heterogeneous, stored as whole steps of the grid.

Pieces:
    DELAY_KINDS: where a synapse's transmission delay is located ("axonal", "dendritic").
    ROUNDING: what happens to a delay that is not a whole number of steps.
    SynapticDelays: the delays of every synapse as uint16 steps, with dt and kind.
    delays_to_steps: convert delays in ms to steps under a stated rounding policy.

Policy for a delay that is not a multiple of dt (never silent; NEST issue 2503 shows
how silent rounding distorts a drawn delay distribution):

- ``"refuse"`` (the default): raise a ValidationError naming how many delays are off the
  grid and the first of them;
- ``"round"``: round each to the nearest step (halves to even, numpy's rule) and warn
  with the number of delays that changed and the largest change;
- precise timing (``timing="precise"``) keeps delays as exact float64 times instead.

A delay is at least one step (a spike cannot act within the step that emits it) and at
most 65535 steps (uint16: 2 bytes a synapse).

Axonal versus dendritic: the transmission delay d of a synapse is the same for delivery
either way; it matters for plasticity, which sees the presynaptic spike at the synapse
after the axonal part and the postsynaptic spike back-propagated after the dendritic
part. ``kind="dendritic"`` (NEST's convention: the whole delay is dendritic) or
``"axonal"`` (the whole delay is axonal) is recorded with the delays for the plasticity
that will read it.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from neuroagents.errors import ValidationError

__all__ = ["DELAY_KINDS", "ROUNDING", "SynapticDelays", "delays_to_steps"]

DELAY_KINDS = ("dendritic", "axonal")
ROUNDING = ("refuse", "round")
MAX_STEPS = int(np.iinfo(np.uint16).max)
# Relative slack for "is a whole number of steps": 1.5 / 0.1 is 14.999999999999998.
GRID_SLACK = 1e-9


@dataclass(frozen=True)
class SynapticDelays:
    """Every synapse's delay on the grid.

    Attributes:
        steps: one uint16 per synapse (in the model's synapse order), in steps of ``dt``.
        dt: the grid step (ms).
        kind: ``"dendritic"`` or ``"axonal"`` (see the module docstring).
    """

    steps: np.ndarray
    dt: float
    kind: str = "dendritic"

    @property
    def ms(self) -> np.ndarray:
        """The delays in ms."""
        return self.steps.astype(np.float64) * self.dt

    @property
    def max_steps(self) -> int:
        """The longest delay in steps (0 without synapses)."""
        return int(self.steps.max()) if self.steps.size else 0


def delays_to_steps(delays_ms: np.ndarray, dt: float, rounding: str = "refuse") -> np.ndarray:
    """Delays in ms as uint16 steps of ``dt``, under the rounding policy (module docstring).

    Args:
        delays_ms: delays in ms, finite and > 0.
        dt: the grid step in ms.
        rounding: ``"refuse"`` or ``"round"``.

    Returns:
        uint16 steps, each >= 1.

    Raises:
        ValidationError: a delay not finite, shorter than dt, longer than 65535 steps,
            or (``"refuse"``) off the grid.

    Examples:
        >>> delays_to_steps(np.array([1.5, 0.1, 2.0]), 0.1).tolist()
        [15, 1, 20]
        >>> delays_to_steps(np.array([1.55]), 0.1)
        Traceback (most recent call last):
        ...
        neuroagents.errors.ValidationError: 1 of 1 delays are not a whole number of ...
    """
    d = np.asarray(delays_ms, dtype=np.float64)
    if d.size > 1 and d[0] == d.min() == d.max():  # one delay for all: check it once
        exact1 = d[0] / dt
        step1 = np.rint(exact1)
        if np.isfinite(exact1) and np.isclose(step1, exact1, rtol=GRID_SLACK, atol=GRID_SLACK):
            if 1 <= step1 <= MAX_STEPS:
                return np.full(d.size, step1, np.uint16)
    if not np.all(np.isfinite(d)):
        raise ValidationError(
            f"The 'delay' of every synapse must be finite. Got {d[~np.isfinite(d)][0]!r}."
        )
    exact = d / dt
    steps = np.rint(exact)
    off = ~np.isclose(steps, exact, rtol=GRID_SLACK, atol=GRID_SLACK)
    if off.any():
        count = int(off.sum())
        if rounding == "refuse":
            first = float(d[off][0])
            raise ValidationError(
                f"{count} of {d.size} delays are not a whole number of steps dt = {dt:g} ms "
                f"(the first: {first:g} ms). Choose a dt that divides them, pass "
                "delay_rounding='round' (rounds to the nearest step and warns), or use "
                "timing='precise' (exact delays)."
            )
        rounded = count
    else:
        rounded = 0
    if d.size and (steps.min() < 1 or steps.max() > MAX_STEPS):
        bad = float(d[(steps < 1) | (steps > MAX_STEPS)][0])
        raise ValidationError(
            f"Every synaptic delay must be between one step (dt = {dt:g} ms) and "
            f"{MAX_STEPS} steps ({MAX_STEPS * dt:g} ms). Got {bad:g} ms."
        )
    if rounded:
        change = float(np.max(np.abs(steps[off] - exact[off])) * dt)
        warnings.warn(
            f"{rounded} of {d.size} synaptic delays were rounded to the grid dt = {dt:g} ms "
            f"(largest change {change:.3g} ms).",
            UserWarning,
            stacklevel=3,
        )
    return steps.astype(np.uint16)


def check_delay_kind(kind: str) -> str:
    """Return ``kind`` if it is a known delay kind, else raise naming the choices."""
    if kind not in DELAY_KINDS:
        raise ValidationError(
            f"The 'delay_kind' parameter must be one of {list(DELAY_KINDS)}. Got {kind!r} instead."
        )
    return kind


def min_delay_ok(delays_ms: np.ndarray, dt: float) -> None:
    """Precise timing: refuse delays shorter than dt (spikes must leave the step)."""
    d = np.asarray(delays_ms, dtype=np.float64)
    if d.size and (not np.all(np.isfinite(d)) or d.min() < dt * (1 - GRID_SLACK)):
        bad = float(d[~np.isfinite(d) | (d < dt)][0])
        raise ValidationError(
            f"Every synaptic delay must be finite and at least dt = {dt:g} ms. Got {bad:g} ms."
        )
    if not math.isfinite(dt):
        raise ValidationError(f"The 'dt' parameter must be finite. Got {dt!r}.")
