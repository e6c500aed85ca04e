"""Vector fields of continuous systems, from a rate network or a plain function.

Pieces:
    VectorField: ``dx/dt = f(x)`` with its Jacobian-vector product ``J(x) V``.
    vector_field: a VectorField from a NeuralModel (rate or graded-response rule) or
        from a function ``f(x)`` (Jacobian given, or by finite differences).
    rk4_step: one classical Runge-Kutta step of a state and its tangent vectors.
    integrate: a trajectory sampled every ``dt``.
    ode_fixed_points: fixed points of a plain vector field, with eigenvalues and class.
    stability_class: "stable node", "stable focus", "saddle", ... from eigenvalues.
    nullclines: the curves ``f_1 = 0`` and ``f_2 = 0`` of a 2-D field, as points.

For a :class:`~neuroagents.sim.rules.Rate` network ``tau dv/dt = -v + f(W v + h - theta)``
the product is ``J V = (f'(z) * (W V) - V) / tau`` (rows scaled), computed with the
state as one product ``W [v, V]`` in the connectome's weight precision (with one tangent
vector, a compiled loop reads each row of W once for both columns); clamped neurons
have zero rows. ``jac`` is always float64.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numba import njit
from scipy import optimize

from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_int, check_real

if TYPE_CHECKING:
    from neuroagents.sim.model import NeuralModel

__all__ = [
    "OdeFixedPoint",
    "VectorField",
    "integrate",
    "nullclines",
    "ode_fixed_points",
    "random_starts",
    "rk4_step",
    "stability_class",
    "vector_field",
]

Rhs = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class VectorField:
    """``dx/dt = rhs(x)`` and the tangent flow ``dV/dt = J(x) V``.

    Attributes:
        rhs: ``x -> dx/dt`` (1-D arrays).
        flow: ``(x, V) -> (dx/dt, J(x) V)`` for a 2-D array V of tangent columns.
        jac: ``x -> J(x)`` (dense), for fixed-point analysis.
        dim: the number of variables.
    """

    rhs: Rhs
    flow: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    jac: Callable[[np.ndarray], np.ndarray]
    dim: int


@njit(cache=True, fastmath=True)
def _pair(w: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:  # pragma: no cover
    """``w @ [a, b]`` in one pass over w, in w's precision (a, b cast to it)."""
    n = w.shape[0]
    out = np.empty((n, 2))
    for i in range(n):
        s0 = a[0] * 0
        s1 = a[0] * 0
        for j in range(w.shape[1]):
            wij = w[i, j]
            s0 += wij * a[j]
            s1 += wij * b[j]
        out[i, 0] = s0
        out[i, 1] = s1
    return out


