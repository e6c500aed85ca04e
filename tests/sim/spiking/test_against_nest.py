"""A small network's spike trains against NEST's, for the same deterministic input spikes.

Skips only when NEST (the optional extra ``peers``) is absent.
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from neuroagents.sim.spiking import LIFParams, SpikingModel

if importlib.util.find_spec("nest") is None:
    pytest.skip("NEST (the optional extra 'peers') is not installed", allow_module_level=True)

P = LIFParams(tau_m=20.0, C_m=250.0, E_L=0.0, V_th=20.0, V_reset=10.0, t_ref=2.0,
              tau_syn_ex=2.0, tau_syn_in=5.0)  # fmt: skip
# Weights: mV jumps (delta), pA current jumps (exp) of comparable effect.
SCALE = {"iaf_psc_delta": 1.0, "iaf_psc_exp": 100.0}
DT, T = 0.1, 300.0


def network(seed=0, n=25, scale=1.0):
    """Random weights (+4 or -6, scaled), grid delays 1-3 ms, input trains on the grid."""
    rng = np.random.default_rng(seed)
    mask = rng.random((n, n)) < 0.2
    np.fill_diagonal(mask, False)
    W = scale * np.where(mask, np.where(rng.random((n, n)) < 0.8, 4.0, -6.0), 0.0)
    inputs = {i: np.unique(rng.integers(2, round(T / DT) - 10, size=60)) * DT for i in range(n)}
    return W, inputs


def ours(neuron, W, inputs, delays_for):
    m = SpikingModel(W, neuron=neuron, params=P, dt=DT, delay=delays_for)
    for i, times in inputs.items():
        m.add_spike_train(times, 12.0 * SCALE[neuron], neurons=[i])
    m.run_for(T)
    return m.spikes(), m.synapses()


def nests(neuron, synapses, inputs, n, tmp_path):
    """NEST's spikes for the same network and input, run in a process of its own."""
    params = {"tau_m": P.tau_m, "C_m": P.C_m, "E_L": P.E_L, "V_th": P.V_th,
              "V_reset": P.V_reset, "t_ref": P.t_ref, "V_m": P.E_L, "I_e": 0.0}  # fmt: skip
    if neuron == "iaf_psc_exp":
        params |= {"tau_syn_ex": P.tau_syn_ex, "tau_syn_in": P.tau_syn_in}
    job = {
        "neuron": neuron, "params": params, "dt": DT, "t": T, "n": n,
        "synapses": {k: synapses[k].tolist() for k in ("source", "target", "weight", "delay")},
        "inputs": {str(i): times.tolist() for i, times in inputs.items()},
        "input_weight": 12.0 * SCALE[neuron],
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("nest_worker.py")), str(tmp_path / "o.json")],
        input=json.dumps(job), capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads((tmp_path / "o.json").read_text())
    frame = pd.DataFrame({"neuron": out["senders"], "time": out["times"]})
    return frame.sort_values(["time", "neuron"], ignore_index=True)


@pytest.mark.parametrize("neuron", ["iaf_psc_delta", "iaf_psc_exp"])
def test_spike_trains_match_nest_for_the_same_input_spikes(neuron, tmp_path):
    W, inputs = network(scale=SCALE[neuron])
    mine, synapses = ours(neuron, W, inputs, lambda r, k: r.integers(10, 31, k) * DT)
    theirs = nests(neuron, synapses, inputs, W.shape[0], tmp_path)
    mine = mine.sort_values(["time", "neuron"], ignore_index=True)
    assert len(mine) > 100  # recurrent activity, not only the input
    assert mine["neuron"].tolist() == theirs["neuron"].tolist()
    np.testing.assert_allclose(mine["time"], theirs["time"], rtol=0, atol=1e-9)
