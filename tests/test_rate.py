"""Continuous (rate) neurons against exact solutions and linear theory."""

import math

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

import neuroagents as na

RATE_RULES = ["linear", "relu", "sigmoid", "tanh", "graded-tanh", "graded-sigmoid"]
SCHEDULERS = ["sync", "async-sweep", "async-site", "fixed-order", "poisson"]


def _random_w(n, seed, scale=0.8, symmetric=False):
    rng = np.random.default_rng(seed)
    w = rng.normal(0, scale / math.sqrt(n), (n, n))
    if symmetric:
        w = (w + w.T) / 2
    np.fill_diagonal(w, 0.0)
    return w


# ---------------------------------------------------------------------- exact solutions
def _exact_linear(w, h, tau, v0, t):
    """v(t) of tau dv/dt = -v + W v + h, by the matrix exponential of the augmented system."""
    n = w.shape[0]
    aug = np.zeros((n + 1, n + 1))
    aug[:n, :n] = (w - np.eye(n)) / tau
    aug[:n, n] = h / tau
    return (scipy.linalg.expm(aug * t) @ np.append(v0, 1.0))[:n]


@pytest.mark.parametrize("integrator", ["exponential", "euler"])
def test_linear_network_converges_to_expm_at_first_order(integrator):
    n = 12
    w = _random_w(n, 0, scale=1.5)
    h = np.random.default_rng(1).normal(size=n)
    v0 = np.random.default_rng(2).normal(size=n)
    exact = _exact_linear(w, h, 2.0, v0, 3.0)
    errors = []
    for dt in (0.04, 0.02, 0.01, 0.005):
        # float64 weights: float32 rounding would floor the error at ~1e-7.
        c = na.Connectome.from_matrix(w, weight_dtype="float64")
        m = na.NeuralModel(
            c, rule="linear", scheduler="sync", drive=h, tau=2.0, dt=dt, integrator=integrator,
            state=v0, record_every=None,
        )  # fmt: skip
        m.run_until(3.0)
        assert m.time == pytest.approx(3.0, abs=1e-12)
        errors.append(np.max(np.abs(m.state - exact)))
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    # First order: halving dt halves the error (ratio -> 2 as dt -> 0).
    assert np.all((ratios > 1.85) & (ratios < 2.15)), ratios
    assert errors[-1] < 5e-3


def test_exponential_euler_is_exact_for_an_uncoupled_leak():
    m = na.NeuralModel(
        np.zeros((3, 3)), rule="linear", scheduler="sync", drive=[1.0, -2.0, 0.5],
        tau=[1.0, 0.5, 3.0], dt=0.37, state=[0.0, 1.0, -1.0], record_every=None,
    )  # fmt: skip
    m.run_until(2.2)  # not a multiple of dt: the last step is shortened
    tau = np.array([1.0, 0.5, 3.0])
    h = np.array([1.0, -2.0, 0.5])
    exact = h + (np.array([0.0, 1.0, -1.0]) - h) * np.exp(-2.2 / tau)
    np.testing.assert_allclose(m.state, exact, rtol=1e-12, atol=1e-14)


# ---------------------------------------------------------------------- engines agree
@pytest.mark.parametrize("rule", RATE_RULES)
@pytest.mark.parametrize("scheduler", SCHEDULERS)
@pytest.mark.parametrize("storage", ["dense", "sparse"])
def test_compiled_and_agents_engines_agree_on_rate_rules(rule, scheduler, storage):
    n = 14
    w = _random_w(n, 3, scale=1.2)
    w[np.abs(w) < 0.1] = 0.0
    c = na.Connectome.from_matrix(w, storage=storage)
    kw = dict(rule=rule, scheduler=scheduler, drive=0.3, threshold=0.1, tau=1.5, rng=7)
    if scheduler != "poisson":
        kw["dt"] = 0.2
    engines = ("compiled", "agents")
    models = {e: na.NeuralModel(c, engine=e, record_every=None, **kw) for e in engines}
    start = np.random.default_rng(4).uniform(0.05, 0.95, n)
    for m in models.values():
        m.set_state(start)
        m.clamp([0], 0.5)
    for _ in range(12):
        for m in models.values():
            m.step()
        a, b = models["compiled"].state, models["agents"].state
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(
            models["compiled"].input, models["agents"].input, rtol=1e-12, atol=1e-12
        )
    assert models["compiled"].time == models["agents"].time
    assert np.ptp(models["compiled"].state[1:]) > 0  # something happened


