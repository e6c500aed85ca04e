"""The model contract (docs/contract.md), checked on a tiny instance of every system.

Every system offers: one frozen params dataclass that round-trips through
``to_config``/``from_config`` (and refuses an unknown key); ``from_params(params,
rng=...)``; the same seed giving the same run; the Mesa verbs on its agent model (a
NeuralModel whose neurons are Mesa agents) or ``fit``/``transform``/``score_samples`` on
its estimator, which hands out its agent view; tidy pandas tables.
"""

import dataclasses

import mesa
import numpy as np
import pandas as pd
import pytest

from neuroagents.errors import ConfigError, ValidationError
from neuroagents.models import (
    boltzmann,
    celegans,
    ei,
    hopfield,
    hopfield_tank,
    learning,
    motor,
    rate,
)
from neuroagents.params import ConfigParams
from neuroagents.runner.experiment import available_models
from neuroagents.sim.model import NeuralModel

# system -> (params of a tiny instance, the class whose from_params builds it,
# time to run the agent model for)
AGENT_MODELS = {
    "hopfield": (hopfield.HopfieldParams(n=40, patterns=2, flips=8), hopfield.HopfieldModel, 3),
    "ei": (
        ei.EIParams(n_e=80, n_i=20, p=0.5, theta_e=2.0, theta_i=3.0, e0=0.3),
        ei.EIModel,
        5.0,
    ),
    "rate": (rate.RateParams(n=20, g=1.5), rate.RandomRateModel, 2.0),
    "hopfield_tank": (hopfield_tank.TankParams(), hopfield_tank.TankModel, 2e-4),
    "motor": (
        motor.MotorParams(n=40, frequencies=(0.002,), decays=(300.0,)),
        motor.MotorModel,
        5.0,
    ),
    "celegans": (celegans.GapJunctionParams(dt=0.01), celegans.GapJunctionModel, 0.5),
}
ESTIMATORS = {
    "boltzmann": (boltzmann.RBMParams(n_components=3, n_iter=3, batch_size=5), boltzmann.RBM),
    "learning": (
        learning.LearningParams(hidden=(4,), rule="fa", steps=30, batch_size=4),
        learning.LayeredEstimator,
    ),
}
# A system's further models meet the contract too ("system.Class"): the lecture's small
# rate circuits (once factory functions returning a bare NeuralModel).
AGENT_MODELS |= {
    "rate.LinearCircuit": (
        rate.LinearCircuitParams(eigenvalues=(0.9, 0.5, 0.0)),
        rate.LinearCircuit,
        2.0,
    ),
    "rate.ThresholdLinear": (rate.ThresholdLinearParams(n=4), rate.ThresholdLinear, 2.0),
    "rate.EIPair": (rate.EIPairParams(w_ee=1.5), rate.EIPair, 2.0),
}
DETERMINISTIC = {"celegans", "rate.EIPair"}  # dynamics that draw no random numbers
SYSTEMS = {**AGENT_MODELS, **ESTIMATORS}
# Systems not (yet) under the contract, and why (docs/contract.md says the same).
OUTSIDE = {
    "spiking": "spiking types emit spikes through delays: SpikingModel's engine, not NeuralModel's",
    "worms": "a data-analysis system: functions over the worms' datasets, no model",
}


def test_every_system_is_in_the_contract_test():
    assert {name.partition(".")[0] for name in SYSTEMS} | set(OUTSIDE) == set(available_models())


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_params_are_a_frozen_dataclass_that_round_trips_through_configs(system):
    params = SYSTEMS[system][0]
    cls = type(params)
    assert dataclasses.is_dataclass(cls) and issubclass(cls, ConfigParams)
    assert cls.__dataclass_params__.frozen
    config = params.to_config()
    assert cls.from_config(config) == params
    assert cls.from_config({}) == cls()  # the defaults live in the class
    first = next(iter(config))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(params, first, config[first])
    with pytest.raises(ConfigError, match="Unknown parameter 'no_such_key'"):
        cls.from_config({**config, "no_such_key": 1})


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_a_wrong_type_in_a_config_is_named(system):
    params = SYSTEMS[system][0]
    config = params.to_config()
    name = next(k for k, v in config.items() if isinstance(v, int | float | str))
    with pytest.raises(ConfigError, match=f"'{name}' parameter of {type(params).__name__}"):
        type(params).from_config({**config, name: [object()]})


