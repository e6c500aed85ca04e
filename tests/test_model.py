"""NeuralModel: running and time, Mesa events, energy, argument validation."""

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import neuroagents as na


def _symmetric(rng, n):
    a = np.triu(rng.normal(size=(n, n)), 1)
    return a + a.T


# ---------------------------------------------------------------------- time
@pytest.mark.parametrize("scheduler", ["sync", "async-sweep", "async-site", "fixed-order"])
def test_discrete_time_equals_steps(scheduler):
    model = na.NeuralModel(_symmetric(np.random.default_rng(0), 10), scheduler=scheduler, rng=0)
    assert model.time == 0.0 and model.steps == 0
    model.step()
    assert (model.time, model.steps) == (1.0, 1)
    model.run_for(4)
    assert (model.time, model.steps) == (5.0, 5)
    model.run_until(9)
    assert (model.time, model.steps) == (9.0, 9)
    model.run_for(0)
    assert (model.time, model.steps) == (9.0, 9)


def test_poisson_time_is_continuous_and_exact():
    model = na.NeuralModel(
        _symmetric(np.random.default_rng(0), 20), scheduler="poisson", tau=0.5, rng=0,
        record_every=None,
    )  # fmt: skip
    model.run_for(2.5)
    assert model.time == 2.5
    model.step()
    assert model.time == 3.5
    model.run_until(3.75)
    assert model.time == 3.75
    # Exactly the pre-drawn events with time <= 3.75 were processed (one block here).
    sched = model.scheduler
    assert sched.times[-1] > 3.75
    processed = int(np.count_nonzero(sched.times <= 3.75))
    assert sched.cursor == processed == model.update_counts.sum()
    # Rate 20 / 0.5 = 40 per unit time: 150 expected events, SD sqrt(150).
    assert abs(processed - 150) < 4 * math.sqrt(150)


def test_run_until_rejects_the_past_and_run_for_negative():
    model = na.NeuralModel(np.array([[0.0, 1.0], [1.0, 0.0]]), rng=0)
    model.run_for(3)
    with pytest.raises(na.ValidationError, match="'end_time'"):
        model.run_until(2)
    with pytest.raises(na.ValidationError, match="'duration'"):
        model.run_for(-1)
    with pytest.raises(na.ValidationError, match="'max_sweeps'"):
        model.run_until_stable(max_sweeps=-1)
    assert model.time == 3.0


def test_run_until_stable_reports_fixed_point_and_budget():
    rng = np.random.default_rng(3)
    w = _symmetric(rng, 50)
    model = na.NeuralModel(w, scheduler="async-sweep", rng=1, record_every=None)
    assert model.count_unhappy() > 0
    report = model.run_until_stable(max_sweeps=100)
    assert report.converged and report.cycle_length == 1
    assert report.steps == model.steps and report.time == model.time
    assert model.stability is report
    # A fixed point by an independent check: every s_i (W s)_i >= 0.
    s = model.state
    assert np.all(s * (w @ s) >= -1e-9)
    # Already stable: zero further steps.
    again = model.run_until_stable(max_sweeps=100)
    assert again.converged and again.steps == 0

    # Budget too small: neither converged nor a cycle.
    fresh = na.NeuralModel(w, scheduler="async-sweep", rng=1, record_every=None)
    short = fresh.run_until_stable(max_sweeps=1)
    assert (short.converged, short.cycle_length, short.steps) == (False, 0, 1)


def test_run_until_stable_refuses_glauber():
    model = na.NeuralModel(
        np.array([[0.0, 1.0], [1.0, 0.0]]), rule="glauber", temperature=0.5, rng=0
    )
    with pytest.raises(na.ValidationError, match="stochastic"):
        model.run_until_stable()
    assert model.steps == 0


def test_run_until_stable_with_poisson_clocks():
    rng = np.random.default_rng(4)
    w = _symmetric(rng, 30)
    model = na.NeuralModel(w, scheduler="poisson", rng=2, record_every=None)
    report = model.run_until_stable(max_sweeps=200)
    assert report.converged
    assert model.is_stable()
    assert report.time == model.time == float(report.steps)


