"""Schedulers: who updates when.

Pieces:
    Scheduler: the interface; draws its randomness in fixed-size blocks.
    Synchronous (``"sync"``): every neuron computes its next state from the same old
        state, then every neuron applies it. One step = one such round.
    AsyncSweep (``"async-sweep"``): one step = a sweep through a fresh uniformly random
        permutation of all n neurons, each updated in turn (sees earlier updates).
    AsyncSite (``"async-site"``): one step = n updates of neurons picked uniformly at
        random *with replacement* (Glauber / Monte Carlo time); some neurons are picked
        twice, some not at all.
    FixedOrder (``"fixed-order"``): one step = a sweep in index order 0, 1, …, n-1.
    PoissonClocks (``"poisson"``): continuous time. Every neuron has its own exponential
        clock of rate 1/tau (tau of its population); when it rings the neuron updates.
    make_scheduler: from a name.

Why blocks: random numbers are drawn from the model's Generator a block at a time and
consumed row by row (or event by event). Block sizes follow a schedule fixed by n
alone, so a seed gives the same trajectory whether a run is made in one call or in
many, and both engines read the very same numbers. The schedule grows geometrically
(1, 2, 4, … rows, up to about a megabyte of draws): a short run, such as a Hopfield
retrieval that settles in three sweeps, draws little more than it uses, and a long one
amortises its draws over big blocks.

The Poisson clocks are simulated exactly by superposition: n independent clocks of
rates r_i ring, together, as one Poisson process of rate R = sum r_i, and each ring
belongs to neuron i with probability r_i / R, independently (the exponential is
memoryless). So event times are drawn as cumulative Exp(R) gaps, not on a time grid,
and owners with Walker's alias method (one uniform and O(1) work an event).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numba import njit

from neuroagents.errors import ValidationError
from neuroagents.sim import kernels
from neuroagents.validation import check_choice

__all__ = [
    "AsyncSite",
    "AsyncSweep",
    "FixedOrder",
    "PoissonClocks",
    "Scheduler",
    "Synchronous",
    "make_scheduler",
]

# Past this many events per time unit, a run of one time unit would take hours.
MAX_TOTAL_RATE = 1e10
#: Poisson events drawn at a time, at most (see PoissonClocks).
MAX_BLOCK_EVENTS = 1 << 22

# About a megabyte of draws per block: big enough to amortise calls, small enough to
# not matter for memory.
_BLOCK_ENTRIES = 1 << 17


class Scheduler:
    """Base class for the discrete schedulers (one step = one sweep of n updates)."""

    name: ClassVar[str]
    synchronous: ClassVar[bool] = False
    continuous: ClassVar[bool] = False

    def __init__(self, n: int, rng: np.random.Generator, stochastic_rule: bool) -> None:
        """Prepare to draw plans for ``n`` neurons from ``rng``."""
        self.n = n
        self.rng = rng
        self.stochastic_rule = stochastic_rule
        self.block_rows = max(1, min(64, _BLOCK_ENTRIES // n))  # the largest block
        self._blocks = 0  # blocks drawn so far: the k-th has min(2**k, block_rows) rows
        self.orders = np.zeros((0, n), np.int32)
        self.uniforms = np.zeros((0, 0))
        self.cursor = 0

    def _draw_orders(self, rows: int) -> np.ndarray:
        raise NotImplementedError

    def available(self) -> int:
        """Rows (steps) drawn and not yet used; draws a new block when none are left."""
        left = self.orders.shape[0] - self.cursor
        if left == 0:
            rows = min(1 << min(self._blocks, 30), self.block_rows)
            self._blocks += 1
            self.orders = self._draw_orders(rows)
            self.uniforms = (
                self.rng.random((rows, self.n)) if self.stochastic_rule else np.zeros((0, 0))
            )
            self.cursor = 0
            left = rows
        return left

    def consume(self, rows: int) -> None:
        """Mark ``rows`` rows as used."""
        self.cursor += rows


class AsyncSweep(Scheduler):
    """A fresh uniformly random permutation of all neurons every step."""

    name = "async-sweep"

    def _draw_orders(self, rows: int) -> np.ndarray:
        return kernels.shuffle_rows(self.rng.random((rows, self.n)))


class AsyncSite(Scheduler):
    """n neurons picked uniformly with replacement every step."""

    name = "async-site"

    def _draw_orders(self, rows: int) -> np.ndarray:
        return self.rng.integers(0, self.n, size=(rows, self.n), dtype=np.int32)


class FixedOrder(Scheduler):
    """Every step sweeps the neurons in index order."""

    name = "fixed-order"

    def _draw_orders(self, rows: int) -> np.ndarray:
        return np.tile(np.arange(self.n, dtype=np.int32), (rows, 1))


class Synchronous(Scheduler):
    """Everyone computes from the same old state, then everyone applies."""

    name = "sync"
    synchronous = True

    def _draw_orders(self, rows: int) -> np.ndarray:
        # No order to draw; the empty-width rows only count steps.
        return np.zeros((rows, 0), np.int32)


class PoissonClocks:
    """Exact event-driven clocks, neuron i ringing at rate ``1 / tau[i]``."""

    name: ClassVar[str] = "poisson"
    synchronous: ClassVar[bool] = False
    continuous: ClassVar[bool] = True

    def __init__(self, tau: np.ndarray, rng: np.random.Generator, stochastic_rule: bool) -> None:
        """Prepare clocks with per-neuron time constants ``tau`` (all > 0)."""
        with np.errstate(over="ignore", divide="ignore"):
            rates = 1.0 / np.asarray(tau, dtype=np.float64)
        self.n = rates.shape[0]
        self.total_rate = float(rates.sum())
        if not self.total_rate <= MAX_TOTAL_RATE:
            raise ValidationError(
                f"The Poisson clocks ring at a total rate of {self.total_rate:g} per time "
                f"unit (sum of 1/tau over the neurons; the smallest tau is "
                f"{float(np.min(tau)):g}). The limit is {MAX_TOTAL_RATE:g} events per time "
                "unit: one time unit would take hours. Use larger tau (or other time units)."
            )
        self.alias_prob, self.alias = alias_table(rates / self.total_rate)
        self.rng = rng
        self.stochastic_rule = stochastic_rule
        # The largest block: 4n events, at most 2^22 (so the draws of a 10^7-neuron model
        # hold 50 MB, not 500 MB; models of up to 2^20 neurons draw as they always did).
        self.block_events = max(4096, min(4 * self.n, MAX_BLOCK_EVENTS))
        self._blocks = 0
        self.times = np.zeros(0)
        self.who = np.zeros(0, np.int32)
        self.uniforms = np.zeros(0)
        self.cursor = 0
        self.last_time = 0.0

    def available(self) -> int:
        """Events drawn and not yet processed; draws a new block when none are left."""
        left = self.times.shape[0] - self.cursor
        if left == 0:
            # Geometric growth from about n events (one time unit at unit rates).
            k = min(max(1024, self.n) << min(self._blocks, 30), self.block_events)
            self._blocks += 1
            # Blocks are drawn into buffers kept between blocks: fresh memory costs more
            # than the draws on some machines (the kernel backing new pages), and every
            # block of a large model would otherwise be fresh. The draws are the same as
            # exponential(1/R, k), random(k), ...: numpy scales the standard exponential.
            gaps, times, picks, who, uniforms = self._block_buffers(k)
            self.rng.standard_exponential(out=gaps)
            gaps *= 1.0 / self.total_rate
            self.rng.random(out=picks)
            np.cumsum(gaps, out=times)
            times += self.last_time
            self.times = times
            self.last_time = float(times[-1])
            self.who = alias_draw(self.alias_prob, self.alias, picks, out=who)
            self.uniforms = self.rng.random(out=uniforms) if self.stochastic_rule else np.zeros(0)
            self.cursor = 0
            left = k
        return left

    def _block_buffers(self, k: int) -> tuple[np.ndarray, ...]:
        """Views of length ``k`` on the buffers the blocks are drawn into (grown as needed)."""
        if getattr(self, "_buffers", None) is None or self._buffers[0].shape[0] < k:
            self._buffers = (np.empty(k), np.empty(k), np.empty(k), np.empty(k, np.int32),
                             np.empty(k if self.stochastic_rule else 0))  # fmt: skip
        gaps, times, picks, who, uniforms = self._buffers
        return gaps[:k], times[:k], picks[:k], who[:k], uniforms[:k]


def alias_table(prob: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Walker's alias table (Vose's construction) for sampling index i with ``prob[i]``.

    Column ``c`` keeps itself with probability ``keep[c]`` and otherwise gives
    ``alias[c]``, so a draw costs O(1) however many neurons there are.

    Examples:
        >>> keep, alias = alias_table(np.array([0.5, 0.25, 0.25]))
        >>> keep.tolist(), alias.tolist()
        ([1.0, 0.75, 0.75], [0, 0, 0])
    """
    scaled = np.asarray(prob, dtype=np.float64) * prob.shape[0]
    return _vose(scaled)


