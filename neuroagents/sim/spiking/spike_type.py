"""Spiking neuron types: the plug-in interface for neurons that emit spikes.

Pieces:
    SpikingType: a :class:`~neuroagents.sim.neuron_type.NeuronType` that emits
        ``"spike"``; it declares its own arrays (the membrane potential ``v`` first), its
        receptors, its constants for a step ``dt``, a compiled update and its Python twin.
    spiking_type: a registered name (or a type) as a spiking type, or one clear error.
    spiking_type_names: the registered names of spiking types.

The compiled update (``compiled_update``, an ``@njit`` function) has one signature::

    update(i, x, i_e, clamp, params, own) -> bool

    i       the neuron's index
    x       this step's input, a float64 array of shape (receptors, n): x[r, i] is the
            summed weight of the spikes (and external input) reaching receptor r of
            neuron i in this step
    i_e     the neuron's injected current (pA)
    clamp   0 free, 1 held silent (no spike, input discarded), 2 forced to spike
            whenever it can
    params  ``step_params(dt)``, the type's float64 constants for the model's step
    own     the type's own arrays, in ``state_arrays`` order (``own[0]`` is ``v``,
            relative to ``v_rest``); the update writes ``own[k][i]``
    returns whether neuron i fired in this step

``reference(i, x, i_e, clamp, params, own)`` is the same update in plain Python (the
agents engine runs it); both must compute the same numbers in the same order, so the
two engines give identical spike trains. What a firing emits (``emits = "spike"``):
the engine adds each out-synapse's weight to its target's receptor (chosen by the
weight's sign when there are two) after the synapse's delay. The engine owns time, the
ring buffers, delays, external input, clamps and recording.

Examples:
    >>> from neuroagents.sim.spiking import spike_type
    >>> {"iaf_psc_delta", "iaf_psc_exp"} <= set(spike_type.spiking_type_names())
    True
    >>> spike_type.spiking_type("sign", "SpikingModel")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    neuroagents.errors.ValidationError: The neuron type 'sign' emits 'change'; ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.sim.neuron_type import NEURON_TYPES, NeuronType, check_emits

__all__ = ["SpikingType", "spiking_type", "spiking_type_names"]


@dataclass(frozen=True, slots=True)
class SpikingType(NeuronType):
    """The interface of a spiking neuron type (subclass it; see the module docstring).

    Class attributes (besides :class:`NeuronType`'s):
        emits: ``"spike"``.
        receptors: input channels (1 or 2; with 2 a negative weight reaches receptor 1).
        weight_unit: what a synaptic weight is (``"mV"`` jump, ``"pA"`` jump).
    """

    emits: ClassVar[str] = "spike"
    continuous: ClassVar[bool] = True

    @property
    def v_rest(self) -> float:
        """The potential ``own[0] == 0`` stands for (mV); V is stored relative to it."""
        return 0.0

    @property
    def v_bounds(self) -> tuple[float, float]:
        """(reset, threshold) in mV: ``v0="uniform"`` draws initial potentials between."""
        raise ValidationError(
            f"The neuron type {self.name!r} declares no (reset, threshold) range; "
            "give v0 as values instead of 'uniform'."
        )

    def with_params(self, params: Any) -> SpikingType:
        """The same type with other parameters (``SpikingModel(params=...)``)."""
        raise ValidationError(
            f"The neuron type {self.name!r} takes its parameters when it is made; pass "
            f"SpikingModel(neuron={type(self).__name__}(...)) instead of params. "
            f"Got params={params!r}."
        )

    def new_state(self, n: int) -> dict[str, np.ndarray]:  # type: ignore[override]
        """Fresh own arrays for ``n`` neurons, by name (at each array's initial value)."""
        return {spec.name: spec.allocate(n) for spec in self.state_arrays}

    def reference(  # type: ignore[override]
        self,
        i: int,
        x: np.ndarray,
        i_e: float,
        clamp: int,
        params: np.ndarray,
        own: tuple[np.ndarray, ...],
    ) -> bool:
        """One step of neuron ``i`` in plain Python (the compiled update's twin)."""
        raise NotImplementedError


def spiking_type_names() -> tuple[str, ...]:
    """The registered names whose types emit spikes."""
    from neuroagents.sim.spiking import lif  # noqa: F401 (registers the LIF types)

    return tuple(
        name for name, make in NEURON_TYPES.items() if getattr(make, "emits", None) == "spike"
    )


def spiking_type(neuron: str | SpikingType, where: str) -> SpikingType:
    """``neuron`` (a registered name or a type) as a spiking type, or one clear error."""
    from neuroagents.sim import rules  # noqa: F401 (registers the built-in types)
    from neuroagents.sim.spiking import lif  # noqa: F401 (registers the LIF types)

    if isinstance(neuron, str):
        if neuron not in NEURON_TYPES:
            raise ValidationError(
                f"The 'neuron' parameter of {where} must be a registered spiking neuron "
                f"type, one of {list(spiking_type_names())}. Got {neuron!r} instead."
            )
        make: Callable[..., Any] = NEURON_TYPES[neuron]
        made = make()
    else:
        made = neuron
    if not isinstance(made, NeuronType):
        raise ValidationError(
            f"The 'neuron' parameter of {where} must be a name or a SpikingType. "
            f"Got {neuron!r} instead."
        )
    check_emits(made, ("spike",))
    if not isinstance(made, SpikingType):
        raise ValidationError(
            f"The neuron type {made.name!r} emits spikes but is not a SpikingType; "
            "subclass neuroagents.sim.spiking.SpikingType."
        )
    if made.receptors not in (1, 2):
        raise ValidationError(
            f"The neuron type {made.name!r} must have 1 or 2 receptors. "
            f"Got {made.receptors!r} instead."
        )
    if not made.state_arrays or made.state_arrays[0].name != "v":
        raise ValidationError(
            f"The first state array of the spiking type {made.name!r} must be its membrane "
            "potential 'v'."
        )
    return made
