"""This project, NEST and Brian2 on one network: the verdict, and the three side by side.

The verdict is tested on samples whose answer is known; the comparison itself runs the
peers (the optional extra ``peers``) and skips only when one is absent.
"""

import importlib.util

import numpy as np
import pandas as pd
import pytest

from neuroagents.errors import ValidationError
from neuroagents.models.spiking import BrunelParams
from neuroagents.models.spiking.peer_verdict import agree, compare_simulators
from neuroagents.models.spiking.peers import (
    PeerNetwork,
    brunel_network,
    cuba_events_network,
    cuba_network,
    measure,
    ours_model,
    run_ours,
)

PEERS_INSTALLED = all(importlib.util.find_spec(m) is not None for m in ("nest", "brian2"))


def samples(rng, means, sd=1.0, n=5):
    rows = []
    for sim, mean in means.items():
        rows += [
            {"simulator": sim, "seed": k, "x": v} for k, v in enumerate(rng.normal(mean, sd, n))
        ]
    return pd.DataFrame(rows)


def test_the_verdict_accepts_samples_of_one_law_and_flags_a_shift():
    # Under the null (same law), a table of 2 comparisons at alpha = 0.01 is flagged at
    # most 1% of the time: over 100 tables expect about 1 flag; 6 or more has
    # probability below 6e-4 (binomial). A shift of 4 sd with 5 seeds each (t ~ 6.3,
    # critical ~ 4.6 at 8 df and 0.0025) is flagged in nearly every table.
    rng = np.random.default_rng(0)
    null = [agree(compare_simulators(samples(rng, {"a": 0, "b": 0, "c": 0}), ["x"], reference="a"))
            for _ in range(100)]  # fmt: skip
    assert sum(not ok for ok in null) < 6
    shifted = [
        compare_simulators(samples(rng, {"a": 0, "b": 4}), ["x"], reference="a")["agree"].item()
        for _ in range(30)
    ]
    assert sum(shifted) <= 3


def test_the_verdict_names_what_it_cannot_compare():
    table = pd.DataFrame({"simulator": ["a", "b", "b"], "seed": [0, 0, 1], "x": [1.0, 1.0, 2.0]})
    with pytest.raises(ValidationError, match="at least two seeds"):
        compare_simulators(table, ["x"], reference="a")
    with pytest.raises(ValidationError, match="'reference'"):
        compare_simulators(table, ["x"], reference="nest")


def test_identical_values_agree_and_a_constant_offset_does_not():
    table = pd.DataFrame({"simulator": ["a"] * 3 + ["b"] * 3 + ["c"] * 3, "seed": [0, 1, 2] * 3,
                          "peak": [80.0] * 6 + [90.0] * 3})  # fmt: skip
    out = compare_simulators(table, ["peak"], reference="a").set_index("simulator")
    assert out.loc["b", "agree"] and not out.loc["c", "agree"]


def test_the_networks_carry_the_papers_numbers():
    net = brunel_network(BrunelParams())
    assert (net.n, net.c_e, net.c_i, net.w_i, net.params.V_reset) == (12500, 1000, 250, -0.5, 10.0)
    assert net.ext_rate == pytest.approx(1000 * 20.0)  # C_E nu_ext, nu_ext = 2 nu_thr = 20 Hz
    cuba = cuba_network()
    # Brette et al. (2007): 1.62 mV and -9 mV as current jumps w = v C_m / tau_m.
    assert cuba.w_e == pytest.approx(1.62 * 200 / 20) and cuba.w_i == pytest.approx(-9 * 10)
    assert cuba_events_network().timing == "precise"
    with pytest.raises(ValidationError, match="'timing'"):
        PeerNetwork("x", "iaf_psc_exp", cuba.params, 10, 5, 2, 1, 1.0, -1.0, 0.1, timing="precise")


def test_our_side_draws_the_network_it_is_told():
    net = cuba_network(scale=0.1)
    model = ours_model(net, seed=3)
    W = model.connectome.to_scipy()
    # Fixed in-degree: every neuron's summed input weights are c w (repeats merged).
    np.testing.assert_allclose(W[:, : net.n_e].sum(axis=1), net.c_e * net.w_e, rtol=1e-5)
    np.testing.assert_allclose(W[:, net.n_e :].sum(axis=1), net.c_i * net.w_i, rtol=1e-5)
    a, b = run_ours(net, 3, 0.0, 50.0), run_ours(net, 3, 0.0, 50.0)
    pd.testing.assert_frame_equal(a.spikes, b.spikes)  # one seed, one run
    assert measure(a, net, 0.0, 50.0)["rate_e"] > 0


@pytest.mark.slow
@pytest.mark.skipif(not PEERS_INSTALLED, reason="NEST and Brian2 (the extra 'peers') absent")
def test_nest_and_brian2_agree_with_us_on_brunels_network():
    # Brunel's AI parameters at N = 2500 (C_E = 200, C_I = 50), 3 seeds each, 400 ms
    # measured: each peer's mean E and I rate, CV and spectral peak within sampling
    # error of ours (Welch's t over seeds, Bonferroni over the 8 comparisons, alpha =
    # 0.01). The control, NEST with its example's V_reset = 0 mV, must be flagged: the
    # comparison can see a real difference at this size.
    from neuroagents.models.spiking.experiments.peers import CONTROL, peers_experiment

    config = {
        "network": "brunel", "state": "AI", "n_e": 2000, "n_i": 500, "epsilon": 0.1,
        "scale": 1.0, "wiring": "fixed-indegree", "simulators": ["neuroagents", "nest", "brian2"],
        "brian2_target": "numpy", "control": True, "warmup": 100.0, "duration": 400.0,
        "seeds": 3,
    }  # fmt: skip
    result = peers_experiment(config, np.random.default_rng(0))
    comparison = result.tables["comparison"]
    peers = comparison[comparison["simulator"] != CONTROL]
    assert set(peers["simulator"]) == {"nest", "brian2"}
    assert peers["agree"].all(), peers.to_string()
    assert not comparison[comparison["simulator"] == CONTROL]["agree"].all()
    rates = result.table.groupby("simulator")["rate_e"].mean()
    assert rates["neuroagents"] == pytest.approx(rates["nest"], rel=0.02)
    assert "agree within sampling error" in result.summary
