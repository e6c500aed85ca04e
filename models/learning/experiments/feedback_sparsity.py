"""Question 1: can the feedback weights' freedom buy sparsity? FA with sparse or low-rank B.

"Can we use the extra degree of freedom in the feedback weights for another goal, for
example sparsity?" Feedback alignment only needs *some* fixed B; this experiment trains
the same nets on the same minibatches with B of decreasing density (each entry kept
with probability d, random sign, rescaled by 1/√d so only the sparsity changes),
with B of low rank, and with sign-concordant B (``|B| ⊙ sign(Wᵀ)``, Liao et al. 2016),
beside backprop, and measures final accuracy, steps to a target accuracy and the
angle between W and (the effective) Bᵀ.

Pieces:
    conditions: the list of feedback conditions a config asks for.
    sparsity_run: one task and seed: every condition trained and measured.
    sparsity_experiment, FEEDBACK_SPARSITY: the experiment ``feedback_sparsity``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis import summarize
from neuroagents.errors import ValidationError
from neuroagents.models.learning.experiments.question_headlines import sparsity_headlines
from neuroagents.models.learning.experiments.training import start_run, steps_to_target, train_curve
from neuroagents.models.learning.figures_questions import sparsity_figure
from neuroagents.models.learning.plausible import (
    GradientLearner,
    alignment_angle,
    structured_feedback,
)
from neuroagents.models.learning.tasks import check_hidden_sizes, check_task_names
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    sweep_params,
    sweep_trials,
)

__all__ = ["FEEDBACK_SPARSITY", "conditions", "sparsity_experiment", "sparsity_run"]

RUN_PARAMS = ("densities", "ranks", "concordant", "steps", "batch_size", "lr", "every", "target")


def conditions(densities: list[float], ranks: list[int], concordant: bool) -> list[dict[str, Any]]:
    """Backprop, FA at each density, FA at each rank, and sign-concordant FA.

    Examples:
        >>> [c["condition"] for c in conditions([1.0, 0.1], [2], True)]
        ['backprop', 'FA d=1', 'FA d=0.1', 'FA rank 2', 'FA sign-concordant']
    """
    for d in densities:
        if not 0 < d <= 1:
            raise ValidationError(f"params.densities must lie in (0, 1]. Got {d!r}.")
    out = [{"condition": "backprop", "kind": "backprop", "density": 1.0, "rank": 0}]
    out += [
        {"condition": f"FA d={d:g}", "kind": "density", "density": d, "rank": 0} for d in densities
    ]
    out += [{"condition": f"FA rank {r}", "kind": "rank", "density": 1.0, "rank": r} for r in ranks]
    if concordant:
        out.append(
            {"condition": "FA sign-concordant", "kind": "concordant", "density": 1.0, "rank": 0}
        )
    return out


def _effective_feedback(learner: GradientLearner) -> list[np.ndarray]:
    if learner.concordant:
        pairs = zip(learner.feedback, learner.net.weights[1:], strict=True)
        return [np.abs(b) * np.sign(w.T) for b, w in pairs]
    return learner.feedback


def _angle(learner: GradientLearner) -> dict[str, float]:
    if learner.feedback is None:
        return {"weight_angle": float("nan")}
    return {"weight_angle": alignment_angle(learner.net, _effective_feedback(learner))}


def sparsity_run(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Every feedback condition on one task and seed; rows every ``every`` steps.

    All conditions start from one net and see one minibatch sequence; each FA
    condition draws its B from its own seed (so ``d=1`` is plain FA).
    """
    conds = conditions(params["densities"], params["ranks"], params["concordant"])
    start = start_run(params["task"], params["hidden"], len(conds), rng)
    parts = []
    for cond, seed in zip(conds, start.method_seeds, strict=True):
        gen = np.random.default_rng(seed)
        if cond["kind"] == "backprop":
            learner = GradientLearner(start.net, "sgd", params["lr"])
        else:
            rank = cond["rank"] or None
            fb = structured_feedback(start.net, gen, density=cond["density"], rank=rank)
            concordant = cond["kind"] == "concordant"
            learner = GradientLearner(
                start.net, "fa", params["lr"], feedback=fb, concordant=concordant
            )
        curve = train_curve(
            learner,
            start,
            steps=params["steps"],
            batch_size=params["batch_size"],
            every=params["every"],
            extra=_angle,
        )
        parts.append(curve.assign(**cond))
    return pd.concat(parts, ignore_index=True)


