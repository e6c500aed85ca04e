"""The headlines of the dynamics, spurious, repetition, rules, completion and one-step runs.

Each check is a verdict known before the run: the two energy theorems (no rise of the
asynchronous energy, none of Goles' -v(t).W.v(t-1)), the budget check that can only grow
with the budget and ends at the grid's fraction, -M as unhappy as M, the pseudo-inverse
rule keeping every pattern a fixed point.
"""

import numpy as np
import pytest

from neuroagents.models.hopfield.experiments import EXPERIMENTS
from neuroagents.models.hopfield.experiments.run_headlines import BUDGETS


def _run(name, **changes):
    experiment = EXPERIMENTS[name]
    params = {k: p.default for k, p in experiment.params.items()} | experiment.quick | changes
    result = experiment.run(params, np.random.default_rng(0))
    numbers = experiment.headlines(result, params)
    return result, {key: h.value for key, h in numbers.items()}, numbers


def test_dynamics_headlines_follow_the_theorems_and_the_budget_check_converges():
    result, v, numbers = _run("dynamics", n=120, starts=4, seeds=2)
    assert v["async_energy_rises"] == 0 and v["sync_cross_rises"] == 0
    assert v["sync_fixed"] + v["sync_two_cycles"] + v["sync_unfinished"] == v["runs"]
    rose = [v[f"budget{t}.sync_energy_rose"] for t in BUDGETS]
    running = [v[f"budget{t}.sync_running"] for t in BUDGETS]
    assert rose == sorted(rose) and running == sorted(running, reverse=True)
    # at the full budget the pooled fraction is the runs' own, per network or not
    assert rose[-1] == pytest.approx(float((result.table["sync_energy_rises"] > 0).mean()))
    assert numbers["budget1.sync_energy_rose"].n == v["runs"]


def test_spurious_headlines_see_minus_m_stored_with_m():
    _, v, _ = _run("spurious", n=150, alphas=[0.02], starts=4, seeds=2)
    assert v["reversal_symmetric"] == 1
    census = [v[f"a0.02.{name}"] for name in ("stored", "reversed", "mixture", "other")]
    assert sum(census) == pytest.approx(1.0)


def test_rules_headlines_keep_pseudo_inverse_patterns_exact():
    _, v, numbers = _run("rules", n=[120], alphas=[0.1, 0.3], seeds=2)
    assert v["pseudo-inverse.noise0.a0.3.stable"] == 1
    assert numbers["hebb.noise0.half_retrieval_alpha"].n == 2  # bootstrap over two nets


def test_repetition_headlines_are_l_and_l_over_k():
    _, v, _ = _run("repetition", n=100, K=[1, 2], starts=10, seeds=2)
    assert v["K2.L_over_K"] == pytest.approx(v["K2.L"] / 2)


def test_completion_first_step_deviations_are_standard_errors_of_a_true_theory():
    result, v, _ = _run("completion", n=200, alphas=[0.05, 0.12], noises=[0.1, 0.3], seeds=3)
    assert v["first_step.points"] == len(result.tables["summary"]) == 4
    assert v["first_step.beyond_3"] <= v["first_step.points"]
    # The exact finite-n value is the truth, so the deviations are about standard normal:
    # a mean square of 4 points above 9 has probability ~ 1e-7.
    assert 0 <= v["first_step.mean_square_z_exact"] < 9


def test_one_step_sem_ratio_headlines_are_ordered():
    _, v, numbers = _run("one_step", n=[300], alphas=[0.2, 0.4], probes=10, seeds=3)
    assert v["sem_ratio_min"] <= v["sem_ratio_median"] <= v["sem_ratio_max"]
    assert numbers["sem_ratio_median"].n == 2  # both loads have >= 100 errors at n = 300
