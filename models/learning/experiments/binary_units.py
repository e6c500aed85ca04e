"""Question 2: is feedback alignment more suited to non-differentiable units?

"Is feedback alignment more suited for non differentiable non-linearities?" The same
nets with binary hidden units (the step ``1[z > 0]``; the output stays sigmoid) are
trained by backprop with the straight-through estimator or a sigmoid surrogate
derivative, by FA with no derivative at all (the error ``B δ`` as it arrives) or the
sigmoid surrogate, and by NNevolution, which needs no derivative. Each is set beside
its own sigmoid-unit version, from the same start on the same minibatches.

Budget: every method takes ``steps`` steps (a gradient step or a generation of
``population`` genotypes), measured every ``every`` steps, so the table answers at
equal steps (the last row) and at equal evaluations (a generation costs
``population`` forward passes: evolution's row at ``steps / population``).

Pieces:
    METHODS: the methods by name: (rule, hidden units, surrogate derivative).
    binary_run: one task and seed, every method.
    binary_experiment, BINARY_UNITS: the experiment ``binary_units``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis import summarize
from neuroagents.errors import ValidationError
from neuroagents.models.learning.evolution import NNEvolution, OffsetAlleles
from neuroagents.models.learning.experiments.question_headlines import binary_headlines
from neuroagents.models.learning.experiments.training import start_run, steps_to_target, train_curve
from neuroagents.models.learning.figures_questions import binary_figure
from neuroagents.models.learning.plausible import GradientLearner
from neuroagents.models.learning.tasks import check_hidden_sizes, check_task_names
from neuroagents.models.learning.units import HiddenUnits
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    sweep_params,
    sweep_trials,
)

__all__ = ["BINARY_UNITS", "METHODS", "binary_experiment", "binary_run"]

#: name -> (rule, hidden units, derivative used backwards); rule "evolution" is NNevolution.
METHODS = {
    "bp-sigmoid": ("sgd", "sigmoid", "exact"),
    "bp-step-ste": ("sgd", "step", "straight-through"),
    "bp-step-surrogate": ("sgd", "step", "sigmoid"),
    "fa-sigmoid": ("fa", "sigmoid", "exact"),
    "fa-step-none": ("fa", "step", "straight-through"),
    "fa-step-surrogate": ("fa", "step", "sigmoid"),
    "evolution-sigmoid": ("evolution", "sigmoid", "exact"),
    "evolution-step": ("evolution", "step", "straight-through"),
}
RUN_PARAMS = (
    "methods",
    "steps",
    "batch_size",
    "every",
    "lr",
    "population",
    "epsilon",
    "delta",
    "fixation",
    "target",
)


def _check_methods(methods: list[str]) -> list[str]:
    bad = [m for m in methods if m not in METHODS]
    if bad or not methods:
        raise ValidationError(
            f"params.methods must be a non-empty list among {list(METHODS)}. Got {methods!r}."
        )
    return methods


def _learner(
    method: str, start_net: Any, params: dict[str, Any], seed: Any
) -> GradientLearner | NNEvolution:
    rule, kind, surrogate = METHODS[method]
    units = HiddenUnits(kind, surrogate)
    gen = np.random.default_rng(seed)
    if rule == "evolution":
        scheme = OffsetAlleles(params["delta"], params["fixation"])
        hidden = None if kind == "sigmoid" else units
        return NNEvolution(
            start_net,
            scheme,
            population=params["population"],
            epsilon=params["epsilon"],
            rng=gen,
            hidden=hidden,
        )
    return GradientLearner(start_net, rule, params["lr"], rng=gen, units=units)


def binary_run(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Every method on one task and seed: rows every ``every`` steps."""
    methods = params["methods"]
    start = start_run(params["task"], params["hidden"], len(methods), rng)
    parts = []
    for method, seed in zip(methods, start.method_seeds, strict=True):
        learner = _learner(method, start.net, params, seed)
        curve = train_curve(
            learner,
            start,
            steps=params["steps"],
            batch_size=params["batch_size"],
            every=params["every"],
        )
        rule, kind, surrogate = METHODS[method]
        cost = params["population"] if rule == "evolution" else 1
        parts.append(
            curve.assign(
                method=method,
                rule=rule,
                units=kind,
                surrogate=surrogate,
                evaluations=curve["step"] * cost,
            )
        )
    return pd.concat(parts, ignore_index=True)


