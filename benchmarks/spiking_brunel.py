"""Brunel (2000) AI on the compiled grid engine: wall time per simulated second, build apart.

The network: ``models.spiking.brunel_model`` in the AI state (g = 5, ν_ext/ν_thr = 2),
dt = 0.1 ms, D = 1.5 ms, fixed in-degree; full size N = 12,500 (C_E = 1000, C_I = 250,
15.6M synapses), ``--quick`` N = 5000 with the same in-degrees (ε = 0.25).

The project: build the model (wiring, Connectome, synapse arrays), run 100 ms to settle
(and compile or load the numba cache), then time ``run_for(T)``.

Baseline, in the same process: a hand-written numba loop over the same CSR arrays (one
delay, a ring buffer per delay slot, the same neuron update, numba's own Poisson draws):
what the dynamics cost without the engine's generality (per-synapse delays, receptor
ports, clamping, voltage probes, pre-drawn seeded input). Target: the project within
1.5× of it. Peers (NEST, Brian2) are not run yet (see docs/spiking.md).

Also reported: recurrent spike deliveries per second (spikes × out-degree / wall time)
and the synapse arrays' bytes per synapse (target index, weight, uint16 delay, row
pointers).

Run:
    .venv/bin/python benchmarks/spiking_brunel.py            # N = 12,500, T = 1 s
    .venv/bin/python benchmarks/spiking_brunel.py --quick    # N = 5000, T = 0.3 s
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
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
