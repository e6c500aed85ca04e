"""Pruned Hopfield nets against the static-noise theory; the experiment's pieces."""

import numpy as np
import pandas as pd
import pytest

from neuroagents.connectome.pruning import prune_at_random, prune_by_magnitude
from neuroagents.models.hopfield import hebbian_weights, one_step_error, random_patterns
from neuroagents.models.hopfield.experiments.pruning import (
    capacity_table,
    pruned_weights,
    pruning_trial,
)
from neuroagents.models.hopfield.pruning import pruning_noise


@pytest.mark.slow
@pytest.mark.parametrize("rule", ["random", "magnitude"])
@pytest.mark.parametrize("keep", [0.5, 0.2])
def test_one_step_errors_match_the_static_noise_load(rule, keep):
    # Sompolinsky's equivalence: a pruned Hebbian net at load alpha has the crosstalk of
    # an unpruned one at alpha (1 + kappa^2), so a stored bit is unhappy with probability
    # 1/2 erfc(1 / sqrt(2 alpha (1 + kappa^2))). Pick p so that this is ~2.3%.
    n, nets, probes = 600, 3, 30
    kappa2 = pruning_noise(rule, keep)
    p = round(0.25 / (1 + kappa2) * n) | 1
    prune = prune_at_random if rule == "random" else prune_by_magnitude
    rng = np.random.default_rng(11)
    errors = []
    for _ in range(nets):
        patterns = random_patterns(n, p, rng)
        w = prune(hebbian_weights(patterns, normalize=False), keep, rng=rng).weights
        h = patterns[:probes] @ w  # W is symmetric: row k is the input at pattern k
        errors.append(np.mean(patterns[:probes] * h < 0))
    theory = one_step_error(p * (1 + kappa2) / n)
    # ~1200 unhappy bits in all: sampling error ~3%; the Gaussian (large-p) form of the
    # theory and finite n add a few % more. 15% would catch a wrong kappa^2: random and
    # magnitude pruning at the same p differ by a factor 2 to 10 in error.
    assert np.mean(errors) == pytest.approx(theory, rel=0.15)


def test_activity_rule_at_low_temperature_is_magnitude_pruning():
    # A cold net watched at its (stable) patterns has C = W / p exactly, so the
    # activity rule removes the weakest synapses: every kept |w| >= every removed |w|.
    patterns = random_patterns(150, 5, rng=0)
    w = pruned_weights(patterns, "activity", 0.3, np.random.default_rng(1), temperature=0.01)
    full = np.abs(hebbian_weights(patterns, normalize=False))
    kept = w != 0
    np.fill_diagonal(kept, True)
    assert full[w != 0].min() >= full[~kept].max()
    assert np.count_nonzero(w) / (150 * 149) == pytest.approx(0.3, abs=1e-3)
    np.testing.assert_array_equal(w, w.T)


def test_trial_retrieves_far_below_capacity_and_not_far_above():
    # Static-noise theory: random dilution to c = 0.5 holds 0.173 patterns per remaining
    # synapse. At a tenth of it every probe is retrieved; at 5x it (where even n = 400
    # nets, which retrieve ~1.5x above theory, fail) none is.
    low = pruning_trial(
        {"n": 300, "rule": "random", "keep": 0.5, "load": 0.0173, "probes": 3},
        np.random.default_rng(2),
    )
    high = pruning_trial(
        {"n": 300, "rule": "random", "keep": 0.5, "load": 0.87, "probes": 3},
        np.random.default_rng(3),
    )
    assert low["retrieved"] == 1.0 and low["overlap"] == 1.0
    assert high["retrieved"] == 0.0


def test_capacity_table_finds_the_crossing():
    runs = pd.DataFrame(
        {
            "rule": "random",
            "keep": 0.5,
            "load": [0.1, 0.2, 0.3, 0.1, 0.2, 0.3],
            "load_actual": [0.1, 0.2, 0.3, 0.1, 0.2, 0.3],
            "overlap": [1.0, 0.9, 0.2, 1.0, 0.8, 0.2],
            "retrieved": [1.0, 1.0, 0.0, 1.0, 0.5, 0.0],
        }
    )
    summary, capacity = capacity_table(runs)
    assert list(summary["retrieved_mean"]) == [1.0, 0.75, 0.0]
    # Linear interpolation of 0.75 -> 0 between loads 0.2 and 0.3 crosses 0.5 at 0.2333.
    assert capacity.loc[0, "capacity"] == pytest.approx(0.2 + 0.1 * 0.25 / 0.75)
    assert capacity.loc[0, "theory"] == pytest.approx(0.1731, abs=1e-4)
