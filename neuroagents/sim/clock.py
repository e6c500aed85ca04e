"""The one place that touches Mesa's private machinery, and where its lines differ.

Pieces:
    start_model: ``mesa.Model.__init__`` with one seeding story on Mesa 3.5 and 4.
    take_over: stop Mesa's per-step event; neuroagents keeps its own clock.
    next_event_time: the time of the next scheduled Mesa event, or None.
    fire_next_event: pop and execute the next Mesa event.
    set_time: move ``model.time`` without a signal (the clock moves in chunks).
    announce_time: signal "time is leaving t" at a record tick, for Mesa's observers.
    schedule_every / schedule_at: public Mesa scheduling with a strong reference kept,
        since Mesa holds callbacks only by weak reference.

NeuralModel advances its neurons itself (Mesa's own events cost ~20 µs each, far too
slow per neuron update) but still fires events scheduled with ``schedule_event`` in time
order. That needs private attributes of ``mesa.Model`` (``_default_schedule``,
``_event_list`` and the slot behind the observable ``time``), the same on Mesa 3.5.1 and
4.0.0a0; this adapter checks they exist and raises a clear error naming the Mesa
version otherwise, so a Mesa release cannot silently break the clock.

Mesa's observable ``time`` signals each change as ``(old, new)``, and Mesa's
``DataRecorder`` snapshots the model then, labelled ``old``: in Mesa's own loop time
moves first and the step runs after, so the state is still the state at ``old``. Here a
compiled chunk runs first and time moves after, so the moves are silent
(:func:`set_time`) and each record tick is announced as ``(t, t)`` with the state at t
(:func:`announce_time`): a ``DataRecorder`` sees the model at its record ticks.

Seeding: given a Generator, Mesa 3.5 draws one integer from it to seed ``model.random``;
Mesa 4 draws none (its Scenario derives the seed from the generator's state). So that
one seed gives one trajectory on both lines, :func:`start_model` makes the draw itself
when Mesa did not.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import mesa
import numpy as np
from mesa.experimental.mesa_signals import ObservableSignals
from mesa.time import Schedule

from neuroagents.errors import NeuroagentsError

__all__ = [
    "announce_time",
    "fire_next_event",
    "next_event_time",
    "schedule_at",
    "schedule_every",
    "set_time",
    "start_model",
    "take_over",
]

SUPPORTED = "mesa>=3.5.1,<5 (tested on 3.5.1 and 4.0.0a0)"
_NEEDED = ("_default_schedule", "_event_list", "_time")


def _check(model: mesa.Model) -> None:
    missing = [a for a in _NEEDED if not hasattr(model, a)]
    slot = getattr(inspect.getattr_static(type(model), "time", None), "private_name", None)
    if slot != "_time":
        missing.append("time (an Observable stored in _time)")
    if missing:
        raise NeuroagentsError(
            f"Mesa {mesa.__version__} has no mesa.Model.{missing[0]}, which neuroagents' "
            f"clock adapter (neuroagents/sim/clock.py) needs. neuroagents supports {SUPPORTED}; "
            "install a supported version."
        )


def start_model(model: mesa.Model, rng: np.random.Generator, scenario: Any = None) -> None:
    """Run ``mesa.Model.__init__`` with ``rng`` as the model's generator, as on Mesa 3.5.

    A Mesa ``Scenario`` given becomes ``model.scenario`` (its ``rng`` is the seed of
    ``rng``; Mesa 3.5 keeps a scenario's seed, Mesa 4 a generator made from it).
    """
    before = rng.bit_generator.state
    mesa.Model.__init__(model, rng=rng)
    if rng.bit_generator.state == before:  # Mesa 4: draw what Mesa 3.5 draws
        model.random.seed(int(rng.integers(np.iinfo(np.int32).max)))
    if scenario is not None:
        model.scenario = scenario


def take_over(model: mesa.Model) -> None:
    """Stop Mesa's default per-step event and restore the class's own ``step``."""
    _check(model)
    model._default_schedule.stop()
    model._event_list.compact()
    # Mesa wraps step() in an instance attribute; the class's step is the clock's own.
    model.__dict__.pop("step", None)


def set_time(model: mesa.Model, time: float) -> None:
    """Move ``model.time`` to ``time`` without signalling observers."""
    model._time = time


def announce_time(model: mesa.Model) -> None:
    """Signal observers of ``time`` that the model, as it is now, is the state at t."""
    if model._has_subscribers("time", ObservableSignals.CHANGED):
        model.notify("time", ObservableSignals.CHANGED, old=model.time, new=model.time)


def next_event_time(model: mesa.Model) -> float | None:
    """Time of the next pending Mesa event (None when there is none)."""
    events = model._event_list
    if events.is_empty():
        return None
    ahead = events.peek_ahead(1)
    return ahead[0].time if ahead else None


def fire_next_event(model: mesa.Model) -> None:
    """Pop the next Mesa event and execute it."""
    model._event_list.pop_event().execute()


def schedule_every(
    model: mesa.Model, fn: Callable[[], Any], interval: float, start: float, keep: list[Any]
) -> Any:
    """Call ``fn()`` at ``start, start + interval, …``; ``keep`` holds it alive."""
    keep.append(fn)
    return model.schedule_recurring(fn, Schedule(interval=interval, start=start))


def schedule_at(model: mesa.Model, fn: Callable[[], Any], time: float, keep: list[Any]) -> Any:
    """Call ``fn()`` once at ``time``; ``keep`` holds it alive."""
    keep.append(fn)
    return model.schedule_event(fn, at=time)
