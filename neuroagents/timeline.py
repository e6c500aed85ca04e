"""How a model's time advances: steps, continuous-time steps of ``dt``, Poisson events.

Pieces:
    Timeline: the part of :class:`~neuroagents.model.NeuralModel` that moves time
        forward to a given point, stopping at every breakpoint on the way: Mesa events
        (hooks included), recording ticks, progress-bar pieces and, with ``stop``, a
        fixed point.

Three clocks:
    - binary rules on a discrete scheduler: one step is one sweep (or one synchronous
      round) and ``time == steps``; an event at t = 2.5 fires between steps 2 and 3.
    - continuous (rate) rules on a discrete scheduler: one step advances ``dt`` time
      units; a breakpoint that falls between grid points gets one shortened step, so
      ``run_until(12.5)`` ends at exactly 12.5 and records land on their grid.
    - ``"poisson"``: exact event times; the clock stops exactly at each breakpoint.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from neuroagents import clock
from neuroagents.errors import DivergedError

__all__ = ["Timeline"]

# Relative slack when comparing times built from sums of dt.
_EPS = 1e-9


class Timeline:
    """Time stepping for NeuralModel (a mixin; it reads the model's own attributes)."""

    # Provided by the model:
    time: float
    steps: int
    dt: float | None
    record_every: float | None
    flips_total: int
    _flips_at_record: int
    _recorded_at: float | None
    _bar: tqdm | None

    def _advance(self, until: float, stop: bool) -> int:
        """Run to ``until``, firing Mesa events in time order; return a stop outcome."""
        if self.record_every is not None and self._recorded_at is None:
            self._record()
        while True:
            event_time = clock.next_event_time(self)
            if event_time is None or event_time > until:
                return self._integrate(until, stop)
            outcome = self._integrate(event_time, stop)
            if outcome:
                return outcome
            clock.fire_next_event(self)

    def _integrate(self, until: float, stop: bool) -> int:
        if self.scheduler.continuous:
            self._integrate_events(until)
            outcome = 0
        elif self.rule.continuous:
            outcome = self._integrate_dt(until, stop)
        else:
            return self._integrate_steps(until, stop)
        if self.rule.continuous:
            self._check_finite_state()
        return outcome

    def _check_finite_state(self) -> None:
        """Refuse to go on from overflowed rates: say where and what it suggests."""
        bad = ~np.isfinite(self.arrays.state)
        if bad.any():
            i = int(np.argmax(bad))
            raise DivergedError(
                f"The dynamics diverged: neuron {self.connectome.node_ids[i]!r} has state "
                f"{self.arrays.state[i]} at time {self.time:g} ({int(bad.sum())} neurons are "
                "not finite). The network is unstable at these weights and drive (see "
                "model.jacobian() at an earlier state), or dt is too large for 'euler'."
            )

    def _integrate_steps(self, until: float, stop: bool) -> int:
        remaining = math.floor(until + _EPS) - self.steps
        while remaining > 0:
            chunk = int(self._bar_limit(remaining))
            if self.record_every is not None:
                every = int(self.record_every)
                chunk = min(chunk, every - self.steps % every)
            ran, flips, outcome = self.engine.run_steps(self, chunk, stop)
            self.steps += ran
            clock.set_time(self, float(self.steps))
            self.flips_total += flips
            remaining -= ran
            if self._bar is not None:
                self._bar.update(ran)
            if self.record_every is not None and (
                self.steps % int(self.record_every) == 0 or outcome
            ):
                self._record()
            if outcome:
                return outcome
        return 0

    def _integrate_dt(self, until: float, stop: bool) -> int:
        dt = self.dt
        while until - self.time > _EPS * dt:
            end = min(until, self.time + self._bar_limit(until - self.time))
            if self.record_every is not None:
                end = min(end, self._next_tick())
            start = self.time
            full = math.floor((end - start) / dt + _EPS)
            outcome = 0
            if full > 0:
                ran, flips, outcome = self.engine.run_steps(self, full, stop)
                self.steps += ran
                self.flips_total += flips
                clock.set_time(self, start + ran * dt)
            rest = end - self.time
            if not outcome and rest > _EPS * dt:
                self._set_step(rest)
                ran, flips, outcome = self.engine.run_steps(self, 1, stop)
                self._set_step(dt)
                self.steps += ran
                self.flips_total += flips
            if not outcome:
                clock.set_time(self, end)
            if self._bar is not None:
                self._bar.update(self.time - start)
            if self.record_every is not None and (outcome or self._on_tick()):
                self._record()
            if outcome:
                return outcome
        return 0

    def _integrate_events(self, until: float) -> None:
        while self.time < until:
            end = self.time + self._bar_limit(until - self.time)
            if self.record_every is not None:
                end = min(end, self._next_tick())
            self.flips_total += self.engine.run_events(self, end)
            if self._bar is not None:
                self._bar.update(end - self.time)
            clock.set_time(self, end)
            if self.record_every is not None and self._on_tick():
                self._record()

    def _next_tick(self) -> float:
        every = self.record_every
        return (math.floor(self.time / every + _EPS) + 1) * every

    def _on_tick(self) -> bool:
        ticks = self.time / self.record_every
        return math.isclose(ticks, round(ticks), rel_tol=0, abs_tol=_EPS * max(1.0, ticks))

    def _record(self) -> None:
        self.datacollector.collect(self)
        self._flips_at_record = self.flips_total
        self._recorded_at = self.time
        clock.announce_time(self)  # Mesa's DataRecorder, if one observes the model

    # ------------------------------------------------------------------ progress
    @contextlib.contextmanager
    def _progress_bar(self, total: float, show: bool) -> Iterator[None]:
        if not show:
            yield
            return
        unit = "step" if self._counts_steps else "time"
        self._bar = tqdm(total=total, unit=unit, desc=type(self).__name__, dynamic_ncols=True)
        try:
            yield
        finally:
            self._bar.close()
            self._bar = None

    def _bar_limit(self, remaining: float) -> float:
        """With a bar, advance in about 100 pieces so it moves (same numbers either way)."""
        if self._bar is None:
            return remaining
        piece = self._bar.total / 100
        if self._counts_steps:
            return min(remaining, max(piece, 1.0))
        if self.dt is not None:
            piece = max(piece, self.dt)  # whole steps keep the trajectory unchanged
            piece = math.ceil(piece / self.dt - _EPS) * self.dt
        return min(remaining, piece)

    @property
    def _counts_steps(self) -> bool:
        """Whether time is a count of steps (binary rules on a discrete scheduler)."""
        return not self.scheduler.continuous and not self.rule.continuous

    # Provided by the model:
    arrays: Any
    connectome: Any
    scheduler: Any
    rule: Any
    engine: Any
    datacollector: Any

    def _set_step(self, dt: float) -> None:
        raise NotImplementedError
