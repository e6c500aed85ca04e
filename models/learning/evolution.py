"""NNevolution: neural nets learned in evolutionary time, by allele frequencies.

As the lecture states it, repeat for T generations:

1. generate P genotypes and their ANNs;
2. evaluate each on a minibatch;
3. the fitness ``f(A)`` of each allele A is 1/4 minus the average squared error over
   all genotypes that carry it;
4. update the gene probabilities ``p_A ← p_A (1 + ε f(A))``, then renormalise.

Here every parameter of a :class:`~neuroagents.models.learning.feedforward.LayeredNet` (each
synaptic weight, and each threshold — the weight of a synapse from an always-on unit)
is a gene with a finite allele set; a genotype picks one allele per gene, independently
with the gene's probabilities, and its ANN has those values as weights. The squared
error is the net's mean over the minibatch's examples and outputs; with outputs and
targets in [0, 1] it lies in [0, 1], so ``f(A) ∈ [−3/4, 1/4]`` and ``ε < 4/3`` keeps
``1 + ε f(A) > 0``: probabilities stay positive. An allele that no genotype of the
generation carries gets the generation's mean fitness ``1/4 − mean error`` (no evidence
either way). The P genotypes are evaluated together, as one batched array computation
over a ``(P, n_out, n_in)`` stack of weight matrices per layer.

Allele schemes (the ``scheme`` of :class:`NNEvolution`):

- :class:`GridAlleles` — every gene has the same fixed grid of values ``v_1 … v_K``.
  Nothing else moves: learning is only the probabilities concentrating on good values.
  The net read out is the expected genotype ``E[w_g] = Σ_k p_gk v_k``.
- :class:`OffsetAlleles` — gene g has a wild-type value ``m_g`` (initially the weight
  of the starting net) and three alleles ``m_g − δ, m_g, m_g + δ`` (probabilities
  start at 1/3 each). The mean moves by *fixation*: right after a generation's update,
  every gene whose most probable allele has probability ≥ ``fixation`` takes that
  allele as its new wild type (``m_g ← m_g − δ``, unchanged, or ``m_g ← m_g + δ``) and
  its probabilities restart at 1/3 each, around the new value. So wild types move in
  quanta of ±δ, each move backed by evidence accumulated over generations — a
  population-genetic cousin of signSGD with step δ. The net read out is again the
  expected genotype ``m_g + δ (p_{g,+} − p_{g,−})``.

Pieces:
    GridAlleles, OffsetAlleles: the allele schemes.
    sample_alleles: draw P genotypes from the gene probabilities.
    allele_fitness: ``f(A)`` for every allele of every gene, from the genotypes' errors.
    update_probabilities: ``p_A ← p_A (1 + ε f(A))`` and renormalisation.
    population_losses: the batched evaluation of P genotypes on a minibatch.
    NNEvolution: the whole loop, one generation a step.

The comparison against SGD, signSGD and feedback alignment (experiment ``vs_signsgd``)
is in :mod:`~neuroagents.models.learning.experiments.evolution`.

References:
    Gorantla, Louis, Papadimitriou, Vempala, Yadati (2019), Biologically plausible
    neural networks via evolutionary dynamics and dopaminergic plasticity, NeurIPS
    workshop Real Neurons & Hidden Units.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.models.learning.feedforward import LayeredNet, ParameterLayout, activations, mse
from neuroagents.validation import as_generator, check_int, check_real

__all__ = [
    "MAX_EPSILON",
    "GenerationReport",
    "GridAlleles",
    "NNEvolution",
    "OffsetAlleles",
    "allele_fitness",
    "population_losses",
    "sample_alleles",
    "update_probabilities",
]

#: The largest ε for which ``1 + ε f(A) > 0`` whenever ``f(A) >= -3/4`` (exclusive).
MAX_EPSILON = 4.0 / 3.0


# ---------------------------------------------------------------------- allele schemes
@dataclass(frozen=True, slots=True)
class GridAlleles:
    """Every gene's alleles are the same fixed grid ``values``; nothing moves.

    Attributes:
        values: the K allele values, distinct, K >= 2.

    Examples:
        >>> scheme = GridAlleles((-1.0, 0.0, 1.0))
        >>> scheme.genomes(np.zeros(2), np.array([[0, 2], [1, 1]])).tolist()
        [[-1.0, 1.0], [0.0, 0.0]]
    """

    values: tuple[float, ...] = (-2.0, -1.0, 0.0, 1.0, 2.0)

    def __post_init__(self) -> None:
        """Check the grid."""
        vals = np.asarray(self.values, dtype=np.float64)
        if vals.ndim != 1 or vals.size < 2 or np.unique(vals).size != vals.size:
            raise ValidationError(
                "The 'values' parameter of GridAlleles must be at least 2 distinct numbers. "
                f"Got {self.values!r} instead."
            )
        if not np.isfinite(vals).all():
            raise ValidationError(
                f"The 'values' parameter of GridAlleles must be finite. Got {self.values!r}."
            )

    @property
    def n_alleles(self) -> int:
        """K."""
        return len(self.values)

    def allele_values(self, center: np.ndarray) -> np.ndarray:
        """``(G, K)``: the value of each allele of each gene."""
        return np.broadcast_to(np.asarray(self.values), (center.size, self.n_alleles))

    def genomes(self, center: np.ndarray, alleles: np.ndarray) -> np.ndarray:
        """Parameter vectors ``(P, G)`` of genotypes given as allele indices ``(P, G)``."""
        return np.asarray(self.values, dtype=np.float64)[alleles]

    def settle(self, probs: np.ndarray, center: np.ndarray) -> int:
        """After an update: nothing moves on a fixed grid. Returns 0 moves."""
        return 0


@dataclass(frozen=True, slots=True)
class OffsetAlleles:
    """Alleles ``m − δ, m, m + δ`` around a wild type ``m`` that moves by fixation.

    After each update, a gene whose most probable allele reaches probability
    ``fixation`` adopts it as its wild type and restarts at probabilities 1/3 each.

    Attributes:
        delta: δ > 0, the offset and the quantum by which a wild type moves.
        fixation: the probability at which an allele fixes, in (1/2, 1).

    Examples:
        >>> scheme = OffsetAlleles(delta=0.5, fixation=0.6)
        >>> probs = np.array([[0.1, 0.2, 0.7], [0.3, 0.4, 0.3], [0.2, 0.65, 0.15]])
        >>> center = np.zeros(3)
        >>> scheme.settle(probs, center)   # gene 0 moves up, gene 2 fixes in place
        1
        >>> center.tolist(), probs[0].round(3).tolist(), probs[1].tolist()
        ([0.5, 0.0, 0.0], [0.333, 0.333, 0.333], [0.3, 0.4, 0.3])
    """

    delta: float = 0.1
    fixation: float = 0.6

    def __post_init__(self) -> None:
        """Check δ and the fixation threshold."""
        check_real("delta", self.delta, "OffsetAlleles", low=0, low_open=True)
        check_real(
            "fixation",
            self.fixation,
            "OffsetAlleles",
            low=0.5,
            high=1,
            low_open=True,
            high_open=True,
        )

    n_alleles = 3

    def allele_values(self, center: np.ndarray) -> np.ndarray:
        """``(G, 3)``: ``m − δ, m, m + δ`` for each gene."""
        return center[:, None] + self.delta * np.array([-1.0, 0.0, 1.0])

    def genomes(self, center: np.ndarray, alleles: np.ndarray) -> np.ndarray:
        """Parameter vectors ``(P, G)``: ``m + δ·(allele − 1)``."""
        return center + self.delta * (alleles - 1.0)

    def settle(self, probs: np.ndarray, center: np.ndarray) -> int:
        """Fix every gene whose top allele has probability ≥ ``fixation`` (in place).

        Returns:
            How many wild types moved (fixations of the 0 offset move nothing but still
            restart the probabilities).
        """
        top = np.argmax(probs, axis=1)
        fixed = probs[np.arange(len(top)), top] >= self.fixation
        shift = top[fixed] - 1
        center[fixed] += self.delta * shift
        probs[fixed] = 1.0 / 3.0
        return int(np.count_nonzero(shift))


AlleleScheme = GridAlleles | OffsetAlleles


# ---------------------------------------------------------------------- the algorithm
def sample_alleles(probs: np.ndarray, population: int, rng: Any = None) -> np.ndarray:
    """Draw ``population`` genotypes: allele indices ``(P, G)``, gene by gene independent.

    Gene g carries allele k with probability ``probs[g, k]`` (inverse-CDF sampling with
    one uniform number per gene and genotype).

    Examples:
        >>> probs = np.array([[1.0, 0.0], [0.0, 1.0]])
        >>> sample_alleles(probs, 3, rng=0).tolist()
        [[0, 1], [0, 1], [0, 1]]
    """
    gen = as_generator(rng, "sample_alleles")
    cdf = np.cumsum(probs, axis=1)
    u = gen.random((population, probs.shape[0])) * cdf[:, -1]
    alleles = np.zeros(u.shape, dtype=np.intp)
    for k in range(probs.shape[1] - 1):
        alleles += u >= cdf[:, k]
    return alleles


def allele_fitness(alleles: np.ndarray, losses: np.ndarray, n_alleles: int) -> np.ndarray:
    """``f(A) = 1/4 − (mean error of the genotypes carrying A)``, for every gene and allele.

    Args:
        alleles: ``(P, G)`` allele index of each genotype at each gene.
        losses: ``(P,)`` mean squared error of each genotype on the minibatch.
        n_alleles: K.

    Returns:
        ``(G, K)`` fitness. An allele carried by no genotype gets the population's mean
        fitness ``1/4 − mean(losses)``.

    Examples:
        Three genotypes, one gene with two alleles: genotypes 0 and 1 carry allele 0
        (errors 0.1 and 0.2), genotype 2 carries allele 1 (error 0.3).

        >>> allele_fitness(np.array([[0], [0], [1]]), np.array([0.1, 0.2, 0.3]), 2).round(6)
        array([[ 0.1 , -0.05]])
    """
    losses = np.asarray(losses, dtype=np.float64)
    total = np.empty((alleles.shape[1], n_alleles))
    count = np.empty_like(total)
    for k in range(n_alleles):
        carries = alleles == k
        total[:, k] = losses @ carries
        count[:, k] = carries.sum(axis=0)
    mean_loss = np.divide(total, count, out=np.full_like(total, losses.mean()), where=count > 0)
    return 0.25 - mean_loss


def update_probabilities(probs: np.ndarray, fitness: np.ndarray, epsilon: float) -> np.ndarray:
    """``p_A ← p_A (1 + ε f(A))``, then each gene's probabilities renormalised to sum 1.

    Examples:
        >>> update_probabilities(np.array([[0.5, 0.5]]), np.array([[0.1, -0.05]]), 1.0)
        array([[0.53658537, 0.46341463]])
    """
    grown = probs * (1.0 + epsilon * fitness)
    return grown / grown.sum(axis=1, keepdims=True)


def population_losses(
    layout: ParameterLayout,
    genomes: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    hidden: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """Mean squared error of each of P nets on one minibatch, as batched array work.

    Args:
        layout: the nets' layer sizes.
        genomes: ``(P, G)`` parameter vectors, one per net.
        x: minibatch inputs ``(B, n_0)``.
        y: minibatch targets ``(B, n_L)``.
        hidden: the hidden layers' nonlinearity (default sigmoid; see
            :func:`~neuroagents.models.learning.feedforward.activations`).

    Returns:
        ``(P,)`` losses: the nets' weights are stacked ``(P, n_l, n_{l−1})`` per layer
        and the minibatch goes through all of them in one batched matrix product per
        layer.
    """
    weights, thresholds = layout.split(genomes)
    return mse(activations(weights, thresholds, x, hidden)[-1], y)


@dataclass(frozen=True, slots=True)
class GenerationReport:
    """What one generation did.

    Attributes:
        generation: its number (1 for the first).
        mean_loss: the mean minibatch error of its P genotypes.
        best_loss: the lowest of them.
        moves: wild types that moved (0 for a grid).
        alleles: ``(P, G)`` the allele indices of the generation's genotypes.
        losses: ``(P,)`` their minibatch errors.
    """

    generation: int
    mean_loss: float
    best_loss: float
    moves: int
    alleles: np.ndarray
    losses: np.ndarray


class NNEvolution:
    """NNevolution on a layered net: gene probabilities evolved over generations.

    Args:
        net: the starting net: its layer sizes, and for :class:`OffsetAlleles` the
            initial wild types (its weights and thresholds).
        scheme: :class:`GridAlleles` or :class:`OffsetAlleles`.
        population: P, genotypes per generation (>= 2).
        epsilon: ε in (0, 4/3), the selection strength.
        rng: seed, SeedSequence or Generator for sampling genotypes.
        hidden: the hidden layers' nonlinearity when genotypes are evaluated (default
            sigmoid; e.g. binary units, which need no derivative here).

    Attributes:
        probs: ``(G, K)`` gene probabilities; every row sums to 1.
        center: ``(G,)`` wild types (the starting parameters for a grid; unused there).
        generation: generations run.
        evaluations_per_step: P: each generation evaluates P nets on its minibatch.

    Examples:
        >>> from neuroagents.models.learning.tasks import parity
        >>> task = parity(n_bits=2, k=1, test_fraction=0.25, rng=0)
        >>> evo = NNEvolution(LayeredNet.random([2, 1], rng=0), GridAlleles(), population=50,
        ...                   epsilon=1.0, rng=0)
        >>> for _ in range(100):
        ...     _ = evo.step(task.x_train, task.y_train)
        >>> evo.mean_network().loss(task.x_train, task.y_train) < 0.1
        True
        >>> bool(np.allclose(evo.probs.sum(axis=1), 1.0)) and bool((evo.probs > 0).all())
        True
    """

    def __init__(
        self,
        net: LayeredNet,
        scheme: AlleleScheme,
        *,
        population: int = 100,
        epsilon: float = 1.0,
        rng: Any = None,
        hidden: Callable[[np.ndarray], np.ndarray] | None = None,
    ) -> None:
        self.hidden = hidden
        if not isinstance(scheme, GridAlleles | OffsetAlleles):
            raise ValidationError(
                "The 'scheme' parameter of NNEvolution must be a GridAlleles or an "
                f"OffsetAlleles. Got {scheme!r} instead."
            )
        self.scheme = scheme
        self.population = check_int("population", population, "NNEvolution", low=2)
        self.epsilon = _check_epsilon(epsilon)
        self.rng = as_generator(rng, "NNEvolution")
        self.layout = net.layout
        self.center = net.parameters()
        k = scheme.n_alleles
        self.probs = np.full((self.center.size, k), 1.0 / k)
        self.generation = 0
        self.evaluations_per_step = self.population

    def step(self, x: np.ndarray, y: np.ndarray) -> GenerationReport:
        """One generation on the minibatch ``(x, y)``: sample, evaluate, select, settle."""
        alleles = sample_alleles(self.probs, self.population, self.rng)
        genomes = self.scheme.genomes(self.center, alleles)
        losses = population_losses(self.layout, genomes, x, y, self.hidden)
        fitness = allele_fitness(alleles, losses, self.scheme.n_alleles)
        self.probs = update_probabilities(self.probs, fitness, self.epsilon)
        moves = self.scheme.settle(self.probs, self.center)
        self.generation += 1
        return GenerationReport(
            self.generation, float(losses.mean()), float(losses.min()), moves, alleles, losses
        )

    def mean_network(self) -> LayeredNet:
        """The expected genotype's net: every gene at ``Σ_k p_gk · value_gk``."""
        values = self.scheme.allele_values(self.center)
        return LayeredNet.from_parameters(self.layout.sizes, (self.probs * values).sum(axis=1))

    def mode_network(self) -> LayeredNet:
        """The most probable genotype's net: every gene at its most probable allele."""
        top = np.argmax(self.probs, axis=1)
        return LayeredNet.from_parameters(
            self.layout.sizes, self.scheme.genomes(self.center, top[None, :])[0]
        )

    def network(self) -> LayeredNet:
        """The net this evolution stands for: :meth:`mean_network`."""
        return self.mean_network()


def _check_epsilon(epsilon: Any) -> float:
    ok = isinstance(epsilon, int | float) and not isinstance(epsilon, bool)
    if not ok or not (0 < epsilon < MAX_EPSILON):
        raise ValidationError(
            "The 'epsilon' parameter of NNEvolution must be a real number in (0, 4/3), so "
            "that 1 + epsilon·f(A) > 0 for every fitness f(A) >= -3/4. "
            f"Got {epsilon!r} instead."
        )
    return float(epsilon)
