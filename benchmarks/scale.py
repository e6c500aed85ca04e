"""Ten million neurons: building a directed E-I G(n, p) connectome and a model, and running it.

Build: ``na.builders.gnp_ei(0.8 n, 0.2 n, p=k / n, rng=0)``, k synapses a neuron, stored
as float32/int32 CSR in- and out-edges (16 bytes a synapse). Measured: wall and CPU
time, synapses per second, and the peak resident memory the build adds (``ru_maxrss``
minus the resident size before it) against the final storage. Baseline:
``scipy.sparse.random_array((n, n), density=p, format="csr", dtype=np.float32)``, the
one-call way a user would draw such a matrix (in-edges only: less work). Floor: fresh
memory of the largest case's size written once (``np.ones``), its user and system time:
on a virtual machine the system time of backing new pages can exceed the build's own.

Model: ``NeuralModel(c, rule="threshold", scheduler="poisson", tau={"E": 1.0, "I":
0.5}, threshold=2.0, record_every=None)``: build time and the memory it adds per
neuron (neurons are Mesa agents made when first touched, so none exist here), and the
peak of the whole process against the goal of 1.3x the connectome's storage plus 100
bytes a neuron.

Run: events (neuron updates) per second on the Poisson clocks, against a hand-written
numba event loop over the same arrays (the model's state, inputs, drive, thresholds,
out-edge CSR and alias table), which draws its event times and owners inline, keeps no
update counts and checks no clamps: the floor set by memory latency. Both start from
the same state and run the same time.

Each case runs in its own process so that peak memory is measured alone. Measured on a
shared 2-core machine (other jobs running): CPU seconds (of every thread: the builder
and the first inputs use both cores) are recorded beside wall seconds. The figures are
written to ``benchmarks/results/scale.json``.

Run:
    .venv/bin/python benchmarks/scale.py            # 10^5..10^7 neurons (~10 min, ~10 GB)
    .venv/bin/python benchmarks/scale.py --quick    # n = 10^5 only (nothing written)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc

import numpy as np
from _common import fmt_bytes, rss_bytes, table, write_results
from numba import njit

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/connectome/builders.py",
    "neuroagents/connectome/gnp_rows.py",
    "neuroagents/connectome/block_assembly.py",
    "neuroagents/connectome/wiring_kernels.py",
    "neuroagents/connectome/csr_pair.py",
    "neuroagents/connectome/csr.py",
    "neuroagents/sim/model.py",
    "neuroagents/sim/lazy_agents.py",
    "neuroagents/sim/schedulers.py",
    "neuroagents/sim/type_kernels.py",
)
GOAL_BYTES_PER_NEURON = 100
GOAL_PEAK_FACTOR = 1.3


@njit(cache=True)
def hand_loop(state, field, drive, theta, indptr, indices, weights, keep, alias, rate, until, gen):
    """Threshold neurons on Poisson clocks, written by hand: the floor for the engine."""
    n = state.shape[0]
    t, events, flips = 0.0, 0, 0
    while True:
        t += gen.exponential(1.0 / rate)
        if t > until:
            return events, flips
        scaled = gen.random() * n
        c = min(np.int64(scaled), n - 1)
        i = c if scaled - c < keep[c] else alias[c]
        events += 1
        new = 1.0 if field[i] + drive[i] > theta[i] else 0.0
        if new != state[i]:
            delta = new - state[i]
            state[i] = new
            flips += 1
            for e in range(np.uint64(indptr[i]), np.uint64(indptr[i + 1])):
                field[indices[e]] += delta * weights[e]


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def case(kind: str, n: int, k: float, run_for: float) -> dict:
    """One case, in this process: build (and for ``"project"`` run) and measure."""
    import scipy.sparse as sp

    import neuroagents as na

    small = na.builders.gnp_ei(40, 10, p=0.1, rng=0)  # imports and numba caches, untimed
    warm = na.NeuralModel(small, rule="threshold", scheduler="poisson", rng=0,
                          record_every=None)  # fmt: skip
    warm.run_for(0.1)
    a = warm.arrays
    s = warm.scheduler
    hand_loop(a.state.copy(), a.field.copy(), a.drive, a.threshold, *a.out[:3], s.alias_prob,
              s.alias, 1.0, 0.1, np.random.default_rng(0))  # fmt: skip
    sp.random_array((50, 50), density=0.1, format="csr", rng=0)
    del warm, small, a, s
    n_e, p = int(0.8 * n), k / n
    if kind == "touch":  # the floor of any build: memory the size of its arrays, written once
        nbytes = int(16 * n * k + 8 * n)  # 16 B a synapse, two int32 row pointers a neuron
        r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        np.ones(nbytes, np.uint8)
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        return {"n": n, "bytes": nbytes, "seconds": time.perf_counter() - t0,
                "user_seconds": r1.ru_utime - r0.ru_utime,
                "sys_seconds": r1.ru_stime - r0.ru_stime}  # fmt: skip
    before = rss_bytes()
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "scipy":
        gen = np.random.default_rng(0)
        w = sp.random_array((n, n), density=p, format="csr", dtype=np.float32, rng=gen)
        synapses, stored = w.nnz, w.data.nbytes + w.indices.nbytes + w.indptr.nbytes
    else:
        c = na.builders.gnp_ei(n_e, n - n_e, p=p, rng=0)
        synapses, stored = c.n_edges, c.nbytes
    out = {"n": n, "synapses": int(synapses), "stored": int(stored),
           "seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - c0,
           "peak": _peak() - before}  # fmt: skip
    if kind != "project":
        return out
    tracemalloc.start()  # numpy reports its allocations (RSS would miss untouched zeros)
    t0, c0 = time.perf_counter(), time.process_time()
    m = na.NeuralModel(c, rule="threshold", scheduler="poisson", tau={"E": 1.0, "I": 0.5},
                       threshold=2.0, rng=0, record_every=None)  # fmt: skip
    out["model_seconds"] = time.perf_counter() - t0
    out["model_cpu_seconds"] = time.process_time() - c0  # every thread's
    kept, model_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out["model_bytes_per_neuron"], out["model_peak_bytes_per_neuron"] = kept / n, model_peak / n
    out["agents_made"] = m.neurons.by_position.made
    # The connectome and the model at once: the build's peak, or storage plus the model's.
    out["peak_total"] = max(_peak() - before, stored + model_peak)
    out["peak_goal"] = GOAL_PEAK_FACTOR * stored + GOAL_BYTES_PER_NEURON * n
    a, s = m.arrays, m.scheduler
    state0, field0 = a.state.copy(), a.field.copy()
    t0 = time.perf_counter()
    m.run_for(run_for)
    run = time.perf_counter() - t0
    out["events_per_s"] = int(m.update_counts.sum()) / run
    out["flips"], out["run_seconds"] = m.flips_total, run
    t0 = time.perf_counter()
    events, flips = hand_loop(state0, field0, a.drive, a.threshold, *a.out[:3], s.alias_prob,
                              s.alias, s.total_rate, run_for, np.random.default_rng(0))  # fmt: skip
    hand = time.perf_counter() - t0
    out["hand_events_per_s"], out["hand_flips"], out["hand_seconds"] = events / hand, flips, hand
    out["ratio"] = out["hand_events_per_s"] / out["events_per_s"]
    if n <= 10**6:  # what reading model.agents costs: every neuron made and registered
        rss0, t0 = rss_bytes(), time.perf_counter()  # Python objects: resident at once
        assert len(m.agents) == n
        out["agents_seconds"] = time.perf_counter() - t0
        out["agents_bytes_per_neuron"] = (rss_bytes() - rss0) / n
    return out


def run_case(kind: str, n: int, k: float, run_for: float = 1.0) -> dict:
    """Run one case in a fresh process and return its JSON figures."""
    args = [sys.executable, __file__, "--case", kind, str(n), str(k), str(run_for)]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps({"case": kind, **result}), flush=True)
    return result


def _rate(r: dict) -> str:
    wall, cpu = r["synapses"] / r["seconds"] / 1e6, r["synapses"] / r["cpu_seconds"] / 1e6
    return f"{wall:.1f}M/s ({cpu:.1f}M/s CPU)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n = 10^5 only, nothing written")
    parser.add_argument("--case", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.case:
        kind, n, k, run_for = args.case
        print(json.dumps(case(kind, int(n), float(k), float(run_for))))
        return
    if args.quick:
        sweep, runs = [(10**5, 10), (10**5, 100)], [(10**5, 50, 2.0)]
    else:
        sweep = [(10**5, 10), (10**5, 100), (10**5, 1000), (10**6, 10), (10**6, 100),
                 (10**7, 10)]  # fmt: skip
        runs = [(10**6, 50, 2.0), (10**7, 50, 1.0)]
    started = os.getloadavg()[0]
    builds = [run_case("build", n, k) for n, k in sweep]
    projects = [run_case("project", n, k, t) for n, k, t in runs]
    scipy = run_case("scipy", runs[0][0], runs[0][1])
    touch = run_case("touch", runs[-1][0], runs[-1][1])
    print("\nBuilding a directed E-I G(n, p) (each case in its own process)")
    rows = [[f"n = {r['n']:.0e}, {r['synapses'] / r['n']:.0f}/neuron", f"{r['synapses']:,}",
             f"{r['seconds']:.2f} s", _rate(r), fmt_bytes(r["stored"]),
             f"{r['peak'] / r['stored']:.2f}x"] for r in builds + projects]  # fmt: skip
    print(table(["case", "synapses", "time", "synapses/s", "stored", "peak/stored"], rows))
    print(f"scipy.sparse.random_array, n = {scipy['n']:.0e}: {scipy['seconds']:.2f} s, "
          f"{_rate(scipy)}, peak {scipy['peak'] / scipy['stored']:.2f}x")  # fmt: skip
    print(f"Fresh memory of the largest case's size ({touch['bytes'] / 1e9:.1f} GB), written "
          f"once: {touch['seconds']:.1f} s ({touch['user_seconds']:.1f} s user, "
          f"{touch['sys_seconds']:.1f} s system: the kernel backing the pages)")  # fmt: skip
    print("\nModel and run: threshold neurons on Poisson clocks")
    rows = [[f"n = {r['n']:.0e}", f"{r['model_seconds']:.2f} s",
             f"{r['model_bytes_per_neuron']:.0f} B", f"{r['peak_total'] / 1e9:.2f} GB",
             f"{r['peak_goal'] / 1e9:.2f} GB", f"{r['events_per_s'] / 1e6:.2f}M",
             f"{r['hand_events_per_s'] / 1e6:.2f}M", f"{r['ratio']:.2f}x"]
            for r in projects]  # fmt: skip
    print(table(["case", "model build", "model/neuron", "peak", "peak goal", "events/s",
                 "hand loop", "hand/engine"], rows))  # fmt: skip
    if args.quick:
        return
    slowest = min(builds + projects, key=lambda r: r["synapses"] / r["cpu_seconds"])
    big = projects[-1]
    load = f"load average {started:.0f} → {os.getloadavg()[0]:.0f} on 2 cores"
    total_wall = big["seconds"] + big["model_seconds"]
    total_cpu = big["cpu_seconds"] + big["model_cpu_seconds"]
    readme = [
        [f"n = 10⁷ neurons, {big['synapses'] / 1e6:.0f}M synapses: connectome + model ({load})",
         f"{big['seconds']:.0f} s ({big['cpu_seconds']:.0f} s CPU) + {big['model_seconds']:.1f}"
         f" s ({big['model_cpu_seconds']:.1f} s CPU); peak {big['peak_total'] / 1e9:.1f} GB",
         f"goal: 60 s; peak {big['peak_goal'] / 1e9:.1f} GB (1.3× storage + 100 B a neuron)",
         f"{total_wall / 60:.1f}× of 60 s wall ({total_cpu / 60:.2f}× in CPU time); "
         f"peak {big['peak_total'] / big['peak_goal']:.2f}× the goal"],
        ["building, slowest of n = 10⁵–10⁷ × 10–1000 synapses a neuron (CPU time)",
         f"{slowest['synapses'] / slowest['cpu_seconds'] / 1e6:.1f}M synapses/s "
         f"(n = {slowest['n']:.0e}, {slowest['synapses'] / slowest['n']:.0f} a neuron; "
         f"wall {slowest['synapses'] / slowest['seconds'] / 1e6:.1f}M/s)",
         f"`scipy.sparse.random_array` (in-edges only), n = 10⁶: "
         f"{scipy['synapses'] / scipy['cpu_seconds'] / 1e6:.1f}M/s CPU",
         "≥ 10M/s"],
        ["running it: threshold neurons on Poisson clocks, n = 10⁷",
         f"{big['events_per_s'] / 1e6:.2f}M events/s",
         f"hand-written numba loop: {big['hand_events_per_s'] / 1e6:.2f}M events/s",
         f"{big['ratio']:.2f}× (≤ 1.2×)"],
    ]  # fmt: skip
    figures = {"builds": builds, "projects": projects, "scipy": scipy, "touch": touch,
               "load_average": [started, os.getloadavg()[0]]}  # fmt: skip
    write_results("scale", figures, readme, code=CODE)


if __name__ == "__main__":
    main()
