"""E–I mean field: the lecture's ODE for the active fractions, its fixed points and noise.

For large n the active fractions E(t) and I(t) of :mod:`~neuroagents.models.ei` follow
the lecture's mean-field ODE

    τ_E dE/dt = GT(T_E, np(E − I), np(1−p)(E + I)) − E
    τ_I dI/dt = GT(T_I, npI, np(1−p)I) − I

where GT(T, m, var) = P[N(m, var) > T] is the Gaussian tail above T.

**The general mean field.** With n_b neurons in population b, a fraction r_b of them
active, connection probability p_ab and weight J_ab from b to a, the input to a neuron
of a is a sum of independent Binomial counts times weights, plus its drive d_a:

    m_a   = d_a + Σ_b n_b p_ab J_ab r_b,      var_a = Σ_b n_b p_ab (1 − p_ab) J_ab² r_b
    τ_a dr_a/dt = GT(T_a, m_a, var_a) − r_a

(n_b − 1 for b = a: no self-loops; with n_E = n_I = n and the two presets this is the
lecture's system). Fixed points solve r = GT(…); their stability comes from the
eigenvalues of the Jacobian ``(∂GT_a/∂r_b − δ_ab) / τ_a``, and the fixed points do not
depend on τ, only their stability does. With ``"e-drives-i"`` the trace vanishes at
τ_E/τ_I = ∂GT_E/∂E − 1 (a Hopf bifurcation when the determinant is positive there).

**Continuity correction.** With integer weights and an integer-spaced drive the
synaptic input X is an integer, and "strictly greater than T" means X ≥ ⌊T − d⌋ + 1.
The Gaussian approximation of a lattice variable is then best taken half-way between
the two lattice points: GT uses the effective threshold d + ⌊T − d⌋ + 1/2 (for weights
on a lattice of spacing g: d + g(⌊(T − d)/g⌋ + 1/2)). It is on by default whenever the
weights are integers (``continuity=None``); ``continuity=False`` gives the lecture's
GT(T, …) as printed. Evidence (README and the ``agreement`` experiment): at the
lecture's example (n_E = 8000, n_I = 2000, p = 0.05, T_E = 20, T_I = 30), three agent
runs of 2800 time units each average E = 0.0630 (0.0628–0.0631); the corrected fixed
point is E* = 0.0631, the uncorrected one 0.0620. Over whole time courses the RMS of
(agents − ODE) / σ_finite-size for E drops from 1.3–1.8 to about 0.9 with the correction.

Pieces:
    gaussian_tail: GT(T, m, var).
    MeanField: the ODE: drift, solve, Jacobian, finite-size noise (linear noise
        approximation); its fixed points, nullclines and Hopf point (computed in
        :mod:`~neuroagents.models.ei.phase_plane`).
    mean_field: solve the ODE with EIModel's parameters; a DataFrame time, E, I.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import linalg, special
from scipy.integrate import solve_ivp

from neuroagents.errors import ValidationError
from neuroagents.models.ei import phase_plane
from neuroagents.models.ei.params import DEFAULTS, Connectivity, EIParams
from neuroagents.models.ei.phase_plane import Hopf
from neuroagents.validation import check_real

__all__ = [
    "Hopf",
    "MeanField",
    "gaussian_tail",
    "mean_field",
]

_SQRT2 = math.sqrt(2.0)
_IMPLICIT = ("LSODA", "BDF", "Radau")


def gaussian_tail(threshold: Any, mean: Any, var: Any) -> np.ndarray:
    """GT(T, m, var) = P[N(m, var) > T], elementwise; a step ``m > T`` where var = 0.

    Examples:
        >>> float(gaussian_tail(0.0, 0.0, 1.0))
        0.5
        >>> round(float(gaussian_tail(1.96, 0.0, 1.0)), 4)
        0.025
        >>> gaussian_tail([1.0, 1.0], [2.0, 0.0], [0.0, 0.0]).tolist()
        [1.0, 0.0]
    """
    arrays = (np.asarray(x, dtype=np.float64) for x in (threshold, mean, var))
    t, m, v = np.broadcast_arrays(*arrays)
    sd = np.sqrt(np.maximum(v, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        tail = special.ndtr((m - t) / sd)
    return np.where(sd > 0, tail, (m > t).astype(np.float64))


class MeanField:
    """The mean-field ODE τ_a dr_a/dt = GT(T_a, m_a, var_a) − r_a for r = (E, I).

    Args:
        params: an :class:`EIParams` (or pass the same keywords as :class:`EIModel`).
        continuity: use the continuity-corrected threshold (see the module
            docstring); None (default) uses it when the weights are integers.
        **kwargs: :class:`EIParams` fields, if ``params`` is not given.

    Raises:
        ValidationError: bad parameters, or ``continuity=True`` with weights that are
            not on an integer lattice.

    Examples:
        >>> mf = MeanField(n_e=8000, n_i=2000, p=0.05, tau_e=20.0, tau_i=1.0,
        ...                theta_e=20, theta_i=30, e0=0.2, i0=0.0)
        >>> fp = mf.fixed_points()
        >>> focus = fp[fp["kind"] == "stable focus"].iloc[0]
        >>> round(float(focus.E), 3), round(float(focus.I), 3)
        (0.063, 0.141)
        >>> np.allclose(mf.gain(focus.E, focus.I), [focus.E, focus.I])
        True
    """

    def __init__(
        self, params: EIParams | None = None, *, continuity: bool | None = None, **kwargs: Any
    ) -> None:
        if params is None:
            params = EIParams(**kwargs, where="MeanField")
        elif kwargs:
            raise ValidationError(
                "MeanField takes either an EIParams or keyword parameters, not both. "
                f"Got params and {sorted(kwargs)}."
            )
        self.params = params
        conn = params.connectivity
        sizes = params.sizes
        # n_b - 1 possible sources within one's own population (no self-loops).
        n_src = sizes[None, :] - np.eye(2)
        prob, weight = conn.prob_matrix, conn.weight_matrix
        self.mean_coef = n_src * prob * weight
        self.var_coef = n_src * prob * (1 - prob) * weight**2
        spacing = conn.lattice()
        if continuity is None:
            continuity = spacing is not None
        elif continuity and spacing is None:
            raise ValidationError(
                "The 'continuity' parameter of MeanField can be True only when the "
                "weights are integers (the input then lives on a lattice). Got weights "
                f"{conn.weight}."
            )
        self.continuity = bool(continuity)
        theta, drive = params.theta, params.drive
        if self.continuity:
            g = spacing
            self.effective_threshold = drive + g * (np.floor((theta - drive) / g + 1e-9) + 0.5)
        else:
            self.effective_threshold = theta.astype(np.float64)
        self.tau = params.tau
        # Plain-float copies for the scalar path the ODE solvers use.
        self._coef = [(tuple(self.mean_coef[a]), tuple(self.var_coef[a])) for a in range(2)]
        self._drive = tuple(float(x) for x in params.drive)
        self._threshold = tuple(float(x) for x in self.effective_threshold)
        self._tau = tuple(float(x) for x in self.tau)

    # -------------------------------------------------------------- the ODE
    def moments(self, E: Any, I: Any) -> tuple[np.ndarray, np.ndarray]:  # noqa: E741
        """Mean and variance of the input to an E and an I neuron, shape (2, …).

        ``m_a = d_a + Σ_b n_b p_ab J_ab r_b``, ``var_a = Σ_b n_b p_ab (1 − p_ab) J_ab² r_b``.
        """
        r = np.clip(
            np.stack(np.broadcast_arrays(np.asarray(E, float), np.asarray(I, float))), 0.0, 1.0
        )
        mean = np.tensordot(self.mean_coef, r, axes=1)
        var = np.tensordot(self.var_coef, r, axes=1)
        drive = self.params.drive.reshape((2,) + (1,) * (r.ndim - 1))
        return mean + drive, var

    def gain(self, E: Any, I: Any) -> np.ndarray:  # noqa: E741
        """``GT(T_a, m_a, var_a)`` for a = E, I: the fraction that would be active, (2, …)."""
        mean, var = self.moments(E, I)
        thr = self.effective_threshold.reshape((2,) + (1,) * (mean.ndim - 1))
        return gaussian_tail(thr, mean, var)

    def _scalar_moments(self, E: float, I: float) -> list[tuple[float, float, float]]:  # noqa: E741
        """Per population (mean, sd, u = (m − T_eff) / sd) at one point, in plain floats.

        The ODE solvers call the drift tens of thousands of times: this is the same
        arithmetic as :meth:`moments` without numpy's per-call overhead.
        """
        e, i = min(max(float(E), 0.0), 1.0), min(max(float(I), 0.0), 1.0)
        out = []
        for a in range(2):
            mc, vc = self._coef[a]
            mean = self._drive[a] + mc[0] * e + mc[1] * i
            sd = math.sqrt(max(vc[0] * e + vc[1] * i, 0.0))
            gap = mean - self._threshold[a]
            out.append((mean, sd, gap / sd if sd > 0 else math.copysign(math.inf, gap)))
        return out

    def drift(self, t: float, r: Sequence[float]) -> np.ndarray:
        """``dr/dt = (GT(r) − r) / τ`` (the signature ``solve_ivp`` wants)."""
        moments = self._scalar_moments(r[0], r[1])
        return np.array([
            (0.5 * math.erfc(-u / _SQRT2) - float(r[a])) / self._tau[a]
            for a, (_, _, u) in enumerate(moments)
        ])  # fmt: skip

    def gain_jacobian(self, E: float, I: float) -> np.ndarray:  # noqa: E741
        """``∂GT_a/∂r_b`` at (E, I), a 2×2 array.

        With u = (m − T)/s and s² = var: ∂GT/∂r_b = φ(u) (M_ab − u V_ab / (2 s)) / s, where
        M and V are the mean and variance coefficients; 0 where var = 0.
        """
        out = np.zeros((2, 2))
        for a, (_, sd, u) in enumerate(self._scalar_moments(E, I)):
            if sd <= 0:
                continue
            dens = math.exp(-0.5 * u * u) / math.sqrt(2 * math.pi)
            out[a] = dens * (self.mean_coef[a] - u * self.var_coef[a] / (2 * sd)) / sd
        return out

    def jacobian(self, E: float, I: float) -> np.ndarray:  # noqa: E741
        """Jacobian of the drift, ``(∂GT_a/∂r_b − δ_ab) / τ_a``."""
        return (self.gain_jacobian(E, I) - np.eye(2)) / self.tau[:, None]

    def eigenvalues(self, E: float, I: float) -> np.ndarray:  # noqa: E741
        """Eigenvalues of the Jacobian at (E, I), largest real part first."""
        lam = np.linalg.eigvals(self.jacobian(E, I))
        return lam[np.argsort(-lam.real, kind="stable")]

    def solve(
        self,
        t_end: float | None = None,
        *,
        dt: float | None = None,
        times: Sequence[float] | np.ndarray | None = None,
        start: tuple[float, float] | None = None,
        method: str = "LSODA",
    ) -> pd.DataFrame:
        """Integrate from (e0, i0) with scipy's ``solve_ivp``.

        Args:
            t_end: end time (default: the last of ``times``).
            dt: output spacing (default τ_min / 4, as :class:`EIModel` records).
            times: output times instead of a regular grid (e.g. the agents' record
                times).
            start: initial (E, I) instead of (e0, i0).
            method: a ``solve_ivp`` method.

        Returns:
            A DataFrame with columns ``time``, ``E``, ``I``.
        """
        if times is None:
            if t_end is None:
                raise ValidationError("MeanField.solve needs 't_end' or 'times'. Got neither.")
            t_end = check_real("t_end", t_end, "MeanField.solve", low=0)
            step = min(self.tau) / 4 if dt is None else dt
            check_real("dt", step, "MeanField.solve", low=0, low_open=True)
            times = np.linspace(0.0, t_end, round(t_end / step) + 1)
        times = np.asarray(times, dtype=np.float64)
        r0 = (self.params.e0, self.params.i0) if start is None else start
        if times[-1] == times[0]:
            return pd.DataFrame({"time": times, "E": float(r0[0]), "I": float(r0[1])})
        sol = solve_ivp(
            self.drift,
            (float(times[0]), float(times[-1])),
            np.asarray(r0, float),
            method=method,
            t_eval=times,
            rtol=1e-8,
            atol=1e-10,
            **({"jac": lambda t, r: self.jacobian(r[0], r[1])} if method in _IMPLICIT else {}),
        )
        if not sol.success:  # pragma: no cover - solve_ivp failures are rare here
            raise RuntimeError(f"solve_ivp failed: {sol.message}")
        return pd.DataFrame({"time": sol.t, "E": sol.y[0], "I": sol.y[1]})

    def diffusion(self, E: float, I: float) -> np.ndarray:  # noqa: E741
        """Diffusion matrix of the active fractions (diagonal, 2×2), for finite n.

        A neuron of population a updates at rate 1/τ_a; it switches on with
        probability (1 − r_a) GT_a and off with probability r_a (1 − GT_a), each
        switch moving r_a by 1/n_a. So ``D_aa = ((1 − r_a) GT_a + r_a (1 − GT_a)) /
        (n_a τ_a)``, which is ``2 r (1 − r) / (n τ)`` at a fixed point.
        """
        r = np.clip(np.array([E, I], dtype=np.float64), 0.0, 1.0)
        g = np.array([0.5 * math.erfc(-u / _SQRT2) for _, _, u in self._scalar_moments(E, I)])
        return np.diag(((1 - r) * g + r * (1 - g)) / (self.params.sizes * self.tau))

    def stationary_covariance(self, E: float, I: float) -> np.ndarray:  # noqa: E741
        """Covariance of the active fractions' fluctuations at a stable fixed point (E, I).

        The linear noise approximation's steady state: ``J C + C Jᵀ + D = 0``
        (see :meth:`linear_noise`). Its diagonal's square roots are the standard
        deviations of E and I about the fixed point for these n_E and n_I.

        Raises:
            ValidationError: the point is not stable (no steady state).
        """
        jac = self.jacobian(E, I)
        if np.max(np.linalg.eigvals(jac).real) >= 0:
            raise ValidationError(
                f"MeanField.stationary_covariance needs a stable fixed point; ({E:.4g}, "
                f"{I:.4g}) has eigenvalues {np.linalg.eigvals(jac)}."
            )
        return linalg.solve_continuous_lyapunov(jac, -self.diffusion(E, I))

    def linear_noise(
        self,
        t_end: float | None = None,
        *,
        dt: float | None = None,
        times: Sequence[float] | np.ndarray | None = None,
    ) -> pd.DataFrame:
        """The ODE with its finite-size fluctuations (van Kampen's linear noise approximation).

        For n neurons, the active fractions are ``r(t) + ξ(t) / √n`` with ξ Gaussian;
        its covariance C obeys ``dC/dt = J C + C Jᵀ + D`` along the mean-field
        trajectory (J: :meth:`jacobian`, D: :meth:`diffusion`), from C = 0 (the
        initial subset has exactly round(e0 n_E) and round(i0 n_I) active neurons).
        This is the "about 1/√n" of finite-size fluctuations, made precise: it is the
        yardstick the tests and the ``agreement`` experiment measure agents by.

        It treats each update as a fresh draw of the inputs (an annealed network).
        On the fixed graph the set of neurons above threshold is partly frozen, so
        the agents fluctuate somewhat less (measured at the lecture's example: sd E
        0.0011 and I 0.013, against 0.0013 and 0.017 here).

        Returns:
            Columns ``time``, ``E``, ``I``, ``sd_E``, ``sd_I``, ``corr`` (the
            correlation of the E and I fluctuations).

        Examples:
            >>> mf = MeanField(n_e=8000, n_i=2000, p=0.05, tau_e=20.0, tau_i=1.0,
            ...                theta_e=20, theta_i=30, e0=0.063, i0=0.141)
            >>> end = mf.linear_noise(200.0).iloc[-1]
            >>> round(float(end.sd_E), 4), round(float(end.sd_I), 3)
            (0.0013, 0.017)
        """
        if times is None:
            if t_end is None:
                raise ValidationError(
                    "MeanField.linear_noise needs 't_end' or 'times'. Got neither."
                )
            step = min(self.tau) / 4 if dt is None else dt
            check_real("dt", step, "MeanField.linear_noise", low=0, low_open=True)
            times = np.linspace(0.0, t_end, round(t_end / step) + 1)
        times = np.asarray(times, dtype=np.float64)

        def rhs(t: float, y: np.ndarray) -> np.ndarray:
            r, cov = y[:2], y[2:].reshape(2, 2)
            jac = self.jacobian(r[0], r[1])
            dcov = jac @ cov + cov @ jac.T + self.diffusion(r[0], r[1])
            return np.concatenate([self.drift(t, r), dcov.ravel()])

        y0 = np.array([self.params.e0, self.params.i0, 0.0, 0.0, 0.0, 0.0])
        sol = solve_ivp(
            rhs,
            (float(times[0]), float(times[-1])),
            y0,
            method="LSODA",
            t_eval=times,
            rtol=1e-8,
            atol=1e-12,
        )
        if not sol.success:  # pragma: no cover
            raise RuntimeError(f"solve_ivp failed: {sol.message}")
        var_e, cov, var_i = np.maximum(sol.y[2], 0), sol.y[3], np.maximum(sol.y[5], 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            corr = np.where(var_e * var_i > 0, cov / np.sqrt(var_e * var_i), 0.0)
        return pd.DataFrame(
            {
                "time": sol.t,
                "E": sol.y[0],
                "I": sol.y[1],
                "sd_E": np.sqrt(var_e),
                "sd_I": np.sqrt(var_i),
                "corr": corr,
            }
        )

    # -------------------------------------------------------------- phase plane
    # Computed in phase_plane, whose functions take the MeanField first: as methods,
    # mf.fixed_points(), mf.describe(E, I), mf.nullclines(), mf.hopf(...).
    fixed_points = phase_plane.fixed_points
    describe = phase_plane.describe
    nullclines = phase_plane.nullclines
    hopf = phase_plane.hopf


def mean_field(
    *,
    n_e: int = DEFAULTS.n_e,
    n_i: int = DEFAULTS.n_i,
    p: float | None = DEFAULTS.p,
    tau_e: float = DEFAULTS.tau_e,
    tau_i: float = DEFAULTS.tau_i,
    theta_e: float = DEFAULTS.theta_e,
    theta_i: float = DEFAULTS.theta_i,
    e0: float = DEFAULTS.e0,
    i0: float = DEFAULTS.i0,
    drive_e: float = DEFAULTS.drive_e,
    drive_i: float = DEFAULTS.drive_i,
    preset: str | Connectivity = DEFAULTS.preset,
    t_end: float | None = None,
    dt: float | None = None,
    times: Sequence[float] | np.ndarray | None = None,
    continuity: bool | None = None,
) -> pd.DataFrame:
    """Solve the mean-field ODE with :class:`EIModel`'s parameters.

    Args:
        n_e: number of E neurons.
        n_i: number of I neurons.
        p: connection probability of the preset.
        tau_e: E time constant.
        tau_i: I time constant.
        theta_e: E threshold.
        theta_i: I threshold.
        e0: E at time 0.
        i0: I at time 0.
        drive_e: external input to E neurons.
        drive_i: external input to I neurons.
        preset: ``"e-drives-i"``, ``"lecture"`` or a :class:`Connectivity`.
        t_end: end time (or give ``times``).
        dt: output spacing (default τ_min / 4).
        times: output times.
        continuity: continuity-corrected threshold (default: with integer weights).

    Returns:
        A DataFrame with columns ``time``, ``E``, ``I``, like :meth:`EIModel.rates`.

    Examples:
        >>> r = mean_field(tau_e=20.0, tau_i=1.0, t_end=300.0)
        >>> r.iloc[-1][["E", "I"]].round(3).tolist()
        [0.063, 0.141]
        >>> mean_field(tau_e=1.0, tau_i=1.0, t_end=30.0).iloc[-1][["E", "I"]].round(3).tolist()
        [1.0, 1.0]
    """
    params = EIParams(
        n_e=n_e,
        n_i=n_i,
        p=p,
        tau_e=tau_e,
        tau_i=tau_i,
        theta_e=theta_e,
        theta_i=theta_i,
        e0=e0,
        i0=i0,
        drive_e=drive_e,
        drive_i=drive_i,
        preset=preset,
        where="mean_field",
    )
    return MeanField(params, continuity=continuity).solve(t_end, dt=dt, times=times)
