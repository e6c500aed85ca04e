"""STDP and iSTDP on spiking synapses: hand-computed pairs, sums over all pairs, bounds.

The neurons are driven by input spike trains strong enough (100 mV) to make each fire
exactly at the train's times, while the plastic synapses (at most 1 mV) cannot make
them fire: the spike times are known, so the weight changes can be computed by hand.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroagents.errors import ValidationError
from neuroagents.sim.spiking import LIFParams, SpikingModel
from neuroagents.sim.spiking.stdp import STDP, VogelsSprekeler

P = LIFParams(tau_m=20.0, E_L=0.0, V_th=20.0, V_reset=0.0, t_ref=0.0)
DT = 0.1


def drive(W, trains, rule, *, delay=1.0, kind="dendritic", engine="compiled", plastic=None,
          t=None):  # fmt: skip
    """Neurons of W firing at ``trains`` (node -> times), synapses learning by ``rule``."""
    m = SpikingModel(
        W, params=P, dt=DT, delay=delay, delay_kind=kind, engine=engine, plasticity=rule,
        plastic=plastic,
    )  # fmt: skip
    for i, times in trains.items():
        m.add_spike_train(times, 100.0, neurons=[i])
    end = t if t is not None else max(max(v) for v in trains.values()) + 5.0
    m.run_for(round(end / DT) * DT)
    fired = m.spikes()
    for i, times in trains.items():  # the premise: each fires exactly at its train
        np.testing.assert_allclose(fired[fired["neuron"] == i]["time"], np.sort(times), atol=1e-9)
    return m


def pair(rule, t_pre, t_post, **kw):
    """The plastic weight 0 -> 1 after one pre spike at t_pre and one post spike at t_post."""
    W = np.array([[0.0, 0.0], [0.5 * rule.w_max, 0.0]])
    return float(drive(W, {0: [t_pre], 1: [t_post]}, rule, **kw).weights[0])


ADD = STDP(lambda_=0.01, alpha=1.05, w_max=1.0, tau_plus=20.0, tau_minus=30.0)


@pytest.mark.parametrize(
    ("t_pre", "t_post", "kind", "delta"),
    [
        (10.0, 15.0, "dendritic", 6.0),  # delta = t_post + d - t_pre
        (10.0, 15.0, "axonal", 4.0),  # delta = t_post - (t_pre + d)
        (15.0, 10.0, "dendritic", -4.0),
        (15.0, 10.0, "axonal", -6.0),
        # NEST's issue 1604: post 0.5 ms before pre at the soma, yet potentiation when the
        # whole 1 ms delay is dendritic; depression when it is axonal.
        (10.0, 9.5, "dendritic", 0.5),
        (10.0, 9.5, "axonal", -1.5),
        (10.0, 9.0, "dendritic", 0.0),  # they meet at the synapse: no change (as NEST)
    ],
)
def test_one_pair_changes_the_weight_by_the_window_at_the_synapse(t_pre, t_post, kind, delta):
    w = pair(ADD, t_pre, t_post, kind=kind)
    if delta > 0:
        expected = 0.5 + 0.01 * math.exp(-delta / 20.0)
    elif delta < 0:
        expected = 0.5 - 1.05 * 0.01 * math.exp(delta / 30.0)
    else:
        expected = 0.5
    assert w == pytest.approx(expected, rel=1e-13)
    assert w - 0.5 == pytest.approx(ADD.pair_change(0.5, delta), rel=1e-12, abs=1e-15)


def test_multiplicative_steps_scale_with_the_distance_to_the_bound():
    rule = STDP.multiplicative(lambda_=0.1, alpha=0.5, w_max=1.0)
    up = pair(rule, 10.0, 15.0)  # w/W = 0.5: + λ (1 - 0.5) e^{-6/20}
    down = pair(rule, 15.0, 10.0)  # - α λ 0.5 e^{-4/20}
    assert up == pytest.approx(0.5 + 0.1 * 0.5 * math.exp(-6 / 20), rel=1e-13)
    assert down == pytest.approx(0.5 - 0.5 * 0.1 * 0.5 * math.exp(-4 / 20), rel=1e-13)


def test_hard_bounds_cap_potentiation_at_w_max_and_depression_at_zero():
    big = STDP(lambda_=2.0, alpha=1.0, w_max=1.0)
    assert pair(big, 10.0, 10.5) == 1.0
    assert pair(big, 12.0, 10.0) == 0.0  # delta = 10 + 1 - 12 = -1 ms
    negative = STDP(lambda_=2.0, alpha=1.0, w_max=-1.0)  # inhibitory weights, same rule on |w|
    assert pair(negative, 10.0, 10.5) == -1.0


def test_traces_add_over_spikes_a_triplet_by_hand():
    """Pre at 10 and 12, post at 20 (d = 1, dendritic): x+ sums both pre spikes."""
    W = np.array([[0.0, 0.0], [0.5, 0.0]])
    w = drive(W, {0: [10.0, 12.0], 1: [20.0]}, ADD).weights[0]
    expected = 0.5 + 0.01 * (math.exp(-11 / 20) + math.exp(-9 / 20))
    assert w == pytest.approx(expected, rel=1e-13)


def test_vogels_sprekeler_pre_and_post_updates_by_hand():
    """Pre at 10: |w| += η (0 - α) (floored at 0); post at 15 (d = 1): |w| += η e^{-6/τ};
    pre at 30: |w| += η (e^{-(30 - 16)/τ} - α)."""
    rule = VogelsSprekeler(tau=20.0, eta=0.05, alpha=0.2, w_max=-1.0)
    W = np.array([[0.0, 0.0], [-0.5, 0.0]])
    w = drive(W, {0: [10.0, 30.0], 1: [15.0]}, rule).weights[0]
    first = 0.5 - 0.05 * 0.2
    second = first + 0.05 * math.exp(-6 / 20)
    third = second + 0.05 * math.exp(-14 / 20) - 0.05 * 0.2
    assert w == pytest.approx(-third, rel=1e-13)


def all_pairs(rule, trains, W, delays, kind):
    """Every plastic synapse's total change summed over all pairs, unbounded (independent
    of the engine's traces: a double loop over spike times)."""
    out = []
    sources, targets = np.nonzero(W.T)  # the model's order: by source, then target
    for j, i, d in zip(sources, targets, delays, strict=True):
        da, dd = (0.0, d) if kind == "dendritic" else (d, 0.0)
        arrive = np.asarray(trains[j]) + da
        seen = np.asarray(trains[i]) + dd
        change = 0.0
        for b in seen:
            a = arrive[arrive < b - 1e-9]
            change += np.sum(np.exp(-(b - a) / rule.tau_plus))
        for a in arrive:
            b = seen[seen < a - 1e-9]
            if isinstance(rule, STDP):
                change -= rule.alpha * np.sum(np.exp(-(a - b) / rule.tau_minus))
            else:
                change += np.sum(np.exp(-(a - b) / rule.tau_minus)) - rule.alpha
        scale = rule.lambda_ * rule.w_max if isinstance(rule, STDP) else rule.eta
        out.append(scale * change)
    return np.array(out)


