"""Deep belief nets: RBMs stacked by greedy layer-wise training (Hinton, Osindero & Teh 2006).

Pieces:
    DBN: a stack of RBMs, each trained on P(h|v) of the one below; ``transform`` gives
        the top layer's features, ``sample`` runs Gibbs in the top RBM and passes the
        sample down through P(v|h) of each lower layer.

References:
    Hinton, G. E., Osindero, S. & Teh, Y.-W. (2006). A fast learning algorithm for deep
    belief nets. Neural Computation 18, 1527-1554.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.models.boltzmann.rbm import RBM
from neuroagents.validation import as_generator

__all__ = ["DBN"]


class DBN:
    """Greedy stack of RBMs: layer l is trained on P(h|v) of layer l-1 (mean-field up-pass).

    Args:
        layers: hidden units of each RBM, bottom first (2-3 layers in the experiments).
        random_state: seed or Generator; each layer gets its own child generator.
        **rbm_params: RBM settings shared by every layer (learning_rate, n_iter, ...).

    Examples:
        >>> X = (np.random.default_rng(0).random((30, 8)) < 0.5).astype(float)
        >>> DBN([6, 4], n_iter=2, random_state=0).fit(X).transform(X).shape
        (30, 4)
    """

    def __init__(self, layers: Sequence[int], *, random_state: Any = None, **rbm_params: Any):
        if len(layers) < 1:
            raise ValidationError(f"The 'layers' parameter of DBN must be non-empty. Got {layers}.")
        # Seed sequences, not generators: each RBM restarts its stream on refit (as
        # scikit-learn does), drawing the same numbers Generator.spawn would.
        root = as_generator(random_state, "DBN")
        seeds = root.bit_generator.seed_seq.spawn(len(layers))
        self.rbms = [
            RBM(n_components=h, random_state=g, **rbm_params)
            for h, g in zip(layers, seeds, strict=True)
        ]

    def fit(self, X: np.ndarray) -> DBN:
        """Train the layers bottom-up, each on the features of the one below."""
        data = np.asarray(X, dtype=float)
        for rbm in self.rbms:
            rbm.fit(data)
            data = rbm.transform(data)
        return self

    def transform(self, X: np.ndarray, depth: int | None = None) -> np.ndarray:
        """The features P(h|v) after ``depth`` layers (all by default)."""
        data = np.asarray(X, dtype=float)
        for rbm in self.rbms[: len(self.rbms) if depth is None else depth]:
            data = rbm.transform(data)
        return data

    def sample(
        self, n_samples: int, n_steps: int = 1000, start: np.ndarray | None = None
    ) -> np.ndarray:
        """Generative samples: Gibbs in the top RBM, then P(v|h) down to the pixels.

        Args:
            n_samples: how many.
            n_steps: block Gibbs steps in the top RBM.
            start: data rows to start the top chain from (their up-pass), else random.

        Returns:
            Visible probabilities of the bottom layer (n_samples, n_features).
        """
        top = self.rbms[-1]
        init = None if start is None else self.transform(start, depth=len(self.rbms) - 1)
        if init is not None:
            init = (top.rng.random(init.shape) < init).astype(float)
        v = top.sample(n_samples, n_steps=n_steps, start=init)
        for rbm in reversed(self.rbms[:-1]):
            v = rbm.mean_visibles(v)
            if rbm is not self.rbms[0]:
                v = (rbm.rng.random(v.shape) < v).astype(float)
        return v
