"""Run control, clamping, keyword values, sweeps and the work rule: refused or documented."""

from __future__ import annotations

import numpy as np
import pytest

import neuroagents as na
from neuroagents import validation
from neuroagents.errors import ValidationError
from neuroagents.validation import MAX_WORK

W1 = np.array([[0.5]])
W3 = np.array([[0, 1, -1], [1, 0, 1], [-1, 1, 0]], dtype=float)


def _binary(**kwargs) -> na.NeuralModel:
    return na.NeuralModel(W3, rule="sign", rng=0, **kwargs)


# ---------------------------------------------------------------- run_until
def test_a_dt_longer_than_the_interval_reaches_the_end_in_one_step():
    # tau dv/dt = -v + f(x), x = 0.5 v + 1, from v = 0: one exponential-Euler step of
    # length h holds x = 1 and gives v = 1 - exp(-h); a step of 1e12 would give exactly 1
    m = na.NeuralModel(W1, rule="linear", drive=1.0, dt=1e12, record_every=None)
    m.run_until(0.25)
    assert m.time == 0.25 and m.steps == 1
    assert m.state[0] == pytest.approx(1 - np.exp(-0.25), rel=1e-12)
    m.run_until(100)
    m.run_until(100.5)  # and again from a nonzero time
    assert m.time == 100.5 and m.steps == 3


def test_a_dt_longer_than_the_interval_matches_that_dt_over_the_same_interval():
    a = na.NeuralModel(W1, rule="linear", drive=1.0, dt=1e12, record_every=None)
    b = na.NeuralModel(W1, rule="linear", drive=1.0, dt=0.7, record_every=None)
    a.run_until(0.7)
    b.run_until(0.7)
    assert a.state[0] == b.state[0] and a.time == b.time


# ---------------------------------------------------------------- hooks
def test_add_hook_at_validates_every_time_before_registering_any():
    m = _binary()
    calls = []
    with pytest.raises(ValidationError, match=r"'at' parameter of add_hook .* Got -5"):
        m.add_hook(lambda model: calls.append(model.time), at=[1, -5])
    m.run_for(3)
    assert calls == [] and m.interventions.hooks == []


def test_add_hook_at_takes_one_time_or_a_list():
    m = _binary()
    calls = []
    m.add_hook(lambda model: calls.append(model.time), at=2)
    m.add_hook(lambda model: calls.append(-model.time), at=(1, 3.0))
    m.run_for(4)
    assert calls == [-1.0, 2.0, -3.0]


@pytest.mark.parametrize("at", ["12", b"12", object(), [1, "2"], [np.nan], [1, None]])
def test_add_hook_at_refuses_words_and_objects(at):
    m = _binary()
    with pytest.raises(ValidationError, match="'at' parameter of add_hook"):
        m.add_hook(lambda model: None, at=at)
    assert m.interventions.hooks == []


# ---------------------------------------------------------------- clamping
def test_clamping_a_node_twice_to_different_values_is_refused():
    m = _binary()
    with pytest.raises(ValidationError, match="names node 0 twice with different values"):
        m.clamp([0, 0], [1, -1])
    assert not m.clamped.any()
    m.clamp([0, 0], [1, 1])  # the same value twice is harmless
    assert m.clamped.tolist() == [True, False, False] and m.state[0] == 1


@pytest.mark.parametrize(
    ("values", "match"),
    [
        ([1, -1, 1], r"a number or 2 numbers .* Got shape \(3,\)"),
        ([[1, -1]], r"Got shape \(1, 2\)"),
        ("1", "must be a number or one number per node"),
        (object(), "must be a number or one number per node"),
    ],
)
def test_clamp_values_of_the_wrong_shape_name_the_parameter(values, match):
    m = _binary()
    with pytest.raises(ValidationError, match="'values' parameter of clamp"):
        m.clamp([0, 1], values)
    with pytest.raises(ValidationError, match=match):
        m.clamp([0, 1], values)
    assert not m.clamped.any()


# ---------------------------------------------------------------- keywords
@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"tau": "fast"}, "tau"),
        ({"drive": "abc"}, "drive"),
        ({"threshold": object()}, "threshold"),
        ({"tau": {"all": "fast"}}, "tau"),
        ({"drive": ["1"]}, "drive"),
        ({"drive": [[1.0], [2.0, 3.0]]}, "drive"),
        ({"dt": "0.1"}, "dt"),
        ({"record_every": "x"}, "record_every"),
        ({"model_reporters": {"x": 42}}, "model_reporters"),
        ({"agent_reporters": {"x": 42}}, "agent_reporters"),
        ({"stream_to": 5}, "stream_to"),
        ({"state": ["1"]}, "state"),
        ({"rng": "seed"}, "rng"),
        ({"integrator": 3}, "integrator"),
    ],
)
def test_words_and_objects_in_neural_model_keywords_name_the_parameter(kwargs, name):
    with pytest.raises(ValidationError, match=name):
        na.NeuralModel(W1, rule="linear", **kwargs)