# ---------------------------------------------------------------------- events
@pytest.mark.parametrize("engine", ["compiled", "agents"])
@pytest.mark.parametrize("scheduler", ["fixed-order", "sync", "async-sweep"])
def test_mesa_event_fires_between_steps(scheduler, engine):
    # Threshold units with tiny weights stay silent until the drive jumps above the
    # threshold at t = 2.5; from step 3 on every unit is active.
    n = 6
    rng = np.random.default_rng(0)
    w = 0.01 * rng.random((n, n))
    np.fill_diagonal(w, 0.0)
    model = na.NeuralModel(
        w, rule="threshold", scheduler=scheduler, engine=engine, state=np.zeros(n),
        threshold=0.5, rng=0,
    )  # fmt: skip
    fired = []

    def stimulus():
        fired.append(model.steps)
        model.drive[:] = 1.0

    model.schedule_event(stimulus, at=2.5)
    active = []
    for _ in range(5):
        model.step()
        active.append(int(model.state.sum()))
    assert fired == [2]
    assert active == [0, 0, n, n, n]


def test_mesa_event_inside_a_single_run_for_call():
    n = 4
    w = np.zeros((n, n))
    w[0, 1] = 0.1
    model = na.NeuralModel(
        w, rule="threshold", scheduler="fixed-order", state=np.zeros(n), threshold=0.5,
        rng=0, agent_reporters={"state": "state"},
    )  # fmt: skip

    def on():
        model.drive[:] = 1.0

    def off():
        model.drive[:] = 0.0

    model.schedule_event(on, at=2.5)
    model.schedule_event(off, at=5.5)
    model.run_for(8)
    table = model.datacollector.get_agent_vars_dataframe()["state"].unstack()
    assert table.sum(axis=1).tolist() == [0, 0, 0, n, n, n, 0, 0, 0]


def test_mesa_event_in_poisson_time_sees_exact_time():
    model = na.NeuralModel(
        np.array([[0.0, 1.0], [1.0, 0.0]]), scheduler="poisson", rng=0, record_every=None
    )
    seen = []

    def probe():
        seen.append((model.time, int(model.update_counts.sum())))

    model.schedule_event(probe, at=1.25)
    model.run_for(3)
    assert seen[0][0] == 1.25
    times = model.scheduler.times
    assert seen[0][1] == int(np.count_nonzero(times <= 1.25))
    assert model.update_counts.sum() == np.count_nonzero(times <= 3.0)


# ---------------------------------------------------------------------- energy
def _check_energy_against_scratch(model, w32):
    s = model.state.astype(np.float64)
    scratch = -0.5 * s @ w32 @ s
    # The model keeps W s incrementally (float64 sums of float32 weights); summation
    # order alone separates the two, a few ulps times sum|W|.
    assert model.energy() == pytest.approx(scratch, rel=1e-9, abs=1e-9 * (1 + np.abs(w32).sum()))


weights_strategy = st.integers(2, 30).flatmap(
    lambda n: hnp.arrays(
        np.float64,
        (n, n),
        elements=st.floats(-1.0, 1.0, allow_nan=False, allow_subnormal=False),
    )
)


@pytest.mark.parametrize("scheduler", ["async-sweep", "async-site"])
@settings(max_examples=100, deadline=None)
@given(a=weights_strategy, seed=st.integers(0, 2**32 - 1))
def test_energy_never_increases_under_async_sign_dynamics(scheduler, a, seed):
    n = a.shape[0]
    w = np.triu(a, 1) + np.triu(a, 1).T
    rng = np.random.default_rng(seed)
    model = na.NeuralModel(
        w, rule="sign", scheduler=scheduler, state=np.where(rng.random(n) < 0.5, 1, -1),
        rng=seed, record_every=None,
    )  # fmt: skip
    w32 = model.connectome.to_dense().astype(np.float64)
    # A flip changes E by -|x_i| <= 0 exactly; in floats the stored inputs carry
    # round-off of order n * eps * max|W|, so allow that much per step.
    tol = 1e-10 * (1 + np.abs(w32).sum())
    previous = model.energy()
    _check_energy_against_scratch(model, w32)
    for _ in range(8):
        model.step()
        e = model.energy()
        assert e <= previous + tol
        _check_energy_against_scratch(model, w32)
        previous = e


class EnergyLogging(na.Neuron):
    def update(self):
        self.model.energies.append(self.model.energy())
        return super().update()


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 30))
def test_energy_never_increases_update_by_update(seed, n):
    rng = np.random.default_rng(seed)
    w = _symmetric(rng, n)
    model = na.NeuralModel(
        w, scheduler="async-site", engine="agents", neuron_class=EnergyLogging,
        state=np.where(rng.random(n) < 0.5, 1.0, -1.0), rng=seed, record_every=None,
    )  # fmt: skip
    model.energies = []
    model.run_for(5)
    energies = np.array([*model.energies, model.energy()])
    assert energies.size == 5 * n + 1
    tol = 1e-10 * (1 + np.abs(w).sum())
    assert np.all(np.diff(energies) <= tol)
    w32 = model.connectome.to_dense().astype(np.float64)
    _check_energy_against_scratch(model, w32)


