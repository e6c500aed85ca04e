"""How a model's time advances: steps, continuous-time steps of ``dt``, Poisson events.

Pieces:
    Timeline: the collaborator of :class:`~neuroagents.sim.model.NeuralModel`
        (``model.timeline``) that moves time forward to a given point, stopping at
        every breakpoint on the way: Mesa events (hooks included), recording ticks,
        progress-bar pieces and, with ``stop``, a fixed point. Interface: ``advance``,
        ``record``, ``progress_bar``, ``counts_steps``, ``recorded_at``,
        ``flips_at_record``.

Three clocks:
    - binary rules on a discrete scheduler: one step is one sweep (or one synchronous
      round) and ``time == steps``; an event at t = 2.5 fires between steps 2 and 3.
    - continuous (rate) rules on a discrete scheduler: one step advances ``dt`` time
      units; a breakpoint that falls between grid points gets one shortened step, so
      ``run_until(12.5)`` ends at exactly 12.5 and records land on their grid; a ``dt``
      longer than the whole interval gives one step of the interval's length.
    - ``"poisson"``: exact event times; the clock stops exactly at each breakpoint.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
from tqdm.auto import tqdm

from neuroagents.errors import DivergedError
from neuroagents.sim import clock
from neuroagents.validation import check_work

if TYPE_CHECKING:
    from neuroagents.sim.model import NeuralModel

__all__ = ["Timeline"]

# Relative slack when comparing times built from sums of dt.
_EPS = 1e-9


class Timeline:
    """A model's time stepping: it advances the model to a time, stopping at breakpoints."""

    def __init__(self, model: NeuralModel) -> None:
        self.model = model
        self.recorded_at: float | None = None  # model time of the last record
        self.flips_at_record = 0  # model.flips_total at the last record
        self.bar: tqdm | None = None  # the progress bar of the running call

    def advance(self, until: float, stop: bool) -> int:
        """Run to ``until``, firing Mesa events in time order; return a stop outcome."""
        if self.model.record_every is not None and self.recorded_at is None:
            self.record()
        while True:
            event_time = clock.next_event_time(self.model)
            if event_time is None or event_time > until:
                return self._integrate(until, stop)
            outcome = self._integrate(event_time, stop)
            if outcome:
                return outcome
            clock.fire_next_event(self.model)

    def _integrate(self, until: float, stop: bool) -> int:
        if self.model.scheduler.continuous:
            self._integrate_events(until)
            outcome = 0
        elif self.model.rule.continuous:
            outcome = self._integrate_dt(until, stop)
        else:
            return self._integrate_steps(until, stop)
        if self.model.rule.continuous:
            self._check_finite_state()
        return outcome

    def _check_finite_state(self) -> None:
        """Refuse to go on from overflowed rates: say where and what it suggests."""
        m = self.model
        bad = ~np.isfinite(m.arrays.state)
        if bad.any():
            i = int(np.argmax(bad))
            raise DivergedError(
                f"The dynamics diverged: neuron {m.connectome.node_ids[i]!r} has state "
                f"{m.arrays.state[i]} at time {m.time:g} ({int(bad.sum())} neurons are "
                "not finite). The network is unstable at these weights and drive (see "
                "model.jacobian() at an earlier state), or dt is too large for 'euler'."
            )

    def _integrate_steps(self, until: float, stop: bool) -> int:
        remaining = math.floor(until + _EPS) - self.model.steps
        while remaining > 0:
            chunk = int(self._bar_limit(remaining))
            if self.model.record_every is not None:
                every = int(self.model.record_every)
                chunk = min(chunk, every - self.model.steps % every)
            ran, flips, outcome = self.model.engine.run_steps(self.model, chunk, stop)
            self.model.steps += ran
            clock.set_time(self.model, float(self.model.steps))
            self.model.flips_total += flips
            remaining -= ran
            if self.bar is not None:
                self.bar.update(ran)
            if self.model.record_every is not None and (
                self.model.steps % int(self.model.record_every) == 0 or outcome
            ):
                self.record()
            if outcome:
                return outcome
        return 0

    def _integrate_dt(self, until: float, stop: bool) -> int:
        dt = self.model.dt
        # Slack relative to the shorter of dt and the interval: a dt far longer than the
        # interval still reaches ``until`` (one shortened step), never stays put.
        slack = _EPS * min(dt, max(abs(until), abs(self.model.time)))
        while until - self.model.time > slack:
            end = min(until, self.model.time + self._bar_limit(until - self.model.time))
            if self.model.record_every is not None:
                end = min(end, self._next_tick())
            start = self.model.time
            full = math.floor((end - start) / dt + _EPS)
            outcome = 0
            if full > 0:
                ran, flips, outcome = self.model.engine.run_steps(self.model, full, stop)
                self.model.steps += ran
                self.model.flips_total += flips
                clock.set_time(self.model, start + ran * dt)
            rest = end - self.model.time
            if not outcome and rest > slack:
                self.model._set_step(rest)
                ran, flips, outcome = self.model.engine.run_steps(self.model, 1, stop)
                self.model._set_step(dt)
                self.model.steps += ran
                self.model.flips_total += flips
            if not outcome:
                clock.set_time(self.model, end)
            if self.bar is not None:
                self.bar.update(self.model.time - start)
            if self.model.record_every is not None and (outcome or self._on_tick()):
                self.record()
            if outcome:
                return outcome
        return 0

    def _integrate_events(self, until: float) -> None:
        while self.model.time < until:
            end = self.model.time + self._bar_limit(until - self.model.time)
            if self.model.record_every is not None:
                end = min(end, self._next_tick())
            self.model.flips_total += self.model.engine.run_events(self.model, end)
            if self.bar is not None:
                self.bar.update(end - self.model.time)
            clock.set_time(self.model, end)
            if self.model.record_every is not None and self._on_tick():
                self.record()

    def _next_tick(self) -> float:
        every = self.model.record_every
        return (math.floor(self.model.time / every + _EPS) + 1) * every

    def _on_tick(self) -> bool:
        ticks = self.model.time / self.model.record_every
        return math.isclose(ticks, round(ticks), rel_tol=0, abs_tol=_EPS * max(1.0, ticks))

    def record(self) -> None:
        """Record the model now (its recorder's ``collect``)."""
        self.model.datacollector.collect(self.model)
        self.flips_at_record = self.model.flips_total
        self.recorded_at = self.model.time
        clock.announce_time(self.model)  # Mesa's DataRecorder, if one observes the model

    # ------------------------------------------------------------------ progress
    @contextlib.contextmanager
    def progress_bar(self, total: float, show: bool) -> Iterator[None]:
        """A tqdm bar over ``total`` for the duration of a run call (if ``show``)."""
        if not show:
            yield
            return
        unit = "step" if self.counts_steps else "time"
        self.bar = tqdm(total=total, unit=unit, desc=type(self.model).__name__, dynamic_ncols=True)
        try:
            yield
        finally:
            self.bar.close()
            self.bar = None

    def _bar_limit(self, remaining: float) -> float:
        """With a bar, advance in about 100 pieces so it moves (same numbers either way)."""
        if self.bar is None:
            return remaining
        piece = self.bar.total / 100
        if self.counts_steps:
            return min(remaining, max(piece, 1.0))
        if self.model.dt is not None:
            piece = max(piece, self.model.dt)  # whole steps keep the trajectory unchanged
            piece = math.ceil(piece / self.model.dt - _EPS) * self.model.dt
        return min(remaining, piece)

    def check_work(self, start: float, end: float, where: str, long_run: bool) -> None:
        """Refuse a run of more than MAX_WORK steps, hook calls and ticks (the one rule)."""
        m = self.model
        span = end - start
        if span <= 0:
            return
        if self.counts_steps:
            steps = span
        elif m.scheduler.continuous:
            steps = span * float(np.mean(1.0 / m.arrays.tau))  # sweeps of Poisson updates
        else:
            steps = span / m.dt
        breaks = sum(span / every for every in m.interventions.hook_every)
        if m.record_every is not None:
            breaks += span / m.record_every
        check_work(where, steps + breaks, "steps, hook calls and records", long_run=long_run)

    @property
    def counts_steps(self) -> bool:
        """Whether time is a count of steps (binary rules on a discrete scheduler)."""
        return not self.model.scheduler.continuous and not self.model.rule.continuous
