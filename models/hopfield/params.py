"""HopfieldParams: the parameters of a Hopfield net that stores and retrieves patterns.

Pieces:
    HopfieldParams: size, number of stored patterns, corruption of the start, update
        order and engine (the defaults in one place; validated on creation), read from
        and written to configs (:class:`~neuroagents.params.ConfigParams`).

:meth:`HopfieldModel.from_params <neuroagents.models.hopfield.network.HopfieldModel.from_params>`
builds the net they describe.
"""

from __future__ import annotations

from dataclasses import dataclass

from neuroagents.params import ConfigParams
from neuroagents.sim.schedulers import SCHEDULERS
from neuroagents.validation import check_choice, check_int, check_real

__all__ = ["HopfieldParams"]

ENGINES = ("compiled", "agents")


@dataclass(frozen=True)
class HopfieldParams(ConfigParams):
    """A Hebbian Hopfield net on n ±1 neurons, started from a corrupted stored pattern.

    Attributes:
        n: number of neurons (at least 2).
        patterns: number of random ±1 patterns stored by Hebb's rule (at least 1).
        flips: bits of the first pattern flipped to make the start (0 to n).
        scheduler: update order (``"async-sweep"``, ``"sync"``, … see
            :mod:`neuroagents.sim.schedulers`).
        engine: ``"compiled"`` or ``"agents"``.
        temperature: 0 for the sign rule, T > 0 for Glauber dynamics.

    Examples:
        >>> HopfieldParams(n=50, patterns=3).to_config()["n"]
        50
        >>> HopfieldParams(flips=500)
        Traceback (most recent call last):
        ...
        neuroagents.errors.ValidationError: The 'flips' parameter of HopfieldParams must be an integer in [0, 100]. Got 500 instead.
    """  # noqa: E501

    n: int = 100
    patterns: int = 5
    flips: int = 10
    scheduler: str = "async-sweep"
    engine: str = "compiled"
    temperature: float = 0.0

    def __post_init__(self) -> None:
        where = "HopfieldParams"
        check_int("n", self.n, where, low=2)
        check_int("patterns", self.patterns, where, low=1)
        check_int("flips", self.flips, where, low=0, high=self.n)
        check_choice("scheduler", self.scheduler, where, tuple(SCHEDULERS))
        check_choice("engine", self.engine, where, ENGINES)
        check_real("temperature", self.temperature, where, low=0)
