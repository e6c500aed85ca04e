"""The chaos transition of random rate networks, with its uncertainty and a run-length check.

Sompolinsky, Crisanti & Sommers (1988): ``tau dx/dt = -x + g J tanh(x)`` with
J_ij ~ N(0, 1/N) is chaotic for g > 1 as N -> inf. At finite N a network may instead fall
onto a fixed point or a limit cycle well past g = 1, so the exponent's *mean* over a few
networks is decided by whichever network does; the median over many networks and the
fraction of chaotic networks are not.

Pieces:
    CHAOTIC: the exponent above which a network counts as chaotic.
    half_exponents: the largest exponent over the first and the second half of a run
        (from Benettin's running estimate).
    exponent_between: the exponent over any time window of the run (the classification
        a shorter run would have given).
    transition_table: per size and gain, the median exponent and the chaotic fraction
        with 95% intervals, and the chaotic fractions of the first half and of a
        shorter run.
    crossings: per size, the gain where the median exponent crosses zero, with a
        bootstrap standard error and interval over networks.
    run_length_verdict: whether the runs were long enough (the chaotic fractions of
        the two halves, or of the shorter run and the whole, agree within their
        uncertainty).
    chaos_headlines: the numbers a run's summary records.

References:
    Sompolinsky, Crisanti, Sommers (1988), Phys. Rev. Lett. 61, 259.
    Efron & Tibshirani (1993), *An Introduction to the Bootstrap*.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from neuroagents.analysis.lyapunov import LyapunovResult
from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, bootstrapped, exact, proportion

__all__ = [
    "CHAOTIC",
    "chaos_headlines",
    "crossings",
    "exponent_between",
    "half_exponents",
    "run_length_verdict",
    "transition_table",
]

CHAOTIC = 1e-3
"""A network is chaotic when its largest exponent exceeds this (1/tau)."""

RESAMPLES = 1000


def half_exponents(result: LyapunovResult) -> tuple[float, float]:
    """The largest exponent over the first and over the second half of the averaged run.

    With L(t) the running estimate (the log-growth up to t over t), the growth over
    (T/2, T] is T L(T) - (T/2) L(T/2), so the second half's exponent is
    2 L(T) - L(T/2).

    Examples:
        >>> import numpy as np
        >>> r = LyapunovResult(np.array([0.5]), np.array([[1.0], [0.75], [0.5]]),
        ...                    np.array([1.0, 2.0, 4.0]), np.zeros(1))
        >>> half_exponents(r)
        (0.75, 0.25)
    """
    times, running = np.asarray(result.times), np.asarray(result.running)[:, 0]
    total = times[-1]
    k = int(np.searchsorted(times, total / 2, side="right")) - 1
    if k < 0:
        return float("nan"), float(running[-1])
    first = float(running[k])
    second = float((total * running[-1] - times[k] * first) / (total - times[k]))
    return first, second


def exponent_between(result: LyapunovResult, start: float, end: float) -> float:
    """The largest exponent over the window (start, end] of the averaged run.

    With L(t) the running estimate, ``(end L(end) - start L(start)) / (end - start)``,
    each time taken at the last estimate not after it; NaN when ``end`` is past the run
    or the window is empty. A run of length T classified on its second half uses
    ``(T/2, T]``.

    Examples:
        >>> import numpy as np
        >>> r = LyapunovResult(np.array([0.5]), np.array([[1.0], [0.75], [0.5]]),
        ...                    np.array([1.0, 2.0, 4.0]), np.zeros(1))
        >>> exponent_between(r, 1.0, 2.0), exponent_between(r, 2.0, 4.0)
        (0.5, 0.25)
    """
    times, running = np.asarray(result.times), np.asarray(result.running)[:, 0]
    if end > times[-1] * (1 + 1e-12):
        return float("nan")
    b = int(np.searchsorted(times, end * (1 + 1e-12), side="right")) - 1
    a = int(np.searchsorted(times, start * (1 + 1e-12), side="right")) - 1
    if b < 0 or a >= b:
        return float("nan")
    t_a, l_a = (times[a], running[a]) if a >= 0 else (0.0, 0.0)
    return float((times[b] * running[b] - t_a * l_a) / (times[b] - t_a))


def _wilson(k: int, n: int) -> tuple[float, float]:
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return float(ci.low), float(ci.high)


def transition_table(runs: pd.DataFrame) -> pd.DataFrame:
    """Per size and gain: the median exponent and the chaotic fraction, with intervals.

    Args:
        runs: one row per (n, g, network) with ``lyapunov`` (the whole run) and
            ``lyapunov_first_half``, ``lyapunov_second_half``.

    Returns:
        Columns ``n``, ``g``, ``networks``, ``lyapunov_median`` with ``median_low`` and
        ``median_high`` (bootstrap percentile 95%), ``chaotic_fraction`` (second half
        above :data:`CHAOTIC`) with ``chaotic_low`` and ``chaotic_high`` (Wilson 95%),
        ``chaotic_first_half`` and ``same_label`` (the fraction of networks classified
        alike in both halves), ``chaotic_short`` (``lyapunov_short``, the second half of
        a shorter run, above :data:`CHAOTIC`; NaN without that column).
    """
    rows = []
    for (n, g), part in runs.groupby(["n", "g"], sort=True):
        lam = part["lyapunov"].to_numpy()
        med = bootstrapped(lam, np.median, "median")
        late = part["lyapunov_second_half"].to_numpy() > CHAOTIC
        early = part["lyapunov_first_half"].to_numpy() > CHAOTIC
        low, high = _wilson(int(late.sum()), len(late))
        rows.append(
            {
                "n": n,
                "g": g,
                "networks": len(part),
                "lyapunov_median": med.value,
                "median_low": med.low,
                "median_high": med.high,
                "chaotic_fraction": float(late.mean()),
                "chaotic_low": low,
                "chaotic_high": high,
                "chaotic_first_half": float(early.mean()),
                "same_label": float((late == early).mean()),
                "chaotic_short": float((part["lyapunov_short"] > CHAOTIC).mean())
                if "lyapunov_short" in part
                else np.nan,
            }
        )
    return pd.DataFrame(rows)


def _zero_crossing(gs: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """The first g where each row of ``lam`` (over increasing ``gs``) goes from < 0 to >= 0.

    Linear interpolation between the two gains; NaN for a row that never crosses.
    """
    lam = np.atleast_2d(lam)
    up = (lam[:, :-1] < 0) & (lam[:, 1:] >= 0)
    has = up.any(axis=1)
    k = np.argmax(up, axis=1)
    rows = np.arange(len(lam))
    l0, l1 = lam[rows, k], lam[rows, np.minimum(k + 1, lam.shape[1] - 1)]
    g0, g1 = gs[k], gs[np.minimum(k + 1, len(gs) - 1)]
    with np.errstate(invalid="ignore", divide="ignore"):
        cross = g0 - l0 * (g1 - g0) / (l1 - l0)
    return np.where(has, cross, np.nan)


def crossings(runs: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Per size, the gain where the median exponent over networks crosses zero.

    The standard error and the 95% interval come from resampling the networks with
    replacement (each network keeps its exponents at every gain: the same J across g)
    :data:`RESAMPLES` times from a fixed seed; ``no_crossing`` is the fraction of
    resamples whose median never crosses zero within the gains run.

    Examples:
        >>> import pandas as pd
        >>> rows = [{"n": 10, "network": k, "g": g, "lyapunov": g - 1.0 + 0.01 * k}
        ...         for k in range(20) for g in (0.5, 0.9, 1.1, 1.5)]
        >>> c = crossings(pd.DataFrame(rows)).iloc[0]
        >>> round(float(c["g_zero_crossing"]), 3), int(c["networks"])
        (0.905, 20)
        >>> bool(c["g_low"] < 0.905 < c["g_high"])
        True
    """
    rng = np.random.default_rng(seed)
    out = []
    for n, part in runs.groupby("n", sort=True):
        grid = part.pivot_table(index="network", columns="g", values="lyapunov")
        gs, lam = grid.columns.to_numpy(float), grid.to_numpy(float)
        point = float(_zero_crossing(gs, np.median(lam, axis=0))[0])
        picks = rng.integers(0, len(lam), size=(RESAMPLES, len(lam)))
        boot = _zero_crossing(gs, np.median(lam[picks], axis=1))
        found = boot[np.isfinite(boot)]
        out.append(
            {
                "n": n,
                "networks": len(lam),
                "g_zero_crossing": point,
                "g_se": float(np.std(found, ddof=1)) if len(found) > 1 else np.nan,
                "g_low": float(np.quantile(found, 0.025)) if len(found) else np.nan,
                "g_high": float(np.quantile(found, 0.975)) if len(found) else np.nan,
                "no_crossing": float(1 - len(found) / RESAMPLES),
            }
        )
    return pd.DataFrame(out)


