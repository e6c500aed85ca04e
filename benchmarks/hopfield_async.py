"""Asynchronous Hopfield sweeps: neuroagents against a naive Mesa model and a numba loop.

The net: a Hebbian Hopfield net of n neurons storing p = 0.05 n random patterns
(``hopfield.random_patterns``), held as one dense float32 matrix
(``Connectome.from_matrix(hebbian_weights(P))``), started from pattern 0 with 10% of its
bits flipped (``hopfield.corrupt``).

The project: ``hopfield.HopfieldModel(c, scheduler="async-sweep", engine="compiled",
record_every=None)``; every repetition starts from a fresh ``set_state(corrupted)``
(outside the timed region; it recomputes all inputs). Timed workloads:

- retrieval: ``run_until_stable(max_sweeps=50)``;
- one sweep: ``step()`` (the sweep that repairs the corrupted bits: the costly one);
- fixed: ``run_for(S)``, S sweeps whatever happens.

Baseline (a), the naive Mesa way: one ``mesa.Agent`` per neuron on the complete
networkx graph (``hopfield.hebbian_graph``, ``weight`` on every edge; the ~8% of
Hebbian weights that are exactly 0 are no edges, which only helps the baseline); each
agent's ``step()`` sums ``weight * neighbour.state`` over ``G[node].items()`` and takes
the sign; one sweep is ``model.agents.shuffle_do("step")``. The first sweep at n = 2000
is timed on 3 freshly built models (builds not timed), in one table with baseline (b).

Baseline (b), a hand-written numba loop with incremental fields: the same dense
float32 weight matrix, a float64 field, a Fisher–Yates permutation per sweep drawn
inside numba from a ``numpy.random.default_rng`` Generator, a flip when
``s_i * h_i < 0`` followed by ``h += 2 s_i W[i, :]``; it stops after a sweep that
leaves no unhappy neuron (the project's rule, including the check before the first
sweep). Its field is computed from scratch outside the timed region, like the
project's ``set_state`` (which also leaves the caches alike for both: a repair sweep
is memory-bound, and the rows it reads may or may not still be cached).

About the mean: the project draws its random orders in blocks of up to 64 sweeps
(``schedulers._BLOCK_ENTRIES``), so the block cost lands in a few repetitions; the
median leaves it out, the mean spreads it (along with noise from other processes).
Both ratios are printed.

Run:
    .venv/bin/python benchmarks/hopfield_async.py            # n = 2000 and 5000
    .venv/bin/python benchmarks/hopfield_async.py --quick    # tiny smoke sizes
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import mesa
import networkx as nx
import numpy as np
from _common import fmt_time, table, time_interleaved, write_results
from numba import njit

import neuroagents as na
from neuroagents.models import hopfield

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/sim/kernels.py",
    "neuroagents/sim/type_kernels.py",
    "neuroagents/sim/rules.py",
    "neuroagents/sim/engines.py",
    "neuroagents/sim/schedulers.py",
    "neuroagents/sim/timeline.py",
    "models/hopfield/network.py",
)


# ---------------------------------------------------------------------- baseline (b)
@njit(cache=True)
def nb_field(w, s):
    """Field ``h = W @ s`` in float64 for a symmetric ``w`` (row j = j's out-weights)."""
    n = s.shape[0]
    h = np.zeros(n)
    for j in range(n):
        sj = s[j]
        if sj != 0.0:
            row = w[j]
            for i in range(n):
                h[i] += sj * row[i]
    return h


@njit(cache=True)
def nb_all_happy(s, h):
    """Whether no neuron has ``s_i * h_i < 0``."""
    for i in range(s.shape[0]):
        if s[i] * h[i] < 0.0:
            return False
    return True


@njit(cache=True)
def nb_sweeps(w, s, h, perm, rng, max_sweeps, stop):
    """Run up to ``max_sweeps`` random sweeps; with ``stop``, stop once all are happy.

    Returns the number of sweeps run.
    """
    n = s.shape[0]
    if stop and nb_all_happy(s, h):
        return 0
    for sweep in range(max_sweeps):
        for k in range(n - 1, 0, -1):  # Fisher–Yates
            j = int(rng.random() * (k + 1))
            tmp = perm[k]
            perm[k] = perm[j]
            perm[j] = tmp
        for k in range(n):
            i = perm[k]
            if s[i] * h[i] < 0.0:
                s[i] = -s[i]
                delta = 2.0 * s[i]
                row = w[i]
                for q in range(n):
                    h[q] += delta * row[q]
        if stop and nb_all_happy(s, h):
            return sweep + 1
    return max_sweeps


# ---------------------------------------------------------------------- baseline (a)
class NaiveNeuron(mesa.Agent):
    """A ±1 neuron that sums ``weight * state`` over its networkx neighbours."""

    def __init__(self, model: NaiveHopfield, node: int, state: int) -> None:
        super().__init__(model)
        self.node = node
        self.state = state

    def step(self) -> None:
        """Take the sign of the weighted sum of the neighbours' states (ties keep)."""
        h = 0.0
        by_node = self.model.by_node
        for nbr, data in self.model.graph[self.node].items():
            h += data["weight"] * by_node[nbr].state
        if h > 0:
            self.state = 1
        elif h < 0:
            self.state = -1


class NaiveHopfield(mesa.Model):
    """The textbook Mesa model: one agent per node of a networkx graph."""

    def __init__(self, graph: nx.Graph, state: np.ndarray, rng: int) -> None:
        super().__init__(rng=rng)
        self.graph = graph
        self.by_node = {v: NaiveNeuron(self, v, int(state[v])) for v in graph.nodes}

    def sweep(self) -> None:
        """One asynchronous sweep in a random order."""
        self.agents.shuffle_do("step")

    def state(self) -> np.ndarray:
        """States in node order."""
        return np.array([self.by_node[v].state for v in range(len(self.by_node))], float)


# ---------------------------------------------------------------------- helpers
def make_net(n: int, seed: int) -> tuple[np.ndarray, na.Connectome, np.ndarray]:
    """Patterns, the dense Hebbian connectome and a corrupted copy of pattern 0."""
    patterns = hopfield.random_patterns(n, max(1, round(0.05 * n)), rng=seed)
    c = na.Connectome.from_matrix(hopfield.hebbian_weights(patterns))
    corrupted = hopfield.corrupt(patterns[0], n // 10, rng=seed + 1)
    return patterns, c, corrupted


def overlap0(patterns: np.ndarray, state: np.ndarray) -> float:
    """Overlap of a state with pattern 0."""
    return float(patterns[0].astype(np.float64) @ np.asarray(state, float) / state.size)


def warm_up() -> None:
    """Compile (or load from cache) every numba function on a tiny net."""
    _, c, corrupted = make_net(40, 0)
    m = hopfield.HopfieldModel(
        c, scheduler="async-sweep", engine="compiled", rng=0, record_every=None
    )
    m.set_state(corrupted)
    m.run_until_stable(max_sweeps=5)
    m.run_for(2)
    w = c.to_dense()
    s = corrupted.astype(np.float64)
    h = nb_field(w, s)
    nb_sweeps(w, s, h, np.arange(40, dtype=np.int32), np.random.default_rng(0), 3, True)


def bench_n(n: int, sweeps: int, repeat: int, seed: int) -> dict[str, Any]:
    """Time the three workloads for the project and baseline (b) at size ``n``."""
    patterns, c, corrupted = make_net(n, seed)
    model = hopfield.HopfieldModel(
        c, scheduler="async-sweep", engine="compiled", rng=seed, record_every=None
    )
    w = c.to_dense()  # the project's own float32 matrix: same bytes for both
    x = corrupted.astype(np.float64)
    perm = np.arange(n, dtype=np.int32)
    gen = np.random.default_rng(seed)

    def p_setup() -> None:
        model.set_state(corrupted)

    def b_setup() -> tuple[np.ndarray, np.ndarray]:
        # From scratch, like set_state: it also leaves the caches in the same state.
        s = x.copy()
        return s, nb_field(w, s)

    def b_run(max_sweeps: int, stop: bool):
        def run(arg: tuple[np.ndarray, np.ndarray]) -> int:
            s, h = arg
            return nb_sweeps(w, s, h, perm, gen, max_sweeps, stop)

        return run

    def fresh() -> hopfield.HopfieldModel:
        m = hopfield.HopfieldModel(
            c, scheduler="async-sweep", engine="compiled", rng=seed, record_every=None
        )
        m.set_state(corrupted)
        return m

    def build_and_retrieve(_) -> int:
        return fresh().run_until_stable(max_sweeps=50).steps

    def b_build_and_retrieve(_) -> int:
        s = x.copy()
        return nb_sweeps(w, s, nb_field(w, s), np.arange(n, dtype=np.int32), gen, 50, True)

    cases = {
        "p:fresh-model retrieval": (fresh, lambda m: m.run_until_stable(max_sweeps=50).steps),
        "b:fresh-model retrieval": (b_setup, b_run(50, True)),
        "p:build + retrieval": (lambda: None, build_and_retrieve),
        "b:build + retrieval": (lambda: None, b_build_and_retrieve),
        "p:retrieval": (p_setup, lambda _: model.run_until_stable(max_sweeps=50).steps),
        "b:retrieval": (b_setup, b_run(50, True)),
        "p:one sweep": (p_setup, lambda _: model.step()),
        "b:one sweep": (b_setup, b_run(1, False)),
        f"p:run_for({sweeps})": (p_setup, lambda _: model.run_for(sweeps)),
        f"b:run_for({sweeps})": (b_setup, b_run(sweeps, False)),
    }
    timings = time_interleaved(cases, repeat=repeat)

    # Sanity (untimed): sweeps taken and final overlap with the stored pattern.
    sanity: dict[str, tuple[str, float]] = {}
    model.set_state(corrupted)
    rep = model.run_until_stable(max_sweeps=50)
    flag = "" if rep.converged else " (not converged)"
    sanity["p:retrieval"] = (f"{rep.steps}{flag}", overlap0(patterns, model.state))
    s, h = b_setup()
    k = nb_sweeps(w, s, h, perm, gen, 50, True)
    sanity["b:retrieval"] = (str(k), overlap0(patterns, s))
    for work in ("fresh-model retrieval", "build + retrieval"):  # the same runs, fresh
        sanity["p:" + work], sanity["b:" + work] = sanity["p:retrieval"], sanity["b:retrieval"]
    model.set_state(corrupted)
    model.step()
    sanity["p:one sweep"] = ("1", overlap0(patterns, model.state))
    s, h = b_setup()
    nb_sweeps(w, s, h, perm, gen, 1, False)
    sanity["b:one sweep"] = ("1", overlap0(patterns, s))
    model.set_state(corrupted)
    model.run_for(sweeps)
    sanity[f"p:run_for({sweeps})"] = (str(sweeps), overlap0(patterns, model.state))
    s, h = b_setup()
    nb_sweeps(w, s, h, perm, gen, sweeps, False)
    sanity[f"b:run_for({sweeps})"] = (str(sweeps), overlap0(patterns, s))
    # The numba baseline pays for unboxing the Generator on every call.
    s, h = b_setup()
    calls = time_interleaved(
        {"call": (lambda: None, lambda _: nb_sweeps(w, s, h, perm, gen, 0, False))}, repeat=200
    )
    steps = [int(v) for v in timings["p:retrieval"].outputs]
    b_steps = [int(v) for v in timings["b:retrieval"].outputs]
    return {
        "n": n,
        "p": patterns.shape[0],
        "sweeps": sweeps,
        "baseline_call": calls["call"].median,
        "timings": timings,
        "sanity": sanity,
        "retrieval_steps": (np.median(steps), np.median(b_steps)),
        "connectome": c,
        "patterns": patterns,
        "corrupted": corrupted,
    }


def print_n(res: dict[str, Any]) -> None:
    """Print the project-vs-baseline (b) table for one size."""
    t, sanity = res["timings"], res["sanity"]
    rows = []
    for name in t:
        if not name.startswith("p:"):
            continue
        work = name[2:]
        p, b = t[name], t["b:" + work]
        ps, po = sanity[name]
        bs, bo = sanity["b:" + work]
        rows.append([
            work,
            fmt_time(p.median),
            fmt_time(b.median),
            f"{p.median / b.median:.2f}x",
            f"{p.mean / b.mean:.2f}x",
            f"{ps} / {bs}",
            f"{po:.3f} / {bo:.3f}",
        ])  # fmt: skip
    c = res["connectome"]
    print(
        f"\nn = {res['n']}, p = {res['p']} patterns, {res['n'] // 10} bits corrupted; "
        f"{c.n_edges:,} synapses, {c.storage} float32; "
        f"{len(t['p:retrieval'].seconds)} repetitions each"
    )
    print(
        table(
            [
                "workload",
                "project",
                "numba (b)",
                "ratio",
                "ratio(mean)",
                "sweeps p/b",
                "overlap p/b",
            ],
            rows,
        )
    )
    ms, mb = res["retrieval_steps"]
    print(f"  median sweeps to a fixed point over the timed runs: project {ms:g}, numba {mb:g}")
    print(
        f"  numba baseline call overhead (Generator unboxing, 0 sweeps): "
        f"{fmt_time(res['baseline_call'])} per call, included in its times"
    )


def bench_naive(res: dict[str, Any], seed: int, repeat: int = 3) -> dict[str, float]:
    """Time the first sweep of the naive Mesa model, ``repeat`` times, beside the others.

    One table: baseline (a), the naive Mesa model (``NaiveHopfield``: one ``mesa.Agent``
    per node summing ``weight * state`` over networkx neighbours, ``agents.shuffle_do``);
    baseline (b), the hand-written numba loop (``nb_sweeps``); and the project. Each
    naive repetition starts from the same corrupted state on a freshly built model (the
    build is not timed), so all three time the same repair sweep.
    """
    n, patterns, corrupted = res["n"], res["patterns"], res["corrupted"]
    t0 = time.perf_counter()
    graph = hopfield.hebbian_graph(patterns)
    build = time.perf_counter() - t0
    times, ov = [], float("nan")
    for k in range(repeat):
        naive = NaiveHopfield(graph, corrupted, rng=seed + k)
        t0 = time.perf_counter()
        naive.sweep()
        times.append(time.perf_counter() - t0)
        ov = overlap0(patterns, naive.state())
    sweep = float(np.median(times))
    p_one, b_one = res["timings"]["p:one sweep"], res["timings"]["b:one sweep"]
    rows = [
        [f"(a) naive Mesa agents on networkx ({repeat} reps)", fmt_time(sweep), "1x",
         f"{ov:.3f}"],
        ["(b) hand-written numba loop, float32 dense", fmt_time(b_one.median),
         f"{sweep / b_one.median:,.0f}x", f"{res['sanity']['b:one sweep'][1]:.3f}"],
        ["project: compiled engine", fmt_time(p_one.median), f"{sweep / p_one.median:,.0f}x",
         f"{res['sanity']['p:one sweep'][1]:.3f}"],
    ]  # fmt: skip
    print(
        f"\nThe first (repair) sweep at n = {n}, medians (networkx graph of "
        f"{graph.number_of_edges():,} edges built in {build:.1f} s, not timed)"
    )
    print(table(["one sweep", "time", "speed-up over (a)", "overlap after"], rows))
    return {"n": n, "naive_sweep": sweep, "naive_reps": repeat, "project_sweep": p_one.median}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny smoke sizes")
    parser.add_argument("--repeat", type=int, default=None, help="timed repetitions")
    parser.add_argument("--sweeps", type=int, default=20, help="S for run_for(S)")
    parser.add_argument("--no-naive", action="store_true", help="skip baseline (a)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sizes = (200, 500) if args.quick else (2000, 5000)
    repeat = args.repeat or (10 if args.quick else 100)
    sweeps = 5 if args.quick and args.sweeps == 20 else args.sweeps

    print("Asynchronous Hopfield sweeps (times are medians; ratio = project / numba)")
    t0 = time.perf_counter()
    warm_up()
    print(f"numba warm-up (compile or cache load): {time.perf_counter() - t0:.1f} s")
    results = [bench_n(n, sweeps, repeat, args.seed) for n in sizes]
    for res in results:
        print_n(res)
    naive = None if args.no_naive else bench_naive(results[0], args.seed)
    if not args.quick and naive is not None and args.sweeps == 20:
        write_results("hopfield_async", *readme_rows(results, naive), code=CODE)


def readme_rows(results: list[dict[str, Any]], naive: dict[str, float]):
    """The figures and the README rows of a full-size run."""
    med = {r["n"]: {k: v.median for k, v in r["timings"].items()} for r in results}
    rows = [[
        f"Hopfield n = {naive['n']}, the first async sweep from 10% noise",
        fmt_time(naive["project_sweep"]),
        f"naive Mesa agents on networkx ({naive['naive_reps']} reps): "
        f"{fmt_time(naive['naive_sweep'])}",
        f"{naive['naive_sweep'] / naive['project_sweep']:,.0f}× faster (≥ 1000×)",
    ]]  # fmt: skip
    work = ("fresh-model retrieval", "retrieval", "run_for(20)")
    for n, m in med.items():
        rows.append([
            f"Hopfield n = {n}: " + " / ".join(work),
            " / ".join(fmt_time(m["p:" + w]) for w in work),
            "hand-written numba loop: " + " / ".join(fmt_time(m["b:" + w]) for w in work),
            " / ".join(f"{m['p:' + w] / m['b:' + w]:.2f}×" for w in work) + " (≤ 1.5×)",
        ])  # fmt: skip
    return {"medians": med, "naive": naive}, rows


if __name__ == "__main__":
    main()
