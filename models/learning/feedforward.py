"""Layered sigmoid networks held as arrays: the ANN that evolution and backprop both train.

A net with layer sizes ``n_0, n_1, …, n_L`` computes, for an input ``a_0 = x``,

    a_l = σ(W_l a_{l-1} − θ_l),    l = 1 … L,    σ(z) = 1 / (1 + e^{−z}),

so every output lies in (0, 1). ``W_l[i, j]`` is the synapse from unit ``j`` of layer
``l−1`` to unit ``i`` of layer ``l`` (the core's ``W[target, source]``), and ``θ_l`` are
the thresholds of layer ``l`` (the node attribute ``threshold`` of the core). The loss
of a net on examples ``(x_b, y_b)`` is the mean squared error over examples *and*
outputs,

    L = 1/(B·n_L) Σ_b Σ_o (a_{L,o}(x_b) − y_{b,o})²,

so for targets in {0, 1} a net that always answers 1/2 has L = 1/4 exactly.

The architecture comes from the core: :meth:`LayeredNet.random` builds it with
:func:`neuroagents.connectome.builders.layered` and :meth:`LayeredNet.from_connectome` extracts the
per-layer matrices from any such Connectome once; :meth:`LayeredNet.to_connectome`
turns a (trained) net back into a Connectome for the rest of the library.

Pieces:
    LayeredNet: per-layer weights and thresholds; forward pass, loss, Connectome round trip.
    ParameterLayout: the map between per-layer arrays and one flat parameter vector
        (genes are the entries of that vector).
    activations: the forward pass for stacks of nets, ``W_l`` of shape ``(..., n_l, n_{l-1})``.
    mse: the loss above, per net of a stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import expit

from neuroagents.connectome import Connectome, builders
from neuroagents.errors import ConnectomeError, ValidationError

__all__ = ["LayeredNet", "ParameterLayout", "activations", "mse"]


def activations(
    weights: Sequence[np.ndarray],
    thresholds: Sequence[np.ndarray],
    x: np.ndarray,
    hidden: Callable[[np.ndarray], np.ndarray] | None = None,
) -> list[np.ndarray]:
    """Forward pass of one net or of a stack of nets: ``[a_0, a_1, …, a_L]``.

    Leading axes broadcast: with ``W_l`` of shape ``(P, n_l, n_{l-1})``, ``θ_l`` of shape
    ``(P, n_l)`` and ``x`` of shape ``(B, n_0)``, every ``a_l`` (l ≥ 1) has shape
    ``(P, B, n_l)``: P nets evaluated on one minibatch by batched matrix products, no
    Python loop over the nets.

    Args:
        weights: ``W_1 … W_L``, each ``(..., n_l, n_{l-1})``.
        thresholds: ``θ_1 … θ_L``, each ``(..., n_l)``.
        x: inputs, ``(..., B, n_0)``.
        hidden: the nonlinearity of the hidden layers, a function of the drive
            ``W_l a_{l−1} − θ_l`` (default the sigmoid; e.g. the binary units of
            :class:`~neuroagents.models.learning.units.HiddenUnits`). The output layer is
            always sigmoid, so outputs stay in (0, 1).

    Returns:
        The activations of every layer, the input first.

    Examples:
        >>> W = [np.array([[1.0, -1.0]])]
        >>> theta = [np.array([0.0])]
        >>> activations(W, theta, np.array([[2.0, 2.0]]))[-1]
        array([[0.5]])
    """
    a = np.asarray(x, dtype=np.float64)
    out = [a]
    last = len(weights) - 1
    for k, (w, theta) in enumerate(zip(weights, thresholds, strict=True)):
        f = expit if hidden is None or k == last else hidden
        a = f(a @ np.swapaxes(w, -1, -2) - theta[..., None, :])
        out.append(a)
    return out


def mse(output: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Mean squared error over the last two axes (examples, outputs): one loss per net.

    Examples:
        >>> float(mse(np.full((4, 2), 0.5), np.array([[0, 1]] * 4)))
        0.25
    """
    diff = output - target
    return np.mean(diff * diff, axis=(-2, -1))


