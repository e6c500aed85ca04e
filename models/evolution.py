"""NNevolution: neural nets learned in evolutionary time, by allele frequencies.

As the lecture states it, repeat for T generations:

1. generate P genotypes and their ANNs;
2. evaluate each on a minibatch;
3. the fitness ``f(A)`` of each allele A is 1/4 minus the average squared error over
   all genotypes that carry it;
4. update the gene probabilities ``p_A ← p_A (1 + ε f(A))``, then renormalise.

Here every parameter of a :class:`~neuroagents.models.feedforward.LayeredNet` (each
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
    EXPERIMENTS: ``vs_signsgd``, NNevolution against SGD, signSGD and feedback alignment
        on the same nets, data and budget of evaluations (``runs/evolution_vs_signsgd.toml``).

References:
    Gorantla, Louis, Papadimitriou, Vempala, Yadati (2019), Biologically plausible
    neural networks via evolutionary dynamics and dopaminergic plasticity, NeurIPS
    workshop Real Neurons & Hidden Units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from neuroagents.models.feedforward import LayeredNet, ParameterLayout, activations, mse
from neuroagents.models.learning_tasks import (
    Minibatches,
    Task,
    check_hidden_sizes,
    check_task_names,
    checkpoints,
    make_task,
)
from neuroagents.models.plausible_learning import GradientLearner

from neuroagents.errors import ValidationError
from neuroagents.experiment import Experiment, ExperimentResult, Param
from neuroagents.plots import new_figure
from neuroagents.validation import as_generator, check_int, check_real

__all__ = [
    "EXPERIMENTS",
    "MAX_EPSILON",
    "METHODS",
    "GenerationReport",
    "GridAlleles",
    "NNEvolution",
    "OffsetAlleles",
    "allele_fitness",
    "comparison_summary",
    "learning_curve_figure",
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
    layout: ParameterLayout, genomes: np.ndarray, x: np.ndarray, y: np.ndarray
) -> np.ndarray:
    """Mean squared error of each of P nets on one minibatch, as batched array work.

    Args:
        layout: the nets' layer sizes.
        genomes: ``(P, G)`` parameter vectors, one per net.
        x: minibatch inputs ``(B, n_0)``.
        y: minibatch targets ``(B, n_L)``.

    Returns:
        ``(P,)`` losses: the nets' weights are stacked ``(P, n_l, n_{l−1})`` per layer
        and the minibatch goes through all of them in one batched matrix product per
        layer.
    """
    weights, thresholds = layout.split(genomes)
    return mse(activations(weights, thresholds, x)[-1], y)


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

    Attributes:
        probs: ``(G, K)`` gene probabilities; every row sums to 1.
        center: ``(G,)`` wild types (the starting parameters for a grid; unused there).
        generation: generations run.
        evaluations_per_step: P: each generation evaluates P nets on its minibatch.

    Examples:
        >>> from neuroagents.models.learning_tasks import parity
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
    ) -> None:
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
        losses = population_losses(self.layout, self.scheme.genomes(self.center, alleles), x, y)
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


# ---------------------------------------------------------------------- comparison
#: The methods of the comparison, by name.
METHODS = ("evolution-grid", "evolution-offsets", "sgd", "signsgd", "fa", "signfa")
EVOLUTION_METHODS = {"evolution-grid": "grid", "evolution-offsets": "offsets"}


def comparison_experiment(params: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """NNevolution against SGD, signSGD and feedback alignment, on one evaluation budget.

    **Evaluation.** One evaluation is one forward pass of one net (one weight setting)
    on one minibatch of ``batch_size`` training examples. A generation of NNevolution
    costs P evaluations (its P genotypes on the generation's minibatch); a step of a
    gradient method costs ``gradient_step_cost`` evaluations (default 1: the forward
    pass whose activations its backward pass reuses; the backward pass itself, about
    two forward passes of arithmetic, is not counted unless you set 3). Measuring the
    nets on the full training and test sets at checkpoints is bookkeeping and costs
    nothing. Every method of a (task, seed) starts from the same net (the builder's
    weights, thresholds 0; a grid ignores them) and draws the same minibatch sequence;
    each runs until the next step would exceed ``budget`` evaluations.

    **Read-out.** A gradient method is measured on its current net; NNevolution on the
    expected genotype's net (every gene at its probability-weighted allele value).
    """
    tasks = check_task_names(params["tasks"])
    methods = _check_methods(params["methods"])
    hidden = check_hidden_sizes(params["hidden"])
    grid = _check_grid(params["grid"])
    population, budget, cost = params["population"], params["budget"], params["gradient_step_cost"]
    if budget < population:
        raise ValidationError(
            f"params.budget must be >= params.population ({population}) so that evolution "
            f"can run one generation. Got {budget}."
        )
    eval_marks = checkpoints(budget, params["points"], every=population)
    step_marks = np.unique(eval_marks // population)
    seeds = np.random.SeedSequence(int(rng.integers(2**63))).spawn(params["seeds"])
    rows: list[dict[str, Any]] = []
    baselines: list[dict[str, Any]] = []
    for task_name in tasks:
        for s, seed_seq in enumerate(seeds):
            data_ss, init_ss, batch_ss, method_ss = seed_seq.spawn(4)
            task, sizes = make_task(task_name, hidden, rng=np.random.default_rng(data_ss))
            start = LayeredNet.random(sizes, rng=np.random.default_rng(init_ss))
            baselines.append(_baselines(task, s))
            for method, m_ss in zip(methods, method_ss.spawn(len(methods)), strict=True):
                learner = _make_learner(method, start, params, grid, m_ss)
                per_step = population if method in EVOLUTION_METHODS else cost
                batches = Minibatches(len(task.x_train), params["batch_size"], rng=batch_ss)
                rows += _train(
                    learner, task, batches, method, s, budget, per_step, eval_marks, step_marks
                )
    table = pd.DataFrame(rows)
    baseline_table = pd.DataFrame(baselines)
    return ExperimentResult(
        table=table,
        summary=comparison_summary(table, baseline_table, params),
        figures={"learning_curves": learning_curve_figure(table, baseline_table)},
        tables={"baselines": baseline_table},
    )


def _make_learner(
    method: str, start: LayeredNet, params: dict[str, Any], grid: tuple[float, ...], ss: Any
) -> NNEvolution | GradientLearner:
    gen = np.random.default_rng(ss)
    if method == "evolution-grid":
        scheme: AlleleScheme = GridAlleles(grid)
    elif method == "evolution-offsets":
        scheme = OffsetAlleles(params["delta"], params["fixation"])
    else:
        return GradientLearner(start, method, params[f"lr_{method}"], rng=gen)
    return NNEvolution(
        start, scheme, population=params["population"], epsilon=params["epsilon"], rng=gen
    )


def _train(
    learner: NNEvolution | GradientLearner,
    task: Task,
    batches: Minibatches,
    method: str,
    seed: int,
    budget: int,
    per_step: int,
    eval_marks: np.ndarray,
    step_marks: np.ndarray,
) -> list[dict[str, Any]]:
    rows = [_measure(learner, task, method, seed, 0, 0, float("nan"))]
    eval_list, step_list = eval_marks.tolist(), step_marks.tolist()  # fast int compares
    step = evaluations = 0
    next_eval, next_step = 1, 1  # eval_marks[0] == step_marks[0] == 0 is recorded above
    while evaluations + per_step <= budget:
        idx = batches.next()
        report = learner.step(task.x_train[idx], task.y_train[idx])
        minibatch_loss = report.mean_loss if isinstance(report, GenerationReport) else report
        step += 1
        evaluations += per_step
        due = False
        while next_eval < len(eval_list) and evaluations >= eval_list[next_eval]:
            next_eval, due = next_eval + 1, True
        while next_step < len(step_list) and step >= step_list[next_step]:
            next_step, due = next_step + 1, True
        if due or evaluations + per_step > budget:
            rows.append(_measure(learner, task, method, seed, step, evaluations, minibatch_loss))
    return rows


def _measure(
    learner: NNEvolution | GradientLearner,
    task: Task,
    method: str,
    seed: int,
    step: int,
    evaluations: int,
    minibatch_loss: float,
) -> dict[str, Any]:
    net = learner.network()
    out = net.forward(task.x_test)
    return {
        "method": method,
        "task": task.name,
        "seed": seed,
        "step": step,
        "evaluations": evaluations,
        "train_loss": net.loss(task.x_train, task.y_train),
        "test_loss": float(mse(out, task.y_test)),
        "test_accuracy": task.accuracy(out, task.y_test),
        "minibatch_loss": float(minibatch_loss),
    }


def _baselines(task: Task, seed: int) -> dict[str, Any]:
    """Test losses of two nets that ignore their input: 1/2 always, the mean training target."""
    half = np.full_like(task.y_test, 0.5)
    constant = np.broadcast_to(task.y_train.mean(axis=0), task.y_test.shape)
    return {
        "task": task.name,
        "seed": seed,
        "half_test_loss": float(mse(half, task.y_test)),
        "constant_test_loss": float(mse(constant, task.y_test)),
    }


def _check_methods(methods: Any) -> list[str]:
    if not isinstance(methods, list) or not methods:
        raise ValidationError(f"params.methods must be a non-empty list. Got {methods!r}.")
    for m in methods:
        if m not in METHODS:
            raise ValidationError(
                f"params.methods must name methods among {list(METHODS)}. Got {m!r}."
            )
    return list(methods)


def _check_grid(grid: Any) -> tuple[float, ...]:
    ok = isinstance(grid, list) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in grid
    )
    if not ok:
        raise ValidationError(f"params.grid must be a list of numbers. Got {grid!r}.")
    return GridAlleles(tuple(float(v) for v in grid)).values


# ---------------------------------------------------------------------- reporting
def _final(table: pd.DataFrame) -> pd.DataFrame:
    """Each (method, task, seed)'s last row."""
    last = table.groupby(["method", "task", "seed"])["evaluations"].transform("max")
    return table[table["evaluations"] == last]


def _at_step(table: pd.DataFrame, step: int) -> pd.DataFrame:
    """Each (method, task, seed)'s row at the last recorded step <= ``step``."""
    part = table[table["step"] <= step]
    last = part.groupby(["method", "task", "seed"])["step"].transform("max")
    return part[part["step"] == last]


def _evaluations_to_reach(curve: pd.DataFrame, loss: float) -> float:
    """First evaluation count at which the seed-mean test loss is <= ``loss`` (NaN: never)."""
    mean = curve.groupby("evaluations")["test_loss"].mean()
    hit = mean[mean <= loss]
    return float(hit.index[0]) if len(hit) else float("nan")


def comparison_summary(table: pd.DataFrame, baselines: pd.DataFrame, params: dict[str, Any]) -> str:
    """The plain-words comparison: final numbers, and where evolution matches signSGD.

    "Competitive" means: evolution's seed-mean test loss is at most 10% above
    signSGD's at the same count (and, where accuracy is defined, its accuracy at most
    2 points below). When neither beats 0.9 × the test loss of the best constant
    output (the mean training target), there is no contest to call.
    """
    population, budget = params["population"], params["budget"]
    generations = budget // population
    final = _final(table)
    at_gen = _at_step(table, generations)
    evo = [m for m in table["method"].unique() if m in EVOLUTION_METHODS]
    lines = [
        f"NNevolution vs gradient methods: {params['seeds']} seeds, budget {budget} "
        f"evaluations (one evaluation = one net's forward pass on one minibatch of "
        f"{params['batch_size']}; a gradient step costs {params['gradient_step_cost']}, a "
        f"generation {population}). Evolution: {generations} generations of P = {population}, "
        f"epsilon {params['epsilon']}; grid {params['grid']}; offsets delta {params['delta']}, "
        f"fixation {params['fixation']}. Hidden layers {params['hidden']}.",
        "Final test loss (mean ± sd over seeds) [test accuracy] at the full budget:",
    ]
    for task, part in final.groupby("task", sort=False):
        base = baselines[baselines["task"] == task]
        cells = []
        for method, m in part.groupby("method", sort=False):
            acc = m["test_accuracy"]
            acc_text = f" [{acc.mean():.3f}]" if acc.notna().all() else ""
            cells.append(
                f"{method} {m['test_loss'].mean():.4f} ± {m['test_loss'].std(ddof=0):.4f}{acc_text}"
            )
        lines.append(
            f"  {task} (answer-1/2 {base['half_test_loss'].mean():.4f}, best constant "
            f"{base['constant_test_loss'].mean():.4f}): " + "; ".join(cells)
        )
    if "signsgd" not in set(table["method"]) or not evo:
        return "\n".join(lines)
    lines.append(
        "Is evolution competitive with signSGD? (competitive = test loss within 10% of "
        "signSGD's and accuracy within 2 points)"
    )
    verdicts = []
    for task in table["task"].unique():
        constant = baselines.loc[baselines["task"] == task, "constant_test_loss"].mean()
        for method in evo:
            verdicts.append(_verdict(table, final, at_gen, task, method, generations, constant))
            lines.append("  " + verdicts[-1].text)
    lines.append(_overall(verdicts, generations, budget))
    return "\n".join(lines)


@dataclass(frozen=True)
class _Verdict:
    task: str
    method: str
    text: str
    at_evaluations: str
    at_steps: str
    signsgd_steps: float  # signSGD steps to reach evolution's final loss (NaN: never; 0: start)
    accuracy: float


def _verdict(
    table: pd.DataFrame,
    final: pd.DataFrame,
    at_gen: pd.DataFrame,
    task: str,
    method: str,
    generations: int,
    constant: float,
) -> _Verdict:
    def pick(frame: pd.DataFrame, m: str) -> pd.DataFrame:
        return frame[(frame["task"] == task) & (frame["method"] == m)]

    def verdict(a: pd.DataFrame, b: pd.DataFrame) -> str:
        # "learned" = clearly better than the best input-independent answer
        if min(a["test_loss"].mean(), b["test_loss"].mean()) >= 0.9 * constant:
            return "no contest (neither beats the best constant output yet)"
        ok = a["test_loss"].mean() <= 1.1 * b["test_loss"].mean()
        if a["test_accuracy"].notna().all():
            ok = ok and a["test_accuracy"].mean() >= b["test_accuracy"].mean() - 0.02
        return "COMPETITIVE" if ok else "not competitive"

    e_fin, s_fin = pick(final, method), pick(final, "signsgd")
    e_gen, s_gen = pick(at_gen, method), pick(at_gen, "signsgd")
    evo_loss = e_fin["test_loss"].mean()
    evals = int(e_fin["evaluations"].max())
    signsgd = pick(table, "signsgd")
    need = _evaluations_to_reach(signsgd, evo_loss)
    if np.isfinite(need) and need > 0:
        steps = float(signsgd.loc[signsgd["evaluations"] == need, "step"].iloc[0])
        reach = (
            f"signSGD reaches evolution's final test loss after {steps:.0f} steps = {need:.0f} "
            f"evaluations; evolution took {generations / steps:.1f}x as many generations and "
            f"{evals / need:.0f}x as many evaluations"
        )
    elif need == 0:
        steps = 0.0
        reach = "evolution ends no better than the untrained starting net"
    else:
        steps = float("nan")
        reach = "signSGD never reaches it within the budget"
    acc = e_fin["test_accuracy"].mean()
    v_evals, v_steps = verdict(e_fin, s_fin), verdict(e_gen, s_gen)
    acc_text = f", accuracy {acc:.3f} vs {s_fin['test_accuracy'].mean():.3f}" if acc == acc else ""
    text = (
        f"{task}, {method}: equal evaluations ({evals}): {v_evals} (test loss {evo_loss:.4f} "
        f"vs {s_fin['test_loss'].mean():.4f}{acc_text}); equal steps ({generations} "
        f"generations vs {generations} signSGD steps): {v_steps} "
        f"({e_gen['test_loss'].mean():.4f} vs {s_gen['test_loss'].mean():.4f}); {reach}."
    )
    return _Verdict(task, method, text, v_evals, v_steps, steps, acc)


def _overall(verdicts: list[_Verdict], generations: int, budget: int) -> str:
    n = len(verdicts)
    by_evals = [v for v in verdicts if v.at_evaluations == "COMPETITIVE"]
    by_steps = [v for v in verdicts if v.at_steps == "COMPETITIVE"]
    names = ", ".join(f"{v.task}/{v.method}" for v in by_evals + by_steps) or "none"
    learned = [v for v in verdicts if v.signsgd_steps > 0]
    lines = [
        f"Overall: evolution is competitive with signSGD in {len(by_evals)} of {n} task/scheme "
        f"pairs at equal evaluations ({budget}) and in {len(by_steps)} of {n} at equal steps "
        f"({generations} generations vs {generations} steps) [{names}]."
    ]
    if learned:
        best = max(learned, key=lambda v: v.signsgd_steps)
        acc = f" (test accuracy {best.accuracy:.3f})" if best.accuracy == best.accuracy else ""
        lines.append(
            f"Its best showing: {best.task} with {best.method}{acc}, which signSGD matches "
            f"after {best.signsgd_steps:.0f} steps, {generations / best.signsgd_steps:.1f}x "
            f"fewer steps than evolution's {generations} generations and "
            f"{budget / best.signsgd_steps:.0f}x fewer evaluations."
        )
    return " ".join(lines)


LOSS_FLOOR = 1e-5
COLORS = {
    "evolution-grid": "C3",
    "evolution-offsets": "C1",
    "sgd": "C0",
    "signsgd": "C2",
    "fa": "C4",
    "signfa": "C5",
}


def learning_curve_figure(table: pd.DataFrame, baselines: pd.DataFrame) -> Any:
    """Test loss against evaluations and against steps, test accuracy: mean and min–max band."""
    tasks = list(dict.fromkeys(table["task"]))
    panels = (
        ("evaluations", "test_loss", "evaluations (forward passes on a minibatch)"),
        ("step", "test_loss", "steps (gradient) / generations (evolution)"),
        ("evaluations", "test_accuracy", "evaluations (forward passes on a minibatch)"),
    )
    fig, axes = new_figure(len(tasks), 3, size=(14.0, 3.6 * len(tasks)))
    for row, task in enumerate(tasks):
        part = table[table["task"] == task]
        base = baselines[baselines["task"] == task]
        for col, (x_col, y_col, x_label) in enumerate(panels):
            ax = axes[row, col]
            if part[y_col].isna().all():
                ax.text(
                    0.5,
                    0.5,
                    "accuracy undefined\n(regression)",
                    ha="center",
                    va="center",
                    transform=ax.transAxes,
                )
                ax.set_axis_off()
                continue
            for method, m in part.groupby("method", sort=False):
                stats = m.groupby(x_col)[y_col].agg(["mean", "min", "max"])
                x = np.maximum(stats.index.to_numpy(dtype=float), 0.8)
                color = COLORS.get(method)
                ax.plot(x, stats["mean"], color=color, label=method, linewidth=1.5)
                ax.fill_between(x, stats["min"], stats["max"], color=color, alpha=0.2)
            if y_col == "test_loss":
                ax.axhline(
                    base["half_test_loss"].mean(),
                    color="grey",
                    linestyle="--",
                    linewidth=1,
                    label="always 1/2",
                )
                ax.axhline(
                    base["constant_test_loss"].mean(),
                    color="black",
                    linestyle=":",
                    linewidth=1,
                    label="best constant",
                )
                ax.set_yscale("log")
                low = max(float(part[y_col].min()) / 1.5, LOSS_FLOOR)
                ax.set_ylim(low, 1.5 * max(float(part[y_col].max()), base["half_test_loss"].max()))
                ax.set_ylabel("test loss (MSE)")
            else:
                ax.set_ylabel("test accuracy")
                ax.set_ylim(0, 1.02)
            ax.set_xscale("log")
            ax.set_xlabel(x_label + " (0 drawn at 0.8)", fontsize=8)
            ax.set_title(f"{task}: {y_col.replace('_', ' ')} vs {x_col}", fontsize=10)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=8, fontsize=8)
    fig.suptitle(
        f"Lines: mean over seeds; bands: min–max over seeds; loss axes stop at {LOSS_FLOOR:g}",
        fontsize=10,
    )
    return fig