def run_length_verdict(
    table: pd.DataFrame, z: float = 2.0, early: str = "chaotic_first_half"
) -> pd.DataFrame:
    """Whether the runs were long enough: a shorter run classifies like the whole.

    Per (n, g), the chaotic fraction ``early`` (p1: the first half's, or
    ``chaotic_short``, a shorter run's) and the whole run's (p2, its second half) of the
    same networks; the runs are long enough there when
    ``|p1 - p2| <= z * sqrt(p(1 - p) * 2 / networks)`` with p their mean (the binomial
    spread of a difference; z = 2). A network that is chaotic for a while and then falls
    onto a fixed point moves p2 below p1: longer runs are needed before its label means
    anything.

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"n": [200, 200], "g": [1.6, 2.0], "networks": [20, 20],
        ...                   "chaotic_first_half": [0.75, 1.0],
        ...                   "chaotic_fraction": [0.25, 1.0]})
        >>> run_length_verdict(t)["long_enough"].tolist()
        [False, True]
    """
    p1, p2 = table[early], table["chaotic_fraction"]
    p = (p1 + p2) / 2
    spread = z * np.sqrt(p * (1 - p) * 2 / table["networks"])
    # a difference of one network is never evidence on its own
    allowed = np.maximum(spread, 1.0 / table["networks"])
    out = table[["n", "g"]].copy()
    out["difference"] = (p2 - p1).to_numpy()
    out["long_enough"] = (np.abs(p2 - p1) <= allowed + 1e-12).to_numpy()
    return out


