"""Precise spike times for delta synapses: exact threshold crossings between grid points.

Pieces:
    crossing_time: when V(t) = V_∞ + (V_b − V_∞) e^{−(t − t_b)/τ_m} reaches V_th.
    PreciseDelta: the event-driven engine of ``iaf_psc_delta`` with exact times (what
        NEST's ``iaf_psc_delta_ps`` computes): spikes and their arrivals are exact
        float64 times, delays are exact, refractory periods end exactly t_ref after
        the spike.

Between inputs the membrane relaxes to V_∞ = R I_e exactly; with V_∞ > V_th it crosses
the threshold at

    t* = t_b + τ_m ln((V_∞ − V_b) / (V_∞ − V_th)),

and an input spike of weight w at time t makes V jump by w (crossing at t if it lands
at or above V_th). A neuron's state changes only at its own events (inputs, spikes,
the end of its refractory period), each at an exact time, so the grid step dt only
decides how time is cut into steps: results do not depend on it (NEST's criterion for
its precise models). Events are processed in the order of (time, source, target).
Delays must be at least dt, so a spike never acts within the step that emits it.

This engine runs in Python (a heap of events): fit for small networks and for checks;
the compiled grid engine is the fast one.

References:
    A. Morrison, S. Straube, H. E. Plesser, M. Diesmann, "Exact subthreshold
    integration with continuous spike times in discrete-time neural network
    simulations", Neural Comput. 19 (2007) 47–79.
"""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING

import numpy as np

from neuroagents.sim.spiking.lif import FORCED, SILENT

if TYPE_CHECKING:
    from neuroagents.sim.spiking.model import SpikingModel

__all__ = ["PreciseDelta", "crossing_time"]


def crossing_time(v_b: float, t_b: float, v_inf: float, v_th: float, tau: float) -> float:
    """Time at which V, relaxing from ``v_b`` at ``t_b`` towards ``v_inf``, reaches ``v_th``.

    ``inf`` if it never does (V_∞ <= V_th and V_b < V_th).

    Examples:
        >>> t = crossing_time(0.0, 0.0, 30.0, 20.0, 10.0)
        >>> round(t, 12) == round(10.0 * math.log(3.0), 12)
        True
    """
    if v_b >= v_th:
        return t_b
    if v_inf <= v_th:
        return math.inf
    return t_b + tau * math.log((v_inf - v_b) / (v_inf - v_th))


class PreciseDelta:
    """Event-driven ``iaf_psc_delta`` with exact spike times (see the module docstring).

    State per neuron: V (relative to E_L) valid at time ``t_last``, and the end of its
    refractory period ``ref_until`` (V is held at V_reset until then).
    """

    def __init__(self, model: SpikingModel, delays_ms: np.ndarray) -> None:
        """Take the model's synapses, delays (ms) and parameters."""
        self.model = model
        p = model.params
        self.tau, self.r = p.tau_m, p.R
        self.v_th, self.v_reset = p.V_th - p.E_L, p.V_reset - p.E_L
        self.v_min, self.t_ref = p.V_min - p.E_L, p.t_ref
        n = model.n
        self.t_last = np.zeros(n)
        self.ref_until = np.full(n, -math.inf)
        self.delays = delays_ms
        self.heap: list[tuple[float, int, int, float]] = []

    # ------------------------------------------------------------------ one neuron
    def _v_at(self, i: int, t: float) -> float:
        """V of neuron i at time t >= its last event, without changing it."""
        v = self.model.state["v"]
        if t < self.ref_until[i]:
            return self.v_reset
        t_b = max(self.t_last[i], self.ref_until[i])
        v_b = self.v_reset if self.ref_until[i] > self.t_last[i] else float(v[i])
        if t == t_b:
            return v_b
        v_inf = self.r * float(self.model.i_e[i])
        return v_inf + (v_b - v_inf) * math.exp(-(t - t_b) / self.tau)

    def _advance(
        self, i: int, t: float, spikes: list[tuple[float, int]], *, settle: bool = True
    ) -> None:
        """Emit every drift-driven crossing of neuron i before t; ``settle``: bring V to t.

        Without ``settle`` the state changes only if the neuron fires, so a neuron's V
        is always computed from its last event, whatever the grid (dt-independent).
        """
        v = self.model.state["v"]
        v_inf = self.r * float(self.model.i_e[i])
        clamp = self.model.clamp[i]
        while True:
            if t < self.ref_until[i]:
                return
            t_b = max(self.t_last[i], self.ref_until[i])
            v_b = self.v_reset if self.ref_until[i] > self.t_last[i] else float(v[i])
            if clamp == SILENT:
                t_star = math.inf
            elif clamp == FORCED:
                t_star = t_b
            else:
                t_star = crossing_time(v_b, t_b, v_inf, self.v_th, self.tau)
            if t_star < t or (settle and t_star == t):
                self._spike(i, t_star, spikes)
                continue
            if settle:
                if t > t_b and clamp != SILENT:
                    v[i] = v_inf + (v_b - v_inf) * math.exp(-(t - t_b) / self.tau)
                else:
                    v[i] = self.v_reset if clamp == SILENT else v_b
                self.t_last[i] = t
            return

    def _spike(self, i: int, t: float, spikes: list[tuple[float, int]]) -> None:
        """Neuron i fires at t: reset, refractory, and its arrivals queued."""
        self.model.state["v"][i] = self.v_reset
        self.t_last[i] = t
        self.ref_until[i] = t + self.t_ref
        spikes.append((t, i))
        a, b = self.model.indptr[i], self.model.indptr[i + 1]
        targets, weights = self.model.targets[a:b], self.model.weights[a:b]
        for e, tgt, w in zip(range(a, b), targets.tolist(), weights.tolist(), strict=True):
            heapq.heappush(self.heap, (t + float(self.delays[e]), i, tgt, w))

    def _receive(self, t: float, i: int, w: float, spikes: list[tuple[float, int]]) -> None:
        """An input of weight w reaches neuron i at time t."""
        self._advance(i, t, spikes)
        if t < self.ref_until[i] or self.model.clamp[i] == SILENT:
            return  # discarded during the refractory period, as in NEST
        v = self.model.state["v"]
        v[i] = max(float(v[i]) + w, self.v_min)
        if v[i] >= self.v_th:
            self._spike(i, t, spikes)

    # ------------------------------------------------------------------ one step
    def run_step(self, t0: float, t1: float) -> list[tuple[float, int]]:
        """Process [t0, t1): external and recurrent inputs in time order, then crossings."""
        spikes: list[tuple[float, int]] = []
        for src in self.model.poisson_inputs:
            times, targets = src.events_until(t1)
            for t, tgt in zip(times.tolist(), targets.tolist(), strict=True):
                heapq.heappush(self.heap, (t, -1, tgt, src.weight))
        while self.heap and self.heap[0][0] < t1:
            t, _, i, w = heapq.heappop(self.heap)
            self._receive(t, i, w, spikes)
        # Drift-driven crossings after each neuron's last input of the step.
        drive = self.r * self.model.i_e > self.v_th
        above = self.model.state["v"] >= self.v_th  # e.g. set by hand
        for i in np.flatnonzero(drive | above | (self.model.clamp == FORCED)).tolist():
            self._advance(i, t1, spikes, settle=False)
        spikes.sort()
        return spikes

    def voltages(self, indices: np.ndarray, t: float) -> np.ndarray:
        """V (relative to E_L) of ``indices`` at time t, without changing the state."""
        return np.array([self._v_at(int(i), t) for i in indices])