# ---------------------------------------------------------------------- fixed points
def test_threshold_linear_network_reaches_the_active_set_solution():
    n = 40
    w = _random_w(n, 5, scale=0.9)
    h = np.random.default_rng(6).normal(0.2, 1.0, n)
    m = na.NeuralModel(
        w, rule="relu", scheduler="sync", drive=h, dt=0.1, state=np.zeros(n), record_every=None
    )
    report = m.run_until_stable(max_sweeps=20_000, tol=1e-11)
    assert report.converged
    v = m.state
    active = v > 1e-8  # inactive rates decay toward 0 exponentially, never reaching it
    assert 0 < active.sum() < n  # both kinds present, so the check means something
    w32 = m.connectome.to_dense().astype(np.float64)
    # Direct solve on the active set: (I - W_AA) v_A = h_A, v = 0 elsewhere.
    solve = np.linalg.solve(np.eye(active.sum()) - w32[np.ix_(active, active)], h[active])
    np.testing.assert_allclose(v[active], solve, rtol=1e-8, atol=1e-9)
    assert np.all((w32 @ v + h)[~active] <= 1e-9)  # inactive neurons stay below threshold
    assert np.max(np.abs(m.rates_of_change())) < 1e-11


def test_poisson_rate_clocks_converge_to_the_same_fixed_point():
    n = 30
    w = _random_w(n, 8, scale=0.6)
    h = np.random.default_rng(9).normal(0.5, 0.5, n)
    ode = na.NeuralModel(w, rule="relu", scheduler="sync", drive=h, dt=0.1, record_every=None)
    ode.run_until_stable(max_sweeps=10_000, tol=1e-12)
    clocks = na.NeuralModel(w, rule="relu", scheduler="poisson", drive=h, rng=0, record_every=None)
    report = clocks.run_until_stable(max_sweeps=500, tol=1e-12)
    assert report.converged
    np.testing.assert_allclose(clocks.state, ode.state, atol=1e-9)


def test_jacobian_matches_finite_differences_and_linear_theory():
    n = 6
    w = _random_w(n, 10, scale=1.0, symmetric=True)
    m = na.NeuralModel(w, rule=na.Rate("tanh", gain=1.7), scheduler="sync", drive=0.2, tau=0.5)
    m.set_state(np.random.default_rng(11).uniform(-0.8, 0.8, n))
    j = m.jacobian()
    s0, eps = m.state.copy(), 1e-6
    numeric = np.zeros((n, n))
    for k in range(n):
        for sign in (1, -1):
            s = s0.copy()
            s[k] += sign * eps
            m.set_state(s)
            numeric[:, k] += sign * m.rates_of_change() / (2 * eps)
    np.testing.assert_allclose(j, numeric, rtol=1e-6, atol=1e-6)
    # Linear rule: eigenvalues are (eig(W) - 1) / tau.
    lin = na.NeuralModel(w, rule="linear", tau=0.5, scheduler="sync")
    w32 = lin.connectome.to_dense().astype(np.float64)
    np.testing.assert_allclose(
        np.sort(np.linalg.eigvals(lin.jacobian()).real),
        np.sort((np.linalg.eigvalsh(w32) - 1) / 0.5),
        atol=1e-12,
    )


