"""The E–I mean field's phase plane: fixed points, their stability, nullclines, Hopf point.

Functions of a :class:`~neuroagents.models.ei.mean_field.MeanField`, which offers each
as a method (``mf.fixed_points()``, ``mf.nullclines()``, ``mf.hopf()``…).

Pieces:
    Hopf: where a fixed point loses stability through complex eigenvalues.
    fixed_points, describe: every fixed point in [0, 1]², its eigenvalues and kind.
    nullclines: the E- and I-nullclines, traced by root finding.
    residual_grid: GT(E, I) - (E, I) on a mesh (its zero contours are the nullclines).
    hopf: where a tracked fixed point changes stability as one parameter moves.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import optimize

from neuroagents.models.ei.params import _PARAM_NAMES, POPULATIONS
from neuroagents.validation import check_choice, check_int

if TYPE_CHECKING:
    from neuroagents.models.ei.mean_field import MeanField

__all__ = ["Hopf", "describe", "fixed_points", "hopf", "nullclines", "residual_grid"]


@dataclass(frozen=True, slots=True)
class Hopf:
    """Where a fixed point loses stability through a pair of complex eigenvalues.

    Attributes:
        parameter: the parameter varied (``"tau_ratio"`` is τ_E/τ_I at fixed τ_I).
        value: its value at the bifurcation.
        E: the fixed point's E there.
        I: the fixed point's I there.
        omega: the imaginary part of the eigenvalues there (radians per time unit).
        stable_above: whether the fixed point is stable above ``value``.
    """

    parameter: str
    value: float
    E: float
    I: float  # noqa: E741
    omega: float
    stable_above: bool

    @property
    def frequency(self) -> float:
        """Oscillation frequency at onset, ``omega / 2π`` (cycles per time unit)."""
        return self.omega / (2 * math.pi)

    @property
    def period(self) -> float:
        """Oscillation period at onset (time units)."""
        return 2 * math.pi / self.omega


def residual_grid(mf: MeanField, grid: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(axis, E, GT(E, I) - (E, I))`` on a ``grid x grid`` mesh of [0, 1]² (E along x)."""
    axis = np.linspace(0.0, 1.0, grid)
    E, I = np.meshgrid(axis, axis, indexing="xy")  # noqa: E741
    return axis, E, mf.gain(E, I) - np.stack([E, I])


