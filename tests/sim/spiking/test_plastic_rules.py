"""Several plasticity rules in one SpikingModel: STDP on E->E beside iSTDP on I->E.

With the spike times fixed (each neuron driven to fire exactly at its input train, the
plastic synapses too weak to make it fire), two rules on disjoint synapse sets must change
each set exactly as that rule alone does, and as the sum over all spike pairs (a double
loop over spike times, independent of the engine's traces). In a recurrent network, where
the spikes depend on the weights, a frozen second rule (rate 0) must leave the first
rule's run unchanged, and both engines must agree.
"""

import numpy as np
import pytest

from neuroagents.errors import ValidationError
from neuroagents.sim.spiking import LIFParams, SpikingModel
from neuroagents.sim.spiking.stdp import STDP, PlasticSynapses, VogelsSprekeler

P = LIFParams(tau_m=20.0, E_L=0.0, V_th=20.0, V_reset=0.0, t_ref=0.0)
DT = 0.1
EXC, INH = [0, 1, 2], [3, 4, 5]
EE = STDP(lambda_=1e-3, alpha=1.1, w_max=1.0, tau_plus=16.8, tau_minus=33.7)
IE = VogelsSprekeler(tau=20.0, eta=1e-3, alpha=0.2, w_max=-1.0)


def network():
    """Six neurons all-to-all: 0-2 excitatory (+0.5 mV), 3-5 inhibitory (-0.5 mV)."""
    W = 0.5 * (1 - np.eye(6))
    W[:, INH] *= -1.0
    return W


def drive(plasticity, trains, delays, *, plastic=None, engine="compiled"):
    """The network firing at ``trains`` (node -> times), learning by ``plasticity``."""
    m = SpikingModel(
        network(), params=P, dt=DT, delay=delays, engine=engine, plasticity=plasticity,
        plastic=plastic,
    )  # fmt: skip
    for i, times in trains.items():
        m.add_spike_train(times, 100.0, neurons=[i])
    m.run_for(round((max(max(t) for t in trains.values()) + 5.0) / DT) * DT)
    fired = m.spikes()
    for i, times in trains.items():  # the premise: each fires exactly at its train
        np.testing.assert_allclose(fired[fired["neuron"] == i]["time"], np.sort(times), atol=1e-9)
    return m


def pair_sums(rule, trains, syn, delays):
    """Each synapse's change summed over all pairs (dendritic delays), unbounded."""
    out = []
    for j, i, d in zip(syn["source"], syn["target"], delays, strict=True):
        arrive, seen = np.asarray(trains[j]), np.asarray(trains[i]) + d
        change = sum(np.exp(-(b - arrive[arrive < b - 1e-9]) / rule.tau_plus).sum() for b in seen)
        for a in arrive:
            x = np.exp(-(a - seen[seen < a - 1e-9]) / rule.tau_minus).sum()
            change += -rule.alpha * x if isinstance(rule, STDP) else x - rule.alpha
        out.append(change * (rule.lambda_ * rule.w_max if isinstance(rule, STDP) else rule.eta))
    return np.array(out)


@pytest.fixture(scope="module")
def spikes_and_delays():
    rng = np.random.default_rng(7)
    trains = {i: np.unique(rng.integers(20, 3000, 30)) * DT for i in range(6)}
    return trains, rng.integers(5, 31, 30) * DT


@pytest.mark.parametrize("engine", ["compiled", "agents"])
def test_two_rules_change_each_set_as_each_rule_alone_and_as_the_pair_sums(
    spikes_and_delays, engine
):
    trains, delays = spikes_and_delays
    both = drive([(EE, (EXC, EXC)), (IE, (INH, EXC))], trains, delays, engine=engine)
    ee_alone = drive(EE, trains, delays, plastic=(EXC, EXC), engine=engine)
    ie_alone = drive(IE, trains, delays, plastic=(INH, EXC), engine=engine)
    syn = both.synapses()
    ee = (syn["source"].isin(EXC) & syn["target"].isin(EXC)).to_numpy()
    ie = (syn["source"].isin(INH) & syn["target"].isin(EXC)).to_numpy()
    np.testing.assert_array_equal(both.weights[ee], ee_alone.weights[ee])
    np.testing.assert_array_equal(both.weights[ie], ie_alone.weights[ie])
    rest = ~(ee | ie)
    np.testing.assert_array_equal(both.weights[rest], network().T[network().T != 0][rest])
    # Small rates keep every weight inside its bounds: the change is the plain pair sum.
    for rule, chosen in ((EE, ee), (IE, ie)):  # iSTDP changes |w|, w keeps W's sign
        expected = np.sign(rule.w_max) * (
            0.5 + pair_sums(rule, trains, syn[chosen], delays[chosen])
        )
        assert np.ptp(expected) > 1e-3  # the synapses learned different amounts
        np.testing.assert_allclose(both.weights[chosen], expected, rtol=0, atol=1e-12)
    assert isinstance(both.plasticity, tuple) and len(both.plasticity) == 2
    assert isinstance(ee_alone.plasticity, PlasticSynapses)  # one rule: as before


