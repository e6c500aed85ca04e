"""The learning experiments' verdicts, tested on tables whose answer is known."""

import numpy as np
import pandas as pd
import pytest

from neuroagents.models.learning.experiments import alignment as fa_exp
from neuroagents.models.learning.experiments import evolution as ev_exp

COMPETITIVE, NOT, NO_CONTEST = ev_exp.COMPETITIVE, ev_exp.NOT_COMPETITIVE, ev_exp.NO_CONTEST


@pytest.mark.parametrize(
    ("evo", "sgd", "evo_acc", "sgd_acc", "expected"),
    [
        (0.100, 0.100, None, None, COMPETITIVE),
        (0.110, 0.100, None, None, COMPETITIVE),  # exactly 10% worse is still within
        (0.1101, 0.100, None, None, NOT),
        (0.050, 0.100, None, None, COMPETITIVE),  # better is competitive
        (0.100, 0.100, 0.90, 0.92, COMPETITIVE),  # 2 points below: within
        (0.100, 0.100, 0.90, 0.9201, NOT),
        (0.230, 0.240, None, None, NO_CONTEST),  # both >= 0.9 x constant 0.25
        (0.220, 0.240, None, None, COMPETITIVE),  # evolution has learned something
    ],
)
def test_competitive_verdict_on_known_losses(evo, sgd, evo_acc, sgd_acc, expected):
    assert ev_exp.competitive_verdict(evo, sgd, evo_acc, sgd_acc, 0.25) == expected


def _curves(evo_final: float, sgd_final: float) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Two seeds of evolution (P = 10) and signSGD on one task, budget 100 evaluations."""
    rows = []
    for seed in (0, 1):
        for step in range(11):
            frac = step / 10
            rows.append(("evolution-grid", "teacher", seed, step, 10 * step,
                         0.25 + (evo_final - 0.25) * frac, np.nan))  # fmt: skip
        for step in range(101):
            frac = step / 100
            rows.append(("signsgd", "teacher", seed, step, step,
                         0.25 + (sgd_final - 0.25) * frac, np.nan))  # fmt: skip
    cols = ["method", "task", "seed", "step", "evaluations", "test_loss", "test_accuracy"]
    table = pd.DataFrame(rows, columns=cols)
    table["train_loss"] = table["test_loss"]
    baselines = pd.DataFrame(
        {"task": ["teacher"], "half_test_loss": [0.3], "constant_test_loss": [0.25]}
    )
    params = {"population": 10, "budget": 100, "seeds": 2, "batch_size": 8,
              "gradient_step_cost": 1, "epsilon": 1.3, "grid": [-1.0, 1.0], "delta": 0.4,
              "fixation": 0.55, "hidden": [4]}  # fmt: skip
    return table, baselines, params


def test_summary_calls_evolution_competitive_only_when_the_table_says_so():
    good = ev_exp.comparison_summary(*_curves(evo_final=0.05, sgd_final=0.10))
    assert "competitive with signSGD in 1 of 1 task/scheme pairs at equal evaluations" in good
    bad = ev_exp.comparison_summary(*_curves(evo_final=0.20, sgd_final=0.05))
    assert "competitive with signSGD in 0 of 1 task/scheme pairs at equal evaluations" in bad
    assert "not competitive" in bad


def test_equal_steps_verdict_compares_at_evolutions_generation_count():
    # After 10 generations (= 10 steps), signSGD has only moved 10% of its way, so
    # evolution, which finishes at 0.20, beats it at equal steps but not at equal
    # evaluations (signSGD ends at 0.05 after 100).
    text = ev_exp.comparison_summary(*_curves(evo_final=0.20, sgd_final=0.05))
    assert "in 1 of 1 at equal steps" in text


def _angles(finals: dict[str, list[float]]) -> pd.DataFrame:
    rows = []
    for task, angles in finals.items():
        for seed, final in enumerate(angles):
            rows += [(task, seed, 0, 89.0), (task, seed, 50, final)]
    return pd.DataFrame(rows, columns=["task", "seed", "step", "update_angle"])


def test_every_seed_below_right_angle_is_judged_per_seed():
    below = fa_exp.final_angles_below_right(_angles({"a": [30, 45, 89.9], "b": [10, 91, 20]}))
    assert below.loc["a", "below"] and not below.loc["b", "below"]
    assert below.loc["b", "max_angle"] == 91
    # the starting angle (89) does not count, only each seed's last step
    assert below.loc["a", "max_angle"] == pytest.approx(89.9)
