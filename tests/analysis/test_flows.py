"""Vector fields, Lyapunov spectra and limit cycles, on models and on plain functions.

Every check has an exact answer: the model's field against its formula (1e-12), the
tangent flow against finite differences of the field (1e-6, the differences' error),
Lyapunov exponents of linear systems (their eigenvalues' real parts; the rotating pair's
averages converge like 1/T, 2e-2 asked at T = 400; their sum is the trace, 1e-6), van
der Pol's period (6.6633, within 1e-3), the Hopf normal form's radius sqrt(mu).
"""

import numpy as np
import pytest

import neuroagents as na
from neuroagents.analysis.limit_cycles import activation_order, cycle_of, limit_cycle
from neuroagents.analysis.lyapunov import divergence, lyapunov_spectrum, map_lyapunov
from neuroagents.analysis.vector_fields import (
    integrate,
    nullclines,
    ode_fixed_points,
    stability_class,
    vector_field,
)
from neuroagents.errors import ValidationError

W = np.array([[0.2, -1.3, 0.4], [0.9, 0.1, -0.5], [0.3, 0.8, -0.2]])


@pytest.mark.parametrize("rule", ["tanh", "sigmoid", "linear"])
def test_model_field_is_the_rate_equation_and_its_tangent_is_the_jacobian(rule):
    m = na.NeuralModel(
        na.Connectome.from_matrix(W, weight_dtype="float64"),
        rule=rule,
        drive=[0.1, -0.2, 0.3],
        tau=[1.0, 2.0, 0.5],
        dt=0.01,
    )
    f = vector_field(m)
    x = np.array([0.3, -0.4, 0.5])
    target = m.rule.targets(W @ x + m.drive)
    np.testing.assert_allclose(f.rhs(x), (target - x) / m.tau, atol=1e-12)
    fd = vector_field(f.rhs, dim=3)  # central differences
    v = np.random.default_rng(0).normal(size=(3, 2))
    np.testing.assert_allclose(f.flow(x, v)[1], fd.jac(x) @ v, atol=1e-6)
    m.set_state(x)
    np.testing.assert_allclose(f.jac(x), m.jacobian(), atol=1e-12)


def test_graded_response_field_is_in_the_potentials():
    m = na.NeuralModel(
        na.Connectome.from_matrix(W, weight_dtype="float64"),
        rule=na.GradedResponse("tanh", gain=1.5),
        dt=0.01,
    )
    u = np.array([0.2, -0.1, 0.4])
    np.testing.assert_allclose(vector_field(m).rhs(u), -u + W @ np.tanh(1.5 * u), atol=1e-12)


def test_lyapunov_spectrum_of_a_linear_flow_is_its_eigenvalues():
    A = np.array([[-0.1, 1.0, 0.0], [-1.0, -0.1, 0.0], [0.0, 0.0, -1.0]])
    r = lyapunov_spectrum(
        lambda x: A @ x,
        np.ones(3),
        dt=0.05,
        steps=8000,
        k=3,
        transient=1000,
        jac=lambda x: A,
        rng=0,
    )
    # The rotating pair's log R_ii oscillate; their averages converge like 1/T.
    np.testing.assert_allclose(r.exponents, [-0.1, -0.1, -1.0], atol=2e-2)
    assert r.exponents.sum() == pytest.approx(np.trace(A), abs=1e-6)


def test_model_and_function_give_the_same_exponent():
    J = np.random.default_rng(1).normal(0, 1 / np.sqrt(30), (30, 30))
    m = na.NeuralModel(
        na.Connectome.from_matrix(2.0 * J, weight_dtype="float64"),
        rule=na.GradedResponse("tanh"),
        dt=0.1,
    )
    x0 = np.random.default_rng(2).normal(size=30)
    a = lyapunov_spectrum(m, x0, dt=0.1, steps=300, rng=3).exponents
    b = lyapunov_spectrum(
        lambda u: -u + 2.0 * J @ np.tanh(u),
        x0,
        dt=0.1,
        steps=300,
        jac=lambda u: -np.eye(30) + 2.0 * J * (1 - np.tanh(u) ** 2),
        rng=3,
    )
    np.testing.assert_allclose(a, b.exponents, rtol=1e-6)  # summation order differs


