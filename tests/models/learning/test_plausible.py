"""Backprop, signSGD and feedback alignment against independent computations."""

import numpy as np
import pytest

import neuroagents as na
from neuroagents.models.learning import plausible as pl
from neuroagents.models.learning.experiments import alignment as pl_exp
from neuroagents.models.learning.feedforward import LayeredNet
from neuroagents.models.learning.tasks import Minibatches, make_task


def _net(sizes, seed):
    rng = np.random.default_rng(seed)
    net = LayeredNet.random(sizes, rng=rng)
    return LayeredNet(net.weights, [rng.normal(size=t.shape) for t in net.thresholds])


def test_gradient_of_one_sigmoid_unit_by_hand():
    # L = (s - y)^2 with s = sigmoid(w x - theta): dL/dw = 2 (s - y) s (1 - s) x,
    # dL/dtheta = -2 (s - y) s (1 - s).
    w, theta, x, y = 0.7, -0.2, 1.5, 1.0
    s = 1 / (1 + np.exp(-(w * x - theta)))
    g = pl.gradients(LayeredNet([[[w]]], [[theta]]), np.array([[x]]), np.array([[y]]))
    assert g.weights[0][0, 0] == pytest.approx(2 * (s - y) * s * (1 - s) * x, rel=1e-13)
    assert g.thresholds[0][0] == pytest.approx(-2 * (s - y) * s * (1 - s), rel=1e-13)
    assert g.loss == pytest.approx((s - y) ** 2, rel=1e-13)


def test_backprop_gradient_equals_central_finite_differences():
    net = _net([4, 5, 3, 2], seed=0)
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(6, 4)), rng.random((6, 2))
    g = pl.gradients(net, x, y)
    analytic = net.layout.join(g.weights, g.thresholds)
    flat, h = net.parameters(), 1e-6
    numeric = np.empty_like(flat)
    for i in range(flat.size):
        up, down = flat.copy(), flat.copy()
        up[i] += h
        down[i] -= h
        numeric[i] = (
            LayeredNet.from_parameters(net.sizes, up).loss(x, y)
            - LayeredNet.from_parameters(net.sizes, down).loss(x, y)
        ) / (2 * h)
    assert np.allclose(analytic, numeric, rtol=1e-6, atol=1e-10)
    assert np.abs(analytic).max() > 1e-3  # not trivially zero


def test_feedback_alignment_with_b_equal_w_transpose_is_exactly_backprop():
    net = _net([5, 6, 4, 3], seed=2)
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(7, 5)), rng.random((7, 3))
    bp = pl.gradients(net, x, y)
    fa = pl.gradients(net, x, y, feedback=[w.T.copy() for w in net.weights[1:]])
    for a, b in zip(bp.weights + bp.thresholds, fa.weights + fa.thresholds, strict=True):
        assert np.array_equal(a, b)
    # ... and one FA step with that B is one SGD step, bit for bit.
    sgd = pl.GradientLearner(net, "sgd", lr=0.5)
    same = pl.GradientLearner(net, "fa", lr=0.5, feedback=[w.T.copy() for w in net.weights[1:]])
    sgd.step(x, y)
    same.step(x, y)
    assert np.array_equal(sgd.net.parameters(), same.net.parameters())


def test_random_feedback_differs_from_backprop_below_the_output_only():
    net = _net([5, 6, 3], seed=4)
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(7, 5)), rng.random((7, 3))
    bp = pl.gradients(net, x, y)
    fa = pl.gradients(net, x, y, feedback=pl.random_feedback(net, rng=6))
    assert np.array_equal(bp.weights[-1], fa.weights[-1])
    assert not np.allclose(bp.weights[0], fa.weights[0])


def test_sign_rules_move_every_parameter_by_exactly_the_step_size():
    net = _net([3, 4, 2], seed=7)
    rng = np.random.default_rng(8)
    x, y = rng.normal(size=(5, 3)), rng.random((5, 2))
    g = pl.gradients(net, x, y)
    learner = pl.GradientLearner(net, "signsgd", lr=0.01)
    learner.step(x, y)
    moved = learner.net.parameters() - net.parameters()
    expected = -0.01 * np.sign(net.layout.join(g.weights, g.thresholds))
    assert np.allclose(moved, expected, rtol=0, atol=1e-15)


def test_angles_by_hand():
    assert pl.angle_degrees(np.array([1.0, 0.0]), np.array([0.0, 3.0])) == pytest.approx(90.0)
    assert pl.angle_degrees(np.array([1.0, 1.0]), np.array([-2.0, -2.0])) == pytest.approx(180.0)
    assert np.isnan(pl.angle_degrees(np.zeros(3), np.ones(3)))
    net = _net([3, 4, 2], seed=9)
    assert pl.alignment_angle(net, [w.T for w in net.weights[1:]]) == pytest.approx(0.0, abs=1e-5)
    x, y = np.ones((2, 3)), np.zeros((2, 2))
    assert pl.update_angle(pl.GradientLearner(net, "sgd", 1.0), x, y) == pytest.approx(0, abs=1e-5)


def test_feedback_alignment_update_comes_within_90_degrees_of_the_gradient():
    task, sizes = make_task("teacher", [20], rng=0)
    net = LayeredNet.random(sizes, rng=1)
    fa = pl.GradientLearner(net, "fa", lr=3.0, rng=2)
    batches = Minibatches(len(task.x_train), 32, rng=3)
    probe = (task.x_train[:256], task.y_train[:256])
    start_w = pl.alignment_angle(fa.net, fa.feedback)
    for _ in range(1500):
        idx = batches.next()
        fa.step(task.x_train[idx], task.y_train[idx])
    # Random B starts near orthogonal to W; learning aligns W with B^T and FA's update
    # with the gradient (Lillicrap et al. 2016).
    assert 75 < start_w < 105
    assert pl.alignment_angle(fa.net, fa.feedback) < start_w - 10
    assert pl.update_angle(fa, *probe) < 80
    assert fa.net.loss(task.x_test, task.y_test) < 0.5 * net.loss(task.x_test, task.y_test)


def test_bad_arguments_are_named():
    net = _net([3, 4, 2], seed=0)
    with pytest.raises(na.ValidationError, match=r"'rule'.*'adam'"):
        pl.GradientLearner(net, "adam", lr=0.1)
    with pytest.raises(na.ValidationError, match=r"'lr'.*-1"):
        pl.GradientLearner(net, "sgd", lr=-1)
    with pytest.raises(na.ValidationError, match=r"B_2 must have the shape of W_2ᵀ \(4, 2\)"):
        pl.gradients(net, np.ones((1, 3)), np.ones((1, 2)), feedback=[np.ones((2, 4))])
    with pytest.raises(na.ValidationError, match=r"one matrix per layer above the first"):
        pl.gradients(net, np.ones((1, 3)), np.ones((1, 2)), feedback=[])


def test_alignment_experiment_quick_table():
    params = {
        "tasks": ["teacher"],
        "hidden": [8],
        "seeds": 2,
        "steps": 30,
        "batch_size": 16,
        "lr": 3.0,
        "points": 4,
        "probe": 64,
    }
    result = pl_exp.EXPERIMENTS["feedback_alignment"].run(params, np.random.default_rng(0))
    table = result.table
    assert {"update_angle", "weight_angle", "step", "seed"} <= set(table.columns)
    assert table["step"].min() == 0 and table["step"].max() == 30
    assert table["update_angle"].between(0, 180).all()
    assert "below 90" in result.summary
