"""The lecture's small rate circuits as models of the contract (models/rate/circuits.py).

``LinearCircuit``, ``ThresholdLinear`` and ``EIPair`` are NeuralModel subclasses built
from their weights or from their params dataclass; the factory functions they replace
warn for one release and give the very same trajectories.
"""

import numpy as np
import pytest

from neuroagents.errors import ValidationError
from neuroagents.models import rate
from neuroagents.models.rate.network import ctln_weights


def test_a_linear_circuit_from_params_amplifies_along_e1_as_the_theory_says():
    # tau dv/dt = h + (M - I) v with h = drive e_1: the fixed point is c_1 = drive /
    # (1 - lambda_1) along e_1 and 0 along the others (forward Euler keeps fixed points
    # exactly); after 200 tau the slowest mode (rate 1 - 0.9) is within e^-20 of it.
    params = rate.LinearCircuitParams(eigenvalues=(0.9, 0.5, 0.2, 0.0), drive=0.5)
    model = rate.LinearCircuit.from_params(params, rng=1)
    model.run_until(200.0)
    modes = model.basis.T @ model.state
    np.testing.assert_allclose(modes, [0.5 / 0.1, 0.0, 0.0, 0.0], atol=1e-6)
    assert model.params is params


def test_a_threshold_linear_circuit_from_params_has_one_winner_at_the_theory_value():
    # Winner-take-all (alpha = 0.5 < 1, beta = 1 > 1 - alpha): the stable fixed points are
    # single winners at h / (1 - alpha) = 2, every other unit silent.
    params = rate.ThresholdLinearParams(n=5, alpha=0.5, beta=1.0, drive=1.0)
    model = rate.ThresholdLinear.from_params(params, rng=3)
    model.run_until(100.0)
    winners = np.flatnonzero(model.state > 1e-9)
    assert len(winners) == 1
    assert model.state[winners[0]] == pytest.approx(2.0, abs=1e-9)


def test_an_ei_pair_below_its_hopf_point_settles_at_the_origin():
    # Jacobian at 0: [[w_ee - 1, -w_ei], [w_ie, -1]] (tau = 1); with w_ee = 0.5 its trace
    # is -1.5 < 0 and its determinant 0.5 + 4 > 0: the origin is stable.
    model = rate.EIPair.from_params(rate.EIPairParams(w_ee=0.5, e0=0.8), rng=0)
    assert model.state.tolist() == [0.8, 0.0]
    model.run_until(60.0)
    assert np.abs(model.state).max() < 1e-8


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (lambda: rate.LinearCircuitParams(eigenvalues=(0.5, 1.2)), "'eigenvalues\\[1\\]'"),
        (lambda: rate.ThresholdLinearParams(n=1), "'n' parameter of ThresholdLinearParams"),
        (lambda: rate.EIPairParams(e0=2.0), "'e0' parameter of EIPairParams"),
    ],
)
def test_bad_parameters_are_named(params, message):
    with pytest.raises(ValidationError, match=message):
        params()


def _trajectory(model, times=(0.5, 1.0, 5.0, 20.0)):
    states = []
    for t in times:
        model.run_until(t)
        states.append(np.array(model.state))
    return np.array(states)


M3 = np.array([[0.5, 0.2, 0.0], [0.2, 0.3, 0.1], [0.0, 0.1, 0.4]])
OLD_AND_NEW = {
    "linear_circuit": (
        lambda: rate.linear_circuit(M3, [1.0, 0.0, 0.5], tau=2.0, dt=0.05),
        lambda: rate.LinearCircuit(M3, [1.0, 0.0, 0.5], tau=2.0, dt=0.05),
        "LinearCircuit",
    ),
    "threshold_linear": (
        lambda: rate.threshold_linear(ctln_weights(3, [(0, 1), (1, 2), (2, 0)]), np.ones(3)),
        lambda: rate.ThresholdLinear(ctln_weights(3, [(0, 1), (1, 2), (2, 0)]), np.ones(3)),
        "ThresholdLinear",
    ),
    "ei_pair": (
        lambda: rate.ei_pair(2.2, 2.0, 2.0, tau_i=0.5),
        lambda: rate.EIPair(2.2, 2.0, 2.0, tau_i=0.5),
        "EIPair",
    ),
}


@pytest.mark.parametrize("old", sorted(OLD_AND_NEW))
def test_the_old_factories_warn_and_give_the_same_trajectory(old):
    make_old, make_new, new = OLD_AND_NEW[old]
    with pytest.warns(DeprecationWarning, match=f"{old}\\(\\) is deprecated.*rate.{new}"):
        before = make_old()
    after = make_new()
    assert type(before) is type(after) and type(after).__name__ == new
    start = np.linspace(0.1, 0.3, after.n)
    before.set_state(start)
    after.set_state(start)
    old_states, new_states = _trajectory(before), _trajectory(after)
    np.testing.assert_array_equal(old_states, new_states)
    assert np.abs(new_states[-1] - start).max() > 1e-3  # it moved
