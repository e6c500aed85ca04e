"""Backprop and its biologically plausible cousins: feedback alignment and sign updates.

Backprop sends the output error back through the transposes of the forward weights:
for the layered sigmoid nets of :mod:`~neuroagents.models.learning.feedforward` with loss
``L = mean_{b,o} (a_L − y)²``,

    δ_L = 2/(B·n_L) · (a_L − y) ⊙ a_L(1 − a_L)
    δ_{l−1} = (W_lᵀ δ_l) ⊙ a_{l−1}(1 − a_{l−1})
    ∂L/∂W_l = δ_l a_{l−1}ᵀ,    ∂L/∂θ_l = −Σ_b δ_l.

No synapse is known to carry ``W_lᵀ`` backwards. **Feedback alignment** (Lillicrap et
al. 2016) replaces ``W_lᵀ`` by a fixed random matrix ``B_l`` (shape ``n_{l−1} × n_l``)
that never learns: "constant, non-plastic random weights in the backward pathway
suffice for learning". The forward weights then come to align with ``B_lᵀ``, and the
update FA delivers comes within 90° of the true gradient. With ``B_l = W_lᵀ`` it is
exactly backprop.

The rules (η the learning rate, g the gradient or FA's pseudo-gradient):

=========  =======================================  ==========================
rule       step                                     reference
=========  =======================================  ==========================
sgd        W ← W − η g  (g by backprop)              Rumelhart et al. 1986
signsgd    W ← W − η sign(g)  (g by backprop)        Bernstein et al. 2018
fa         W ← W − η g  (g through fixed random B)   Lillicrap et al. 2016
signfa     W ← W − η sign(g)  (g through B)          sign-symmetry variants
=========  =======================================  ==========================

Pieces:
    Gradients: per-layer gradients (or FA pseudo-gradients) and the loss.
    gradients: backprop, or the backward pass through given feedback matrices.
    random_feedback: the fixed random B_l of feedback alignment.
    structured_feedback: random B_l that are also sparse or of low rank.
    GradientLearner: one net trained by one of the rules above, a minibatch a step;
        optionally with sign-concordant feedback, or other hidden units
        (:class:`~neuroagents.models.learning.units.HiddenUnits`).
    angle_degrees, update_angle, alignment_angle, layer_alignment_angles: the
        feedback-alignment diagnostics.

The diagnostics over training (experiment ``feedback_alignment``) are in
:mod:`~neuroagents.models.learning.experiments.alignment`.

References:
    Lillicrap, Cownden, Tweed, Akerman (2016), Random synaptic feedback weights support
    error backpropagation for deep learning, Nature Communications 7:13276.
    Bernstein, Wang, Azizzadenesheli, Anandkumar (2018), signSGD: compressed
    optimisation for non-convex problems, ICML.
    Liao, Leibo, Poggio (2016), How important is weight symmetry in backpropagation?
    AAAI (sign-concordant feedback).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.models.learning.feedforward import LayeredNet, activations
from neuroagents.models.learning.units import HiddenUnits
from neuroagents.validation import as_generator, check_choice, check_int, check_real

__all__ = [
    "RULES",
    "GradientLearner",
    "Gradients",
    "alignment_angle",
    "angle_degrees",
    "gradients",
    "layer_alignment_angles",
    "random_feedback",
    "structured_feedback",
    "update_angle",
]

RULES = ("sgd", "signsgd", "fa", "signfa")


@dataclass(frozen=True)
class Gradients:
    """Per-layer ``∂L/∂W_l`` and ``∂L/∂θ_l`` (FA: the pseudo-gradients), and the loss.

    Attributes:
        weights: one array per layer, the shape of ``W_l``.
        thresholds: one array per layer, the shape of ``θ_l``.
        loss: the minibatch loss at the current weights.
    """

    weights: list[np.ndarray]
    thresholds: list[np.ndarray]
    loss: float

    def flat(self, layers: slice = slice(None)) -> np.ndarray:
        """The chosen layers' weight and threshold gradients as one vector."""
        parts = [g.ravel() for g in self.weights[layers]]
        parts += [g.ravel() for g in self.thresholds[layers]]
        return np.concatenate(parts)


