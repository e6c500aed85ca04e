"""External Poisson input: independent spike trains into chosen neurons, from the model's seed.

Pieces:
    PoissonInput: one source: every target neuron receives its own Poisson train of
        ``rate`` Hz, each spike of weight ``weight``; it owns one random stream spawned
        from the model's SeedSequence, so sources are independent of each other and of
        the network's own streams.

On the grid, the number of input spikes a target receives in a step of h ms is
Poisson(rate · h / 1000), drawn independently per target and step (what NEST's
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

__all__ = ["PoissonInput"]

# Events drawn at once by a precise-time source (a fixed number: results cannot depend on it).
EVENT_CHUNK = 4096


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

    def counts(self, steps: int, dt: float) -> np.ndarray:
        """Input spikes per step and target, shape (steps, n_targets), for a grid of dt ms."""
        return self.rng.poisson(self.rate * dt * 1e-3, size=(steps, self.targets.size))

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