def test_map_exponent_of_a_linear_map_and_divergence_rate():
    r = map_lyapunov(lambda x: 0.5 * x, [1.0], 50)
    assert r.exponents[0] == pytest.approx(np.log(0.5), abs=1e-6)
    t, d = divergence(lambda x: 0.3 * x, [0.0, 0.0], delta=1e-10, dt=0.01, steps=500)
    assert np.log(d[-1] / d[0]) / t[-1] == pytest.approx(0.3, rel=1e-6)


def test_fixed_points_and_their_class():
    pts = ode_fixed_points(
        lambda x: np.array([x[1], x[0] - x[0] ** 3 - 0.5 * x[1]]),
        np.array([[-1.5, 0.1], [0.1, 0.1], [1.5, -0.1]]),
    )
    kinds = {round(float(p.state[0]), 6): p.kind for p in pts}
    assert kinds == {-1.0: "stable focus", 1.0: "stable focus", 0.0: "saddle"}
    assert stability_class(np.array([0.0, -1.0])) == "non-hyperbolic"


def test_nullclines_of_a_linear_field():
    xn, yn = nullclines(lambda p: np.array([p[1] - 2 * p[0], p[0] + p[1]]), (-1, 1), (-2, 2), 41)
    np.testing.assert_allclose(xn[:, 1], 2 * xn[:, 0], atol=1e-9)
    np.testing.assert_allclose(yn[:, 1], -yn[:, 0], atol=1e-9)
    with pytest.raises(ValidationError):
        vector_field(42)


def test_limit_cycles_van_der_pol_and_hopf_normal_form():
    vdp = limit_cycle(
        lambda x: np.array([x[1], (1 - x[0] ** 2) * x[1] - x[0]]),
        [0.5, 0.0],
        dt=0.01,
        transient=60,
        duration=70,
    )
    assert vdp.periodic and vdp.period == pytest.approx(6.6633, abs=1e-3)

    def hopf(p, mu=0.04):
        r2 = p[0] ** 2 + p[1] ** 2
        return np.array([mu * p[0] - p[1] - r2 * p[0], p[0] + mu * p[1] - r2 * p[1]])

    c = limit_cycle(hopf, [0.1, 0.0], dt=0.02, transient=400, duration=40)
    assert c.amplitude[0] / 2 == pytest.approx(0.2, rel=1e-3)  # radius sqrt(mu)
    spiral = cycle_of(*_decaying_spiral())
    assert not spiral.periodic


def _decaying_spiral():
    t = np.linspace(0, 60, 6001)
    return t, np.column_stack([np.exp(-0.1 * t) * np.cos(t), np.exp(-0.1 * t) * np.sin(t)])


def test_activation_order_and_integrate():
    t = np.linspace(0, 20, 2001)
    x = np.column_stack([np.sin(t - 1), np.sin(t - 3), np.sin(t - 2)])
    assert activation_order(t, x, 2 * np.pi) in ([0, 2, 1], [2, 1, 0], [1, 0, 2])
    traj = integrate(lambda x: -x, [2.0], 0.1, 10)
    assert traj[-1, 0] == pytest.approx(2 * np.exp(-1.0), rel=1e-6)


def test_float32_weights_give_the_float64_field_to_float32_rounding():
    gen = np.random.default_rng(4)
    J = gen.normal(0, 1 / np.sqrt(300), (300, 300))
    rule = na.GradedResponse("tanh")
    f32 = vector_field(na.NeuralModel(na.Connectome.from_matrix(J), rule=rule))
    f64 = vector_field(
        na.NeuralModel(na.Connectome.from_matrix(J, weight_dtype="float64"), rule=rule)
    )
    x, v = gen.normal(size=300), gen.normal(size=(300, 1))
    for a, b in zip(f32.flow(x, v), f64.flow(x, v), strict=True):
        # float32 sums of 300 terms of size ~0.06: errors ~1e-6
        np.testing.assert_allclose(a, b, atol=1e-5)
