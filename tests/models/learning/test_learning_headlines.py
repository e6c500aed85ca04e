"""The learning experiments' headline numbers, on tables whose numbers are known by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from neuroagents.models.learning.experiments import question_headlines as qh
from neuroagents.models.learning.experiments.comparison_headlines import comparison_headlines
from neuroagents.runner.experiment import ExperimentResult

NAN = math.nan


def _result(table, **tables):
    return ExperimentResult(table=table, summary="", tables=tables)


def test_target_fractions_read_the_same_seeds_at_a_quarter_half_and_whole_budget():
    # Seeds reach the target at steps 100, 250, 900 and never; budget 1000.
    h = qh.target_headlines(pd.Series([100.0, 250.0, 900.0, NAN]), 1000, "g", "g")
    assert h["g.reached_by_quarter"].value == 2 / 4  # 100 and 250 <= 250
    assert h["g.reached_by_half"].value == 2 / 4
    assert h["g.reached"].value == 3 / 4
    assert h["g.reached"].n == 4
    assert h["g.reached"].low < 0.75 < h["g.reached"].high  # Wilson interval around it
    assert h["g.steps"].value == pytest.approx((100 + 250 + 900) / 3)
    assert h["g.steps"].n == 3  # only the seeds that got there
    none = qh.target_headlines(pd.Series([NAN, NAN]), 10, "g", "g")
    assert none["g.reached"].value == 0 and math.isnan(none["g.steps"].value)


def test_sparsity_headlines_name_each_condition_and_skip_all_zero_feedback():
    finals = pd.DataFrame(
        {
            "task": ["parity"] * 4,
            "seed": [0, 1, 0, 1],
            "condition": ["backprop", "backprop", "FA d=0.02", "FA d=0.02"],
            "kind": ["backprop", "backprop", "density", "density"],
            "density": [1.0, 1.0, 0.02, 0.02],
            "rank": [0, 0, 0, 0],
            "final_accuracy": [1.0, 1.0, 0.5, 0.7],
            "steps_to_target": [100.0, 200.0, NAN, 300.0],
            "weight_angle": [NAN, NAN, NAN, 40.0],  # seed 0's B is all zero
        }
    )
    h = qh.sparsity_headlines(_result(finals, finals=finals), {"steps": 400})
    assert h["parity.backprop.accuracy"].value == 1.0
    assert h["parity.backprop.steps"].value == 150.0
    assert "parity.backprop.angle" not in h
    assert h["parity.d0.02.accuracy"].value == pytest.approx(0.6)
    assert h["parity.d0.02.reached"].value == 0.5
    assert h["parity.d0.02.reached_by_quarter"].value == 0.0  # 300 > 100
    assert h["parity.d0.02.angle"].value == 40.0 and h["parity.d0.02.angle"].n == 1
    assert h["parity.d0.02.nonzero_b"].value == 0.5


def test_adversarial_headlines_count_only_the_seeds_that_reached_the_target():
    rows = []
    for seed, steps, reached in ((0, 500, True), (1, 20000, False)):
        for attack in ("FGSM", "PGD", "random signs"):
            for eps in (0.0, 0.1):
                acc = 0.8 - eps * (2 if attack != "random signs" else 0.1) + 0.01 * seed
                rows.append(
                    {
                        "seed": seed,
                        "method": "fa",
                        "steps_trained": steps,
                        "reached_target": reached,
                        "attack": attack,
                        "eps": eps,
                        "accuracy": acc,
                    }
                )
    table = pd.DataFrame(rows)
    h = qh.adversarial_headlines(_result(table), {"max_steps": 20000, "max_generations": 60000})
    assert h["fa.reached"].value == 0.5
    assert h["fa.steps_trained"].value == 500.0  # the seed that hit its limit is left out
    assert h["fa.pgd.eps0.1"].value == pytest.approx(0.6 + 0.005)
    assert h["fa.noise.eps0"].value == pytest.approx(0.805)


def test_scaling_headlines_give_final_angles_per_layer_and_when_the_lowest_leaves_90():
    finals = pd.DataFrame(
        {
            "series": ["depth"] * 4,
            "depth": [2] * 4,
            "width": [32] * 4,
            "seed": [0, 1, 0, 1],
            "method": ["backprop", "backprop", "fa", "fa"],
            "steps_to_target": [1000.0, 1200.0, 3000.0, NAN],
            "final_accuracy": [0.9, 0.91, 0.92, 0.7],
        }
    )
    # Layer 2 falls from 90 to 60 over steps 0, 100, 200, 300; layer 3 sits at 45.
    angles = pd.DataFrame(
        [
            {
                "series": "depth",
                "depth": 2,
                "width": 32,
                "seed": s,
                "method": "fa",
                "step": step,
                "layer": layer,
                "angle": angle,
            }
            for s in (0, 1)
            for step, a2 in zip((0, 100, 200, 300), (90.0, 85.0, 75.0, 60.0), strict=True)
            for layer, angle in ((2, a2 + s), (3, 45.0))
        ]
    )
    h = qh.scaling_headlines(_result(finals, finals=finals, angles=angles), {"steps": 4000})
    assert h["depth.2x32.fa.reached"].value == 0.5
    assert h["depth.2x32.backprop.steps"].value == 1100.0
    assert h["depth.2x32.fa.angle2"].value == pytest.approx(60.5)
    assert h["depth.2x32.fa.angle3"].value == 45.0
    assert h["depth.2x32.fa.departure"].value == 200.0  # mean 75.5 < 80 first at step 200


def test_binary_headlines_read_equal_steps_and_equal_evaluations():
    finals = pd.DataFrame(
        {
            "task": ["digits"] * 2,
            "seed": [0, 1],
            "method": ["evolution-step"] * 2,
            "units": ["step"] * 2,
            "accuracy_equal_steps": [0.4, 0.6],
            "accuracy_equal_evaluations": [0.1, 0.2],
            "steps_to_target": [NAN, NAN],
        }
    )
    h = qh.binary_headlines(_result(finals, finals=finals), {"steps": 10000})
    assert h["digits.evolution-step.equal_steps"].value == pytest.approx(0.5)
    assert h["digits.evolution-step.equal_evaluations"].value == pytest.approx(0.15)
    assert h["digits.evolution-step.reached"].value == 0.0


def _comparison_table():
    # One task, two seeds; budget 100 evaluations, population 10. signSGD's seed-mean
    # loss falls 0.2, 0.1, 0.05 at steps 0, 20, 100; evolution ends (10 generations) at 0.1.
    rows = []
    for seed in (0, 1):
        for step, loss in ((0, 0.2), (5, 0.15), (20, 0.1), (50, 0.08), (100, 0.05)):
            rows.append(("signsgd", seed, step, step, loss))
        for gen, loss in ((0, 0.2), (5, 0.15), (10, 0.1)):
            rows.append(("evolution-offsets", seed, gen, 10 * gen, loss))
    table = pd.DataFrame(rows, columns=["method", "seed", "step", "evaluations", "test_loss"])
    table = table.assign(task="teacher", test_accuracy=np.nan)
    baselines = pd.DataFrame(
        {"task": ["teacher"] * 2, "seed": [0, 1], "constant_test_loss": [0.25, 0.25]}
    )
    return _result(table, baselines=baselines)


def test_comparison_headlines_measure_the_gap_to_signsgd():
    h = comparison_headlines(_comparison_table(), {"population": 10, "budget": 100})
    assert h["teacher.signsgd.test_loss"].value == pytest.approx(0.05)
    assert h["teacher.evolution-offsets.test_loss"].value == pytest.approx(0.1)
    assert h["teacher.constant_test_loss"].value == 0.25
    assert h["teacher.evolution-offsets.signsgd_steps"].value == 20.0
    assert h["teacher.evolution-offsets.generation_ratio"].value == pytest.approx(10 / 20)
    assert h["teacher.evolution-offsets.evaluation_ratio"].value == pytest.approx(100 / 20)
    # 0.1 against 0.05: not within 10%, at the whole budget
    assert h["competitive.evaluations"].value == 0 and h["pairs"].value == 1
    # At equal steps (10 generations against signSGD's step 5: 0.1 against 0.15) it is.
    assert h["competitive.steps"].value == 1
    # Read at half the budget (50 evaluations): evolution 0.15 at generation 5 against
    # signSGD's 0.08 at 50 evaluations: not competitive.
    assert h["competitive.evaluations.half"].value == 0
