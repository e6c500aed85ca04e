"""A model's neurons by node id: ``model.neurons["n2"]``, ``model.state_of("n2")``.

Pieces:
    Neurons: ``model.neurons``, the neurons of a model as a mapping keyed by the
        connectome's node ids (``neurons[node]``, ``keys``, ``items``, ``get``, ``in``)
        that iterates, counts and slices in node order like the tuple it replaces;
        ``at(i)`` is the neuron at position ``i``.
    merged_states: a mapping node id -> state laid over the current states (what
        ``set_state({node: value})`` loads).

The rule, so that a key never means two things: **a key is a node id**; only a slice
(``neurons[2:5]``) or ``at(i)`` counts positions. A model built from a matrix, or from
a graph whose nodes are 0..n-1 in that order, has ids equal to positions, so there both
readings agree. A key that is not a node id is an
:class:`~neuroagents.errors.UnknownNodeError` (a ``KeyError`` and a ``ValidationError``)
naming it, never a neuron at some position.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import pandas as pd

from neuroagents.errors import UnknownNodeError, ValidationError
from neuroagents.validation import check_int

if TYPE_CHECKING:
    from neuroagents.sim.model import NeuralModel
    from neuroagents.sim.neuron import Neuron

__all__ = ["Neurons", "merged_states"]

DEFAULT_COLUMNS = ("state", "input", "threshold", "clamped")


def _shown(ids: Sequence[Hashable], limit: int = 5) -> str:
    """The first few node ids, for a message."""
    head = ", ".join(repr(v) for v in ids[:limit])
    return head + (", ..." if len(ids) > limit else "")


def position_of(model: NeuralModel, node: Any, where: str) -> int:
    """The array position of node id ``node``, or an error naming it.

    Raises:
        UnknownNodeError: ``node`` is not a node id of the model's connectome.
    """
    index = model.connectome.index
    try:
        return index[node]
    except (KeyError, TypeError):  # TypeError: unhashable, never a node id
        pass
    ids = model.connectome.node_ids
    hint = ""
    if isinstance(node, int | np.integer) and not isinstance(node, bool):
        hint = f"; for the neuron at position {node} in node order use model.neurons.at({node})"
    raise UnknownNodeError(
        f"{where} takes node ids of the connectome ({len(ids)} nodes: {_shown(ids)}). "
        f"Got unknown node {node!r}{hint}."
    )


class Neurons:
    """The neurons of a model: a mapping by node id that iterates in node order.

    ``neurons[node]`` is the :class:`~neuroagents.sim.neuron.Neuron` of that node id;
    iterating gives the neurons (not the ids) in node order, as ``len``, slices and
    :meth:`at` do; ``keys``, ``values``, ``items`` and ``get`` work as on a dict.

    Args:
        model: the model the neurons belong to (its connectome gives the ids).
        neurons: one neuron per node, in node order.

    Examples:
        >>> import networkx as nx
        >>> import neuroagents as na
        >>> G = nx.path_graph(["a", "b", "c"])
        >>> m = na.NeuralModel(G, rule="sign", state=[1, -1, 1], rng=0)
        >>> m.neurons["b"].state, m.neurons.at(1).node, "b" in m.neurons
        (-1.0, 'b', True)
        >>> [n.node for n in m.neurons], list(m.neurons.keys())
        (['a', 'b', 'c'], ['a', 'b', 'c'])
        >>> m.neurons[1]  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        neuroagents.errors.UnknownNodeError: model.neurons takes node ids ... model.neurons.at(1).
    """

    __slots__ = ("_model", "by_position")

    def __init__(self, model: NeuralModel, neurons: Sequence[Neuron]) -> None:
        self._model = model
        #: The neurons as a tuple in node order (what the engines index by position).
        self.by_position: tuple[Neuron, ...] = tuple(neurons)

    @overload
    def __getitem__(self, key: slice) -> tuple[Neuron, ...]: ...
    @overload
    def __getitem__(self, key: Hashable) -> Neuron: ...
    def __getitem__(self, key: Any) -> Any:
        """The neuron of node id ``key``; a slice gives a tuple of neurons by position."""
        if isinstance(key, slice):
            return self.by_position[key]
        return self.by_position[position_of(self._model, key, "model.neurons")]

    def at(self, position: int) -> Neuron:
        """The neuron at ``position`` in node order (negative counts from the end).

        Raises:
            ValidationError: a position that is not an integer in [-n, n - 1].
        """
        n = len(self.by_position)
        i = check_int("position", position, "model.neurons.at", low=-n, high=n - 1)
        return self.by_position[i]

    def get(self, node: Hashable, default: Any = None) -> Any:
        """The neuron of node id ``node``, or ``default`` if there is none."""
        try:
            return self[node]
        except UnknownNodeError:
            return default

    def keys(self) -> list[Hashable]:
        """The node ids, in node order."""
        return list(self._model.connectome.node_ids)

    def values(self) -> tuple[Neuron, ...]:
        """The neurons, in node order."""
        return self.by_position

    def items(self) -> list[tuple[Hashable, Neuron]]:
        """``(node id, neuron)`` pairs, in node order."""
        return list(zip(self._model.connectome.node_ids, self.by_position, strict=True))

    def __iter__(self) -> Iterator[Neuron]:
        return iter(self.by_position)

    def __len__(self) -> int:
        return len(self.by_position)

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` is a node id (or one of these neurons)."""
        try:
            if key in self._model.connectome.index:
                return True
        except TypeError:  # unhashable: never a node id
            return False
        return any(key is nrn for nrn in self.by_position)

    def __repr__(self) -> str:
        ids = self._model.connectome.node_ids
        return f"Neurons({len(ids)} neurons by node id: {_shown(ids)})"

    def state_of(self, nodes: Any) -> float | np.ndarray:
        """The state of one node id, or the states of a list of node ids (an array).

        A key that is itself a node id is one node; on a graph whose ids are tuples (a
        grid graph, say) a tuple is always one node.

        Raises:
            UnknownNodeError: a node id the connectome does not have.
        """
        state, ids = self._model.arrays.state, self._model.connectome.node_ids
        tuple_ids = isinstance(nodes, tuple) and bool(ids) and isinstance(ids[0], tuple)
        if tuple_ids or _is_node(self._model, nodes):
            return float(state[position_of(self._model, nodes, "state_of")])
        return state[self.positions(nodes, "state_of")].copy()

    def positions(self, nodes: Iterable[Hashable], where: str) -> np.ndarray:
        """Array positions of node ids, in the order given.

        Raises:
            UnknownNodeError: a node id the connectome does not have.
        """
        if isinstance(nodes, str | bytes) or not isinstance(nodes, Iterable):
            nodes = [nodes]
        return np.array([position_of(self._model, v, where) for v in nodes], dtype=np.int64)

    def to_frame(self, columns: Sequence[str] = DEFAULT_COLUMNS) -> pd.DataFrame:
        """The neurons as a table indexed by node id (index name ``"node"``).

        Args:
            columns: array-backed neuron attributes (see
                :meth:`~neuroagents.sim.model.NeuralModel.neuron_array`), by default
                state, input, threshold and clamped.

        Raises:
            ValidationError: a column that is not an array-backed neuron attribute.
        """
        index = pd.Index(_object_array(self._model.connectome.node_ids), name="node")
        data = {c: np.array(self._model.neuron_array(c), copy=True) for c in columns}
        return pd.DataFrame(data, index=index)


