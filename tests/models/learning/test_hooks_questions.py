"""The hooks the lecture's questions use: structured feedback, hidden units, attacks.

Each is checked against an independent computation or a case with a known answer.
"""

import numpy as np
import pytest

from neuroagents.errors import ValidationError
from neuroagents.models.learning import attacks
from neuroagents.models.learning import plausible as pl
from neuroagents.models.learning.evolution import NNEvolution, OffsetAlleles
from neuroagents.models.learning.feedforward import LayeredNet, activations
from neuroagents.models.learning.units import HiddenUnits


def _net(sizes, seed):
    rng = np.random.default_rng(seed)
    net = LayeredNet.random(sizes, rng=rng)
    return LayeredNet(net.weights, [rng.normal(size=t.shape) for t in net.thresholds])


def _data(n_in, n_out, seed, batch=7):
    rng = np.random.default_rng(seed)
    return rng.random((batch, n_in)), rng.random((batch, n_out))


# ------------------------------------------------------------------ feedback matrices
def test_fa_with_b_equal_w_transpose_for_every_layer_is_backprop_to_1e12():
    # Through the learner (the path the experiments use), 3 hidden layers.
    net = _net([6, 7, 5, 4, 3], seed=0)
    x, y = _data(6, 3, seed=1)
    fa = pl.GradientLearner(net, "fa", 0.5, feedback=[w.T.copy() for w in net.weights[1:]])
    bp = pl.GradientLearner(net, "sgd", 0.5)
    assert fa.step(x, y) == bp.step(x, y)
    for a, b in zip(
        fa.net.weights + fa.net.thresholds, bp.net.weights + bp.net.thresholds, strict=True
    ):
        assert np.abs(a - b).max() <= 1e-12
    # The same through structured feedback's path with binary units (B = Wᵀ, any units).
    units = HiddenUnits("step", "sigmoid")
    fb = [w.T.copy() for w in net.weights[1:]]
    g_fa = pl.GradientLearner(net, "fa", 0.5, feedback=fb, units=units).gradients(x, y)
    g_bp = pl.GradientLearner(net, "sgd", 0.5, units=units).gradients(x, y)
    for a, b in zip(g_fa.weights, g_bp.weights, strict=True):
        assert np.abs(a - b).max() <= 1e-12


def test_density_one_feedback_is_the_existing_fa():
    net = _net([5, 8, 6, 2], seed=2)
    x, y = _data(5, 2, seed=3)
    new = pl.GradientLearner(net, "fa", 1.0, feedback=pl.structured_feedback(net, 4, density=1.0))
    old = pl.GradientLearner(net, "fa", 1.0, rng=np.random.default_rng(4))
    for _ in range(5):
        assert new.step(x, y) == old.step(x, y)
    assert all(np.array_equal(a, b) for a, b in zip(new.net.weights, old.net.weights, strict=True))


def test_sparse_feedback_density_and_variance():
    net = LayeredNet.random([10, 200, 300, 5], rng=0)
    dense = pl.structured_feedback(net, 7)
    for density in (0.5, 0.1, 0.02):
        sparse = pl.structured_feedback(net, 7, density=density)
        b = sparse[0]  # 200 x 300 = 60,000 entries
        # Kept fraction: binomial sd sqrt(p(1-p)/60000) <= 0.002; 4 sd.
        assert np.mean(b != 0) == pytest.approx(density, abs=0.008)
        # Kept entries are the dense draws scaled by 1/sqrt(density): the variance is kept.
        kept = b != 0
        assert np.allclose(b[kept], dense[0][kept] / np.sqrt(density))
        # Variance 1/n_in = 1/200 within ~5% (sd of a sample variance of 60,000 is
        # sqrt(2/N) ~ 0.6% for Gaussians, more for sparse: kurtosis 3/density).
        assert np.var(b) * 200 == pytest.approx(1.0, rel=0.15)