def test_energy_strictly_decreases_on_a_known_net():
    rng = np.random.default_rng(10)
    n = 60
    w = _symmetric(rng, n)
    model = na.NeuralModel(w, scheduler="async-sweep", rng=3, record_every=None)
    start = model.energy()
    report = model.run_until_stable(max_sweeps=100)
    assert report.converged and model.flips_total > 0
    assert model.energy() < start
    s = model.state
    w32 = model.connectome.to_dense().astype(np.float64)
    assert model.energy() == pytest.approx(-0.5 * s @ w32 @ s, rel=1e-12)


def test_energy_includes_drive_and_threshold():
    rng = np.random.default_rng(11)
    n = 8
    w = _symmetric(rng, n)
    drive, theta = rng.normal(size=n), rng.normal(size=n)
    model = na.NeuralModel(w, drive=drive, threshold=theta, rng=0)
    s = model.state
    w32 = model.connectome.to_dense().astype(np.float64)
    expected = -0.5 * s @ w32 @ s - s @ drive + s @ theta
    assert model.energy() == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------------------------- validation
W2 = np.array([[0.0, 1.0], [1.0, 0.0]])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"scheduler": "random"}, "'scheduler'"),
        ({"engine": "gpu"}, "'engine'"),
        ({"rule": "gelu"}, "'rule'"),
        ({"record_every": 0}, "'record_every'"),
        ({"record_every": -2}, "'record_every'"),
        ({"record_every": 1.5}, "'record_every'"),
        ({"tau": 0.0}, "'tau'"),
        ({"tau": [1.0, -1.0]}, "'tau'"),
        ({"tau": [1.0, 1.0, 1.0]}, "'tau'"),
        ({"threshold": [0.0, np.nan]}, "'threshold'"),
        ({"threshold": {"E": 1.0}}, "'threshold'"),
        ({"drive": np.zeros(3)}, "'drive'"),
        ({"rule": "glauber", "temperature": 0.0}, "'temperature'"),
        ({"rng": -1}, "'rng'"),
        ({"neuron_class": object}, "'neuron_class'"),
        ({"state": [1.0, 1.0, 1.0]}, "state"),
        ({"state": [1.0, 0.0]}, "state"),
    ],
)
def test_bad_arguments_raise_naming_the_parameter(kwargs, name):
    with pytest.raises(na.ValidationError, match=name):
        na.NeuralModel(W2, **kwargs)


def test_poisson_accepts_fractional_record_every():
    model = na.NeuralModel(W2, scheduler="poisson", record_every=0.5, rng=0)
    model.run_for(2)
    times = model.datacollector.get_model_vars_dataframe()["time"].tolist()
    assert times == [0.0, 0.5, 1.0, 1.5, 2.0]


def test_compiled_engine_refuses_a_custom_update():
    class Majority(na.Neuron):
        def update(self):
            return 1.0 if self.input >= 0 else -1.0

    with pytest.raises(na.ValidationError, match="engine='agents'"):
        na.NeuralModel(W2, neuron_class=Majority, engine="compiled")
    model = na.NeuralModel(W2, neuron_class=Majority, engine="agents", state=[1, -1], rng=0)
    model.step()
    assert model.state.tolist() in ([1.0, 1.0], [-1.0, -1.0])


def test_compiled_engine_refuses_a_custom_rule():
    class Always(na.Rule):
        def new_state(self, x, s, theta, u):
            return 1.0

    with pytest.raises(na.ValidationError, match="engine='agents'"):
        na.NeuralModel(W2, rule=Always())
    model = na.NeuralModel(W2, rule=Always(), engine="agents", state=[-1, -1], rng=0)
    model.step()
    assert model.state.tolist() == [1.0, 1.0]


def test_set_state_checks_length_and_values():
    model = na.NeuralModel(W2, rule="threshold", rng=0)
    with pytest.raises(na.ValidationError, match=r"state.*\(2\)"):
        model.set_state([1.0])
    with pytest.raises(na.ValidationError, match="'threshold' rule"):
        model.set_state([1.0, -1.0])
    model.set_state([1.0, 0.0])
    assert model.state.tolist() == [1.0, 0.0]
    with pytest.raises(ValueError, match="read-only"):
        model.state[0] = 0.0