EXPERIMENTS = {
    "vs_signsgd": Experiment(
        name="vs_signsgd",
        description="NNevolution (grid, offsets) vs SGD, signSGD, FA, sign-FA on one budget",
        params={
            "tasks": Param(["teacher", "parity", "digits"], "tasks (teacher, parity, digits)"),
            "methods": Param(list(METHODS), f"methods among {list(METHODS)}"),
            "hidden": Param([16], "hidden layer sizes"),
            "seeds": Param(5, "independent seeds (data split, teacher, init, minibatches)", low=1),
            "budget": Param(20000, "evaluations per run (forward passes on a minibatch)", low=1),
            "batch_size": Param(32, "examples per minibatch", low=1),
            "population": Param(10, "P, genotypes per generation", low=2),
            "epsilon": Param(1.3, "selection strength in (0, 4/3)", low=0, high=MAX_EPSILON),
            "grid": Param([-1.0, -0.5, 0.0, 0.5, 1.0], "allele values of the grid scheme"),
            "delta": Param(0.4, "offset and step of the offsets scheme", low=0),
            "fixation": Param(
                0.55, "probability at which an offset allele fixes", low=0.5, high=1.0
            ),
            "lr_sgd": Param(3.0, "learning rate of SGD", low=0),
            "lr_signsgd": Param(0.003, "step size of signSGD", low=0),
            "lr_fa": Param(3.0, "learning rate of feedback alignment", low=0),
            "lr_signfa": Param(0.003, "step size of sign-FA", low=0),
            "gradient_step_cost": Param(1, "evaluations charged per gradient step", low=1),
            "points": Param(30, "log-spaced checkpoints", low=2),
        },
        run=comparison_experiment,
        quick={"seeds": 2, "budget": 600, "points": 6},
    )
}
