"""The connectome: who connects to whom, with what weight, converted once to arrays.

Pieces:
    Connectome: node ids <-> indices, in-edges (CSR, for computing input), out-edges
        (CSR, for incremental updates) or one dense matrix, and node attributes.

Convention: ``W[i, j]`` is the weight of the synapse *from* ``j`` *to* ``i``, so the
input to neuron ``i`` is ``sum_j W[i, j] * s[j]``; a symmetric ``W`` (a Hopfield net)
is the same read either way.

Storage: weights are float32 and indices int32. A symmetric connectome keeps one CSR
for both directions (8 bytes a synapse); a directed one keeps two (16 bytes). Dense
connectomes (density >= 1/4 by default) are kept as one dense out-matrix (4 bytes a
slot), which is faster for the incremental updates of dense Hopfield nets.
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Hashable, Iterable, Mapping, Sequence
from os import PathLike
from typing import Any, Literal

import networkx as nx
import numpy as np
import scipy.sparse as sp

from neuroagents.connectome import csr, weight_sharing, weight_update
from neuroagents.connectome.edgelist import combine_duplicates, read_edgelist
from neuroagents.connectome.sparse_checks import checked_weights
from neuroagents.connectome.weight_update import WeightUpdate
from neuroagents.connectome.weight_values import as_weight_matrix, first_asymmetry, is_symmetric
from neuroagents.errors import ConnectomeError
from neuroagents.validation import check_choice

__all__ = ["Connectome", "WeightUpdate"]

Storage = Literal["auto", "dense", "sparse"]
WEIGHT_DTYPES = ("float32", "float64")
INDEX_DTYPE = np.int32
DENSE_DENSITY = 0.25


class Connectome:
    """A validated wiring diagram held as arrays.

    Build one with :meth:`from_networkx`, :meth:`from_matrix` or :meth:`from_edgelist`
    (or a builder in :mod:`neuroagents.connectome.builders`); every model accepts one, or a
    networkx graph that it converts with :meth:`from_networkx`.

    Attributes:
        node_ids: node ids in index order.
        index: node id -> index.
        node_attrs: per-node attribute arrays (``population``, ``threshold``, ``tau``…).
        graph_attrs: graph-level attributes carried over from networkx (e.g. patterns).
        directed: whether the connectome came from a directed source.

    Examples:
        >>> import networkx as nx
        >>> import neuroagents as na
        >>> G = nx.DiGraph()
        >>> G.add_edge("a", "b", weight=2.0)
        >>> G.add_edge("b", "c")
        >>> c = na.Connectome.from_networkx(G)
        >>> c.n_nodes, c.n_edges
        (3, 2)
        >>> c.to_dense()[c.index["b"], c.index["a"]]  # W[target, source]
        np.float32(2.0)
    """

    def __init__(
        self,
        weights: sp.sparray | sp.spmatrix | np.ndarray,
        *,
        node_ids: Sequence[Hashable] | None = None,
        node_attrs: Mapping[str, np.ndarray] | None = None,
        graph_attrs: Mapping[str, Any] | None = None,
        directed: bool | None = None,
        storage: Storage = "auto",
        weight_dtype: str = "float32",
    ) -> None:
        """Wrap a weight matrix ``W[target, source]``; prefer the ``from_*`` constructors.

        Args:
            weights: square dense or scipy.sparse matrix, ``W[i, j]`` = weight j -> i.
            node_ids: hashable ids in index order (default ``0..n-1``).
            node_attrs: arrays of length n, one per attribute.
            graph_attrs: graph-level metadata.
            directed: whether edges are directed; default: ``not symmetric``.
            storage: ``"dense"``, ``"sparse"`` or ``"auto"`` (dense if density >= 1/4).
            weight_dtype: ``"float32"`` (default, half the memory) or ``"float64"``
                (weights exactly as given, e.g. to match a float64 numpy computation).

        Raises:
            ConnectomeError: empty, non-square, non-finite or mislabelled input.
        """
        check_choice("storage", storage, "Connectome", ("auto", "dense", "sparse"))
        check_choice("weight_dtype", weight_dtype, "Connectome", WEIGHT_DTYPES)
        self.weight_dtype = np.dtype(weight_dtype)
        if directed is not None and not isinstance(directed, bool | np.bool_):
            raise ConnectomeError(
                "The 'directed' parameter of Connectome must be True, False or None. "
                f"Got {directed!r} ({type(directed).__name__})."
            )
        weights = checked_weights(weights, "Connectome")
        n = weights.shape[0]
        self.node_ids: list[Hashable] = list(range(n)) if node_ids is None else list(node_ids)
        if len(self.node_ids) != n:
            raise ConnectomeError(
                f"The 'node_ids' of a Connectome must have one id per row of the weight "
                f"matrix ({n}). Got {len(self.node_ids)} ids."
            )
        try:
            self.index: dict[Hashable, int] = {v: i for i, v in enumerate(self.node_ids)}
        except TypeError:
            bad = next(v for v in self.node_ids if not isinstance(v, Hashable))
            raise ConnectomeError(
                f"The 'node_ids' of a Connectome must be hashable. Got {bad!r}."
            ) from None
        if len(self.index) != n:
            raise ConnectomeError("The 'node_ids' of a Connectome must be unique.")

        w_in = as_weight_matrix(weights, self.weight_dtype, self.node_ids)

        nnz = w_in.nnz if sp.issparse(w_in) else int(np.count_nonzero(w_in))
        self.n_edges: int = int(nnz)
        if storage == "auto":
            storage = "dense" if nnz >= DENSE_DENSITY * n * n else "sparse"
        self.storage: str = storage

        self.symmetric: bool = is_symmetric(w_in)
        self.directed: bool = (not self.symmetric) if directed is None else bool(directed)
        self._dense_out: np.ndarray | None = None
        self._in: sp.csr_array | None = None
        self._out: sp.csr_array | None = None
        if storage == "dense":
            dense = w_in.toarray() if sp.issparse(w_in) else w_in
            # Row j of the out-matrix holds j's outgoing weights: contiguous for updates.
            self._dense_out = np.ascontiguousarray(dense if self.symmetric else dense.T)
        else:
            self._in = _as_int32_csr(w_in if sp.issparse(w_in) else sp.csr_array(w_in))
            self._out = self._in if self.symmetric else _as_int32_csr(self._in.T.tocsr())
        self._storage_request = storage
        previous = getattr(self, "_sharers", None)  # a rebuild stops sharing the old arrays
        if previous is not None:
            previous.discard(self)
        self._sharers: weakref.WeakSet[Connectome] = weakref.WeakSet([self])
        # A dense float array of the right dtype is kept, not copied: edits copy it first.
        self._borrowed = self._dense_out is not None and np.shares_memory(self._dense_out, weights)

        self.node_attrs: dict[str, np.ndarray] = {}
        for name, values in (node_attrs or {}).items():
            arr = np.asarray(values)
            if arr.shape != (n,):
                raise ConnectomeError(
                    f"The node attribute '{name}' must have one value per node ({n}). "
                    f"Got shape {arr.shape}."
                )
            self.node_attrs[name] = arr
        self.graph_attrs: dict[str, Any] = dict(graph_attrs or {})

    # ------------------------------------------------------------------ readers
    @classmethod
    def from_networkx(
        cls,
        graph: nx.Graph,
        *,
        weight: str = "weight",
        default_weight: float = 1.0,
        duplicates: str = "error",
        storage: Storage = "auto",
        weight_dtype: str = "float32",
    ) -> Connectome:
        """Convert a networkx Graph or DiGraph.

        Edge weights come from the ``weight`` attribute (``default_weight`` where an edge
        lacks it); an undirected edge is a synapse both ways. Node attributes become
        arrays (numbers as float with NaN where missing, anything else as objects);
        graph attributes are kept.

        Args:
            graph: any networkx graph with hashable node ids.
            weight: the edge attribute that holds weights.
            default_weight: the weight of an edge without that attribute.
            duplicates: parallel edges of a MultiGraph are an ``"error"`` (default),
                or their weights ``"sum"``, or the ``"last"`` edge wins.
            storage: see :class:`Connectome`.
            weight_dtype: ``"float32"`` or ``"float64"`` (see :class:`Connectome`).

        Returns:
            The connectome, nodes in ``graph.nodes`` order.

        Raises:
            ConnectomeError: not a graph, an empty graph, or non-numeric weights.
        """
        if not isinstance(graph, nx.Graph):
            raise ConnectomeError(
                "Connectome.from_networkx needs a networkx Graph or DiGraph. "
                f"Got {type(graph).__name__}."
            )
        if graph.number_of_nodes() == 0:
            raise ConnectomeError(
                "A Connectome needs at least one node. Got an empty graph (0 nodes)."
            )
        nodes = list(graph.nodes)
        index = {v: i for i, v in enumerate(nodes)}
        edges = list(graph.edges(data=True))
        pre, post, values = [u for u, _, _ in edges], [v for _, v, _ in edges], []
        for u, v, data in edges:
            w = data.get(weight, default_weight)
            try:
                values.append(float(w))
            except (TypeError, ValueError, OverflowError):
                raise ConnectomeError(
                    f"The '{weight}' of edge {u!r} -> {v!r} must be a real number. Got {w!r}."
                ) from None
        if graph.is_multigraph():  # parallel edges: the duplicates policy decides
            pre, post, values = combine_duplicates(
                pre, post, values, duplicates, directed=graph.is_directed(),
                where="Connectome.from_networkx",
            )  # fmt: skip
        src, tgt, wts = [], [], []
        for u, v, w in zip(pre, post, values, strict=True):
            src.append(index[u])
            tgt.append(index[v])
            wts.append(w)
            if not graph.is_directed() and u != v:
                src.append(index[v])
                tgt.append(index[u])
                wts.append(w)
        n = len(nodes)
        w_in = sp.coo_array(
            (np.asarray(wts, dtype=np.float64), (np.asarray(tgt), np.asarray(src))), shape=(n, n)
        ).tocsr()
        attrs = _node_attr_arrays(graph, nodes)
        return cls(
            w_in,
            node_ids=nodes,
            node_attrs=attrs,
            graph_attrs=dict(graph.graph),
            directed=graph.is_directed(),
            storage=storage,
            weight_dtype=weight_dtype,
        )

    @classmethod
    def from_matrix(
        cls,
        weights: np.ndarray | sp.sparray | sp.spmatrix,
        *,
        node_ids: Sequence[Hashable] | None = None,
        node_attrs: Mapping[str, np.ndarray] | None = None,
        storage: Storage = "auto",
        weight_dtype: str = "float32",
        **graph_attrs: Any,
    ) -> Connectome:
        """Wrap a dense numpy or scipy.sparse matrix with ``W[target, source]``.

        A complete graph is simply a dense matrix: every nonzero entry is a synapse.

        Examples:
            >>> import numpy as np
            >>> import neuroagents as na
            >>> c = na.Connectome.from_matrix(np.array([[0.0, 1.0], [1.0, 0.0]]))
            >>> c.symmetric, c.storage
            (True, 'dense')
        """
        return cls(
            weights,
            node_ids=node_ids,
            node_attrs=node_attrs,
            graph_attrs=graph_attrs,
            storage=storage,
            weight_dtype=weight_dtype,
        )

    @classmethod
    def from_edgelist(
        cls,
        path: str | PathLike[str],
        *,
        nodes: Iterable[Hashable] | None = None,
        directed: bool = True,
        duplicates: str = "error",
        storage: Storage = "auto",
        weight_dtype: str = "float32",
    ) -> Connectome:
        """Read an edge-list CSV with columns ``source``, ``target`` and optional ``weight``.

        Ids are read as text (integers as int). Every row needs both ids and, if the
        column is there, a numeric weight: empty or NaN-like cells are refused rather
        than guessed (see :mod:`neuroagents.connectome.edgelist`).

        Args:
            path: the CSV file.
            nodes: all node ids in order (default: in order of first appearance).
            directed: if False, each row is a synapse both ways.
            duplicates: a synapse given twice is an ``"error"`` (default), or its
                weights ``"sum"``, or the ``"last"`` row wins.
            storage: see :class:`Connectome`.
            weight_dtype: ``"float32"`` or ``"float64"`` (see :class:`Connectome`).

        Raises:
            ConnectomeError: an unreadable or malformed file, missing columns or cells,
                unknown nodes, non-numeric weights, or a duplicate synapse.
        """
        sources, targets, weights = read_edgelist(path)
        node_list = list(dict.fromkeys([*sources, *targets])) if nodes is None else list(nodes)
        known = set(node_list)
        for s, t in zip(sources, targets, strict=True):
            if s not in known or t not in known:
                raise ConnectomeError(
                    f"The edge {s!r} -> {t!r} in {str(path)!r} names a node not in 'nodes'."
                )
        sources, targets, weights = combine_duplicates(
            sources, targets, weights, duplicates, directed=directed,
            where=f"Connectome.from_edgelist({str(path)!r})",
        )  # fmt: skip
        graph = nx.DiGraph() if directed else nx.Graph()
        graph.add_nodes_from(node_list)
        graph.add_weighted_edges_from(zip(sources, targets, weights, strict=True))
        return cls.from_networkx(graph, storage=storage, weight_dtype=weight_dtype)

    def to_networkx(self) -> nx.Graph:
        """Convert back: a Graph if undirected, else a DiGraph, with ``weight`` and node attrs."""
        graph: nx.Graph = nx.DiGraph() if self.directed else nx.Graph()
        graph.graph.update(self.graph_attrs)
        for i, node in enumerate(self.node_ids):
            graph.add_node(node, **{k: _py(v[i]) for k, v in self.node_attrs.items()})
        coo = sp.coo_array(self.to_scipy())
        ids = self.node_ids
        for t, s, w in zip(coo.row, coo.col, coo.data, strict=True):
            if not self.directed and s > t:
                continue
            graph.add_edge(ids[s], ids[t], weight=float(w))
        return graph

    def copy(self) -> Connectome:
        """An independent copy: weights copied now, ids and attributes shared read-only.

        Models never need this: each builds on its own object sharing these arrays and
        copies them only when its weights are first edited (see
        :mod:`neuroagents.connectome.weight_sharing`).
        """
        other = weight_sharing.share(self)
        weight_sharing.own_storage(other)
        return other

    # ------------------------------------------------------------------ views
    @property
    def n_nodes(self) -> int:
        """Number of neurons."""
        return len(self.node_ids)

    def to_scipy(self) -> sp.csr_array:
        """The in-weight matrix ``W[target, source]`` as a CSR array (float32)."""
        if self._in is not None:
            return self._in
        return sp.csr_array(self._dense_out.T)

    def to_dense(self) -> np.ndarray:
        """The in-weight matrix ``W[target, source]`` as a dense float32 array."""
        if self._dense_out is not None:
            # The out-matrix is W transposed; when W is symmetric it is W itself, and
            # handing out that C-contiguous array keeps row reads fast for callers.
            return self._dense_out if self.symmetric else self._dense_out.T
        return self._in.toarray()

    def input_from(self, state: np.ndarray) -> np.ndarray:
        """Synaptic input ``W @ state`` to every neuron, in float64."""
        s = np.asarray(state, dtype=np.float64)
        if self._in is not None and s.shape == (self.n_nodes,):
            field = np.empty(self.n_nodes)
            csr.pull_input_rows(s, *self.kernel_in_arrays(), field)
            return field
        return csr.compute_input(s, *self.kernel_out_arrays(), *self.kernel_in_arrays())

    def in_edges(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Indices and weights of the neurons that synapse onto neuron ``i``."""
        if self._in is not None:
            a, b = self._in.indptr[i], self._in.indptr[i + 1]
            return self._in.indices[a:b], self._in.data[a:b]
        row = self._dense_out[i] if self.symmetric else self._dense_out[:, i]
        idx = np.flatnonzero(row).astype(INDEX_DTYPE)
        return idx, row[idx]

    def out_edges(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Indices and weights of the neurons that neuron ``j`` synapses onto."""
        if self._out is not None:
            a, b = self._out.indptr[j], self._out.indptr[j + 1]
            return self._out.indices[a:b], self._out.data[a:b]
        row = self._dense_out[j]
        idx = np.flatnonzero(row).astype(INDEX_DTYPE)
        return idx, row[idx]

    def kernel_out_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Out-edge arrays for the compiled kernels: (indptr, indices, weights, dense).

        Exactly one of the two storages is real; the other is an empty placeholder so
        that every kernel compiles once for both. Indices are a uint32 view.
        """
        if self._dense_out is not None:
            return (
                np.zeros(1, INDEX_DTYPE),
                np.zeros(0, np.uint32),
                np.zeros(0, self.weight_dtype),
                self._dense_out,
            )
        out = self._out
        return (out.indptr, _unsigned(out.indices), out.data, np.zeros((0, 0), self.weight_dtype))

    def kernel_in_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """In-edge CSR arrays (indptr, indices, weights); empty for dense storage."""
        if self._in is None:
            return np.zeros(1, INDEX_DTYPE), np.zeros(0, np.uint32), np.zeros(0, self.weight_dtype)
        return self._in.indptr, _unsigned(self._in.indices), self._in.data

    def synapse_weights(self, targets: np.ndarray, sources: np.ndarray) -> np.ndarray:
        """Weights ``W[targets[k], sources[k]]`` (by index), 0 where there is no synapse."""
        t = np.asarray(targets, dtype=np.int64)
        s = np.asarray(sources, dtype=np.int64)
        if self._dense_out is not None:
            return self._dense_out[s, t].astype(np.float64)
        pos = csr.find_positions(self._in.indptr, self._in.indices, t, s)
        return np.where(pos >= 0, self._in.data[np.maximum(pos, 0)], 0.0)

    # ------------------------------------------------------------------ plasticity
    def update_weights(
        self,
        weights: np.ndarray | sp.sparray | None = None,
        *,
        delta: np.ndarray | sp.sparray | None = None,
        edges: Iterable[tuple[Hashable, Hashable, float]] | None = None,
        rebuild: bool = False,
    ) -> WeightUpdate:
        """Change existing synapses' weights in place.

        Give exactly one of ``weights`` (the new matrix ``W[target, source]``, dense or
        scipy.sparse), ``delta`` (added to W) or ``edges`` (``(pre, post, w)`` node-id
        triples). Sparse storage keeps its structure: a weight for a missing synapse is
        refused unless ``rebuild=True``; synapses set to 0 stay in the structure.
        A model's inputs follow only through :meth:`NeuralModel.update_weights
        <neuroagents.sim.model.NeuralModel.update_weights>`, which calls this. Weights
        are copy-on-write: if models (or copies) still share this connectome's arrays,
        they are copied first, so those models keep the weights they were built on.

        Returns:
            The synapses that changed (or ``targets=None`` when inputs must be
            recomputed from scratch).

        Raises:
            ConnectomeError: a missing synapse, a wrong shape, or a non-finite weight.

        Examples:
            >>> import numpy as np
            >>> import neuroagents as na
            >>> c = na.Connectome.from_matrix(np.array([[0.0, 1.0], [1.0, 0.0]]), storage="sparse")
            >>> _ = c.update_weights(edges=[(0, 1, 3.0)])  # the synapse 0 -> 1
            >>> c.to_dense().tolist(), c.symmetric
            ([[0.0, 1.0], [3.0, 0.0]], False)
        """
        return weight_update.update_weights(
            self, weights, delta=delta, edges=edges, rebuild=rebuild
        )

    def _after_update(self, *, symmetric: bool | None, edges: int | None) -> None:
        """Bring flags and the out-edges in line after ``weight_update`` changed weights.

        ``symmetric=None``: unknown; recompute it and rebuild the out-edges from the
        in-edges (a shared symmetric CSR splits in two if the weights lost symmetry).
        """
        if edges is not None:
            self.n_edges = int(edges)
        if symmetric is None and self._in is not None:
            symmetric = is_symmetric(self._in)
            if symmetric:
                self._out = self._in
            else:
                self._out = _as_int32_csr(self._in.T.tocsr())
        self.symmetric = bool(symmetric)
        if not self.symmetric:
            self.directed = True

    def _rebuild(self, weights: sp.csr_array) -> None:
        """Re-create the storage from a new weight matrix, keeping ids and attributes."""
        self.__init__(
            weights,
            node_ids=self.node_ids,
            node_attrs=self.node_attrs,
            graph_attrs=self.graph_attrs,
            directed=self.directed or not is_symmetric(sp.csr_array(weights)),
            storage=self._storage_request,
            weight_dtype=self.weight_dtype.name,
        )

    @property
    def nbytes(self) -> int:
        """Bytes held by the weight arrays (both directions, indices included)."""
        if self._dense_out is not None:
            return int(self._dense_out.nbytes)
        mats = [self._in] if self._out is self._in else [self._in, self._out]
        return int(sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in mats))

    @property
    def bytes_per_synapse(self) -> float:
        """``nbytes / n_edges``: the memory a synapse costs in this storage."""
        return self.nbytes / max(self.n_edges, 1)

    def has_self_loops(self) -> bool:
        """Whether any neuron synapses onto itself with a nonzero weight."""
        return bool(np.any(self._diagonal() != 0))

    def _diagonal(self) -> np.ndarray:
        if self._dense_out is not None:
            return np.diagonal(self._dense_out)
        return self._in.diagonal()

    # ------------------------------------------------------------------ checks
    def check_no_self_loops(self, where: str) -> None:
        """Raise if any neuron synapses onto itself (a model that forbids it calls this)."""
        diag = self._diagonal()
        loops = np.flatnonzero(diag != 0)
        if loops.size:
            i = int(loops[0])
            raise ConnectomeError(
                f"{where} forbids self-loops, but the connectome has {loops.size}: "
                f"node {self.node_ids[i]!r} has weight {float(diag[i])} onto itself. "
                "Remove them (e.g. zero the diagonal)."
            )

    def check_symmetric(self, where: str, *, allow_asymmetric: bool = False) -> None:
        """Raise (or, if allowed, warn) unless ``W[i, j] == W[j, i]`` everywhere."""
        if self.symmetric:
            return
        i, j, wij, wji = first_asymmetry(self.to_scipy())
        msg = (
            f"{where} needs symmetric weights, but W[{self.node_ids[i]!r}, "
            f"{self.node_ids[j]!r}] = {wij} while W[{self.node_ids[j]!r}, "
            f"{self.node_ids[i]!r}] = {wji}."
        )
        if not allow_asymmetric:
            raise ConnectomeError(msg + " Pass allow_asymmetric=True to run it anyway.")
        warnings.warn(
            msg + " Running anyway: convergence is no longer guaranteed.",
            RuntimeWarning,
            stacklevel=3,
        )

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        return (
            f"Connectome({self.n_nodes} nodes, {self.n_edges} synapses, {kind}, "
            f"{self.storage} storage)"
        )


