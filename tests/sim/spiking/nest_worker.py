"""Run one small network in NEST and print its spikes (JSON): NEST in its own process.

NEST in the pytest process, beside numba's, Dask's and Solara's threads, crashed in
``ResetKernel`` (a segfault); a process of its own keeps the test's verdict about the
spike trains, not about the libraries' coexistence.
Input (JSON on stdin): neuron, params, dt, t, n, synapses {source, target, weight,
delay}, inputs {neuron: times}, input_weight. Output, to the file named by the first
argument: {"senders": [...], "times": [...]} with senders as positions 0..n-1.
"""

import json
import sys

import nest
import numpy as np

job = json.load(sys.stdin)
nest.set_verbosity("M_ERROR")
nest.ResetKernel()
nest.resolution = job["dt"]
neurons = nest.Create(job["neuron"], job["n"], params=job["params"])
ids = np.asarray(neurons.tolist())
syn = job["synapses"]
nest.Connect(
    ids[np.asarray(syn["source"], dtype=int)].tolist(),
    ids[np.asarray(syn["target"], dtype=int)].tolist(),
    "one_to_one",
    syn_spec={"weight": np.asarray(syn["weight"]), "delay": np.asarray(syn["delay"])},
)
dt = job["dt"]
for i, times in job["inputs"].items():
    # A generator spike at t - dt behind a delay of dt arrives at t, like ours.
    gen = nest.Create(
        "spike_generator", params={"spike_times": np.round(np.asarray(times) - dt, 9)}
    )
    nest.Connect(gen, neurons[int(i)], syn_spec={"weight": job["input_weight"], "delay": dt})
recorder = nest.Create("spike_recorder")
nest.Connect(neurons, recorder)
nest.Simulate(job["t"])
events = recorder.events
index = {int(g): k for k, g in enumerate(ids)}
with open(sys.argv[1], "w") as out:  # NEST prints its banner to stdout
    json.dump(
        {"senders": [index[int(s)] for s in events["senders"]], "times": events["times"].tolist()},
        out,
    )