def test_low_rank_feedback_has_that_rank_and_scale():
    net = LayeredNet.random([10, 200, 300, 5], rng=0)
    for rank in (1, 3):
        mats = pl.structured_feedback(net, 8, rank=rank)
        assert [np.linalg.matrix_rank(b) for b in mats] == [rank, rank]
        assert np.var(mats[0]) * 200 == pytest.approx(1.0, rel=0.5)  # product of Gaussians


def test_sign_concordant_feedback_uses_signs_of_w():
    net = _net([4, 5, 3], seed=5)
    x, y = _data(4, 3, seed=6)
    fb = pl.random_feedback(net, 9)
    conc = pl.GradientLearner(net, "fa", 1.0, feedback=fb, concordant=True)
    explicit = [np.abs(fb[0]) * np.sign(net.weights[1].T)]
    ref = pl.gradients(net, x, y, feedback=explicit)
    got = conc.gradients(x, y)
    assert all(
        np.allclose(a, b, rtol=0, atol=1e-15) for a, b in zip(got.weights, ref.weights, strict=True)
    )
    with pytest.raises(ValidationError, match="concordant"):
        pl.GradientLearner(net, "sgd", 1.0, concordant=True)


@pytest.mark.parametrize("bad", [0.0, -0.1, 1.5])
def test_structured_feedback_refuses_bad_density(bad):
    with pytest.raises(ValidationError, match="density"):
        pl.structured_feedback(LayeredNet.random([2, 3, 1], rng=0), 0, density=bad)


def test_alignment_angle_of_w_transpose_is_zero_and_of_minus_is_180():
    net = _net([4, 6, 5, 3], seed=7)
    # arccos near 1: an ulp of the cosine is ~1e-6 degrees.
    assert np.allclose(pl.layer_alignment_angles(net, [w.T for w in net.weights[1:]]), 0, atol=1e-5)
    assert pl.alignment_angle(net, [w.T for w in net.weights[1:]]) == pytest.approx(0, abs=1e-5)
    minus = pl.layer_alignment_angles(net, [-w.T for w in net.weights[1:]])
    assert np.allclose(minus, 180, atol=1e-5)


# ------------------------------------------------------------------ hidden units
def test_sigmoid_units_exact_equal_the_default_path():
    net = _net([5, 6, 4, 3], seed=8)
    x, y = _data(5, 3, seed=9)
    a = pl.gradients(net, x, y)
    b = pl.GradientLearner(net, "sgd", 1.0, units=HiddenUnits("sigmoid", "exact")).gradients(x, y)
    for u, v in zip(a.weights + a.thresholds, b.weights + b.thresholds, strict=True):
        assert np.allclose(u, v, rtol=1e-13, atol=1e-16)


def test_straight_through_on_identity_units_is_backprop_of_the_linear_hidden_net():
    # With identity hidden units the straight-through derivative (1) is the true one, so
    # the update must equal the finite-difference gradient of that net's loss.
    net = _net([4, 5, 3, 2], seed=10)
    x, y = _data(4, 2, seed=11)
    units = HiddenUnits("identity", "straight-through")
    g = pl.GradientLearner(net, "sgd", 1.0, units=units).gradients(x, y)
    analytic = net.layout.join(g.weights, g.thresholds)

    def loss(flat):
        n = LayeredNet.from_parameters(net.sizes, flat)
        out = activations(n.weights, n.thresholds, x, units)[-1]
        return np.mean((out - y) ** 2)

    flat, h = net.parameters(), 1e-6
    numeric = np.array(
        [(loss(flat + h * e) - loss(flat - h * e)) / (2 * h) for e in np.eye(flat.size)]
    )
    assert np.allclose(analytic, numeric, rtol=1e-6, atol=1e-10)
    exact = pl.GradientLearner(net, "sgd", 1.0, units=HiddenUnits("identity", "exact"))
    assert np.allclose(exact.gradients(x, y).weights[0], g.weights[0], rtol=0, atol=0)


