"""Time NEST on the benchmark network of spiking_stdp.py, static or plastic (own process).

Input (JSON on stdin): n, dt, t, warmup, params (iaf_psc_delta), synapses {source,
target, weight, delay, plastic}, rule (synapse model and parameters, or null), tau_minus,
rate, weight (Poisson input per neuron). Output (the file named by the first argument):
{"build_s", "run_s", "spikes"}; one thread.
"""

import json
import sys
import time

import nest
import numpy as np

job = json.load(sys.stdin)
nest.set_verbosity("M_ERROR")
nest.ResetKernel()
nest.resolution = job["dt"]
nest.local_num_threads = 1
t0 = time.perf_counter()
params = dict(job["params"], tau_minus=job["tau_minus"])
neurons = nest.Create("iaf_psc_delta", job["n"], params=params)
nest.SetStatus(neurons, "V_m", np.asarray(job["v0"]))
ids = np.asarray(neurons.tolist())
syn = {k: np.asarray(v) for k, v in job["synapses"].items()}
plastic = syn["plastic"].astype(bool)
for chosen, spec in ((~plastic, {"synapse_model": "static_synapse"}), (plastic, job["rule"])):
    if chosen.any() and spec is not None:
        nest.Connect(
            ids[syn["source"][chosen]].tolist(),
            ids[syn["target"][chosen]].tolist(),
            "one_to_one",
            syn_spec=dict(spec, weight=syn["weight"][chosen], delay=syn["delay"][chosen]),
        )
noise = nest.Create("poisson_generator", params={"rate": job["rate"]})
nest.Connect(noise, neurons, syn_spec={"weight": job["weight"], "delay": job["dt"]})
recorder = nest.Create("spike_recorder")
nest.Connect(neurons, recorder)
nest.Simulate(job["warmup"])
build = time.perf_counter() - t0
before = recorder.n_events
t0 = time.perf_counter()
nest.Simulate(job["t"])
run = time.perf_counter() - t0
with open(sys.argv[1], "w") as out:
    json.dump({"build_s": build, "run_s": run, "spikes": int(recorder.n_events - before)}, out)
