"""Engines: what runs the updates a scheduler has planned.

Pieces:
    Engine: the shared outer loop over scheduler blocks.
    CompiledEngine (``"compiled"``): any neuron type with a compiled update, in numba
        loops generated for the type (:mod:`neuroagents.sim.type_kernels`).
    AgentEngine (``"agents"``): calls each Neuron's ``update()`` in the planned order;
        runs any rule, including a subclass's own Python ``update()``.
    make_engine: from a name.

Both read the same pre-drawn random numbers and keep inputs by the same additions
(``kernels.propagate``), so for one seed they give the identical trajectory.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.sim import kernels
from neuroagents.sim.type_kernels import TypeKernels, kernels_for
from neuroagents.validation import check_choice

if TYPE_CHECKING:
    from neuroagents.sim.model import NeuralModel

__all__ = ["AgentEngine", "CompiledEngine", "Engine", "make_engine"]


class Engine:
    """Shared loop: take rows (steps) or events from the scheduler, run them."""

    name: ClassVar[str]

    def run_steps(self, model: NeuralModel, count: int, stop: bool) -> tuple[int, int, int]:
        """Run up to ``count`` discrete steps.

        Args:
            model: the model whose arrays change.
            count: steps to run.
            stop: stop early at a fixed point (or, synchronously, a 2-cycle).

        Returns:
            ``(steps run, flips, outcome)`` with outcome 0 (ran them all), 1 (fixed
            point reached) or 2 (2-cycle reached).
        """
        sched = model.scheduler
        done = flips = 0
        flips_out = np.zeros(sched.block_rows, np.int64)
        while done < count:
            take = min(sched.available(), count - done)
            if sched.synchronous:
                ran, outcome = self._sync(model, sched.cursor, take, stop, flips_out)
            else:
                ran, stopped = self._orders(model, sched.cursor, take, stop, flips_out)
                outcome = 1 if stopped else 0
            sched.consume(ran)
            done += ran
            flips += int(flips_out[:ran].sum())
            if outcome:
                return done, flips, outcome
        return done, flips, 0

    def run_events(self, model: NeuralModel, until: float) -> int:
        """Process every Poisson event with time ``<= until``; return the flips."""
        sched = model.scheduler
        flips = 0
        while True:
            sched.available()
            end, f = self._events(model, sched.cursor, until)
            flips += f
            sched.cursor = end
            if end < sched.times.shape[0]:
                return flips

    def _orders(self, model, first, count, stop, flips_out) -> tuple[int, bool]:
        raise NotImplementedError

    def _sync(self, model, first, count, stop, flips_out) -> tuple[int, int]:
        raise NotImplementedError

    def _events(self, model, first, until) -> tuple[int, int]:
        raise NotImplementedError


class CompiledEngine(Engine):
    """Every neuron type with a compiled update, in loops generated for its type."""

    name = "compiled"

    def __init__(self) -> None:
        self._rule: object = None
        self._kernels: TypeKernels | None = None

    def _loops(self, model: NeuralModel) -> TypeKernels:
        """The loops of the model's type, looked up once (a lookup costs microseconds)."""
        if self._kernels is None or self._rule is not model.rule:
            self._kernels, self._rule = kernels_for(model.rule), model.rule
        return self._kernels

    def _orders(self, model, first, count, stop, flips_out):
        a, s = model.arrays, model.scheduler
        return self._loops(model).run_orders(
            a.state, a.field, a.drive, a.threshold, a.params, a.keep, a.own, a.clamp_mask(),
            a.tau, a.tol, s.orders, s.uniforms, first, count, *a.out, stop, flips_out,
        )  # fmt: skip

    def _sync(self, model, first, count, stop, flips_out):
        a, s = model.arrays, model.scheduler
        return self._loops(model).run_sync(
            a.state, a.field, a.drive, a.threshold, a.params, a.keep, a.own, a.clamp_mask(),
            a.tau, a.tol, s.uniforms, first, count, *a.out, *a.inn, stop, flips_out,
            a.before_last,
        )  # fmt: skip

    def _events(self, model, first, until):
        a, s = model.arrays, model.scheduler
        return self._loops(model).run_events(
            a.state, a.field, a.drive, a.threshold, a.params, a.keep, a.own, a.clamp_mask(),
            s.times, s.who, s.uniforms, first, until, *a.out, a.update_counts,
        )  # fmt: skip