def test_fixed_points_of_a_bistable_neuron():
    # v = tanh(2 v): unstable 0 and two stable points ±v*, v* = 0.957504...
    m = na.NeuralModel(np.array([[2.0]]), rule="tanh", scheduler="sync", state=[0.0])
    points = m.fixed_points(starts=12, rng=0)
    values = sorted(float(p.state[0]) for p in points)
    assert values == pytest.approx([-0.9575040240772687, 0.0, 0.9575040240772687], abs=1e-9)
    stable = {round(float(p.state[0]), 6): p.stable for p in points}
    assert stable == {-0.957504: True, 0.0: False, 0.957504: True}
    # The eigenvalue at 0 is 2 * 1 - 1 = 1 (unstable); at v* it is 2 (1 - v*^2) - 1 < 0.
    at_zero = next(p for p in points if abs(p.state[0]) < 1e-9)
    assert at_zero.eigenvalues[0].real == pytest.approx(1.0)


# ---------------------------------------------------------------------- graded response
@given(seed=st.integers(0, 10_000), n=st.integers(2, 8), gain=st.floats(0.5, 4.0))
@settings(max_examples=40, deadline=None)
def test_graded_response_energy_never_increases(seed, n, gain):
    w = _random_w(n, seed, scale=2.0, symmetric=True)
    rng = np.random.default_rng(seed)
    # "Small dt" relative to the fastest rate of the dynamics, gain * ||W|| / tau: the
    # energy falls by O(dt) a step and the integrator errs by O(dt^2 ||J||), so with
    # dt ||J|| <= 0.01 no step can rise by more than rounding.
    dt = 0.01 / max(1.0, gain * np.linalg.norm(w, 2))
    m = na.NeuralModel(
        w, rule=na.GradedResponse("tanh", gain=gain), scheduler="sync", dt=dt,
        drive=rng.normal(0, 0.5, n), record_every=None,
    )  # fmt: skip
    m.set_potential(rng.normal(0, 1.5, n))
    energies = [m.energy()]
    for _ in range(int(3.0 / dt)):  # three time constants
        m.step()
        energies.append(m.energy())
    steps = np.diff(energies)
    assert np.all(steps <= 1e-12 * (1 + np.abs(energies[:-1]))), steps.max()


def test_graded_response_output_follows_its_potential():
    m = na.NeuralModel(
        np.zeros((2, 2)), rule=na.GradedResponse("sigmoid", gain=3.0), drive=[1.0, -1.0],
        scheduler="sync", dt=0.05,
    )  # fmt: skip
    assert m.state.tolist() == [0.5, 0.5]  # u = 0 by default
    m.run_until(20.0)
    np.testing.assert_allclose(m.potential, [1.0, -1.0], atol=1e-8)
    np.testing.assert_allclose(m.state, 1 / (1 + np.exp(-3.0 * np.array([1.0, -1.0]))))
    with pytest.raises(na.ValidationError, match="strictly inside"):
        m.set_state([0.5, 1.0])


# ---------------------------------------------------------------------- time and records
def test_rate_time_is_continuous_and_records_on_a_grid():
    m = na.NeuralModel(
        np.array([[0.0, 0.5], [0.5, 0.0]]), rule="sigmoid", scheduler="sync", dt=0.1,
        record_every=0.5, agent_reporters={"v": "state"},
    )  # fmt: skip
    m.run_until(12.5)
    assert m.time == pytest.approx(12.5) and m.steps == 125
    times = m.datacollector.get_model_vars_dataframe()["time"].to_numpy()
    np.testing.assert_allclose(times, np.arange(0, 12.51, 0.5))
    m.run_until(12.56)  # 0.06 = a shortened step
    assert m.time == pytest.approx(12.56) and m.steps == 126
    with pytest.raises(na.ValidationError, match="whole number of steps dt"):
        na.NeuralModel(np.eye(2), rule="relu", dt=0.1, record_every=0.25)


def test_one_call_equals_many_calls_for_rate_runs():
    w = _random_w(20, 12)
    kw = dict(rule="tanh", scheduler="async-sweep", dt=0.1, drive=0.5, rng=3, record_every=None)
    one, many = na.NeuralModel(w, **kw), na.NeuralModel(w, **kw)
    one.run_for(30.0)
    for _ in range(300):
        many.step()
    np.testing.assert_array_equal(one.state, many.state)


