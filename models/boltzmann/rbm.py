"""Restricted Boltzmann machines: a bipartite graph of 0/1 units, trained by CD-k or PCD.

Pieces:
    RBM: the vectorised model, with scikit-learn's ``BernoulliRBM`` attribute names
        (``components_``, ``intercept_hidden_``, ``intercept_visible_``, ``h_samples_``)
        and verbs (``fit``, ``partial_fit``, ``transform``, ``gibbs``, ``score_samples``).
    RBMParams: the model contract's parameters (those of RBM's constructor, same
        defaults), read from and written to configs; ``RBM.from_params`` builds one.
    log_partition: ``log Z`` by enumerating the hidden states (up to 20 hidden units).
    log_likelihood: the exact ``log p(v)`` of each row, from ``log_partition``.

The energy of a visible vector v and a hidden vector h (both 0/1) is

    E(v, h) = -h.W.v - b.v - c.h,   W = components_, b = intercept_visible_,
                                    c = intercept_hidden_,

so P(h_j = 1 | v) = sigmoid(W_j.v + c_j), P(v_i = 1 | h) = sigmoid(W^T_i.h + b_i), and
the free energy F(v) = -b.v - sum_j log(1 + exp(W_j.v + c_j)) gives p(v) = exp(-F(v)) / Z.

References:
    Hinton, G. E. (2002). Training products of experts by minimizing contrastive
    divergence. Neural Computation 14, 1771-1800.
    Tieleman, T. (2008). Training restricted Boltzmann machines using approximations to
    the likelihood gradient. ICML.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Self

import numpy as np
from scipy.special import expit, logsumexp

from neuroagents.errors import ValidationError
from neuroagents.models.boltzmann.data import check_data
from neuroagents.params import ConfigParams, rng_or_random_state
from neuroagents.validation import as_generator, check_int, check_real

__all__ = ["RBM", "log_likelihood", "log_partition", "pseudo_likelihood"]

METHODS = ("pcd", "cd")


@dataclass(frozen=True)
class RBMParams(ConfigParams):
    """An RBM's parameters (the defaults of :class:`RBM`; validated by it on building).

    Attributes:
        n_components: hidden units.
        learning_rate: ε.
        batch_size: rows per mini-batch (and persistent chains).
        n_iter: passes over the data in ``fit``.
        method: ``"pcd"`` or ``"cd"``.
        k: Gibbs steps per update.

    Examples:
        >>> RBMParams.from_config({"n_components": 16, "method": "cd"}).to_config()["k"]
        1
    """

    n_components: int = 256
    learning_rate: float = 0.1
    batch_size: int = 10
    n_iter: int = 10
    method: str = "pcd"
    k: int = 1

    def __post_init__(self) -> None:
        RBM(**self.to_config())  # one set of checks: the estimator's own


def _softplus(z: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, z)


class RBM:
    """Bernoulli RBM with CD-k or persistent CD, vectorised over a mini-batch.

    One mini-batch step (learning rate ε, batch of m rows V+):

        ΔW = ε/m (P(h|V+)^T V+ - P(h|V-)^T V-),  Δb = ε/m sum(V+ - V-),
        Δc = ε/m sum(P(h|V+) - P(h|V-)),

    where V- comes from k steps of block Gibbs sampling started at V+ (``method="cd"``,
    Hinton 2002) or from ``batch_size`` persistent chains that are never reset
    (``method="pcd"``, Tieleman 2008, which is what scikit-learn's ``BernoulliRBM``
    does, with k = 1). Mini-batches are contiguous slices in data order, as in
    scikit-learn, so the two see the same batches.

    Args:
        n_components: hidden units.
        learning_rate: ε.
        batch_size: rows per mini-batch (and persistent chains).
        n_iter: passes over the data in ``fit``.
        method: ``"pcd"`` (default, scikit-learn's) or ``"cd"``.
        k: Gibbs steps per update.
        rng: seed or numpy Generator.
        random_state: scikit-learn's name for ``rng`` (an alias; give one of them).

    Examples:
        >>> X = (np.random.default_rng(0).random((40, 6)) < 0.5).astype(float)
        >>> rbm = RBM(n_components=3, n_iter=2, random_state=0).fit(X)
        >>> rbm.components_.shape, rbm.transform(X).shape
        ((3, 6), (40, 3))
    """

    def __init__(
        self,
        n_components: int = 256,
        *,
        learning_rate: float = 0.1,
        batch_size: int = 10,
        n_iter: int = 10,
        method: str = "pcd",
        k: int = 1,
        rng: Any = None,
        random_state: Any = None,
    ) -> None:
        where = "RBM"
        self.n_components = check_int("n_components", n_components, where, low=1)
        self.learning_rate = check_real("learning_rate", learning_rate, where, low=0)
        self.batch_size = check_int("batch_size", batch_size, where, low=1)
        self.n_iter = check_int("n_iter", n_iter, where, low=0)
        if method not in METHODS:
            raise ValidationError(
                f"The 'method' parameter of RBM must be one of {list(METHODS)}. Got {method!r}."
            )
        self.method = method
        self.k = check_int("k", k, where, low=1)
        self.random_state = rng_or_random_state(rng, random_state, where)
        self.rng = as_generator(self.random_state, where)

    @classmethod
    def from_params(cls, params: RBMParams, *, rng: Any = None) -> Self:
        """The (untrained) RBM of ``params``, seeded by ``rng``.

        Examples:
            >>> RBM.from_params(RBMParams(n_components=3), rng=0).n_components
            3
        """
        return cls(**params.to_config(), rng=rng)

    # -- parameters -------------------------------------------------------------------

    def initialize(self, n_features: int) -> None:
        """Fresh parameters for ``n_features`` visible units (as ``fit`` starts)."""
        # scikit-learn's initialisation: N(0, 0.01) weights, zero biases, chains at h = 0
        self.components_ = self.rng.normal(0.0, 0.01, (self.n_components, n_features))
        self.intercept_hidden_ = np.zeros(self.n_components)
        self.intercept_visible_ = np.zeros(n_features)
        self.h_samples_ = np.zeros((self.batch_size, self.n_components))
        self.n_features_in_ = n_features

    def _check_X(self, X: Any, fitted: bool = True) -> np.ndarray:
        X = check_data("X", X, "RBM")
        if np.any(X < 0) or np.any(X > 1):
            raise ValidationError(
                "X of RBM must have values in [0, 1] (probabilities of visible units). "
                f"Got range [{X.min()}, {X.max()}]."
            )
        if fitted:
            if not hasattr(self, "components_"):
                raise ValidationError("This RBM is not fitted yet; call fit or partial_fit.")
            if X.shape[1] != self.n_features_in_:
                raise ValidationError(
                    f"X of RBM must have {self.n_features_in_} features. Got {X.shape[1]}."
                )
        return X

    # -- conditionals and sampling ----------------------------------------------------

    def transform(self, X: Any) -> np.ndarray:
        """P(h_j = 1 | v) = sigmoid(W_j.v + c_j) for each row v of X (the features)."""
        X = self._check_X(X)
        return expit(X @ self.components_.T + self.intercept_hidden_)

    def mean_visibles(self, H: np.ndarray) -> np.ndarray:
        """P(v_i = 1 | h) = sigmoid(W^T_i.h + b_i) for each row h of H."""
        return expit(H @ self.components_ + self.intercept_visible_)

    def _sample(self, p: np.ndarray) -> np.ndarray:
        return (self.rng.random(p.shape) < p).astype(float)

    def gibbs(self, v: Any) -> np.ndarray:
        """One block Gibbs step v -> h ~ P(h|v) -> v' ~ P(v|h); returns v'."""
        v = self._check_X(np.atleast_2d(v))
        return self._sample(self.mean_visibles(self._sample(self.transform(v))))

    def sample(self, n_samples: int, n_steps: int = 1000, start: Any = None) -> np.ndarray:
        """Visible states after ``n_steps`` block Gibbs steps from ``start`` (random if None)."""
        check_int("n_samples", n_samples, "RBM.sample", low=1)
        v = (
            self._sample(np.full((n_samples, self.n_features_in_), 0.5))
            if start is None
            else self._check_X(np.atleast_2d(start)).copy()
        )
        for _ in range(n_steps):
            v = self.gibbs(v)
        return v

    # -- learning ---------------------------------------------------------------------

    def _fit_batch(self, v_pos: np.ndarray) -> None:
        W = self.components_
        h_pos = expit(v_pos @ W.T + self.intercept_hidden_)
        if self.method == "pcd":
            h = self.h_samples_
        else:
            h = self._sample(h_pos)
        for step in range(self.k):
            v_neg = self._sample(expit(h @ W + self.intercept_visible_))
            h_neg = expit(v_neg @ W.T + self.intercept_hidden_)
            if step < self.k - 1 or self.method == "pcd":
                h = self._sample(h_neg)
        lr = self.learning_rate / v_pos.shape[0]
        W += lr * (h_pos.T @ v_pos - h_neg.T @ v_neg)
        self.intercept_hidden_ += lr * (h_pos.sum(0) - h_neg.sum(0))
        self.intercept_visible_ += lr * (v_pos.sum(0) - v_neg.sum(0))
        if self.method == "pcd":
            self.h_samples_ = h

    def partial_fit(self, X: Any) -> RBM:
        """One update on the mini-batch X (initialising the parameters on first call)."""
        X = self._check_X(X, fitted=False)
        if not hasattr(self, "components_"):
            self.initialize(X.shape[1])
        X = self._check_X(X)
        if self.method == "pcd" and self.h_samples_.shape[0] != X.shape[0]:
            self.h_samples_ = np.zeros((X.shape[0], self.n_components))
        self._fit_batch(X)
        return self

    def fit(self, X: Any) -> RBM:
        """``n_iter`` passes of mini-batch updates over X in order (parameters re-initialised).

        Like scikit-learn's ``BernoulliRBM``, a seed (or SeedSequence) ``random_state``
        restarts its stream here, so fitting twice gives the same weights; a Generator
        is used on from where it stands.
        """
        X = self._check_X(X, fitted=False)
        if not isinstance(self.random_state, np.random.Generator):
            self.rng = as_generator(self.random_state, "RBM")
        self.initialize(X.shape[1])
        for _ in range(self.n_iter):
            self.fit_epoch(X)
        return self

    def fit_epoch(self, X: np.ndarray) -> RBM:
        """One pass over X in contiguous mini-batches (scikit-learn's even slices)."""
        n = X.shape[0]
        n_batches = int(np.ceil(n / self.batch_size))
        # scikit-learn's gen_even_slices: the first n % n_batches batches get one row more
        sizes = np.full(n_batches, n // n_batches)
        sizes[: n % n_batches] += 1
        bounds = np.concatenate([[0], np.cumsum(sizes)])
        for lo, hi in itertools.pairwise(bounds):
            self._fit_batch(X[lo:hi])
        return self

    # -- likelihoods ------------------------------------------------------------------

    def free_energy(self, X: Any) -> np.ndarray:
        """F(v) = -b.v - sum_j log(1 + exp(W_j.v + c_j)), one value per row."""
        X = self._check_X(X)
        return -X @ self.intercept_visible_ - _softplus(
            X @ self.components_.T + self.intercept_hidden_
        ).sum(axis=1)

    def score_samples(self, X: Any) -> np.ndarray:
        """Pseudo-log-likelihood, estimated by flipping one random pixel per row.

        ``n_features * log sigmoid(F(v~) - F(v))`` with v~ = v with pixel i flipped, i
        uniform (scikit-learn's estimator, Besag 1975): an unbiased estimate of
        ``sum_i log P(v_i | v_{-i})`` for binary v.
        """
        X = self._check_X(X)
        flipped = X.copy()
        rows = np.arange(X.shape[0])
        cols = self.rng.integers(0, X.shape[1], X.shape[0])
        flipped[rows, cols] = 1 - flipped[rows, cols]
        delta = self.free_energy(flipped) - self.free_energy(X)
        return -X.shape[1] * _softplus(-delta)

    def score(self, X: Any) -> float:
        """Mean of ``score_samples``."""
        return float(np.mean(self.score_samples(X)))


def log_partition(rbm: RBM) -> float:
    """Log Z = logsumexp over h of [c.h + sum_i log(1 + exp(b_i + (W^T h)_i))].

    Exact, by enumerating the 2^n_components hidden states (summing the visibles out
    analytically), so allowed up to 20 hidden units.

    Examples:
        >>> rbm = RBM(n_components=2, random_state=0)
        >>> rbm.initialize(3)
        >>> round(log_partition(rbm), 2)  # ~ log 2^5 = 3.47 for near-zero weights
        3.47
    """
    nh = rbm.n_components
    if nh > 20:
        raise ValidationError(
            f"log_partition enumerates 2^n_components hidden states; n_components must be "
            f"<= 20. Got {nh}."
        )
    H = ((np.arange(2**nh)[:, None] >> np.arange(nh)) & 1).astype(float)
    terms = H @ rbm.intercept_hidden_ + _softplus(H @ rbm.components_ + rbm.intercept_visible_).sum(
        axis=1
    )
    return float(logsumexp(terms))


def log_likelihood(rbm: RBM, X: Any) -> np.ndarray:
    """Exact log p(v) = -F(v) - log Z for each row of X (binary rows)."""
    return -rbm.free_energy(X) - log_partition(rbm)


def pseudo_likelihood(rbm: Any, X: Any) -> np.ndarray:
    """sum_i log P(v_i | v_-i) for each row, over every pixel (no random draw).

    ``log P(v_i | v_-i) = -log(1 + exp(F(v) - F(v with i flipped)))``. Works on any
    object with scikit-learn's attribute names (``components_``, ``intercept_hidden_``,
    ``intercept_visible_``), so a ``BernoulliRBM`` is scored by the same formula;
    ``score_samples`` estimates this sum from one random pixel per row.
    """
    X = check_data("X", X, "pseudo_likelihood")
    W, c, b = rbm.components_, rbm.intercept_hidden_, rbm.intercept_visible_
    pre = X @ W.T + c
    free = -X @ b - _softplus(pre).sum(axis=1)
    total = np.zeros(len(X))
    for i in range(X.shape[1]):
        d = 1.0 - 2.0 * X[:, i]  # +1 turns pixel i on, -1 off
        flipped = -(X @ b + d * b[i]) - _softplus(pre + d[:, None] * W[:, i]).sum(axis=1)
        total -= _softplus(free - flipped)
    return total
