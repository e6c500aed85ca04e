"""This project against NEST and Brian2: wall time per simulated second, build apart, memory.

Networks (``models.spiking.peers``, configured identically in the three simulators):
Brunel (2000) model A in the AI state at full size (N = 12,500, C_E = 1000, 15.6M
synapses drawn, dt = 0.1 ms, D = 1.5 ms) and Brette et al. (2007) benchmark 2 (CUBA:
4000 iaf_psc_exp neurons, 2%, 320,000 synapses, delay = dt = 0.1 ms). ``--quick``:
Brunel at N = 5000 (same in-degrees) and 200 ms; CUBA 1 s.

Cases, in one run, one seed each (seed 0), after 100 ms to settle:
    neuroagents: the compiled grid engine, one thread (its loop is serial).
    nest-1t, nest-2t: NEST 3.10 with 1 and 2 threads (each in a process of its own).
    brian2-cython: Brian2's runtime mode (Cython), the build including compilation.
    brian2-cpp-1t, brian2-cpp-2t: Brian2's ``cpp_standalone`` with 1 and 2 OpenMP
        threads; its build is code generation and g++; its run time is the binary's
        own run time (warm-up and measured run together, scaled to the measured part).

Reported per case: build (wiring, connection, code generation and compilation), wall time
per simulated second, firing rate, recurrent spike deliveries per second (spikes ×
out-degree / wall time), and memory per synapse: this project's synapse arrays
(uint32 target, weight, uint16 delay and row pointers) and its build's RSS growth; NEST's
RSS growth over ``Connect`` (a fresh process); Brian2's synapse arrays (indices, delays,
any per-synapse value) and its build's RSS growth. All divided by the recurrent
synapse count each reports (NEST and Brian2 keep repeated pairs, this project merges
them).

The physical bound: every delivery reads a synapse's target, weight and delay (10 bytes
here, streamed from memory once the synapse arrays outgrow the caches; the ring buffer
of 1.6 MB at full size stays in cache). Memory bandwidth is measured as a numpy copy of
a 512 MB array (bytes read + written per second); bandwidth / 10 bytes is the most
deliveries per second one core's stream of synapses can feed.

Run:
    .venv/bin/python benchmarks/spiking_peers.py            # full size (minutes)
    .venv/bin/python benchmarks/spiking_peers.py --quick    # small, nothing written
"""

from __future__ import annotations

import argparse
import importlib.util
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import fmt_time, rss_bytes, table, write_results

from neuroagents.models.spiking import BrunelParams
from neuroagents.models.spiking.peers import (
    PeerRun,
    brunel_network,
    cuba_network,
    measure,
    ours_model,
    run_peer,
)

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/sim/spiking/grid_kernels.py",
    "neuroagents/sim/spiking/poisson.py",
    "neuroagents/sim/spiking/model.py",
    "models/spiking/peers.py",
    "models/spiking/peer_workers/nest_worker.py",
    "models/spiking/peer_workers/brian2_worker.py",
)
WARMUP = 100.0


def memory_bandwidth(size_bytes: int = 1 << 29, repeat: int = 5) -> float:
    """Bytes per second of a numpy copy (read + write), the best of ``repeat``."""
    src = np.ones(size_bytes // 8)
    dst = np.empty_like(src)
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t0)
    return 2 * size_bytes / best


def ours(net, simulated: float) -> PeerRun:
    """This project's run, with build time and RSS growth."""
    before = rss_bytes()
    t0 = time.perf_counter()
    model = ours_model(net, 0)
    build = time.perf_counter() - t0
    grown = rss_bytes() - before
    model.run_for(WARMUP)
    t1 = time.perf_counter()
    model.run_for(simulated)
    run = time.perf_counter() - t1
    meta = {
        "build_s": build, "run_s": run, "synapses": int(model.weights.size),
        "array_bytes_per_synapse": model.bytes_per_synapse,
        "rss_bytes_per_synapse": grown / model.weights.size,
    }  # fmt: skip
    return PeerRun("neuroagents", 0, model.spikes(), meta)