def _as_int32_csr(m: sp.csr_array) -> sp.csr_array:  # keeps the weights' dtype
    m = sp.csr_array(m)
    m.indices = m.indices.astype(INDEX_DTYPE, copy=False)
    # scipy needs indptr and indices of one dtype (coo conversion fails otherwise).
    if m.nnz <= np.iinfo(INDEX_DTYPE).max:
        m.indptr = m.indptr.astype(INDEX_DTYPE, copy=False)
    return m


def _unsigned(indices: np.ndarray) -> np.ndarray:
    return indices.view(np.uint32) if indices.dtype == np.int32 else indices.astype(np.uint64)


def _node_attr_arrays(graph: nx.Graph, nodes: list[Hashable]) -> dict[str, np.ndarray]:
    names: dict[str, None] = {}
    for _, data in graph.nodes(data=True):
        names.update(dict.fromkeys(data))
    attrs: dict[str, np.ndarray] = {}
    for name in names:
        values = [graph.nodes[v].get(name) for v in nodes]
        numeric = all(
            isinstance(x, int | float | np.number) and not isinstance(x, bool)
            for x in values
            if x is not None
        )
        if numeric:
            attrs[name] = np.array([np.nan if x is None else x for x in values], dtype=float)
        else:
            attrs[name] = np.array(values, dtype=object)
    return attrs


def _py(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