def run_agent_model(system, seed):
    params, cls, duration = AGENT_MODELS[system]
    model = cls.from_params(params, rng=seed)
    model.run_for(duration)
    return model


@pytest.mark.parametrize("system", sorted(AGENT_MODELS))
def test_an_agent_model_is_a_neural_model_of_mesa_agents_with_the_verbs(system):
    model = run_agent_model(system, 0)
    assert isinstance(model, NeuralModel) and isinstance(model, mesa.Model)
    assert len(model.agents) == model.n == model.connectome.n_nodes > 0
    assert all(isinstance(a, mesa.Agent) for a in model.agents)
    start = model.time
    model.step()
    assert model.time > start
    model.run_until(model.time + 1e-3 if system == "hopfield_tank" else model.time + 1)
    report = model.run_until_stable(max_sweeps=2)
    assert isinstance(report.converged, bool)
    table = model.datacollector.get_model_vars_dataframe()
    assert isinstance(table, pd.DataFrame)


@pytest.mark.parametrize("system", sorted(AGENT_MODELS))
def test_one_seed_gives_one_run(system):
    first, again = run_agent_model(system, 7), run_agent_model(system, 7)
    np.testing.assert_array_equal(first.state, again.state)
    pd.testing.assert_frame_equal(
        first.datacollector.get_model_vars_dataframe(),
        again.datacollector.get_model_vars_dataframe(),
    )
    if system not in DETERMINISTIC:
        other = run_agent_model(system, 8)
        assert not np.array_equal(first.state, other.state)


def fit_estimator(system, seed, **seeding):
    params, cls = ESTIMATORS[system]
    data = np.random.default_rng(0)
    X = (data.random((30, 6)) < 0.5).astype(float)
    if system == "learning":
        y = X[:, :2]
        return cls.from_params(params, rng=seed).fit(X, y), X, y
    if seeding:
        return cls(**params.to_config(), **seeding).fit(X), X, None
    return cls.from_params(params, rng=seed).fit(X), X, None


@pytest.mark.parametrize("system", sorted(ESTIMATORS))
def test_an_estimator_has_fit_transform_score_samples_and_an_agent_view(system):
    est, X, y = fit_estimator(system, 0)
    hidden = est.transform(X)
    assert hidden.shape[0] == len(X) and np.all(np.isfinite(hidden))
    scores = est.score_samples(X) if y is None else est.score_samples(X, y)
    assert scores.shape == (len(X),) and np.all(np.isfinite(scores))
    view = boltzmann.rbm_model(est, X[0], rng=0) if system == "boltzmann" else est.to_model()
    assert isinstance(view, NeuralModel)
    assert all(isinstance(a, mesa.Agent) for a in view.agents)
    if system == "learning":
        assert isinstance(est.history_, pd.DataFrame) and len(est.history_) == 30


@pytest.mark.parametrize("system", sorted(ESTIMATORS))
def test_an_estimator_seeded_twice_fits_the_same(system):
    first, X, _ = fit_estimator(system, 3)
    again, _, _ = fit_estimator(system, 3)
    other, _, _ = fit_estimator(system, 4)
    np.testing.assert_array_equal(first.transform(X), again.transform(X))
    assert not np.array_equal(first.transform(X), other.transform(X))


def test_random_state_is_an_alias_of_rng_on_the_boltzmann_estimators():
    by_rng, _, _ = fit_estimator("boltzmann", 5, rng=5)
    by_random_state, _, _ = fit_estimator("boltzmann", 5, random_state=5)
    np.testing.assert_array_equal(by_rng.components_, by_random_state.components_)
    with pytest.raises(ValidationError, match="not both"):
        boltzmann.RBM(rng=1, random_state=1)
    with pytest.raises(ValidationError, match="not both"):
        boltzmann.BoltzmannMachine(2, 1, rng=1, random_state=1)
