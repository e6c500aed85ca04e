"""Run a :class:`~neuroagents.models.spiking.peers.PeerNetwork` in NEST, one run per seed.

Job (JSON on stdin): ``network`` (the PeerNetwork's fields), ``seeds``, ``warmup`` and
``duration`` (ms), ``threads``. Output (``OUT.npz``, the first argument): per seed k the
arrays ``senders_k`` (positions 0..N-1, E first) and ``times_k`` (ms), and ``meta`` (JSON:
per seed the build and run wall times, the synapse count, the RSS growth of Connect).

Configured as the other two simulators: NEST's ``fixed_indegree`` (multapses and autapses
allowed, its default) or ``pairwise_bernoulli``; V_m uniform in [V_reset, V_th) drawn
from the seed; the external drive one ``poisson_generator`` of the summed rate (each
target gets its own train) behind a delay of one step.
"""

from __future__ import annotations

import json
import sys
import time


def rss_bytes() -> int:
    """Resident set size of this process (Linux /proc)."""
    import os

    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def run_seed(net: dict, seed: int, warmup: float, duration: float, threads: int) -> dict:
    """Build and run the network once; return its spikes and figures."""
    import nest
    import numpy as np

    nest.ResetKernel()
    nest.set_verbosity("M_ERROR")
    nest.SetKernelStatus(
        {"resolution": net["dt"], "local_num_threads": threads, "rng_seed": seed + 1}
    )
    t0 = time.perf_counter()
    p = net["params"]
    model = "iaf_psc_delta_ps" if net["timing"] == "precise" else net["neuron"]
    keys = ["tau_m", "C_m", "E_L", "V_th", "V_reset", "t_ref"]
    if net["neuron"] == "iaf_psc_exp":
        keys += ["tau_syn_ex", "tau_syn_in"]
    n_e, n_i = net["n_e"], net["n_i"]
    neurons = nest.Create(model, n_e + n_i, params={k: p[k] for k in keys})
    v0 = np.random.default_rng(seed).uniform(p["V_reset"], p["V_th"], n_e + n_i)
    neurons.V_m = v0
    exc, inh = neurons[:n_e], neurons[n_e:]
    before = rss_bytes()
    for pre, degree, weight in ((exc, net["c_e"], net["w_e"]), (inh, net["c_i"], net["w_i"])):
        if net["wiring"] == "fixed-indegree":
            rule = {"rule": "fixed_indegree", "indegree": degree}
        else:
            rule = {"rule": "pairwise_bernoulli", "p": degree / len(pre)}
        nest.Connect(pre, neurons, rule, {"weight": weight, "delay": net["delay"]})
    grown = rss_bytes() - before
    synapses = int(nest.GetKernelStatus("num_connections"))
    if net["ext_rate"] > 0:
        kind = "poisson_generator_ps" if net["timing"] == "precise" else "poisson_generator"
        drive = nest.Create(kind, params={"rate": net["ext_rate"]})
        nest.Connect(drive, neurons, syn_spec={"weight": net["ext_weight"], "delay": net["dt"]})
    recorder = nest.Create("spike_recorder")
    nest.Connect(neurons, recorder)
    nest.Prepare()  # allocation of buffers and connection infrastructure: build, not run
    build = time.perf_counter() - t0
    nest.Run(warmup)
    t1 = time.perf_counter()
    nest.Run(duration)
    run = time.perf_counter() - t1
    nest.Cleanup()
    events = recorder.events
    first = int(neurons.tolist()[0])
    return {
        "senders": np.asarray(events["senders"], np.int64) - first,
        "times": np.asarray(events["times"], np.float64),
        "meta": {
            "build_s": build,
            "run_s": run,
            "synapses": synapses,
            "connect_rss_bytes": int(grown),
            "threads": threads,
            "version": nest.__version__,
        },
    }


def main() -> None:
    """Read the job, run every seed, write OUT.npz."""
    import numpy as np

    job = json.load(sys.stdin)
    arrays, meta = {}, []
    for k, seed in enumerate(job["seeds"]):
        out = run_seed(job["network"], seed, job["warmup"], job["duration"], job["threads"])
        arrays[f"senders_{k}"], arrays[f"times_{k}"] = out["senders"], out["times"]
        meta.append(out["meta"])
    np.savez(sys.argv[1], meta=json.dumps(meta), **arrays)


if __name__ == "__main__":
    main()