def recurrent(plasticity, engine="compiled", plastic=None):
    rng = np.random.default_rng(5)
    n_e, n = 32, 40
    W = np.where(rng.random((n, n)) < 0.2, 2.0, 0.0)
    W[:, n_e:] *= -2.0
    np.fill_diagonal(W, 0.0)
    m = SpikingModel(
        W, params=P, dt=DT, delay=lambda r, k: r.integers(5, 25, k) * DT, engine=engine,
        plasticity=plasticity, plastic=plastic, v0="uniform", rng=11,
    )  # fmt: skip
    m.add_poisson_input(rate=2500.0, weight=0.6)
    m.run_for(200.0)
    return m


E_SET, I_SET = (range(32), range(32)), (range(32, 40), range(32))
STDP_EE = STDP(lambda_=0.05, alpha=1.05, w_max=4.0)


def test_a_frozen_second_rule_leaves_the_first_rules_run_unchanged():
    """STDP on E->E beside iSTDP with eta = 0 on I->E: the same spikes and weights as STDP
    alone (given as a list of one pair, and as the one-rule arguments)."""
    alone = recurrent([(STDP_EE, E_SET)])
    frozen = VogelsSprekeler(eta=0.0, alpha=0.2, w_max=-8.0)
    both = recurrent([(STDP_EE, E_SET), (frozen, I_SET)])
    assert len(alone.spikes()) > 300 and np.abs(alone.weights - 2.0).max() > 0.1
    np.testing.assert_array_equal(both.weights, alone.weights)
    assert both.spikes().equals(alone.spikes())
    single = recurrent(STDP_EE, plastic=E_SET)  # the one-rule API: the same run
    np.testing.assert_array_equal(single.weights, alone.weights)


def test_compiled_and_agents_engines_agree_with_two_rules_learning():
    rules = [(STDP_EE, E_SET), (VogelsSprekeler(eta=0.05, alpha=0.2, w_max=-8.0), I_SET)]
    a, b = recurrent(rules), recurrent(rules, engine="agents")
    inhibitory = a.synapses()["source"].to_numpy() >= 32
    assert np.abs(a.weights[inhibitory] + 4.0).max() > 0.1  # the I->E weights moved too
    np.testing.assert_array_equal(a.weights, b.weights)
    assert a.spikes().equals(b.spikes())


W2 = np.array([[0, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0]])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(plasticity=[(STDP(w_max=1.0), None), (STDP(w_max=1.0), ([0], [1]))]),
         r"at most one rule. Got 1 synapses in more than one pair's set \(the first: 0 -> 1, "
         r"in pairs \[0, 1\]\)"),
        (dict(plasticity=[(STDP(w_max=1.0), ([9], [1]))]),
         "'plasticity' parameter's pair 0's sources name node 9"),
        (dict(plasticity=[(STDP(w_max=1.0), [True])]),
         "'plasticity' parameter's pair 0 of SpikingModel must be None, a boolean mask"),
        (dict(plasticity=[(STDP(w_max=1.0), None)], plastic=([0], [1])),
         "'plastic' parameter of SpikingModel must be None when 'plasticity' lists"),
        (dict(plasticity=[]), "non-empty list of \\(rule, synapses\\) pairs"),
        (dict(plasticity=[STDP(w_max=1.0)]), "non-empty list of \\(rule, synapses\\) pairs"),
        (dict(plasticity=[(STDP(w_max=1.0), None)], timing="precise"), "needs timing='grid'"),
    ],
)  # fmt: skip
def test_bad_rule_lists_are_refused_naming_the_parameter(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        SpikingModel(W2, **kwargs)
