"""Learning rules that change weights during a run, as hooks.

Pieces:
    Oja: Oja's rule for one linear neuron, ``dw_j = eta * y * (x_j - y * w_j)``.

A learning rule is a callable ``rule(model)`` handed to
:meth:`NeuralModel.add_hook <neuroagents.sim.model.NeuralModel.add_hook>`; it reads the
model's state and calls ``model.update_weights``, which keeps every stored input
consistent. Model files hold their own rules (Boltzmann learning, for example); this
module holds the engine's built-in example.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.validation import check_real

if TYPE_CHECKING:
    from neuroagents.sim.model import NeuralModel

__all__ = ["Oja"]


class Oja:
    """Oja's rule on the synapses ``pre[j] -> post``: ``dw_j = eta y (x_j - y w_j)``.

    ``y`` is the post-synaptic neuron's state and ``x_j`` the pre-synaptic ones'. For a
    linear neuron ``y = w . x`` driven by zero-mean inputs of covariance C, w converges
    to a unit-length top eigenvector of C (the first principal component), up to
    fluctuations that shrink with ``eta``.

    Args:
        post: node id of the learning neuron.
        pre: node ids of its inputs (each must already synapse onto ``post``).
        rate: the learning rate eta (> 0).

    References:
        E. Oja, "A simplified neuron model as a principal component analyzer",
        J. Math. Biol. 15, 267 (1982).

    Examples:
        A linear neuron fed 2-d inputs stretched along (1, 1) learns that direction:

        >>> import numpy as np
        >>> import neuroagents as na
        >>> W = np.zeros((3, 3)); W[2, :2] = [0.3, -0.2]  # inputs 0, 1 -> neuron 2
        >>> c = na.Connectome.from_matrix(W, storage="sparse")
        >>> m = na.NeuralModel(c, rule="linear", scheduler="sync", dt=1.0,
        ...                    integrator="euler", record_every=None)
        >>> gen = np.random.default_rng(0)
        >>> def sample(model):
        ...     model.clamp([0, 1], gen.normal(size=2) @ np.array([[1.0, 1.0], [0.3, -0.3]]))
        >>> sample(m)
        >>> m.add_hook(na.plasticity.Oja(post=2, pre=[0, 1], rate=0.01), every=1)
        >>> m.add_hook(sample, every=1)
        >>> m.run_for(3000)
        >>> w = m.connectome.synapse_weights([2, 2], [0, 1])
        >>> angle = np.degrees(np.arccos(abs(w @ [1, 1]) / np.sqrt(2) / np.linalg.norm(w)))
        >>> round(float(np.linalg.norm(w)), 1), bool(angle < 5)
        (1.0, True)
    """

    def __init__(self, post: Hashable, pre: Sequence[Hashable], rate: float) -> None:
        self.post = post
        self.pre = list(pre)
        self.rate = check_real("rate", rate, "Oja", low=0, low_open=True)
        if not self.pre:
            raise ValidationError("The 'pre' parameter of Oja must name at least one input.")
        self._indices: tuple[np.ndarray, np.ndarray] | None = None

    def _resolve(self, model: NeuralModel) -> tuple[np.ndarray, np.ndarray]:
        if self._indices is None:
            index = model.connectome.index
            for node in [self.post, *self.pre]:
                if node not in index:
                    raise ValidationError(f"Oja names node {node!r}, which the model lacks.")
            sources = np.array([index[p] for p in self.pre], dtype=np.int64)
            targets = np.full(sources.shape, index[self.post], dtype=np.int64)
            self._indices = (targets, sources)
        return self._indices

    def __call__(self, model: NeuralModel) -> None:
        """Apply one update of the rule to ``model``'s weights."""
        targets, sources = self._resolve(model)
        y = float(model.arrays.state[targets[0]])
        x = model.arrays.state[sources]
        w = model.connectome.synapse_weights(targets, sources)
        new = w + self.rate * y * (x - y * w)
        model.update_weights(edges=zip(self.pre, [self.post] * len(self.pre), new, strict=True))
