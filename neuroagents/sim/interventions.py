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
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from numbers import Real
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
        self.hook_every: list[float] = []  # intervals of recurring hooks (work estimates)

    def clamp(
        self,
        nodes: Iterable[Hashable] | Mapping[Hashable, float],
        values: float | Sequence[float] | None = None,
    ) -> None:
        """Hold neurons at fixed states: they still send input but never update.

        Clamped neurons are skipped by every scheduler and engine (their random draws
        are still made, so the other neurons' trajectory does not depend on the
        engine) and are left out of stability counts.

        Args:
            nodes: node ids to clamp, or a mapping node id -> the state to hold it at.
            values: their states (a number, or one per node); None keeps the current ones.

        Raises:
            ValidationError: an unknown node, a value the rule does not allow, or both a
                mapping and ``values``.
        """
        if isinstance(nodes, Mapping):
            if values is not None:
                raise ValidationError(
                    "clamp takes a mapping node id -> state or node ids with 'values', not "
                    f"both. Got a mapping and values={values!r}."
                )
            nodes, values = list(nodes), list(nodes.values())
        idx = self._indices(nodes, "clamp")
        if values is not None:
            vals = self._clamp_values(idx, values)
            for i, v in zip(idx.tolist(), vals.tolist(), strict=True):
                if self.model.rule.graded:
                    self.model.arrays.potential[i] = self.model.rule.inverse(v)
                self.model.arrays.apply(i, v)
            self.model.arrays.before_last[:] = np.nan
        self.model.arrays.clamped[idx] = True

    def _clamp_values(self, idx: np.ndarray, values: Any) -> np.ndarray:
        """One checked value per node in ``idx``: a number for all, or one each."""
        ids = self.model.connectome.node_ids
        nodes = [ids[i] for i in idx]
        try:
            if isinstance(values, str | bytes):
                raise TypeError  # numpy would parse "1"; a value given as a word is a mistake
            vals = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValidationError(
                f"The 'values' parameter of clamp must be a number or one number per node. "
                f"Got {values!r}."
            ) from None
        if vals.ndim == 0:
            vals = np.full(idx.shape, float(vals))
        if vals.shape != idx.shape:
            raise ValidationError(
                f"The 'values' parameter of clamp must be a number or {len(idx)} numbers "
                f"(one per node given). Got shape {vals.shape}."
            )
        vals = self.model._checked_states(vals, nodes, "clamped value")
        seen: dict[int, float] = {}
        for i, v in zip(idx.tolist(), vals.tolist(), strict=True):
            if seen.setdefault(i, v) != v:
                raise ValidationError(
                    f"The 'nodes' parameter of clamp names node {ids[i]!r} twice with "
                    f"different values ({seen[i]:g} and {v:g}); give each node once."
                )
        return vals

    def unclamp(self, nodes: Iterable[Hashable] | None = None) -> None:
        """Release clamped neurons (all of them when ``nodes`` is None)."""
        if nodes is None:
            self.model.arrays.clamped[:] = False
        else:
            self.model.arrays.clamped[self._indices(nodes, "unclamp")] = False

    def _indices(self, nodes: Iterable[Hashable], where: str) -> np.ndarray:
        if isinstance(nodes, np.ndarray) and nodes.ndim == 0:
            nodes = nodes.item()  # a 0-d array is one node, not a list
        if isinstance(nodes, str) or not isinstance(nodes, Iterable):
            nodes = [nodes]
        index = self.model.connectome.index
        out = []
        for node in nodes:
            try:
                known = node in index
            except TypeError:  # unhashable (a list, an array): never a node id
                known = False
            if not known:
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
        at: float | Iterable[float] | None = None,
    ) -> None:
        """Call ``fn(model)`` every ``every`` time units, or at the times in ``at``.

        The hook runs between updates, in time order with everything else; it may read
        the model, clamp neurons or change weights (plasticity). For binary rules on a
        discrete scheduler a time unit is a step.

        ``at`` is one time or a list of times; every time is checked before any hook
        is registered, so a bad list leaves the model unchanged. Hook calls count
        towards the work rule of :meth:`~neuroagents.sim.model.NeuralModel.run_until`.

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
            self.hook_every.append(every)
            return
        if isinstance(at, np.ndarray) and at.ndim == 0:
            at = at.item()  # a 0-d array is one time, not a list
        times = [at] if isinstance(at, Real) else at
        if isinstance(times, str | bytes) or not isinstance(times, Iterable):
            raise ValidationError(
                f"The 'at' parameter of add_hook must be a time or a list of times. Got {at!r}."
            )
        checked = [check_real("at", t, "add_hook", low=self.model.time) for t in times]
        for t in checked:  # registered only once every time is valid
            clock.schedule_at(self.model, call, t, self.hooks)
