"""Hopfield nets without symmetry: weights, cycle detection, fixed-point counts, theory.

The convergence theorem of the lecture (every asynchronous run of the sign rule stops at
a fixed point) needs ``W = W^T``. These pieces build nets that break the symmetry by a
controlled amount and measure what is left of the theorem.

Constructions (both have the asymmetry of Crisanti & Sompolinsky 1987,
``eta = corr(W_ij, W_ji) = (1 - k^2) / (1 + k^2)``: ``k = 0`` symmetric, ``k = 1``
uncorrelated, ``k = inf`` antisymmetric):

- :func:`asymmetric_hebbian_weights`: ``W = W_hebb + k (|W_hebb|_F / |A|_F) A`` with
  ``A`` a random antisymmetric Gaussian matrix scaled to the Frobenius norm of the
  Hebbian part.
- :func:`random_couplings`: ``J = J^s + k J^as`` with ``J^s`` symmetric and ``J^as``
  antisymmetric, i.i.d. Gaussian entries of variance ``1/n`` (the SK couplings at k = 0).
- :func:`diluted_hebbian_weights`: Hebbian weights on the synapses kept, each direction
  independently with probability ``c`` (Derrida, Gardner & Zippelius 1987), or each
  pair (symmetric dilution).

Measurements and theory:
    sync_period: period of the cycle a synchronous run enters (1 = fixed point).
    fixed_point_states / count_fixed_points: every fixed point of a small net, by
        enumerating all 2^n states.
    expected_fixed_points: the exact mean number of fixed points of random_couplings at
        finite n for 0 <= k <= 1 (1 at k = 1 for every n).
    one_step_error_asym: unhappy bits at a stored pattern against
        ``1/2 erfc(1 / sqrt(2 alpha (1 + k^2)))``.
    dgz_overlap: the overlap map ``m -> erf(m / sqrt(2 alpha))`` of extreme dilution
        and its fixed point (retrieval up to ``alpha = 2/pi``).
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
from scipy import integrate, optimize, special, stats

from neuroagents.errors import ValidationError
from neuroagents.models.hopfield.learning_rules import hebbian_weights
from neuroagents.models.hopfield.network import HopfieldModel, check_patterns
from neuroagents.models.hopfield.theory import one_step_error_exact
from neuroagents.validation import as_generator, check_int, check_real

__all__ = [
    "DGZ_CAPACITY",
    "antisymmetric_gaussian",
    "asymmetric_hebbian_weights",
    "asymmetric_model",
    "asymmetry_eta",
    "count_fixed_points",
    "dgz_overlap",
    "diluted_hebbian_weights",
    "expected_fixed_points",
    "fixed_point_states",
    "one_step_error_asym",
    "random_couplings",
    "sync_period",
]

DGZ_CAPACITY = 2 / math.pi
"""Extreme dilution: retrieval up to p/K = 2/pi patterns per synapse of a neuron."""

MAX_ENUMERATED = 24
"""Largest n whose 2^n states :func:`fixed_point_states` enumerates."""


def _check_k(k: float, where: str) -> float:
    if k == math.inf:
        return k
    return check_real("k", k, where, low=0)


def asymmetry_eta(k: float) -> float:
    """The correlation ``eta = (1 - k^2) / (1 + k^2)`` of W_ij and W_ji for mixing k.

    Examples:
        >>> asymmetry_eta(0.0), asymmetry_eta(1.0), asymmetry_eta(math.inf)
        (1.0, 0.0, -1.0)
    """
    k = _check_k(k, "asymmetry_eta")
    return -1.0 if k == math.inf else (1 - k * k) / (1 + k * k)


def antisymmetric_gaussian(n: int, rng: Any = None) -> np.ndarray:
    """A random antisymmetric matrix ``A = U - U^T``, U strictly upper, entries N(0, 1/n).

    Examples:
        >>> A = antisymmetric_gaussian(5, rng=0)
        >>> bool(np.array_equal(A, -A.T)), float(np.abs(np.diag(A)).max())
        (True, 0.0)
    """
    n = check_int("n", n, "antisymmetric_gaussian", low=2)
    u = np.triu(as_generator(rng, "antisymmetric_gaussian").normal(0, 1 / math.sqrt(n), (n, n)), 1)
    return u - u.T


def asymmetric_hebbian_weights(
    patterns: np.ndarray, k: float, rng: Any = None, *, antisymmetric: np.ndarray | None = None
) -> np.ndarray:
    """Hebbian weights plus an antisymmetric part of relative size k.

    ``W = W_hebb + k (|W_hebb|_F / |A|_F) A``, with ``W_hebb`` = :func:`hebbian_weights`
    (normalised by n, zero diagonal) and ``A`` antisymmetric Gaussian. The symmetric
    part of W is exactly ``W_hebb``; ``k = 1`` gives the antisymmetric part the same
    Frobenius norm, and ``corr(W_ij, W_ji) = (1 - k^2) / (1 + k^2)``.

    Args:
        patterns: (count, n) array of ±1.
        k: the mixing, >= 0 (0 gives ``hebbian_weights(patterns)`` exactly).
        rng: seed or Generator for A (not used if ``antisymmetric`` is given).
        antisymmetric: a given A (any antisymmetric n x n matrix, rescaled here).

    Examples:
        >>> from neuroagents.models.hopfield import random_patterns
        >>> P = random_patterns(100, 5, rng=0)
        >>> W = asymmetric_hebbian_weights(P, 1.0, rng=1)
        >>> S, A = (W + W.T) / 2, (W - W.T) / 2
        >>> bool(np.allclose(S, hebbian_weights(P))), round(float(np.linalg.norm(A) / np.linalg.norm(S)), 6)
        (True, 1.0)
        >>> bool(np.array_equal(asymmetric_hebbian_weights(P, 0.0, rng=1), hebbian_weights(P)))
        True
    """  # noqa: E501
    p = check_patterns(patterns)
    k = check_real("k", k, "asymmetric_hebbian_weights", low=0)
    w = hebbian_weights(p)
    if antisymmetric is None:
        antisymmetric = antisymmetric_gaussian(p.shape[1], rng)
    elif antisymmetric.shape != w.shape or not np.allclose(antisymmetric, -antisymmetric.T):
        raise ValidationError(
            "The 'antisymmetric' parameter of asymmetric_hebbian_weights must be an "
            f"antisymmetric {w.shape} matrix. Got shape {antisymmetric.shape}."
        )
    if k == 0:
        return w
    return w + k * (np.linalg.norm(w) / np.linalg.norm(antisymmetric)) * antisymmetric


def random_couplings(n: int, k: float, rng: Any = None) -> np.ndarray:
    """Random couplings ``J = J^s + k J^as`` (Crisanti & Sompolinsky 1987).

    ``J^s`` symmetric and ``J^as`` antisymmetric, both with i.i.d. N(0, 1/n) entries
    above the diagonal and a zero diagonal; ``k = math.inf`` gives ``J^as`` alone.
    ``k = 0`` is the Sherrington-Kirkpatrick spin glass, ``k = 1`` has independent
    ``J_ij`` and ``J_ji``.

    Examples:
        >>> J = random_couplings(6, math.inf, rng=0)
        >>> bool(np.array_equal(J, -J.T))
        True
    """
    n = check_int("n", n, "random_couplings", low=2)
    k = _check_k(k, "random_couplings")
    rng = as_generator(rng, "random_couplings")
    upper = np.triu(rng.normal(0, 1 / math.sqrt(n), (n, n)), 1)
    antisym = antisymmetric_gaussian(n, rng)
    if k == math.inf:
        return antisym
    return upper + upper.T + k * antisym


def diluted_hebbian_weights(
    patterns: np.ndarray, c: float, rng: Any = None, *, symmetric: bool = False
) -> np.ndarray:
    """Hebbian weights ``sum_mu xi_i xi_j`` on a random fraction c of the synapses.

    Asymmetric dilution (the default, Derrida, Gardner & Zippelius 1987) keeps each
    synapse j -> i independently with probability c, so ``W_ij`` and ``W_ji`` are kept
    or cut independently; symmetric dilution keeps or cuts each pair. The weights are
    whole numbers (not divided by n or c: the sign rule does not see the scale), as
    float32. ``c = 1`` keeps every synapse: the full Hebbian net.

    Examples:
        >>> from neuroagents.models.hopfield import random_patterns
        >>> P = random_patterns(200, 5, rng=0)   # odd count: no Hebbian weight is 0
        >>> W = diluted_hebbian_weights(P, 0.1, rng=1)
        >>> round(float((W != 0).mean()), 2), bool(np.array_equal(W != 0, W.T != 0))
        (0.1, False)
        >>> S = diluted_hebbian_weights(P, 0.1, rng=1, symmetric=True)
        >>> bool(np.array_equal(S, S.T))
        True
    """
    p = check_patterns(patterns)
    c = check_real("c", c, "diluted_hebbian_weights", low=0, high=1, low_open=True)
    n = p.shape[1]
    keep = as_generator(rng, "diluted_hebbian_weights").random((n, n)) < c
    if symmetric:
        keep = np.triu(keep, 1)
        keep |= keep.T
    return np.where(keep, hebbian_weights(p, normalize=False, dtype=np.float32), 0).astype(
        np.float32
    )


def asymmetric_model(weights: np.ndarray, **kwargs: Any) -> HopfieldModel:
    """A non-recording HopfieldModel on possibly asymmetric weights, without the warning.

    The experiments break the symmetry on purpose; the model's warning that the energy
    no longer guarantees convergence is what they measure.
    """
    kwargs.setdefault("record_every", None)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "HopfieldModel needs symmetric", RuntimeWarning)
        return HopfieldModel(weights, allow_asymmetric=True, **kwargs)


def sync_period(model: HopfieldModel, start: np.ndarray, max_steps: int) -> tuple[int, int]:
    """Run synchronous updates from ``start`` until a state repeats.

    Args:
        model: a HopfieldModel with ``scheduler="sync"``.
        start: the ±1 start state.
        max_steps: the budget of synchronous steps.

    Returns:
        ``(period, steps)``: the length of the cycle entered (1 = fixed point, 0 = no
        repeat within the budget) and the steps run until the repeat was seen.

    Examples:
        >>> A = random_couplings(20, math.inf, rng=0)
        >>> m = asymmetric_model(A, scheduler="sync", rng=0)
        >>> sync_period(m, np.ones(20, dtype=np.int8), 100)[0]   # antisymmetric: period 4
        4
    """
    if model.scheduler.name != "sync":
        raise ValidationError(
            f"sync_period needs a model with scheduler='sync'. Got {model.scheduler.name!r}."
        )
    max_steps = check_int("max_steps", max_steps, "sync_period", low=1)
    model.set_state(start)
    seen = {model.state.tobytes(): 0}
    for t in range(1, max_steps + 1):
        model.step()
        key = model.state.tobytes()
        if key in seen:
            return t - seen[key], t
        seen[key] = t
    return 0, max_steps


def fixed_point_states(weights: np.ndarray, *, chunk: int = 1 << 16) -> np.ndarray:
    """Every fixed point of the sign rule on ``weights``, by enumerating all 2^n states.

    A state s is fixed when every neuron is happy, ``s_i h_i >= 0`` with ``h = W s``
    (a tie keeps the state, as in the engine).

    Returns:
        (count, n) int8 array of the fixed states.

    Examples:
        >>> from neuroagents.models.hopfield import random_patterns
        >>> P = random_patterns(12, 1, rng=0)
        >>> F = fixed_point_states(hebbian_weights(P))   # one pattern: it and its reverse
        >>> sorted(int(f @ P[0]) for f in F)
        [-12, 12]
    """
    w = np.asarray(weights, dtype=np.float64)
    n = w.shape[0]
    if w.shape != (n, n):
        raise ValidationError(f"fixed_point_states needs a square matrix. Got {w.shape}.")
    check_int("n", n, "fixed_point_states", low=1, high=MAX_ENUMERATED)
    bits = np.arange(n, dtype=np.int64)
    found = []
    for lo in range(0, 1 << n, chunk):
        codes = np.arange(lo, min(lo + chunk, 1 << n), dtype=np.int64)
        s = np.where((codes[:, None] >> bits) & 1, 1, -1).astype(np.int8)
        fixed = ((s * (s.astype(np.float64) @ w.T)) >= 0).all(axis=1)
        found.append(s[fixed])
    return np.concatenate(found)


def count_fixed_points(weights: np.ndarray) -> int:
    """The number of fixed points of the sign rule on ``weights`` (all 2^n states).

    Examples:
        >>> count_fixed_points(random_couplings(12, math.inf, rng=0))   # antisymmetric: none
        0
    """
    return len(fixed_point_states(weights))


def expected_fixed_points(n: int, k: float) -> float:
    """The mean number of fixed points of :func:`random_couplings` at size n, 0 <= k <= 1.

    By the gauge symmetry every state is fixed with the probability of the all-ones
    state, ``P(h_i > 0 for all i)`` with ``h_i = sum_j J_ij``. The h_i are Gaussian with
    variance ``(n - 1) sigma^2`` and pairwise covariance ``eta sigma^2`` (from
    ``J_ij, J_ji``), an equicorrelated vector with ``rho = eta / (n - 1) >= 0``, so
    ``E[N] = 2^n int phi(z) Phi(z sqrt(rho / (1 - rho)))^n dz``. Exact at every n (the
    annealed average, which exhaustive counts over many nets estimate); ``k = 1``
    (eta = 0) gives exactly 1. Large-n growth at k = 0: Tanaka & Edwards 1980.

    Examples:
        >>> round(expected_fixed_points(10, 1.0), 10)
        1.0
        >>> expected_fixed_points(10, 0.0) > expected_fixed_points(10, 0.5) > 1
        True
    """
    n = check_int("n", n, "expected_fixed_points", low=2)
    k = check_real("k", k, "expected_fixed_points", low=0, high=1)
    rho = asymmetry_eta(k) / (n - 1)
    if rho == 1:  # n = 2, symmetric: h_1 = h_2 = J_12, positive half the time
        return 2.0
    a = math.sqrt(rho / (1 - rho))

    # In logs: (2 Phi)^n overflows for large n.
    log_norm = -0.5 * math.log(2 * math.pi) + n * math.log(2)

    def integrand(z: float) -> float:
        return math.exp(log_norm - 0.5 * z * z + n * special.log_ndtr(a * z))

    value, _ = integrate.quad(integrand, -np.inf, np.inf, epsabs=0, epsrel=1e-10, limit=200)
    return float(value)


def one_step_error_asym(alpha: float, k: float, n: int | None = None) -> float:
    """Fraction of unhappy bits at a stored pattern of :func:`asymmetric_hebbian_weights`.

    At a stored pattern the input of neuron i is the signal 1, the crosstalk of the other
    patterns (variance alpha) and the antisymmetric part (variance ``k^2 alpha``, since
    ``|W_hebb|_F^2 ~ p``), so for large n the error is
    ``1/2 erfc(1 / sqrt(2 alpha (1 + k^2)))``: in the first step the antisymmetric part
    acts like ``k^2 alpha n`` more patterns.

    With ``n``, the finite-size value in units of the integer weights: signal ``n - 1``,
    crosstalk a sum of ``(p - 1)(n - 1)`` fair ±1 (as in
    :func:`~neuroagents.models.hopfield.one_step_error_exact`) and an independent
    Gaussian of variance ``k^2 (n - 1) p`` (the input of a row of A is Gaussian whatever
    the pattern), ``p = round(alpha n)``.

    Examples:
        >>> round(one_step_error_asym(0.1, 0.0), 5), round(one_step_error_asym(0.05, 1.0), 5)
        (0.00078, 0.00078)
        >>> round(one_step_error_asym(0.05, 1.0, n=400), 5)   # finite n: lighter tails
        0.00069
    """
    alpha = check_real("alpha", alpha, "one_step_error_asym", low=0, low_open=True)
    k = check_real("k", k, "one_step_error_asym", low=0)
    if n is None:
        return float(0.5 * special.erfc(1 / math.sqrt(2 * alpha * (1 + k * k))))
    n = check_int("n", n, "one_step_error_asym", low=2)
    p = max(1, round(alpha * n))
    if k == 0:
        return one_step_error_exact(n, p)
    terms = (p - 1) * (n - 1)
    crosstalk = np.arange(-terms, terms + 1, 2)
    weights = stats.binom.pmf((crosstalk + terms) // 2, terms, 0.5)
    below = special.ndtr(-(n - 1 + crosstalk) / (k * math.sqrt((n - 1) * p)))
    return float(weights @ below)


def dgz_overlap(alpha: float, m0: float = 1.0, steps: int | None = None) -> float:
    """Overlap of extremely diluted asymmetric Hebbian nets (Derrida, Gardner & Zippelius).

    Parallel dynamics obey ``m(t + 1) = erf(m(t) / sqrt(2 alpha))`` exactly, with
    ``alpha = p / K`` patterns per input synapse. With ``steps`` the map is iterated from
    ``m0`` that many times; without, its stable fixed point reached from ``m0 > 0`` is
    returned: positive for ``alpha < 2/pi``, 0 above.

    Examples:
        >>> round(dgz_overlap(0.1), 4), dgz_overlap(0.7)
        (0.9984, 0.0)
        >>> round(dgz_overlap(0.5, m0=0.8, steps=1), 4) == round(math.erf(0.8), 4)
        True
    """
    alpha = check_real("alpha", alpha, "dgz_overlap", low=0, low_open=True)
    m0 = check_real("m0", m0, "dgz_overlap", low=0, high=1)
    s = math.sqrt(2 * alpha)
    if steps is not None:
        m = m0
        for _ in range(check_int("steps", steps, "dgz_overlap", low=0)):
            m = math.erf(m / s)
        return m
    if alpha >= DGZ_CAPACITY or m0 == 0:
        return 0.0
    return float(optimize.brentq(lambda m: math.erf(m / s) - m, 1e-12, 1.0 + 1e-12))
