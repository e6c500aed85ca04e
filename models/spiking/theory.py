"""Mean-field theory of the Brunel (2000) network: the Siegert rate and its fixed point.

Pieces:
    siegert_rate: the stationary rate of a LIF neuron driven by white noise of mean μ
        and standard deviation σ (Siegert 1951; Ricciardi 1977).
    brunel_input: μ and σ of Brunel's model A for a rate ν.
    self_consistent_rate: ν solving ν = φ(μ(ν), σ(ν)), the asynchronous state's rate.

A LIF neuron (τ dV/dt = −V + μ + σ √τ ξ(t), threshold θ, reset V_r, refractory τ_rp)
fires at

    1/ν = τ_rp + τ √π ∫_{(V_r − μ)/σ}^{(θ − μ)/σ} e^{u²} (1 + erf u) du,

computed here as the integral of erfcx(−u) = e^{u²}(1 + erf u), which is finite for
every u. In Brunel's model A (C_E excitatory inputs of J, γ C_E inhibitory of −gJ,
C_E external of J at ν_ext; γ = C_I/C_E), for a common rate ν (eqs. 4–5)

    μ = C_E J τ (ν_ext + ν (1 − g γ)),   σ² = C_E J² τ (ν_ext + ν (1 + g² γ)),

and the stationary asynchronous state is the ν with ν = φ(μ(ν), σ(ν)) (eq. 21).

References:
    A. J. F. Siegert, "On the first passage time probability problem", Phys. Rev. 81
    (1951) 617–623.
    L. M. Ricciardi, *Diffusion Processes and Related Topics in Biology* (1977).
    N. Brunel, J. Comput. Neurosci. 8 (2000) 183–208, eqs. (4)–(5), (21).
"""

from __future__ import annotations

import math

from scipy import integrate, optimize, special

from neuroagents.errors import ValidationError
from neuroagents.validation import check_real

__all__ = ["brunel_input", "self_consistent_rate", "siegert_rate"]


def siegert_rate(
    mu: float, sigma: float, *, tau: float = 20.0, theta: float = 20.0, v_reset: float = 10.0,
    t_ref: float = 2.0,
) -> float:  # fmt: skip
    """Stationary firing rate (Hz) of a LIF neuron under white-noise input (mV, ms).

    Args:
        mu: mean input μ (mV).
        sigma: standard deviation σ of the input (mV), > 0.
        tau: membrane time constant (ms).
        theta: threshold (mV), > v_reset.
        v_reset: reset (mV).
        t_ref: refractory period (ms).

    Examples:
        Far below threshold the rate vanishes; far above, the neuron fires regularly
        at 1/(τ_rp + τ ln((μ − V_r)/(μ − θ))):

        >>> siegert_rate(0.0, 1.0) < 1e-30
        True
        >>> round(siegert_rate(40.0, 0.01), 2)
        98.92
        >>> round(1000 / (2 + 20 * math.log(30 / 20)), 2)
        98.92
    """
    check_real("sigma", sigma, "siegert_rate", low=0.0, low_open=True)
    check_real("theta", theta, "siegert_rate", low=v_reset, low_open=True)
    lo, hi = (v_reset - mu) / sigma, (theta - mu) / sigma
    if hi > 26.0:  # erfcx(-u) ~ 2 e^{u²} overflows; the rate is below 1e-290 Hz
        return 0.0
    integral, _ = integrate.quad(lambda u: special.erfcx(-u), lo, hi, limit=200)
    period = t_ref + tau * math.sqrt(math.pi) * integral  # ms
    return 1000.0 / period


def brunel_input(
    nu: float, *, g: float, nu_ext: float, J: float = 0.1, C_E: int = 1000, gamma: float = 0.25,
    tau: float = 20.0,
) -> tuple[float, float]:  # fmt: skip
    """Mean μ and standard deviation σ (mV) of the input in Brunel's model A.

    Args:
        nu: the network rate (Hz).
        g: relative strength of inhibition.
        nu_ext: the external rate per input (Hz).
        J: excitatory weight (mV).
        C_E: excitatory (and external) in-degree.
        gamma: C_I / C_E.
        tau: membrane time constant (ms).

    Examples:
        At ν_ext = ν_thr = θ / (J C_E τ) = 10 Hz and a silent network, μ = θ:

        >>> mu, sigma = brunel_input(0.0, g=5.0, nu_ext=10.0)
        >>> round(mu, 9), round(sigma, 9)
        (20.0, 1.414213562)
    """
    rate = 1e-3 * nu_ext, 1e-3 * nu  # per ms
    mu = C_E * J * tau * (rate[0] + rate[1] * (1 - g * gamma))
    var = C_E * J * J * tau * (rate[0] + rate[1] * (1 + g * g * gamma))
    return mu, math.sqrt(var)


def self_consistent_rate(
    g: float, nu_ext: float, *, J: float = 0.1, C_E: int = 1000, gamma: float = 0.25,
    tau: float = 20.0, theta: float = 20.0, v_reset: float = 10.0, t_ref: float = 2.0,
) -> float:  # fmt: skip
    """The rate ν (Hz) of Brunel's asynchronous state: ν = φ(μ(ν), σ(ν)) (eq. 21).

    Solved with Brent's method on ν − φ(ν) over [0, 1/τ_rp], where it changes sign
    (φ is bounded by 1/τ_rp). With g γ > 1 (inhibition dominates) μ falls as ν
    rises, and the fixed point is unique.

    Examples:
        Brunel's AI state (g = 5, ν_ext = 2 ν_thr = 20 Hz):

        >>> round(self_consistent_rate(5.0, 20.0), 1)
        37.9
    """
    check_real("nu_ext", nu_ext, "self_consistent_rate", low=0.0)
    if g * gamma <= 1.0:
        raise ValidationError(
            "self_consistent_rate needs inhibition-dominated input (g * gamma > 1), where "
            f"the fixed point is unique. Got g = {g:g}, gamma = {gamma:g}."
        )
    neuron = {"tau": tau, "theta": theta, "v_reset": v_reset, "t_ref": t_ref}

    def excess(nu: float) -> float:
        mu, sigma = brunel_input(nu, g=g, nu_ext=nu_ext, J=J, C_E=C_E, gamma=gamma, tau=tau)
        return nu - siegert_rate(mu, sigma, **neuron)

    top = 1000.0 / t_ref if t_ref > 0 else 1e5
    return float(optimize.brentq(excess, 0.0, top, xtol=1e-10))