def _is_node(model: NeuralModel, key: Any) -> bool:
    try:
        return key in model.connectome.index
    except TypeError:
        return False


def _object_array(values: Sequence[Hashable]) -> np.ndarray:
    # Element-wise: np.asarray would turn tuple node ids into a 2-D array.
    out = np.empty(len(values), dtype=object)
    for k, v in enumerate(values):
        out[k] = v
    return out


def merged_states(
    model: NeuralModel, states: Mapping[Hashable, Any], where: str = "set_state"
) -> np.ndarray:
    """The model's current states with those of ``states`` (node id -> value) laid over.

    Here the ids and that each value is a number; what the rule allows is checked by the
    caller, with the other states.

    Raises:
        UnknownNodeError: a node id the connectome does not have.
        ValidationError: an empty mapping.
    """
    if not states:
        raise ValidationError(
            f"The 'state' mapping of {where} must give a state for at least one node id. "
            "Got an empty mapping."
        )
    merged = model.arrays.state.copy()
    for node, value in states.items():
        i = position_of(model, node, f"The 'state' mapping of {where}")
        try:
            if isinstance(value, str | bytes):
                raise TypeError  # float() would parse "1"; a state given as a word is a mistake
            merged[i] = float(value)
        except (TypeError, ValueError, OverflowError):
            raise ValidationError(
                f"The 'state' mapping of {where} must map node ids to numbers. Got "
                f"{value!r} for node {node!r}."
            ) from None
    return merged
