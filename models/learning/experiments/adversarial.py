"""Question 3: does learning without gradients make a net harder to attack with gradients?

"Can being gradient-free make the model more robust to adversarial attacks, which are
often gradient based?" Nets of one shape are trained on the digits by backprop, FA,
signSGD and NNevolution, each until it first classifies ``target`` of the training
set right (checked every ``check_every`` steps), so that they are compared at the same
clean accuracy. Each trained net is then attacked on the held-out digits with FGSM and
PGD made from *its own true input gradient* (:mod:`~neuroagents.models.learning.attacks`):
how a net was trained does not hide its gradient from an attacker who has the net. The
control perturbs the same inputs by random signs of the same L∞ (and L2) norm.

Pieces:
    METHODS: the training rules compared.
    adversarial_run: one seed: every method trained to the target, then attacked.
    adversarial_experiment, ADVERSARIAL: the experiment ``adversarial``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis import summarize
from neuroagents.errors import ValidationError
from neuroagents.models.learning.attacks import fgsm, pgd, random_sign_noise
from neuroagents.models.learning.evolution import NNEvolution, OffsetAlleles
from neuroagents.models.learning.experiments.question_headlines import adversarial_headlines
from neuroagents.models.learning.experiments.training import start_run, train_curve
from neuroagents.models.learning.figures_questions import adversarial_figure
from neuroagents.models.learning.plausible import GradientLearner
from neuroagents.models.learning.tasks import check_hidden_sizes
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    sweep_params,
    sweep_trials,
)

__all__ = ["ADVERSARIAL", "METHODS", "adversarial_experiment", "adversarial_run"]

METHODS = ("backprop", "fa", "signsgd", "evolution")
ATTACKS = ("FGSM", "PGD", "random signs")
RUN_PARAMS = (
    "methods",
    "target",
    "check_every",
    "max_steps",
    "max_generations",
    "batch_size",
    "lr_backprop",
    "lr_fa",
    "lr_signsgd",
    "population",
    "epsilon",
    "delta",
    "fixation",
    "pgd_steps",
)


def _learner(method: str, net: Any, params: dict[str, Any], seed: Any):
    gen = np.random.default_rng(seed)
    if method == "evolution":
        scheme = OffsetAlleles(params["delta"], params["fixation"])
        return NNEvolution(
            net, scheme, population=params["population"], epsilon=params["epsilon"], rng=gen
        )
    rule = {"backprop": "sgd", "fa": "fa", "signsgd": "signsgd"}[method]
    return GradientLearner(net, rule, params[f"lr_{method}"], rng=gen)


def adversarial_run(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """One seed: each method trained to the target training accuracy, then attacked."""
    methods = params["methods"]
    start = start_run("digits", params["hidden"], len(methods), rng)
    task = start.task
    rows = []
    for method, seed in zip(methods, start.method_seeds, strict=True):
        learner = _learner(method, start.net, params, seed)

        def reached(lr: Any) -> bool:
            net = lr.network()
            return task.accuracy(net.forward(task.x_train), task.y_train) >= params["target"]

        limit = params["max_generations"] if method == "evolution" else params["max_steps"]
        curve = train_curve(
            learner,
            start,
            steps=limit,
            batch_size=params["batch_size"],
            every=params["check_every"],
            stop=reached,
        )
        net = learner.network()
        noise_gen = np.random.default_rng(seed.spawn(1)[0])
        base = {
            "method": method,
            "steps_trained": int(curve["step"].iloc[-1]),
            "reached_target": reached(learner),
            "clean_train_accuracy": task.accuracy(net.forward(task.x_train), task.y_train),
        }
        for eps in params["radii"]:
            x, y = task.x_test, task.y_test
            x_fgsm = fgsm(net, x, y, eps)
            perturbed = {
                "FGSM": x_fgsm,
                "PGD": pgd(net, x, y, eps, steps=params["pgd_steps"], start=x_fgsm),
                "random signs": random_sign_noise(x, eps, noise_gen),
            }
            for attack, x_adv in perturbed.items():
                out = net.forward(x_adv)
                rows.append(
                    {
                        **base,
                        "attack": attack,
                        "eps": eps,
                        "accuracy": task.accuracy(out, y),
                        "loss": float(np.mean((out - y) ** 2)),
                    }
                )
    return pd.DataFrame(rows)


def adversarial_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Nets trained by four rules to one clean accuracy, attacked with FGSM, PGD and noise.

    Tables: one row per (seed, method, attack, ε) (``results.parquet``) and mean ± sem
    over seeds (``summary``).
    """
    hidden = check_hidden_sizes(params.hidden)
    methods = params.methods
    if not methods or any(m not in METHODS for m in methods):
        raise ValidationError(
            f"params.methods must be a non-empty list among {list(METHODS)}. Got {methods!r}."
        )
    if any(e < 0 for e in params.eps) or 0.0 not in params.eps:
        raise ValidationError(
            f"params.eps must be radii >= 0 and include 0 (the clean accuracy). Got {params.eps!r}."
        )
    runs = sweep_trials(
        adversarial_run,
        {"task": ["digits"]},
        {**{k: params[k] for k in RUN_PARAMS}, "hidden": hidden, "radii": params.eps},
        params,
        rng,
    )
    cols = ["seed", "method", "steps_trained", "reached_target", "clean_train_accuracy"]
    table = runs[[*cols, "attack", "eps", "accuracy", "loss"]]
    summary = summarize(table, ["method", "attack", "eps"], ["accuracy"], quantiles=())
    order = {m: k for k, m in enumerate(methods)}
    summary = summary.sort_values(
        ["method", "attack", "eps"],
        key=lambda c: c.map(order) if c.name == "method" else c,
    ).reset_index(drop=True)
    return ExperimentResult(
        table=table,
        summary=_summary_text(table, summary, params),
        figures={"questions_adversarial": partial(adversarial_figure, summary)},
        tables={"summary": summary},
    )