def _finals(table: pd.DataFrame, target: float) -> pd.DataFrame:
    rows = []
    for (task, seed, cond), curve in table.groupby(["task", "seed", "condition"], sort=False):
        last = curve.iloc[-1]
        rows.append(
            {
                "task": task,
                "seed": seed,
                "condition": cond,
                "kind": last["kind"],
                "density": last["density"],
                "rank": last["rank"],
                "final_accuracy": last["test_accuracy"],
                "steps_to_target": steps_to_target(curve, target),
                "weight_angle": last["weight_angle"],
            }
        )
    return pd.DataFrame(rows)


def sparsity_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """FA with sparse, low-rank and sign-concordant feedback against backprop.

    Tables: the curves (``results.parquet``), one row per run (``finals``) and mean ±
    sem over seeds per task and condition (``summary``: ``steps_to_target_count`` is
    how many seeds reached the target; the mean is over those).
    """
    tasks = check_task_names(params.tasks)
    hidden = check_hidden_sizes(params.hidden)
    runs = sweep_trials(
        sparsity_run,
        {"task": tasks},
        {**{k: params[k] for k in RUN_PARAMS}, "hidden": hidden},
        params,
        rng,
    )
    cols = ["task", "seed", "condition", "kind", "density", "rank", "step"]
    table = runs[[*cols, "test_accuracy", "test_loss", "weight_angle"]]
    finals = _finals(table, params.target)
    summary = summarize(
        finals,
        ["task", "kind", "condition", "density", "rank"],
        ["final_accuracy", "steps_to_target", "weight_angle"],
        quantiles=(),
    )
    order = {c: k for k, c in enumerate(dict.fromkeys(finals["condition"]))}
    summary = summary.sort_values(
        ["task", "condition"],
        key=lambda c: (
            c.map(order, na_action=None)
            if c.name == "condition"
            else c.map({t: k for k, t in enumerate(tasks)})
        ),
    )
    summary = summary.reset_index(drop=True)
    return ExperimentResult(
        table=table,
        summary=_summary_text(summary, params),
        figures={"questions_feedback_sparsity": partial(sparsity_figure, summary, params.target)},
        tables={"finals": finals, "summary": summary},
    )


def _summary_text(summary: pd.DataFrame, params: dict[str, Any]) -> str:
    lines = [
        f"FA with structured feedback: {params['seeds']} seeds, {params['steps']} steps of "
        f"minibatch {params['batch_size']}, lr {params['lr']}, hidden {params['hidden']}; "
        f"target accuracy {params['target']} (mean ± sem over seeds).",
    ]
    for task, part in summary.groupby("task", sort=False):
        lines.append(f"  {task}:")
        for _, r in part.iterrows():
            reached = int(r["steps_to_target_count"])
            steps = (
                f"{r['steps_to_target_mean']:.0f} ± {r['steps_to_target_sem']:.0f}"
                if reached
                else "never"
            )
            lines.append(
                f"    {r['condition']:<20} accuracy {r['final_accuracy_mean']:.3f} ± "
                f"{r['final_accuracy_sem']:.3f}; steps to target {steps} "
                f"({reached}/{int(r['final_accuracy_count'])} seeds); ∠(W, Bᵀ) "
                f"{r['weight_angle_mean']:.1f}°"
            )
    return "\n".join(lines)


FEEDBACK_SPARSITY = Experiment(
    name="feedback_sparsity",
    description="FA with sparse, low-rank and sign-concordant feedback B vs backprop",
    params={
        "tasks": Param(["digits", "parity"], "tasks (teacher, parity, digits)"),
        "hidden": Param([32], "hidden layer sizes"),
        "densities": Param(
            [1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01],
            "fractions of non-zero entries of B",
            low=0,
            high=1,
        ),
        "ranks": Param([1, 2, 4], "ranks of low-rank B", low=1),
        "concordant": Param(True, "also train with sign-concordant B"),
        "steps": Param(5000, "training steps", low=1),
        "batch_size": Param(32, "examples per minibatch", low=1),
        "lr": Param(3.0, "learning rate (every condition)", low=0),
        "every": Param(25, "measure every this many steps", low=1),
        "target": Param(0.9, "the target test accuracy", low=0, high=1),
        **sweep_params(5, "independent seeds per task"),
    },
    run=sparsity_experiment,
    headlines=sparsity_headlines,
    quick={
        "seeds": 2,
        "steps": 200,
        "every": 50,
        "densities": [1.0, 0.1],
        "ranks": [1],
        "backend": "serial",
    },
)