def chaos_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """The chaos numbers a run's summary records.

    Per size, the zero crossing of the median exponent; per (size, gain), the median
    exponent and the chaotic fraction; how many cells passed the run-length check.
    """
    runs = result.tables["scc_runs"]
    out: dict[str, Headline] = {}
    for row in result.tables["crossing"].itertuples():
        out[f"n{row.n}.g_zero_crossing"] = Headline(
            row.g_zero_crossing, row.g_se, row.networks,
            f"N = {row.n}: gain where the median largest exponent crosses 0 (bootstrap)",
            row.g_low, row.g_high,
        )  # fmt: skip
    for (n, g), part in runs.groupby(["n", "g"], sort=True):
        key = f"n{n}.g{g:g}"
        out[f"{key}.lyapunov_median"] = bootstrapped(
            part["lyapunov"], np.median, f"N = {n}, g = {g:g}: median largest exponent (1/tau)"
        )
        chaotic = int((part["lyapunov_second_half"] > CHAOTIC).sum())
        out[f"{key}.chaotic_fraction"] = proportion(
            chaotic, len(part), f"N = {n}, g = {g:g}: networks chaotic in the run's second half"
        )
        short = int((part["lyapunov_short"] > CHAOTIC).sum())
        out[f"{key}.chaotic_fraction_short"] = proportion(
            short, len(part), f"N = {n}, g = {g:g}: networks chaotic by the shorter run"
        )
    if params.get("connectome"):
        out.update(_linear_theory_headlines(runs))
    for name, what in (
        ("run_length", "the run's halves"),
        ("run_length_short", "the shorter run and the whole run"),
    ):
        verdict = result.tables[name]
        out[f"{name}.cells_long_enough"] = exact(
            int(verdict["long_enough"].sum()),
            f"(N, g) cells whose chaotic fraction agrees between {what}",
            n=len(verdict),
        )
    return out


def _linear_theory_headlines(runs: pd.DataFrame) -> dict[str, Headline]:
    """Per (n, g): the exact linear rate of the networks whose quiet state is stable.

    ``theory_fixed_point`` is max Re eig((g J - I) / tau) of each network (NaN where the
    quiet state is unstable); the engine's exponent should equal it there. Recorded for
    a wired run only (``connectome`` set), so the all-to-all runs' summaries keep the
    names they were committed with.
    """
    out: dict[str, Headline] = {}
    for (n, g), part in runs.groupby(["n", "g"], sort=True):
        stable = part[np.isfinite(part["theory_fixed_point"])]
        key = f"n{n}.g{g:g}"
        out[f"{key}.theory_stable_networks"] = exact(
            len(stable), f"N = {n}, g = {g:g}: networks whose quiet state is stable", len(part)
        )
        if len(stable) == 0:
            continue
        theory = stable["theory_fixed_point"]
        out[f"{key}.theory_mean"] = exact(
            theory.mean(), f"N = {n}, g = {g:g}: linear theory, mean over stable networks",
            len(stable),
        )  # fmt: skip
        out[f"{key}.theory_min"] = exact(theory.min(), f"{key}: lowest linear rate", len(stable))
        out[f"{key}.theory_max"] = exact(theory.max(), f"{key}: highest linear rate", len(stable))
        out[f"{key}.theory_gap_max"] = exact(
            float((stable["lyapunov"] - theory).abs().max()),
            f"N = {n}, g = {g:g}: largest |engine - linear theory| over stable networks",
            len(stable),
        )
    return out
