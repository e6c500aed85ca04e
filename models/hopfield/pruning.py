"""Capacity of pruned Hebbian nets: dilution and nonlinear synapses as static noise.

Sompolinsky (1986) showed that a Hopfield net whose Hebbian couplings
``J_ij = (sqrt(p) / N) phi(x_ij)``, ``x_ij = sum_k M_k^i M_k^j / sqrt(p)``, pass through any
function phi behaves like the plain Hebbian net with couplings scaled by
``Jbar = <x phi(x)>`` plus independent static synaptic noise. Relative to the Hebbian
signal the noise has variance ``kappa^2 = <phi^2> / Jbar^2 - 1`` per unit load (x is
standard normal for many patterns). At zero temperature the replica-symmetric
retrieval state then obeys Amit-Gutfreund-Sompolinsky's equations with the extra noise:

    m = erf(y),  y = m / sqrt(2 alpha (r + kappa^2)),
    C = 2 y exp(-y^2) / (sqrt(pi) erf(y)),  r = 1 / (1 - C)^2,

so along the retrieval branch ``alpha(y) = erf(y)^2 / (2 y^2 (r + kappa^2))``, whose
maximum is the critical load alpha_c (patterns per neuron).

Pruning rules as phi (keeping a fraction c of the synapses):

- random dilution: phi = x with probability c, else 0: ``kappa^2 = (1 - c) / c``;
- magnitude pruning: phi = x if ``|x| > theta`` with ``c = erfc(theta / sqrt 2)``:
  ``Jbar = <phi^2> = c + 2 theta pdf(theta)``, so ``kappa^2 = 1 / Jbar - 1``;
- clipping: phi = sgn(x): ``kappa^2 = pi / 2 - 1``, alpha_c = 0.102 (against 0.138).

The capacity per remaining synapse is ``alpha_c / c`` (patterns per neuron per
fraction kept). As c -> 0 random dilution tends to ``2 / pi``, the strongly diluted
limit of Derrida, Gardner & Zippelius (1987), where feedback vanishes.

Pieces:
    static_noise_capacity: (alpha_c, m_c) for a static noise kappa^2.
    static_noise_overlap: the retrieval overlap m at a load (NaN above alpha_c).
    pruning_noise: kappa^2 of random dilution, magnitude pruning or clipping.
    capacity_per_synapse: ``alpha_c / c`` for a rule and kept fraction.
    EXTREME_DILUTION: 2 / pi.

References:
    H. Sompolinsky, Neural networks with nonlinear synapses and a static noise,
    Phys. Rev. A 34, 2571 (1986).
    D. J. Amit, H. Gutfreund & H. Sompolinsky, Statistical mechanics of neural
    networks near saturation, Ann. Phys. 173, 30 (1987).
    B. Derrida, E. Gardner & A. Zippelius, An exactly solvable asymmetric neural
    network model, Europhys. Lett. 4, 167 (1987).
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy import optimize, special, stats

from neuroagents.validation import check_choice, check_real

__all__ = [
    "EXTREME_DILUTION",
    "NOISE_RULES",
    "capacity_per_synapse",
    "pruning_noise",
    "static_noise_capacity",
    "static_noise_overlap",
]

EXTREME_DILUTION = 2 / math.pi
"""Critical patterns per remaining synapse of a strongly diluted net (Derrida et al. 1987)."""

NOISE_RULES = ("random", "magnitude", "clipped")
"""The pruning rules :func:`pruning_noise` knows."""


def _load(y: float, kappa2: float) -> float:
    """The load alpha on the retrieval branch at y = m / sqrt(2 alpha (r + kappa^2))."""
    erf = special.erf(y)
    c = 2 * y * math.exp(-y * y) / (math.sqrt(math.pi) * erf)
    r = 1 / (1 - c) ** 2
    return erf * erf / (2 * y * y * (r + kappa2))


def _y_at_capacity(kappa2: float) -> float:
    best = optimize.minimize_scalar(
        lambda y: -_load(y, kappa2),
        bounds=(1e-3, 4.0),
        method="bounded",
        options={"xatol": 1e-12},
    )
    return float(best.x)


@functools.cache
def static_noise_capacity(kappa2: float) -> tuple[float, float]:
    """Critical load alpha_c and the overlap m_c just below it, for static noise kappa^2.

    Examples:
        >>> [round(x, 4) for x in static_noise_capacity(0.0)]  # AGS
        [0.1379, 0.9674]
        >>> round(static_noise_capacity(math.pi / 2 - 1)[0], 3)  # clipped synapses
        0.102
    """
    k2 = check_real("kappa2", kappa2, "static_noise_capacity", low=0)
    y = _y_at_capacity(k2)
    return float(_load(y, k2)), float(special.erf(y))


def static_noise_overlap(alpha: float, kappa2: float) -> float:
    """Retrieval overlap m at load alpha with static noise kappa^2 (NaN above alpha_c).

    Examples:
        >>> round(static_noise_overlap(0.1, 0.0), 4)  # AGS at alpha = 0.1
        0.998
    """
    a = check_real("alpha", alpha, "static_noise_overlap", low=0)
    k2 = check_real("kappa2", kappa2, "static_noise_overlap", low=0)
    if a == 0:
        return 1.0
    alpha_c, _ = static_noise_capacity(k2)
    if a > alpha_c:
        return float("nan")
    y_c = _y_at_capacity(k2)
    # alpha(y) falls from alpha_c towards 0 as y grows: the retrieval root is above y_c.
    top = y_c
    while _load(top, k2) > a:
        top *= 2
    if top == y_c:
        return float(special.erf(y_c))
    y = optimize.brentq(lambda t: _load(t, k2) - a, y_c, top, xtol=1e-14)
    return float(special.erf(y))


def pruning_noise(rule: str, keep: float) -> float:
    """Static noise kappa^2 of a pruning rule that keeps the fraction ``keep``.

    Examples:
        >>> pruning_noise("random", 0.25)
        3.0
        >>> round(pruning_noise("magnitude", 0.25), 4)
        0.382
    """
    check_choice("rule", rule, "pruning_noise", NOISE_RULES)
    c = check_real("keep", keep, "pruning_noise", low=0, high=1, low_open=True)
    if rule == "random":
        return (1 - c) / c
    if rule == "clipped":
        return math.pi / 2 - 1
    theta = float(stats.norm.isf(c / 2))
    jbar = c + 2 * theta * float(stats.norm.pdf(theta))
    return 1 / jbar - 1


def capacity_per_synapse(rule: str, keep: float | np.ndarray) -> float | np.ndarray:
    """Critical patterns per remaining synapse, ``alpha_c(kappa^2) / c``.

    Examples:
        >>> round(capacity_per_synapse("random", 1.0), 3)
        0.138
        >>> [round(capacity_per_synapse(r, 0.1), 3) for r in ("random", "magnitude")]
        [0.276, 0.793]
    """
    c = np.atleast_1d(np.asarray(keep, dtype=np.float64))
    out = np.array([static_noise_capacity(pruning_noise(rule, float(k)))[0] / k for k in c])
    return float(out[0]) if np.ndim(keep) == 0 else out