@pytest.mark.parametrize("kind", ["dendritic", "axonal"])
@pytest.mark.parametrize(
    "rule",
    [STDP(lambda_=1e-4, alpha=1.1, w_max=1.0, tau_minus=25.0),
     VogelsSprekeler(tau=20.0, eta=1e-4, alpha=0.3, w_max=1.0)],
)  # fmt: skip
def test_heterogeneous_delays_match_the_sum_over_all_pairs(rule, kind):
    """Five neurons all-to-all, random trains and delays 0.5-3 ms; small rates of change
    keep the weights inside the bounds, so the change is the plain sum over pairs."""
    rng = np.random.default_rng(3)
    n = 5
    W = 0.5 * (1 - np.eye(n))
    trains = {i: np.unique(rng.integers(20, 2000, 25)) * DT for i in range(n)}
    delays = rng.integers(5, 31, n * (n - 1)) * DT
    m = drive(W, trains, rule, delay=delays, kind=kind)
    expected = 0.5 + all_pairs(rule, trains, W, delays, kind)
    assert np.ptp(expected) > 1e-3  # the synapses learned different amounts
    np.testing.assert_allclose(m.weights, expected, rtol=0, atol=1e-12)


def test_only_the_chosen_synapses_learn():
    W = 0.5 * (1 - np.eye(3))
    trains = {0: [10.0, 30.0], 1: [12.0, 33.0], 2: [15.0]}
    m = drive(W, trains, ADD, plastic=([0], [1, 2]))
    syn = m.synapses()
    learned = syn["weight"] != 0.5
    assert learned.tolist() == ((syn["source"] == 0) & syn["target"].isin([1, 2])).tolist()


