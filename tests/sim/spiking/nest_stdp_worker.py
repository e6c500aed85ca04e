"""Run NEST's plastic synapses between parrot neurons and print the weight trajectories.

NEST runs in a process of its own (see nest_worker.py). Spike generators drive parrot
neurons, which fire exactly at the given times; the plastic synapses connect parrots to
parrots on receptor 1, where a parrot ignores its input (NEST's own STDP test set-up), so
the spike trains stay exactly the given ones whatever the weights.

Input (JSON on stdin): dt, t, synapse_model, syn_params, tau_minus, trains (one list of
times per neuron), synapses {source, target, weight, delay}. Output, to the file named by
the first argument: the weight recorder's {senders, targets, times, weights}, with
neurons as positions 0..n-1.
"""

import json
import sys

import nest
import numpy as np

job = json.load(sys.stdin)
nest.set_verbosity("M_ERROR")
nest.ResetKernel()
nest.resolution = dt = job["dt"]
n = len(job["trains"])
parrots = nest.Create("parrot_neuron", n, params={"tau_minus": job["tau_minus"]})
ids = np.asarray(parrots.tolist())
for i, times in enumerate(job["trains"]):
    # A generator spike at t - dt behind a delay of dt makes the parrot fire at t.
    spike_times = np.round(np.asarray(times) - dt, 9)
    gen = nest.Create("spike_generator", params={"spike_times": spike_times})
    nest.Connect(gen, parrots[i], syn_spec={"delay": dt})
recorder = nest.Create("weight_recorder")
nest.CopyModel(job["synapse_model"], "recorded", {"weight_recorder": recorder, **job["syn_params"]})
syn = job["synapses"]
nest.Connect(
    ids[np.asarray(syn["source"], dtype=int)].tolist(),
    ids[np.asarray(syn["target"], dtype=int)].tolist(),
    "one_to_one",
    syn_spec={
        "synapse_model": "recorded",
        "weight": np.asarray(syn["weight"]),
        "delay": np.asarray(syn["delay"]),
        "receptor_type": 1,
    },
)
nest.Simulate(job["t"])
events = recorder.events
index = {int(g): k for k, g in enumerate(ids)}
with open(sys.argv[1], "w") as out:  # NEST prints its banner to stdout
    json.dump(
        {
            "senders": [index[int(s)] for s in events["senders"]],
            "targets": [index[int(s)] for s in events["targets"]],
            "times": events["times"].tolist(),
            "weights": events["weights"].tolist(),
        },
        out,
    )
