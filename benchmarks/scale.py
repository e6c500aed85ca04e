"""A million neurons: building a directed E-I G(n, p) connectome, and running it.

Build: ``na.builders.gnp_ei(800_000, 200_000, p=5e-5, rng=0)``: n = 10^6 neurons and
about 5 * 10^7 synapses, stored as float32/int32 CSR in- and out-edges (16 bytes a
synapse). Measured: wall time, synapses per second, and the peak resident memory the
build adds (``ru_maxrss`` minus the resident size before it) against the final storage.
Baseline: ``scipy.sparse.random_array((n, n), density=p, format="csr",
dtype=np.float32)``, the one-call way a user would draw such a matrix (in-edges only,
no populations, no out-edges: less work than the project does).

Run: the built connectome under ``NeuralModel(c, rule="threshold", scheduler="poisson",
tau={"E": 1.0, "I": 0.5}, threshold=2.0, record_every=None)`` for 2 time units:
events (neuron updates) per second and flips.

Each case runs in its own process so that peak memory is measured alone. The figures
are written to ``benchmarks/results/scale.json``.

Run:
    .venv/bin/python benchmarks/scale.py            # n = 10^6, 5 * 10^7 synapses (~1 min)
    .venv/bin/python benchmarks/scale.py --quick    # n = 10^5, 5 * 10^6 synapses
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from _common import fmt_bytes, table, write_results

CASE = r"""
import json, resource, sys, time
import numpy as np
import scipy.sparse as sp
import neuroagents as na

def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096

case, n_e, n_i, p = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
na.builders.gnp_ei(40, 10, p=0.1, rng=0)  # imports and numba caches, outside the timing
sp.random_array((50, 50), density=0.1, format="csr", rng=0)
n = n_e + n_i
before = rss()
t0 = time.perf_counter()
if case == "project":
    c = na.builders.gnp_ei(n_e, n_i, p=p, rng=0)
    synapses, stored = c.n_edges, c.nbytes
else:
    gen = np.random.default_rng(0)
    w = sp.random_array((n, n), density=p, format="csr", dtype=np.float32, rng=gen)
    synapses, stored = w.nnz, w.data.nbytes + w.indices.nbytes + w.indptr.nbytes
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
out = {"seconds": seconds, "synapses": int(synapses), "stored": int(stored), "peak": int(peak)}
if case == "project":
    m = na.NeuralModel(c, rule="threshold", scheduler="poisson", tau={"E": 1.0, "I": 0.5},
                       threshold=2.0, rng=0, record_every=None)
    m.run_for(0.01)  # first events: numba dispatch
    counts0, flips0 = int(m.update_counts.sum()), m.flips_total
    t0 = time.perf_counter()
    m.run_for(2.0)
    run = time.perf_counter() - t0
    out["events_per_s"] = (int(m.update_counts.sum()) - counts0) / run
    out["flips"] = m.flips_total - flips0
    out["run_seconds"] = run
print(json.dumps(out))
"""

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/connectome/builders.py",
    "neuroagents/connectome/connectome.py",
    "neuroagents/sim/model.py",
    "neuroagents/sim/arrays.py",
    "neuroagents/sim/neuron.py",
)


def run_case(case: str, n_e: int, n_i: int, p: float) -> dict:
    """Run one case in a fresh process and return its JSON figures."""
    out = subprocess.run(
        [sys.executable, "-c", CASE, case, str(n_e), str(n_i), str(p)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n = 10^5 instead of 10^6")
    args = parser.parse_args(argv)
    n_e, n_i, p = (80_000, 20_000, 5e-4) if args.quick else (800_000, 200_000, 5e-5)
    project = run_case("project", n_e, n_i, p)
    scipy = run_case("scipy", n_e, n_i, p)
    rows = []
    for name, r in (("project: gnp_ei (in + out edges)", project),
                    ("scipy.sparse.random_array (in only)", scipy)):  # fmt: skip
        rows.append([
            name, f"{r['synapses']:,}", f"{r['seconds']:.2f} s",
            f"{r['synapses'] / r['seconds'] / 1e6:.1f} M/s", fmt_bytes(r["stored"]),
            fmt_bytes(r["peak"]), f"{r['peak'] / r['stored']:.2f}x",
        ])  # fmt: skip
    print(
        f"Building a directed G(n, p), n = {n_e + n_i:,}, p = {p:g} (each case in its own process)"
    )
    print(
        table(
            ["case", "synapses", "time", "synapses/s", "stored", "peak added", "peak/stored"], rows
        )
    )
    print(
        f"\nRunning it: threshold neurons on Poisson clocks, 2 time units: "
        f"{project['events_per_s'] / 1e6:.1f} M events/s, {project['flips']:,} flips "
        f"({project['run_seconds']:.2f} s)"
    )
    if not args.quick:
        pj, sc = project, scipy
        rows = [
            [f"building a directed E–I G(n, p), n = 10⁶, {pj['synapses'] / 1e6:.0f}M synapses",
             f"{pj['seconds']:.1f} s, {pj['synapses'] / pj['seconds'] / 1e6:.1f}M synapses/s, "
             f"peak {pj['peak'] / pj['stored']:.2f}× its {pj['stored'] / 1e6:.0f} MB",
             f"`scipy.sparse.random_array` (in-edges only): {sc['seconds']:.1f} s, "
             f"{sc['synapses'] / sc['seconds'] / 1e6:.1f}M/s, "
             f"peak {sc['peak'] / sc['stored']:.2f}×",
             "≥ 10M/s and ≤ 2× storage"],
            ["running it: threshold neurons on Poisson clocks, n = 10⁶",
             f"{pj['events_per_s'] / 1e6:.1f}M events/s", "", ""],
        ]  # fmt: skip
        write_results("scale", {"project": project, "scipy": scipy, "n": n_e + n_i, "p": p},
                      rows, code=CODE)  # fmt: skip


if __name__ == "__main__":
    main()
