"""The stability-optimised circuit: optimisation, Gramian, controls, jPCA verdicts."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.linalg import expm

from neuroagents.errors import ConfigError, ValidationError
from neuroagents.models.motor import MotorModel, soc
from neuroagents.models.motor.experiments import EXPERIMENTS
from neuroagents.models.motor.experiments.soc import check_config


@pytest.fixture(scope="module")
def optimised():
    W0, n_exc = soc.random_ei_weights(60, radius=5.0, rng=3)
    return soc.optimize_inhibition(W0, n_exc, rate=10.0, steps=2000, target=-0.2)


def test_optimisation_stabilises_and_keeps_dale_and_density(optimised):
    W0, W, ne = optimised.initial, optimised.W, optimised.n_exc
    assert soc.spectral_abscissa(W0) > 1.0  # far from stable at the start
    assert soc.spectral_abscissa(W) < -0.2  # stopped below the target
    h = optimised.history["abscissa"]
    assert h.iloc[0] == pytest.approx(soc.spectral_abscissa(W0))
    assert h.iloc[-1] == pytest.approx(soc.spectral_abscissa(W))
    np.testing.assert_array_equal(W[:, :ne], W0[:, :ne])  # excitation never touched
    assert (W[:, ne:] <= 0).all() and (W[:, :ne] >= 0).all()  # Dale's law
    assert np.count_nonzero(W[:, ne:]) == np.count_nonzero(W0[:, ne:])  # density
    assert np.count_nonzero(np.diag(W)) == 0  # no autapses


def test_lyapunov_solution_satisfies_its_equation(optimised):
    W = optimised.W
    A = W - np.eye(len(W))
    Q = soc.observability_gramian(W)
    residual = A.T @ Q + Q @ A + 2 * np.eye(len(W))
    # Bartels-Stewart is backward stable: residual ~ machine eps x |A| |Q|
    assert np.abs(residual).max() < 1e-10 * np.abs(A).max() * np.abs(Q).max() * len(W)
    np.testing.assert_allclose(Q, Q.T, atol=1e-9 * np.abs(Q).max())
    assert np.linalg.eigvalsh(Q).min() > 0


def _integrated_energy(W, x0, t_end):
    """``2 int_0^T |x(t)|^2 dt`` by integrating dx/dt = (W - I) x with an ODE solver."""
    A = W - np.eye(len(W))

    def rhs(t, y):
        x = y[:-1]
        return np.append(A @ x, 2 * x @ x)

    sol = solve_ivp(rhs, (0, t_end), np.append(x0, 0.0), rtol=1e-9, atol=1e-12)
    return sol.y[-1, -1]


def test_top_gramian_direction_is_amplified_more_than_a_random_one(optimised):
    W = optimised.W
    energies, dirs = soc.gramian_directions(W, 1)
    x_rand = np.random.default_rng(0).normal(size=len(W))
    x_rand /= np.linalg.norm(x_rand)
    # 60 tau: the slowest mode has decayed by exp(-2 x 0.2 x 60) = 4e-11
    e_top = _integrated_energy(W, dirs[:, 0], 60.0)
    e_rand = _integrated_energy(W, x_rand, 60.0)
    # independent check of the Gramian: the ODE's energy is x^T Q x (solver tol 1e-9)
    assert e_top == pytest.approx(energies[0], rel=1e-5)
    assert e_rand == pytest.approx(soc.evoked_energy(W, x_rand), rel=1e-5)
    assert e_top / e_rand > 1.5
    # and a normal network with the same eigenvalues amplifies nothing: at most 1 / |alpha|
    normal = soc.normal_counterpart(W, 0)
    e_normal = soc.gramian_directions(normal, 1)[0][0]
    assert e_normal == pytest.approx(1 / abs(soc.spectral_abscissa(W)), rel=1e-8)
    assert energies[0] > 2 * e_normal


def test_normal_counterpart_never_grows_and_soc_does(optimised):
    W = optimised.W
    normal = soc.normal_counterpart(W, 1)
    np.testing.assert_allclose(normal @ normal.T, normal.T @ normal, atol=1e-10)
    x = soc.gramian_directions(normal, 1)[1][:, 0]
    ts = np.linspace(0, 10, 41)
    norms = [np.linalg.norm(expm((normal - np.eye(len(W))) * t) @ x) for t in ts]
    assert np.all(np.diff(norms) <= 1e-12)
    x = soc.gramian_directions(W, 1)[1][:, 0]
    peak = max(np.linalg.norm(expm((W - np.eye(len(W))) * t) @ x) for t in ts)
    assert peak > 1.2


def test_engine_run_follows_the_exact_solution(optimised):
    net, prep, _ = soc.network_from_weights(optimised.W, tau=200.0, dt=0.1, rng=0)
    run = MotorModel.from_network(net).run_trial(
        prep[0], prep=0.0, before=0.0, after=400.0, every=100.0
    )
    A = optimised.W - np.eye(net.n)
    exact = np.array([expm(A * t / 200.0) @ prep[0] for t in run.times])
    # exponential Euler at dt/tau = 5e-4: an error ~ (dt/tau)|lambda|^2 t / 2 per mode,
    # |lambda| <= ~6 here: below 2% of the trajectory's size over 2 tau
    err = np.linalg.norm(run.rates - exact, axis=1).max() / np.linalg.norm(exact, axis=1).max()
    assert err < 0.02
    # the preparatory state is output-null: the muscles sit at baseline
    np.testing.assert_allclose(net.readout @ prep.T, 0.0, atol=1e-12)


def test_controls_have_the_soc_abscissa(optimised):
    W = optimised.W
    alpha = soc.spectral_abscissa(W)
    assert soc.spectral_abscissa(soc.rescaled_to_abscissa(optimised.initial, alpha)) == (
        pytest.approx(alpha, abs=1e-10)
    )
    assert soc.spectral_abscissa(soc.symmetric_network(60, alpha, 0)) == pytest.approx(alpha)
    lam_n = np.sort_complex(np.linalg.eigvals(soc.normal_counterpart(W, 0)))
    np.testing.assert_allclose(lam_n, np.sort_complex(np.linalg.eigvals(W)), atol=1e-8)


def test_same_seed_same_network():
    a = soc.soc_network(30, radius=3.0, steps=500, rng=5)
    b = soc.soc_network(30, radius=3.0, steps=500, rng=5)
    np.testing.assert_array_equal(a[0].W, b[0].W)
    np.testing.assert_array_equal(a[1], b[1])


def test_bad_inputs_are_named():
    with pytest.raises(ValidationError, match=r"'density'.*random_ei_weights"):
        soc.random_ei_weights(20, density=1.5)
    W0, ne = soc.random_ei_weights(20, rng=0)
    with pytest.raises(ValidationError, match="Dale"):
        soc.optimize_inhibition(-W0, ne)
    with pytest.raises(ValidationError, match="stable W"):
        soc.observability_gramian(W0)
    with pytest.raises(ValidationError, match="unstable"):
        soc.soc_network(20, steps=1, rng=0)
    config = {p: v.default for p, v in EXPERIMENTS["soc"].params.items()}
    with pytest.raises(ConfigError, match=r"params\.directions"):
        check_config(config | {"directions": 3})
    with pytest.raises(ConfigError, match="jPCA window"):
        check_config(config | {"tend": 5000.0})


@pytest.mark.slow
def test_jpca_verdicts_at_test_size():
    """The experiment at its --quick size: every claim's verdict, measured."""
    exp = EXPERIMENTS["soc"]
    config = {p: v.default for p, v in exp.params.items()} | dict(exp.quick)
    result = exp.run(config, np.random.default_rng(0))
    table = result.table.set_index(["claim", "network"])
    nets = result.tables["networks"].set_index("network")
    # the SOC rotates, every condition the same way; a symmetric network cannot
    assert nets.loc["soc", "r2_ratio"] >= 0.5
    assert nets.loc["soc", "same_direction"] == 1.0
    assert abs(nets.loc["symmetric", "r2_ratio"]) < 1e-6  # real eigenvalues: M_skew ~ 0
    # amplification: > 1 in the SOC, exactly 1 (never grows) in the normal control
    assert nets.loc["soc", "amplification"] > 1.5
    assert nets.loc["normal", "amplification"] == pytest.approx(1.0, abs=1e-9)
    assert table["holds"].all(), result.summary
