"""General Boltzmann machines (Ackley, Hinton & Sejnowski 1985): clamped and free phases.

Pieces:
    BoltzmannMachine: 0/1 stochastic units on symmetric weights (any connection mask),
        sampled by annealed Gibbs updates (a numba kernel over many chains), trained by
        the difference of pairwise co-occurrences between the clamped and free phases.
    PAPER_SCHEDULE: the paper's annealing schedule (sweeps, temperature) and its
        statistics-collection period.
    boltzmann_distribution: the exact distribution by enumeration (small machines).
    check_schedule: an annealing schedule checked at the door (sweeps >= 1, T > 0).

The energy of a state s in {0, 1}^n is ``E(s) = -1/2 s.W.s - b.s`` (W symmetric, zero
diagonal; the paper's thresholds are -b), and a unit picked for update turns on with
probability ``1 / (1 + exp(-(W_k.s + b_k) / T))``, which leaves ``P(s) ∝ exp(-E(s)/T)``
invariant. Learning (the paper's rule): ``Δw_ij = ε sign(p_ij - p'_ij)`` with p_ij the
probability that i and j are both on with the visible units clamped to the data and p'_ij
the same with nothing clamped, both at the end of an annealing run.

References:
    Ackley, D. H., Hinton, G. E. & Sejnowski, T. J. (1985). A learning algorithm for
    Boltzmann machines. Cognitive Science 9, 147-169.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.models.boltzmann.data import check_data
from neuroagents.params import rng_or_random_state
from neuroagents.validation import check_int, check_real

__all__ = [
    "PAPER_SCHEDULE",
    "BoltzmannMachine",
    "all_states",
    "boltzmann_distribution",
    "check_schedule",
]

PAPER_SCHEDULE: tuple[tuple[int, float], ...] = ((2, 20.0), (2, 15.0), (2, 12.0), (4, 10.0))
"""(sweeps, temperature) pairs of the 4-2-4 encoder's annealing (Ackley et al. 1985)."""


@numba.njit(cache=True)
def _anneal(S, W, b, free, temps, collect_from, sites, u):  # pragma: no cover - numba
    """Gibbs updates of the free units of every chain; co-occurrences over the last sweeps.

    S (chains, n) is updated in place. Sweep t runs at temps[t] and picks len(free) units
    (uniformly with replacement, ``sites``); from sweep ``collect_from`` on, the state after
    each sweep is added to the co-occurrence sums.
    """
    chains, n = S.shape
    nf = free.shape[0]
    corr = np.zeros((n, n))
    count = 0
    for c in range(chains):
        for t in range(temps.shape[0]):
            T = temps[t]
            for r in range(nf):
                k = free[sites[c, t, r]]
                x = b[k]
                for j in range(n):
                    x += W[k, j] * S[c, j]
                z = x / T
                if z >= 0:
                    p = 1.0 / (1.0 + np.exp(-z))
                else:
                    e = np.exp(z)
                    p = e / (1.0 + e)
                S[c, k] = 1.0 if u[c, t, r] < p else 0.0
            if t >= collect_from:
                count += 1
                for i in range(n):
                    if S[c, i] != 0.0:
                        for j in range(n):
                            corr[i, j] += S[c, i] * S[c, j]
    return corr, count


def all_states(n: int) -> np.ndarray:
    """The 2^n binary vectors of length n, as rows (row r is the binary expansion of r)."""
    return ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(float)


