"""What theory says a Hopfield net does: signal-to-noise errors and the AGS capacity.

Pieces:
    one_step_error: ``1/2 erfc(1 / sqrt(2 alpha))``, the large-n one-step error.
    ags_capacity, ags_overlap: the Amit-Gutfreund-Sompolinsky capacity and retrieval
        overlap.
    crosstalk_below, one_step_error_exact, first_step_overlap, mixture_error: the
        signal-to-noise theory, exact at finite n or in the large-n limit.

Finite-n theory: at a state built from some patterns, the crosstalk of each other
pattern nu on neuron i is ``sum_{j != i} v_i M_nu^i M_nu^j v_j`` and these (n-1)
terms per pattern are independent fair ±1: their sum S over K = (n-1) x (number of
other patterns) terms is exactly ``2 Binomial(K, 1/2) - K``. A bit is unhappy when S
is below minus its signal, so the expected fraction of unhappy bits is a binomial
tail (:func:`crosstalk_below`), of which ``1/2 erfc(1 / sqrt(2 alpha))`` is the
large-n limit.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np
from scipy import optimize, special, stats

from neuroagents.validation import check_int

__all__ = [
    "ags_capacity",
    "ags_overlap",
    "crosstalk_below",
    "first_step_overlap",
    "mixture_error",
    "one_step_error",
    "one_step_error_exact",
]


def one_step_error(alpha: float | np.ndarray) -> float | np.ndarray:
    """Probability that a bit of a stored pattern is unhappy: ``1/2 erfc(1 / sqrt(2 alpha))``.

    At a stored pattern M the input to neuron i is ``M^i`` (the signal) plus the
    crosstalk of the other patterns, a sum of about ``p n`` random ±1/n terms:
    Gaussian with variance ``alpha = p/n``. The bit is unhappy when the crosstalk
    outweighs the signal, which happens with probability ``P(N(0, alpha) > 1)``.
    This is the lecture's "0.138 n patterns, erroneous retrieval < 0.4%"
    (Hertz, Krogh & Palmer 1991, section 2.2).

    Examples:
        >>> round(float(one_step_error(0.138)), 4)
        0.0036
    """
    a = np.asarray(alpha, dtype=np.float64)
    out = 0.5 * special.erfc(1 / np.sqrt(2 * a))
    return float(out) if out.ndim == 0 else out


def _ags_gap(y: float) -> float:
    # sqrt(2 alpha) as a function of y = m / sqrt(2 alpha r) on the retrieval branch.
    return special.erf(y) / y - 2 / math.sqrt(math.pi) * math.exp(-y * y)


@functools.cache
def ags_capacity() -> tuple[float, float]:
    """Critical load and overlap of Amit-Gutfreund-Sompolinsky theory: ``(0.1379, 0.9674)``.

    Above ``alpha_c`` the retrieval states cease to exist (replica-symmetric theory at
    zero temperature, Amit, Gutfreund & Sompolinsky 1987); just below it the
    retrieval state still overlaps the stored pattern by ``m_c``.

    Examples:
        >>> tuple(round(x, 4) for x in ags_capacity())
        (0.1379, 0.9674)
    """
    best = optimize.minimize_scalar(
        lambda y: -_ags_gap(y), bounds=(0.5, 3.0), method="bounded", options={"xatol": 1e-12}
    )
    return float(_ags_gap(best.x) ** 2 / 2), float(special.erf(best.x))


def ags_overlap(alpha: float | Sequence[float] | np.ndarray) -> float | np.ndarray:
    """Overlap of the retrieval state with its pattern, by AGS theory (NaN above alpha_c).

    At zero temperature the retrieval state has ``m = erf(y)``, where y solves
    ``sqrt(2 alpha) = erf(y) / y - (2 / sqrt(pi)) exp(-y^2)`` (the largest root;
    Amit, Gutfreund & Sompolinsky 1987). The right side has a maximum, which sets
    ``alpha_c ~ 0.138``.

    Examples:
        >>> round(float(ags_overlap(0.1)), 4), bool(np.isnan(ags_overlap(0.2)))
        (0.998, True)
    """
    alpha_c, _ = ags_capacity()
    y_c = special.erfinv(ags_capacity()[1])
    a = np.atleast_1d(np.asarray(alpha, dtype=np.float64))
    out = np.full(a.shape, np.nan)
    for k, value in enumerate(a):
        if value <= 0:
            out[k] = 1.0
        elif value <= alpha_c:
            target = math.sqrt(2 * value)
            # The gap falls like 1/y, so the root lies below 2 / sqrt(2 alpha) + 10.
            top = 2 / target + 10
            y = optimize.brentq(lambda t, c=target: _ags_gap(t) - c, y_c, top, xtol=1e-14)
            out[k] = special.erf(y)
    return float(out[0]) if np.ndim(alpha) == 0 else out


def crosstalk_below(threshold: float | np.ndarray, terms: int | np.ndarray) -> np.ndarray:
    """``P(S < threshold)`` for S a sum of ``terms`` independent fair ±1 (crosstalk).

    ``S = 2 B - K`` with ``B ~ Binomial(K, 1/2)``, so ``S < t`` iff
    ``B <= ceil((t + K) / 2) - 1``.

    Examples:
        >>> float(crosstalk_below(0, 2))  # S in {-2, 0, 0, 2}: P(S < 0) = 1/4
        0.25
        >>> float(crosstalk_below(-3, 1))
        0.0
    """
    t = np.asarray(threshold, dtype=np.float64)
    k = np.asarray(terms, dtype=np.float64)
    return stats.binom.cdf(np.ceil((t + k) / 2) - 1, k, 0.5)


def one_step_error_exact(n: int, patterns: int) -> float:
    """Exact probability that a bit of a stored pattern is unhappy, for finite n and p.

    The signal is ``n - 1`` and the crosstalk is S over ``(p - 1)(n - 1)`` terms; a
    bit is unhappy iff ``n - 1 + S < 0`` (a tie keeps the state). As n grows at
    fixed ``alpha = p/n`` this tends to :func:`~neuroagents.models.hopfield.one_step_error`.

    Examples:
        >>> round(one_step_error_exact(1000, 138), 5), round(one_step_error_exact(10**6, 138000), 5)
        (0.00344, 0.00355)
    """
    check_int("n", n, "one_step_error_exact", low=2)
    check_int("patterns", patterns, "one_step_error_exact", low=1)
    return float(crosstalk_below(-(n - 1), (patterns - 1) * (n - 1)))


def first_step_overlap(n: int, patterns: int, flips: int) -> tuple[float, float]:
    """Overlap after one synchronous update from a pattern with ``flips`` bits flipped.

    Returns ``(large-n theory erf(m0 / sqrt(2 alpha)), exact finite-n value)``. With
    ``m0 = 1 - 2 flips / n`` the signal on a correct bit is ``n m0 - 1`` and on a
    flipped bit ``n m0 + 1`` (its own term is missing from its input); the crosstalk
    is S over ``(p - 1)(n - 1)`` terms. A correct bit turns wrong iff
    ``n m0 - 1 + S < 0``; a flipped bit stays wrong iff ``n m0 + 1 + S <= 0``.

    Examples:
        >>> [round(m, 4) for m in first_step_overlap(n=1000, patterns=80, flips=150)]
        [0.9867, 0.9873]
    """
    m0 = 1 - 2 * flips / n
    k = (patterns - 1) * (n - 1)
    signal = n - 2 * flips
    wrong = (n - flips) * crosstalk_below(-(signal - 1), k) + flips * crosstalk_below(
        -(signal + 1) + 1, k
    )
    exact = 1 - 2 * float(wrong) / n
    return float(special.erf(m0 / math.sqrt(2 * patterns / n))), exact


def mixture_error(alpha: float) -> float:
    """Large-n fraction of unhappy bits at a 3-mixture: ``1/4 Q(3 / 2s) + 3/4 Q(1 / 2s)``.

    Here ``s = sqrt(alpha)`` and Q is the Gaussian upper tail. Where the three
    patterns agree (1/4 of the bits) the signal is 3/2, elsewhere 1/2.

    Examples:
        >>> round(mixture_error(0.1), 4)
        0.0427
    """
    s = math.sqrt(alpha)
    return float(0.25 * stats.norm.sf(1.5 / s) + 0.75 * stats.norm.sf(0.5 / s))
