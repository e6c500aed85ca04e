"""The evolution-against-signSGD verdicts, on synthetic tables whose answer is known."""

import numpy as np
import pandas as pd
import pytest

from neuroagents.models.learning.experiments import evolution as ex

PARAMS = {
    "population": 10, "budget": 1000, "seeds": 2, "batch_size": 32, "gradient_step_cost": 1,
    "epsilon": 1.0, "grid": [-1, 0, 1], "delta": 0.1, "fixation": 0.9, "hidden": [4],
}  # fmt: skip
GENERATIONS = PARAMS["budget"] // PARAMS["population"]  # 100


def _curve(method, losses, per_step, accuracy=np.nan):
    """A table of one method: seeds 0 and 1, steps 0..len-1 with the given seed-mean losses."""
    rows = []
    for seed in (0, 1):
        for step, loss in enumerate(losses):
            rows.append({
                "method": method, "task": "digits", "seed": seed, "step": step,
                "evaluations": step * per_step, "test_loss": loss + (0.001 if seed else -0.001),
                "test_accuracy": accuracy,
            })  # fmt: skip
    return pd.DataFrame(rows)


def _summary(evo_losses, sgd_losses, constant=0.25):
    # Evolution: 100 generations of 10 evaluations; signSGD: 1000 steps of 1.
    evo = _curve("evolution-grid", evo_losses, per_step=10)
    sgd = _curve("signsgd", sgd_losses, per_step=1)
    base = pd.DataFrame({"task": ["digits"], "half_test_loss": [0.25],
                         "constant_test_loss": [constant]})  # fmt: skip
    return ex.comparison_summary(pd.concat([evo, sgd], ignore_index=True), base, PARAMS)


def test_equal_losses_are_competitive():
    text = _summary(np.linspace(0.25, 0.05, 101), np.linspace(0.25, 0.05, 1001))
    assert "equal evaluations (1000): COMPETITIVE" in text
    assert "competitive with signSGD in 1 of 1" in text


def test_a_clearly_worse_evolution_is_not_competitive():
    text = _summary(np.linspace(0.25, 0.15, 101), np.linspace(0.25, 0.02, 1001))
    assert "equal evaluations (1000): not competitive" in text
    assert "in 0 of 1 task/scheme pairs at equal evaluations" in text


def test_no_learning_on_either_side_is_no_contest():
    text = _summary(np.full(101, 0.24), np.full(1001, 0.24))
    assert "no contest (neither beats the best constant output yet)" in text
    assert "COMPETITIVE" not in text


def test_fewer_steps_wording_is_the_right_way_round():
    # signSGD reaches evolution's final 0.10 at step 25: 100 / 25 = 4.0x fewer steps,
    # and at evaluation 25 of evolution's 1000: 40.0x fewer evaluations.
    sgd = np.concatenate([np.linspace(0.25, 0.10, 26), np.full(975, 0.05)])
    text = _summary(np.linspace(0.25, 0.10, 101), sgd)
    assert "after 25 steps, 4.0x fewer steps than evolution's 100 generations" in text
    assert "40.0x fewer evaluations than its 1000" in text


def test_more_steps_is_never_written_as_a_fraction_fewer():
    # signSGD needs 400 steps to reach evolution's final loss: 4.0x MORE steps than its
    # 100 generations (but still 2.5x fewer evaluations than 1000).
    sgd = np.concatenate([np.linspace(0.25, 0.10, 401), np.full(600, 0.09)])
    text = _summary(np.linspace(0.25, 0.10, 101), sgd)
    assert "after 400 steps, 4.0x more steps than evolution's 100 generations" in text
    assert "2.5x fewer evaluations" in text
    assert "0.2x fewer" not in text and "0.4x fewer" not in text


@pytest.mark.parametrize(("ours", "theirs", "expected"), [
    (25, 100, "4.0x fewer steps"), (100, 100, "as many steps"), (400, 100, "4.0x more steps"),
])  # fmt: skip
def test_times_wording(ours, theirs, expected):
    assert ex._times(ours, theirs, "steps") == expected
