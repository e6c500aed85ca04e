"""Neurons as Mesa agents: thin views on the model's arrays.

Pieces:
    Neuron: a ``mesa.Agent`` per node. Its ``state``, ``input``, ``threshold``,
        ``drive``, ``population`` and ``tau`` read (and where it makes sense write) the
        model's arrays, so the compiled engine and the agents see the same neuron.

To give neurons a rule of your own, subclass :class:`Neuron`, override ``update()``
to *return* the next state, and run the model with ``engine="agents"``. Returning
rather than assigning is what lets the synchronous scheduler compute every next state
from the same old state before applying any.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from neuroagents.sim.model import NeuralModel

__all__ = ["Neuron"]


class Neuron(mesa.Agent):
    """One neuron of a :class:`~neuroagents.sim.model.NeuralModel`.

    Attributes:
        index: position in the model's arrays (node order).

    Examples:
        A custom rule (majority of inputs, ignoring the threshold):

        >>> import numpy as np
        >>> import neuroagents as na
        >>> class Majority(na.Neuron):
        ...     def update(self):
        ...         return 1.0 if self.input >= 0 else -1.0
        >>> W = np.ones((3, 3)) - np.eye(3)
        >>> m = na.NeuralModel(W, neuron_class=Majority, engine="agents", rng=0)
        >>> m.set_state([1, 1, -1])
        >>> m.step()
        >>> m.state.tolist()
        [1.0, 1.0, 1.0]
    """

    model: NeuralModel

    def __init__(self, model: NeuralModel, index: int) -> None:
        """Create the neuron at array position ``index`` and register it with ``model``."""
        super().__init__(model)
        self.index = index

    # The rule ------------------------------------------------------------------
    def update(self) -> float:
        """Return this neuron's next state under the model's rule (do not assign it).

        The default runs the built-in rule's plain-Python reference. A stochastic rule
        reads ``self.model.uniform``, the pre-drawn uniform number of this update. A
        continuous rule returns its value one step ``dt`` on; a graded-response rule
        returns its next *potential* u (the engine sets the output ``g(u)``).
        """
        m, i = self.model, self.index
        a = m.arrays
        x, theta = float(a.field[i] + a.drive[i]), float(a.threshold[i])
        return m.rule.reference(i, x, theta, float(a.state[i]), m.uniform, a.keep, a.own)

    def step(self) -> None:
        """Mesa idiom: update now, in place (what the asynchronous schedulers do)."""
        self.state = self.update()

    # Views on the arrays -------------------------------------------------------
    @property
    def node(self) -> Hashable:
        """The node id in the connectome."""
        return self.model.connectome.node_ids[self.index]

    @property
    def state(self) -> float:
        """Current state; setting it updates the out-neighbours' inputs."""
        return float(self.model.arrays.state[self.index])

    @state.setter
    def state(self, value: float) -> None:
        self.model.set_neuron_state(self.index, value)

    @property
    def input(self) -> float:
        """Total input: synaptic input plus external drive."""
        a, i = self.model.arrays, self.index
        return float(a.field[i] + a.drive[i])

    @property
    def synaptic_input(self) -> float:
        """``sum_j W[i, j] * s[j]``, kept incrementally."""
        return float(self.model.arrays.field[self.index])

    @property
    def drive(self) -> float:
        """External input added to the synaptic input."""
        return float(self.model.arrays.drive[self.index])

    @drive.setter
    def drive(self, value: float) -> None:
        self.model.arrays.drive[self.index] = value

    @property
    def threshold(self) -> float:
        """The threshold the rule compares the input with."""
        return float(self.model.arrays.threshold[self.index])

    @threshold.setter
    def threshold(self, value: float) -> None:
        self.model.arrays.threshold[self.index] = value

    @property
    def population(self) -> Hashable:
        """The population label (e.g. ``"E"``), from the connectome's node attribute."""
        return self.model.population[self.index]

    @property
    def tau(self) -> float:
        """Time constant: a Poisson clock rings at rate ``1 / tau``."""
        return float(self.model.arrays.tau[self.index])

    @property
    def clamped(self) -> bool:
        """Whether the neuron is clamped (holds its state)."""
        return bool(self.model.arrays.clamped[self.index])

    @property
    def happy(self) -> bool:
        """Whether the rule would keep this neuron's state (Hopfield: ``s * x >= 0``).

        Clamped neurons are happy; a continuous neuron is happy when ``|ds/dt|`` is
        below the model's tolerance.
        """
        m, i = self.model, self.index
        if m.arrays.clamped[i]:
            return True
        if m.rule.continuous:
            return bool(abs(m.rates_of_change()[i]) < m.arrays.tol)
        return self.update() == self.state

    # Neighbours ----------------------------------------------------------------
    def inputs(self) -> list[tuple[Neuron, float]]:
        """The neurons that synapse onto this one, with their weights."""
        idx, w = self.model.connectome.in_edges(self.index)
        neurons = self.model.neurons.by_position
        return [(neurons[j], float(x)) for j, x in zip(idx, w, strict=True)]

    def outputs(self) -> list[tuple[Neuron, float]]:
        """The neurons this one synapses onto, with their weights."""
        idx, w = self.model.connectome.out_edges(self.index)
        neurons = self.model.neurons.by_position
        return [(neurons[j], float(x)) for j, x in zip(idx, w, strict=True)]

    def __repr__(self) -> str:
        return f"Neuron(node={self.node!r}, state={self.state:g})"
