"""Adversarial inputs for a trained net, made with the net's true input gradient.

Each example's loss is its squared error ``ℓ(x) = mean_o (a_L(x) − y)²`` (the
training loss, one example). Backprop through the actual forward weights gives
``∇_x ℓ`` exactly, whatever rule trained the net, so every net faces the strongest
first-order attack on itself. The attacks perturb each example within the L∞ ball of
radius ε (and inside the data's range, ``clip``):

- FGSM (Goodfellow, Shlens, Szegedy 2015): ``x' = x + ε · sign(∇_x ℓ)``.
- PGD (Madry et al. 2018): ``steps`` steps ``x ← Π(x + α · sign(∇_x ℓ))`` from ``x``
  (or a given start, e.g. FGSM's point), with Π the projection on the ball ∩ range;
  ``α = 2.5 ε / steps`` by default. Each example keeps its most damaging iterate
  (highest ``ℓ``, the start included), so PGD started at FGSM's point is never weaker.
- The control: ``x' = x + ε · s`` with random signs ``s`` (same L∞ and L2 norm as
  FGSM's perturbation, no information about the net).

Pieces:
    input_gradient: ``∇_x ℓ`` for every example.
    fgsm, pgd, random_sign_noise: the perturbed inputs.

References:
    Goodfellow, Shlens, Szegedy (2015), Explaining and harnessing adversarial examples,
    ICLR. Madry, Makelov, Schmidt, Tsipras, Vladu (2018), Towards deep learning models
    resistant to adversarial attacks, ICLR.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.models.learning.feedforward import LayeredNet
from neuroagents.validation import as_generator, check_int, check_real

__all__ = ["fgsm", "input_gradient", "pgd", "random_sign_noise"]

Clip = tuple[float, float] | None


def input_gradient(net: LayeredNet, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``∂ℓ_b/∂x_b`` for each example b, ``ℓ_b = mean_o (a_L(x_b) − y_b)²``: shape of ``x``.

    Examples:
        >>> net = LayeredNet([[[2.0]]])          # one sigmoid unit, s = σ(2x)
        >>> float(input_gradient(net, np.array([[0.0]]), np.array([[1.0]]))[0, 0])
        -0.5
    """
    x = np.asarray(x, dtype=np.float64)
    acts = net.activations(x)
    out = acts[-1]
    delta = (2.0 / out.shape[1]) * (out - y) * out * (1.0 - out)
    for layer in range(len(net.weights) - 1, 0, -1):
        a = acts[layer]
        delta = (delta @ net.weights[layer]) * a * (1.0 - a)
    return delta @ net.weights[0]


def _check(eps: float, clip: Clip, where: str) -> float:
    eps = check_real("eps", eps, where, low=0)
    if clip is not None and not (len(clip) == 2 and clip[0] < clip[1]):
        raise ValidationError(
            f"The 'clip' parameter of {where} must be None or (low, high) with low < high. "
            f"Got {clip!r}."
        )
    return eps


def _project(x_adv: np.ndarray, x: np.ndarray, eps: float, clip: Clip) -> np.ndarray:
    x_adv = np.clip(x_adv, x - eps, x + eps)
    return x_adv if clip is None else np.clip(x_adv, *clip)


def fgsm(
    net: LayeredNet, x: np.ndarray, y: np.ndarray, eps: float, *, clip: Clip = (0.0, 1.0)
) -> np.ndarray:
    """The fast gradient sign attack: ``x + ε · sign(∇_x ℓ)``, clipped to ``clip``.

    Examples:
        >>> net = LayeredNet([[[2.0, -1.0]]])
        >>> fgsm(net, np.array([[0.5, 0.5]]), np.array([[1.0]]), 0.1).tolist()
        [[0.4, 0.6]]
    """
    eps = _check(eps, clip, "fgsm")
    return _project(x + eps * np.sign(input_gradient(net, x, y)), x, eps, clip)


def pgd(
    net: LayeredNet,
    x: np.ndarray,
    y: np.ndarray,
    eps: float,
    *,
    steps: int = 10,
    step_size: float | None = None,
    clip: Clip = (0.0, 1.0),
    start: np.ndarray | None = None,
) -> np.ndarray:
    """Projected gradient (sign) ascent on ``ℓ`` inside the L∞ ball of radius ε.

    Args:
        net: the attacked net.
        x: clean inputs ``(B, n_0)``.
        y: their targets.
        eps: the ball's radius (0 returns ``x`` unchanged).
        steps: ascent steps.
        step_size: α (default ``2.5 ε / steps``, Madry et al.'s choice).
        clip: the data's range, or None.
        start: where the ascent starts (projected on the ball; default ``x``).

    Returns:
        For each example, the iterate (the start included) with the highest loss.

    Examples:
        >>> net = LayeredNet([[[2.0, -1.0]]])
        >>> x = np.array([[0.5, 0.5]])
        >>> bool(np.abs(pgd(net, x, np.array([[1.0]]), 0.1) - x).max() <= 0.1)
        True
    """
    eps = _check(eps, clip, "pgd")
    check_int("steps", steps, "pgd", low=1)
    alpha = 2.5 * eps / steps if step_size is None else check_real("step_size", step_size, "pgd")
    x = np.asarray(x, dtype=np.float64)
    x_adv = _project(np.array(x if start is None else start, dtype=np.float64), x, eps, clip)
    best, best_loss = x_adv.copy(), _example_losses(net, x_adv, y)
    for _ in range(steps):
        x_adv = _project(x_adv + alpha * np.sign(input_gradient(net, x_adv, y)), x, eps, clip)
        loss = _example_losses(net, x_adv, y)
        better = loss > best_loss
        best[better], best_loss[better] = x_adv[better], loss[better]
    return best


def _example_losses(net: LayeredNet, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.mean((net.forward(x) - y) ** 2, axis=1)


def random_sign_noise(
    x: np.ndarray, eps: float, rng: Any = None, *, clip: Clip = (0.0, 1.0)
) -> np.ndarray:
    """``x + ε · s`` with independent random signs ``s`` (the attacks' control), clipped.

    Examples:
        >>> x = np.full((2, 3), 0.5)
        >>> np.abs(random_sign_noise(x, 0.2, rng=0) - x).round(12).tolist()
        [[0.2, 0.2, 0.2], [0.2, 0.2, 0.2]]
    """
    eps = _check(eps, clip, "random_sign_noise")
    signs = as_generator(rng, "random_sign_noise").choice([-1.0, 1.0], size=np.shape(x))
    return _project(x + eps * signs, x, eps, clip)