def _finals(table: pd.DataFrame, params: dict[str, Any]) -> pd.DataFrame:
    # Equal evaluations: every method's row at the gradient methods' budget (steps
    # evaluations), i.e. evolution's generation steps / population.
    budget = params["steps"]
    rows = []
    for (task, seed, method), c in table.groupby(["task", "seed", "method"], sort=False):
        at_budget = c[c["evaluations"] <= budget].iloc[-1]
        rows.append(
            {
                "task": task,
                "seed": seed,
                "method": method,
                "units": c["units"].iloc[0],
                "accuracy_equal_steps": c["test_accuracy"].iloc[-1],
                "accuracy_equal_evaluations": at_budget["test_accuracy"],
                "steps_to_target": steps_to_target(c, params["target"]),
            }
        )
    return pd.DataFrame(rows)


def binary_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Binary hidden units trained by BP (STE / surrogate), FA and NNevolution.

    Tables: the curves (``results.parquet``), one row per run (``finals``) and mean ±
    sem over seeds (``summary``).
    """
    tasks = check_task_names(params.tasks)
    hidden = check_hidden_sizes(params.hidden)
    methods = _check_methods(params.methods)
    if params.steps % params.population or (params.steps // params.population) % (params.every):
        raise ValidationError(
            "params.steps / params.population must be a multiple of params.every, so that "
            "evolution is measured at the gradient methods' evaluation budget. Got steps "
            f"{params.steps}, population {params.population}, every {params.every}."
        )
    runs = sweep_trials(
        binary_run,
        {"task": tasks},
        {**{k: params[k] for k in RUN_PARAMS}, "methods": methods, "hidden": hidden},
        params,
        rng,
    )
    cols = ["task", "seed", "method", "rule", "units", "surrogate", "step", "evaluations"]
    table = runs[[*cols, "test_accuracy", "test_loss"]]
    finals = _finals(table, params)
    values = ["accuracy_equal_steps", "accuracy_equal_evaluations", "steps_to_target"]
    summary = summarize(finals, ["task", "method"], values, quantiles=())
    order = {m: k for k, m in enumerate(methods)}
    summary = summary.sort_values(
        ["task", "method"],
        key=lambda c: (
            c.map(order) if c.name == "method" else c.map({t: k for k, t in enumerate(tasks)})
        ),
    )
    summary = summary.reset_index(drop=True)
    return ExperimentResult(
        table=table,
        summary=_summary_text(summary, params),
        figures={"questions_binary_units": partial(binary_figure, table)},
        tables={"finals": finals, "summary": summary},
    )


def _summary_text(summary: pd.DataFrame, params: dict[str, Any]) -> str:
    lines = [
        f"Binary hidden units: {params['seeds']} seeds, {params['steps']} steps (gradient "
        f"steps or generations of {params['population']}), hidden {params['hidden']}; "
        f"accuracy at equal steps and at equal evaluations ({params['steps']}), mean ± sem.",
    ]
    for task, part in summary.groupby("task", sort=False):
        lines.append(f"  {task}:")
        for _, r in part.iterrows():
            n = int(r["steps_to_target_count"])
            reach = f"{r['steps_to_target_mean']:.0f}" if n else "never"
            lines.append(
                f"    {r['method']:<18} equal steps {r['accuracy_equal_steps_mean']:.3f} ± "
                f"{r['accuracy_equal_steps_sem']:.3f}; equal evaluations "
                f"{r['accuracy_equal_evaluations_mean']:.3f} ± "
                f"{r['accuracy_equal_evaluations_sem']:.3f}; steps to {params['target']}: "
                f"{reach} ({n}/{int(r['accuracy_equal_steps_count'])} seeds)"
            )
    return "\n".join(lines)


BINARY_UNITS = Experiment(
    name="binary_units",
    description="binary hidden units: BP with straight-through/surrogate, FA, NNevolution",
    params={
        "tasks": Param(["digits", "parity"], "tasks (teacher, parity, digits)"),
        "hidden": Param([32], "hidden layer sizes"),
        "methods": Param(list(METHODS), "methods (see binary.METHODS)", choices=tuple(METHODS)),
        "steps": Param(10000, "steps (gradient steps, or generations)", low=1),
        "batch_size": Param(32, "examples per minibatch", low=1),
        "every": Param(100, "measure every this many steps", low=1),
        "lr": Param(3.0, "learning rate of the gradient rules", low=0),
        "population": Param(10, "NNevolution: genotypes per generation", low=2),
        "epsilon": Param(1.3, "NNevolution: selection strength", low=0),
        "delta": Param(0.4, "NNevolution: allele offset δ", low=0),
        "fixation": Param(0.55, "NNevolution: fixation probability", low=0.5, high=1),
        "target": Param(0.9, "the target test accuracy", low=0, high=1),
        **sweep_params(5, "independent seeds per task"),
    },
    run=binary_experiment,
    headlines=binary_headlines,
    quick={"seeds": 2, "steps": 200, "every": 10, "backend": "serial"},
)
