"""Many starts of one Hopfield-Tank net at once, using the structure of its weights.

The experiments run every start through :class:`~neuroagents.models.hopfield_tank.TankModel`
(a NeuralModel with a dense n^2 x n^2 weight matrix, one start at a time). For
throughput, :func:`run_batch` integrates the same ODE, ``u <- x + (u - x) e^{-dt}``,
``V = 1 / (1 + exp(-gain u))``, for k starts in one numba call, and computes the input
from the structure of the weights instead of the matrix:

    x_Xi = -A R_X - B K_i + s V_Xi - g S - D sum_Y d_XY (V_Y,i+1 + V_Y,i-1) + I

with row sums R_X, column sums K_i and the total S; the 1985 form has s = A + B (its
A and B terms leave out V_Xi itself), g = C, I = C n'; the row/column form s = C,
g = 0, I = A + B - C/2. That is n^3 multiply-adds per step instead of n^4. A test checks
it against TankModel's trajectories.

Outputs with ``gain u < -700`` are set to exactly 0 (they are below 1e-304). Left as
they are, those in ``[-745, -708]`` are subnormal floats, which cost the processor
10-100 times a normal multiply; a neuron drifting slowly through that range makes a
run several times slower. The change to any input is below 1e-300. Outputs with
``gain u > 37`` are exactly 1.0 in float64 anyway and skip the exponential.

Pieces:
    run_batch: k starts of one net for a number of steps, in place of k TankModel runs.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.models.hopfield_tank.network import TankParams
from neuroagents.models.hopfield_tank.tsp import check_distances
from neuroagents.validation import check_int, check_real

__all__ = ["run_batch"]

FLUSH = -700.0
"""Below this ``gain * u``, an output counts as exactly 0 (it is below 1e-304)."""

SATURATED = 37.0
"""Above this ``gain * u``, ``1 + exp(-gain u)`` rounds to 1.0 in float64: V is exactly 1."""


@numba.njit(cache=True)
def _integrate(d, u, coef, gain, keep, steps):  # pragma: no cover - compiled
    a, b, s_self, g, dd, bias = coef[0], coef[1], coef[2], coef[3], coef[4], coef[5]
    k, n = u.shape[0], u.shape[1]
    V = np.empty((n, n))
    rows = np.empty(n)
    cols = np.empty(n)
    nb = np.empty((n, n))
    length = np.empty(n)
    for s in range(k):
        us = u[s]
        for _ in range(steps):
            total = 0.0
            for i in range(n):
                cols[i] = 0.0
            for x in range(n):
                r = 0.0
                for i in range(n):
                    z = gain * us[x, i]
                    if z > SATURATED:
                        v = 1.0  # what the formula gives, without the exp
                    elif z < FLUSH:
                        v = 0.0
                    else:
                        v = 1.0 / (1.0 + math.exp(-z))
                    V[x, i] = v
                    r += v
                    cols[i] += v
                rows[x] = r
                total += r
            # N[y, i] = V[y, i+1] + V[y, i-1]; the length term is L = d @ N, summed with
            # i innermost so that the loop runs over contiguous memory.
            for y in range(n):
                for i in range(n):
                    nb[y, i] = V[y, i + 1 if i < n - 1 else 0] + V[y, i - 1 if i > 0 else n - 1]
            for x in range(n):
                for i in range(n):
                    length[i] = 0.0
                for y in range(n):
                    dxy = d[x, y]
                    for i in range(n):
                        length[i] += dxy * nb[y, i]
                for i in range(n):
                    inp = (-a * rows[x] - b * cols[i] + s_self * V[x, i] - g * total
                           - dd * length[i] + bias)  # fmt: skip
                    us[x, i] = inp + (us[x, i] - inp) * keep
    return u


def run_batch(
    d: np.ndarray, params: TankParams, u: np.ndarray, dt: float, steps: int
) -> np.ndarray:
    """Integrate ``k`` starts (``u`` of shape (k, n^2) or (k, n, n)) for ``steps`` steps.

    Exponential Euler with tau = 1, exactly the ODE of :class:`TankModel` with the same
    ``params``.

    Args:
        d: the (n, n) distance matrix.
        params: the energy's penalties, gain and form.
        u: initial potentials, one start per row, neuron index ``X n + i`` (not modified).
        dt: the step.
        steps: how many steps.

    Returns:
        The final potentials, shape (k, n^2); outputs ``1 / (1 + exp(-gain u))``.

    Examples:
        >>> from neuroagents.models import hopfield_tank as ht
        >>> d = ht.distance_matrix(ht.random_cities(10, rng=0))
        >>> u0 = np.stack([ht.paper_potential(10, 0.02, rng=s) for s in range(8)])
        >>> run_batch(d, ht.TankParams(), u0, dt=1e-5, steps=100).shape
        (8, 100)
    """
    d = check_distances(d, "run_batch")
    n = d.shape[0]
    u = np.array(u, dtype=np.float64, order="C", ndmin=2)
    if u.size % (n * n) or u.ndim > 3:
        raise ValidationError(
            f"The 'u' parameter of run_batch must hold k starts of {n * n} potentials, "
            f"shape (k, {n * n}) or (k, {n}, {n}). Got shape {u.shape}."
        )
    u = u.reshape(-1, n, n)
    check_real("dt", dt, "run_batch", low=0, low_open=True)
    check_int("steps", steps, "run_batch", low=0)
    p = params
    if p.form == "1985":
        coef = [p.A, p.B, p.A + p.B, p.C, p.D, p.C * p.n_prime]
    else:
        coef = [p.A, p.B, p.C, 0.0, p.D, p.A + p.B - p.C / 2]
    out = _integrate(d, u, np.array(coef), p.gain, math.exp(-dt), int(steps))
    return out.reshape(-1, n * n)
