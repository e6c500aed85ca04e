"""The phase diagram of Brunel's model A: states classified from measured numbers.

Pieces:
    PHASES: the classes a run can fall in.
    PhaseThresholds: the thresholds of the classification, with their reasons.
    classify_phase: a run's class from its rate, irregularity (CV), synchrony (χ) and
        spectral peak.
    FIG8: Brunel's four example points of Fig. 8, (g, ν_ext/ν_thr) -> state.
    mean_input_ratio: μ/θ at the Siegert fixed point, the mean-field line drawn with
        the measured diagram (μ = θ: the mean input reaches threshold).

The classes (Brunel 2000, section 4): synchronous (χ >= chi_sync) or asynchronous,
regular (mean CV < cv_regular) or irregular, and a synchronous irregular state is fast
or slow by its population rhythm (spectral peak at or above ``fast_hz``, or below):

    SR       synchronous, regular
    SI_fast  synchronous, irregular, fast rhythm
    SI_slow  synchronous, irregular, slow rhythm
    AI       asynchronous, irregular
    AR       asynchronous, regular (not a state of Fig. 8; it appears when the input
             noise is small, e.g. at low in-degree)
    Q        quiescent (mean rate below ``min_rate``)

Reference:
    N. Brunel, J. Comput. Neurosci. 8 (2000) 183–208, Figs. 2 and 8.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from neuroagents.models.spiking.theory import brunel_input, self_consistent_rate

__all__ = ["FIG8", "PHASES", "PhaseThresholds", "classify_phase", "mean_input_ratio"]

PHASES = ("SR", "SI_fast", "SI_slow", "AI", "AR", "Q")

FIG8: dict[tuple[float, float], str] = {
    (3.0, 2.0): "SR",
    (6.0, 4.0): "SI_fast",
    (5.0, 2.0): "AI",
    (4.5, 0.9): "SI_slow",
}
"""Brunel (2000) Fig. 8: (g, ν_ext/ν_thr) -> the state the paper shows there."""


@dataclass(frozen=True)
class PhaseThresholds:
    """Where the classification draws its lines.

    Attributes:
        chi_sync: χ at and above which a run is synchronous. 0.45 lies between what
            the N = 5000, C_E = 1000 runs measure in AI (0.33 at g = 5, ν = 2) and in the
            synchronous states (0.51 to 0.64), the same line as
            :mod:`~neuroagents.models.spiking.states`.
        cv_regular: mean CV below which firing is regular. SR fires with CV ~ 0.001,
            the irregular states with 0.38 and above; 0.2 is between.
        fast_hz: the spectral peak (Hz) separating fast from slow rhythms: the
            geometric mean of Brunel's ~180 Hz (SI fast) and ~20 Hz (SI slow), ~60 Hz.
        min_rate: mean E rate (Hz) below which the network counts as quiescent.
    """

    chi_sync: float = 0.45
    cv_regular: float = 0.2
    fast_hz: float = 60.0
    min_rate: float = 0.5


def classify_phase(
    rate: float, cv: float, chi: float, peak_hz: float, thresholds: PhaseThresholds | None = None
) -> str:
    """The class of one run (see the module docstring).

    Args:
        rate: mean excitatory rate (Hz).
        cv: mean CV of inter-spike intervals (NaN: too few spikes to tell).
        chi: Golomb's synchrony χ of the membrane potentials.
        peak_hz: the population rate's spectral peak (Hz).
        thresholds: the lines (default :class:`PhaseThresholds`).

    Examples:
        >>> classify_phase(334.0, 0.001, 0.51, 670.0)
        'SR'
        >>> classify_phase(38.5, 0.44, 0.33, 110.0)
        'AI'
        >>> classify_phase(61.4, 1.08, 0.53, 170.0), classify_phase(6.2, 0.38, 0.57, 20.0)
        ('SI_fast', 'SI_slow')
        >>> classify_phase(140.0, 0.08, 0.1, 140.0), classify_phase(0.1, math.nan, 0.0, 0.0)
        ('AR', 'Q')
    """
    t = thresholds or PhaseThresholds()
    if not rate >= t.min_rate:
        return "Q"
    sync = chi >= t.chi_sync
    regular = cv < t.cv_regular  # NaN (too few spikes) counts as irregular
    if sync and regular:
        return "SR"
    if sync:
        return "SI_fast" if peak_hz >= t.fast_hz else "SI_slow"
    return "AR" if regular else "AI"


def mean_input_ratio(
    g: float, nu_ratio: float, *, J: float = 0.1, C_E: int = 1000, gamma: float = 0.25,
    tau: float = 20.0, theta: float = 20.0, v_reset: float = 10.0, t_ref: float = 2.0,
) -> float:  # fmt: skip
    """μ/θ at the Siegert fixed point of Brunel's model A (NaN where g γ <= 1).

    μ = C_E J τ (ν_ext + ν*(1 − g γ)), ν* the self-consistent rate; μ/θ > 1 means the
    mean input alone drives the neurons past threshold (firing is then more regular,
    the fast states), μ/θ < 1 that fluctuations make them fire (the slow, sparse
    states). The mean field depends on the in-degree C_E, not on N.

    Examples:
        Brunel's AI point, with ν_thr = θ/(J C_E τ) = 10 Hz (eq. 4: μ ≈ 21 mV):

        >>> round(mean_input_ratio(5.0, 2.0), 3)
        1.051
    """
    if g * gamma <= 1.0:
        return math.nan
    nu_thr = 1000.0 * theta / (J * C_E * tau)
    nu_ext = nu_ratio * nu_thr
    nu = self_consistent_rate(
        g, nu_ext, J=J, C_E=C_E, gamma=gamma, tau=tau, theta=theta, v_reset=v_reset,
        t_ref=t_ref,
    )  # fmt: skip
    mu, _ = brunel_input(nu, g=g, nu_ext=nu_ext, J=J, C_E=C_E, gamma=gamma, tau=tau)
    return mu / theta