def cases(net, simulated: float, cache: str) -> dict[str, PeerRun]:
    """Every case of one network (peers that are not installed are left out)."""
    out = {"neuroagents": ours(net, simulated)}
    if importlib.util.find_spec("nest"):
        for threads in (1, 2):
            out[f"nest-{threads}t"] = run_peer(
                "nest", net, [0], WARMUP, simulated, threads=threads
            )[0]
    if importlib.util.find_spec("brian2"):
        out["brian2-cython"] = run_peer(
            "brian2", net, [0], WARMUP, simulated, target="cython", cache_dir=f"{cache}/cython"
        )[0]
        for threads in (1, 2):
            out[f"brian2-cpp-{threads}t"] = run_peer(
                "brian2", net, [0], WARMUP, simulated, target="cpp_standalone",
                threads=threads, cache_dir=f"{cache}/cpp{threads}",
            )[0]  # fmt: skip
    return out


def figures_of(runs: dict[str, PeerRun], net, simulated: float, bound: float) -> dict:
    """Per case: build, wall per simulated second, rate, deliveries/s, bytes per synapse."""
    out = {}
    stop = WARMUP + simulated
    for name, run in runs.items():
        m = run.meta
        spikes = run.spikes[(run.spikes["time"] > WARMUP) & (run.spikes["time"] <= stop)]
        out_degree = m["synapses"] / net.n
        per_second = m["run_s"] / (simulated / 1000.0)
        deliveries = len(spikes) * out_degree / m["run_s"]
        row = {
            "build_s": m["build_s"],
            "wall_per_simulated_s": per_second,
            "rate_hz": measure(run, net, WARMUP, stop)["rate_e"],
            "deliveries_per_s": deliveries,
            "fraction_of_bound": deliveries / bound,
            "synapses": m["synapses"],
        }
        if "array_bytes_per_synapse" in m:
            row["bytes_per_synapse"] = m["array_bytes_per_synapse"]
            row["rss_bytes_per_synapse"] = m["rss_bytes_per_synapse"]
        if "synapse_array_bytes" in m:
            row["bytes_per_synapse"] = m["synapse_array_bytes"] / m["synapses"]
        if "build_rss_bytes" in m:
            row["rss_bytes_per_synapse"] = m["build_rss_bytes"] / m["synapses"]
        if "connect_rss_bytes" in m:
            row["rss_bytes_per_synapse"] = m["connect_rss_bytes"] / m["synapses"]
        out[name] = row
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        brunel = brunel_network(BrunelParams(N_E=4000, N_I=1000, epsilon=0.25))
        plan = [("brunel_ai", brunel, 200.0), ("cuba", cuba_network(), 1000.0)]
    else:
        plan = [("brunel_ai", brunel_network(BrunelParams()), 1000.0),
                ("cuba", cuba_network(), 5000.0)]  # fmt: skip
    bandwidth = memory_bandwidth()
    bound = bandwidth / 10.0
    print(f"memory bandwidth (numpy copy, read + write): {bandwidth / 1e9:.2f} GB/s; "
          f"bound at 10 bytes a delivery: {bound:.3g} deliveries/s")  # fmt: skip
    results: dict = {"bandwidth_bytes_per_s": bandwidth, "bound_deliveries_per_s": bound}
    with tempfile.TemporaryDirectory() as cache:
        for name, net, simulated in plan:
            runs = cases(net, simulated, str(Path(cache) / name))
            figs = figures_of(runs, net, simulated, bound)
            results[name] = {"N": net.n, "simulated_ms": simulated, "cases": figs}
            base = figs["nest-1t"]["wall_per_simulated_s"] if "nest-1t" in figs else np.nan
            print(f"\n{name}: N = {net.n}, {simulated:g} ms simulated after {WARMUP:g} ms")
            rows = [
                [case, fmt_time(f["build_s"]), fmt_time(f["wall_per_simulated_s"]),
                 f"{f['wall_per_simulated_s'] / base:.2f}", f"{f['rate_hz']:.2f}",
                 f"{f['deliveries_per_s']:.3g}", f"{f.get('bytes_per_synapse', np.nan):.1f}",
                 f"{f.get('rss_bytes_per_synapse', np.nan):.1f}"]
                for case, f in figs.items()
            ]  # fmt: skip
            print(table(["case", "build", "wall / simulated s", "vs nest-1t", "rate E (Hz)",
                         "deliveries/s", "B/syn arrays", "B/syn RSS"], rows))  # fmt: skip
    if not args.quick:
        write_results("spiking_peers", results, readme_rows=[], code=CODE)


if __name__ == "__main__":
    main()
