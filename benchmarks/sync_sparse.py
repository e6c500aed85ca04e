"""One synchronous step on a sparse random graph: neuroagents against a scipy mat-vec.

The graph: ``na.builders.gnp_ei(40000, 10000, p=0.001, rng=0)``, a directed G(n, p)
with n = 50,000 neurons (40,000 excitatory with weight +1, 10,000 inhibitory with
weight -1) and about 2.5M synapses (mean in- and out-degree 50), stored as float32
CSR out-edges (and in-edges).

The project: ``na.NeuralModel(c, rule=R, scheduler="sync", engine="compiled",
record_every=None)`` for R = ``"threshold"`` (0/1 states, threshold 0) and ``"sign"``
(±1 states). It keeps inputs incrementally: a step computes every neuron's next state
from its stored input, then pushes each change along the changer's out-edges. From a
random state about half the neurons change, so a step touches about half the synapses
(by scatter); from a near-converged state it would be unfairly cheap, so every timed
step starts from a fresh random state set *outside* the timed region with
``set_state``, which recomputes all inputs from scratch. Timed separately:

- step: ``model.step()`` after ``set_state(random)``;
- set_state: ``model.set_state(random)`` alone (validation + all inputs from scratch);
- set_state + step: both, i.e. a step that pays for its inputs like the mat-vec does;
- 2nd step: ``model.step()`` after ``set_state(random)`` and one untimed step.

The baseline: a bare ``scipy.sparse`` CSR mat-vec on the in-edge matrix followed by
the rule, ``np.where(W @ s > 0, 1.0, low)`` with low = 0 (threshold) or -1 (sign), in
two flavours: float64 weights with a float64 state (scipy has no mixed-precision
kernel, so float32 weights times a float64 state would first copy the weights), and
float32 weights with a float32 state. The sign baseline sends ties (input exactly 0)
to -1 where the project keeps the state; the sanity column counts such neurons.

Run:
    .venv/bin/python benchmarks/sync_sparse.py            # n = 50,000, ~2.5M synapses
    .venv/bin/python benchmarks/sync_sparse.py --quick    # tiny smoke size
"""

from __future__ import annotations

import argparse
import itertools
import time
from typing import Any

import numpy as np
from _common import Timings, fmt_time, table, time_interleaved, write_results

import neuroagents as na

RULES = {"threshold": (0.0, 1.0), "sign": (-1.0, 1.0)}

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/sim/kernels.py",
    "neuroagents/sim/type_kernels.py",
    "neuroagents/sim/rules.py",
    "neuroagents/sim/engines.py",
    "neuroagents/sim/schedulers.py",
    "neuroagents/sim/timeline.py",
)


def warm_up() -> None:
    """Compile (or load from cache) the kernels on a tiny net of the same types."""
    c = na.builders.gnp_ei(40, 10, p=0.1, rng=0)
    for rule in RULES:
        m = na.NeuralModel(c, rule=rule, scheduler="sync", engine="compiled", rng=0)
        m.step()


def bench_rule(
    c: na.Connectome, rule: str, repeat: int, pool: int, seed: int
) -> tuple[dict[str, Timings], dict[str, Any]]:
    """Time the project's step and the mat-vec baselines for one rule."""
    low, high = RULES[rule]
    gen = np.random.default_rng(seed)
    states = [gen.choice(np.array([low, high]), size=c.n_nodes) for _ in range(pool)]
    states32 = [s.astype(np.float32) for s in states]
    w32 = c.to_scipy()  # in-edges W[target, source], float32
    w64 = w32.astype(np.float64)
    model = na.NeuralModel(
        c, rule=rule, scheduler="sync", engine="compiled", rng=seed, record_every=None
    )
    k = itertools.count()

    def pick() -> int:
        return next(k) % pool

    def p_set() -> None:
        model.set_state(states[pick()])

    def p_set_and_step() -> None:
        p_set()
        model.step()

    low32, high32 = np.float32(low), np.float32(high)
    cases = {
        "project: step": (p_set, lambda _: model.step()),
        "project: set_state": (pick, lambda i: model.set_state(states[i])),
        "project: set_state + step": (pick, lambda i: (model.set_state(states[i]), model.step())),
        "project: 2nd step": (p_set_and_step, lambda _: model.step()),
        "scipy f64: W @ s + rule": (pick, lambda i: np.where(w64 @ states[i] > 0, high, low)),
        "scipy f32: W @ s + rule": (
            pick,
            lambda i: np.where(w32 @ states32[i] > 0, high32, low32),
        ),
    }
    timings = time_interleaved(cases, repeat=repeat)

    # Sanity (untimed): the project's step against the rule applied to W @ s.
    s = states[0]
    model.set_state(s)
    model.step()
    h = w64 @ s
    expected = np.where(h > 0, high, low)
    sanity = {
        "flips": int(np.count_nonzero(model.state != s)),
        "mismatches": int(np.count_nonzero(model.state != expected)),
        "off_tie_mismatches": int(np.count_nonzero((model.state != expected) & (h != 0))),
        "ties": int(np.count_nonzero(h == 0)),
        "edges_pushed": int(
            sum(c.out_edges(int(j))[0].size for j in np.flatnonzero(model.state != s))
        ),
    }
    return timings, sanity