def gradients(
    net: LayeredNet,
    x: np.ndarray,
    y: np.ndarray,
    feedback: Sequence[np.ndarray] | None = None,
) -> Gradients:
    """The gradient of the loss by backprop, or FA's update through ``feedback``.

    Args:
        net: the net.
        x: inputs ``(B, n_0)``.
        y: targets ``(B, n_L)``.
        feedback: ``None`` for backprop, or ``B_2 … B_L`` with ``B_l`` of shape
            ``(n_{l−1}, n_l)`` used in place of ``W_lᵀ`` (``B_1`` is never needed:
            nothing is sent back below the first layer).

    Returns:
        The per-layer (pseudo-)gradients and the loss.

    Examples:
        >>> net = LayeredNet.random([2, 3, 1], rng=0)
        >>> x, y = np.array([[1.0, -1.0]]), np.array([[1.0]])
        >>> g = gradients(net, x, y)
        >>> same = gradients(net, x, y, feedback=[net.weights[1].T.copy()])
        >>> all(np.array_equal(a, b) for a, b in zip(g.weights, same.weights))
        True
    """
    if feedback is None:
        backward = net.weights[1:]
    else:
        backward = _backward_matrices(net, feedback)
    return _backprop(net, x, y, backward)


def _backward_matrices(net: LayeredNet, feedback: Sequence[np.ndarray]) -> list[np.ndarray]:
    # Stored as B_lᵀ, C-contiguous like W_l, so that B_l = W_lᵀ gives bit-identical sums.
    if len(feedback) != len(net.weights) - 1:
        raise ValidationError(
            f"The 'feedback' parameter must hold one matrix per layer above the first "
            f"({len(net.weights) - 1}). Got {len(feedback)}."
        )
    out = []
    for k, (b, w) in enumerate(zip(feedback, net.weights[1:], strict=True), start=2):
        b = np.asarray(b, dtype=np.float64)
        if b.shape != w.T.shape:
            raise ValidationError(
                f"The feedback matrix B_{k} must have the shape of W_{k}ᵀ {w.T.shape}. "
                f"Got {b.shape}."
            )
        out.append(np.ascontiguousarray(b.T))
    return out


def _backprop(
    net: LayeredNet,
    x: np.ndarray,
    y: np.ndarray,
    backward: Sequence[np.ndarray],
    units: HiddenUnits | None = None,
) -> Gradients:
    if units is None:
        acts = activations(net.weights, net.thresholds, x)
        # Written as e * a * (1 - a), in this order, so the results stay bit for bit.
        return _backward_pass(
            net, acts, y, backward, lambda layer, e: e * acts[layer] * (1.0 - acts[layer])
        )
    # The hidden layers' derivative comes from ``units``, which needs the drives z, not
    # only the outputs: a step unit's output does not determine σ'(z).
    acts, drives = [np.asarray(x, dtype=np.float64)], []
    last = len(net.weights) - 1
    for k, (w, theta) in enumerate(zip(net.weights, net.thresholds, strict=True)):
        z = acts[-1] @ w.T - theta
        drives.append(z)
        acts.append(1.0 / (1.0 + np.exp(-z)) if k == last else units(z))
    return _backward_pass(
        net,
        acts,
        y,
        backward,
        lambda layer, e: e * units.derivative(drives[layer - 1], acts[layer]),
    )


def _backward_pass(
    net: LayeredNet,
    acts: Sequence[np.ndarray],
    y: np.ndarray,
    backward: Sequence[np.ndarray],
    through_units: Callable[[int, np.ndarray], np.ndarray],
) -> Gradients:
    # Squared-error gradients with a sigmoid output layer; the error reaches hidden layer
    # ``layer`` through ``backward`` (Wᵀ for backprop, B for feedback alignment), then
    # through that layer's units (``through_units`` multiplies by their derivative).
    out = acts[-1]
    diff = out - y
    loss = float(np.mean(diff * diff))
    delta = (2.0 / diff.size) * diff * out * (1.0 - out)
    n = len(net.weights)
    g_w: list[np.ndarray] = [np.empty(0)] * n
    g_t: list[np.ndarray] = [np.empty(0)] * n
    for layer in range(n - 1, -1, -1):
        g_w[layer] = delta.T @ acts[layer]
        g_t[layer] = -delta.sum(axis=0)
        if layer:
            delta = through_units(layer, delta @ backward[layer - 1])
    return Gradients(g_w, g_t, loss)


def random_feedback(net: LayeredNet, rng: Any = None, scale: float = 1.0) -> list[np.ndarray]:
    """FA's fixed random feedback: ``B_l ~ Normal(0, scale²/n_{l−1})``, shape ``(n_{l−1}, n_l)``.

    The variance matches the initial forward weights ``W_l`` of
    :func:`~neuroagents.connectome.builders.layered`, so ``B_l`` and ``W_lᵀ`` start on one scale.
    """
    check_real("scale", scale, "random_feedback", low=0, low_open=True)
    gen = as_generator(rng, "random_feedback")
    return [gen.normal(0.0, scale / np.sqrt(w.shape[1]), size=w.T.shape) for w in net.weights[1:]]


