"""Several plasticity rules in one spiking model, each on its own synapses.

Pieces:
    rule_pairs: the (rule, which synapses) pairs a model's ``plasticity`` and ``plastic``
        arguments name (one rule and its set, or a list of pairs).
    ModelPlasticity: what those arguments become: each rule's
        :class:`~.stdp.PlasticSynapses`, the state the grid loop's synapse step reads, and
        that step.
    model_plasticity: the ModelPlasticity of a SpikingModel.

A model takes ``plasticity=rule`` with ``plastic=`` its synapses (one rule), or
``plasticity=[(rule, synapses), ...]`` (several; ``plastic`` then stays None), where
``synapses`` is what ``plastic`` takes: None (all), a boolean mask in the model's
synapse order, or ``(source_nodes, target_nodes)``. For example, STDP on E→E and
Vogels–Sprekeler iSTDP on I→E::

    SpikingModel(W, plasticity=[(STDP(...), (exc, exc)), (VogelsSprekeler(...), (inh, exc))])

Each rule owns its synapses and its own traces (its own time constants): the sets must
be disjoint, so the rules never touch the same weight, and a run with several rules
changes each set exactly as a run with that rule alone would when the spikes are the
same. One rule keeps its single state and step (:func:`.stdp_kernels.plasticity_step`);
several run through :func:`.stdp_kernels.plasticity_steps`, one rule after the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.sim.spiking.stdp import RULES, PlasticSynapses, plastic_mask
from neuroagents.sim.spiking.stdp_kernels import plasticity_step, plasticity_steps

__all__ = ["ModelPlasticity", "model_plasticity", "rule_pairs"]


def rule_pairs(plasticity: Any, plastic: Any) -> tuple[list[tuple[Any, Any]], bool]:
    """The (rule, synapses) pairs of a model's arguments; and whether one rule was given.

    Raises:
        ValidationError: ``plasticity`` neither a rule nor a non-empty list of
            (rule, synapses) pairs, or ``plastic`` given beside such a list.

    Examples:
        >>> from neuroagents.sim.spiking.stdp import STDP
        >>> rule_pairs(STDP(), ([0], [1]))
        ([(STDP(tau_plus=20.0, tau_minus=20.0, lambda_=0.01, alpha=1.0, mu_plus=0.0, mu_minus=0.0, w_max=100.0), ([0], [1]))], True)
        >>> rule_pairs([(STDP(), None)], [True])
        Traceback (most recent call last):
        ...
        neuroagents.errors.ValidationError: The 'plastic' parameter of SpikingModel must be None ...
    """  # noqa: E501
    if isinstance(plasticity, RULES) or isinstance(plasticity, str):
        return [(plasticity, plastic)], True  # PlasticSynapses refuses what is not a rule
    pairs = list(plasticity) if isinstance(plasticity, Sequence) else None
    if not pairs or not all(
        isinstance(p, Sequence) and len(p) == 2 and isinstance(p[0], RULES) for p in pairs
    ):
        raise ValidationError(
            "The 'plasticity' parameter of SpikingModel must be an STDP or a VogelsSprekeler "
            "rule, or a non-empty list of (rule, synapses) pairs. Got "
            f"{plasticity!r} instead."
        )
    if plastic is not None:
        raise ValidationError(
            "The 'plastic' parameter of SpikingModel must be None when 'plasticity' lists "
            "(rule, synapses) pairs (each pair names its own synapses). Got "
            f"{plastic!r} instead."
        )
    return [tuple(p) for p in pairs], False


@dataclass(frozen=True)
class ModelPlasticity:
    """A model's plastic synapses, rule by rule, and what its loop reads.

    Attributes:
        sets: one :class:`~.stdp.PlasticSynapses` per rule, in the order given.
        state: the synapse state of the grid loop: the one rule's arrays, or a tuple of
            every rule's arrays.
        step: the compiled synapse step that reads ``state``.
        single: whether the model was given one rule (``plasticity=rule``).
    """

    sets: tuple[PlasticSynapses, ...]
    state: tuple[Any, ...]
    step: Any
    single: bool

    @property
    def public(self) -> PlasticSynapses | tuple[PlasticSynapses, ...]:
        """``model.plasticity``: the one rule's synapses, or the tuple of every rule's."""
        return self.sets[0] if self.single else self.sets


def model_plasticity(model: Any, plasticity: Any, plastic: Any) -> ModelPlasticity:
    """The plastic synapses of a :class:`~neuroagents.sim.spiking.SpikingModel`, rule by rule.

    Replaces ``model.weights`` by a float64 copy, the model's own (the connectome keeps
    its weights): delivery reads it and the rules change it in place.

    Raises:
        ValidationError: precise timing; a bad ``plasticity`` or ``plastic``
            (:func:`rule_pairs`); a synapse set naming a node not in the connectome; two
            rules sharing a synapse.
    """
    if model.timing != "grid":
        raise ValidationError(
            "The 'plasticity' parameter of SpikingModel needs timing='grid'. Got "
            f"timing={model.timing!r} instead."
        )
    pairs, single = rule_pairs(plasticity, plastic)
    model.weights = model.weights.astype(np.float64)
    sources = np.repeat(np.arange(model.n), np.diff(model.indptr))
    targets = model.targets.astype(np.int64)
    index = model.connectome.index
    masks = [
        plastic_mask(
            which, sources, targets, index,
            "'plastic' parameter" if single else f"'plasticity' parameter's pair {i}",
        )
        for i, (_, which) in enumerate(pairs)
    ]  # fmt: skip
    _check_disjoint(masks, sources, targets, model.connectome.node_ids)
    sets = tuple(
        PlasticSynapses(
            rule, chosen, sources[chosen], targets[chosen], model.delays.steps[chosen],
            model.delay_kind, model.weights, model.n, model.dt,
        )
        for (rule, _), chosen in zip(pairs, (np.flatnonzero(m) for m in masks), strict=True)
    )  # fmt: skip
    if single:
        return ModelPlasticity(sets, sets[0].arrays, plasticity_step, True)
    return ModelPlasticity(sets, tuple(s.arrays for s in sets), plasticity_steps, False)


def _check_disjoint(
    masks: list[np.ndarray], sources: np.ndarray, targets: np.ndarray, node_ids: Sequence[Any]
) -> None:
    """Refuse a synapse claimed by two rules, naming the first and the rules."""
    if len(masks) < 2:
        return
    claims = np.sum(masks, axis=0)
    shared = np.flatnonzero(claims > 1)
    if shared.size:
        e = int(shared[0])
        rules = [i for i, m in enumerate(masks) if m[e]]
        raise ValidationError(
            "The 'plasticity' parameter of SpikingModel must give each synapse at most one "
            f"rule. Got {shared.size} synapses in more than one pair's set (the first: "
            f"{node_ids[sources[e]]!r} -> {node_ids[targets[e]]!r}, in pairs {rules})."
        )
