"""Feedback alignment measured: how FA's updates and weights come to align over training.

Pieces:
    alignment_experiment: FA (and backprop alongside) on each task and seed; at
        log-spaced checkpoints the angle between FA's update and the true gradient, the
        angle between W and Bᵀ, and the losses.
    alignment_run: one task and seed of it (a run of :func:`~neuroagents.sweeps.sweep`).
    alignment_headlines: the final angles and scores per task, for the run's summary.
    EXPERIMENTS: ``feedback_alignment`` (``runs/feedback_alignment.toml``) for model
        ``learning``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.learning.feedforward import LayeredNet
from neuroagents.models.learning.figures import alignment_figure
from neuroagents.models.learning.plausible import GradientLearner, alignment_angle, update_angle
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
from neuroagents.runner.summaries import Headline, exact, mean_of

__all__ = [
    "EXPERIMENTS",
    "alignment_experiment",
    "alignment_headlines",
    "alignment_run",
    "final_angles_below_right",
]

#: The columns of the alignment table, in order.
COLUMNS = (
    "task",
    "seed",
    "step",
    "update_angle",
    "weight_angle",
    "train_loss",
    "test_loss",
    "test_accuracy",
    "backprop_test_loss",
    "backprop_test_accuracy",
)
# The experiment's parameters that every (task, seed) run reads as they are.
RUN_PARAMS = ("steps", "batch_size", "lr", "points", "probe")


def alignment_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Train by FA on each task; track the update angle and the W–Bᵀ angle.

    For every task and seed: a net from :func:`~neuroagents.connectome.builders.layered`, a fixed
    random B, ``steps`` FA steps on minibatches. At log-spaced checkpoints, on a probe
    set (the first ``probe`` training examples), the angle between FA's update and the
    true gradient of the hidden layers, the angle between the forward weights above the
    first layer and ``Bᵀ``, and the losses. Backprop is trained alongside on the same
    minibatches for reference.
    """
    tasks = check_task_names(params.tasks)
    hidden = check_hidden_sizes(params.hidden)
    runs = sweep_trials(
        alignment_run,
        {"task": tasks},
        {**{k: params[k] for k in RUN_PARAMS}, "hidden": hidden},
        params,
        rng,
    )
    table = runs[list(COLUMNS)].reset_index(drop=True)
    return ExperimentResult(
        table=table,
        summary=_alignment_summary(table, params),
        figures={"feedback_alignment": partial(alignment_figure, table)},
    )


