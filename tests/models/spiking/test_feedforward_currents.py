"""Feed-forward inhibition with exponential synaptic currents: grid runs against the kernels.

The simulation (``iaf_psc_exp``, exact propagators) samples V at grid points and the
volleys' interval is a whole number of steps, so its window is the theory's rounded
down to the grid: 0 <= theory − simulation <= dt (the peak's sampling error at the grid
points shifts it by far less: V is flat at its peak, an O(dt²) miss). 1e-9 ms of slack
for floating point.
"""

import math

import networkx as nx
import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from neuroagents.errors import ValidationError
from neuroagents.models.spiking.feedforward_currents import (
    C_M,
    CurrentsCircuit,
    current_pair_fires,
    current_window,
    current_window_theory,
    peak_potential,
    psp_kernel,
)
from neuroagents.sim.spiking import LIFParams, SpikingModel

SLACK = 1e-9


def test_the_kernel_is_the_engines_psp():
    # One current of 100 pA into iaf_psc_exp: the recorded V equals w K(t) at every step.
    p = LIFParams(tau_m=20.0, C_m=C_M, E_L=0.0, V_th=1e6, V_reset=0.0, tau_syn_ex=2.0)
    g = nx.DiGraph()
    g.add_node(0)
    m = SpikingModel(g, neuron="iaf_psc_exp", params=p, dt=0.1, rng=0)
    m.add_spike_train([1.0], 100.0, neurons=[0])
    m.record_voltage([0])
    m.run_until(30.0)
    v = m.voltages()
    expected = 100.0 * psp_kernel(v["time"].to_numpy() - 1.0, 20.0, 2.0)
    np.testing.assert_allclose(v["v"].to_numpy(), expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("tau_syn", [0.5, 2.0, 5.0])
def test_weights_give_the_asked_peaks(tau_syn):
    c = CurrentsCircuit(tau_syn=tau_syn, inh_strength=4.0)
    w_e, w_i = c.weights
    peak = -minimize_scalar(
        lambda t: -float(psp_kernel(t, c.tau_m, tau_syn)), bounds=(0.0, 50.0), method="bounded",
        options={"xatol": 1e-10},
    ).fun  # fmt: skip
    assert w_e * peak == pytest.approx(c.j_exc, rel=1e-8)
    assert w_i * peak == pytest.approx(4.0, rel=1e-8)


def test_peak_potential_is_the_maximum_of_the_summed_kernels():
    c = CurrentsCircuit(inh_strength=3.0, inh_delay=1.0, tau_syn=1.0)
    for interval in (0.0, 0.7, 2.5, 9.0):
        t = np.linspace(0.0, interval + c.inh_delay + c.settle, 400_001)
        v = sum(w * psp_kernel(t - t0, c.tau_m, c.tau_syn) for t0, w in c.arrivals(interval))
        # A dense sample can only miss the maximum from below, by O(step²).
        assert peak_potential(c, interval) == pytest.approx(v.max(), abs=1e-6)
        assert peak_potential(c, interval) >= v.max() - SLACK


def grid_fires(c, steps):
    """Whether the kernels' sum, sampled at the grid points, reaches θ (independent of the
    engine's propagators) for volleys ``steps`` steps apart."""
    events = c.arrivals(steps * c.dt)
    end = max(t for t, _ in events) + c.settle
    t = np.arange(0.0, end + c.dt, c.dt)
    v = sum(w * psp_kernel(t - t0, c.tau_m, c.tau_syn) for t0, w in events)
    return bool(v.max() >= c.theta)


@pytest.mark.parametrize(
    ("tau_syn", "strength", "delay"),
    [(0.5, 0.0, 1.0), (2.0, 0.0, 1.0), (0.5, 2.0, 1.0), (0.5, 13.0, 1.0), (2.0, 3.0, 2.0),
     (1.0, 5.0, 3.0), (0.5, 1.0, 3.0)],
)  # fmt: skip
def test_simulated_window_is_the_theorys_on_the_grid(tau_syn, strength, delay):
    c = CurrentsCircuit(tau_syn=tau_syn, inh_strength=strength, inh_delay=delay, dt=0.02)
    simulated = current_window(c)
    k = round(simulated / c.dt)
    assert math.isclose(simulated, k * c.dt, abs_tol=1e-12)
    # Exactly the last grid interval at which the grid-sampled kernels reach threshold.
    assert grid_fires(c, k) and not grid_fires(c, k + 1)
    # Against continuous time: below it by at most dt, plus the threshold crossings the
    # grid misses between its points: V is flat at its peak, so it is missed by at most
    # max|V''| dt^2 / 8 (~1e-3 mV here), which moves the window by that over the slope of
    # the peak against the interval (>~ 0.2 mV/ms here): 5e-3 ms covers it.
    theory = current_window_theory(c)
    assert -SLACK <= theory - simulated <= c.dt + 5e-3, (theory, simulated)


def test_without_inhibition_the_window_is_set_by_the_membrane():
    # Slow currents lengthen the window (the EPSP rises, then decays with tau_m).
    windows = [current_window_theory(CurrentsCircuit(tau_syn=s)) for s in (0.5, 2.0)]
    assert windows[0] > 10.0 and windows[1] > windows[0]


def test_strong_fast_inhibition_gives_a_window_under_two_ms():
    c = CurrentsCircuit(tau_syn=0.5, inh_strength=13.0, inh_delay=1.0)
    assert 0.0 < current_window(c) < 2.0


def test_inhibition_that_cuts_the_rise_blocks_even_coincident_volleys():
    c = CurrentsCircuit(tau_syn=2.0, inh_strength=13.0, inh_delay=1.0)
    assert peak_potential(c, 0.0) < c.theta
    assert not current_pair_fires(c, 0)
    assert current_window(c) == 0.0 and current_window_theory(c) == 0.0


@pytest.mark.parametrize("tau_syn", [0.5, 2.0])
def test_a_single_volley_never_fires(tau_syn):
    c = CurrentsCircuit(tau_syn=tau_syn, j_exc=19.9)  # 0.1 mV short of threshold at its peak
    p = LIFParams(tau_m=c.tau_m, C_m=C_M, E_L=0.0, V_th=c.theta, V_reset=0.0,
                  tau_syn_ex=tau_syn, tau_syn_in=tau_syn)  # fmt: skip
    g = nx.DiGraph()
    g.add_node("TC")
    m = SpikingModel(g, neuron="iaf_psc_exp", params=p, dt=c.dt, rng=0)
    m.add_spike_train([1.0], c.weights[0], neurons=["TC"])
    m.record_voltage(["TC"])
    m.run_until(60.0)
    assert m.spikes().empty
    # The grid samples the peak: within the O(dt^2) curvature term of 19.9 mV, from below.
    assert m.voltages()["v"].max() == pytest.approx(19.9, abs=1e-3)


def test_window_shrinks_with_inhibitory_strength():
    w = [
        current_window_theory(CurrentsCircuit(tau_syn=0.5, inh_strength=g, inh_delay=1.0))
        for g in (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0)
    ]
    assert np.all(np.diff(w) <= 1e-9)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"j_exc": 21.0}, "'j_exc'"),
        ({"tau_syn": 0.0}, "'tau_syn'"),
        ({"inh_delay": 1.005}, "'inh_delay'.*whole number of steps"),
        ({"inh_strength": -2.0}, "'inh_strength'"),
        ({"dt": 0.0}, "'dt'"),
    ],
)
def test_bad_parameters_are_refused_by_name(kwargs, match):
    with pytest.raises(ValidationError, match=match):
        CurrentsCircuit(**kwargs)
