"""jPCA: rotational structure in population trajectories (Churchland et al. 2012).

Pieces:
    JPCA: the estimator, ``JPCA(num_jpcs=2).fit(datas, times=..., tstart=..., tend=...)``
        as in the public Python port (B. Antin's ``jPCA``), returning a JPCAResult;
        ``project(datas)`` puts other conditions in the fitted jPC planes.
    JPCAResult: projections, variance captured, the two fits and their R², as arrays
        (the port's names) and as tidy pandas tables.
    jpca: the same as a function.
    skew_symmetric_fit: least-squares ``dx/dt = M x`` with M skew-symmetric.

The method, as published: trial-averaged rates ``datas[c]`` (time x neurons) per
condition c are soft-normalised (each neuron divided by its range over conditions and
times plus a constant), the cross-condition mean is subtracted at each time, and the
analysed window is reduced by PCA to k dimensions (default 6). With ``x`` the state in
those k dimensions and ``dx/dt`` its forward difference divided by the time step,
``dx/dt = M x`` is fitted by least squares twice: with M unconstrained and with M
skew-symmetric (``M = -M^T``, a pure rotation: parametrised by its k(k-1)/2 entries
above the diagonal, as Churchland's MATLAB code does). The eigenvalues of ``M_skew``
come in pairs ``±i omega``; each pair's eigenvector ``v = a + i b`` spans a jPC plane
(basis ``a, -b``, normalised) in which M_skew rotates counter-clockwise at ``omega``
radians per time unit, planes ordered by ``omega``. R² = 1 - |residual|² / |dx/dt|²
for each fit; ``R²_skew / R²_unconstrained`` says how much of the linear dynamics is
rotation.

The orientation is a convention: the jPC plane is chosen so that the fitted rotation is
counter-clockwise. What the data can show is whether every condition turns that way
(``JPCAResult.conditions``: each condition's mean angular velocity in the first plane).

References:
    Churchland, Cunningham, Kaufman, Foster, Nuyujukian, Ryu & Shenoy (2012). Neural
    population dynamics during reaching. Nature 487, 51-56.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError
from neuroagents.validation import check_int, check_real

__all__ = ["JPCA", "JPCAResult", "jpca", "skew_symmetric_fit"]


def _skew_basis(k: int) -> list[tuple[int, int]]:
    """Index pairs (i, j), i < j, of the k(k-1)/2 basis matrices ``E_ij - E_ji``."""
    return [(i, j) for i in range(k) for j in range(i + 1, k)]


def skew_symmetric_fit(X: np.ndarray, dX: np.ndarray) -> np.ndarray:
    """The skew-symmetric M minimising ``|dX - X M^T|²`` (rows are time points).

    M is written as ``sum_ij beta_ij (E_ij - E_ji)``; the prediction ``X M^T`` is linear
    in beta, so the fit is one least-squares solve in the k(k-1)/2 parameters.

    Args:
        X: states, one row per time point (n x k).
        dX: their derivatives (n x k).

    Returns:
        M (k x k), with ``M = -M^T``.

    Examples:
        >>> import numpy as np
        >>> t = np.linspace(0, 6, 601)
        >>> X = np.column_stack([np.cos(2 * t), np.sin(2 * t)])
        >>> dX = np.column_stack([-2 * np.sin(2 * t), 2 * np.cos(2 * t)])
        >>> skew_symmetric_fit(X, dX).round(6)
        array([[ 0., -2.],
               [ 2.,  0.]])
    """
    where = "skew_symmetric_fit"
    try:
        X = np.asarray(X, dtype=np.float64)
        dX = np.asarray(dX, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            f"The 'X' and 'dX' parameters of {where} must be arrays of real numbers."
        ) from None
    if X.ndim != 2 or X.shape != dX.shape or X.shape[0] < 1 or X.shape[1] < 2:
        raise ValidationError(
            f"The 'X' and 'dX' parameters of {where} must be 2-D arrays of one shape "
            f"(times x dimensions) with >= 1 time and >= 2 dimensions. Got shapes "
            f"{X.shape} and {dX.shape} instead."
        )
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(dX))):
        raise ValidationError(f"The 'X' and 'dX' parameters of {where} must be finite.")
    k = X.shape[1]
    pairs = _skew_basis(k)
    design = np.zeros((X.shape[0], k, len(pairs)))
    for p, (i, j) in enumerate(pairs):
        # (X H^T)[:, a] = sum_b X[:, b] H[a, b], H = E_ij - E_ji
        design[:, i, p] = X[:, j]
        design[:, j, p] = -X[:, i]
    beta, *_ = np.linalg.lstsq(design.reshape(-1, len(pairs)), dX.ravel(), rcond=None)
    M = np.zeros((k, k))
    for p, (i, j) in enumerate(pairs):
        M[i, j], M[j, i] = beta[p], -beta[p]
    return M


def _r_squared(X: np.ndarray, dX: np.ndarray, M: np.ndarray) -> float:
    """``1 - |dX - X M^T|² / |dX|²`` (the R² of Churchland et al.)."""
    total = float(np.sum(dX**2))
    return 1.0 - float(np.sum((dX - X @ M.T) ** 2)) / total


def _jpc_planes(M_skew: np.ndarray, num_jpcs: int) -> tuple[np.ndarray, np.ndarray]:
    """The jPC basis (k x num_jpcs) and each plane's angular frequency omega (rad/time).

    A skew matrix with fewer rotating planes than asked for (e.g. M_skew = 0) gets the
    rest of the basis from the orthogonal complement, with omega = 0.
    """
    k = M_skew.shape[0]
    values, vectors = np.linalg.eig(M_skew)
    order = [
        i for i in np.argsort(-values.imag) if values[i].imag > 1e-12 * max(1.0, abs(values).max())
    ]
    order = order[: num_jpcs // 2]
    basis = np.zeros((k, num_jpcs))
    omegas = np.zeros(num_jpcs // 2)
    for p, i in enumerate(order):
        a, b = vectors[:, i].real, vectors[:, i].imag
        # M a = -omega b, M b = omega a: in the basis (a, -b) the flow is counter-clockwise
        basis[:, 2 * p] = a / np.linalg.norm(a)
        basis[:, 2 * p + 1] = -b / np.linalg.norm(b)
        omegas[p] = values[i].imag
    found = 2 * len(order)
    if found < num_jpcs:
        q, _ = np.linalg.qr(np.hstack([basis[:, :found], np.eye(k)]))
        basis[:, found:] = q[:, found:num_jpcs]
    return basis, omegas


def _align(basis: np.ndarray, first_states: np.ndarray) -> np.ndarray:
    """Rotate each plane (no reflection) so the conditions' first states spread along x."""
    basis = basis.copy()
    for p in range(0, basis.shape[1], 2):
        start = first_states @ basis[:, p : p + 2]
        cov = np.cov(start.T) if start.shape[0] > 1 else np.outer(start[0], start[0])
        _, vecs = np.linalg.eigh(cov)
        angle = np.arctan2(vecs[1, -1], vecs[0, -1])
        c, s = np.cos(angle), np.sin(angle)
        basis[:, p : p + 2] = basis[:, p : p + 2] @ np.array([[c, -s], [s, c]])
    return basis


