"""Bad data and schedules for the Boltzmann machines: one named ValidationError each."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.neural_network import BernoulliRBM

from neuroagents.errors import ValidationError
from neuroagents.models import boltzmann as bz

X = (np.random.default_rng(0).random((20, 4)) < 0.5).astype(float)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (np.where(X == 0, np.nan, X), "'X' parameter of RBM must be finite. Got nan"),
        (np.where(X == 0, np.inf, X), "must be finite"),
        (np.zeros((5, 0)), r"at least 1 sample and 1 feature. Got shape \(5, 0\)"),
        (np.zeros((0, 4)), r"at least 1 sample and 1 feature. Got shape \(0, 4\)"),
        (np.zeros(4), r"must be 2-d .* Got shape \(4,\)"),
        ("0101", "2-d array of numbers"),
        ([[0, 1], [1]], "2-d array of numbers"),
        (2 * X - 1, r"values in \[0, 1\]"),
    ],
)
def test_rbm_fit_refuses_bad_data(data, match):
    with pytest.raises(ValidationError, match=match):
        bz.RBM(2, n_iter=1, random_state=0).fit(data)


def test_rbm_refit_with_a_seed_reproduces_as_bernoulli_rbm_does():
    ours = bz.RBM(3, n_iter=5, random_state=0)
    first = ours.fit(X).components_.copy()
    ours.transform(X)  # using the model in between changes nothing for the refit
    ours.score_samples(X)
    assert np.array_equal(ours.fit(X).components_, first)
    theirs = BernoulliRBM(n_components=3, n_iter=5, random_state=0)
    assert np.array_equal(theirs.fit(X).components_.copy(), theirs.fit(X).components_)
    # and refitting is not a no-op: another seed gives other weights
    assert not np.allclose(bz.RBM(3, n_iter=5, random_state=1).fit(X).components_, first)


def test_dbn_refit_with_a_seed_reproduces():
    dbn = bz.DBN([3, 2], n_iter=2, random_state=0)
    first = [r.components_.copy() for r in dbn.fit(X).rbms]
    again = [r.components_ for r in dbn.fit(X).rbms]
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (2 * X - 1, "0/1 unit states. Got -1 at row 0"),
        (np.full_like(X, 0.5), "0/1 unit states. Got 0.5"),
        (np.where(X == 0, np.nan, X), "must be finite"),
        (np.zeros((0, 4)), "at least 1 sample"),
    ],
)
def test_boltzmann_machine_refuses_data_outside_its_states(data, match):
    with pytest.raises(ValidationError, match=match):
        bz.BoltzmannMachine(4, 1, random_state=0).fit(data, n_cycles=1)


@pytest.mark.parametrize(
    ("schedule", "match"),
    [
        (((2, 0.0),), "'schedule temperature' .* Got 0.0"),
        (((2, -1.0),), "'schedule temperature'"),
        (((2, float("nan")),), "'schedule temperature' .* Got nan"),
        (((-2, 1.0),), "'schedule sweeps' .* Got -2"),
        (((0, 1.0),), "'schedule sweeps'"),
        ((), "non-empty list of \\(sweeps, temperature\\) pairs"),
        ((2, 1.0), "non-empty list"),
        (5, "non-empty list"),
    ],
)
def test_boltzmann_machine_refuses_bad_schedules(schedule, match):
    with pytest.raises(ValidationError, match=match):
        bz.BoltzmannMachine(4, 1, schedule=schedule, random_state=0)


def test_boltzmann_machine_refuses_bad_temperatures_and_counts():
    bm = bz.BoltzmannMachine(2, 1, random_state=0)
    with pytest.raises(ValidationError, match="'temperature'"):
        bm.chain(3, temperature=0.0)
    with pytest.raises(ValidationError, match="'n_sweeps'"):
        bm.chain(-1)
    with pytest.raises(ValidationError, match="'temps'"):
        bm.anneal(np.zeros((1, 3)), temps=np.array([1.0, np.nan]))
    with pytest.raises(ValidationError, match="'n_samples'"):
        bm.sample(-3)
    with pytest.raises(ValidationError, match="'temperature'"):
        bm.distribution(temperature=-1.0)


def test_a_good_schedule_still_learns_the_same_numbers():
    # the checks change nothing for valid input: same seed, same weights
    a = bz.BoltzmannMachine(4, 1, schedule=[(2, 10), (2, 5.0)], random_state=3).fit(X, 2)
    b = bz.BoltzmannMachine(4, 1, schedule=((2, 10.0), (2, 5.0)), random_state=3).fit(X, 2)
    assert np.array_equal(a.weights_, b.weights_) and a.schedule == ((2, 10.0), (2, 5.0))
