"""An experiment that says it is deterministic draws no random numbers; the CLI says so."""

import numpy as np
import pytest

from neuroagents.cli import commands as cli
from neuroagents.runner.experiment import available_models

DETERMINISTIC = [
    (model, exp)
    for model, entry in available_models().items()
    for exp in entry.experiments.values()
    if exp.deterministic
]


@pytest.mark.parametrize(
    ("model", "experiment"), DETERMINISTIC, ids=lambda v: getattr(v, "name", v)
)
def test_deterministic_experiment_leaves_the_generator_untouched(model, experiment):
    params = {name: p.default for name, p in experiment.params.items()} | dict(experiment.quick)
    rng = np.random.default_rng(12345)
    before = rng.bit_generator.state
    experiment.run(params, rng)
    assert rng.bit_generator.state == before
    assert rng.bit_generator.seed_seq.n_children_spawned == 0


def test_there_is_a_deterministic_experiment_to_check():
    assert ("rate", "cells") in {(m, e.name) for m, e in DETERMINISTIC}


def test_cli_says_the_seed_changes_nothing(tmp_path, capsys):
    assert cli.main(["run", "rate_cells", "--quick", "--seed", "3", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "deterministic: no seed" in out and "--seed changes nothing" in out
