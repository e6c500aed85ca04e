"""Neurons made when first touched: Mesa agents that cost nothing until someone looks.

Pieces:
    LazyNeurons: the model's ``neurons`` sequence; ``neurons[i]`` makes neuron i (a
        ``mesa.Agent``) the first time it is read, and keeps it.
    LazyAgentsModel: a ``mesa.Model`` whose ``agents``, ``agents_by_type`` and
        ``agent_types`` register every neuron, in index order, the first time any of
        them is read (or another agent is registered, or one is removed).

Why: a Mesa agent costs about 440 bytes and 6-9 µs to create and register, which at
10^7 neurons is 4.4 GB and a minute and a half, more than building the synapses. The
compiled engine reads only the arrays, so a neuron object is made only for whoever
asks for it: ``model.neurons[i]`` makes one, ``model.agents`` makes and registers all.

What stays as with agents made up front: ``unique_id`` is ``index + 1``; ``model.agents``
holds the neurons in index order, before any agent registered later; a neuron read
twice is the same object; ``neurons[i] in model.agents`` once the agents are read.
A neuron made before ``model.agents`` is read is not yet in Mesa's registry (it joins
it, with its id, when the registry is first read).
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

import mesa

if TYPE_CHECKING:
    from neuroagents.sim.neuron import Neuron

__all__ = ["LazyAgentsModel", "LazyNeurons"]


class LazyNeurons(Sequence["Neuron"]):
    """The neurons of a model, each made on first access (a read-only sequence).

    Args:
        model: the model the neurons belong to.
        neuron_class: the :class:`~neuroagents.sim.neuron.Neuron` subclass to make.
        n: the number of neurons.
    """

    def __init__(self, model: LazyAgentsModel, neuron_class: type[Neuron], n: int) -> None:
        """Hold no neuron yet; ``self[i]`` makes neuron i."""
        self._model = model
        self._class = neuron_class
        self._n = n
        self._made: dict[int, Neuron] = {}
        self.registered = False

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, item: int) -> Neuron: ...

    @overload
    def __getitem__(self, item: slice) -> tuple[Neuron, ...]: ...

    def __getitem__(self, item: int | slice) -> Neuron | tuple[Neuron, ...]:
        if isinstance(item, slice):
            return tuple(self[i] for i in range(*item.indices(self._n)))
        i = operator.index(item)
        if not -self._n <= i < self._n:
            raise IndexError(f"neuron index {i} out of range for {self._n} neurons")
        i %= self._n
        neuron = self._made.get(i)
        return self._make(i) if neuron is None else neuron

    def __iter__(self) -> Iterator[Neuron]:
        for i in range(self._n):
            yield self[i]

    def __contains__(self, value: object) -> bool:
        i = getattr(value, "index", None)
        return isinstance(i, int) and self._made.get(i) is value

    def __repr__(self) -> str:
        return f"<{self._n} neurons, {len(self._made)} made>"

    @property
    def made(self) -> int:
        """How many neuron objects exist so far."""
        return len(self._made)

    def _make(self, i: int) -> Neuron:
        model = self._model
        model._making_neuron = not self.registered  # Mesa registers it later, in order
        try:
            neuron = self._class(model, i)
        finally:
            model._making_neuron = False
        if not self.registered:
            neuron.unique_id = i + 1  # the id it gets when the registry is first read
        self._made[i] = neuron
        return neuron

    def register_all(self) -> None:
        """Make every neuron and register them with Mesa, in index order (once)."""
        if self.registered:
            return
        neurons = list(self)  # each made (unregistered) if it was not yet
        self.registered = True
        model = self._model
        counter = model.agent_id_counter
        model.agent_id_counter = 1  # neurons take ids 1..n, as when made up front
        for neuron in neurons:
            mesa.Model.register_agent(model, neuron)
        model.agent_id_counter = max(counter, self._n + 1)


class LazyAgentsModel(mesa.Model):
    """A ``mesa.Model`` whose neurons join Mesa's agent registry when it is first read.

    A subclass sets ``self.neurons = LazyNeurons(...)`` (or a mapping that holds one
    as ``by_position``, as :class:`~neuroagents.sim.neuron_map.Neurons` does) in its
    ``__init__``; until then (and for any model without neurons) it is an ordinary
    ``mesa.Model``.
    """

    neurons: Sequence[Any]
    _making_neuron = False

    def _register_neurons(self) -> None:
        neurons = self.__dict__.get("neurons")
        # NeuralModel wraps its LazyNeurons in a Neurons mapping (sim.neuron_map).
        neurons = getattr(neurons, "by_position", neurons)
        if isinstance(neurons, LazyNeurons):
            neurons.register_all()

    @property
    def agents(self) -> Any:
        """Mesa's AgentSet of every agent (every neuron is made and registered first)."""
        self._register_neurons()
        return self._all_agents

    @agents.setter
    def agents(self, agents: Any) -> None:
        mesa.Model.agents.fset(self, agents)  # Mesa's own refusal

    @property
    def agents_by_type(self) -> Any:
        """Mesa's AgentSets by agent class (every neuron is registered first)."""
        self._register_neurons()
        return self._agents_by_type

    @property
    def agent_types(self) -> list[type]:
        """The classes of the registered agents (every neuron is registered first)."""
        self._register_neurons()
        return list(self._agents_by_type)

    def register_agent(self, agent: Any) -> None:
        """Register an agent with Mesa; the neurons come first, so they keep ids 1..n."""
        if self._making_neuron:
            return  # a neuron made on first access: registered with the others, later
        self._register_neurons()
        super().register_agent(agent)

    def deregister_agent(self, agent: Any) -> None:
        """Deregister an agent (the neurons are registered first, so any can go)."""
        self._register_neurons()
        super().deregister_agent(agent)

    def remove_all_agents(self) -> None:
        """Remove every agent, the neurons included."""
        self._register_neurons()
        super().remove_all_agents()