@dataclass
class JPCAResult:
    """What :meth:`JPCA.fit` returns.

    Attributes (arrays, named as in the Python port):
        projected: one array per condition, analysed times x num_jpcs.
        full_data_var: total variance of the preprocessed data in the window.
        pca_var_capt: variance captured by each PC (None without PCA).
        jpca_var_capt: variance captured by each jPC.
        r2_skew, r2_unconstrained: R² of ``dx/dt = M x`` with M skew / unconstrained.
        M_skew, M_unconstrained: the fitted matrices (PC coordinates, per time unit).
        omegas: angular frequency of each jPC plane (radians per time unit).
        times: the analysed times.
        jpcs: the jPC basis in PC coordinates (k x num_jpcs).
        pcs: the PC loadings on the neurons (neurons x k; identity without PCA).

    Tables (tidy pandas): ``projections`` (condition, time, jpc1, ...), ``variance``
    (component, variance, fraction of the total), ``planes`` (plane, omega, frequency,
    fraction of variance), ``conditions`` (condition, angular velocity in plane 1,
    whether it turns the way M_skew does), ``summary`` (one row).
    """

    projected: list[np.ndarray]
    full_data_var: float
    pca_var_capt: np.ndarray | None
    jpca_var_capt: np.ndarray
    r2_skew: float
    r2_unconstrained: float
    M_skew: np.ndarray
    M_unconstrained: np.ndarray
    omegas: np.ndarray
    times: np.ndarray
    jpcs: np.ndarray
    pcs: np.ndarray
    labels: list[Any] = field(default_factory=list)

    @property
    def r2_ratio(self) -> float:
        """``R²_skew / R²_unconstrained``: the share of the linear dynamics that rotates.

        NaN when the unconstrained fit explains nothing (R² <= 0): there is no linear
        dynamics to share.
        """
        if self.r2_unconstrained <= 0:
            return float("nan")
        return self.r2_skew / self.r2_unconstrained

    @property
    def frequencies(self) -> np.ndarray:
        """Each jPC plane's rotation frequency, cycles per time unit (``omega / 2 pi``)."""
        return self.omegas / (2 * np.pi)

    @property
    def projections(self) -> pd.DataFrame:
        """One row per condition and analysed time: ``condition, time, jpc1, jpc2, ...``."""
        cols = [f"jpc{i + 1}" for i in range(self.jpcs.shape[1])]
        frames = [
            pd.DataFrame(p, columns=cols).assign(condition=label, time=self.times)
            for label, p in zip(self.labels, self.projected, strict=True)
        ]
        return pd.concat(frames, ignore_index=True)[["condition", "time", *cols]]

    @property
    def variance(self) -> pd.DataFrame:
        """Variance captured by each PC and jPC, and its fraction of the total."""
        rows = [
            (f"pc{i + 1}", v)
            for i, v in enumerate([] if self.pca_var_capt is None else self.pca_var_capt)
        ]
        rows += [(f"jpc{i + 1}", v) for i, v in enumerate(self.jpca_var_capt)]
        table = pd.DataFrame(rows, columns=["component", "variance"])
        return table.assign(fraction=table["variance"] / self.full_data_var)

    @property
    def planes(self) -> pd.DataFrame:
        """Each jPC plane: omega, frequency and the fraction of the variance it holds."""
        var = self.jpca_var_capt.reshape(-1, 2).sum(axis=1)
        return pd.DataFrame(
            {
                "plane": np.arange(1, self.omegas.size + 1),
                "omega": self.omegas,
                "frequency": self.frequencies,
                "fraction": var / self.full_data_var,
            }
        )

    @property
    def conditions(self) -> pd.DataFrame:
        """Each condition's mean angular velocity in the first jPC plane (rad/time unit).

        Positive: it turns the way M_skew does (counter-clockwise in the plot). The mean
        is over the analysed times of ``(x dy - y dx) / (x² + y²) / dt``.
        """
        dt = float(np.diff(self.times).mean())
        rows = []
        for label, p in zip(self.labels, self.projected, strict=True):
            x, y = p[:, 0], p[:, 1]
            xm, ym = (x[1:] + x[:-1]) / 2, (y[1:] + y[:-1]) / 2
            w = (xm * np.diff(y) - ym * np.diff(x)) / np.maximum(xm**2 + ym**2, 1e-300) / dt
            rows.append({"condition": label, "angular_velocity": float(w.mean())})
        table = pd.DataFrame(rows)
        return table.assign(same_direction=table["angular_velocity"] > 0)

    @property
    def summary(self) -> pd.DataFrame:
        """One row: the R²s and their ratio, plane 1, the share turning M_skew's way."""
        planes = self.planes
        return pd.DataFrame(
            [
                {
                    "r2_skew": self.r2_skew,
                    "r2_unconstrained": self.r2_unconstrained,
                    "r2_ratio": self.r2_ratio,
                    "frequency_1": float(planes["frequency"].iloc[0]),
                    "plane1_fraction": float(planes["fraction"].iloc[0]),
                    "same_direction": float(self.conditions["same_direction"].mean()),
                }
            ]
        )


