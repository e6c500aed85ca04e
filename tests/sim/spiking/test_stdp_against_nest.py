"""STDP and iSTDP weight trajectories against NEST's, for the same pre and post spikes.

NEST: spike_generator -> parrot_neuron -> stdp_synapse / vogels_sprekeler_synapse ->
parrot_neuron (receptor 1), its weight recorder reading each weight as a presynaptic spike
passes. Here: the same spike trains forced on LIF neurons (inputs of 100 mV; the plastic
weights, at most 1 mV, cannot make them fire), the whole delay dendritic (NEST's
convention), the weights read after each step in which a presynaptic neuron fires.
Skips only when NEST (the optional extra ``peers``) is absent.
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from neuroagents.sim.spiking import LIFParams, SpikingModel
from neuroagents.sim.spiking.stdp import STDP, VogelsSprekeler

if importlib.util.find_spec("nest") is None:
    pytest.skip("NEST (the optional extra 'peers') is not installed", allow_module_level=True)

P = LIFParams(tau_m=20.0, E_L=0.0, V_th=20.0, V_reset=0.0, t_ref=0.0)
DT, T = 0.1, 400.0
N_PRE, N_POST = 4, 3


def trains_and_synapses(seed=0):
    """Random trains on the grid (about 40 Hz), all-to-all pre -> post, delays 0.1-3 ms."""
    rng = np.random.default_rng(seed)
    n = N_PRE + N_POST
    trains = [np.unique(rng.integers(10, round(T / DT) - 50, 16)) * DT for _ in range(n)]
    W = np.zeros((n, n))
    W[N_PRE:, :N_PRE] = rng.uniform(0.2, 0.8, (N_POST, N_PRE))
    delays = rng.integers(1, 31, N_PRE * N_POST) * DT
    return trains, W, delays


def ours(rule, trains, W, delays):
    """The weight of each synapse after each of its presynaptic spikes: {(pre, post): [w]}."""
    m = SpikingModel(W, params=P, dt=DT, delay=delays, plasticity=rule)
    for i, times in enumerate(trains):
        m.add_spike_train(times, 100.0, neurons=[i])
    syn = m.synapses()
    out = {(s, t): [] for s, t in zip(syn["source"], syn["target"], strict=True)}
    for t in np.unique(np.concatenate(trains[:N_PRE])):
        m.run_until(t)
        for e, (s, tgt) in enumerate(zip(syn["source"], syn["target"], strict=True)):
            if np.any(np.isclose(trains[s], t)):
                out[(s, tgt)].append(float(m.weights[e]))
    fired = m.spikes()
    assert len(fired) == sum(len(x) for x in trains[:N_PRE]) + sum(
        int(np.sum(x <= t)) for x in trains[N_PRE:]
    )  # every neuron fired exactly its train (up to the last presynaptic spike)
    return out, syn


def nests(rule, trains, syn, tmp_path):
    tau_minus = rule.tau_minus
    job = {
        "dt": DT, "t": T, "synapse_model": rule.nest_model, "syn_params": rule.nest_params(),
        "tau_minus": tau_minus, "trains": [x.tolist() for x in trains],
        "synapses": {k: syn[k].tolist() for k in ("source", "target", "weight", "delay")},
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("nest_stdp_worker.py")),
         str(tmp_path / "w.json")],
        input=json.dumps(job), capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    ev = json.loads((tmp_path / "w.json").read_text())
    out = {}
    for s, t, w in zip(ev["senders"], ev["targets"], ev["weights"], strict=True):
        out.setdefault((s, t), []).append(w)
    return out


RULES = {
    "additive": STDP(lambda_=0.05, alpha=1.05, w_max=1.0, tau_plus=20.0, tau_minus=30.0),
    "multiplicative": STDP.multiplicative(lambda_=0.1, alpha=0.9, w_max=1.0, tau_minus=15.0),
    "bounded": STDP(lambda_=0.4, alpha=1.2, w_max=1.0),  # often at 0 or 1
    "vogels": VogelsSprekeler(tau=20.0, eta=0.05, alpha=0.4, w_max=1.0),
}


@pytest.mark.parametrize("name", list(RULES))
def test_weight_trajectories_match_nest(name, tmp_path):
    rule = RULES[name]
    trains, W, delays = trains_and_synapses(seed=len(name))
    initial = SpikingModel(W, params=P, dt=DT, delay=delays).synapses()  # before learning
    mine, _ = ours(rule, trains, W, delays)
    theirs = nests(rule, trains, initial, tmp_path)
    assert set(mine) == set(theirs)
    moved = 0
    for key, trajectory in mine.items():
        assert len(trajectory) == len(theirs[key]) > 10
        # fp tolerance: both compute the same products of exponentials, in ms vs steps
        np.testing.assert_allclose(trajectory, theirs[key], rtol=0, atol=1e-12)
        moved += np.ptp(trajectory) > 0.05
    assert moved == len(mine)  # every synapse learned something
