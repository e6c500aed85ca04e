"""Neuron types as plug-ins: what a type declares, and the one registry of them.

Pieces:
    StateArray: one per-neuron array a type owns (name, dtype, initial value).
    NeuronType: the interface. A type declares its own state arrays, its parameters
        (validated once, in ``__post_init__``), a compiled update (an ``@njit`` scalar
        function), a plain-Python reference of the same update for the agents engine,
        what it emits when its output changes, and optionally a stability test.
    NEURON_TYPES, register_neuron_type, neuron_type_names: the registry; rules named
        by a string (``rule="sign"``, a config's ``rule = "relu"``) come from it, and an
        unknown name is an error that lists the registered ones.

The compiled update has one signature for every type::

    update(i, x, theta, s, u, keep, params, own) -> float

    i       the neuron's index (int)
    x       its total input, synaptic input plus drive (float64)
    theta   its threshold (float64; the model's per-neuron ``threshold``)
    s       its current output, the value its targets see (float64)
    u       its pre-drawn uniform in [0, 1) (0.0 unless the type is ``stochastic``)
    keep    the per-neuron step factors (float64 array; continuous types read keep[i],
            ``exp(-dt/tau)`` or ``1 - dt/tau``, 0 for a Poisson clock's jump)
    params  the type's parameters (float64 array, ``NeuronType.params``)
    own     a tuple of the type's own arrays, in ``state_arrays`` order, any dtypes
    returns the neuron's new output; the update may write ``own[k][i]``

and, optionally, ``unstable(i, x, theta, s, tol, params, own) -> bool``: whether the
deterministic type would change neuron i now (``tol`` is the tolerance times tau[i]);
it must not write anything. The engines own everything else: the order of updates
(schedulers), time, clamping, the pre-drawn random numbers, and delivery: when the
output changes by ``delta`` the engine adds ``delta * w`` to each target's input
(``emits = "change"``). The compiled loops for a type are generated once per type
(:mod:`neuroagents.sim.type_kernels`) with its functions inlined, and cached on disk by
numba, so a new type touches no kernel file.

A spiking type (``emits = "spike"``, :class:`~neuroagents.sim.spiking.spike_type.SpikingType`)
runs on :class:`~neuroagents.sim.spiking.SpikingModel`'s grid, clock-driven: its own
arrays are the membrane potential ``v`` (first) and whatever else it keeps (synaptic
currents, a refractory countdown), and its compiled update has the spiking signature::

    update(i, x, i_e, clamp, params, own) -> bool

    x       this step's input, shape (receptors, n): x[r, i] is what reached receptor r
    i_e     the neuron's injected current (pA)
    clamp   0 free, 1 held silent, 2 forced to spike
    params  the type's constants for the model's step (``step_params(dt)``)
    returns whether it fired in this step

When it fires, the engine delivers the synapse's weight to each target after that
synapse's delay, through ring buffers it owns (:mod:`neuroagents.sim.spiking.type_loops`).
:class:`~neuroagents.sim.model.NeuralModel` refuses a spiking type, and SpikingModel a
type that does not spike, each naming the other.

Examples:
    >>> import neuroagents as na
    >>> from neuroagents.sim import rules  # registers the built-in types
    >>> from neuroagents.sim.neuron_type import NEURON_TYPES
    >>> [name in NEURON_TYPES for name in ("sign", "relu", "graded-tanh")]
    [True, True, True]
    >>> import numpy as np
    >>> na.NeuralModel(np.zeros((2, 2)), rule="nope")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    neuroagents.errors.ValidationError: The 'rule' parameter of NeuralModel must be ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from neuroagents.errors import ValidationError

__all__ = [
    "EMISSIONS",
    "NEURON_TYPES",
    "NeuronType",
    "StateArray",
    "neuron_type_names",
    "register_neuron_type",
]

EMISSIONS = ("change", "spike")
"""What a type emits: ``"change"`` (its output's change, delivered at once as
``delta * w``; NeuralModel's engines) or ``"spike"`` (an event: each synapse's weight
reaches its target after the synapse's delay; SpikingModel's engines)."""


@dataclass(frozen=True, slots=True)
class StateArray:
    """One per-neuron array a neuron type owns.

    Attributes:
        name: its name (``model.neuron_array(name)`` and agent reporters read it).
        dtype: a numpy dtype name (``"float64"``, ``"int32"``, ``"bool"``, ...).
        initial: the value every neuron starts with.
        unit: its physical unit, for readers and tables (``"mV"``, ``"steps"``; "" none).
    """

    name: str
    dtype: str = "float64"
    initial: float = 0.0
    unit: str = ""

    def allocate(self, n: int) -> np.ndarray:
        """A fresh array of ``n`` neurons at the initial value."""
        return np.full(n, self.initial, dtype=np.dtype(self.dtype))


@dataclass(frozen=True, slots=True)
class NeuronType:
    """The interface of a neuron type (subclass it; instances carry the parameters).

    Class attributes:
        name: the type's name.
        states: the allowed outputs of a binary type (None for continuous ones).
        stochastic: whether it reads a uniform draw per update.
        continuous: whether its output is a real number advanced by ``dt``.
        graded: whether the agents engine's ``Neuron.update()`` returns a potential
            (Hopfield's graded-response neurons; the engine sets the output).
        state_arrays: the per-neuron arrays it owns besides the output.
        emits: ``"change"`` or ``"spike"`` (see :data:`EMISSIONS`).
        receptors: input channels of a spiking type (1: one sum; 2: excitatory and
            inhibitory, chosen by the sign of the weight).
        weight_unit: what a synaptic weight is for a spiking type (mV jump, pA jump).
        compiled_update: the ``@njit`` update (None: agents engine only).
        compiled_unstable: the ``@njit`` stability test (None: the type never settles,
            or is tested through the Python reference).

    Both compiled functions may be properties instead, chosen from a parameter fixed at
    construction (``Rate`` picks one update per shape): what the update does not test
    at run time, the compiler treats as a constant of the loops.

    Subclass and implement ``new_state`` for a Python-only rule, or ``reference``
    (with ``compiled_update``) for a type of your own; see ``docs/architecture.md``.
    """

    name: ClassVar[str] = "custom"
    states: ClassVar[tuple[float, ...] | None] = None
    stochastic: ClassVar[bool] = False
    continuous: ClassVar[bool] = False
    graded: ClassVar[bool] = False
    state_arrays: ClassVar[tuple[StateArray, ...]] = ()
    emits: ClassVar[str] = "change"
    receptors: ClassVar[int] = 1
    weight_unit: ClassVar[str] = ""
    compiled_update: ClassVar[Callable[..., float] | None] = None
    compiled_unstable: ClassVar[Callable[..., bool] | None] = None

    @property
    def params(self) -> np.ndarray:
        """The type's parameters as the compiled update reads them (float64 array)."""
        return np.zeros(1)

    def step_params(self, dt: float) -> np.ndarray:
        """The parameters for a step of ``dt`` (a spiking type's propagators; else ``params``)."""
        return self.params

    @property
    def compilable(self) -> bool:
        """Whether the compiled engine can run this type."""
        return self.compiled_update is not None

    @property
    def label(self) -> str:
        """The name tables and messages show."""
        return self.name

    def new_state(self, x: float, s: float, theta: float, u: float) -> float:
        """A binary rule's next output for total input ``x`` and output ``s``."""
        raise NotImplementedError

    def reference(
        self,
        i: int,
        x: float,
        theta: float,
        s: float,
        u: float,
        keep: np.ndarray,
        own: tuple[np.ndarray, ...],
    ) -> float:
        """The plain-Python update the agents engine runs (the compiled one's twin).

        Same arguments as the compiled update, less ``params``. The default runs
        ``new_state`` (binary types) or ``advance`` (continuous types: the rate, or a
        graded type's potential ``own[0][i]``, which is what it returns); types with
        state arrays of their own override it.
        """
        if self.continuous:
            dynamic = float(own[0][i]) if self.graded else s
            return self.advance(x, dynamic, theta, float(keep[i]))  # type: ignore[attr-defined]
        return self.new_state(x, s, theta, u)

    def keeps(self, x: np.ndarray, s: np.ndarray, theta: np.ndarray) -> np.ndarray:
        """Vectorised: which neurons the (deterministic) rule would leave unchanged."""
        raise NotImplementedError


NEURON_TYPES: dict[str, Callable[..., NeuronType]] = {}
"""Name -> a function making the type (``"relu"`` -> ``Rate("relu")``)."""


def register_neuron_type(name: str, make: Callable[..., NeuronType]) -> None:
    """Make ``rule=name`` (in NeuralModel and configs) build ``make()``.

    Args:
        name: the rule's name.
        make: a callable returning the neuron type (a class with defaults, or a
            function); ``make(temperature)`` for a type taking a temperature.

    Raises:
        ValidationError: a name taken by another type.
    """
    if name in NEURON_TYPES and NEURON_TYPES[name] is not make:
        raise ValidationError(
            f"The neuron type name {name!r} is taken by {NEURON_TYPES[name]!r}; "
            "choose another name."
        )
    NEURON_TYPES[name] = make


def neuron_type_names() -> tuple[str, ...]:
    """The registered names, in registration order (the built-in types first).

    Examples:
        >>> names = neuron_type_names()
        >>> "sign" in names, "iaf_psc_delta" in names, "iaf_psc_exp" in names
        (True, True, True)
    """
    from neuroagents.sim import rules  # noqa: F401 (registers the rate and binary types)
    from neuroagents.sim.spiking import lif  # noqa: F401 (registers the LIF types)

    return tuple(NEURON_TYPES)


def check_emits(neuron_type: Any, delivered: tuple[str, ...] = ("change",)) -> None:
    """Refuse a type whose emission the engines at hand do not deliver, naming who does."""
    emits = getattr(neuron_type, "emits", "change")
    if emits not in delivered:
        runner = "SpikingModel" if emits == "spike" else "NeuralModel"
        raise ValidationError(
            f"The neuron type {neuron_type.name!r} emits {emits!r}; the engines here "
            f"deliver {' or '.join(repr(e) for e in delivered)} only. Run it with {runner}."
        )
