"""neuroagents on Mesa 3.5 and Mesa 4: clock adapter, seeding, Mesa's runners and recorder.

Every test here runs on both lines (CI runs this file under Mesa 3.5.1 and under Mesa
4.0.0a0, see `make test-mesa4`), except where one line lacks the feature: the skip says
which.
"""

import multiprocessing
import random
import sys
import warnings
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
import pytest
from mesa.experimental.data_collection import DataRecorder
from mesa.experimental.mesa_signals import ObservableSignals
from mesa.experimental.scenarios import Scenario

import neuroagents as na
from neuroagents.sim import clock
from neuroagents.sweeps.plan import plan_runs

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
import sweep_targets as targets  # noqa: E402

MESA_MAJOR = int(mesa.__version__.split(".")[0])
MESA3_ONLY = pytest.mark.skipif(MESA_MAJOR >= 4, reason="Mesa 4 removed batch_run and seed=")

GRID = {"n": [8, 12], "temperature": [0.5, 2.0]}
SEEDS = [0, 1]
STEPS = 6


def _ring(n):
    w = np.zeros((n, n))
    idx = np.arange(n)
    w[idx, (idx + 1) % n] = w[(idx + 1) % n, idx] = 1.0
    return w


class RingScenario(Scenario):
    """The ring's parameters as a Mesa Scenario (a frozen parameter set with its rng)."""

    n: int = 8
    temperature: float = 1.0


class ScenarioRing(na.NeuralModel):
    """The sweep targets' Glauber ring, built the Mesa 4 way: from a Scenario."""

    def __init__(self, scenario: RingScenario):
        super().__init__(
            _ring(scenario.n),
            rule="glauber",
            temperature=scenario.temperature,
            scenario=scenario,
            model_reporters={"magnetization": lambda m: float(m.state.mean())},
        )


def _sweep_table():
    table = na.sweep(targets.GlauberRing, grid=GRID, seeds=SEEDS, steps=STEPS, records=True,
                     root_seed=11, progress=False)  # fmt: skip
    assert (table["status"] == "ok").all()
    return table


# ------------------------------------------------------------------ the clock adapter
@pytest.mark.parametrize("scheduler", ["async-sweep", "poisson"])
def test_mesa_events_and_hooks_fire_in_time_order(scheduler):
    m = na.NeuralModel(_ring(10), rule="glauber", temperature=1.0, scheduler=scheduler, rng=3)
    fired = []

    def early():
        fired.append(("early", m.time))

    def late():
        fired.append(("late", m.time))

    m.schedule_event(late, at=2.5)  # Mesa holds callbacks weakly: named functions stay alive
    m.schedule_event(early, at=1.0)
    m.add_hook(lambda model: fired.append(("hook", model.time)), every=2)
    assert clock.next_event_time(m) == 1.0
    m.run_for(4)
    # Discrete sweeps: the event at 2.5 fires after sweep 2; Poisson time stops at 2.5.
    late_time = 2.0 if scheduler == "async-sweep" else 2.5
    assert fired == [("early", 1.0), ("hook", 2.0), ("late", late_time), ("hook", 4.0)]
    assert m.time == 4.0
    assert m.steps == (4 if scheduler == "async-sweep" else 0)


def test_time_moves_silently_and_each_record_tick_is_announced():
    seen = []

    def heard(signal):  # Mesa holds observers weakly: a named function stays alive
        seen.append((signal.additional_kwargs["old"], signal.additional_kwargs["new"]))

    m = na.NeuralModel(_ring(10), rule="glauber", temperature=1.0, rng=1, record_every=2)
    m.observe("time", ObservableSignals.CHANGED, heard)
    m.run_for(6)
    assert seen == [(0.0, 0.0), (2.0, 2.0), (4.0, 4.0), (6.0, 6.0)]
    assert m.time == 6.0 and m.steps == 6
    quiet = na.NeuralModel(_ring(10), rule="glauber", temperature=1.0, rng=1, record_every=None)
    quiet.observe("time", ObservableSignals.CHANGED, heard)
    quiet.run_for(3)
    assert len(seen) == 4 and quiet.time == 3.0


def test_the_adapter_names_the_mesa_version_when_the_time_slot_is_missing(monkeypatch):
    class PlainTime(mesa.Model):
        time = 0.0  # not Mesa's observable: the adapter cannot move it silently

    with pytest.raises(na.NeuroagentsError, match=r"mesa\.Model\._time.*mesa>=3\.5\.1,<5"):
        clock.take_over(PlainTime())


# ------------------------------------------------------------------ seeding
def test_one_seed_draws_the_same_numbers_on_every_mesa_line():
    # Mesa 3.5 draws one int32 from the model's generator to seed model.random; Mesa 4
    # draws none. The model makes that draw on both, so a seed gives one trajectory.
    m = na.NeuralModel(_ring(6), rule="sign", rng=42, state=np.ones(6))
    reference = np.random.default_rng(42)
    drawn = int(reference.integers(np.iinfo(np.int32).max))
    assert m.rng.random() == reference.random()
    assert m.random.random() == random.Random(drawn).random()


