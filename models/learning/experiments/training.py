"""The training loop the feedback-alignment questions share: one learner, measured as it goes.

Every question trains nets of :mod:`~neuroagents.models.learning` on its tasks and asks
how fast and how far each learning rule gets. One loop serves all: a learner (a
:class:`~neuroagents.models.learning.plausible.GradientLearner` or an
:class:`~neuroagents.models.learning.evolution.NNEvolution`) takes minibatch steps,
and every ``every`` steps its current net is measured on the held-out set.

Pieces:
    Start: one (task, seed): the task, the starting net and the seeds of the
        minibatches and of each method.
    start_run: the Start of one run of a sweep.
    train_curve: train a learner for a number of steps; rows of test accuracy and loss
        (and any extra measurements) every ``every`` steps.
    steps_to_target: the first measured step at which accuracy reaches a target.
    hidden_units_of: the hidden nonlinearity a learner evaluates its net with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.learning.evolution import NNEvolution
from neuroagents.models.learning.feedforward import LayeredNet, activations
from neuroagents.models.learning.plausible import GradientLearner
from neuroagents.models.learning.tasks import Minibatches, Task, make_task

__all__ = ["Start", "hidden_units_of", "start_run", "steps_to_target", "train_curve"]

Learner = GradientLearner | NNEvolution


@dataclass(frozen=True)
class Start:
    """What every method of one (task, seed) shares.

    Attributes:
        task: the data.
        net: the starting net (every method copies it).
        batch_seed: the minibatch stream's seed (every method sees the same batches).
        method_seeds: one independent seed per method, for its own randomness.
    """

    task: Task
    net: LayeredNet
    batch_seed: np.random.SeedSequence
    method_seeds: list[np.random.SeedSequence]


def start_run(task_name: str, hidden: list[int], n_methods: int, rng: np.random.Generator) -> Start:
    """The task, starting net and seeds of one run, all spawned from the run's generator.

    Examples:
        >>> s = start_run("parity", [8], 3, np.random.default_rng(0))
        >>> s.net.sizes, len(s.method_seeds)
        ((8, 8, 1), 3)
    """
    data_ss, init_ss, batch_ss, method_ss = rng.bit_generator.seed_seq.spawn(4)
    task, sizes = make_task(task_name, hidden, rng=np.random.default_rng(data_ss))
    net = LayeredNet.random(sizes, rng=np.random.default_rng(init_ss))
    return Start(task, net, batch_ss, method_ss.spawn(n_methods))


def hidden_units_of(learner: Learner) -> Callable[[np.ndarray], np.ndarray] | None:
    """The hidden nonlinearity the learner's net runs with (None: sigmoid)."""
    return learner.units if isinstance(learner, GradientLearner) else learner.hidden


def _measure(learner: Learner, task: Task) -> dict[str, float]:
    net = learner.network()
    out = activations(net.weights, net.thresholds, task.x_test, hidden_units_of(learner))[-1]
    return {
        "test_accuracy": task.accuracy(out, task.y_test),
        "test_loss": float(np.mean((out - task.y_test) ** 2)),
    }


def train_curve(
    learner: Learner,
    start: Start,
    *,
    steps: int,
    batch_size: int,
    every: int,
    extra: Callable[[Learner], dict[str, Any]] | None = None,
    stop: Callable[[Learner], bool] | None = None,
) -> pd.DataFrame:
    """Train ``learner`` for ``steps`` minibatch steps; measure it every ``every`` steps.

    Args:
        learner: a GradientLearner or an NNEvolution (one generation a step).
        start: the run's task and minibatch seed.
        steps: steps to take (at most).
        batch_size: examples per minibatch.
        every: measure at steps 0, every, 2·every, … and at the last step.
        extra: more measurements of the learner, merged into each row.
        stop: checked at each measurement; training ends early once it is true.

    Returns:
        One row per measurement: ``step``, ``test_accuracy``, ``test_loss`` and the
        ``extra`` columns.

    Examples:
        >>> s = start_run("parity", [8], 1, np.random.default_rng(0))
        >>> learner = GradientLearner(s.net, "sgd", 3.0)
        >>> curve = train_curve(learner, s, steps=100, batch_size=16, every=50)
        >>> curve["step"].tolist()
        [0, 50, 100]
    """
    task = start.task
    batches = Minibatches(len(task.x_train), batch_size, rng=start.batch_seed)

    def row(step: int) -> dict[str, Any]:
        return {"step": step, **_measure(learner, task), **(extra(learner) if extra else {})}

    rows = [row(0)]
    for step in range(1, steps + 1):
        idx = batches.next()
        learner.step(task.x_train[idx], task.y_train[idx])
        if step % every == 0 or step == steps:
            rows.append(row(step))
            if stop is not None and stop(learner):
                break
    return pd.DataFrame(rows)


def steps_to_target(curve: pd.DataFrame, target: float) -> float:
    """The first measured step with ``test_accuracy >= target`` (NaN if never).

    Examples:
        >>> curve = pd.DataFrame({"step": [0, 10, 20], "test_accuracy": [0.1, 0.95, 0.9]})
        >>> steps_to_target(curve, 0.9), steps_to_target(curve, 0.99)
        (10.0, nan)
    """
    hit = curve.loc[curve["test_accuracy"] >= target, "step"]
    return float(hit.iloc[0]) if len(hit) else float("nan")
