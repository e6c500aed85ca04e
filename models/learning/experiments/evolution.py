"""NNevolution against signSGD: the comparison on one budget of evaluations, told and drawn.

NNevolution (:mod:`~neuroagents.models.learning.evolution`) and the gradient rules of
:mod:`~neuroagents.models.learning.plausible` train the same nets on the same tasks
(:mod:`~neuroagents.models.learning.tasks`) from the same start and minibatches, until
each has spent the same number of evaluations (forward passes on a minibatch).

Pieces:
    METHODS: the methods of the comparison, by name.
    comparison_experiment: every method on every task and seed; a tidy table of test
        loss and accuracy against evaluations and steps.
    comparison_run: one task and seed of it (a run of :func:`~neuroagents.sweeps.sweep`).
    comparison_summary: the plain-words comparison: final numbers, and where evolution
        matches signSGD at equal evaluations and at equal steps.
    EXPERIMENTS: ``vs_signsgd`` (``runs/evolution_vs_signsgd.toml``) for model ``learning``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError
from neuroagents.models.learning.evolution import (
    MAX_EPSILON,
    AlleleScheme,
    GenerationReport,
    GridAlleles,
    NNEvolution,
    OffsetAlleles,
)
from neuroagents.models.learning.feedforward import LayeredNet, mse
from neuroagents.models.learning.figures import learning_curve_figure
from neuroagents.models.learning.plausible import GradientLearner
from neuroagents.models.learning.tasks import (
    Minibatches,
    Task,
    check_hidden_sizes,
    check_task_names,
    checkpoints,
    make_task,
)
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    sweep_params,
    sweep_trials,
)

__all__ = [
    "EXPERIMENTS",
    "METHODS",
    "comparison_experiment",
    "comparison_run",
    "comparison_summary",
    "competitive_verdict",
]


#: The methods of the comparison, by name.
METHODS = ("evolution-grid", "evolution-offsets", "sgd", "signsgd", "fa", "signfa")
EVOLUTION_METHODS = {"evolution-grid": "grid", "evolution-offsets": "offsets"}
#: The columns of the comparison table, in order.
COLUMNS = (
    "method",
    "task",
    "seed",
    "step",
    "evaluations",
    "train_loss",
    "test_loss",
    "test_accuracy",
    "minibatch_loss",
)
BASELINES = ("half_test_loss", "constant_test_loss")
# The experiment's parameters that every (task, seed) run reads as they are.
RUN_PARAMS = (
    "budget",
    "batch_size",
    "population",
    "epsilon",
    "delta",
    "fixation",
    "lr_sgd",
    "lr_signsgd",
    "lr_fa",
    "lr_signfa",
    "gradient_step_cost",
    "points",
)


def comparison_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
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
    tasks = check_task_names(params.tasks)
    methods = _check_methods(params.methods)
    hidden = check_hidden_sizes(params.hidden)
    grid = _check_grid(params.grid)
    population, budget = params.population, params.budget
    if budget < population:
        raise ValidationError(
            f"params.budget must be >= params.population ({population}) so that evolution "
            f"can run one generation. Got {budget}."
        )
    runs = sweep_trials(
        comparison_run,
        {"task": tasks},
        {
            **{k: params[k] for k in RUN_PARAMS},
            "methods": methods,
            "hidden": hidden,
            "grid": list(grid),
        },
        params,
        rng,
    )
    table = runs[list(COLUMNS)].reset_index(drop=True)
    first = runs.drop_duplicates(["task", "seed"])
    baseline_table = first[["task", "seed", *BASELINES]].reset_index(drop=True)
    return ExperimentResult(
        table=table,
        summary=comparison_summary(table, baseline_table, params),
        figures={"learning_curves": partial(learning_curve_figure, table, baseline_table)},
        tables={"baselines": baseline_table},
    )


def comparison_run(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Every method on one task and seed: the rows of :func:`comparison_experiment`.

    One task (``params["task"]``) and seed, run by :func:`neuroagents.sweeps.sweep`; the
    run's generator draws the data, the starting net, the minibatch sequence (the same
    for every method) and each method's own randomness. Every row also carries the
    task's baselines (:func:`_baselines`).
    """
    population, budget = params["population"], params["budget"]
    eval_marks = checkpoints(budget, params["points"], every=population)
    step_marks = np.unique(eval_marks // population)
    grid = tuple(params["grid"])
    data_ss, init_ss, batch_ss, method_ss = rng.bit_generator.seed_seq.spawn(4)
    task, sizes = make_task(params["task"], params["hidden"], rng=np.random.default_rng(data_ss))
    start = LayeredNet.random(sizes, rng=np.random.default_rng(init_ss))
    methods = params["methods"]
    rows: list[dict[str, Any]] = []
    for method, m_ss in zip(methods, method_ss.spawn(len(methods)), strict=True):
        learner = _make_learner(method, start, params, grid, m_ss)
        per_step = population if method in EVOLUTION_METHODS else params["gradient_step_cost"]
        # A fresh stream from the same seed: every method sees the same minibatches.
        batches = Minibatches(len(task.x_train), params["batch_size"], rng=batch_ss)
        rows += _train(learner, task, batches, method, budget, per_step, eval_marks, step_marks)
    return pd.DataFrame(rows).assign(**_baselines(task))


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
    budget: int,
    per_step: int,
    eval_marks: np.ndarray,
    step_marks: np.ndarray,
) -> list[dict[str, Any]]:
    rows = [_measure(learner, task, method, 0, 0, float("nan"))]
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
            rows.append(_measure(learner, task, method, step, evaluations, minibatch_loss))
    return rows


