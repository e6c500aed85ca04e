"""Hidden units other than the sigmoid, and the derivative a backward pass uses for them.

A hidden layer computes ``a = f(z)`` with ``z = W a_{l−1} − θ``. For the sigmoid the
backward pass multiplies by ``f′(z) = a(1 − a)``. A binary unit, the step
``f(z) = 1[z > 0]``, has ``f′ = 0`` wherever it is defined: the true gradient never
reaches the layers below the output. Two standard replacements in the backward pass
only (the forward pass stays binary):

- ``"straight-through"``: use 1, as if the unit were the identity (Bengio, Léonard,
  Courville 2013; Hinton's lectures 2012). For feedback alignment this is "no
  derivative at all": the hidden error is ``B δ`` as it arrives.
- ``"sigmoid"``: use the sigmoid's ``σ(z)(1 − σ(z))``, a smooth surrogate of the step.

``"exact"`` uses the unit's own derivative (sigmoid and identity only).

Pieces:
    HIDDEN_KINDS, SURROGATES: the names.
    HiddenUnits: a hidden nonlinearity and the derivative its backward pass uses;
        callable on drives, so it plugs into
        :func:`~neuroagents.models.learning.feedforward.activations` and
        :class:`~neuroagents.models.learning.evolution.NNEvolution` as ``hidden=``.

References:
    Bengio, Léonard, Courville (2013), Estimating or propagating gradients through
    stochastic neurons for conditional computation, arXiv:1308.3432.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from neuroagents.errors import ValidationError
from neuroagents.validation import check_choice

__all__ = ["HIDDEN_KINDS", "SURROGATES", "HiddenUnits"]

HIDDEN_KINDS = ("sigmoid", "step", "identity")
SURROGATES = ("exact", "straight-through", "sigmoid")


@dataclass(frozen=True, slots=True)
class HiddenUnits:
    """A hidden nonlinearity ``kind`` and the derivative ``surrogate`` used backwards.

    Attributes:
        kind: ``"sigmoid"`` (σ(z)), ``"step"`` (1 if z > 0 else 0) or ``"identity"``.
        surrogate: ``"exact"``, ``"straight-through"`` (1) or ``"sigmoid"``
            (σ(z)(1 − σ(z))).

    Raises:
        ValidationError: an unknown name, or ``"exact"`` for the step (its derivative is
            0 wherever defined, so nothing below the output would learn).

    Examples:
        >>> units = HiddenUnits("step", "straight-through")
        >>> units(np.array([-0.5, 0.0, 2.0])).tolist()
        [0.0, 0.0, 1.0]
        >>> units.derivative(np.array([-0.5, 2.0]), units(np.array([-0.5, 2.0]))).tolist()
        [1.0, 1.0]
        >>> HiddenUnits("step", "sigmoid").derivative(np.array([0.0]), np.array([0.0]))
        array([0.25])
    """

    kind: str = "sigmoid"
    surrogate: str = "exact"

    def __post_init__(self) -> None:
        """Check the names."""
        check_choice("kind", self.kind, "HiddenUnits", HIDDEN_KINDS)
        check_choice("surrogate", self.surrogate, "HiddenUnits", SURROGATES)
        if self.kind == "step" and self.surrogate == "exact":
            raise ValidationError(
                "The 'surrogate' parameter of HiddenUnits cannot be 'exact' for step units: "
                "the step's derivative is 0 wherever it is defined, so no error would reach "
                "the layers below the output. Use 'straight-through' or 'sigmoid'."
            )

    def __call__(self, z: np.ndarray) -> np.ndarray:
        """The units' outputs for drives ``z``."""
        if self.kind == "sigmoid":
            return expit(z)
        if self.kind == "step":
            return (z > 0).astype(np.float64)
        return np.asarray(z, dtype=np.float64)

    def derivative(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        """What the backward pass multiplies by, given drives ``z`` and outputs ``a``."""
        if self.surrogate == "straight-through":
            return np.ones_like(z)
        if self.surrogate == "sigmoid":
            s = expit(z)
            return s * (1.0 - s)
        if self.kind == "sigmoid":
            return a * (1.0 - a)
        return np.ones_like(z)  # exact derivative of the identity
