"""What the Boltzmann experiments measure: encoder codes, equilibration, exactness.

Pieces:
    encoder_machine: the paper's n-h-n encoder (V1 and V2 not connected to each other).
    encoder_code: the exact most probable output and hidden code for each input.
    is_perfect: whether every input is reproduced through distinct hidden codes.
    autocorrelation_time: integrated autocorrelation time of a series (Sokal's window).
    chi_square_test: sampled state counts against exact probabilities.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats

from neuroagents.models.boltzmann.machine import BoltzmannMachine, all_states

__all__ = [
    "autocorrelation_time",
    "chi_square_test",
    "encoder_code",
    "encoder_machine",
    "encoder_patterns",
    "is_perfect",
]


def encoder_patterns(n_io: int) -> np.ndarray:
    """The n_io training vectors of an encoder: one unit on in V1 and the same one in V2."""
    eye = np.eye(n_io)
    return np.hstack([eye, eye])


def encoder_machine(n_io: int, n_hidden: int, **kwargs: Any) -> BoltzmannMachine:
    """An n_io-n_hidden-n_io encoder: visible V1 | V2, then hidden H.

    Every pair is connected except V1-V2 pairs (the two groups talk only through H), as
    in Ackley, Hinton & Sejnowski (1985), fig. 3. ``kwargs`` go to BoltzmannMachine.
    """
    n = 2 * n_io + n_hidden
    mask = ~np.eye(n, dtype=bool)
    mask[:n_io, n_io : 2 * n_io] = False
    mask[n_io : 2 * n_io, :n_io] = False
    return BoltzmannMachine(2 * n_io, n_hidden, mask=mask, **kwargs)


def encoder_code(machine: BoltzmannMachine, n_io: int) -> tuple[np.ndarray, np.ndarray]:
    """For each one-hot input on V1: the most probable (V2, H) given V1, exactly.

    Enumerates the 2^(n_io + n_hidden) states of V2 and H with V1 clamped and takes the
    mode of P(V2, H | V1) (the state annealing to T -> 0 would find).

    Returns:
        (outputs, codes): (n_io, n_io) V2 states and (n_io, n_hidden) hidden codes.
    """
    nh = machine.n_hidden
    free = all_states(n_io + nh)
    outputs, codes = [], []
    for k in range(n_io):
        S = np.zeros((len(free), machine.n))
        S[:, k] = 1.0
        S[:, n_io:] = free
        best = S[np.argmin(machine.energy(S))]
        outputs.append(best[n_io : 2 * n_io])
        codes.append(best[2 * n_io :])
    return np.array(outputs), np.array(codes)


def is_perfect(machine: BoltzmannMachine, n_io: int) -> bool:
    """Every input reproduced on V2 and the hidden codes all distinct."""
    outputs, codes = encoder_code(machine, n_io)
    reproduced = np.array_equal(outputs, np.eye(n_io))
    return bool(reproduced and len({tuple(c) for c in codes}) == n_io)


def autocorrelation_time(x: np.ndarray, window: float = 5.0) -> float:
    """Integrated autocorrelation time tau = 1 + 2 sum_{t>=1} rho(t), in samples.

    The sum stops at the first lag M >= window * tau(M) (Sokal's automatic window), so
    the variance of a mean of N samples is ~ tau var(x) / N. A constant series gives 1.

    Examples:
        >>> g = np.random.default_rng(0)
        >>> ar = np.zeros(20000)
        >>> for t in range(1, 20000):
        ...     ar[t] = 0.8 * ar[t - 1] + g.normal()
        >>> abs(autocorrelation_time(ar) - 9) < 1.5  # (1 + 0.8) / (1 - 0.8) = 9
        True
    """
    x = np.asarray(x, dtype=float) - np.mean(x)
    n = len(x)
    var = float(x @ x) / n
    if var == 0:
        return 1.0
    f = np.fft.rfft(x, 2 * n)
    acf = np.fft.irfft(f * np.conj(f))[:n] / (var * n)
    tau = 1.0
    for m in range(1, n):
        tau += 2 * acf[m]
        if m >= window * tau:
            break
    return float(max(tau, 1.0))


def chi_square_test(
    samples: np.ndarray, states: np.ndarray, probabilities: np.ndarray, min_expected: float = 5.0
) -> tuple[float, int, float]:
    """Pearson's chi-square of sampled states against exact probabilities.

    Cells with expected count below ``min_expected`` are pooled into one, so the chi-
    square approximation holds. Samples must be independent (thin a chain by its
    autocorrelation time first).

    Returns:
        (chi2, degrees of freedom, p-value).
    """
    n = states.shape[1]
    powers = 1 << np.arange(n)
    index_of = (states @ powers).astype(int)
    p = np.empty_like(probabilities)
    p[index_of] = probabilities
    counts = np.bincount((samples @ powers).astype(int), minlength=2**n)
    expected = p * len(samples)
    big = expected >= min_expected
    obs = np.append(counts[big], counts[~big].sum())
    exp = np.append(expected[big], expected[~big].sum())
    if exp[-1] == 0:
        obs, exp = obs[:-1], exp[:-1]
    chi2, pvalue = stats.chisquare(obs, exp)
    return float(chi2), len(obs) - 1, float(pvalue)