def alignment_run(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """FA and backprop on one task and seed: the rows of :func:`alignment_experiment`.

    One task (``params["task"]``) and seed, run by :func:`neuroagents.sweeps.sweep`; the
    run's generator draws the data, the starting net, the minibatches and FA's B.
    """
    marks = checkpoints(params["steps"], params["points"])
    data_ss, init_ss, batch_ss, fb_ss = rng.bit_generator.seed_seq.spawn(4)
    task, sizes = make_task(params["task"], params["hidden"], rng=np.random.default_rng(data_ss))
    net = LayeredNet.random(sizes, rng=np.random.default_rng(init_ss))
    probe_x = task.x_train[: params["probe"]]
    probe_y = task.y_train[: params["probe"]]
    fa = GradientLearner(net, "fa", params["lr"], rng=np.random.default_rng(fb_ss))
    bp = GradientLearner(net, "sgd", params["lr"])
    batches = Minibatches(len(task.x_train), params["batch_size"], rng=batch_ss)
    rows = []
    for step in range(params["steps"] + 1):
        if step in marks:
            rows.append(_alignment_row(task, step, fa, bp, probe_x, probe_y))
        if step == params["steps"]:
            break
        idx = batches.next()
        fa.step(task.x_train[idx], task.y_train[idx])
        bp.step(task.x_train[idx], task.y_train[idx])
    return pd.DataFrame(rows)


def _alignment_row(
    task: Task,
    step: int,
    fa: GradientLearner,
    bp: GradientLearner,
    probe_x: np.ndarray,
    probe_y: np.ndarray,
) -> dict[str, Any]:
    fa_out, bp_out = fa.net.forward(task.x_test), bp.net.forward(task.x_test)
    return {
        "step": step,
        "update_angle": update_angle(fa, probe_x, probe_y),
        "weight_angle": alignment_angle(fa.net, fa.feedback),
        "train_loss": fa.net.loss(task.x_train, task.y_train),
        "test_loss": float(np.mean((fa_out - task.y_test) ** 2)),
        "test_accuracy": task.accuracy(fa_out, task.y_test),
        "backprop_test_loss": float(np.mean((bp_out - task.y_test) ** 2)),
        "backprop_test_accuracy": task.accuracy(bp_out, task.y_test),
    }


def _alignment_summary(table: pd.DataFrame, params: dict[str, Any]) -> str:
    lines = [
        f"Feedback alignment: {params['seeds']} seeds per task, {params['steps']} steps of "
        f"minibatch {params['batch_size']}, lr {params['lr']}, hidden layers {params['hidden']}.",
        "Angles in degrees (mean ± sd over seeds): FA's hidden-layer update vs the true "
        "gradient, and W vs Bᵀ above the first layer.",
    ]
    for task, part in table.groupby("task", sort=False):
        first = part[part["step"] == part["step"].min()]
        last = part[part["step"] == part["step"].max()]
        lines.append(
            f"  {task}: update angle {_ms(first['update_angle'])} at step 0 -> "
            f"{_ms(last['update_angle'])} at step {int(last['step'].iloc[0])}; W–Bᵀ angle "
            f"{_ms(first['weight_angle'])} -> {_ms(last['weight_angle'])}; test loss "
            f"FA {_ms(last['test_loss'], 4)} vs backprop {_ms(last['backprop_test_loss'], 4)}"
            + (
                f"; test accuracy FA {_ms(last['test_accuracy'], 3)} vs backprop "
                f"{_ms(last['backprop_test_accuracy'], 3)}"
                if last["test_accuracy"].notna().all()
                else ""
            )
            + "."
        )
    below = final_angles_below_right(table)
    lines.append(
        "Every seed's final update angle is below 90°: "
        + ", ".join(
            f"{task} {'yes' if row.below else 'NO'} (max {row.max_angle:.1f}°)"
            for task, row in below.iterrows()
        )
        + "."
    )
    return "\n".join(lines)


def final_angles_below_right(table: pd.DataFrame) -> pd.DataFrame:
    """Per task, whether every seed's update angle at its last step is below 90°.

    An angle below 90° between FA's update and the true gradient means the update still
    descends the loss (Lillicrap et al. 2016); the claim is per seed, so one seed at or
    above 90° makes the task's answer False.

    Args:
        table: the alignment table (columns ``task``, ``seed``, ``step``,
            ``update_angle``).

    Returns:
        A frame indexed by task with ``max_angle`` (the largest final angle over seeds,
        degrees) and ``below`` (bool).

    Examples:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"task": ["a", "a", "b", "b"], "seed": [0, 1, 0, 1],
        ...                   "step": [10, 10, 10, 10], "update_angle": [40.0, 60.0, 80.0, 95.0]})
        >>> final_angles_below_right(t)["below"].to_dict()
        {'a': True, 'b': False}
    """
    last = table[table["step"] == table.groupby(["task", "seed"])["step"].transform("max")]
    max_angle = last.groupby("task", sort=False)["update_angle"].max()
    return pd.DataFrame({"max_angle": max_angle, "below": max_angle < 90.0})


def alignment_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Per task, the final angles and test scores, mean over seeds with their s/sqrt(seeds).

    Named ``<task>.update_angle``, ``<task>.weight_angle`` (degrees), ``<task>.test_loss``,
    ``<task>.backprop_test_loss``, ``<task>.test_accuracy`` and
    ``<task>.backprop_test_accuracy`` (tasks with classes), and ``<task>.max_update_angle``
    (the largest final angle over seeds: below 90 on every seed is the claim).
    """
    table = result.table
    last = table[table["step"] == table.groupby(["task", "seed"])["step"].transform("max")]
    out: dict[str, Headline] = {}
    for task, part in last.groupby("task", sort=False):
        for column in ("update_angle", "weight_angle", "test_loss", "backprop_test_loss",
                       "test_accuracy", "backprop_test_accuracy"):  # fmt: skip
            if part[column].notna().all():
                out[f"{task}.{column}"] = mean_of(part[column], f"{task}: final {column}")
        out[f"{task}.max_update_angle"] = exact(
            part["update_angle"].max(), f"{task}: largest final update angle over seeds (deg)",
            n=len(part),
        )  # fmt: skip
    return out


def _ms(values: pd.Series, digits: int = 1) -> str:
    return f"{values.mean():.{digits}f} ± {values.std(ddof=0):.{digits}f}"


EXPERIMENTS = {
    "feedback_alignment": Experiment(
        name="feedback_alignment",
        description="FA on each task: update-vs-gradient angle and W-vs-Bᵀ angle over training",
        params={
            "tasks": Param(["teacher", "parity", "digits"], "tasks (teacher, parity, digits)"),
            "hidden": Param([32], "hidden layer sizes"),
            "steps": Param(5000, "FA steps", low=1),
            "batch_size": Param(32, "examples per minibatch", low=1),
            "lr": Param(3.0, "learning rate of FA (and of the backprop reference)", low=0),
            "points": Param(40, "log-spaced checkpoints", low=2),
            "probe": Param(512, "training examples the angles are measured on", low=1),
            **sweep_params(5, "independent seeds per task"),
        },
        run=alignment_experiment,
        headlines=alignment_headlines,
        quick={"seeds": 2, "steps": 200, "points": 8, "probe": 128, "backend": "serial"},
    )
}
