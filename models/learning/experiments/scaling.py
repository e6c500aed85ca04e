"""Question 4: is training with random feedback slower, and does it scale like backprop?

"Is training slower in any way? Does it scale as well as backprop?" FA and backprop
train the same digits nets from the same start on the same minibatches, as depth grows
(1 to 4 hidden layers of ``depth_width`` units) and as width grows (one hidden layer of
``widths`` units). Each run stops when its test accuracy first reaches ``target``
(measured every ``every`` steps) or after ``steps`` steps; the table gives the steps
it took and, for FA, the angle between ``W_l`` and ``B_lᵀ`` of every layer above the
first as training goes.

Pieces:
    architectures: the nets of the two series.
    scaling_run: one architecture and seed, FA and backprop.
    scaling_experiment, SCALING: the experiment ``scaling``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis import summarize
from neuroagents.models.learning.experiments.question_headlines import scaling_headlines
from neuroagents.models.learning.experiments.training import start_run, steps_to_target, train_curve
from neuroagents.models.learning.figures_questions import scaling_figure
from neuroagents.models.learning.plausible import GradientLearner, layer_alignment_angles
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    sweep_params,
    sweep_trials,
)

__all__ = ["SCALING", "architectures", "scaling_experiment", "scaling_run"]

METHODS = ("backprop", "fa")
RUN_PARAMS = ("steps", "batch_size", "lr", "every", "target")


def architectures(depths: list[int], depth_width: int, widths: list[int]) -> list[dict[str, Any]]:
    """The depth series and the width series, as hidden-layer lists.

    Examples:
        >>> [a["hidden"] for a in architectures([1, 2], 8, [4])]
        [[8], [8, 8], [4]]
    """
    out = [
        {"series": "depth", "depth": d, "width": depth_width, "hidden": [depth_width] * d}
        for d in depths
    ]
    out += [{"series": "width", "depth": 1, "width": w, "hidden": [w]} for w in widths]
    return out


def _angles(learner: GradientLearner) -> dict[str, float]:
    if learner.feedback is None:
        return {}
    angles = layer_alignment_angles(learner.net, learner.feedback)
    return {f"angle_{layer}": a for layer, a in enumerate(angles, start=2)}


def scaling_run(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """FA and backprop on one architecture and seed, each until the target or ``steps``."""
    arch = params["archs"][params["arch"]]
    start = start_run("digits", arch["hidden"], len(METHODS), rng)
    target = params["target"]

    def reached(learner: GradientLearner) -> bool:
        out = learner.net.forward(start.task.x_test)
        return start.task.accuracy(out, start.task.y_test) >= target

    parts = []
    for method, seed in zip(METHODS, start.method_seeds, strict=True):
        rule = "sgd" if method == "backprop" else "fa"
        learner = GradientLearner(start.net, rule, params["lr"], rng=np.random.default_rng(seed))
        curve = train_curve(
            learner,
            start,
            steps=params["steps"],
            batch_size=params["batch_size"],
            every=params["every"],
            extra=_angles,
            stop=reached,
        )
        parts.append(
            curve.assign(
                method=method, series=arch["series"], depth=arch["depth"], width=arch["width"]
            )
        )
    return pd.concat(parts, ignore_index=True)


def scaling_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Steps to a target accuracy for FA and backprop against depth and width.

    Tables: the curves (``results.parquet``), FA's per-layer angles in long form
    (``angles``), one row per run (``finals``) and mean ± sem over seeds (``summary``;
    ``steps_to_target_count`` seeds reached the target, the mean is over them).
    """
    archs = architectures(params.depths, params.depth_width, params.widths)
    runs = sweep_trials(
        scaling_run,
        {"arch": list(range(len(archs)))},
        {**{k: params[k] for k in RUN_PARAMS}, "archs": archs},
        params,
        rng,
    )
    angle_cols = sorted(c for c in runs.columns if c.startswith("angle_"))
    keys = ["series", "depth", "width", "seed", "method"]
    table = runs[[*keys, "step", "test_accuracy", "test_loss", *angle_cols]]
    angles = (
        table[table["method"] == "fa"]
        .melt(id_vars=[*keys, "step"], value_vars=angle_cols, var_name="layer", value_name="angle")
        .dropna(subset=["angle"])
    )
    angles["layer"] = angles["layer"].str.removeprefix("angle_").astype(int)
    rows = []
    for key, curve in table.groupby(keys, sort=False):
        rows.append(
            {
                **dict(zip(keys, key, strict=True)),
                "steps_to_target": steps_to_target(curve, params.target),
                "final_accuracy": curve["test_accuracy"].iloc[-1],
                "steps_run": int(curve["step"].iloc[-1]),
            }
        )
    finals = pd.DataFrame(rows)
    summary = summarize(
        finals,
        ["series", "depth", "width", "method"],
        ["steps_to_target", "final_accuracy"],
        quantiles=(),
    )
    return ExperimentResult(
        table=table,
        summary=_summary_text(summary, angles, params),
        figures={"questions_scaling": partial(scaling_figure, summary, angles, params.steps)},
        tables={"angles": angles.reset_index(drop=True), "finals": finals, "summary": summary},
    )


def _summary_text(summary: pd.DataFrame, angles: pd.DataFrame, params: dict[str, Any]) -> str:
    lines = [
        f"FA vs backprop on the digits: {params['seeds']} seeds; steps to {params['target']} "
        f"test accuracy (measured every {params['every']}, at most {params['steps']} steps), "
        "mean ± sem over the seeds that reached it.",
    ]
    for _, r in summary.iterrows():
        n, total = int(r["steps_to_target_count"]), int(r["final_accuracy_count"])
        steps = f"{r['steps_to_target_mean']:.0f} ± {r['steps_to_target_sem']:.0f}" if n else "—"
        lines.append(
            f"  {r['series']} series: {int(r['depth'])} x {int(r['width']):>3} "
            f"{r['method']:<8}: {steps} steps ({n}/{total} reached); accuracy at stop "
            f"{r['final_accuracy_mean']:.3f}"
        )
    last = angles.sort_values("step").groupby(["depth", "width", "seed", "layer"]).tail(1)
    per_layer = last[last["depth"] == last["depth"].max()].groupby("layer")["angle"]
    lines.append(
        f"  FA's ∠(W_l, B_lᵀ) at the end, {int(last['depth'].max())} hidden layers: "
        + ", ".join(f"layer {k} {v.mean():.1f}°" for k, v in per_layer)
    )
    return "\n".join(lines)


SCALING = Experiment(
    name="scaling",
    description="steps to a target accuracy, FA vs backprop, against depth and width",
    params={
        "depths": Param([1, 2, 3, 4], "numbers of hidden layers (depth series)", low=1),
        "depth_width": Param(32, "units per hidden layer in the depth series", low=1),
        "widths": Param([8, 16, 32, 64, 128], "hidden units (width series, 1 layer)", low=1),
        "steps": Param(50000, "steps at most", low=1),
        "batch_size": Param(32, "examples per minibatch", low=1),
        "lr": Param(3.0, "learning rate (FA and backprop)", low=0),
        "every": Param(100, "measure every this many steps", low=1),
        "target": Param(0.9, "target test accuracy", low=0, high=1),
        **sweep_params(4, "independent seeds per architecture"),
    },
    run=scaling_experiment,
    headlines=scaling_headlines,
    quick={
        "depths": [1, 2],
        "widths": [8],
        "seeds": 2,
        "steps": 300,
        "every": 50,
        "target": 0.5,
        "backend": "serial",
    },
)
