"""Largest Lyapunov exponent of a 1,000-neuron random rate network: project vs numpy.

The network: Sompolinsky-Crisanti-Sommers, ``tau dx/dt = -x + g J tanh(x)`` with
``J_ij ~ N(0, 1/N)``, g = 2 (chaotic), N = 1000, as a NeuralModel of graded-response tanh
neurons (the potential is x). The method (every case): Benettin's, one tangent vector,
classical RK4 with dt = 0.1 for state and tangent together, renormalized every step;
10^4 steps.

- **Project**: ``neuroagents.analysis.lyapunov.lyapunov_spectrum(model, x0, dt=0.1,
  steps=10_000, k=1)`` on the model as a user builds it (``Connectome.from_matrix(W)``:
  float32 weights, the default). The vector field reads each row of W once for the state
  and the tangent together (a compiled loop, in the weights' float32), so a RK stage
  reads 4 MB once. Also timed with ``weight_dtype="float64"`` (8 MB, float64 sums).
- **Baseline "plain numpy"** (float64, a user's usual dtype): the same loop written
  directly: per RK stage ``f = -x + W @ tanh(x)`` and ``Jv = -v + W @ ((1 - tanh(x)^2) *
  v)``, two BLAS mat-vecs, then a norm and a division per step. Also with float32 ``W``
  (``numpy float32``), to show how much of the gain is the precision.

All start from the same state and tangent; the exponents differ only by rounding grown
by the chaos itself (printed; float32 sums err by ~1e-6 relative per product). Cases are
timed round-robin; ratio of medians.
BLAS is pinned to one thread (the machine is shared; set it before numpy loads).
Results go to ``benchmarks/results/lyapunov.json``.

Run:
    .venv/bin/python benchmarks/lyapunov.py             # N = 1000, 10^4 steps, 3 repeats
    .venv/bin/python benchmarks/lyapunov.py --quick     # N = 200, 500 steps
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse

import numpy as np
from _common import fmt_time, table, time_interleaved, write_results

import neuroagents as na
from neuroagents.analysis.lyapunov import lyapunov_spectrum

DT, G = 0.1, 2.0

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/analysis/lyapunov.py",
    "neuroagents/sim/kernels.py",
    "neuroagents/sim/type_kernels.py",
    "neuroagents/sim/rules.py",
)


def numpy_benettin(W: np.ndarray, x: np.ndarray, v: np.ndarray, steps: int) -> float:
    """Largest exponent by RK4 + renormalization every step, in plain numpy."""
    x, v = x.copy(), v / np.linalg.norm(v)

    def flow(x: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        t = np.tanh(x)  # a float32 W multiplies float32 vectors (no upcast of W)
        return -x + W @ t.astype(W.dtype), -v + W @ ((1.0 - t * t) * v).astype(W.dtype)

    total = 0.0
    for _ in range(steps):
        k1, l1 = flow(x, v)
        k2, l2 = flow(x + 0.5 * DT * k1, v + 0.5 * DT * l1)
        k3, l3 = flow(x + 0.5 * DT * k2, v + 0.5 * DT * l2)
        k4, l4 = flow(x + DT * k3, v + DT * l3)
        x = x + DT / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        v = v + DT / 6 * (l1 + 2 * l2 + 2 * l3 + l4)
        norm = np.linalg.norm(v)
        total += np.log(norm)
        v = v / norm
    return total / (steps * DT)


def main() -> None:
    """Time both, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    n, steps = (200, 500) if args.quick else (1000, 10_000)
    gen = np.random.default_rng(args.seed)
    W = G * gen.normal(0.0, 1.0 / np.sqrt(n), (n, n))
    x0 = gen.normal(0.0, 1.0, n)
    rule = na.GradedResponse("tanh")
    model = na.NeuralModel(na.Connectome.from_matrix(W), rule=rule, dt=DT, record_every=None)
    c64 = na.Connectome.from_matrix(W, weight_dtype="float64")
    model64 = na.NeuralModel(c64, rule=rule, dt=DT, record_every=None)
    W32 = W.astype(np.float32)
    # the project's tangent starts from rng=1's first draw: give numpy the same vector
    v0 = np.linalg.qr(np.random.default_rng(1).normal(size=(n, 1)))[0][:, 0]

    cases = {
        "project lyapunov_spectrum": (
            lambda: None,
            lambda _: lyapunov_spectrum(model, x0, dt=DT, steps=steps, rng=1).exponents[0],
        ),
        "project, float64 weights": (
            lambda: None,
            lambda _: lyapunov_spectrum(model64, x0, dt=DT, steps=steps, rng=1).exponents[0],
        ),
        "baseline plain numpy": (lambda: None, lambda _: numpy_benettin(W, x0, v0, steps)),
        "numpy float32": (lambda: None, lambda _: numpy_benettin(W32, x0, v0, steps)),
    }
    lyapunov_spectrum(model, x0, dt=DT, steps=2, rng=1)  # compile the numba loops first
    lyapunov_spectrum(model64, x0, dt=DT, steps=2, rng=1)
    timings = time_interleaved(cases, repeat=args.repeat, warmup=0)
    project, baseline = timings["project lyapunov_spectrum"], timings["baseline plain numpy"]
    ratio = baseline.median / project.median
    rows = [
        [
            name,
            fmt_time(t.median),
            fmt_time(t.best),
            f"{baseline.median / t.median:.2f}x",
            f"{t.outputs[0]:.6f}",
        ]
        for name, t in timings.items()
    ]
    print(f"Largest Lyapunov exponent, N = {n}, g = {G}, {steps} RK4 steps (dt = {DT})")
    print(table(["case", "median", "best", "vs plain numpy", "exponent"], rows))
    diff = abs(project.outputs[0] - baseline.outputs[0])
    print(f"ratio baseline / project (medians): {ratio:.2f}x; exponents differ by {diff:.1e}")
    if not args.quick:
        p64 = timings["project, float64 weights"].median
        f32 = timings["numpy float32"].median
        row = [
            f"largest Lyapunov exponent, random rate network N = {n}, {steps:,} RK4 steps "
            "(`analysis.lyapunov`)",
            f"{fmt_time(project.median)} (float32 weights); {fmt_time(p64)} (float64)",
            f"plain numpy Benettin, float64: {fmt_time(baseline.median)}; float32: {fmt_time(f32)}",
            f"{ratio:.2f}× (≥ 3×: **missed**); {f32 / project.median:.2f}× the float32 one"
            if ratio < 3
            else f"{ratio:.2f}× (≥ 3×)",
        ]
        figures = {"n": n, "steps": steps, "dt": DT, "g": G, "repeat": args.repeat,
                   "medians_s": {k: t.median for k, t in timings.items()}, "ratio": ratio,
                   "exponent_project": project.outputs[0],
                   "exponent_baseline": baseline.outputs[0]}  # fmt: skip
        write_results("lyapunov", figures, [row], code=CODE)


if __name__ == "__main__":
    main()
