"""One spiking neuron as a Mesa agent: a thin view on its :class:`SpikingModel`'s arrays.

Its ``update`` is the neuron type's plain-Python reference (what the agents engine calls);
its attributes read and write the model's arrays, so agents and the compiled engine
always see the same neuron.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

import mesa
import numpy as np

from neuroagents.sim.spiking.lif import FORCED, SILENT

if TYPE_CHECKING:
    from neuroagents.sim.spiking.model import SpikingModel

__all__ = ["SpikingNeuron"]


class SpikingNeuron(mesa.Agent):
    """One LIF neuron of a :class:`SpikingModel`: a view on the model's arrays.

    Attributes:
        index: position in the model's arrays (node order).
    """

    model: SpikingModel

    def __init__(self, model: SpikingModel, index: int) -> None:
        """Create the neuron at array position ``index``."""
        super().__init__(model)
        self.index = index

    def update(self, x: np.ndarray) -> bool:
        """Advance this neuron one step; True if it spiked.

        ``x`` is this step's input of every neuron, shape (receptors, n); the neuron
        type's Python reference reads its own column.
        """
        m, i = self.model, self.index
        return m.neuron_type.reference(i, x, float(m.i_e[i]), int(m.clamp[i]), m.constants, m.own)

    @property
    def node(self) -> Hashable:
        """The node id in the connectome."""
        return self.model.connectome.node_ids[self.index]

    @property
    def v(self) -> float:
        """Membrane potential (mV)."""
        return float(self.model.state["v"][self.index]) + self.model.v_rest

    @v.setter
    def v(self, value: float) -> None:
        self.model.state["v"][self.index] = float(value) - self.model.v_rest

    @property
    def refractory(self) -> bool:
        """Whether the neuron is in its refractory period (grid timing)."""
        r = self.model.state.get("refractory")
        return bool(r is not None and r[self.index] > 0)

    @property
    def I_e(self) -> float:
        """Injected current (pA)."""
        return float(self.model.i_e[self.index])

    @I_e.setter
    def I_e(self, value: float) -> None:
        self.model.set_current(value, [self.node])

    @property
    def clamped(self) -> str | None:
        """``"spike"``, ``"silent"`` or None."""
        code = int(self.model.clamp[self.index])
        return {FORCED: "spike", SILENT: "silent"}.get(code)

    def __repr__(self) -> str:
        return f"SpikingNeuron(node={self.node!r}, v={self.v:.3f})"