def boltzmann_distribution(
    weights: np.ndarray, bias: np.ndarray, temperature: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """P(s) = exp(-E(s)/T) / Z with E(s) = -1/2 s.W.s - b.s, by enumerating {0,1}^n.

    Returns:
        (states, probabilities): the 2^n states as rows (``all_states``) and their
        probabilities.

    Examples:
        >>> s, p = boltzmann_distribution(np.zeros((2, 2)), np.array([0.0, np.log(3)]))
        >>> p.round(3).tolist()  # unit 1 on with probability 3/4
        [0.125, 0.125, 0.375, 0.375]
    """
    check_real("temperature", temperature, "boltzmann_distribution", low=0, low_open=True)
    n = len(bias)
    if n > 20:
        raise ValidationError(
            f"boltzmann_distribution enumerates 2^n states; n must be <= 20. Got {n}."
        )
    states = all_states(n)
    energy = -0.5 * np.einsum("si,ij,sj->s", states, weights, states) - states @ bias
    log_w = -energy / temperature
    log_w -= log_w.max()
    p = np.exp(log_w)
    return states, p / p.sum()


def check_schedule(schedule: Any, where: str) -> tuple[tuple[int, float], ...]:
    """An annealing schedule as (sweeps >= 1, temperature > 0) pairs, at least one.

    Examples:
        >>> check_schedule([(2, 20), (4, 10.0)], "BoltzmannMachine")
        ((2, 20.0), (4, 10.0))
    """
    constraint = "a non-empty list of (sweeps, temperature) pairs"
    try:
        pairs = list(schedule)
        ok = bool(pairs) and all(len(pair) == 2 for pair in pairs)
    except TypeError:
        ok = False
    if not ok:
        raise ValidationError(
            f"The 'schedule' parameter of {where} must be {constraint}. Got {schedule!r}."
        )
    return tuple(
        (
            check_int("schedule sweeps", k, where, low=1),
            check_real("schedule temperature", T, where, low=0, low_open=True),
        )
        for k, T in pairs
    )


def _check_temperatures(temps: Any, where: str) -> np.ndarray:
    """Temperatures of an annealing run: a 1-d array of finite values > 0."""
    arr = np.asarray(temps, dtype=np.float64)
    if arr.ndim != 1 or not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValidationError(
            f"The 'temps' parameter of {where} must be a 1-d array of finite "
            f"temperatures > 0. Got {temps!r}."
        )
    return arr


class BoltzmannMachine:
    """A Boltzmann machine of ``n_visible`` then ``n_hidden`` 0/1 units.

    Args:
        n_visible: visible units (indices 0 .. n_visible-1).
        n_hidden: hidden units (the following indices).
        mask: which symmetric connections exist (n x n booleans; default all but self).
        schedule: (sweeps, temperature) pairs of one annealing run; statistics are
            collected over ``collect`` further sweeps at the last temperature.
        collect: sweeps of statistics at the final temperature.
        step: ε of the learning rule ``Δw = ε sign(p - p')`` (the paper's 2), or the
            learning rate of ``Δw = ε (p - p')`` with ``rule="gradient"``.
        rule: ``"sign"`` (the paper's fixed-size steps) or ``"gradient"``.
        chains: annealing runs per training vector in each phase.
        noisy_clamp: (P(on -> off), P(off -> on)) applied to clamped vectors each time
            they are clamped, which the paper used to keep weights finite.
        decay: each cycle the weights and biases shrink by this fraction (0: none).
        rng: seed or numpy Generator.
        random_state: scikit-learn's name for ``rng`` (an alias; give one of them).

    Examples:
        >>> bm = BoltzmannMachine(2, 1, random_state=0)
        >>> bm.weights_.shape, bm.energy(np.ones((1, 3))).tolist() == [0.0]
        ((3, 3), True)
    """

    def __init__(
        self,
        n_visible: int,
        n_hidden: int,
        *,
        mask: np.ndarray | None = None,
        schedule: tuple[tuple[int, float], ...] = PAPER_SCHEDULE,
        collect: int = 10,
        step: float = 2.0,
        rule: str = "sign",
        chains: int = 1,
        noisy_clamp: tuple[float, float] = (0.15, 0.05),
        decay: float = 0.0,
        rng: Any = None,
        random_state: Any = None,
    ) -> None:
        where = "BoltzmannMachine"
        self.n_visible = check_int("n_visible", n_visible, where, low=1)
        self.n_hidden = check_int("n_hidden", n_hidden, where, low=0)
        n = self.n = n_visible + n_hidden
        if mask is None:
            mask = ~np.eye(n, dtype=bool)
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != (n, n) or np.any(mask != mask.T) or np.any(np.diag(mask)):
            raise ValidationError(
                f"The 'mask' parameter of {where} must be a symmetric {n} x {n} boolean "
                f"matrix with a False diagonal. Got shape {mask.shape}."
            )
        if rule not in ("sign", "gradient"):
            raise ValidationError(
                f"The 'rule' parameter of {where} must be 'sign' or 'gradient'. Got {rule!r}."
            )
        self.mask = mask
        self.schedule = check_schedule(schedule, where)
        self.collect = check_int("collect", collect, where, low=1)
        self.step = check_real("step", step, where, low=0, low_open=True)
        self.rule = rule
        self.chains = check_int("chains", chains, where, low=1)
        self.noisy_clamp = tuple(
            check_real("noisy_clamp", p, where, low=0, high=1) for p in noisy_clamp
        )
        self.decay = check_real("decay", decay, where, low=0, high=1)
        self.rng = np.random.default_rng(rng_or_random_state(rng, random_state, where))
        self.weights_ = np.zeros((n, n))
        self.bias_ = np.zeros(n)
        self.cycles_ = 0

    @property
    def temperature(self) -> float:
        """The final temperature of the schedule (where statistics are collected)."""
        return self.schedule[-1][1]

    def energy(self, S: np.ndarray) -> np.ndarray:
        """E(s) = -1/2 s.W.s - b.s for each row of S."""
        S = np.atleast_2d(np.asarray(S, dtype=float))
        return -0.5 * np.einsum("si,ij,sj->s", S, self.weights_, S) - S @ self.bias_

    def anneal(
        self,
        S: np.ndarray,
        clamped: np.ndarray | None = None,
        temps: np.ndarray | None = None,
        collect: int = 0,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Run the annealing schedule on every row of S (in place) with ``clamped`` fixed.

        Args:
            S: (chains, n) 0/1 states.
            clamped: boolean mask of units held fixed (default none).
            temps: one temperature per sweep (default: the schedule, then ``collect``
                sweeps at its final temperature).
            collect: the number of final sweeps whose states are averaged.

        Returns:
            (co-occurrence matrix <s_i s_j>, mean activity <s_i>) over the collected sweeps.
        """
        if temps is None:
            temps = np.array(
                [T for k, T in self.schedule for _ in range(k)] + [self.temperature] * collect
            )
        temps = _check_temperatures(temps, "BoltzmannMachine.anneal")
        S = check_data("S", S, "BoltzmannMachine.anneal", binary=True)
        if S.shape[1] != self.n:
            raise ValidationError(
                f"The 'S' parameter of BoltzmannMachine.anneal must have n = {self.n} "
                f"columns. Got {S.shape[1]}."
            )
        free = np.flatnonzero(~clamped) if clamped is not None else np.arange(self.n)
        chains = S.shape[0]
        sites = self.rng.integers(0, len(free), (chains, len(temps), len(free)))
        u = self.rng.random((chains, len(temps), len(free)))
        corr, count = _anneal(
            S, self.weights_, self.bias_, free, temps, len(temps) - collect, sites, u
        )
        corr = corr / max(count, 1)
        return corr, np.diag(corr).copy()

    def _noisy(self, V: np.ndarray) -> np.ndarray:
        off, on = self.noisy_clamp
        r = self.rng.random(V.shape)
        return np.where(V > 0.5, r >= off, r < on).astype(float)

    def phase_statistics(
        self, V: np.ndarray | None, runs: int = 1
    ) -> tuple[np.ndarray, np.ndarray]:
        """<s_i s_j> and <s_i> with the visible units clamped to the rows of V.

        Args:
            V: training vectors (rows), or None for the free phase.
            runs: for the free phase, how many annealing runs per chain (the clamped
                phase makes one per training vector).
        """
        if V is None:
            S = (self.rng.random((self.chains * runs, self.n)) < 0.5).astype(float)
            return self.anneal(S, None, collect=self.collect)
        S = (self.rng.random((self.chains * len(V), self.n)) < 0.5).astype(float)
        S[:, : self.n_visible] = self._noisy(np.repeat(V, self.chains, axis=0))
        clamped = np.zeros(self.n, dtype=bool)
        clamped[: self.n_visible] = True
        return self.anneal(S, clamped, collect=self.collect)

    def partial_fit(self, V: np.ndarray) -> BoltzmannMachine:
        """One learning cycle: clamped phase on V, free phase, one weight change."""
        V = check_data("V", np.atleast_2d(V), "BoltzmannMachine", binary=True)
        if V.shape[1] != self.n_visible:
            raise ValidationError(
                f"Training vectors of BoltzmannMachine must have n_visible = "
                f"{self.n_visible} columns. Got {V.shape[1]}."
            )
        p_plus, m_plus = self.phase_statistics(V)
        p_minus, m_minus = self.phase_statistics(None, runs=len(V))
        dw, db = p_plus - p_minus, m_plus - m_minus
        if self.rule == "sign":
            dw, db = np.sign(dw), np.sign(db)
        self.weights_ += self.step * dw * self.mask - self.decay * self.weights_
        self.bias_ += self.step * db - self.decay * self.bias_
        self.cycles_ += 1
        return self

    def fit(self, V: np.ndarray, n_cycles: int = 100) -> BoltzmannMachine:
        """``n_cycles`` learning cycles on the training vectors V (rows)."""
        for _ in range(check_int("n_cycles", n_cycles, "BoltzmannMachine.fit", low=0)):
            self.partial_fit(V)
        return self

    def sample(self, n_samples: int, sweeps: int = 0) -> np.ndarray:
        """States after annealing (plus ``sweeps`` at the final temperature), one per chain."""
        check_int("n_samples", n_samples, "BoltzmannMachine.sample", low=1)
        check_int("sweeps", sweeps, "BoltzmannMachine.sample", low=0)
        S = (self.rng.random((n_samples, self.n)) < 0.5).astype(float)
        temps = np.array(
            [T for k, T in self.schedule for _ in range(k)] + [self.temperature] * sweeps
        )
        self.anneal(S, None, temps=temps)
        return S

    def chain(self, n_sweeps: int, temperature: float | None = None) -> np.ndarray:
        """One free-running chain at a fixed temperature: the state after every sweep."""
        check_int("n_sweeps", n_sweeps, "BoltzmannMachine.chain", low=0)
        T = self.temperature if temperature is None else temperature
        T = check_real("temperature", T, "BoltzmannMachine.chain", low=0, low_open=True)
        S = (self.rng.random((1, self.n)) < 0.5).astype(float)
        out = np.empty((n_sweeps, self.n))
        for t in range(n_sweeps):
            self.anneal(S, None, temps=np.array([T]))
            out[t] = S[0]
        return out

    def distribution(self, temperature: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The exact Boltzmann distribution of this machine (``boltzmann_distribution``)."""
        T = self.temperature if temperature is None else temperature
        return boltzmann_distribution(self.weights_, self.bias_, T)
