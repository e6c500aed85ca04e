"""The tasks: targets in [0, 1], correct labels, honest splits, minibatch streams."""

import numpy as np
import pytest

import neuroagents as na
from neuroagents.models.learning import tasks as lt


def test_parity_targets_and_a_disjoint_complete_split():
    task = lt.parity(n_bits=5, k=3, test_fraction=0.25, rng=0)
    x = np.concatenate([task.x_train, task.x_test])
    y = np.concatenate([task.y_train, task.y_test])[:, 0]
    assert len(x) == 32 and len({tuple(r) for r in x}) == 32  # every string once
    assert set(np.unique(x)) == {-1.0, 1.0}
    bits = (x[:, :3] > 0).astype(int)
    assert np.array_equal(y, bits.sum(axis=1) % 2)
    assert len(task.x_test) == 8


def test_digits_are_scaled_one_hot_and_stratified():
    task = lt.digits(test_fraction=0.25, rng=1)
    assert task.x_train.min() >= 0 and task.x_train.max() <= 1
    assert np.array_equal(task.y_train.sum(axis=1), np.ones(len(task.y_train)))
    counts = task.y_test.sum(axis=0)
    assert counts.min() >= 43 and counts.max() <= 46  # about a quarter of each ~180
    # always answering 1/2 scores exactly 1/4 on 0/1 targets
    assert np.mean((0.5 - task.y_test) ** 2) == 0.25


def test_teacher_targets_are_the_teachers_outputs():
    task = lt.teacher_student((6, 5, 3), n_train=50, n_test=20, rng=2)
    assert np.array_equal(task.teacher.forward(task.x_test), task.y_test)
    assert task.y_train.min() > 0 and task.y_train.max() < 1
    # centred outputs: the targets spread around 1/2
    assert abs(float(task.y_train.mean()) - 0.5) < 0.15
    assert np.isnan(task.accuracy(task.y_test, task.y_test))


def test_accuracy_by_hand():
    task = lt.digits(rng=0)
    out = np.array([[0.1, 0.9, 0.0], [0.8, 0.1, 0.0]])
    target = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert task.accuracy(out, target) == 0.5


def test_minibatches_cover_each_epoch_once_and_repeat_from_a_seed():
    a, b = lt.Minibatches(10, 5, rng=3), lt.Minibatches(10, 5, rng=3)
    first = [a.next() for _ in range(4)]
    assert np.array_equal(np.sort(np.concatenate(first[:2])), np.arange(10))
    assert np.array_equal(np.sort(np.concatenate(first[2:])), np.arange(10))
    assert all(np.array_equal(u, b.next()) for u in first)


def test_checkpoints_are_sorted_multiples_with_both_ends():
    marks = lt.checkpoints(2000, 10, every=20)
    assert marks[0] == 0 and marks[-1] == 2000
    assert np.all(np.diff(marks) > 0) and np.all(marks % 20 == 0)


def test_bad_task_arguments_are_named():
    with pytest.raises(na.ValidationError, match=r"'k' parameter of parity.*9"):
        lt.parity(n_bits=4, k=9)
    with pytest.raises(na.ValidationError, match=r"'name' parameter of make_task.*'mnist'"):
        lt.make_task("mnist", [4])
    with pytest.raises(na.ValidationError, match=r"params\.hidden"):
        lt.check_hidden_sizes([3, True])