def _measure(
    learner: NNEvolution | GradientLearner,
    task: Task,
    method: str,
    step: int,
    evaluations: int,
    minibatch_loss: float,
) -> dict[str, Any]:
    net = learner.network()
    out = net.forward(task.x_test)
    return {
        "method": method,
        "step": step,
        "evaluations": evaluations,
        "train_loss": net.loss(task.x_train, task.y_train),
        "test_loss": float(mse(out, task.y_test)),
        "test_accuracy": task.accuracy(out, task.y_test),
        "minibatch_loss": float(minibatch_loss),
    }


def _baselines(task: Task) -> dict[str, float]:
    """Test losses of two nets that ignore their input: 1/2 always, the mean training target."""
    half = np.full_like(task.y_test, 0.5)
    constant = np.broadcast_to(task.y_train.mean(axis=0), task.y_test.shape)
    return {
        "half_test_loss": float(mse(half, task.y_test)),
        "constant_test_loss": float(mse(constant, task.y_test)),
    }


def _check_methods(methods: Any) -> list[str]:
    if not isinstance(methods, list | tuple) or not methods:
        raise ValidationError(f"params.methods must be a non-empty list. Got {methods!r}.")
    for m in methods:
        if m not in METHODS:
            raise ValidationError(
                f"params.methods must name methods among {list(METHODS)}. Got {m!r}."
            )
    return list(methods)


