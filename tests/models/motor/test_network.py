"""The motor networks on the engine: designed modes, preparatory states, the readout."""

import numpy as np
import pytest

from neuroagents.errors import ValidationError
from neuroagents.models.motor import (
    MotorModel,
    TuningPopulation,
    cycling_network,
    minimum_jerk,
    mode_block,
    reach_kinematics,
    reach_network,
    rotational_weights,
)


@pytest.mark.parametrize("integrator", ["exponential", "euler"])
def test_mode_block_gives_the_designed_rotation_on_the_engine(integrator):
    import neuroagents as na

    f, decay, dt, tau = 0.01, 80.0, 1.0, 5.0
    B = mode_block(f, decay, dt=dt, tau=tau, integrator=integrator)
    c = na.Connectome.from_matrix(B, weight_dtype="float64")
    m = na.NeuralModel(c, rule="linear", scheduler="sync", tau=tau, dt=dt,
                       integrator=integrator, record_every=None, state=[1.0, 0.0])  # fmt: skip
    m.run_until(37.0)
    # theory: v1 + i v2 multiplied by exp(-dt/decay) e^{i 2 pi f dt} each step
    z = np.exp(37 * (-1 / decay + 2j * np.pi * f))
    np.testing.assert_allclose(m.state, [z.real, z.imag], atol=1e-12)


def test_rotational_weights_spectrum():
    W, Q = rotational_weights(30, [0.002, 0.004], [300.0, 100.0], rng=0, dt=1.0, tau=20.0)
    np.testing.assert_allclose(Q.T @ Q, np.eye(30), atol=1e-12)
    k = np.exp(-1 / 20)
    step = k * np.eye(30) + (1 - k) * W
    mu = np.linalg.eigvals(step)
    top = mu[np.argsort(-np.abs(mu))][:4]
    # per-step multipliers rho e^{i phi} of the two planes, exactly as designed
    np.testing.assert_allclose(sorted(np.abs(top)), sorted([np.exp(-1 / 100)] * 2
                               + [np.exp(-1 / 300)] * 2), rtol=1e-12)  # fmt: skip
    np.testing.assert_allclose(sorted(np.abs(np.angle(top))),
                               sorted([2 * np.pi * 0.004] * 2 + [2 * np.pi * 0.002] * 2),
                               rtol=1e-10)  # fmt: skip
    # the others decay in 1 to 2 tau, without rotating
    assert np.all(np.abs(mu[np.abs(mu) < np.exp(-1 / 100) - 1e-9]) < np.exp(-1 / 40) + 1e-12)


def test_preparatory_input_sets_the_state_and_the_muscles_stay_at_rest():
    net, prep = reach_network(40, conditions=8, rng=1)
    assert prep.shape == (8, 40) and net.readout.shape == (8, 40)
    run = MotorModel.from_network(net).run_trial(
        prep[3], prep=1500.0, before=50.0, after=300.0, every=10.0
    )
    at_go = run.rates[run.times == 0][0]
    # the slowest mode (300 ms) has had 5 decay times to settle: within e^-5 of x
    assert np.linalg.norm(at_go - prep[3]) < np.exp(-5) * np.linalg.norm(prep[3]) * 1.5
    # output-null preparatory state: muscles at baseline until the go cue, but for the
    # unsettled e^-5 of the slow plane, which has turned partly into the output by then
    before = run.muscles[run.times <= 0]
    assert np.abs(before - net.baseline).max() < 2 * np.exp(-5) * np.abs(run.muscles - 1).max()
    assert np.abs(run.muscles - net.baseline).max() > 0.1  # and they move afterwards