@njit(cache=True)
def _vose(scaled):
    """Vose's pairing with two stacks (compiled: 10^7 neurons in well under a second)."""
    n = scaled.shape[0]
    keep = np.ones(n)
    alias = np.empty(n, np.int32)  # int32 stacks too: no int64 temporaries
    small = np.empty(n, np.int32)
    large = np.empty(n, np.int32)
    ns = nl = 0
    for i in range(n):  # both stacks in index order, popped from the top
        alias[i] = i
        if scaled[i] < 1.0:
            small[ns] = i
            ns += 1
        else:
            large[nl] = i
            nl += 1
    while ns > 0 and nl > 0:
        ns -= 1
        nl -= 1
        s, g = small[ns], large[nl]
        keep[s] = scaled[s]
        alias[s] = g
        scaled[g] -= 1.0 - scaled[s]
        if scaled[g] < 1.0:
            small[ns] = g
            ns += 1
        else:
            large[nl] = g
            nl += 1
    return keep, alias  # leftovers keep themselves (probability 1, up to rounding)


def alias_draw(
    keep: np.ndarray, alias: np.ndarray, uniforms: np.ndarray, out: np.ndarray | None = None
) -> np.ndarray:
    """One index per uniform (into ``out``, int32, if given): see :func:`alias_table`."""
    if out is None:
        out = np.empty(uniforms.shape[0], np.int32)
    return _alias_draw_into(keep, alias, uniforms, out)


@njit(cache=True)
def _alias_draw_into(
    keep: np.ndarray, alias: np.ndarray, uniforms: np.ndarray, out: np.ndarray
) -> np.ndarray:
    """One index per uniform: the integer part picks a column, the fraction decides."""
    n = keep.shape[0]
    for k in range(uniforms.shape[0]):
        scaled = uniforms[k] * n
        column = min(np.int32(scaled), n - 1)
        out[k] = column if scaled - column < keep[column] else alias[column]
    return out


SCHEDULERS = {
    "sync": Synchronous,
    "async-sweep": AsyncSweep,
    "async-site": AsyncSite,
    "fixed-order": FixedOrder,
    "poisson": PoissonClocks,
}


def make_scheduler(
    name: str, n: int, tau: np.ndarray, rng: np.random.Generator, stochastic_rule: bool
) -> Scheduler | PoissonClocks:
    """Return the scheduler called ``name`` (one of :data:`SCHEDULERS`)."""
    check_choice("scheduler", name, "NeuralModel", tuple(SCHEDULERS))
    if name == "poisson":
        return PoissonClocks(tau, rng, stochastic_rule)
    return SCHEDULERS[name](n, rng, stochastic_rule)