def _check_grid(grid: Any) -> tuple[float, ...]:
    ok = isinstance(grid, list | tuple) and all(
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


COMPETITIVE = "COMPETITIVE"
NOT_COMPETITIVE = "not competitive"
NO_CONTEST = "no contest (neither beats the best constant output yet)"


def competitive_verdict(
    evo_loss: float,
    sgd_loss: float,
    evo_accuracy: float | None,
    sgd_accuracy: float | None,
    constant_loss: float,
) -> str:
    """Whether evolution is competitive with signSGD, from their mean test losses.

    Competitive means a test loss at most 1.1 times signSGD's and, where both have an
    accuracy, an accuracy at most 2 points below it. Neither method has learned while
    both losses are at least 0.9 times the best input-independent (constant) answer's;
    then there is no contest.

    Args:
        evo_loss: evolution's mean test loss.
        sgd_loss: signSGD's mean test loss.
        evo_accuracy: evolution's mean test accuracy, or None for a regression task.
        sgd_accuracy: signSGD's mean test accuracy, or None.
        constant_loss: the test loss of the best constant output.

    Returns:
        ``COMPETITIVE``, ``NOT_COMPETITIVE`` or ``NO_CONTEST``.

    Examples:
        >>> competitive_verdict(0.105, 0.100, None, None, 0.25)
        'COMPETITIVE'
        >>> competitive_verdict(0.12, 0.100, None, None, 0.25)
        'not competitive'
        >>> competitive_verdict(0.10, 0.10, 0.90, 0.93, 0.25)
        'not competitive'
        >>> competitive_verdict(0.24, 0.23, None, None, 0.25)
        'no contest (neither beats the best constant output yet)'
    """
    if min(evo_loss, sgd_loss) >= 0.9 * constant_loss:
        return NO_CONTEST
    ok = evo_loss <= 1.1 * sgd_loss
    if evo_accuracy is not None and sgd_accuracy is not None:
        ok = ok and evo_accuracy >= sgd_accuracy - 0.02
    return COMPETITIVE if ok else NOT_COMPETITIVE


@dataclass(frozen=True)
class _Verdict:
    task: str
    method: str
    text: str
    at_evaluations: str
    at_steps: str
    signsgd_steps: float  # signSGD steps to reach evolution's final loss (NaN: never; 0: start)
    signsgd_evaluations: float  # the evaluations those steps cost
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
        return competitive_verdict(
            a["test_loss"].mean(),
            b["test_loss"].mean(),
            a["test_accuracy"].mean() if a["test_accuracy"].notna().all() else None,
            b["test_accuracy"].mean() if b["test_accuracy"].notna().all() else None,
            constant,
        )

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
    return _Verdict(task, method, text, v_evals, v_steps, steps, need, acc)


def _overall(verdicts: list[_Verdict], generations: int, budget: int) -> str:
    n = len(verdicts)
    by_evals = [v for v in verdicts if v.at_evaluations == COMPETITIVE]
    by_steps = [v for v in verdicts if v.at_steps == COMPETITIVE]
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
            f"after {best.signsgd_steps:.0f} steps, "
            f"{_times(best.signsgd_steps, generations, 'steps')} than evolution's "
            f"{generations} generations and "
            f"{_times(best.signsgd_evaluations, budget, 'evaluations')} than its {budget}."
        )
    return " ".join(lines)


def _times(ours: float, theirs: float, unit: str) -> str:
    """``"4.0x fewer steps"`` or ``"2.5x more steps"``: the ratio never below 1, never inverted."""
    if ours == theirs:
        return f"as many {unit}"
    if ours < theirs:
        return f"{theirs / ours:.1f}x fewer {unit}"
    return f"{ours / theirs:.1f}x more {unit}"


def _headlines(result: ExperimentResult, params: Any) -> dict[str, Any]:
    # Imported here: comparison_headlines reads this module's verdict helpers.
    from neuroagents.models.learning.experiments.comparison_headlines import (
        comparison_headlines,
    )

    return comparison_headlines(result, params)


EXPERIMENTS = {
    "vs_signsgd": Experiment(
        name="vs_signsgd",
        description="NNevolution (grid, offsets) vs SGD, signSGD, FA, sign-FA on one budget",
        params={
            "tasks": Param(["teacher", "parity", "digits"], "tasks (teacher, parity, digits)"),
            "methods": Param(list(METHODS), f"methods among {list(METHODS)}"),
            "hidden": Param([16], "hidden layer sizes"),
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
            **sweep_params(5, "independent seeds (data split, teacher, init, minibatches)"),
        },
        run=comparison_experiment,
        headlines=_headlines,
        quick={"seeds": 2, "budget": 600, "points": 6, "backend": "serial"},
    )
}