def print_rule(rule: str, timings: dict[str, Timings], sanity: dict[str, Any]) -> None:
    """Print one rule's table: each case against both mat-vec flavours."""
    ref64 = timings["scipy f64: W @ s + rule"]
    ref32 = timings["scipy f32: W @ s + rule"]
    rows = [
        [
            name,
            fmt_time(t.median),
            fmt_time(t.best),
            f"{t.median / ref64.median:.2f}x",
            f"{t.median / ref32.median:.2f}x",
            f"{t.best / ref64.best:.2f}x",
        ]
        for name, t in timings.items()
    ]
    reps = len(ref64.seconds)
    print(f"\nrule = {rule!r}: {reps} repetitions each, every one from a fresh random state")
    print(table(["case", "median", "best", "/ scipy f64", "/ scipy f32", "best / f64 best"], rows))
    print(
        f"  sanity: a step from a random state changed {sanity['flips']:,} neurons and "
        f"pushed along {sanity['edges_pushed']:,} synapses; it disagrees with "
        f"rule(W @ s) at {sanity['mismatches']:,} neurons, {sanity['off_tie_mismatches']:,} of "
        f"them with a nonzero input ({sanity['ties']:,} have input exactly 0, where sign "
        "keeps the state and the baseline says -1)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny smoke size")
    parser.add_argument("--repeat", type=int, default=None, help="timed repetitions")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    n_e, n_i = (400, 100) if args.quick else (40_000, 10_000)
    p = 0.02 if args.quick else 0.001
    repeat = args.repeat or (5 if args.quick else 40)

    print("One synchronous step on a sparse random graph (ratios of medians unless marked best)")
    t0 = time.perf_counter()
    warm_up()
    print(f"numba warm-up (compile or cache load): {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    c = na.builders.gnp_ei(n_e, n_i, p=p, rng=args.seed)
    print(
        f"graph: gnp_ei({n_e}, {n_i}, p={p}) -> {c.n_nodes:,} neurons, "
        f"{c.n_edges:,} synapses, {c.storage} float32, built in "
        f"{time.perf_counter() - t0:.1f} s (not timed)"
    )
    medians = {}
    for rule in RULES:
        timings, sanity = bench_rule(c, rule, repeat, pool=8, seed=args.seed + 1)
        print_rule(rule, timings, sanity)
        medians[rule] = {k: t.median for k, t in timings.items()}
    if not args.quick:
        ref = "scipy f64: W @ s + rule"
        step = [medians[r]["project: step"] for r in RULES]
        base = [medians[r][ref] for r in RULES]
        second = [medians[r]["project: 2nd step"] for r in RULES]
        ratios = [a / b for a, b in zip(step, base, strict=True)]
        names = " / ".join(RULES)
        rows = [
            [f"one sync step from a random state, n = {c.n_nodes:,}, "
             f"{c.n_edges / 1e6:.1f}M synapses ({names})",
             " / ".join(fmt_time(v) for v in step),
             "scipy CSR mat-vec (float64) + rule: " + " / ".join(fmt_time(v) for v in base),
             " / ".join(f"{v:.2f}×" for v in ratios) + " (≤ 1.3×)"],
            ["the next sync step (inputs kept incrementally; " + names + ")",
             " / ".join(fmt_time(v) for v in second), "the same mat-vec + rule",
             " / ".join(f"{a / b:.2f}×" for a, b in zip(second, base, strict=True))],
        ]  # fmt: skip
        write_results("sync_sparse", medians, rows, code=CODE)


if __name__ == "__main__":
    main()
