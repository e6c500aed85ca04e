"""Hopfield-Tank runs per second on one 10-city instance: neuroagents against plain numpy.

One run is what the experiments do per start: set the 1985 initial condition and
integrate ``du/dt = -u + T V + I``, ``V = 1/2 (1 + tanh(u / u0))``, for 3000 steps of
dt = 1e-5 (exponential Euler, ``u <- x + (u - x) e^-dt`` with ``x = T V + I``), 100
neurons, dense float64 weights, the 1985 parameters.

- project: ``TankModel(d)``; ``paper_start()`` (untimed potentials drawn in the setup
  would be the same cost on both sides, so it is inside the timing on both) then
  ``run_for(0.03)``, one start at a time, as the experiments run it.
- project, batched: ``run_batch(d, params, U, dt, steps)`` (``hopfield_tank.batch``),
  64 starts in one numba call with the input computed from the weights' structure
  (n^3 instead of n^4 multiply-adds per step) and subnormal outputs flushed to 0; its
  time is divided by 64.
- baseline (a), plain numpy, one start at a time: the same update written with
  ``T @ V``, ``scipy.special.expit`` and the exponential-Euler step, 3000 iterations.
- baseline (b), plain numpy, 64 starts batched: the same with a (100, 64) matrix of
  potentials, ``T @ V`` a matrix product; its time is divided by 64.

Sanity (untimed): from one start, the project's final potentials (both ways) equal
baseline (a)'s.
The figures are also written to ``benchmarks/results/hopfield_tank.json``.

Run:
    .venv/bin/python benchmarks/hopfield_tank.py            # ~30 s
    .venv/bin/python benchmarks/hopfield_tank.py --quick    # smoke sizes
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from _common import fmt_time, table, time_interleaved, write_results
from scipy import special

from neuroagents.models import hopfield_tank as ht
from neuroagents.models.hopfield_tank.batch import run_batch

DT, T_END, BATCH = 1e-5, 0.03, 64

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/sim/kernels.py",
    "neuroagents/sim/type_kernels.py",
    "neuroagents/sim/engines.py",
    "neuroagents/sim/rules.py",
    "models/hopfield_tank/network.py",
    "models/hopfield_tank/batch.py",
)


def numpy_runs(T: np.ndarray, bias: np.ndarray, u: np.ndarray, gain: float, steps: int):
    """Plain numpy: ``steps`` exponential-Euler steps of potentials ``u`` (n,) or (n, k)."""
    keep = np.exp(-DT)
    b = bias if u.ndim == 1 else bias[:, None]
    for _ in range(steps):
        x = T @ special.expit(gain * u) + b
        u = x + (u - x) * keep
    return u


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke sizes")
    parser.add_argument("--repeat", type=int, default=None, help="timed repetitions")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    repeat = args.repeat or (3 if args.quick else 15)
    t_end = T_END / 10 if args.quick else T_END
    steps = round(t_end / DT)

    d = ht.distance_matrix(ht.random_cities(10, rng=args.seed))
    params = ht.TankParams()
    T, bias = ht.tank_weights(d, params)
    model = ht.TankModel(d, params, dt=DT, rng=args.seed)
    gen = np.random.default_rng(args.seed + 1)

    t0 = time.perf_counter()
    model.paper_start()
    model.run_for(10 * DT)
    run_batch(d, params, model.potential[None, :], DT, 10)
    print(f"numba warm-up (compile or cache load): {time.perf_counter() - t0:.1f} s")

    def project(_):
        model.paper_start()
        model.run_for(t_end)

    def project_batch(_):
        u = np.stack([ht.paper_potential(10, params.u0, gen) for _ in range(BATCH)])
        return run_batch(d, params, u, DT, steps)

    def single(_):
        return numpy_runs(T, bias, ht.paper_potential(10, params.u0, gen), params.gain, steps)

    def batched(_):
        u = np.stack([ht.paper_potential(10, params.u0, gen) for _ in range(BATCH)], axis=1)
        return numpy_runs(T, bias, u, params.gain, steps)

    cases = {
        "project: TankModel, one start at a time": (lambda: None, project),
        f"project: run_batch, {BATCH} starts batched": (lambda: None, project_batch),
        "baseline (a): numpy, one start at a time": (lambda: None, single),
        f"baseline (b): numpy, {BATCH} starts batched": (lambda: None, batched),
    }
    timings = time_interleaved(cases, repeat=repeat, warmup=1)
    per_run = {k: v.median / (BATCH if "batched" in k else 1) for k, v in timings.items()}

    # Sanity (untimed): the same start through the project and baseline (a).
    check = ht.TankModel(d, params, dt=DT, rng=5)
    check.paper_start()
    u_start = check.potential.copy()
    check.run_for(t_end)
    reference = numpy_runs(T, bias, u_start, params.gain, steps)
    err = float(np.max(np.abs(check.potential - reference)))
    err_batch = float(np.max(np.abs(run_batch(d, params, u_start[None, :], DT, steps) - reference)))

    project_key = "project: TankModel, one start at a time"
    rows = [
        [k, fmt_time(v), f"{1 / v:,.0f}", f"{per_run[k] / per_run[project_key]:.2f}x"]
        for k, v in per_run.items()
    ]
    print(f"\nHopfield-Tank, 10 cities (100 neurons), {steps} steps of dt = {DT:g} per run; "
          f"{repeat} repetitions, medians")  # fmt: skip
    print(table(["case", "per run", "runs / s", "time / project"], rows))
    print(f"  sanity: final potentials differ from baseline (a)'s by at most {err:.1e} "
          f"(TankModel) and {err_batch:.1e} (run_batch)")  # fmt: skip

    if not args.quick:
        a = per_run["baseline (a): numpy, one start at a time"]
        b = per_run[f"baseline (b): numpy, {BATCH} starts batched"]
        p = per_run[project_key]
        pb = per_run[f"project: run_batch, {BATCH} starts batched"]
        rows = [
            [f"Hopfield-Tank TSP, 100 neurons, one run ({steps} steps): `run_batch` of "
             f"{BATCH} starts / `TankModel` one at a time",
             f"{fmt_time(pb)} ({1 / pb:,.0f} runs/s) / {fmt_time(p)}",
             f"numpy, one start at a time: {fmt_time(a)}; {BATCH} starts batched: "
             f"{fmt_time(b)} per run",
             f"run_batch {a / pb:.1f}× faster than (a) (≥ 5×), {b / pb:.1f}× than (b); "
             + (f"TankModel {a / p:.2f}× faster than (a)" if p <= a
                else f"TankModel {p / a:.2f}× slower than (a)")],
        ]  # fmt: skip
        write_results(
            "hopfield_tank",
            {"steps": steps, "max_abs_error": err, "max_abs_error_batch": err_batch, **per_run},
            rows,
            code=CODE,
        )


if __name__ == "__main__":
    main()