def test_step_units_are_binary_and_refuse_the_exact_derivative():
    net = _net([4, 6, 2], seed=12)
    x, _ = _data(4, 2, seed=13)
    units = HiddenUnits("step", "sigmoid")
    hidden = activations(net.weights, net.thresholds, x, units)[1]
    assert set(np.unique(hidden)) <= {0.0, 1.0}
    with pytest.raises(ValidationError, match="surrogate"):
        HiddenUnits("step", "exact")
    with pytest.raises(ValidationError, match="kind"):
        HiddenUnits("relu")


def test_evolution_evaluates_genotypes_with_the_given_units():
    net = _net([4, 6, 2], seed=14)
    x, y = _data(4, 2, seed=15)
    units = HiddenUnits("step", "straight-through")
    evo = NNEvolution(net, OffsetAlleles(0.1, 0.6), population=4, epsilon=1.0, rng=0, hidden=units)
    report = evo.step(x, y)
    # Recompute genotype 0's loss independently from its alleles.
    flat = net.parameters() + 0.1 * (report.alleles[0] - 1.0)
    n = LayeredNet.from_parameters(net.sizes, flat)
    out = activations(n.weights, n.thresholds, x, units)[-1]
    assert report.losses[0] == pytest.approx(np.mean((out - y) ** 2), rel=1e-12)


# ------------------------------------------------------------------ attacks
def test_input_gradient_equals_finite_differences():
    net = _net([5, 6, 4, 3], seed=16)
    x, y = _data(5, 3, seed=17, batch=4)
    g = attacks.input_gradient(net, x, y)
    h = 1e-6
    for b in range(len(x)):
        for i in range(x.shape[1]):
            up, down = x[b].copy(), x[b].copy()
            up[i] += h
            down[i] -= h
            num = (net.loss(up[None], y[b : b + 1]) - net.loss(down[None], y[b : b + 1])) / (2 * h)
            assert g[b, i] == pytest.approx(num, rel=1e-5, abs=1e-10)
    assert np.abs(g).max() > 1e-3


def test_attacks_with_zero_eps_change_nothing():
    net = _net([5, 6, 3], seed=18)
    x, y = _data(5, 3, seed=19)
    assert np.array_equal(attacks.fgsm(net, x, y, 0.0), x)
    assert np.array_equal(attacks.pgd(net, x, y, 0.0), x)
    assert np.array_equal(attacks.random_sign_noise(x, 0.0, rng=0), x)


def test_pgd_stays_in_the_ball_and_range_and_beats_fgsm_and_noise():
    net = _net([8, 10, 3], seed=20)
    rng = np.random.default_rng(21)
    x, y = rng.random((50, 8)), np.eye(3)[rng.integers(0, 3, 50)]
    eps = 0.2
    adv = attacks.pgd(net, x, y, eps, steps=20)
    assert np.abs(adv - x).max() <= eps + 1e-15
    assert adv.min() >= 0.0 and adv.max() <= 1.0
    clean = net.loss(x, y)
    f = net.loss(attacks.fgsm(net, x, y, eps), y)
    p = net.loss(adv, y)
    noise = net.loss(attacks.random_sign_noise(x, eps, rng=0), y)
    # Ascent: the attacks raise the loss; PGD (20 steps) at least as much as one FGSM step
    # to within a tiny slack; noise much less than either.
    assert clean < noise < f <= p * (1 + 1e-9)
    # Started at FGSM's point, PGD keeps each example's worst iterate: never weaker.
    from_fgsm = attacks.pgd(net, x, y, eps, start=attacks.fgsm(net, x, y, eps))
    per_ex = lambda z: np.mean((net.forward(z) - y) ** 2, axis=1)  # noqa: E731
    assert np.all(per_ex(from_fgsm) >= per_ex(attacks.fgsm(net, x, y, eps)))
    assert np.abs(from_fgsm - x).max() <= eps + 1e-15
    with pytest.raises(ValidationError, match="eps"):
        attacks.fgsm(net, x, y, -0.1)