# ------------------------------------------------------------------ Mesa's Scenario
def test_a_model_built_from_a_scenario_equals_the_one_built_from_its_seed():
    scenario = RingScenario(rng=5, n=12, temperature=0.8)
    from_scenario = ScenarioRing(scenario)
    from_seed = targets.GlauberRing(n=12, temperature=0.8, rng=5)
    assert from_scenario.scenario is scenario
    from_scenario.run_for(STEPS)
    from_seed.run_for(STEPS)
    pd.testing.assert_frame_equal(
        from_scenario.datacollector.get_model_vars_dataframe(),
        from_seed.datacollector.get_model_vars_dataframe(),
    )


def test_scenarios_with_the_runs_seeds_give_the_same_table_as_sweep():
    table = _sweep_table()
    runs = plan_runs(GRID, SEEDS, root_seed=11)
    assert len(runs) == 8
    for run in runs:
        scenario = RingScenario(rng=run.seed_sequence(), **run.params)
        model = ScenarioRing(scenario)
        model.run_for(STEPS)
        own = model.datacollector.get_model_vars_dataframe()
        got = table[(table["n"] == run.params["n"])
                    & (table["temperature"] == run.params["temperature"])
                    & (table["seed"] == run.seed)]  # fmt: skip
        assert got["time"].tolist() == own["time"].tolist() == [float(t) for t in range(7)]
        assert got["magnetization"].tolist() == own["magnetization"].tolist()
        assert got["flips"].tolist() == own["flips"].tolist()
    # Not vacuous: the runs differ from one another.
    assert table.groupby(["n", "temperature", "seed"])["flips"].sum().nunique() > 4


def test_a_scenario_with_an_rng_too_or_a_non_scenario_is_refused():
    with pytest.raises(na.ValidationError, match="either 'rng' or 'scenario'"):
        na.NeuralModel(_ring(4), scenario=RingScenario(rng=1), rng=2)
    with pytest.raises(na.ValidationError, match=r"must be a mesa\.experimental\.scenarios"):
        na.NeuralModel(_ring(4), scenario={"rng": 1})


# ------------------------------------------------------------------ Mesa's batch_run
@pytest.fixture
def _keep_start_method():
    # batch_run forces the global start method to "spawn"; give the others theirs back.
    method = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(method, force=True)


@MESA3_ONLY
@pytest.mark.usefixtures("_keep_start_method")
def test_batch_run_with_the_runs_seeds_gives_the_same_table_as_sweep():
    table = _sweep_table()
    for run in plan_runs(GRID, SEEDS, root_seed=11):
        rows = pd.DataFrame(mesa.batch_run(
            targets.GlauberRing, parameters=run.params, rng=[run.seed_sequence()],
            max_steps=STEPS, data_collection_period=1, display_progress=False,
        ))  # fmt: skip
        got = table[(table["n"] == run.params["n"])
                    & (table["temperature"] == run.params["temperature"])
                    & (table["seed"] == run.seed)]  # fmt: skip
        assert rows["Step"].tolist() == list(range(STEPS + 1))
        assert rows["magnetization"].tolist() == got["magnetization"].tolist()
        assert rows["flips"].tolist() == got["flips"].tolist()


# ------------------------------------------------------------------ Mesa's DataRecorder
@pytest.mark.parametrize("record_every", [1, 2])
def test_a_mesa_data_recorder_sees_the_model_at_its_record_ticks(record_every):
    m = na.NeuralModel(_ring(9), rule="glauber", temperature=1.5, rng=8,
                       record_every=record_every, agent_reporters={"state": "state"})  # fmt: skip
    m.data_registry.track_agents(m.agents, "neurons", fields=["state"])
    m.data_registry.track_model(m, "totals", fields=["flips_total"])
    recorder = DataRecorder(m, config={"neurons": {"interval": 1}, "totals": {"interval": 1}})
    m.run_for(6)
    theirs = recorder.get_table_dataframe("neurons")
    ours = m.datacollector.get_agent_vars_dataframe().reset_index()
    ticks = [float(t) for t in range(0, 7, record_every)]
    assert sorted(theirs["time"].unique()) == ticks
    theirs = theirs.sort_values(["time", "unique_id"])
    assert theirs["state"].tolist() == ours.sort_values(["time", "AgentID"])["state"].tolist()
    totals = recorder.get_table_dataframe("totals")
    flips = m.datacollector.get_model_vars_dataframe()["flips"].cumsum()
    assert totals["time"].tolist() == ticks
    assert totals["flips_total"].tolist() == flips.tolist()
    assert totals["flips_total"].iloc[-1] > 0  # the states did change


# ------------------------------------------------------------------ deprecations
@MESA3_ONLY
def test_a_mesa_deprecation_fails_the_suite_and_another_librarys_does_not():
    # pyproject's filterwarnings turn Mesa 3.5's deprecations into errors.
    with pytest.raises(FutureWarning, match="`seed` keyword argument is deprecated"):
        mesa.Model(seed=1)
    model = na.NeuralModel(_ring(3), rng=0)
    neurons = mesa.agentset.AgentSet(model.agents.to_list(), random=model.random)
    with pytest.raises(PendingDeprecationWarning, match="will be removed in Mesa 4"):
        neurons[0]
    with pytest.warns(FutureWarning, match="not Mesa's"):
        warnings.warn("not Mesa's", FutureWarning, stacklevel=1)
