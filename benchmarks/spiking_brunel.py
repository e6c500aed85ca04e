"""Brunel (2000) AI on the compiled grid engine: wall time per simulated second, build apart.

The network: ``models.spiking.brunel_model`` in the AI state (g = 5, ν_ext/ν_thr = 2),
dt = 0.1 ms, D = 1.5 ms, fixed in-degree; full size N = 12,500 (C_E = 1000, C_I = 250,
15.6M synapses), ``--quick`` N = 5000 with the same in-degrees (ε = 0.25).

The project: build the model (wiring, Connectome, synapse arrays), run 100 ms to settle
(and compile or load the numba cache), then time ``run_for(T)``.

Baseline, in the same process: a hand-written numba loop over the same CSR arrays (one
delay, a ring buffer per delay slot, the same neuron update, numba's own Poisson draws):
what the dynamics cost without the engine's generality (per-synapse delays, receptor
by sign, clamping, voltage probes, pre-drawn seeded input). Target: the project within
1.5× of it. Peers (NEST, Brian2) are not run yet (see docs/spiking.md).

Also reported: recurrent spike deliveries per second (spikes × out-degree / wall time)
and the synapse arrays' bytes per synapse (target index, weight, uint16 delay, row
pointers).

The scale point (``--million``): Brunel AI at N = 10^6 (800,000 E + 200,000 I) with
the in-degree reduced to C_E = 40, C_I = 10 (γ = 1/4 kept) and J = 2.5 mV, so that
J C_E = 100 mV and ν_thr = 10 Hz are the paper's (the mean input is the paper's; the
fluctuations are larger, σ ∝ J √C_E). The paper's C_E = 1000 would be 1.25·10^9
synapses: 12.5 GB at 10 bytes each, plus the build's temporaries, on a machine of 24 GB
shared by several sessions. Reported: build time, peak memory (the process's maximum
resident set), wall time per simulated second, rates, CV and χ of 200 neurons' potentials
(to show the state is asynchronous irregular), and the Siegert rate for these in-degrees.

Run:
    .venv/bin/python benchmarks/spiking_brunel.py            # N = 12,500, T = 1 s
    .venv/bin/python benchmarks/spiking_brunel.py --quick    # N = 5000, T = 0.3 s
    .venv/bin/python benchmarks/spiking_brunel.py --million  # N = 10^6, T = 0.1 s
"""

from __future__ import annotations

import argparse
import resource
import time

import numba as nb
import numpy as np
from _common import fmt_time, table, write_results

from neuroagents.models.spiking import BrunelParams, brunel_model

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/sim/spiking/grid_kernels.py",
    "neuroagents/sim/spiking/poisson.py",
    "neuroagents/sim/spiking/delays.py",
    "neuroagents/sim/spiking/model.py",
)


@nb.njit(cache=True)
def hand_written_brunel(v, r, indptr, targets, weights, d, n_steps, lam, j_ext, p22, n_ref):
    """A minimal Brunel loop: one delay d (steps), delta synapses, numba Poisson input."""
    n = v.size
    ring = np.zeros((d + 1, n))
    spikes = 0
    for k in range(n_steps):
        slot = ring[k % (d + 1)]
        fired = []
        for i in range(n):
            if r[i] == 0:
                v[i] = p22 * v[i] + slot[i] + j_ext * np.random.poisson(lam)  # noqa: NPY002 (numba's own)
            else:
                r[i] -= 1
            slot[i] = 0.0
            if v[i] >= 20.0:
                v[i] = 10.0
                r[i] = n_ref
                fired.append(i)
        out = ring[(k + d) % (d + 1)]
        for j in fired:
            for e in range(indptr[j], indptr[j + 1]):
                out[targets[e]] += weights[e]
        spikes += len(fired)
    return spikes