def test_a_model_reporter_naming_no_attribute_is_refused_with_its_name():
    m = na.NeuralModel(W1, rule="linear", model_reporters={"x": "no_such_thing"})
    with pytest.raises(ValidationError, match="'no_such_thing', which is not an attribute"):
        m.run_for(1)


# ---------------------------------------------------------------- sweeps
def _identity(params, rng):
    return {"y": params["x"]}


def test_a_parameter_both_fixed_and_swept_is_refused():
    with pytest.raises(ValidationError, match="'x' of sweep is both fixed"):
        na.sweep(_identity, grid={"x": [1]}, params={"x": 2}, progress=False)
    with pytest.raises(ValidationError, match="'x' of sweep is both fixed"):
        na.sweep(_identity, points=[{"x": 1}], params={"x": 2}, progress=False)


@pytest.mark.parametrize("value", [object(), {1, 2}, na.Rate("relu"), {1: "a"}])
def test_a_swept_object_without_a_stable_id_is_refused(value):
    with pytest.raises(ValidationError, match="swept parameter 'x' of sweep must take numbers"):
        na.sweep(_identity, grid={"x": [value]}, progress=False)


def test_plain_swept_values_keep_their_ids_across_calls():
    from neuroagents.sweeps.plan import plan_runs

    grid = {"x": [1, np.float64(2.5), None], "y": [[1, 2], np.array([3, 4])]}
    first = [r.run_id for r in plan_runs(grid, 2)]
    again = [r.run_id for r in plan_runs({"x": [1, 2.5, None], "y": [(1, 2), [3, 4]]}, 2)]
    assert first == again and len(set(first)) == 12


def test_a_grid_that_cannot_fit_is_refused_before_planning(monkeypatch):
    monkeypatch.setattr(validation, "physical_memory", lambda: 16 * 10**9)
    grid = {"x": range(10**4), "z": range(10**4)}  # 10^8 points: never materialised
    with pytest.raises(ValidationError, match=r"sweep of 1e\+08 runs .* about 100 GB"):
        na.sweep(_identity, grid=grid, progress=False)


def test_more_than_max_work_runs_is_refused(monkeypatch):
    monkeypatch.setattr(validation, "physical_memory", lambda: 0)  # memory unknown
    grid = {"x": range(10**5), "z": range(10**5)}
    with pytest.raises(ValidationError, match=r"sweep would take about 1e\+10 runs"):
        na.sweep(_identity, grid=grid, progress=False)


# ---------------------------------------------------------------- the work rule
def test_ten_billion_steps_are_refused_up_front_and_allowed_with_long_run(monkeypatch):
    m = na.NeuralModel(W1, rule="linear", dt=1e-300)
    with pytest.raises(ValidationError, match=r"about 1e\+10 steps.*long_run=True"):
        m.run_until(1e-290)
    assert m.time == 0 and m.steps == 0
    # the opt-in passes the check (the run itself is not made here: 10^10 steps)
    monkeypatch.setattr(m.timeline, "advance", lambda until, stop: 0)
    m.run_until(1e-290, long_run=True)


def test_the_limit_is_exactly_max_work():
    m = na.NeuralModel(W1, rule="linear", dt=1.0, record_every=None)
    m.check_run_length(MAX_WORK)  # 10^9 steps: allowed
    with pytest.raises(ValidationError, match="MAX_WORK"):
        m.check_run_length(MAX_WORK + 2)


def test_hook_calls_count_towards_the_rule():
    m = _binary(record_every=None)
    m.add_hook(lambda model: None, every=1e-7)
    m.check_run_length(10)  # 10^8 hook calls
    with pytest.raises(ValidationError, match=r"run_until would take about 1e\+10"):
        m.run_until(1000)
    assert m.time == 0


def test_binary_sweeps_and_poisson_clocks_count_too():
    with pytest.raises(ValidationError, match="run_until_stable would take"):
        _binary().run_until_stable(max_sweeps=10**10)
    m = na.NeuralModel(W3, rule="threshold", scheduler="poisson", tau=1e-6, rng=0)
    with pytest.raises(ValidationError, match=r"about 1e\+10"):
        m.run_until(10**4)  # 10^4 time units at 10^6 updates per unit and neuron


def test_a_rate_config_that_cannot_settle_is_refused(tmp_path):
    from neuroagents.models.rate.network import record_states

    m = na.NeuralModel(W1, rule="linear", dt=0.02)
    times = np.geomspace(0.05, 1e15, 300)  # each piece is short, the whole is not
    with pytest.raises(ValidationError, match="record_states would take"):
        record_states(m, times)
    assert m.time == 0


def test_a_seed_count_that_cannot_finish_is_refused_before_listing_it():
    with pytest.raises(ValidationError, match=r"sweep of 1e\+21 seeds"):
        na.sweep(_identity, grid={"x": [1]}, seeds=10**21, progress=False)