def _as_conditions(datas: Any) -> np.ndarray:
    """Stack conditions into a float array (conditions x times x neurons), checked."""
    if isinstance(datas, np.ndarray) and datas.ndim == 2:
        datas = [datas]
    try:
        arr = np.stack([np.asarray(d, dtype=np.float64) for d in datas])
    except (TypeError, ValueError) as err:
        raise ValidationError(
            "The 'datas' parameter of JPCA.fit must be a list of arrays (times x neurons) "
            f"of one shape, one per condition ({err})."
        ) from None
    if arr.ndim != 3 or arr.shape[1] < 3 or arr.shape[2] < 2:
        raise ValidationError(
            "The 'datas' parameter of JPCA.fit must hold arrays of times x neurons with "
            f">= 3 times and >= 2 neurons. Got conditions x times x neurons = {arr.shape}."
        )
    if not np.all(np.isfinite(arr)):
        raise ValidationError("The 'datas' parameter of JPCA.fit must be finite; it has NaN/inf.")
    return arr


class JPCA:
    """jPCA as published (Churchland et al. 2012), with the Python port's interface.

    Args:
        num_jpcs: number of jPCs (an even number: two per plane).

    Examples:
        Two conditions rotating at 1/(2 pi) cycles per time unit in two of 4 neurons:

        >>> import numpy as np
        >>> t = np.linspace(0, 6, 301)
        >>> plane = np.column_stack([np.cos(t), np.sin(t)])
        >>> lift = np.array([[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, -1.0]])
        >>> datas = [plane @ lift, -plane @ lift]
        >>> res = JPCA(num_jpcs=2).fit(datas, times=t, soft_normalize=0, num_pcs=2)
        >>> round(res.r2_skew, 3), round(res.r2_unconstrained, 3), round(float(res.omegas[0]), 2)
        (1.0, 1.0, 1.0)
        >>> res.conditions["same_direction"].tolist()
        [True, True]
    """

    def __init__(self, num_jpcs: int = 2) -> None:
        self.num_jpcs = check_int("num_jpcs", num_jpcs, "JPCA", low=2)
        if self.num_jpcs % 2:
            raise ValidationError(
                f"The 'num_jpcs' parameter of JPCA must be an even number (two jPCs a "
                f"plane). Got {num_jpcs!r} instead."
            )
        self.jpcs: np.ndarray | None = None
        self.M_skew: np.ndarray | None = None
        self.M_unconstrained: np.ndarray | None = None
        self._preprocess: tuple[np.ndarray, ...] = ()

    def fit(
        self,
        datas: Sequence[np.ndarray] | np.ndarray,
        *,
        times: Sequence[float] | np.ndarray | None = None,
        tstart: float | None = None,
        tend: float | None = None,
        soft_normalize: float = 5.0,
        subtract_cc_mean: bool = True,
        pca: bool = True,
        num_pcs: int = 6,
        align_axes_to_data: bool = True,
        labels: Sequence[Any] | None = None,
    ) -> JPCAResult:
        """Fit jPCA to trial-averaged rates, one array (times x neurons) per condition.

        Args:
            datas: per condition, rates with one row per time bin (or a 3-D array,
                conditions x times x neurons).
            times: the time of each bin (evenly spaced; default 0, 1, 2, ...).
            tstart: the first analysed time (default: the first time).
            tend: the last analysed time, inclusive (default: the last time).
            soft_normalize: the constant C in ``rate / (range + C)``; a negative value
                skips normalisation (0 is full range normalisation).
            subtract_cc_mean: subtract the mean over conditions at each time.
            pca: reduce to ``num_pcs`` dimensions first (else use the neurons as they are).
            num_pcs: k, the dimension the dynamics are fitted in (>= num_jpcs).
            align_axes_to_data: rotate each plane so the first states spread along x
                (a rotation within the plane: it changes no variance and no direction).
            labels: a name per condition for the tables (default 0, 1, ...).

        Returns:
            A :class:`JPCAResult`.

        Raises:
            ValidationError: ragged or non-finite data, uneven times, an empty window,
                more jPCs than PCs, more PCs than samples in the window, or a derivative
                that is zero everywhere.
        """
        where = "JPCA.fit"
        arr = _as_conditions(datas)
        n_cond, n_time, n_neur = arr.shape
        names = list(range(n_cond)) if labels is None else list(labels)
        if len(names) != n_cond:
            raise ValidationError(
                f"The 'labels' parameter of {where} must name each of the {n_cond} "
                f"conditions. Got {len(names)} labels."
            )
        t = np.arange(n_time, dtype=np.float64) if times is None else np.asarray(times, float)
        if t.shape != (n_time,):
            raise ValidationError(
                f"The 'times' parameter of {where} must have one time per bin ({n_time}). "
                f"Got shape {t.shape}."
            )
        steps = np.diff(t)
        if np.any(steps <= 0) or not np.allclose(steps, steps[0], rtol=1e-6):
            raise ValidationError(
                f"The 'times' parameter of {where} must be increasing and evenly spaced."
            )
        lo = t[0] if tstart is None else check_real("tstart", tstart, where)
        hi = t[-1] if tend is None else check_real("tend", tend, where)
        window = (t >= lo - 1e-9 * abs(steps[0])) & (t <= hi + 1e-9 * abs(steps[0]))
        if window.sum() < 3:
            raise ValidationError(
                f"The window [tstart, tend] = [{lo}, {hi}] of {where} must hold >= 3 time "
                f"bins; the times run from {t[0]} to {t[-1]}."
            )
        k = check_int("num_pcs", num_pcs, where, low=2, high=n_neur) if pca else n_neur
        if self.num_jpcs > k:
            raise ValidationError(
                f"The 'num_jpcs' parameter of JPCA ({self.num_jpcs}) must be <= the number "
                f"of dimensions fitted ({k}: num_pcs, or the neurons without PCA)."
            )
        samples = n_cond * int(window.sum())
        if pca and k > samples:
            # the PCA of fewer samples than dimensions has fewer than k components
            raise ValidationError(
                f"The 'num_pcs' parameter of {where} must be <= the number of samples in "
                f"the window (conditions x time bins = {n_cond} x {int(window.sum())} = "
                f"{samples}). Got {num_pcs!r} instead."
            )
        soft = check_real("soft_normalize", soft_normalize, where)
        scale = np.ones(n_neur)
        if soft >= 0:
            spread = arr.max(axis=(0, 1)) - arr.min(axis=(0, 1)) + soft
            scale = np.where(spread > 0, spread, 1.0)
        arr = arr / scale
        cc_mean = arr.mean(axis=0) if subtract_cc_mean else np.zeros(arr.shape[1:])
        arr = (arr - cc_mean)[:, window, :]
        n_win = arr.shape[1]
        flat = arr.reshape(-1, n_neur)
        full_var = float(flat.var(axis=0).sum())
        pca_var = None
        pcs, centre = np.eye(n_neur), np.zeros(n_neur)
        if pca:
            centre = flat.mean(axis=0)
            _, s, vt = np.linalg.svd(flat - centre, full_matrices=False)
            pcs = vt[:k].T
            pca_var = s[:k] ** 2 / (flat.shape[0] - 1)
            flat = (flat - centre) @ pcs
        states = flat.reshape(n_cond, n_win, k)
        dt = float(steps[0])
        X = states[:, :-1, :].reshape(-1, k)
        dX = (np.diff(states, axis=1) / dt).reshape(-1, k)
        if not np.any(dX):
            raise ValidationError(f"The data given to {where} do not change in the window.")
        m_skew = skew_symmetric_fit(X, dX)
        m_full = np.linalg.lstsq(X, dX, rcond=None)[0].T
        basis, omegas = _jpc_planes(m_skew, self.num_jpcs)
        if align_axes_to_data:
            basis = _align(basis, states[:, 0, :])
        self.jpcs, self.M_skew, self.M_unconstrained = basis, m_skew, m_full
        self._preprocess = (scale, cc_mean, window, centre, pcs)
        projected = [s @ basis for s in states]
        stacked = np.concatenate(projected)
        return JPCAResult(
            projected=projected,
            full_data_var=full_var,
            pca_var_capt=pca_var,
            jpca_var_capt=stacked.var(axis=0, ddof=1),
            r2_skew=_r_squared(X, dX, m_skew),
            r2_unconstrained=_r_squared(X, dX, m_full),
            M_skew=m_skew,
            M_unconstrained=m_full,
            omegas=omegas,
            times=t[window],
            jpcs=basis,
            pcs=pcs,
            labels=names,
        )

    def project(self, datas: Sequence[np.ndarray] | np.ndarray) -> list[np.ndarray]:
        """Project conditions onto the fitted jPCs, preprocessed as the fitted data were.

        The port's ``project_states``: each array (times x neurons, on the fitted times)
        is divided by the fitted normalisation, loses the fitted cross-condition mean,
        is cut to the window, centred and projected on the PCs, then on the jPCs.

        Raises:
            ValidationError: called before :meth:`fit`, or data of another shape.
        """
        if self.jpcs is None:
            raise ValidationError("JPCA.project needs a fitted JPCA: call fit first.")
        scale, cc_mean, window, centre, pcs = self._preprocess
        arr = _as_conditions(datas)
        if arr.shape[1:] != cc_mean.shape:
            raise ValidationError(
                "The 'datas' parameter of JPCA.project must have the fitted times x neurons "
                f"{cc_mean.shape}. Got {arr.shape[1:]}."
            )
        states = ((arr / scale - cc_mean)[:, window, :] - centre) @ pcs
        return [s @ self.jpcs for s in states]


def jpca(datas: Sequence[np.ndarray] | np.ndarray, num_jpcs: int = 2, **kwargs: Any) -> JPCAResult:
    """``JPCA(num_jpcs).fit(datas, **kwargs)``: see :meth:`JPCA.fit`."""
    return JPCA(num_jpcs).fit(datas, **kwargs)
