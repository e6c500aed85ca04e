"""Synaptic delays: a spike at t arrives at t + d, for random per-synapse delays; the policy."""

import numpy as np
import pytest
import scipy.sparse as sp

from neuroagents.errors import ValidationError
from neuroagents.sim.spiking import LIFParams, SpikingModel
from neuroagents.sim.spiking.delays import delays_to_steps

# No leak to speak of, so a jump stays visible; a high threshold so targets never fire.
QUIET = LIFParams(tau_m=1e9, E_L=0.0, V_th=1e6, V_reset=0.0, t_ref=0.0)


def fan_out(k: int, weight: float):
    """Neuron 0 -> neurons 1..k, one synapse each (synapse order = targets 1..k)."""
    W = sp.lil_array((k + 1, k + 1))
    for t in range(1, k + 1):
        W[t, 0] = weight
    return W.tocsr()


def test_a_spike_at_t_arrives_at_t_plus_d_for_random_delays():
    rng = np.random.default_rng(3)
    k, dt = 40, 0.1
    delays = rng.integers(1, 200, size=k) * dt  # 0.1 .. 19.9 ms, on the grid
    m = SpikingModel(fan_out(k, 1.0), params=QUIET, dt=dt, delay=delays, rng=0)
    assert m.synapses()["target"].tolist() == list(range(1, k + 1))
    m.neurons[0].v = 2e6  # fires in the first step
    m.record_voltage(range(1, k + 1))
    m.run_for(25.0)
    t_spike = m.spikes().query("neuron == 0")["time"].to_numpy()
    assert t_spike.tolist() == [0.1]
    v = m.voltages()
    arrival = v[v["v"] > 0.5].groupby("neuron")["time"].min()
    np.testing.assert_allclose(arrival.loc[range(1, k + 1)], t_spike[0] + delays, atol=1e-9)
    assert m.delays.steps.dtype == np.uint16


def test_precise_delays_off_the_grid_are_exact():
    # Precise timing keeps delays as they are: targets that fire on arrival spike at
    # exactly t_spike + d.
    rng = np.random.default_rng(4)
    k = 30
    delays = rng.uniform(0.2, 10.0, size=k)
    p = LIFParams(tau_m=20.0, E_L=0.0, V_th=10.0, V_reset=0.0, t_ref=2.0)
    m = SpikingModel(fan_out(k, 15.0), params=p, dt=0.1, delay=delays, timing="precise")
    m.set_current(20.0 / p.R, [0])  # V_inf = 20 mV: crosses 10 mV at tau ln 2
    m.run_for(26.0)
    s = m.spikes()
    t0 = s.query("neuron == 0")["time"].to_numpy()[0]
    assert t0 == pytest.approx(20.0 * np.log(2.0), abs=1e-12)
    first = s[s["neuron"] > 0].groupby("neuron")["time"].min()
    np.testing.assert_allclose(first.loc[range(1, k + 1)], t0 + delays, rtol=0, atol=1e-12)


def test_delays_off_the_grid_are_refused_by_default_naming_how_many():
    with pytest.raises(ValidationError, match=r"2 of 3 delays are not a whole number"):
        delays_to_steps(np.array([1.0, 1.05, 1.23]), 0.1)


def test_rounding_warns_with_the_count_and_the_largest_change():
    with pytest.warns(UserWarning, match=r"2 of 3 synaptic delays were rounded.*0\.04 ms"):
        steps = delays_to_steps(np.array([1.0, 1.04, 1.23]), 0.1, rounding="round")
    assert steps.tolist() == [10, 10, 12]


@pytest.mark.parametrize("bad", [0.0, 0.04, 1e4, np.inf, np.nan])
def test_delays_outside_one_step_to_uint16_are_refused(bad):
    with pytest.raises(ValidationError, match="delay"):
        delays_to_steps(np.array([bad]), 0.1, rounding="round")


def test_delay_per_synapse_must_match_the_synapse_count():
    with pytest.raises(ValidationError, match="one delay per synapse \\(3\\)"):
        SpikingModel(fan_out(3, 1.0), params=QUIET, delay=np.ones(2))


def test_delay_kind_is_recorded_and_checked():
    m = SpikingModel(fan_out(2, 1.0), params=QUIET, delay=1.0, delay_kind="axonal")
    assert m.delays.kind == "axonal"
    with pytest.raises(ValidationError, match="'delay_kind'"):
        SpikingModel(fan_out(2, 1.0), params=QUIET, delay=1.0, delay_kind="somatic")


def test_drawn_delays_come_from_the_models_seed():
    def draw(rng, n):
        return rng.integers(1, 50, n) * 0.1

    a = SpikingModel(fan_out(20, 1.0), params=QUIET, delay=draw, rng=5).delays.steps
    b = SpikingModel(fan_out(20, 1.0), params=QUIET, delay=draw, rng=5).delays.steps
    c = SpikingModel(fan_out(20, 1.0), params=QUIET, delay=draw, rng=6).delays.steps
    assert a.tolist() == b.tolist() != c.tolist()


def test_memory_per_synapse_is_at_most_ten_bytes_plus_row_pointers():
    rng = np.random.default_rng(0)
    W = sp.random_array((2000, 2000), density=0.05, rng=rng, format="csr")
    m = SpikingModel(W, params=QUIET, delay=lambda r, n: r.integers(1, 30, n) * 0.1)
    assert m.bytes_per_synapse <= 10.0 + 8 * 2001 / m.weights.size


def test_one_delay_for_every_synapse_is_checked_once_with_the_same_result():
    # The fast path (all delays equal) gives what the general one gives, and refuses
    # what it refuses, with the count of every synapse in the message.
    for value in (0.1, 1.5, 6553.5):
        many = delays_to_steps(np.full(1000, value), 0.1)
        assert many.dtype == np.uint16 and set(many.tolist()) == {round(value / 0.1)}
    with pytest.raises(ValidationError, match="1000 of 1000 delays are not a whole number"):
        delays_to_steps(np.full(1000, 1.55), 0.1)
    with pytest.raises(ValidationError, match="between one step"):
        delays_to_steps(np.full(1000, 0.0), 0.1)
    with pytest.warns(UserWarning, match="1000 of 1000 synaptic delays were rounded"):
        delays_to_steps(np.full(1000, 1.55), 0.1, "round")