class AgentEngine(Engine):
    """Each update is a call to ``Neuron.update()``, in the scheduler's order.

    ``update()`` returns the next value of the neuron's dynamic variable: its state,
    or, for a graded-response rule, its potential u (the engine then sets the output
    ``g(u)``). Clamped neurons are skipped.
    """

    name = "agents"

    def _orders(self, model, first, count, stop, flips_out):
        a, s = model.arrays, model.scheduler
        neurons, graded = model.neurons.by_position, model.rule.graded
        has_u = s.uniforms.shape[0] > 0
        for r in range(count):
            row = first + r
            flips = 0
            for k, i in enumerate(s.orders[row]):
                if a.clamped[i]:
                    continue
                model.uniform = float(s.uniforms[row, k]) if has_u else 0.0
                new = _next_state(model, neurons[i], graded)
                if new != a.state[i]:
                    a.apply(int(i), new)
                    flips += 1
            flips_out[r] = flips
            if stop and model.count_unhappy() == 0:
                return r + 1, True
        return count, False

    def _sync(self, model, first, count, stop, flips_out):
        a, s = model.arrays, model.scheduler
        neurons, graded = model.neurons.by_position, model.rule.graded
        has_u = s.uniforms.shape[0] > 0
        for r in range(count):
            row = first + r
            new = a.state.copy()
            for i, neuron in enumerate(neurons):
                if a.clamped[i]:
                    continue
                model.uniform = float(s.uniforms[row, i]) if has_u else 0.0
                # A potential is read by its own neuron only: safe to store mid-round.
                new[i] = _next_state(model, neuron, graded)
            flips, same_as_two_back = kernels.apply_sync(
                new, a.state, a.field, a.before_last, *a.out, *a.inn
            )
            flips_out[r] = flips
            if stop:
                if model.count_unhappy() == 0:
                    return r + 1, 1
                if same_as_two_back:
                    return r + 1, 2
        return count, 0

    def _events(self, model, first, until):
        a, s = model.arrays, model.scheduler
        neurons, graded = model.neurons.by_position, model.rule.graded
        has_u = s.uniforms.shape[0] > 0
        k, flips, end = first, 0, s.times.shape[0]
        while k < end and s.times[k] <= until:
            i = int(s.who[k])
            if not a.clamped[i]:
                model.uniform = float(s.uniforms[k]) if has_u else 0.0
                a.update_counts[i] += 1
                new = _next_state(model, neurons[i], graded)
                if new != a.state[i]:
                    a.apply(i, new)
                    flips += 1
            k += 1
        return k, flips


def _next_state(model, neuron, graded: bool) -> float:
    new = neuron.update()
    if new is None:
        raise TypeError(
            f"{type(neuron).__name__}.update() must return the neuron's new state "
            "(return self.state to keep it). Got None."
        )
    try:
        finite = math.isfinite(new)
    except TypeError:
        finite = False
    if not finite:
        raise ValidationError(
            f"{type(neuron).__name__}.update() must return a finite number. Got {new!r} "
            f"for node {neuron.node!r} at time {model.time:g}."
        )
    if graded:
        model.arrays.potential[neuron.index] = new
        return model.rule.output(new)
    return new


ENGINES = {"compiled": CompiledEngine, "agents": AgentEngine}


def make_engine(name: str) -> Engine:
    """Return the engine called ``name`` (``"compiled"`` or ``"agents"``)."""
    check_choice("engine", name, "NeuralModel", tuple(ENGINES))
    return ENGINES[name]()