def peak_rss_gb() -> float:
    """The process's maximum resident set so far (GB; Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def million(n_e: int = 800_000, simulated: float = 100.0, settle: float = 50.0) -> None:
    """The scale point: Brunel AI at N = 10^6 with C_E = 40 (see the module docstring)."""
    from neuroagents.models.spiking.states import measure_run
    from neuroagents.models.spiking.theory import self_consistent_rate

    c_e = 40
    params = BrunelParams(N_E=n_e, N_I=n_e // 4, epsilon=c_e / n_e, J=100.0 / c_e)
    t0, c0 = time.perf_counter(), time.process_time()
    model = brunel_model(params, rng=0)
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    build_peak = peak_rss_gb()
    model.run_for(settle)
    model.record_voltage(np.linspace(0, model.n - 1, 200).astype(int))
    before = model.record.count
    t0, c0 = time.perf_counter(), time.process_time()
    model.run_for(simulated)
    run, run_cpu = time.perf_counter() - t0, time.process_time() - c0
    spikes = model.record.count - before
    measures, _ = measure_run(model, params.N_E, settle, settle + simulated, float("nan"))
    theory = self_consistent_rate(
        params.g, params.nu_ext, J=params.J, C_E=params.C_E, gamma=params.C_I / params.C_E
    )
    figures = {
        "N": model.n,
        "C_E": params.C_E,
        "C_I": params.C_I,
        "J_mV": params.J,
        "synapses": int(model.weights.size),
        "settle_ms": settle,
        "simulated_ms": simulated,
        "build_s": build,
        "build_cpu_s": build_cpu,
        "peak_rss_gb_after_build": build_peak,
        "peak_rss_gb": peak_rss_gb(),
        "synapse_array_gb": model.bytes_per_synapse * model.weights.size / 1e9,
        "bytes_per_synapse": model.bytes_per_synapse,
        "wall_per_simulated_s": run / (simulated / 1000.0),
        # CPU time apart: on a loaded machine the process gets a share of a core.
        "cpu_per_simulated_s": run_cpu / (simulated / 1000.0),
        "deliveries_per_s": spikes * (model.weights.size / model.n) / run,
        "rate_e_hz": measures.rate_e,
        "rate_i_hz": measures.rate_i,
        "siegert_rate_hz": theory,
        "cv": measures.cv,
        "chi": measures.chi,
    }
    for key, value in figures.items():
        print(f"{key:>26}: {value:.6g}" if isinstance(value, float) else f"{key:>26}: {value}")
    write_results("spiking_brunel_million", figures, readme_rows=[], code=CODE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--million", action="store_true", help="the N = 10^6 scale point")
    args = parser.parse_args()
    if args.million:
        million()
        return
    if args.quick:
        params, simulated = BrunelParams(N_E=4000, N_I=1000, epsilon=0.25), 300.0
    else:
        params, simulated = BrunelParams(), 1000.0

    t0 = time.perf_counter()
    model = brunel_model(params, rng=0)
    build = time.perf_counter() - t0
    model.run_for(100.0)
    before = model.record.count
    t0 = time.perf_counter()
    model.run_for(simulated)
    run = time.perf_counter() - t0
    spikes = model.record.count - before
    out_degree = model.weights.size / model.n
    rate = spikes / model.n / (simulated / 1000.0)
    per_second = run / (simulated / 1000.0)

    v = np.random.default_rng(0).uniform(10.0, 20.0, model.n)
    r = np.zeros(model.n, np.int64)
    steps = round(simulated / params.dt)
    lam = params.C_E * params.nu_ext * params.dt * 1e-3
    d = round(params.D / params.dt)
    args_ = (model.indptr, model.targets, model.weights, d)
    consts = (lam, params.J, float(np.exp(-params.dt / params.tau)), 20)
    np.random.seed(0)  # noqa: NPY002 (seeds numba's own generator)
    hand_written_brunel(v, r, *args_, 1000, *consts)  # compile, settle
    t0 = time.perf_counter()
    base_spikes = hand_written_brunel(v, r, *args_, steps, *consts)
    base = time.perf_counter() - t0
    base_per_second = base / (simulated / 1000.0)
    base_rate = base_spikes / model.n / (simulated / 1000.0)

    figures = {
        "N": model.n,
        "synapses": int(model.weights.size),
        "simulated_ms": simulated,
        "build_s": build,
        "wall_per_simulated_s": per_second,
        "rate_hz": rate,
        "deliveries_per_s": spikes * out_degree / run,
        "bytes_per_synapse": model.bytes_per_synapse,
        "baseline_wall_per_simulated_s": base_per_second,
        "baseline_rate_hz": base_rate,
        "ratio_to_baseline": per_second / base_per_second,
    }
    print(
        table(
            ["case", "N", "build", "wall / simulated s", "rate (Hz)", "deliveries/s"],
            [
                [
                    "project (compiled grid engine)",
                    model.n,
                    fmt_time(build),
                    fmt_time(per_second),
                    f"{rate:.2f}",
                    f"{figures['deliveries_per_s']:.3g}",
                ],
                [
                    "hand-written numba loop",
                    model.n,
                    "-",
                    fmt_time(base_per_second),
                    f"{base_rate:.2f}",
                    f"{base_spikes * out_degree / base:.3g}",
                ],
            ],
        )
    )
    print(f"ratio project / baseline: {figures['ratio_to_baseline']:.2f} (target <= 1.5)")
    print(f"synapse arrays: {model.bytes_per_synapse:.2f} bytes per synapse")
    if not args.quick:
        path = write_results("spiking_brunel", figures, readme_rows=[], code=CODE)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
