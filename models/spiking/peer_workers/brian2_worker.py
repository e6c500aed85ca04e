"""Run a :class:`~neuroagents.models.spiking.peers.PeerNetwork` in Brian2, one run per seed.

Job (JSON on stdin): ``network`` (the PeerNetwork's fields), ``seeds``, ``warmup`` and
``duration`` (ms), ``target`` (``numpy``, ``cython`` or ``cpp_standalone``), ``threads``
(OpenMP threads of ``cpp_standalone``), ``cache_dir`` (Cython's cache, or the standalone
project's folder). Output as the NEST worker's: ``senders_k``, ``times_k``, ``meta``.

Configured as NEST and the project (which differ from Brian2's own examples):

- The schedule is ``groups, synapses, thresholds``: input that arrives in a step is added
  after the step's integration and before the threshold test, as NEST does (Brian2's
  default tests the threshold first, so an input could cause a spike one step later);
  with the push of a step's spikes happening in the next step's ``synapses`` slot, a
  Brian2 delay of D − dt gives NEST's spike-to-arrival delay D. Spike times are reported
  at the end of their step (Brian2 labels a step by its start), as NEST's.
- The refractory period is ``t_ref + dt``: Brian2 stamps a spike at the start of its
  step and frees V t_ref later, NEST at the end of the step and frees it t_ref after
  that; with ``t_ref`` alone, isolated neurons driven as in Brunel's AI state fired 1%
  faster in Brian2 than in NEST and here (one step of 0.1 ms shorter in every interval).
- Delta synapses and the external drive are discarded during the refractory period
  (``int(not_refractory_post)``), as NEST's ``iaf_psc_delta``; Brian2's
  ``(unless refractory)`` alone would freeze V but still add the jumps.
- Exponential currents keep decaying and adding input while V is refractory (NEST's
  ``iaf_psc_exp``). Threshold ``v >= V_th`` (NEST's test).
- Fixed in-degree is drawn here (numpy, from the seed) and given as ``connect(i, j)``;
  binomial is Brian2's ``connect(p=ε)``. The external drive is ``PoissonInput`` (one
  binomial count per neuron and step, Brian2's way) of ``ext_inputs`` sources.
- Precise timing does not exist in Brian2: a precise network runs on the grid of ``dt``.
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


EQUATIONS = {
    "iaf_psc_delta": "dv/dt = (E_L - v) / tau_m : volt (unless refractory)",
    "iaf_psc_exp": (
        "dv/dt = (E_L - v) / tau_m + (I_ex + I_in) / C_m : volt (unless refractory)\n"
        "dI_ex/dt = -I_ex / tau_syn_ex : amp\n"
        "dI_in/dt = -I_in / tau_syn_in : amp"
    ),
}


def namespace(net: dict) -> dict:
    """The network's constants with Brian2's units."""
    import brian2 as b2

    p, ms, mV, pA, pF = net["params"], b2.ms, b2.mV, b2.pA, b2.pF
    unit = mV if net["neuron"] == "iaf_psc_delta" else pA
    return {
        "tau_m": p["tau_m"] * ms, "C_m": p["C_m"] * pF, "E_L": p["E_L"] * mV,
        "V_th": p["V_th"] * mV, "V_reset": p["V_reset"] * mV,
        "tau_syn_ex": p["tau_syn_ex"] * ms, "tau_syn_in": p["tau_syn_in"] * ms,
        "w_e": net["w_e"] * unit, "w_i": net["w_i"] * unit, "w_ext": net["ext_weight"] * unit,
    }  # fmt: skip


def build(net: dict, seed: int) -> tuple:
    """The network's Brian2 objects: (Network, group, spike monitor, recurrent synapses)."""
    import brian2 as b2
    import numpy as np

    b2.seed(seed)
    rng = np.random.default_rng(seed)
    b2.defaultclock.dt = net["dt"] * b2.ms
    ns = namespace(net)
    n_e, n_i = net["n_e"], net["n_i"]
    n = n_e + n_i
    group = b2.NeuronGroup(
        n, EQUATIONS[net["neuron"]], threshold="v >= V_th", reset="v = V_reset",
        refractory=(net["params"]["t_ref"] + net["dt"]) * b2.ms, method="exact", namespace=ns,
    )  # fmt: skip
    group.v = rng.uniform(net["params"]["V_reset"], net["params"]["V_th"], n) * b2.mV
    delta = net["neuron"] == "iaf_psc_delta"
    synapses = []
    for name, sources, degree, _offset in (
        ("w_e", group[:n_e], net["c_e"], 0),
        ("w_i", group[n_e:], net["c_i"], n_e),
    ):
        if delta:
            on_pre = f"v_post += {name} * int(not_refractory_post)"
        else:
            on_pre = f"I_{'ex' if name == 'w_e' else 'in'}_post += {name}"
        syn = b2.Synapses(sources, group, on_pre=on_pre, namespace=ns)
        if net["wiring"] == "fixed-indegree":
            pre = rng.integers(0, len(sources), size=n * degree)
            syn.connect(i=pre, j=np.repeat(np.arange(n), degree))
        else:
            syn.connect(p=degree / len(sources))
        syn.delay = (net["delay"] - net["dt"]) * b2.ms
        synapses.append(syn)
    objects = [group, *synapses]
    if net["ext_rate"] > 0:
        weight = "w_ext * int(not_refractory)" if delta else "w_ext"
        objects.append(
            b2.PoissonInput(
                group, "v" if delta else "I_ex", net["ext_inputs"],
                net["ext_rate"] / net["ext_inputs"] * b2.Hz, weight=weight,
            )
        )  # fmt: skip
    monitor = b2.SpikeMonitor(group)
    network = b2.Network(*objects, monitor)
    network.schedule = ["start", "groups", "synapses", "thresholds", "resets", "end"]
    return network, group, monitor, synapses


