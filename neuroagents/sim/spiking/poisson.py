"""External Poisson input: independent spike trains into chosen neurons, from the model's seed.

Pieces:
    PoissonInput: one source: every target neuron receives its own Poisson train of
        ``rate`` Hz, each spike of weight ``weight``; it owns one random stream spawned
        from the model's SeedSequence, so sources are independent of each other and of
        the network's own streams.

On the grid, the number of input spikes a target receives in a step of h ms is
Poisson(rate · h / 1000), drawn independently per target and step (by inversion of the
source's uniform numbers) (what NEST's
``poisson_generator`` delivers, summed per step; Brian2's ``PoissonInput`` draws the
same count as a binomial). Draws come in blocks of steps, which consume the stream
exactly as step-by-step draws would, so how a run is split into calls never changes
the result.

With precise timing, a source draws exact spike times instead: the superposition of
its targets' trains is one Poisson process of rate n · rate, each event going to a
uniformly drawn target (Cox & Isham's superposition), drawn in time order and
independent of dt.

References:
    D. R. Cox, V. Isham, *Point Processes*, Chapman & Hall (1980), §4.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from neuroagents.sim.spiking import grid_kernels

__all__ = ["PoissonInput", "poisson_cdf"]

# Events drawn at once by a precise-time source (a fixed number: results cannot depend on it).
EVENT_CHUNK = 4096


def poisson_cdf(lam: float) -> np.ndarray:
    """F(k) = P[Poisson(lam) <= k] for k = 0..K, K far enough that F(K) rounds to 1.

    Examples:
        >>> F = poisson_cdf(2.0)
        >>> round(float(F[0]), 6), float(F[-1])
        (0.135335, 1.0)
    """
    top = int(lam + 12.0 * np.sqrt(lam) + 20.0)  # P[k > top] < 1e-20 for lam <= 30
    pmf = np.empty(top + 1)
    pmf[0] = np.exp(-lam)
    pmf[1:] = lam / np.arange(1, top + 1)
    return np.minimum(np.cumsum(np.cumprod(pmf)), 1.0)


@dataclass
class PoissonInput:
    """One external Poisson source feeding ``targets``.

    Attributes:
        name: a label for tables.
        targets: neuron indices, unique.
        rate: the rate of each target's train (Hz).
        weight: each input spike's weight (mV for delta synapses, pA for currents).
        rng: the source's own generator.
    """

    name: str
    targets: np.ndarray
    rate: float
    weight: float
    rng: np.random.Generator
    _next_times: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)
    _next_targets: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64), repr=False)
    _clock: float = 0.0

    def add_to(self, block: np.ndarray, cols: np.ndarray, dt: float) -> None:
        """Add ``weight`` × this source's counts for each row (step) of ``block`` at ``cols``.

        Counts are Poisson(rate · dt) drawn by inversion from the source's uniform numbers
        (one per target and step, :func:`grid_kernels.add_poisson`), several times
        faster than numpy's Poisson sampler for the small means of a step; above a mean
        of 30 per step (where the search grows long) numpy's sampler is used.
        """
        lam = self.rate * dt * 1e-3
        shape = (block.shape[0], self.targets.size)
        if lam > 30.0:
            block[:, cols] += self.rng.poisson(lam, size=shape) * self.weight
            return
        grid_kernels.add_poisson(
            block, np.asarray(cols, np.int64), self.rng.random(shape), poisson_cdf(lam),
            self.weight,
        )  # fmt: skip

    def events_until(self, t_end: float) -> tuple[np.ndarray, np.ndarray]:
        """Precise timing: the (times in ms, target indices) of events in [last end, t_end)."""
        total_rate = self.rate * 1e-3 * self.targets.size  # events per ms
        times, targets = [self._next_times], [self._next_targets]
        last = self._next_times[-1] if self._next_times.size else self._clock
        while total_rate > 0 and last < t_end:
            gaps = self.rng.exponential(1.0 / total_rate, EVENT_CHUNK)
            chunk = last + np.cumsum(gaps)
            times.append(chunk)
            targets.append(self.targets[self.rng.integers(0, self.targets.size, EVENT_CHUNK)])
            last = chunk[-1]
        all_t, all_i = np.concatenate(times), np.concatenate(targets)
        now = all_t < t_end
        self._next_times, self._next_targets = all_t[~now], all_i[~now]
        self._clock = t_end
        return all_t[now], all_i[now]
