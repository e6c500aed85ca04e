"""Linearised dynamics of continuous (rate) networks: Jacobians and fixed points.

Pieces:
    jacobian: the Jacobian of a model's continuous dynamics at its current state.
    fixed_points: fixed points found from several starts, with their eigenvalues.
    FixedPoint: one fixed point, its Jacobian's eigenvalues and whether it is stable.

For a :class:`~neuroagents.sim.rules.Rate` network, ``tau dv/dt = -v + f(z)`` with
``z = W v + drive - threshold``, so

    J = (diag(f'(z)) W - I) / tau          (rows scaled by 1 / tau_i).

For a :class:`~neuroagents.sim.rules.GradedResponse` network in its potentials,
``tau du/dt = -u + W g(u) + drive - threshold``, so ``J = (W diag(g'(u)) - I) / tau``.
A fixed point is stable when every eigenvalue of J has a negative real part.
Clamped neurons do not move: their rows of J are 0 and their values stay put.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import optimize

from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_int, check_real

if TYPE_CHECKING:
    from neuroagents.sim.model import NeuralModel

__all__ = ["FixedPoint", "fixed_points", "jacobian"]

# Dense Jacobians of larger networks would need gigabytes.
MAX_DENSE = 5000


@dataclass(frozen=True, slots=True)
class FixedPoint:
    """A fixed point of a continuous network.

    Attributes:
        state: the neurons' outputs v there.
        eigenvalues: of the Jacobian there, sorted by decreasing real part.
        stable: all eigenvalues of the free neurons have negative real parts.
        residual: ``max |ds/dt|`` at the solution.
    """

    state: np.ndarray
    eigenvalues: np.ndarray
    stable: bool
    residual: float


def _check_continuous(model: NeuralModel, what: str) -> None:
    if not model.rule.continuous:
        raise ValidationError(
            f"{what} needs a continuous (rate or graded-response) rule; the model's rule "
            f"is {model.rule.name!r}."
        )
    if model.n > MAX_DENSE:
        raise ValidationError(
            f"{what} builds a dense n x n matrix; n = {model.n} is over the limit "
            f"{MAX_DENSE}. Analyse a smaller network or a sub-network."
        )


def _jacobian_at(model: NeuralModel, s: np.ndarray, w: np.ndarray) -> np.ndarray:
    a, rule = model.arrays, model.rule
    n = model.n
    if rule.graded:
        v = rule.outputs(s)
        j = w * rule.slopes(s)[None, :]
    else:
        v = s
        z = w @ v + a.drive - a.threshold
        j = rule.slopes(z)[:, None] * w
    j[np.diag_indices(n)] -= 1.0
    j /= a.tau[:, None]
    j[a.clamped] = 0.0
    return j


def jacobian(model: NeuralModel) -> np.ndarray:
    """The Jacobian of ``model``'s continuous dynamics at its current state.

    Args:
        model: a NeuralModel with a Rate or GradedResponse rule (n <= 5000).

    Returns:
        J, an n x n array: ``J[i, j] = d(ds_i/dt) / ds_j``.

    Examples:
        >>> import numpy as np
        >>> import neuroagents as na
        >>> m = na.NeuralModel(np.array([[0.0, 0.5], [0.5, 0.0]]), rule="linear", tau=2.0)
        >>> np.sort(np.linalg.eigvals(m.jacobian()).real).tolist()
        [-0.75, -0.25]
    """
    _check_continuous(model, "jacobian")
    w = model.connectome.to_dense().astype(np.float64)
    return _jacobian_at(model, model.arrays.dynamic().copy(), w)


def fixed_points(
    model: NeuralModel, starts: int = 8, *, rng: Any = None, tol: float = 1e-10
) -> list[FixedPoint]:
    """Fixed points of ``model``'s continuous dynamics, solved from several starts.

    The first start is the current state; the others are random (outputs uniform in
    the transfer function's range, or normal around 0 for unbounded ones). Each is
    solved with ``scipy.optimize.root`` (Powell's hybrid method, analytic Jacobian);
    solutions within 1e-6 of one found before are dropped. The model is not changed.

    Args:
        model: a NeuralModel with a Rate or GradedResponse rule (n <= 5000).
        starts: how many starts (>= 1).
        rng: seed or Generator for the random starts.
        tol: a solution must have ``max |ds/dt| <= tol * 1e3`` to count.

    Returns:
        The distinct fixed points, stable ones first.
    """
    _check_continuous(model, "fixed_points")
    starts = check_int("starts", starts, "fixed_points", low=1)
    tol = check_real("tol", tol, "fixed_points", low=0, low_open=True)
    gen = as_generator(rng, "fixed_points")
    a, rule = model.arrays, model.rule
    w = model.connectome.to_dense().astype(np.float64)
    s0 = a.dynamic().copy()
    free = ~a.clamped

    def velocity(s: np.ndarray) -> np.ndarray:
        v = rule.outputs(s) if rule.graded else s
        z = w @ v + a.drive - a.threshold
        target = z if rule.graded else rule.targets(z)
        return np.where(free, (target - s) / a.tau, 0.0)

    found: list[FixedPoint] = []
    solved: list[np.ndarray] = []  # each point's dynamic variable (u for graded rules)
    for k in range(starts):
        guess = s0 if k == 0 else np.where(free, _random_start(model, gen), s0)
        sol = optimize.root(
            velocity, guess, jac=lambda s: _jacobian_at(model, s, w), method="hybr", tol=tol
        )
        residual = float(np.max(np.abs(velocity(sol.x)), initial=0.0))
        if residual > tol * 1e3:
            continue
        if any(np.max(np.abs(sol.x - x)) < 1e-6 for x in solved):
            continue
        solved.append(sol.x)
        eig = np.linalg.eigvals(_jacobian_at(model, sol.x, w)[np.ix_(free, free)])
        eig = eig[np.argsort(-eig.real)]
        state = rule.outputs(sol.x) if rule.graded else sol.x
        found.append(FixedPoint(state, eig, bool(np.all(eig.real < 0)), residual))
    found.sort(key=lambda p: not p.stable)
    return found


def _random_start(model: NeuralModel, gen: np.random.Generator) -> np.ndarray:
    rule, n = model.rule, model.n
    if rule.graded:
        return gen.normal(0.0, 2.0 / rule.gain, n)
    if rule.label == "sigmoid":
        return gen.uniform(0.0, 1.0, n)
    if rule.label == "tanh":
        return gen.uniform(-1.0, 1.0, n)
    scale = max(1.0, float(np.abs(model.arrays.state).max(initial=0.0)))
    v = gen.normal(0.0, scale, n)
    return np.abs(v) if rule.label == "relu" else v