def test_run_until_stable_tolerance_is_the_largest_rate_of_change():
    m = na.NeuralModel(_random_w(10, 13), rule="sigmoid", scheduler="sync", dt=0.2)
    for tol in (1e-3, 1e-8):
        report = m.run_until_stable(max_sweeps=5000, tol=tol)
        assert report.converged
        assert np.max(np.abs(m.rates_of_change())) < tol
    with pytest.raises(na.ValidationError, match="'tol'"):
        na.NeuralModel(np.eye(2) * 0, rule="sign").run_until_stable(tol=1e-3)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"rule": "sign", "dt": 0.1}, "'dt'"),
        ({"rule": "relu", "scheduler": "poisson", "dt": 0.1}, "'dt'"),
        ({"rule": "relu", "dt": 0.0}, "'dt'"),
        ({"rule": "relu", "integrator": "rk4"}, "'integrator'"),
        ({"rule": "relu", "state": [0.0, np.nan]}, "finite"),
    ],
)
def test_bad_rate_arguments_name_the_parameter(kwargs, name):
    with pytest.raises(na.ValidationError, match=name):
        rule = kwargs.pop("rule")
        na.NeuralModel(np.zeros((2, 2)), rule=rule, **kwargs)


def test_rate_rule_parameters_are_checked():
    with pytest.raises(na.ValidationError, match="'gain'"):
        na.Rate("relu", gain=-1.0)
    with pytest.raises(na.ValidationError, match="'shape'"):
        na.Rate("softmax")
    with pytest.raises(na.ValidationError, match="'shape'"):
        na.GradedResponse("relu")


def test_custom_vectorised_transfer_function_runs_on_the_agents_engine():
    def softplus(z):
        return np.log1p(np.exp(z))

    with pytest.raises(na.ValidationError, match="engine='agents'"):
        na.NeuralModel(np.zeros((2, 2)), rule=na.Rate(softplus))
    m = na.NeuralModel(
        np.zeros((2, 2)), rule=na.Rate(softplus), engine="agents", drive=[0.0, 1.0], dt=0.1
    )
    m.run_until_stable(max_sweeps=2000, tol=1e-10)
    np.testing.assert_allclose(m.state, softplus(np.array([0.0, 1.0])), atol=1e-9)


def test_graded_energy_leak_term_equals_the_integral_and_stays_finite_when_saturated():
    from scipy import integrate

    for shape, inverse in (("tanh", np.arctanh), ("sigmoid", lambda s: np.log(s / (1 - s)))):
        rule = na.GradedResponse(shape, gain=2.5)
        for v in (0.3, 0.9, 0.999) if shape == "sigmoid" else (-0.7, 0.3, 0.999):
            numeric = integrate.quad(
                lambda s, f=inverse: f(s) / 2.5, 0 if shape == "tanh" else 0.5, v
            )[0]
            offset = 0.0 if shape == "tanh" else float(rule.integral(0.5))
            assert float(rule.integral(v)) - offset == pytest.approx(numeric, rel=1e-7, abs=1e-12)
    m = na.NeuralModel(np.array([[0.0, 1.0], [1.0, 0.0]]), rule="graded-tanh", dt=0.1)
    m.set_potential([50.0, -50.0])  # tanh(50) is exactly 1.0 in float64
    assert m.state.tolist() == [1.0, -1.0] and np.isfinite(m.energy())


@pytest.mark.parametrize("engine", ["compiled", "agents"])
def test_sigmoid_outputs_that_would_be_subnormal_are_exactly_zero(engine):
    # exp(z) for z in (-745, -708) is subnormal; outputs there are flushed to 0 (subnormal
    # values slow every later multiply), identically by the kernel and the Python rule.
    drive = [-720.0, -700.0, -1000.0]
    m = na.NeuralModel(np.zeros((3, 3)), rule="graded-sigmoid", engine=engine, drive=drive,
                       dt=1.0, integrator="euler")  # fmt: skip
    m.step()  # u = drive exactly (dt = tau, forward Euler)
    assert m.state[0] == 0.0 and m.state[2] == 0.0
    assert 0.0 < m.state[1] == pytest.approx(np.exp(-700.0)) and m.state[1] > np.finfo(float).tiny