def _products(w: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """``w @ xs`` for the state and its tangents.

    One tangent (two columns, the largest exponent): a compiled loop that reads each
    row of w once for both columns, in the weights' precision (float32 weights, the
    connectome's default, give float32 products, as in the engine). More columns: BLAS.
    """
    if xs.shape[1] == 2:
        return _pair(w, xs[:, 0].astype(w.dtype), xs[:, 1].astype(w.dtype))
    return w @ xs.astype(w.dtype)


def _model_field(model: NeuralModel) -> VectorField:
    from neuroagents.analysis.dynamics import _check_continuous, _jacobian_at

    _check_continuous(model, "vector_field")
    a, rule = model.arrays, model.rule
    dense = model.connectome.to_dense()  # in the connectome's precision
    w = np.ascontiguousarray(dense, dtype=np.result_type(dense.dtype, np.float32))
    bias = (a.drive - a.threshold).copy()
    free = (~a.clamped)[:, None] / a.tau[:, None]

    def flow(x: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if rule.graded:  # potentials u: du/dt = (-u + W g(u) + b) / tau
            y = _products(w, np.column_stack([rule.outputs(x), rule.slopes(x)[:, None] * v]))
            dx = (y[:, 0] + bias - x) * free[:, 0]
            return dx, (y[:, 1:] - v) * free
        y = _products(w, np.column_stack([x, v]))
        z = y[:, 0] + bias
        dx = (rule.targets(z) - x) * free[:, 0]
        return dx, (rule.slopes(z)[:, None] * y[:, 1:] - v) * free

    def rhs(x: np.ndarray) -> np.ndarray:
        return flow(x, np.zeros((model.n, 0)))[0]

    def jac(x: np.ndarray) -> np.ndarray:
        return _jacobian_at(model, np.asarray(x, float), w.astype(np.float64))

    return VectorField(rhs, flow, jac, model.n)


def vector_field(
    system: Any, dim: int | None = None, jac: Callable[[np.ndarray], np.ndarray] | None = None
) -> VectorField:
    """The vector field of a rate network or of a function.

    Args:
        system: a NeuralModel with a Rate or GradedResponse rule (its dynamic variable:
            rates v, or potentials u), a function ``f(x) -> dx/dt``, or a VectorField
            (returned as it is).
        dim: the number of variables of a function (needed only for a function).
        jac: the Jacobian of a function, ``x -> J(x)``; central differences when omitted.

    Returns:
        A :class:`VectorField`.

    Examples:
        >>> import numpy as np
        >>> f = vector_field(lambda x: np.array([x[1], -x[0]]), dim=2)
        >>> f.jac(np.zeros(2)).round(6).tolist()
        [[0.0, 1.0], [-1.0, 0.0]]
    """
    if isinstance(system, VectorField):
        return system
    if hasattr(system, "rule") and hasattr(system, "arrays"):
        return _model_field(system)
    if not callable(system):
        raise ValidationError(
            "The 'system' parameter of vector_field must be a NeuralModel, a function "
            f"f(x) or a VectorField. Got {type(system).__name__}."
        )
    n = check_int("dim", dim, "vector_field", low=1)
    rhs = system

    def jac_fd(x: np.ndarray) -> np.ndarray:
        h = 1e-6 * np.maximum(1.0, np.abs(x))
        eye = np.eye(n)
        cols = [(rhs(x + h[j] * eye[j]) - rhs(x - h[j] * eye[j])) / (2 * h[j]) for j in range(n)]
        return np.column_stack(cols)

    jacobian = jac or jac_fd

    def flow(x: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dx = np.asarray(rhs(x), float)
        return dx, (jacobian(x) @ v if v.shape[1] else v)

    return VectorField(lambda x: np.asarray(rhs(x), float), flow, jacobian, n)


def _real_array(value: Any, name: str, where: str) -> np.ndarray:
    """``value`` as a finite float array, or the library's error naming ``name``."""
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            f"The '{name}' parameter of {where} must be an array of real numbers. "
            f"Got {type(value).__name__} instead."
        ) from None
    if not np.all(np.isfinite(arr)):
        raise ValidationError(f"The '{name}' parameter of {where} must be finite. Got NaN/inf.")
    return arr


def _state_vector(value: Any, name: str, where: str, dim: int | None = None) -> np.ndarray:
    """A finite 1-D state with >= 1 variable (and ``dim`` of them if given), or raise."""
    x = _real_array(value, name, where)
    if x.ndim != 1 or x.size == 0 or (dim is not None and x.size != dim):
        size = "one value per variable" if dim is None else f"{dim} values (one a variable)"
        raise ValidationError(
            f"The '{name}' parameter of {where} must be a 1-D state of {size}, at least one. "
            f"Got shape {x.shape} instead."
        )
    return x


def _check_dim(field: VectorField, x: np.ndarray, name: str, where: str) -> None:
    if field.dim != x.size:
        raise ValidationError(
            f"The '{name}' parameter of {where} must have one value per variable of the "
            f"system ({field.dim}). Got {x.size} values."
        )


def rk4_step(
    field: VectorField, x: np.ndarray, v: np.ndarray, dt: float
) -> tuple[np.ndarray, np.ndarray]:
    """One classical Runge-Kutta step of ``dx/dt = f(x)``, ``dV/dt = J(x) V``."""
    where = "rk4_step"
    if not isinstance(field, VectorField):
        raise ValidationError(
            f"The 'field' parameter of {where} must be a VectorField (see vector_field). "
            f"Got {type(field).__name__} instead."
        )
    x = _state_vector(x, "x", where, field.dim)
    v = _real_array(v, "v", where)
    if v.ndim != 2 or v.shape[0] != field.dim:
        raise ValidationError(
            f"The 'v' parameter of {where} must be a {field.dim} x k array of tangent "
            f"vectors (columns). Got shape {v.shape} instead."
        )
    dt = check_real("dt", dt, where)
    return _rk4(field, x, v, dt)


def _rk4(field: VectorField, x: np.ndarray, v: np.ndarray, dt: float) -> tuple[np.ndarray, ...]:
    """:func:`rk4_step` on checked arrays (the loops of integrate and lyapunov call this)."""
    k1, l1 = field.flow(x, v)
    k2, l2 = field.flow(x + 0.5 * dt * k1, v + 0.5 * dt * l1)
    k3, l3 = field.flow(x + 0.5 * dt * k2, v + 0.5 * dt * l2)
    k4, l4 = field.flow(x + dt * k3, v + dt * l3)
    return (
        x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4),
        v + dt / 6 * (l1 + 2 * l2 + 2 * l3 + l4),
    )


def integrate(system: Any, x0: Any, dt: float, steps: int, *, dim: int | None = None) -> np.ndarray:
    """A trajectory of ``system`` by RK4: ``steps + 1`` rows, one every ``dt``.

    Args:
        system: see :func:`vector_field`.
        x0: the initial state.
        dt: the step (> 0).
        steps: how many steps (>= 1).
        dim: a function's number of variables (default ``len(x0)``).

    Examples:
        >>> import numpy as np
        >>> x = integrate(lambda x: -x, [1.0], 0.01, 100)
        >>> round(float(x[-1, 0]), 6) == round(float(np.exp(-1.0)), 6)
        True
    """
    x = _state_vector(x0, "x0", "integrate")
    field = vector_field(system, dim if dim is not None else x.size)
    _check_dim(field, x, "x0", "integrate")
    dt = check_real("dt", dt, "integrate", low=0.0, low_open=True)
    steps = check_int("steps", steps, "integrate", low=1)
    out = np.empty((steps + 1, x.size))
    out[0] = x
    empty = np.zeros((x.size, 0))
    for k in range(steps):
        x, _ = _rk4(field, x, empty, dt)
        out[k + 1] = x
    return out


def stability_class(eigenvalues: np.ndarray, tol: float = 1e-9) -> str:
    """The kind of a fixed point from its Jacobian's eigenvalues.

    ``"stable node"`` / ``"stable focus"`` (all real parts < 0, complex ones present for a
    focus), ``"unstable node"`` / ``"unstable focus"`` (all > 0), ``"saddle"`` (both
    signs), ``"non-hyperbolic"`` (a real part within ``tol`` of 0).

    Examples:
        >>> stability_class(np.array([-1 + 2j, -1 - 2j]))
        'stable focus'
    """
    re = np.real(eigenvalues)
    if np.any(np.abs(re) <= tol):
        return "non-hyperbolic"
    kind = "focus" if np.any(np.abs(np.imag(eigenvalues)) > tol) else "node"
    if np.all(re < 0):
        return f"stable {kind}"
    if np.all(re > 0):
        return f"unstable {kind}"
    return "saddle"


@dataclass(frozen=True, slots=True)
class OdeFixedPoint:
    """A fixed point of a vector field: where, eigenvalues, class, residual."""

    state: np.ndarray
    eigenvalues: np.ndarray
    kind: str
    residual: float

    @property
    def stable(self) -> bool:
        """All eigenvalues have negative real parts."""
        return bool(np.all(self.eigenvalues.real < 0))


def ode_fixed_points(
    system: Any,
    starts: np.ndarray,
    *,
    jac: Callable[[np.ndarray], np.ndarray] | None = None,
    tol: float = 1e-10,
) -> list[OdeFixedPoint]:
    """Fixed points of ``dx/dt = f(x)`` from many starts, de-duplicated (within 1e-6).

    Args:
        system: a function ``f(x)``, a NeuralModel or a VectorField.
        starts: initial guesses, one per row.
        jac: the Jacobian of a function (finite differences when omitted).
        tol: solver tolerance; a root must have ``max |f| <= 1e3 tol``.

    Returns:
        The distinct fixed points (stable ones first) with eigenvalues and class.

    Examples:
        >>> import numpy as np
        >>> pts = ode_fixed_points(lambda x: x - x**3, np.array([[-2.0], [0.1], [2.0]]))
        >>> [(round(float(p.state[0]), 6), p.kind) for p in pts]
        [(-1.0, 'stable node'), (1.0, 'stable node'), (0.0, 'unstable node')]
    """
    starts = np.atleast_2d(_real_array(starts, "starts", "ode_fixed_points"))
    if starts.ndim != 2 or 0 in starts.shape:
        raise ValidationError(
            "The 'starts' parameter of ode_fixed_points must be initial guesses, one per "
            f"row (count x variables, both >= 1). Got shape {starts.shape} instead."
        )
    field = vector_field(system, starts.shape[1], jac)
    _check_dim(field, starts[0], "starts", "ode_fixed_points")
    found: list[OdeFixedPoint] = []
    for guess in starts:
        sol = optimize.root(field.rhs, guess, jac=field.jac, method="hybr", tol=tol)
        residual = float(np.max(np.abs(field.rhs(sol.x))))
        if residual > 1e3 * tol or any(np.max(np.abs(sol.x - p.state)) < 1e-6 for p in found):
            continue
        eig = np.linalg.eigvals(field.jac(sol.x))
        eig = eig[np.argsort(-eig.real)]
        found.append(OdeFixedPoint(sol.x, eig, stability_class(eig), residual))
    found.sort(key=lambda p: not p.stable)
    return found


def nullclines(
    system: Any, x_range: tuple[float, float], y_range: tuple[float, float], points: int = 200
) -> tuple[np.ndarray, np.ndarray]:
    """The nullclines of a 2-D field: points where ``dx/dt = 0`` and where ``dy/dt = 0``.

    Along each of ``points`` vertical lines x = const, every sign change of each
    component in y is refined by Brent's method, so each curve is found wherever it is
    crossed by a vertical line (curves tangent to a vertical line may miss a point).

    Args:
        system: a 2-variable function ``f([x, y])``, NeuralModel (n = 2) or VectorField.
        x_range: the window's x limits.
        y_range: the window's y limits.
        points: grid lines and samples per line.

    Returns:
        Two arrays of (x, y) rows: the x-nullcline and the y-nullcline.

    Examples:
        >>> import numpy as np
        >>> xn, yn = nullclines(lambda p: np.array([p[1] - p[0], -p[1]]), (-1, 1), (-1, 1), 21)
        >>> bool(np.allclose(xn[:, 0], xn[:, 1])), bool(np.allclose(yn[:, 1], 0))
        (True, True)
    """
    field = vector_field(system, 2)
    if field.dim != 2:
        raise ValidationError(f"nullclines needs a 2-D system; this one has {field.dim}.")
    x_range = _window(x_range, "x_range")
    y_range = _window(y_range, "y_range")
    points = check_int("points", points, "nullclines", low=2)
    ys = np.linspace(*y_range, points)
    curves: list[list[tuple[float, float]]] = [[], []]
    for x in np.linspace(*x_range, points):
        values = np.array([field.rhs(np.array([x, y])) for y in ys])
        for c in range(2):
            f = values[:, c]
            for i in np.flatnonzero(np.sign(f[:-1]) * np.sign(f[1:]) <= 0):
                if f[i] == 0:
                    curves[c].append((x, ys[i]))
                elif f[i + 1] != 0:
                    root = optimize.brentq(_component, ys[i], ys[i + 1], args=(field, x, c))
                    curves[c].append((x, root))
    return tuple(np.array(c).reshape(-1, 2) for c in curves)  # type: ignore[return-value]


def _window(value: Any, name: str) -> tuple[float, float]:
    """A (low, high) pair of finite reals with low < high, or the library's error."""
    lims = _real_array(value, name, "nullclines")
    if lims.shape != (2,) or not lims[0] < lims[1] or not np.isfinite(lims[1] - lims[0]):
        raise ValidationError(
            f"The '{name}' parameter of nullclines must be a pair (low, high) of finite "
            f"reals with low < high. Got {value!r} instead."
        )
    return float(lims[0]), float(lims[1])


def _component(y: float, field: VectorField, x: float, c: int) -> float:
    return float(field.rhs(np.array([x, y]))[c])


def random_starts(low: Any, high: Any, count: int, rng: Any = None) -> np.ndarray:
    """``count`` points uniform in the box [low, high] (for :func:`ode_fixed_points`)."""
    where = "random_starts"
    gen = as_generator(rng, where)
    count = check_int("count", count, where, low=1)
    low = np.atleast_1d(_real_array(low, "low", where))
    high = np.atleast_1d(_real_array(high, "high", where))
    if low.ndim != 1 or low.size == 0 or low.shape != high.shape:
        raise ValidationError(
            f"The 'low' and 'high' parameters of {where} must be corners of one box: 1-D, "
            f"of one length >= 1. Got shapes {low.shape} and {high.shape} instead."
        )
    with np.errstate(over="ignore"):
        span = high - low
    if np.any(span < 0) or not np.all(np.isfinite(span)):
        raise ValidationError(
            f"The 'high' parameter of {where} must be >= 'low' in every variable, with a "
            f"finite difference. Got low = {low.tolist()}, high = {high.tolist()}."
        )
    return gen.uniform(low, high, size=(count, low.size))