def _summary_text(table: pd.DataFrame, summary: pd.DataFrame, params: dict[str, Any]) -> str:
    trained = table.drop_duplicates(["seed", "method"])
    lines = [
        f"Adversarial robustness on the digits: {params['seeds']} seeds, hidden "
        f"{params['hidden']}; each net trained until {params['target']} training accuracy; "
        f"PGD {params['pgd_steps']} steps from FGSM's point; accuracy on the 450 held-out "
        "digits (mean ± sem).",
    ]
    for method, part in trained.groupby("method", sort=False):
        lines.append(
            f"  {method}: {int(part['reached_target'].sum())}/{len(part)} seeds reached the "
            f"target, after {part['steps_trained'].mean():.0f} steps (generations for "
            "evolution) on average."
        )
    for attack in ATTACKS:
        part = summary[summary["attack"] == attack]
        lines.append(f"  {attack}: accuracy at ε = " + ", ".join(f"{e:g}" for e in params["eps"]))
        for method, m in part.groupby("method", sort=False):
            lines.append(
                f"    {method:<10} "
                + "  ".join(
                    f"{a:.3f}±{s:.3f}"
                    for a, s in zip(m["accuracy_mean"], m["accuracy_sem"], strict=True)
                )
            )
    return "\n".join(lines)


ADVERSARIAL = Experiment(
    name="adversarial",
    description="digits nets trained by BP, FA, signSGD, NNevolution; FGSM, PGD, noise vs ε",
    params={
        "hidden": Param([16], "hidden layer sizes"),
        "methods": Param(list(METHODS), "training rules", choices=METHODS),
        "target": Param(0.85, "training accuracy each net is trained to", low=0, high=1),
        "check_every": Param(100, "check the training accuracy every this many steps", low=1),
        "max_steps": Param(20000, "gradient rules: step limit", low=1),
        "max_generations": Param(60000, "NNevolution: generation limit", low=1),
        "batch_size": Param(32, "examples per minibatch", low=1),
        "lr_backprop": Param(3.0, "backprop learning rate", low=0),
        "lr_fa": Param(3.0, "FA learning rate", low=0),
        "lr_signsgd": Param(0.003, "signSGD step", low=0),
        "population": Param(10, "NNevolution: genotypes per generation", low=2),
        "epsilon": Param(1.3, "NNevolution: selection strength", low=0),
        "delta": Param(0.4, "NNevolution: allele offset δ", low=0),
        "fixation": Param(0.55, "NNevolution: fixation probability", low=0.5, high=1),
        "eps": Param([0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3], "attack radii (L∞)", low=0),
        "pgd_steps": Param(10, "PGD steps", low=1),
        **sweep_params(5, "independent seeds"),
    },
    run=adversarial_experiment,
    headlines=adversarial_headlines,
    quick={
        "seeds": 2,
        "target": 0.3,
        "max_steps": 300,
        "max_generations": 300,
        "check_every": 50,
        "eps": [0.0, 0.1],
        "backend": "serial",
    },
)