def structured_feedback(
    net: LayeredNet,
    rng: Any = None,
    *,
    density: float = 1.0,
    rank: int | None = None,
    scale: float = 1.0,
) -> list[np.ndarray]:
    """Random feedback that is also sparse, or of low rank, on the scale of ``W_lᵀ``.

    Full rank: ``B_l`` is :func:`random_feedback` (the same draws from ``rng``), so
    ``density = 1`` gives exactly FA's usual matrices. ``rank = r``: ``B_l = U V`` with
    ``U ~ Normal(0, scale²/n_{l−1})`` of shape ``(n_{l−1}, r)`` and ``V ~ Normal(0, 1/r)``
    of shape ``(r, n_l)``, so each entry has the same variance ``scale²/n_{l−1}``.
    ``density < 1``: each entry is then kept independently with probability ``density``
    (random sign, as drawn) and the kept ones are multiplied by ``1/√density``, which
    keeps the variance: only the sparsity changes.

    Args:
        net: the net whose ``W_2 … W_L`` the matrices stand in for.
        rng: seed or Generator.
        density: fraction of non-zero entries, in (0, 1].
        rank: the rank of each ``B_l`` (None: full rank).
        scale: as in :func:`random_feedback`.

    Examples:
        >>> net = LayeredNet.random([4, 50, 40, 3], rng=0)
        >>> full = structured_feedback(net, 1, density=1.0)
        >>> all(np.array_equal(a, b) for a, b in zip(full, random_feedback(net, 1)))
        True
        >>> sparse = structured_feedback(net, 1, density=0.1)
        >>> round(float(np.mean(sparse[0] != 0)), 1)   # of 2000 entries
        0.1
        >>> [int(np.linalg.matrix_rank(b)) for b in structured_feedback(net, 1, rank=2)]
        [2, 2]
    """
    check_real("density", density, "structured_feedback", low=0, high=1, low_open=True)
    if rank is not None:
        check_int("rank", rank, "structured_feedback", low=1)
    gen = as_generator(rng, "structured_feedback")
    if rank is None:
        mats = random_feedback(net, gen, scale)
    else:
        check_real("scale", scale, "structured_feedback", low=0, low_open=True)
        mats = []
        for w in net.weights[1:]:
            n_in, n_out = w.shape[1], w.shape[0]
            u = gen.normal(0.0, scale / np.sqrt(n_in), size=(n_in, rank))
            v = gen.normal(0.0, 1.0 / np.sqrt(rank), size=(rank, n_out))
            mats.append(u @ v)
    if density < 1.0:
        mats = [b * (gen.random(b.shape) < density) / np.sqrt(density) for b in mats]
    return mats


