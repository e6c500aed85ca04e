"""The one place that touches Mesa's private event machinery.

Pieces:
    take_over: stop Mesa's per-step event; neuroagents keeps its own clock.
    next_event_time: the time of the next scheduled Mesa event, or None.
    fire_next_event: pop and execute the next Mesa event.
    schedule_every / schedule_at: public Mesa scheduling with a strong reference kept,
        since Mesa holds callbacks only by weak reference.

NeuralModel advances its neurons itself (Mesa's own events cost ~20 µs each, far too
slow per neuron update) but still fires events scheduled with ``schedule_event`` in time
order. That needs two private attributes of ``mesa.Model`` (``_default_schedule`` and
``_event_list``); this adapter checks they exist and raises a clear error naming the
Mesa version otherwise, so a Mesa 3.x minor release cannot silently break the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mesa
from mesa.time import Schedule

from neuroagents.errors import NeuroagentsError

__all__ = ["fire_next_event", "next_event_time", "schedule_at", "schedule_every", "take_over"]

_NEEDED = ("_default_schedule", "_event_list")


def _check(model: mesa.Model) -> None:
    missing = [a for a in _NEEDED if not hasattr(model, a)]
    if missing:
        raise NeuroagentsError(
            f"Mesa {mesa.__version__} has no mesa.Model.{missing[0]}, which neuroagents' "
            "clock adapter (neuroagents/sim/clock.py) needs. neuroagents supports "
            "mesa>=3.5.1,<4; install a supported version."
        )


def take_over(model: mesa.Model) -> None:
    """Stop Mesa's default per-step event and restore the class's own ``step``."""
    _check(model)
    model._default_schedule.stop()
    model._event_list.compact()
    # Mesa wraps step() in an instance attribute; the class's step is the clock's own.
    model.__dict__.pop("step", None)


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
