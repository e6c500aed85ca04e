"""Measures of what spike-timing plasticity did, and the verdicts built on them.

Pieces:
    weight_modes: the mass of a weight distribution near 0, near w_max and in between.
    is_bimodal: whether most weights sit at the two bounds (Song et al. 2000, Fig. 1).
    rate_spread: max/min of rates (how much an output rate follows its input rate).
    pruning_recovery: of the synapses below a threshold at one time, how many are strong
        at a later one (would pruning at the threshold have cut synapses STDP restores?).
    cotuning: Pearson's correlation of per-channel excitatory and inhibitory drive
        (Vogels et al. 2011, Fig. 1).
    SONG_CHECKS, song_verdict, VOGELS_CHECKS, vogels_verdict: the named checks of the
        two experiments and which failed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = [
    "SONG_CHECKS",
    "VOGELS_CHECKS",
    "cotuning",
    "is_bimodal",
    "pruning_recovery",
    "rate_spread",
    "song_verdict",
    "vogels_verdict",
    "weight_modes",
]

# A weight is "at a bound" within 10% of w_max of it.
EDGE = 0.1


def weight_modes(w: np.ndarray, w_max: float) -> tuple[float, float, float]:
    """Fractions of weights within 10% of w_max of 0, of w_max, and in between.

    Examples:
        >>> [round(f, 6) for f in weight_modes(np.array([0.0, 0.05, 0.5, 0.95, 1.0]), 1.0)]
        [0.4, 0.4, 0.2]
    """
    x = np.asarray(w, np.float64) / w_max
    low = float(np.mean(x < EDGE))
    high = float(np.mean(x > 1.0 - EDGE))
    return low, high, 1.0 - low - high


def is_bimodal(w: np.ndarray, w_max: float) -> bool:
    """Most weights at the bounds: both bounds hold > 5% and the middle < 50%.

    A uniform distribution holds 20% at the bounds and 80% in the middle; one mode in
    the middle holds almost nothing at the bounds.

    Examples:
        >>> rng = np.random.default_rng(0)
        >>> is_bimodal(rng.uniform(0, 1, 1000), 1.0)
        False
        >>> is_bimodal(np.r_[np.zeros(600), np.ones(300), np.full(100, 0.5)], 1.0)
        True
    """
    low, high, middle = weight_modes(w, w_max)
    return low > 0.05 and high > 0.05 and middle < 0.5


def rate_spread(rates: np.ndarray) -> float:
    """The ratio max / min of positive rates (inf if one is 0).

    Examples:
        >>> rate_spread(np.array([10.0, 20.0, 15.0]))
        2.0
    """
    r = np.asarray(rates, np.float64)
    return float(r.max() / r.min()) if r.min() > 0 else float("inf")


def pruning_recovery(
    before: np.ndarray, after: np.ndarray, w_max: float, threshold: float = EDGE
) -> tuple[int, float]:
    """How many synapses a pruning threshold would cut, and how many of them recover.

    Returns (count of synapses below ``threshold`` w_max in ``before``, the fraction of
    them above w_max / 2 in ``after``; NaN if none were weak).

    Examples:
        >>> pruning_recovery(np.array([0.0, 0.05, 0.9]), np.array([0.0, 0.8, 1.0]), 1.0)
        (2, 0.5)
    """
    weak = np.asarray(before) / w_max < threshold
    count = int(weak.sum())
    if count == 0:
        return 0, float("nan")
    return count, float(np.mean(np.asarray(after)[weak] / w_max > 0.5))


def cotuning(excitatory: np.ndarray, inhibitory: np.ndarray) -> float:
    """Pearson's correlation of per-channel excitatory and inhibitory drive (NaN if flat).

    Examples:
        >>> round(cotuning(np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.1, 6.0])), 4)
        0.9996
    """
    e, i = np.asarray(excitatory, np.float64), np.asarray(inhibitory, np.float64)
    if np.ptp(e) == 0 or np.ptp(i) == 0:
        return float("nan")
    return float(np.corrcoef(e, i)[0, 1])


SONG_CHECKS = {
    "bimodal": "the uncorrelated run's weights sit at 0 and w_max (bimodal)",
    "regulated": "final output rates vary < 1.5x across input rates (initially > 2x)",
    "correlated_win": "the correlated group's mean weight > 2x the uncorrelated group's",
    "uncorrelated_pruned": "more of the uncorrelated group ends near 0 than of the correlated",
}


def song_verdict(m: Mapping[str, float]) -> tuple[bool, list[str]]:
    """The Song et al. (2000) checks on a run's measures: (all passed, failed names).

    ``m`` holds ``bimodal`` (bool), ``final_spread``, ``initial_spread``,
    ``w_corr``, ``w_uncorr`` (mean w / w_max), ``low_corr``, ``low_uncorr`` (fractions
    near 0).

    Examples:
        >>> song_verdict(dict(bimodal=True, final_spread=1.1, initial_spread=3.0,
        ...     w_corr=0.8, w_uncorr=0.2, low_corr=0.1, low_uncorr=0.7))
        (True, [])
        >>> song_verdict(dict(bimodal=False, final_spread=2.0, initial_spread=3.0,
        ...     w_corr=0.5, w_uncorr=0.4, low_corr=0.3, low_uncorr=0.3))[1]
        ['bimodal', 'regulated', 'correlated_win', 'uncorrelated_pruned']
    """
    passed = {
        "bimodal": bool(m["bimodal"]),
        "regulated": m["final_spread"] < 1.5 and m["initial_spread"] > 2.0,
        "correlated_win": m["w_corr"] > 2.0 * m["w_uncorr"],
        "uncorrelated_pruned": m["low_uncorr"] > m["low_corr"],
    }
    failed = [k for k in SONG_CHECKS if not passed[k]]
    return not failed, failed


VOGELS_CHECKS = {
    "rate_at_target": "the final output rate is within 25% of rho0",
    "cotuned": "per-channel E and I drive correlate > 0.7 after learning",
    "inhibition_tuned": "the inhibitory drive's max/min across channels grew > 2x",
}


def vogels_verdict(m: Mapping[str, float]) -> tuple[bool, list[str]]:
    """The Vogels et al. (2011) checks: (all passed, failed names).

    ``m`` holds ``rate_final``, ``rho0``, ``corr_after`` and ``depth_before``,
    ``depth_after`` (max/min of the per-channel inhibitory drive). Before learning the
    inhibition is untuned, so its correlation with excitation is noise (any sign); the
    check is that it became tuned, and tuned like excitation.

    Examples:
        >>> vogels_verdict(dict(rate_final=5.4, rho0=5.0, corr_after=0.9,
        ...                     depth_before=1.2, depth_after=4.0))
        (True, [])
        >>> vogels_verdict(dict(rate_final=9.0, rho0=5.0, corr_after=0.8,
        ...                     depth_before=1.2, depth_after=1.5))[1]
        ['rate_at_target', 'inhibition_tuned']
    """
    passed = {
        "rate_at_target": abs(m["rate_final"] - m["rho0"]) < 0.25 * m["rho0"],
        "cotuned": m["corr_after"] > 0.7,
        "inhibition_tuned": m["depth_after"] > 2.0 * m["depth_before"],
    }
    failed = [k for k in VOGELS_CHECKS if not passed[k]]
    return not failed, failed
