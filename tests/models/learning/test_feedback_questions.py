"""The feedback-alignment questions' experiments: their machinery on known answers."""

import numpy as np
import pandas as pd
import pytest

from neuroagents.cli import commands as cli
from neuroagents.errors import ValidationError
from neuroagents.models.learning.experiments import adversarial, scaling
from neuroagents.models.learning.experiments import binary_units as binary
from neuroagents.models.learning.experiments import feedback_sparsity as feedback
from neuroagents.models.learning.experiments.training import start_run, steps_to_target, train_curve
from neuroagents.models.learning.plausible import GradientLearner, random_feedback

SMALL = {"steps": 60, "batch_size": 16, "lr": 3.0, "every": 20, "target": 0.9}


def test_density_one_condition_is_plain_fa_and_backprop_is_sgd():
    # The experiment's "FA d=1" curve must be the curve of an ordinary FA learner whose B
    # is drawn from the same seed, and "backprop" that of SGD.
    params = {
        **SMALL,
        "task": "parity",
        "hidden": [8],
        "densities": [1.0, 0.05],
        "ranks": [2],
        "concordant": True,
    }
    table = feedback.sparsity_run(params, np.random.default_rng(5))
    start = start_run("parity", [8], 5, np.random.default_rng(5))
    seed = start.method_seeds[1]
    plain = GradientLearner(start.net, "fa", 3.0, rng=np.random.default_rng(seed))
    ref = train_curve(plain, start, steps=60, batch_size=16, every=20)
    got = table[table["condition"] == "FA d=1"].reset_index(drop=True)
    assert np.array_equal(got["test_loss"], ref["test_loss"])
    bp = train_curve(GradientLearner(start.net, "sgd", 3.0), start, **_kw())
    got_bp = table[table["condition"] == "backprop"].reset_index(drop=True)
    assert np.array_equal(got_bp["test_loss"], bp["test_loss"])
    assert got_bp["weight_angle"].isna().all()
    # Sign-concordant B agrees in sign with W: the angle is below 90° from the start.
    conc = table[table["condition"] == "FA sign-concordant"]
    assert (conc["weight_angle"] < 90).all()
    assert set(table["condition"]) == {
        "backprop",
        "FA d=1",
        "FA d=0.05",
        "FA rank 2",
        "FA sign-concordant",
    }
    # A random B's angle with W starts near 90° (independent Gaussians in 8 dims: the
    # cosine has sd 1/sqrt(8) ~ 0.35, so within ~60° of 90°).
    assert abs(got["weight_angle"].iloc[0] - 90) < 60
    assert np.allclose(
        plain.feedback[0], random_feedback(start.net, np.random.default_rng(seed))[0]
    )


def _kw():
    return {"steps": 60, "batch_size": 16, "every": 20}


def test_steps_to_target_and_stop():
    start = start_run("parity", [8], 1, np.random.default_rng(0))
    learner = GradientLearner(start.net, "sgd", 3.0)
    curve = train_curve(
        learner, start, steps=2000, batch_size=16, every=10, stop=lambda lr: lr.steps >= 30
    )
    assert curve["step"].tolist() == [0, 10, 20, 30]
    assert steps_to_target(curve, 0.0) == 0.0


def test_binary_run_counts_evaluations_and_uses_binary_units():
    params = {
        **SMALL,
        "task": "parity",
        "hidden": [8],
        "methods": ["fa-step-none", "evolution-step"],
        "population": 4,
        "epsilon": 1.0,
        "delta": 0.4,
        "fixation": 0.55,
    }
    table = binary.binary_run(params, np.random.default_rng(1))
    evo = table[table["method"] == "evolution-step"]
    assert np.array_equal(evo["evaluations"], evo["step"] * 4)
    fa = table[table["method"] == "fa-step-none"]
    assert np.array_equal(fa["evaluations"], fa["step"])
    finals = binary._finals(table.assign(seed=0, task="parity"), {**params, "steps": 60})
    row = finals[finals["method"] == "evolution-step"].iloc[0]
    # Equal evaluations (60) is evolution's generation 15: its last measurement <= 15 is 0
    # (measured every 20), so that accuracy is the starting net's.
    assert row["accuracy_equal_evaluations"] == evo["test_accuracy"].iloc[0]


def test_binary_refuses_a_budget_evolution_cannot_be_measured_at():
    with pytest.raises(ValidationError, match=r"params\.steps"):
        binary.BINARY_UNITS.run(
            {
                **binary.BINARY_UNITS.quick,
                **{k: p.default for k, p in binary.BINARY_UNITS.params.items()},
                "steps": 105,
            },
            np.random.default_rng(0),
        )


@pytest.mark.slow
def test_attacks_with_eps_zero_leave_clean_accuracy_and_pgd_raises_the_loss():
    params = {
        "hidden": [8],
        "methods": ["backprop", "evolution"],
        "target": 0.3,
        "check_every": 50,
        "max_steps": 400,
        "max_generations": 200,
        "batch_size": 32,
        "lr_backprop": 3.0,
        "population": 6,
        "epsilon": 1.0,
        "delta": 0.4,
        "fixation": 0.55,
        "radii": [0.0, 0.1],
        "pgd_steps": 5,
    }
    table = adversarial.adversarial_run(params, np.random.default_rng(2))
    for _, part in table.groupby("method"):
        clean = part[part["eps"] == 0.0]
        assert clean["accuracy"].nunique() == 1 and clean["loss"].nunique() == 1
        at = part[part["eps"] == 0.1].set_index("attack")
        # PGD starts at FGSM's point and keeps each example's worst iterate.
        assert at.loc["PGD", "loss"] >= at.loc["FGSM", "loss"] > clean["loss"].iloc[0]


def test_scaling_records_one_angle_per_layer_above_the_first():
    archs = scaling.architectures([3], 6, [])
    params = {**SMALL, "arch": 0, "archs": archs, "target": 0.99}
    table = scaling.scaling_run(params, np.random.default_rng(3))
    fa = table[table["method"] == "fa"]
    assert [c for c in table.columns if c.startswith("angle_")] == ["angle_2", "angle_3", "angle_4"]
    assert fa[["angle_2", "angle_3", "angle_4"]].notna().all().all()
    assert table.loc[table["method"] == "backprop", "angle_2"].isna().all()


@pytest.mark.parametrize(
    ("line", "name"), [("densities = [1.0, 1.5]", "densities"), ("target = 1.5", "target")]
)
def test_a_bad_parameter_is_a_clear_cli_error(tmp_path, capsys, line, name):
    config = tmp_path / "bad.toml"
    config.write_text(f'model = "learning"\nexperiment = "feedback_sparsity"\n[params]\n{line}\n')
    assert cli.main(["run", str(config), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert name in err and "1.5" in err and "Traceback" not in err


def test_summaries_have_mean_and_sem_columns():
    finals = pd.DataFrame(
        {"task": ["a", "a"], "condition": ["x", "x"], "final_accuracy": [0.5, 0.7]}
    )
    from neuroagents.analysis import summarize

    s = summarize(finals, ["task", "condition"], ["final_accuracy"], quantiles=())
    assert s["final_accuracy_mean"].iloc[0] == pytest.approx(0.6)
    assert s["final_accuracy_sem"].iloc[0] == pytest.approx(0.1)
