"""Synchronous steps of a rate network: neuroagents against a mat-vec plus the rule.

The rule: ``na.Rate("tanh", gain=2)``, ``tau dv/dt = -v + tanh(2 (W v + h))``, advanced
by exponential Euler with dt = 0.1. The weights are ``N(0, 1/K)`` with K inputs per
neuron, so at gain 2 the network is chaotic (Sompolinsky, Crisanti & Sommers 1988):
every neuron changes every step and a step costs a full mat-vec whatever the engine
does (a network at a fixed point would be unfairly cheap for incremental inputs; the
table prints the fraction of neurons that changed in the last step to show it is 1).

Two networks:

- sparse: n = 50,000 neurons with about 2.5M synapses (each pair connected with
  probability 0.001, ``scipy.sparse.random``), float32 CSR in the project. Baseline:
  ``scipy.sparse`` CSR ``W @ v`` on the in-edge matrix, then the rule with numpy,
  ``t = np.tanh(2 * (W @ v + h)); v = t + (v - t) * keep`` — with float64 weights
  (what a user holding a float64 matrix runs) and with float32 weights and state.
- dense: n = 2,000, K = n (4M weights, float32 dense storage in the project).
  Baseline: numpy's BLAS ``W @ v`` (float64 dgemv, and float32 sgemv) then the rule.

Timed: one ``model.step()`` (a short run: it pays the per-call Python cost) and
``model.run_for(100 * dt)`` divided by 100 (a long run). The baselines are timed one
step at a time, with the numpy arrays allocated as a user's loop would. Cases are
timed round-robin (see ``_common.time_interleaved``); ratios are of medians.
The figures are also written to ``benchmarks/results/rate_sync.json``.

Run:
    .venv/bin/python benchmarks/rate_sync.py            # n = 50,000 sparse and 2,000 dense
    .venv/bin/python benchmarks/rate_sync.py --quick    # tiny smoke sizes
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import scipy.sparse as sp
from _common import fmt_time, table, time_interleaved, write_results

import neuroagents as na

DT, GAIN, LONG = 0.1, 2.0, 100

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/sim/kernels.py",
    "neuroagents/sim/type_kernels.py",
    "neuroagents/sim/engines.py",
    "neuroagents/sim/rules.py",
    "neuroagents/sim/timeline.py",
)


def _model(c: na.Connectome, h: np.ndarray, v0: np.ndarray) -> na.NeuralModel:
    return na.NeuralModel(
        c, rule=na.Rate("tanh", gain=GAIN), scheduler="sync", dt=DT, drive=h, state=v0,
        record_every=None,
    )  # fmt: skip


def bench(name: str, c: na.Connectome, w64, w32, repeat: int, seed: int) -> dict[str, float]:
    """Time project and baselines on one network; return medians (seconds per step)."""
    gen = np.random.default_rng(seed)
    n = c.n_nodes
    h = gen.normal(0, 0.1, n)
    v0 = gen.uniform(-1, 1, n)
    keep = np.exp(-DT)
    model = _model(c, h, v0)
    state = {"v64": v0.copy(), "v32": v0.astype(np.float32)}
    h32 = h.astype(np.float32)

    def base64(_):
        v = state["v64"]
        t = np.tanh(GAIN * (w64 @ v + h))
        state["v64"] = t + (v - t) * keep

    def base32(_):
        v = state["v32"]
        t = np.tanh(np.float32(GAIN) * (w32 @ v + h32))
        state["v32"] = t + (v - t) * np.float32(keep)

    cases = {
        "project: step()": (lambda: None, lambda _: model.step()),
        f"project: run_for({LONG} dt) / {LONG}": (lambda: None, lambda _: model.run_for(LONG * DT)),
        "baseline f64: W @ v + rule": (lambda: None, base64),
        "baseline f32: W @ v + rule": (lambda: None, base32),
    }
    t = time_interleaved(cases, repeat=repeat)
    before = model.state.copy()
    model.step()
    changed = float(np.mean(model.state != before))
    med = {k: v.median / (LONG if "run_for" in k else 1) for k, v in t.items()}

    # Sanity (untimed): one project step equals the float64 baseline step.
    check = _model(c, h, v0)
    check.step()
    w = c.to_scipy().astype(np.float64)
    target = np.tanh(GAIN * (w @ v0 + h))
    err = float(np.max(np.abs(check.state - (target + (v0 - target) * keep))))

    ref = med["baseline f64: W @ v + rule"]
    ref32 = med["baseline f32: W @ v + rule"]
    rows = [[k, fmt_time(v), f"{v / ref:.2f}x", f"{v / ref32:.2f}x"] for k, v in med.items()]
    print(f"\n{name}: n = {n:,}, {c.n_edges:,} synapses, {c.storage} float32; {repeat} repetitions")
    print(table(["case", "median per step", "/ f64 baseline", "/ f32 baseline"], rows))
    print(
        f"  sanity: one step differs from the float64 baseline by at most {err:.1e}; "
        f"{changed:.1%} of the neurons changed in the last step"
    )
    return {"n": n, "synapses": int(c.n_edges), "max_abs_error": err, "changed": changed, **med}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny smoke sizes")
    parser.add_argument("--repeat", type=int, default=None, help="timed repetitions")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    repeat = args.repeat or (5 if args.quick else 30)
    print("Synchronous rate-network steps (tanh, exponential Euler); ratios of medians")

    t0 = time.perf_counter()
    warm = na.builders.gnp_ei(40, 10, p=0.1, rng=0)
    _model(warm, np.zeros(50), np.zeros(50)).run_for(2 * DT)
    dense_warm = na.Connectome.from_matrix(np.ones((4, 4)))
    _model(dense_warm, np.zeros(4), np.zeros(4)).run_for(2 * DT)
    print(f"numba warm-up (compile or cache load): {time.perf_counter() - t0:.1f} s")

    n, p = (500, 0.02) if args.quick else (50_000, 0.001)
    gen = np.random.default_rng(args.seed)
    w = sp.random_array((n, n), density=p, format="csr", rng=gen, data_sampler=gen.standard_normal)
    c = na.Connectome.from_matrix(w / np.sqrt(n * p), storage="sparse")
    w32 = sp.csr_array(c.to_scipy())
    w64 = w32.astype(np.float64)
    results = {"sparse": bench("sparse", c, w64, w32, repeat, args.seed + 1)}

    n = 200 if args.quick else 2000
    w = np.random.default_rng(args.seed).normal(0, 1 / np.sqrt(n), (n, n))
    cd = na.Connectome.from_matrix(w)
    w32d = cd.to_dense().copy()  # the same float32 weights, C-contiguous for BLAS
    results["dense"] = bench("dense", cd, w32d.astype(np.float64), w32d, repeat, args.seed + 2)

    if not args.quick:
        sp_, de = results["sparse"], results["dense"]
        f64, f32 = "baseline f64: W @ v + rule", "baseline f32: W @ v + rule"
        step, long = "project: step()", f"project: run_for({LONG} dt) / {LONG}"
        rows = [
            [f"rate network (tanh, chaotic: every neuron changes), one sync step, "
             f"n = {sp_['n']:,}, {sp_['synapses'] / 1e6:.1f}M synapses",
             fmt_time(sp_[step]),
             f"scipy CSR mat-vec (float64) + rule: {fmt_time(sp_[f64])}; float32: "
             f"{fmt_time(sp_[f32])}",
             f"{sp_[step] / sp_[f64]:.2f}× (≤ 1.3×); {sp_[step] / sp_[f32]:.2f}× the float32 one"],
            [f"the same, dense n = {de['n']:,} (`run_for(100 dt)` per step / one `step()`)",
             f"{fmt_time(de[long])} / {fmt_time(de[step])}",
             f"numpy BLAS mat-vec (float64) + rule: {fmt_time(de[f64])}; float32: "
             f"{fmt_time(de[f32])}",
             f"{de[long] / de[f64]:.2f}× / {de[step] / de[f64]:.2f}× (≤ 1.2×); "
             f"{de[step] / de[f32]:.2f}× the float32 one"],
        ]  # fmt: skip
        write_results("rate_sync", results, rows, code=CODE)


if __name__ == "__main__":
    main()