def fixed_points(mf: MeanField, grid: int = 201) -> pd.DataFrame:
    """Every fixed point in [0, 1]², with its eigenvalues and stability.

    Cells of a ``grid × grid`` mesh where both ``GT_E − E`` and ``GT_I − I``
    change sign are refined with ``scipy.optimize.root`` (analytic Jacobian).

    Returns:
        One row per fixed point (E ascending): ``E``, ``I``, ``trace``, ``det``,
        ``re1``, ``im1``, ``re2``, ``im2`` (eigenvalues, largest real part
        first), ``stable`` and ``kind`` (``"stable node"``, ``"stable focus"``,
        ``"unstable node"``, ``"unstable focus"``, ``"saddle"``).
    """
    check_int("grid", grid, "MeanField.fixed_points", low=3)
    axis, _, h = residual_grid(mf, grid)
    sign = h >= 0
    found: list[np.ndarray] = []
    changes = []
    for k in range(2):
        s = sign[k]
        corners = np.stack([s[:-1, :-1], s[:-1, 1:], s[1:, :-1], s[1:, 1:]])
        changes.append(corners.any(axis=0) & ~corners.all(axis=0))
    rows, cols = np.nonzero(changes[0] & changes[1])
    step = axis[1] - axis[0]
    # Fixed points on the border (e.g. E = I = 1 exactly, where GT rounds to 1)
    # show no sign change: take exact zeros at mesh nodes too.
    zero_rows, zero_cols = np.nonzero(np.all(np.abs(h) < 1e-12, axis=0))
    for row, col in zip(zero_rows, zero_cols, strict=True):
        found.append(np.array([axis[col], axis[row]]))
    # ... and on an edge where one rate sits exactly at 0 or 1 (GT rounds to 0 or 1
    # there), the other component's sign changes along the edge.
    for k in range(2):  # k: the component that is exactly zero on the edge
        for end in (0, -1):
            edge = h[k][end, :] if k == 1 else h[k][:, end]
            other = h[1 - k][end, :] if k == 1 else h[1 - k][:, end]
            at = axis[end]
            for j in np.flatnonzero((other[:-1] * other[1:] < 0) & (edge[:-1] == 0)):

                def f(x: float, k: int = k, at: float = at) -> float:
                    e, i = (x, at) if k == 1 else (at, x)
                    return float(mf.gain(e, i)[1 - k] - (e, i)[1 - k])

                x = optimize.brentq(f, axis[j], axis[j + 1], xtol=1e-14)
                found.append(np.array([x, at]) if k == 1 else np.array([at, x]))

    def residual(r: np.ndarray) -> np.ndarray:
        return mf.gain(r[0], r[1]) - r

    def jac(r: np.ndarray) -> np.ndarray:
        return mf.gain_jacobian(r[0], r[1]) - np.eye(2)

    for row, col in zip(rows, cols, strict=True):
        x0 = np.array([axis[col] + step / 2, axis[row] + step / 2])
        sol = optimize.root(residual, x0, jac=jac, method="hybr", tol=1e-13)
        r = sol.x
        if not (np.all(r >= -1e-9) and np.all(r <= 1 + 1e-9)):
            continue
        r = np.clip(r, 0.0, 1.0)
        if np.max(np.abs(residual(r))) > 1e-9:
            continue
        if any(np.max(np.abs(r - f)) < 1e-7 for f in found):
            continue
        found.append(r)
    found.sort(key=lambda r: (r[0], r[1]))
    return pd.DataFrame([describe(mf, r[0], r[1]) for r in found], columns=_FIXED_POINT_COLUMNS)


def describe(mf: MeanField, E: float, I: float) -> dict[str, Any]:  # noqa: E741
    """Eigenvalues, trace, determinant, stability and kind of the point (E, I)."""
    jac = mf.jacobian(E, I)
    lam = mf.eigenvalues(E, I)
    trace, det = float(np.trace(jac)), float(np.linalg.det(jac))
    stable = bool(lam[0].real < 0)
    if det < 0:
        kind = "saddle"
    else:
        shape = "focus" if abs(lam[0].imag) > 0 else "node"
        kind = f"{'stable' if stable else 'unstable'} {shape}"
    return {
        "E": float(E),
        "I": float(I),
        "trace": trace,
        "det": det,
        "re1": float(lam[0].real),
        "im1": float(lam[0].imag),
        "re2": float(lam[1].real),
        "im2": float(lam[1].imag),
        "stable": stable,
        "kind": kind,
    }


def nullclines(mf: MeanField, grid: int = 401) -> pd.DataFrame:
    """Points of the E-nullcline (GT_E = E) and the I-nullcline (GT_I = I).

    Each is traced by root finding along both axes of a ``grid``-point mesh, so
    folds are covered; points are sorted by E, then I.

    Returns:
        Columns ``nullcline`` (``"E"`` or ``"I"``), ``E``, ``I``.
    """
    check_int("grid", grid, "MeanField.nullclines", low=3)
    axis, _, h = residual_grid(mf, grid)  # h[k][i_index, e_index]
    rows = []
    for k, name in enumerate(POPULATIONS):
        # Along E at fixed I (rows of h), then along I at fixed E (columns).
        for along, values in ((0, h[k]), (1, h[k].T)):
            for line, fixed in enumerate(axis):
                v = values[line]
                for j in np.flatnonzero(v == 0):
                    rows.append((name, *_point(along, axis[j], fixed)))
                for j in np.flatnonzero(v[:-1] * v[1:] < 0):

                    def f(x: float, k: int = k, along: int = along, fixed: float = fixed) -> float:
                        e, i = _point(along, x, fixed)
                        return float(mf.gain(e, i)[k] - (e, i)[k])

                    x = optimize.brentq(f, axis[j], axis[j + 1], xtol=1e-12)
                    rows.append((name, *_point(along, x, fixed)))
    table = pd.DataFrame(rows, columns=["nullcline", "E", "I"])
    return table.sort_values(["nullcline", "E", "I"], ignore_index=True)