@settings(max_examples=15, deadline=None)
@given(
    lam=st.floats(0.0, 3.0),
    alpha=st.floats(0.0, 3.0),
    mu=st.sampled_from([0.0, 0.5, 1.0]),
    w_max=st.sampled_from([1.0, -2.0]),
    w0=st.floats(0.001, 1.0),  # a weight of 0 is no synapse in a weight matrix
    seed=st.integers(0, 2**31),
)
def test_weights_stay_within_bounds_whatever_the_spikes(lam, alpha, mu, w_max, w0, seed):
    rng = np.random.default_rng(seed)
    n = 4
    W = w0 * w_max * (1 - np.eye(n))
    # About 100 Hz each: dense pairs, yet 1 mV inputs cannot add the 20 mV a spike needs.
    trains = {i: np.unique(rng.integers(1, 3000, 30)) * DT for i in range(n)}
    rule = STDP(lambda_=lam, alpha=alpha, mu_plus=mu, mu_minus=mu, w_max=w_max)
    w = drive(W, trains, rule, delay=rng.integers(1, 20, n * (n - 1)) * DT).weights
    assert np.all(w / w_max >= 0.0) and np.all(w / w_max <= 1.0)
    ist = VogelsSprekeler(eta=lam, alpha=alpha, w_max=w_max)
    w = drive(W, trains, ist).weights
    assert np.all(w / w_max >= 0.0) and np.all(w / w_max <= 1.0)


def test_compiled_and_agents_engines_learn_identically_in_a_recurrent_network():
    rng = np.random.default_rng(5)
    n = 40
    W = np.where(rng.random((n, n)) < 0.2, 2.0, 0.0)
    np.fill_diagonal(W, 0.0)
    rule = STDP(lambda_=0.05, alpha=1.05, w_max=4.0)
    runs = []
    for engine in ("compiled", "agents"):
        m = SpikingModel(
            W, params=P, dt=DT, delay=lambda r, k: r.integers(5, 25, k) * DT, engine=engine,
            plasticity=rule, v0="uniform", rng=11,
        )  # fmt: skip
        m.add_poisson_input(rate=2000.0, weight=0.6)
        m.run_for(200.0)
        runs.append(m)
    a, b = runs
    assert len(a.spikes()) > 300  # recurrent activity
    assert np.abs(a.weights - 2.0).max() > 0.1  # the weights moved
    np.testing.assert_array_equal(a.weights, b.weights)
    assert a.spikes().equals(b.spikes())


def test_the_connectome_keeps_its_weights_and_delivery_reads_the_plastic_ones():
    """Potentiate 0 -> 1 to the bound, then a pre spike moves neuron 1 by the new weight."""
    W = np.array([[0.0, 0.0], [0.5, 0.0]])
    rule = STDP(lambda_=5.0, alpha=0.0, w_max=1.0)
    m = SpikingModel(W, params=P, dt=DT, delay=1.0, plasticity=rule)
    m.add_spike_train([10.0, 40.0], 100.0, neurons=[0])
    m.add_spike_train([12.0], 100.0, neurons=[1])
    m.record_voltage([1])
    m.run_for(50.0)
    assert m.weights[0] == 1.0
    assert m.connectome.to_dense()[1, 0] == 0.5
    v = m.voltages().set_index("time")["v"]
    # The spike at 40 arrives at 41: V = e^{-dt/tau_m} V(40.9) + w, with w = 1, not 0.5.
    assert v.loc[41.0] == pytest.approx(math.exp(-DT / P.tau_m) * v.loc[40.9] + 1.0, rel=1e-12)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: STDP(tau_minus=-1.0), "'tau_minus' parameter of STDP"),
        (lambda: STDP(w_max=0.0), "'w_max' parameter of STDP must be a finite nonzero"),
        (lambda: STDP(lambda_=float("nan")), "'lambda_' parameter of STDP"),
        (lambda: VogelsSprekeler(eta=-1.0), "'eta' parameter of VogelsSprekeler"),
        (lambda: VogelsSprekeler.for_rate(-3.0, eta=1.0, w_max=1.0), "'rho0'"),
        (lambda: STDP.additive(0.0, 1.0, 1.0), "'a_plus' parameter of STDP.additive"),
        (lambda: SpikingModel(np.array([[0, 0], [2.0, 0]]), plasticity=STDP(w_max=1.0)),
         "1 of 1 plastic weights lie outside"),
        (lambda: SpikingModel(np.array([[0, 0], [0.5, 0]]), plasticity="stdp"),
         "must be an STDP or a VogelsSprekeler"),
        (lambda: SpikingModel(np.array([[0, 0], [0.5, 0]]), plasticity=STDP(w_max=1.0),
                              plastic=[1, 0]), "boolean mask with one entry per synapse"),
        (lambda: SpikingModel(np.array([[0, 0], [0.5, 0]]), plasticity=STDP(w_max=1.0),
                              plastic=([7], [0])), "node 7"),
        (lambda: SpikingModel(np.array([[0, 0], [0.5, 0]]), plasticity=STDP(w_max=1.0),
                              timing="precise"), "needs timing='grid'"),
    ],
)  # fmt: skip
def test_bad_rules_and_plastic_sets_are_refused_naming_the_parameter(make, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace("[", r"\[")):
        make()
