"""The arrays a model's engine reads and writes, in one object.

Pieces:
    NeuronArrays: state, inputs, drive, thresholds, time constants, clamp mask, the
        rule's code and parameters, integration factors and the connectome's kernel
        arrays. Engines and neurons work through it, never through a model's private
        attributes, so an engine is a function of this object and a schedule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from neuroagents.sim import kernels

__all__ = ["NeuronArrays"]


@dataclass(eq=False, slots=True)
class NeuronArrays:
    """Everything an engine needs about the neurons, as numpy arrays.

    Attributes:
        state: each neuron's output (±1, 0/1, or a rate).
        field: synaptic input ``W @ state``, kept incrementally (float64).
        drive: external input added to ``field``.
        threshold: subtracted from the total input by every built-in rule.
        tau: time constants (Poisson clock rates ``1/tau``; rate-rule leaks).
        clamped: True where a neuron holds its state.
        keep: per-neuron factor of one continuous step, ``s <- t + (s - t) * keep``.
        potential: membrane potentials of graded-response neurons (None otherwise).
        own: the neuron type's own arrays, in its ``state_arrays`` order (the
            potential of a graded-response type is ``own[0]``).
        before_last: the state one synchronous round back (2-cycle detection).
        update_counts: updates each neuron has made.
        params: the rule's parameters as the kernels read them.
        tol: ``|ds/dt|`` below which a continuous neuron counts as stable.
        out: connectome out-edges (indptr, indices, weights, dense).
        inn: connectome in-edges (indptr, indices, weights).
    """

    state: np.ndarray
    field: np.ndarray
    drive: np.ndarray
    threshold: np.ndarray
    tau: np.ndarray
    clamped: np.ndarray
    keep: np.ndarray
    potential: np.ndarray | None
    own: tuple[np.ndarray, ...]
    before_last: np.ndarray
    update_counts: np.ndarray
    params: np.ndarray
    tol: float
    out: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    inn: tuple[np.ndarray, np.ndarray, np.ndarray]

    @property
    def n(self) -> int:
        """Number of neurons."""
        return self.state.shape[0]

    @property
    def total_input(self) -> np.ndarray:
        """Synaptic input plus drive."""
        return self.field + self.drive

    def apply(self, i: int, new: float) -> None:
        """Set neuron ``i``'s state to ``new`` and add the change to its targets' inputs."""
        delta = float(new) - float(self.state[i])
        self.state[i] = new
        if delta != 0.0:
            kernels.propagate(i, delta, self.field, *self.out)

    def clamp_mask(self) -> np.ndarray | None:
        """``clamped``, or None when no neuron is clamped (the kernels then skip the check)."""
        return self.clamped if self.clamped.any() else None

    def dynamic(self) -> np.ndarray:
        """The variable the rule integrates: the potential if graded, else the state."""
        return self.state if self.potential is None else self.potential