@dataclass(frozen=True, slots=True)
class ParameterLayout:
    """Where each layer's weights and thresholds sit in one flat parameter vector.

    The vector holds, layer by layer, ``W_l`` row by row (``W_l[i, j]`` at offset
    ``i·n_{l-1} + j`` of its block) followed by ``θ_l``. A gene of NNevolution is one
    entry of this vector.

    Attributes:
        sizes: the layer sizes ``n_0 … n_L``.

    Examples:
        >>> layout = ParameterLayout((2, 3, 1))
        >>> layout.n_parameters   # 2*3 + 3 + 3*1 + 1
        13
        >>> ws, ts = layout.split(np.arange(13.0))
        >>> ws[1].tolist(), ts[1].tolist()
        ([[9.0, 10.0, 11.0]], [12.0])
    """

    sizes: tuple[int, ...]

    @property
    def n_parameters(self) -> int:
        """Number of weights plus thresholds."""
        return sum(o * i + o for i, o in zip(self.sizes[:-1], self.sizes[1:], strict=True))

    def split(self, flat: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per-layer ``W_l`` ``(..., n_l, n_{l-1})`` and ``θ_l`` ``(..., n_l)`` of ``(..., G)``."""
        flat = np.asarray(flat)
        lead = flat.shape[:-1]
        weights, thresholds, at = [], [], 0
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            weights.append(flat[..., at : at + n_out * n_in].reshape(*lead, n_out, n_in))
            at += n_out * n_in
            thresholds.append(flat[..., at : at + n_out])
            at += n_out
        return weights, thresholds

    def join(self, weights: Sequence[np.ndarray], thresholds: Sequence[np.ndarray]) -> np.ndarray:
        """The flat vector ``(..., G)`` of per-layer arrays (the inverse of :meth:`split`)."""
        parts = []
        for w, theta in zip(weights, thresholds, strict=True):
            parts.append(w.reshape(*w.shape[:-2], -1))
            parts.append(theta)
        return np.concatenate(parts, axis=-1)


class LayeredNet:
    """A feed-forward sigmoid net: per-layer weight matrices and thresholds in arrays.

    Args:
        weights: ``W_1 … W_L``, ``W_l`` of shape ``(n_l, n_{l-1})`` (``W[target, source]``).
        thresholds: ``θ_1 … θ_L`` (default zeros).

    Raises:
        ValidationError: shapes that do not chain, or non-finite values.

    Examples:
        >>> net = LayeredNet.random([3, 4, 2], rng=0)
        >>> net.sizes
        (3, 4, 2)
        >>> net.forward(np.zeros((5, 3))).shape
        (5, 2)
        >>> c = net.to_connectome()
        >>> c.n_nodes, c.n_edges, c.node_attrs["population"][-1]
        (9, 20, 'layer2')
        >>> back = LayeredNet.from_connectome(c)
        >>> bool(np.allclose(back.weights[0], net.weights[0], atol=1e-6))
        True
    """

    def __init__(
        self,
        weights: Sequence[np.ndarray],
        thresholds: Sequence[np.ndarray] | None = None,
    ) -> None:
        self.weights = [np.array(w, dtype=np.float64) for w in weights]
        if not self.weights:
            raise ValidationError("A LayeredNet needs at least one weight matrix. Got none.")
        if thresholds is None:
            thresholds = [np.zeros(w.shape[0]) for w in self.weights]
        self.thresholds = [np.array(t, dtype=np.float64) for t in thresholds]
        if len(self.thresholds) != len(self.weights):
            raise ValidationError(
                f"A LayeredNet needs one threshold vector per weight matrix "
                f"({len(self.weights)}). Got {len(self.thresholds)}."
            )
        for k, (w, t) in enumerate(zip(self.weights, self.thresholds, strict=True)):
            if w.ndim != 2 or t.shape != (w.shape[0],):
                raise ValidationError(
                    f"Layer {k + 1} of a LayeredNet must have W of shape (n_out, n_in) and "
                    f"thresholds of shape (n_out,). Got {w.shape} and {t.shape}."
                )
            if k and w.shape[1] != self.weights[k - 1].shape[0]:
                raise ValidationError(
                    f"The weights of layer {k + 1} take {w.shape[1]} inputs, but layer {k} "
                    f"has {self.weights[k - 1].shape[0]} units."
                )
            if not (np.isfinite(w).all() and np.isfinite(t).all()):
                raise ValidationError(f"Layer {k + 1} of a LayeredNet has non-finite values.")

    # ------------------------------------------------------------------ builders
    @classmethod
    def random(cls, sizes: Sequence[int], *, rng: Any = None, weight_scale: float = 1.0):
        """The net of ``connectome.builders.layered`` (Normal(0, scale²/fan_in)), θ = 0."""
        return cls.from_connectome(builders.layered(sizes, rng=rng, weight_scale=weight_scale))

    @classmethod
    def from_connectome(cls, connectome: Connectome) -> LayeredNet:
        """Extract the per-layer matrices of a layered connectome, once.

        The nodes must be ``(layer, unit)`` tuples numbering layers 0 … L and units
        0 … n_l − 1 (as :func:`~neuroagents.connectome.builders.layered` makes them), and every
        synapse must go from layer ``l−1`` to layer ``l``. Thresholds come from the node
        attribute ``threshold`` (missing: 0).

        Raises:
            ConnectomeError: node ids that are not ``(layer, unit)``, or a synapse that
                is not between consecutive layers.
        """
        ids = connectome.node_ids
        bad = [v for v in ids if not (isinstance(v, tuple) and len(v) == 2)]
        if bad:
            raise ConnectomeError(
                "LayeredNet.from_connectome needs (layer, unit) node ids, as "
                f"builders.layered makes them. Got node {bad[0]!r}."
            )
        n_layers = max(v[0] for v in ids) + 1
        index = [
            sorted((v[1], connectome.index[v]) for v in ids if v[0] == k) for k in range(n_layers)
        ]
        for k, units in enumerate(index):
            if [u for u, _ in units] != list(range(len(units))) or not units:
                raise ConnectomeError(
                    f"Layer {k} of the connectome must have units 0 … n−1. "
                    f"Got {[u for u, _ in units]}."
                )
        rows = [np.array([i for _, i in units]) for units in index]
        dense = connectome.to_dense().astype(np.float64)
        theta_all = connectome.node_attrs.get("threshold")
        theta_all = np.zeros(len(ids)) if theta_all is None else theta_all.astype(np.float64)
        theta_all = np.nan_to_num(theta_all, nan=0.0)
        weights = [dense[np.ix_(rows[k], rows[k - 1])] for k in range(1, n_layers)]
        allowed = np.zeros(dense.shape, dtype=bool)
        for k in range(1, n_layers):
            allowed[np.ix_(rows[k], rows[k - 1])] = True
        stray = np.argwhere((dense != 0) & ~allowed)
        if stray.size:
            tgt, src = (int(v) for v in stray[0])
            raise ConnectomeError(
                f"A LayeredNet connects only consecutive layers, but the connectome has a "
                f"synapse {ids[src]!r} -> {ids[tgt]!r}."
            )
        thresholds = [theta_all[rows[k]] for k in range(1, n_layers)]
        return cls(weights, thresholds)

    def to_connectome(self, *, weight_dtype: str = "float32") -> Connectome:
        """This net as a Connectome: ``(layer, unit)`` nodes, ``population`` and ``threshold``.

        Weights are stored as float32 there by default (the core's storage;
        ``weight_dtype="float64"`` keeps them exactly); a weight of exactly 0 is no synapse.
        """
        threshold = np.concatenate([np.zeros(self.sizes[0]), *self.thresholds])
        return builders.layered_from_weights(
            self.weights, node_attrs={"threshold": threshold}, weight_dtype=weight_dtype
        )

    # ------------------------------------------------------------------ views
    @property
    def sizes(self) -> tuple[int, ...]:
        """Layer sizes ``n_0 … n_L``."""
        return (self.weights[0].shape[1], *(w.shape[0] for w in self.weights))

    @property
    def layout(self) -> ParameterLayout:
        """The flat-vector layout of this net's parameters."""
        return ParameterLayout(self.sizes)

    def parameters(self) -> np.ndarray:
        """All weights and thresholds as one flat vector (see :class:`ParameterLayout`)."""
        return self.layout.join(self.weights, self.thresholds)

    @classmethod
    def from_parameters(cls, sizes: Sequence[int], flat: np.ndarray) -> LayeredNet:
        """The net with layer ``sizes`` whose flat parameter vector is ``flat``."""
        layout = ParameterLayout(tuple(int(s) for s in sizes))
        flat = np.asarray(flat, dtype=np.float64)
        if flat.shape != (layout.n_parameters,):
            raise ValidationError(
                f"The 'flat' parameter of LayeredNet.from_parameters must have "
                f"{layout.n_parameters} entries for sizes {list(sizes)}. Got shape {flat.shape}."
            )
        weights, thresholds = layout.split(flat)
        return cls(weights, thresholds)

    def copy(self) -> LayeredNet:
        """An independent copy."""
        return LayeredNet(self.weights, self.thresholds)

    def activations(self, x: np.ndarray) -> list[np.ndarray]:
        """``[a_0, …, a_L]`` for inputs ``x`` of shape ``(B, n_0)``."""
        return activations(self.weights, self.thresholds, x)

    def forward(self, x: np.ndarray) -> np.ndarray:
        """The outputs ``a_L``, shape ``(B, n_L)``, each in (0, 1)."""
        return self.activations(x)[-1]

    def loss(self, x: np.ndarray, y: np.ndarray) -> float:
        """Mean squared error over examples and outputs."""
        return float(mse(self.forward(x), y))

    def __repr__(self) -> str:
        return f"LayeredNet(sizes={list(self.sizes)})"
