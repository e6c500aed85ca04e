"""The learning system as an estimator: fit a layered sigmoid net by a gradient rule.

Pieces:
    LearningParams: hidden layers, rule (SGD, signSGD, feedback alignment, sign-FA),
        learning rate, steps, minibatch size (the defaults in one place; validated on
        creation; read from and written to configs).
    LayeredEstimator: scikit-learn's verbs on the learners of
        :mod:`neuroagents.models.learning.plausible`: ``fit(X, y)``, ``predict``,
        ``transform`` (the last hidden layer), ``score_samples(X, y)`` (minus each
        example's squared error), ``history_`` (a tidy table of the training loss) and
        ``to_model`` (the trained net as a NeuralModel of sigmoid rate neurons).

NNevolution (:class:`~neuroagents.models.learning.evolution.NNEvolution`) and the
gradient learners keep their ``step(x, y)`` for experiments that interleave learners
on the same minibatches; this class is the uniform front for a single fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError
from neuroagents.models.learning.agents import to_model
from neuroagents.models.learning.feedforward import LayeredNet
from neuroagents.models.learning.plausible import RULES, GradientLearner
from neuroagents.models.learning.tasks import Minibatches
from neuroagents.params import ConfigParams, rng_or_random_state
from neuroagents.sim.model import NeuralModel
from neuroagents.validation import as_generator, check_choice, check_int, check_real

__all__ = ["LayeredEstimator", "LearningParams"]


@dataclass(frozen=True)
class LearningParams(ConfigParams):
    """A layered sigmoid net trained by one of the gradient rules.

    Attributes:
        hidden: the hidden layers' sizes.
        rule: ``"sgd"``, ``"signsgd"``, ``"fa"`` (feedback alignment) or ``"signfa"``.
        lr: the learning rate (the step size for the sign rules).
        steps: minibatch steps in ``fit``.
        batch_size: examples per minibatch (at most the number of examples).
        weight_scale: the initial weights' scale (see ``LayeredNet.random``).

    Examples:
        >>> LearningParams.from_config({"hidden": [8, 8], "rule": "fa"}).hidden
        (8, 8)
    """

    hidden: tuple[int, ...] = (16,)
    rule: str = "fa"
    lr: float = 0.5
    steps: int = 1000
    batch_size: int = 32
    weight_scale: float = 1.0

    def __post_init__(self) -> None:
        where = "LearningParams"
        for k, size in enumerate(self.hidden):
            check_int(f"hidden[{k}]", size, where, low=1)
        check_choice("rule", self.rule, where, RULES)
        check_real("lr", self.lr, where, low=0, low_open=True)
        check_int("steps", self.steps, where, low=0)
        check_int("batch_size", self.batch_size, where, low=1)
        check_real("weight_scale", self.weight_scale, where, low=0, low_open=True)


class LayeredEstimator:
    """Fit a layered sigmoid net to ``(X, y)`` (targets in [0, 1]) by a gradient rule.

    Args:
        params: the :class:`LearningParams`.
        rng: seed or Generator: the initial weights, FA's feedback matrices and the
            minibatch order; one seed gives one fit.
        random_state: scikit-learn's name for ``rng`` (an alias; give one of them).

    Examples:
        >>> from neuroagents.models.learning.tasks import parity
        >>> task = parity(n_bits=2, k=2, test_fraction=0.25, rng=0)
        >>> est = LayeredEstimator(LearningParams(hidden=(4,), rule="sgd", lr=2.0,
        ...                                       steps=200, batch_size=3), rng=0)
        >>> est.fit(task.x_train, task.y_train).history_.columns.tolist()
        ['step', 'loss']
        >>> bool(est.history_["loss"].iloc[-1] < est.history_["loss"].iloc[0])
        True
    """

    def __init__(
        self, params: LearningParams | None = None, *, rng: Any = None, random_state: Any = None
    ) -> None:
        self.params = LearningParams() if params is None else params
        self.rng = as_generator(
            rng_or_random_state(rng, random_state, "LayeredEstimator"), "LayeredEstimator"
        )

    @classmethod
    def from_params(cls, params: LearningParams, *, rng: Any = None) -> Self:
        """The (unfitted) estimator of ``params`` seeded by ``rng``."""
        return cls(params, rng=rng)

    def fit(self, X: Any, y: Any) -> Self:
        """Train ``params.steps`` minibatch steps on ``(X, y)``; the loss per step in ``history_``.

        Raises:
            ValidationError: X and y of different lengths, not 2-D, or a minibatch
                larger than the data.
        """
        X, y = self._check(X), self._check(y, "y")
        if len(X) != len(y):
            raise ValidationError(
                f"X and y of LayeredEstimator.fit must have the same number of rows. Got "
                f"{len(X)} and {len(y)}."
            )
        p = self.params
        net_rng, feedback_rng, batch_rng = self.rng.spawn(3)
        sizes = (X.shape[1], *p.hidden, y.shape[1])
        net = LayeredNet.random(sizes, rng=net_rng, weight_scale=p.weight_scale)
        self.learner_ = GradientLearner(net, p.rule, p.lr, rng=feedback_rng)
        batches = Minibatches(len(X), min(p.batch_size, len(X)), rng=batch_rng)
        losses = []
        for _ in range(p.steps):
            idx = batches.next()
            losses.append(self.learner_.step(X[idx], y[idx]))
        self.history_ = pd.DataFrame({"step": np.arange(1, p.steps + 1), "loss": losses})
        return self

    @property
    def net_(self) -> LayeredNet:
        """The trained net."""
        return self.learner_.net

    def predict(self, X: Any) -> np.ndarray:
        """The trained net's outputs, shape ``(n, n_out)``."""
        return self.net_.forward(self._check(X))

    def transform(self, X: Any) -> np.ndarray:
        """The last hidden layer's activity, shape ``(n, hidden[-1])``."""
        return self.net_.activations(self._check(X))[-2]

    def score_samples(self, X: Any, y: Any) -> np.ndarray:
        """Minus each example's mean squared error (higher is better)."""
        return -np.mean((self.predict(X) - self._check(y, "y")) ** 2, axis=1)

    def to_model(self, **kwargs: Any) -> NeuralModel:
        """The trained net's agent view: sigmoid rate neurons (see ``agents.to_model``)."""
        return to_model(self.net_, **kwargs)

    @staticmethod
    def _check(a: Any, name: str = "X") -> np.ndarray:
        arr = np.asarray(a, dtype=np.float64)
        if arr.ndim != 2 or not np.all(np.isfinite(arr)):
            raise ValidationError(
                f"{name} of LayeredEstimator must be a 2-D array of finite numbers. Got "
                f"shape {arr.shape}."
            )
        return arr
