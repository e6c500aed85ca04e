"""What a user does to a running model: clamp neurons, change weights, add hooks.

Pieces:
    Interventions: the collaborator of :class:`~neuroagents.sim.model.NeuralModel`
        (``model.interventions``) with ``clamp``/``unclamp``, ``update_weights``
        (plasticity) and ``add_hook`` (a function called every k time units or at given
        times, e.g. a learning rule); the model's methods of those names call it.

Each keeps the engine's invariants: a clamped neuron still sends input, and the stored
inputs always equal ``W @ state`` after a weight change.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from neuroagents.connectome.connectome import WeightUpdate
from neuroagents.errors import ValidationError
from neuroagents.sim import clock
from neuroagents.validation import check_real

if TYPE_CHECKING:
    from neuroagents.sim.model import NeuralModel

__all__ = ["Interventions"]


class Interventions:
    """A model's interventions: clamping, weight changes and hooks."""

    def __init__(self, model: NeuralModel) -> None:
        self.model = model
        self.hooks: list[Any] = []  # the scheduled hook callbacks (Mesa holds them weakly)

    def clamp(
        self, nodes: Iterable[Hashable], values: float | Sequence[float] | None = None
    ) -> None:
        """Hold neurons at fixed states: they still send input but never update.

        Clamped neurons are skipped by every scheduler and engine (their random draws
        are still made, so the other neurons' trajectory does not depend on the
        engine) and are left out of stability counts.

        Args:
            nodes: node ids to clamp.
            values: their states (a number, or one per node); None keeps the current ones.

        Raises:
            ValidationError: an unknown node, or a value the rule does not allow.
        """
        idx = self._indices(nodes, "clamp")
        if values is not None:
            vals = np.broadcast_to(np.asarray(values, dtype=np.float64), idx.shape).copy()
            ids = self.model.connectome.node_ids
            vals = self.model._checked_states(vals, [ids[i] for i in idx], "clamped value")
            for i, v in zip(idx.tolist(), vals.tolist(), strict=True):
                if self.model.rule.graded:
                    self.model.arrays.potential[i] = self.model.rule.inverse(v)
                self.model.arrays.apply(i, v)
            self.model.arrays.before_last[:] = np.nan
        self.model.arrays.clamped[idx] = True

    def unclamp(self, nodes: Iterable[Hashable] | None = None) -> None:
        """Release clamped neurons (all of them when ``nodes`` is None)."""
        if nodes is None:
            self.model.arrays.clamped[:] = False
        else:
            self.model.arrays.clamped[self._indices(nodes, "unclamp")] = False

    def _indices(self, nodes: Iterable[Hashable], where: str) -> np.ndarray:
        if isinstance(nodes, str) or not isinstance(nodes, Iterable):
            nodes = [nodes]
        index = self.model.connectome.index
        out = []
        for node in nodes:
            if node not in index:
                raise ValidationError(
                    f"The 'nodes' parameter of {where} must name nodes of the connectome. "
                    f"Got unknown node {node!r}."
                )
            out.append(index[node])
        return np.asarray(out, dtype=np.int64)

    # ------------------------------------------------------------------ weights
    def update_weights(
        self,
        weights: np.ndarray | sp.sparray | None = None,
        *,
        delta: np.ndarray | sp.sparray | None = None,
        edges: Iterable[tuple[Hashable, Hashable, float]] | None = None,
        rebuild: bool = False,
    ) -> None:
        """Change synaptic weights during a run; the stored inputs follow.

        Give exactly one of ``weights`` (the new full matrix ``W[target, source]``),
        ``delta`` (added to W) or ``edges`` (``(pre, post, w)`` node-id triples that set
        single synapses). Inputs are patched by the changed synapses when few change,
        and recomputed from scratch otherwise (see
        :meth:`Connectome.update_weights <neuroagents.connectome.Connectome.update_weights>`).

        Raises:
            ConnectomeError: a weight for a synapse the connectome lacks (unless
                ``rebuild=True``), a non-finite weight, or a wrong shape.
        """
        change = self.model.connectome.update_weights(
            weights, delta=delta, edges=edges, rebuild=rebuild
        )
        self._after_weight_change(change)

    def _after_weight_change(self, change: WeightUpdate) -> None:
        a = self.model.arrays
        a.out = self.model.connectome.kernel_out_arrays()
        a.inn = self.model.connectome.kernel_in_arrays()
        if change.targets is None:
            a.field[:] = self.model.connectome.input_from(a.state)
        else:
            dw = change.new.astype(np.float64) - change.old.astype(np.float64)
            a.field += np.bincount(
                change.targets, weights=dw * a.state[change.sources], minlength=self.model.n
            )

    # ------------------------------------------------------------------ hooks
    def add_hook(
        self,
        fn: Callable[[NeuralModel], Any],
        *,
        every: float | None = None,
        at: Iterable[float] | None = None,
    ) -> None:
        """Call ``fn(model)`` every ``every`` time units, or at the times in ``at``.

        The hook runs between updates, in time order with everything else; it may read
        the model, clamp neurons or change weights (plasticity). For binary rules on a
        discrete scheduler a time unit is a step.

        Raises:
            ValidationError: neither or both of ``every`` and ``at``, or a bad value.
        """
        if not callable(fn):
            raise ValidationError(f"The hook passed to add_hook must be callable. Got {fn!r}.")
        if (every is None) == (at is None):
            raise ValidationError("add_hook needs exactly one of 'every' and 'at'.")
        call = functools.partial(fn, self.model)
        if every is not None:
            every = check_real("every", every, "add_hook", low=0, low_open=True)
            clock.schedule_every(self.model, call, every, self.model.time + every, self.hooks)
            return
        for t in at:
            check_real("at", t, "add_hook", low=self.model.time)
            clock.schedule_at(self.model, call, float(t), self.hooks)