def test_connectome_argument_forms():
    for form in (W2, na.Connectome.from_matrix(W2)):
        assert na.NeuralModel(form, rng=0).n == 2
    with pytest.raises(na.ValidationError, match="'connectome'"):
        na.NeuralModel([[0, 1], [1, 0]])


def test_same_seed_same_random_initial_state():
    w = _symmetric(np.random.default_rng(0), 40)
    a = na.NeuralModel(w, rng=5)
    b = na.NeuralModel(w, rng=5)
    c = na.NeuralModel(w, rng=6)
    assert np.array_equal(a.state, b.state)
    assert not np.array_equal(a.state, c.state)
    assert set(np.unique(a.state)) == {-1.0, 1.0}


def test_per_population_values_and_their_validation():
    g = nx.DiGraph()
    g.add_node("e1", population="E")
    g.add_node("e2", population="E")
    g.add_node("i1", population="I")
    g.add_edge("e1", "i1")
    g.add_edge("i1", "e2", weight=-1.0)
    model = na.NeuralModel(
        g, rule="threshold", threshold={"E": 0.5, "I": -0.5}, tau={"E": 2.0, "I": 0.5}, rng=0
    )
    assert model.threshold.tolist() == [0.5, 0.5, -0.5]
    assert model.tau.tolist() == [2.0, 2.0, 0.5]
    assert [n.tau for n in model.neurons] == [2.0, 2.0, 0.5]
    with pytest.raises(na.ValidationError, match=r"'tau'.*finite.*nan.*'i1'"):
        na.NeuralModel(g, tau={"E": 1.0, "I": float("nan")})
    with pytest.raises(na.ValidationError, match=r"'tau'.*> 0.*-1\.0.*'i1'"):
        na.NeuralModel(g, tau={"E": 1.0, "I": -1.0})
    with pytest.raises(na.ValidationError, match=r"'drive'.*finite.*inf.*'e2'"):
        na.NeuralModel(g, drive=[0.0, np.inf, 0.0])
    with pytest.raises(na.ValidationError, match=r"'threshold' mapping.*Missing: \['I'\]"):
        na.NeuralModel(g, threshold={"E": 0.5})
    # A node without a population label is reported, not a crash.
    g.add_node("x")
    with pytest.raises(na.ValidationError, match=r"'tau' mapping.*Missing: \['None'\]"):
        na.NeuralModel(g, tau={"E": 1.0, "I": 1.0})


@pytest.mark.parametrize("scheduler", ["async-sweep", "poisson"])
def test_progress_bar_does_not_change_the_trajectory(scheduler, capsys):
    rng = np.random.default_rng(5)
    w = rng.normal(size=(60, 60))
    w = (w + w.T) / 2
    np.fill_diagonal(w, 0)
    plain = na.NeuralModel(w, rule="glauber", temperature=0.7, scheduler=scheduler, rng=1)
    shown = na.NeuralModel(w, rule="glauber", temperature=0.7, scheduler=scheduler, rng=1)
    plain.run_for(37.5 if scheduler == "poisson" else 37)
    shown.run_for(37.5 if scheduler == "poisson" else 37, progress=True)
    assert "100%" in capsys.readouterr().err
    assert np.array_equal(plain.state, shown.state)
    assert plain.time == shown.time
    pd.testing.assert_frame_equal(
        plain.datacollector.get_model_vars_dataframe(),
        shown.datacollector.get_model_vars_dataframe(),
    )


def test_single_neuron_state_must_be_allowed_by_the_rule():
    w = np.ones((3, 3)) - np.eye(3)
    for engine in ("compiled", "agents"):
        m = na.NeuralModel(w, rule="sign", engine=engine, rng=0)
        with pytest.raises(na.ValidationError, match="must take values in"):
            m.set_neuron_state(1, 0.5)
        with pytest.raises(na.ValidationError, match="must take values in"):
            m.neurons[2].state = 0.0
        m.neurons[2].state = -1.0
        assert m.state[2] == -1.0


def test_temperature_without_glauber_is_refused():
    with pytest.raises(na.ValidationError, match="'temperature'"):
        na.NeuralModel(np.zeros((2, 2)), rule="sign", temperature=5.0)
