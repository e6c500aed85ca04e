"""LIF numerics: exact subthreshold solutions, refractory periods in whole steps, parameters."""

import math

import numpy as np
import pytest

from neuroagents.errors import ValidationError
from neuroagents.sim.spiking import LIFParams, SpikingModel
from neuroagents.sim.spiking.lif import propagators, refractory_steps

P = LIFParams(tau_m=20.0, C_m=250.0, E_L=-65.0, V_th=-50.0, V_reset=-65.0, t_ref=2.0)


def one_neuron(neuron="iaf_psc_delta", params=P, **kw):
    return SpikingModel(np.zeros((1, 1)), neuron=neuron, params=params, **kw)


@pytest.mark.parametrize("neuron", ["iaf_psc_delta", "iaf_psc_exp"])
def test_subthreshold_relaxation_is_the_exact_exponential(neuron):
    # V(t) = E_L + R I_e + (V0 - E_L - R I_e) e^{-t/tau}: below threshold, no spikes.
    m = one_neuron(neuron, dt=0.1, v0=np.array([-60.0]))
    m.set_current(150.0)  # R I_e = 12 mV: V_inf = -53 mV < V_th
    m.record_voltage([0])
    m.run_for(100.0)
    v = m.voltages()
    t = v["time"].to_numpy()
    v_inf = P.E_L + P.R * 150.0
    exact = v_inf + (-60.0 - v_inf) * np.exp(-t / P.tau_m)
    assert len(m.spikes()) == 0
    np.testing.assert_allclose(v["v"].to_numpy(), exact, rtol=0, atol=1e-10)


@pytest.mark.parametrize("tau_syn", [5.0, 20.0])  # 20.0: the tau_syn = tau_m limit
def test_exponential_synapse_psp_is_the_analytic_difference_of_exponentials(tau_syn):
    # A current jump w at t_a: V - E_L = w/C tau_m tau_s/(tau_m - tau_s) (e^{-s/tau_m} -
    # e^{-s/tau_s}), s = t - t_a (and w s e^{-s/tau}/C when tau_s = tau_m).
    params = LIFParams(tau_m=20.0, C_m=250.0, E_L=-70.0, V_th=0.0, V_reset=-70.0,
                       tau_syn_ex=tau_syn, tau_syn_in=tau_syn)  # fmt: skip
    w = 500.0
    W = np.array([[0.0, 0.0], [w, 0.0]])
    m = SpikingModel(W, neuron="iaf_psc_exp", params=params, delay=1.0, dt=0.1)
    m.clamp_neurons([0], "spike")
    m.step()
    m.unclamp()
    m.clamp_neurons([0], "silent")
    m.record_voltage([1])
    m.run_for(60.0)
    t_a = 0.1 + 1.0  # the spike at 0.1 ms, one ms of delay
    v = m.voltages()
    s = v["time"].to_numpy() - t_a
    if tau_syn == params.tau_m:
        exact = w / params.C_m * s * np.exp(-s / params.tau_m)
    else:
        k = w / params.C_m * params.tau_m * tau_syn / (params.tau_m - tau_syn)
        exact = k * (np.exp(-s / params.tau_m) - np.exp(-s / tau_syn))
    exact = np.where(s >= 0, exact, 0.0) + params.E_L
    np.testing.assert_allclose(v["v"].to_numpy(), exact, rtol=1e-9, atol=1e-10)
    assert v["v"].max() > params.E_L + 1.0  # the PSP is there


def test_delta_synapse_jump_is_the_weight():
    W = np.array([[0.0, 0.0], [2.5, 0.0]])
    m = SpikingModel(W, params=P, delay=0.5, dt=0.1)
    m.neurons[0].v = -40.0
    m.record_voltage([1])
    m.run_for(1.0)
    v = m.voltages().set_index("time")["v"]
    assert v.loc[0.5] == P.E_L
    assert v.loc[0.6] == pytest.approx(P.E_L + 2.5, abs=1e-12)


@pytest.mark.parametrize("neuron", ["iaf_psc_delta", "iaf_psc_exp"])
def test_refractory_period_is_a_whole_number_of_steps_at_any_absolute_time(neuron):
    # Brian2 issue 943: 2.0 / 0.1 = 19.999999999999996; truncated, the period would
    # lose a step, and with times accumulated in floats its length would depend on the
    # absolute time. Driven hard, the neuron fires one step after each refractory
    # period: every ISI is exactly 21 steps, up to 10^6 ms.
    assert refractory_steps(2.0, 0.1) == 20
    m = one_neuron(neuron, dt=0.1)
    m.set_current(1e6)
    m.run_for(1e6)
    steps = m.record.steps[: m.record.count]
    assert steps.size == pytest.approx(1e7 / 21, abs=2)
    assert set(np.diff(steps).tolist()) == {21}
    t = m.spikes()["time"].to_numpy()
    assert t[-1] > 0.99e6
    np.testing.assert_allclose(np.diff(t[-1000:]), 2.1, atol=1e-6)


def test_refractory_period_off_the_grid_is_refused():
    with pytest.raises(ValidationError, match=r"'t_ref'.*whole number of steps"):
        one_neuron(params=LIFParams(t_ref=2.05), dt=0.1)


def test_propagators_match_their_definitions():
    p = propagators(P, 0.1)
    assert p["P22"] == pytest.approx(math.exp(-0.1 / 20.0), rel=1e-15)
    assert p["P20"] == pytest.approx(20.0 / 250.0 * (1 - math.exp(-0.1 / 20.0)), rel=1e-12)
    # P21 is continuous at tau_s = tau_m
    near = LIFParams(tau_m=20.0, tau_syn_ex=20.0 * (1 + 1e-7))
    same = LIFParams(tau_m=20.0, tau_syn_ex=20.0)
    assert propagators(near, 0.1)["P21ex"] == pytest.approx(
        propagators(same, 0.1)["P21ex"], rel=1e-6
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"tau_m": -1.0}, "'tau_m' parameter of LIFParams"),
        ({"V_th": -80.0}, "'V_th' parameter of LIFParams"),
        ({"t_ref": -1.0}, "'t_ref' parameter of LIFParams"),
        ({"C_m": float("nan")}, "'C_m' parameter of LIFParams"),
    ],
)
def test_bad_parameters_get_one_clear_error(kwargs, match):
    with pytest.raises(ValidationError, match=match):
        LIFParams(**kwargs)


def test_unknown_parameter_is_named():
    with pytest.raises(ValidationError, match="Unknown LIF parameter 'tau'"):
        LIFParams.from_config({"tau": 20.0})


def test_bad_model_arguments_are_refused():
    with pytest.raises(ValidationError, match="'neuron' parameter of SpikingModel"):
        one_neuron(neuron="hh")
    with pytest.raises(ValidationError, match=r"'timing'.*'precise' only"):
        one_neuron(neuron="iaf_psc_exp", timing="precise")
    m = one_neuron(dt=0.1)
    with pytest.raises(ValidationError, match="whole number of steps"):
        m.run_until(0.25)
    with pytest.raises(ValidationError, match="node 7"):
        m.set_current(1.0, [7])