class GradientLearner:
    """One net trained by ``sgd``, ``signsgd``, ``fa`` or ``signfa``, one minibatch a step.

    Each step evaluates the net once on its minibatch (one forward pass) and sends the
    error back once; see :data:`RULES` and the module docstring for the updates.

    Args:
        net: the starting net (copied; the learner trains its own).
        rule: one of :data:`RULES`.
        lr: the learning rate η (the step size for the sign rules).
        rng: seed or Generator for FA's random feedback matrices.
        feedback: FA's ``B_2 … B_L`` (default: :func:`random_feedback`).
        concordant: FA only: send the error back through ``|B_l| ⊙ sign(W_lᵀ)``, the
            fixed random magnitudes with the signs of the current forward weights
            (sign-concordant feedback, Liao et al. 2016).
        units: the hidden units and the derivative the backward pass uses (default:
            sigmoid, exact).

    Attributes:
        net: the net being trained.
        feedback: the fixed feedback matrices (``None`` for the backprop rules).
        steps: steps taken.

    Examples:
        >>> from neuroagents.models.learning.tasks import parity
        >>> task = parity(n_bits=2, k=2, test_fraction=0.25, rng=0)
        >>> learner = GradientLearner(LayeredNet.random([2, 4, 1], rng=0), "sgd", lr=2.0)
        >>> before = learner.net.loss(task.x_train, task.y_train)
        >>> for _ in range(200):
        ...     _ = learner.step(task.x_train, task.y_train)
        >>> learner.net.loss(task.x_train, task.y_train) < before
        True
    """

    def __init__(
        self,
        net: LayeredNet,
        rule: str,
        lr: float,
        *,
        rng: Any = None,
        feedback: Sequence[np.ndarray] | None = None,
        concordant: bool = False,
        units: HiddenUnits | None = None,
    ) -> None:
        self.rule = check_choice("rule", rule, "GradientLearner", RULES)
        if concordant and rule not in ("fa", "signfa"):
            raise ValidationError(
                "The 'concordant' parameter of GradientLearner needs rule 'fa' or 'signfa' "
                f"(feedback matrices to take signs from W). Got rule {rule!r}."
            )
        if units is not None and not isinstance(units, HiddenUnits):
            raise ValidationError(
                f"The 'units' parameter of GradientLearner must be a HiddenUnits or None. "
                f"Got {units!r}."
            )
        self.concordant = bool(concordant)
        self.units = units
        self.lr = check_real("lr", lr, "GradientLearner", low=0, low_open=True)
        self.net = net.copy()
        self.feedback: list[np.ndarray] | None = None
        self._backward: list[np.ndarray] | None = None
        if rule in ("fa", "signfa"):
            if feedback is None:
                feedback = random_feedback(self.net, as_generator(rng, "GradientLearner"))
            self.feedback = [np.array(b, dtype=np.float64) for b in feedback]
            self._backward = _backward_matrices(self.net, self.feedback)
        self.steps = 0

    def gradients(self, x: np.ndarray, y: np.ndarray) -> Gradients:
        """What this rule would step along on ``(x, y)`` (before any sign)."""
        backward = self.net.weights[1:] if self._backward is None else self._backward
        if self.concordant:
            pairs = zip(backward, self.net.weights[1:], strict=True)
            backward = [np.abs(b) * np.sign(w) for b, w in pairs]
        return _backprop(self.net, x, y, backward, self.units)

    def step(self, x: np.ndarray, y: np.ndarray) -> float:
        """One update on the minibatch ``(x, y)``; returns its loss before the update."""
        g = self.gradients(x, y)
        sign = self.rule in ("signsgd", "signfa")
        for params, grads in ((self.net.weights, g.weights), (self.net.thresholds, g.thresholds)):
            for p, d in zip(params, grads, strict=True):
                p -= self.lr * (np.sign(d) if sign else d)
        self.steps += 1
        return g.loss

    def network(self) -> LayeredNet:
        """The net as trained so far."""
        return self.net

    def forward(self, x: np.ndarray) -> np.ndarray:
        """The trained net's outputs, with this learner's hidden units."""
        return activations(self.net.weights, self.net.thresholds, x, self.units)[-1]


# ---------------------------------------------------------------------- diagnostics
def angle_degrees(u: np.ndarray, v: np.ndarray) -> float:
    """The angle between two vectors (flattened), in degrees; NaN if either is zero.

    Examples:
        >>> round(angle_degrees(np.array([1.0, 0.0]), np.array([1.0, 1.0])), 9)
        45.0
    """
    u, v = np.ravel(u), np.ravel(v)
    norm = np.linalg.norm(u) * np.linalg.norm(v)
    if norm == 0:
        return float("nan")
    return float(np.degrees(np.arccos(np.clip(u @ v / norm, -1.0, 1.0))))


def update_angle(learner: GradientLearner, x: np.ndarray, y: np.ndarray) -> float:
    """Angle between the update the learner's rule delivers and the true gradient step.

    Only the layers below the output count: the output layer's update is the same under
    FA and backprop, and would make the angle look smaller than it is. Both updates are
    ``−η·g`` (or ``−η·sign(g)`` for the sign rules), so the angle compares the
    directions the weights actually move with ``−∂L/∂W``.
    """
    hidden = slice(0, len(learner.net.weights) - 1)
    true = gradients(learner.net, x, y).flat(hidden)
    used = learner.gradients(x, y).flat(hidden)
    if learner.rule in ("signsgd", "signfa"):
        used = np.sign(used)
    return angle_degrees(used, true)


def alignment_angle(net: LayeredNet, feedback: Sequence[np.ndarray]) -> float:
    """Angle between the forward weights ``W_2 … W_L`` and ``B_2ᵀ … B_Lᵀ`` (all entries)."""
    w = np.concatenate([w.ravel() for w in net.weights[1:]])
    bt = np.concatenate([np.asarray(b).T.ravel() for b in feedback])
    return angle_degrees(w, bt)


def layer_alignment_angles(net: LayeredNet, feedback: Sequence[np.ndarray]) -> list[float]:
    """Angle between ``W_l`` and ``B_lᵀ`` for each layer l = 2 … L, in degrees.

    Parallel matrices give 0 up to arccos's rounding near 1 (an ulp of the cosine is
    about 1e-6 degrees).

    Examples:
        >>> net = LayeredNet.random([3, 4, 5, 2], rng=0)
        >>> [round(a, 5) for a in layer_alignment_angles(net, [w.T for w in net.weights[1:]])]
        [0.0, 0.0]
    """
    return [
        angle_degrees(w, np.asarray(b).T) for w, b in zip(net.weights[1:], feedback, strict=True)
    ]