def hopf(
    mf: MeanField,
    parameter: str = "tau_ratio",
    low: float = 1.0,
    high: float = 100.0,
    *,
    near: tuple[float, float] | None = None,
    scan: int = 30,
) -> Hopf | None:
    """Find where a fixed point with complex eigenvalues changes stability.

    The fixed point is tracked from ``high`` down to ``low`` (nearest to the
    previous one, starting from the stable focus at ``high`` or the point nearest
    ``near``), and the sign change of the largest real part is refined by
    ``brentq``.

    Args:
        mf: the mean field at the scan's start (its other parameters stay fixed).
        parameter: an :class:`EIParams` field, or ``"tau_ratio"`` (τ_E/τ_I at
            fixed τ_I).
        low: lower end of the scan.
        high: upper end of the scan.
        near: (E, I) to pick the tracked fixed point at ``high``.
        scan: scan points (log-spaced for positive ranges).

    Returns:
        A :class:`Hopf`, or None if the tracked point does not change stability
        through complex eigenvalues in the range.
    """
    names = (*_PARAM_NAMES, "tau_ratio")
    check_choice("parameter", parameter, "MeanField.hopf", names)
    if low > 0:
        values = np.geomspace(high, low, scan)
    else:
        values = np.linspace(high, low, scan)

    def at(x: float) -> MeanField:
        return type(mf)(mf.params.replace(**{parameter: x}), continuity=mf.continuity)

    track: list[tuple[float, np.ndarray, float, float]] = []
    prev = None if near is None else np.asarray(near, float)
    for x in values:
        fp = at(x).fixed_points()
        if fp.empty:
            break
        pts = fp[["E", "I"]].to_numpy()
        if prev is None:
            foci = fp[fp["kind"].str.endswith("focus")]
            if foci.empty:
                return None
            k = int(foci.index[0])
        else:
            k = int(np.argmin(np.abs(pts - prev).sum(axis=1)))
            if prev is not None and np.abs(pts[k] - prev).sum() > 0.1:
                break  # the tracked point vanished (fold)
        prev = pts[k]
        track.append((x, pts[k], float(fp["re1"].iloc[k]), float(fp["im1"].iloc[k])))
    for (x1, r1, re1, im1), (x2, _, re2, im2) in itertools.pairwise(track):
        if np.sign(re1) != np.sign(re2) and im1 != 0 and im2 != 0:

            def largest_real(x: float, guess: np.ndarray = r1) -> float:
                mf = at(x)
                r = _refine(mf, guess)
                return float(mf.eigenvalues(r[0], r[1])[0].real)

            xc = optimize.brentq(largest_real, x2, x1, xtol=1e-10 * max(1.0, abs(x1)))
            crit = at(xc)
            r = _refine(crit, r1)
            omega = float(abs(crit.eigenvalues(r[0], r[1])[0].imag))
            return Hopf(parameter, float(xc), float(r[0]), float(r[1]), omega, re1 < 0)
    return None


def _point(along: int, x: float, fixed: float) -> tuple[float, float]:
    """(E, I) of a point ``x`` along E (along = 0) or along I (along = 1), the other fixed."""
    return (x, fixed) if along == 0 else (fixed, x)


def _refine(mf: MeanField, guess: np.ndarray) -> np.ndarray:
    """The fixed point of ``mf`` nearest ``guess`` (Newton-type root finding)."""
    return optimize.root(
        lambda r: mf.gain(r[0], r[1]) - r,
        guess,
        jac=lambda r: mf.gain_jacobian(r[0], r[1]) - np.eye(2),
        tol=1e-13,
    ).x


_FIXED_POINT_COLUMNS = ["E", "I", "trace", "det", "re1", "im1", "re2", "im2", "stable", "kind"]