def synapse_bytes(synapses: list) -> int:
    """Bytes of the arrays the recurrent synapses own (their pathways' delays included).

    Per synapse: the pre- and postsynaptic indices (int32) and the delay (float64); per
    neuron: the in- and out-degree counts. A weight given as a constant is not stored.
    Aliases (``i``, ``j``, ``_presynaptic_idx``) share one array and count once.
    """
    import numpy as np
    from brian2.core.variables import ArrayVariable

    total, seen = 0, set()
    for syn in synapses:
        owners = {syn.name, *(p.name for p in syn._pathways)}
        for obj in (syn, *syn._pathways):
            for var in obj.variables.values():
                if not isinstance(var, ArrayVariable) or var.scalar:
                    continue
                if id(var) in seen or var.owner is None or var.owner.name not in owners:
                    continue
                seen.add(id(var))
                total += np.asarray(var.get_value()).nbytes
    return total


def run_seed(job: dict, seed: int) -> dict:
    """Build and run the network once on the runtime targets (numpy, Cython)."""
    import brian2 as b2
    import numpy as np

    net = job["network"]
    b2.prefs.codegen.target = job["target"]
    if job.get("cache_dir"):
        b2.prefs.codegen.runtime.cython.cache_dir = job["cache_dir"]
    t0 = time.perf_counter()
    before = rss_bytes()
    network, _group, monitor, synapses = build(net, seed)
    network.run(0 * b2.ms)  # code generation and compilation: build, not run
    grown = rss_bytes() - before
    built = time.perf_counter() - t0
    network.run(job["warmup"] * b2.ms)
    t1 = time.perf_counter()
    network.run(job["duration"] * b2.ms)
    run = time.perf_counter() - t1
    times = np.asarray(monitor.t / b2.ms) + net["dt"]
    return {
        "senders": np.asarray(monitor.i, np.int64),
        "times": times,
        "meta": {
            "build_s": built, "run_s": run, "synapses": int(sum(len(s) for s in synapses)),
            "synapse_array_bytes": synapse_bytes(synapses), "build_rss_bytes": int(grown),
            "target": job["target"], "threads": 1, "version": b2.__version__,
        },
    }  # fmt: skip


def run_standalone(job: dict, seed: int) -> dict:
    """Build, compile and run the network once as a C++ program (``cpp_standalone``)."""
    import brian2 as b2
    import numpy as np

    net = job["network"]
    b2.set_device("cpp_standalone", directory=job["cache_dir"], build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = job["threads"]
    network, _group, monitor, synapses = build(net, seed)
    network.run(job["warmup"] * b2.ms)
    network.run(job["duration"] * b2.ms)
    t0 = time.perf_counter()
    b2.device.build(directory=job["cache_dir"], compile=True, run=True, with_output=False)
    total = time.perf_counter() - t0
    simulated = b2.device._last_run_time  # seconds the compiled binary spent in run()
    times = np.asarray(monitor.t / b2.ms) + net["dt"]
    senders = np.asarray(monitor.i, np.int64)  # read before reinit() forgets the run
    share = job["duration"] / (job["warmup"] + job["duration"])
    meta = {
        "build_s": total - simulated, "run_s": simulated * share,
        "synapses": int(sum(len(s) for s in synapses)),
        "synapse_array_bytes": synapse_bytes(synapses), "target": "cpp_standalone",
        "threads": job["threads"], "version": b2.__version__,
        "note": "run_s: the binary's run time for warmup + duration, scaled to duration",
    }  # fmt: skip
    b2.device.reinit()
    b2.device.activate()
    return {"senders": senders, "times": times, "meta": meta}


def main() -> None:
    """Read the job, run every seed, write OUT.npz."""
    import numpy as np

    job = json.load(sys.stdin)
    arrays, meta = {}, []
    for k, seed in enumerate(job["seeds"]):
        runner = run_standalone if job["target"] == "cpp_standalone" else run_seed
        out = runner(job, seed)
        arrays[f"senders_{k}"], arrays[f"times_{k}"] = out["senders"], out["times"]
        meta.append(out["meta"])
    np.savez(sys.argv[1], meta=json.dumps(meta), **arrays)


if __name__ == "__main__":
    main()