def test_cycling_oscillator_keeps_its_amplitude_and_the_force_turns_both_ways():
    net, prep = cycling_network(20, frequency=0.002, rng=2)
    fwd, bwd = (
        MotorModel.from_network(net).run_trial(x, prep=0.0, before=0.0, after=1500.0, every=5.0)
        for x in prep
    )
    # neutral stepped map: the norm of the state is kept for 3 cycles to rounding
    np.testing.assert_allclose(np.linalg.norm(fwd.rates, axis=1), 1.0, atol=1e-10)
    # the muscles read a 2-D force through fixed pulling directions G (muscles x 2)
    a = 2 * np.pi * np.arange(8) / 8
    G = np.column_stack([np.cos(a), np.sin(a)])
    f_fwd = np.linalg.lstsq(G, (fwd.muscles - net.baseline).T, rcond=None)[0].T
    f_bwd = np.linalg.lstsq(G, (bwd.muscles - net.baseline).T, rcond=None)[0].T
    # the same circle, mirrored: backward is forward with the second coordinate reversed
    np.testing.assert_allclose(f_bwd[:, 0], f_fwd[:, 0], atol=1e-9)
    np.testing.assert_allclose(f_bwd[:, 1], -f_fwd[:, 1], atol=1e-9)
    assert np.ptp(f_fwd[:, 1]) > 1.0
    # while the network runs them in orthogonal planes
    assert np.abs(fwd.rates @ bwd.rates.T).max() < 1e-9


def test_minimum_jerk_and_tuning():
    t = np.linspace(0, 400, 401)
    s, ds = minimum_jerk(t, 400.0)
    assert s[0] == 0 and s[-1] == pytest.approx(1.0)
    assert np.trapezoid(ds, t) == pytest.approx(1.0, rel=1e-5)
    pos, vel = reach_kinematics(t, 8, duration=400.0)
    assert pos.shape == (8, 401, 2)
    np.testing.assert_allclose(np.linalg.norm(pos[:, -1], axis=1), 1.0)
    pop = TuningPopulation.random(50, rng=0, peak_speed=ds.max(), terms=("velocity",))
    assert not pop.position.any() and not pop.speed.any()
    r = pop.rates(pos[0], vel[0])
    assert r.shape == (401, 50) and r.min() >= 0
    np.testing.assert_allclose(r[0], pop.baseline)  # at rest: the baseline


def test_bad_input_is_named():
    with pytest.raises(ValidationError, match="one decay per frequency"):
        rotational_weights(10, [0.1, 0.2], [1.0], dt=1.0, tau=1.0)
    with pytest.raises(ValidationError, match="decays"):
        rotational_weights(10, [0.1], [-1.0], dt=1.0, tau=1.0)
    with pytest.raises(ValidationError, match="terms"):
        TuningPopulation.random(5, terms=("acceleration",))
    with pytest.raises(ValidationError, match="conditions"):
        reach_network(20, conditions=1)


def test_coupling_keeps_the_preparatory_fixed_point_and_refuses_instability():
    net, prep = reach_network(40, conditions=4, coupling=0.15, rng=3)
    plain, _ = reach_network(40, conditions=4, rng=3)
    assert not np.allclose(net.W, plain.W)
    h = net.preparatory_input(prep[1])
    np.testing.assert_allclose(net.W @ prep[1] + h, prep[1], atol=1e-12)  # a fixed point
    with pytest.raises(ValidationError, match="coupling"):
        reach_network(40, conditions=4, coupling=3.0, rng=3)


def test_the_old_wrapper_names_warn_and_give_the_same_trajectory():
    net, prep = reach_network(40, frequencies=[0.002], decays=[300.0], rng=3)
    protocol = {"prep": 500.0, "before": 20.0, "after": 100.0, "every": 10.0}
    new = MotorModel.from_network(net, prep).run_trial(prep[1], **protocol)
    with pytest.warns(DeprecationWarning, match=r"MotorNetwork.run\(\).*run_trial"):
        old = net.run(prep[1], **protocol)
    for name in ("times", "rates", "muscles"):
        np.testing.assert_array_equal(getattr(old, name), getattr(new, name))
    with pytest.warns(DeprecationWarning, match=r"MotorNetwork.model\(\).*from_network"):
        model = net.model()
    assert isinstance(model, MotorModel) and model.time == 0 and not model.state.any()


def test_a_trial_needs_a_fresh_model():
    net, prep = reach_network(40, frequencies=[0.002], decays=[300.0], rng=3)
    model = MotorModel.from_network(net, prep)
    model.run_for(5.0)
    with pytest.raises(ValidationError, match=r"run_trial needs a fresh model.*time 5\.0"):
        model.run_trial(prep[0], prep=10.0, before=0.0, after=10.0, every=5.0)


def test_motor_model_keeps_its_old_module_path_for_a_release():
    from neuroagents.models.motor import model, network

    with pytest.warns(DeprecationWarning, match="motor.network.MotorModel moved"):
        assert network.MotorModel is model.MotorModel
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        network.Nope  # noqa: B018
