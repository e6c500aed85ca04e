"""Event-driven E–I agents: events per second against a numba loop and Mesa's own events.

The network: the lecture's E–I example as ``ei.EIModel`` builds it: n_E = 8000, n_I =
2000 (n = 10,000), p = 0.05, "e-drives-i" wiring (4.8M synapses of ±1), T_E = 20,
T_I = 30, tau_E = 20, tau_I = 1, started at the balanced fixed point (E ≈ 0.063,
I ≈ 0.141), where about 4% of updates flip a neuron. One event is one neuron update
(its Poisson clock rings; it compares its input with its threshold; if it flips, its
out-neighbours' inputs change by ±w).

The project: ``EIModel(..., record_every=None).run_for(T)`` with the compiled engine;
events are counted by ``model.update_counts``. The model keeps running across
repetitions (it stays in the balanced regime), so no setup is timed.

Baseline (a), a hand-written numba event loop: the same CSR out-edge arrays of the
same connectome, the same state; inside one numba function it draws the next event
time (exponential gap at the total rate), picks the neuron (population by its share
of the rate, then uniformly within it), applies the threshold rule and propagates a
flip over the out-edges. Its random numbers come from numba's generator, so it does
not follow the project's trajectory, only the same dynamics. Target: the project
within 1.5× of it.

Baseline (b), Mesa's own event list: one ``mesa.Agent`` per neuron and one
``model.schedule_event(neuron.fire, after=Exp(tau))`` per update; ``fire`` applies
the rule to the neuron's input (kept in a numpy array, updated with a vectorised
``field[out] += delta * w`` on a flip) and schedules the neuron's next update. It is
slow, so it runs at n = 1000 (n_E = 800, n_I = 200, p = 0.5: the same mean inputs)
for a short time; events per second hardly depend on n here (a flip's propagation is
a vector operation either way), and the table says which n each case used.

Memory per synapse: the connectome's weight and index arrays (in-edges and
out-edges, CSR) per synapse, and the growth of the process's resident memory while the
n = 10,000 connectome is built, per synapse.

Run:
    .venv/bin/python benchmarks/ei_events.py            # n = 10,000
    .venv/bin/python benchmarks/ei_events.py --quick    # n = 2000, short runs
"""

from __future__ import annotations

import argparse
import gc
import time

import mesa
import numpy as np
from _common import fmt_bytes, rss_bytes, table, time_interleaved, write_results
from numba import njit

from neuroagents.models import ei

THETA_E, THETA_I, TAU_E, TAU_I = 20.0, 30.0, 20.0, 1.0
E_STAR, I_STAR = 0.0631, 0.1407

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/sim/kernels.py",
    "neuroagents/sim/type_kernels.py",
    "neuroagents/sim/rules.py",
    "neuroagents/sim/engines.py",
    "neuroagents/sim/schedulers.py",
    "models/ei/network.py",
)


# ---------------------------------------------------------------------- baseline (a)
@njit(cache=True)
def nb_events(state, field, theta, n_e, tau_e, tau_i, until, indptr, indices, weights, seed):
    """Poisson clocks by superposition, threshold rule, incremental inputs; returns events."""
    np.random.seed(seed)  # noqa: NPY002 - numba's own generator, seeded inside the loop
    n = state.shape[0]
    n_i = n - n_e
    rate_e, rate_i = n_e / tau_e, n_i / tau_i
    total = rate_e + rate_i
    t = 0.0
    events = 0
    while True:
        t += np.random.exponential(1.0 / total)  # noqa: NPY002
        if t > until:
            return events
        u = np.random.random() * total  # noqa: NPY002
        if u < rate_e:
            i = int(u / rate_e * n_e)
        else:
            i = n_e + int((u - rate_e) / rate_i * n_i)
        if i >= n:
            i = n - 1
        events += 1
        new = 1.0 if field[i] > theta[i] else 0.0
        if new != state[i]:
            delta = new - state[i]
            state[i] = new
            for e in range(indptr[i], indptr[i + 1]):
                field[indices[e]] += delta * weights[e]


# ---------------------------------------------------------------------- baseline (b)
class MesaNeuron(mesa.Agent):
    """A neuron that updates when its own Mesa event fires, then schedules the next."""

    def __init__(self, model: MesaEI, index: int, tau: float) -> None:
        super().__init__(model)
        self.index = index
        self.tau = tau

    def fire(self) -> None:
        """Apply the threshold rule now and schedule this neuron's next update."""
        m = self.model
        i = self.index
        m.events += 1
        new = 1.0 if m.field[i] > m.theta[i] else 0.0
        if new != m.state[i]:
            delta = new - m.state[i]
            m.state[i] = new
            lo, hi = m.indptr[i], m.indptr[i + 1]
            m.field[m.indices[lo:hi]] += delta * m.weights[lo:hi]
        m.schedule_event(self.fire, after=m.rng.exponential(self.tau))


class MesaEI(mesa.Model):
    """The E–I network on Mesa's event list: one scheduled event per neuron update."""

    def __init__(self, source: ei.EIModel, seed: int) -> None:
        super().__init__(rng=seed)
        self.indptr, self.indices, self.weights = out_edges(source)
        self.state = source.state.copy()
        self.field = source.input.copy()
        self.theta = source.threshold.copy()
        self.events = 0
        for i in range(source.n):
            neuron = MesaNeuron(self, i, float(source.tau[i]))
            self.schedule_event(neuron.fire, after=self.rng.exponential(neuron.tau))


# ---------------------------------------------------------------------- cases
def balanced_model(n_e: int, n_i: int, p: float, seed: int = 0) -> ei.EIModel:
    return ei.EIModel(
        n_e=n_e, n_i=n_i, p=p, tau_e=TAU_E, tau_i=TAU_I, theta_e=THETA_E, theta_i=THETA_I,
        e0=E_STAR, i0=I_STAR, rng=seed, record_every=None,
    )  # fmt: skip


def out_edges(model: ei.EIModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR out-edges (indptr, target indices, weights) from the public in-weight matrix."""
    out = model.connectome.to_scipy().T.tocsr()
    return out.indptr.astype(np.int64), out.indices.astype(np.int64), out.data.astype(float)


def events_per_second(timings, counts) -> float:
    return float(np.sum(counts) / np.sum(timings.seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, short runs")
    args = parser.parse_args()
    n_e, n_i, p = (1600, 400, 0.25) if args.quick else (8000, 2000, 0.05)
    duration = 100.0 if args.quick else 500.0
    repeat = 3 if args.quick else 5

    gc.collect()
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    model = balanced_model(n_e, n_i, p)
    build = time.perf_counter() - t0
    gc.collect()
    grown = rss_bytes() - rss0
    c = model.connectome
    model.run_for(50.0)  # compile and settle

    indptr, indices, nb_weights = out_edges(model)
    nb_state = model.state.copy()
    nb_field = model.input.copy()
    nb_theta = model.threshold.copy()
    nb_events(nb_state, nb_field, nb_theta, n_e, TAU_E, TAU_I, 1.0, indptr, indices,
              nb_weights, 0)  # fmt: skip
    nb_counts, project_counts, seeds = [], [], iter(range(1, 10_000))

    def run_project(_):
        before = int(model.update_counts.sum())
        model.run_for(duration)
        project_counts.append(int(model.update_counts.sum()) - before)

    def run_numba(_):
        count = nb_events(nb_state, nb_field, nb_theta, n_e, TAU_E, TAU_I, duration, indptr,
                          indices, nb_weights, next(seeds))  # fmt: skip
        nb_counts.append(count)

    cases = {"project": (lambda: None, run_project), "numba": (lambda: None, run_numba)}
    timings = time_interleaved(cases, repeat=repeat, warmup=1)
    project_counts, nb_counts = project_counts[-repeat:], nb_counts[-repeat:]
    eps_project = events_per_second(timings["project"], project_counts)
    eps_numba = events_per_second(timings["numba"], nb_counts)

    # Mesa: n = 1000 with the same mean inputs, a short run.
    small = balanced_model(800, 200, 0.5, seed=1)
    mesa_model = MesaEI(small, seed=2)
    mesa_until = 5.0 if args.quick else 100.0
    t0 = time.perf_counter()
    mesa_model.run_until(mesa_until)
    mesa_seconds = time.perf_counter() - t0
    eps_mesa = mesa_model.events / mesa_seconds
    # The project at the same n, for a like-for-like ratio.
    small.run_for(50.0)
    before = int(small.update_counts.sum())
    t0 = time.perf_counter()
    small.run_for(200.0)
    small_events = int(small.update_counts.sum()) - before
    eps_small = small_events / (time.perf_counter() - t0)

    print(
        f"E–I event-driven agents: n = {n_e + n_i:,} (n_E = {n_e}, n_I = {n_i}), p = {p}, "
        f"{c.n_edges:,} synapses, started at the balanced fixed point."
    )
    flips = model.flips_total / max(int(model.update_counts.sum()), 1)
    print(f"Connectome built in {build:.2f} s; {flips:.1%} of updates flip a neuron.")
    print()
    rows = [
        ("neuroagents (compiled engine)", f"{n_e + n_i:,}", f"{np.mean(project_counts):,.0f}",
         f"{eps_project / 1e6:.2f} M", "1.00"),
        ("hand-written numba loop", f"{n_e + n_i:,}", f"{np.mean(nb_counts):,.0f}",
         f"{eps_numba / 1e6:.2f} M", f"{eps_project / eps_numba:.2f}"),
        ("neuroagents (compiled engine)", "1,000", f"{small_events:,}",
         f"{eps_small / 1e6:.2f} M", "1.00"),
        ("Mesa schedule_event, 1 event/update", "1,000", f"{mesa_model.events:,}",
         f"{eps_mesa / 1e6:.3f} M", f"{eps_small / eps_mesa:.0f}"),
    ]  # fmt: skip
    print(table(["case", "n", "events (a run)", "events/s", "project / case"], rows))
    print()
    print(f"The project runs at {eps_project / eps_numba:.2f}× the speed of the hand-written "
          f"numba loop (target: ≥ 1/1.5 = 0.67×) and {eps_small / eps_mesa:.0f}× the speed of "
          "Mesa's event list.")  # fmt: skip
    print()
    per_syn = c.bytes_per_synapse
    print(table(
        ["memory", "total", "per synapse"],
        [("connectome arrays (CSR in + out, float32 + int32)", fmt_bytes(c.nbytes),
          f"{per_syn:.1f} B"),
         ("process RSS growth while building (incl. allocator slack)", fmt_bytes(grown),
          f"{grown / c.n_edges:.1f} B")],
    ))  # fmt: skip
    if not args.quick:
        figures = {
            "n": n_e + n_i,
            "events_per_s": eps_project,
            "numba_events_per_s": eps_numba,
            "n_small": 1000,
            "events_per_s_small": eps_small,
            "mesa_events_per_s": eps_mesa,
        }
        rows = [
            [f"E–I Poisson clocks, n = {n_e + n_i:,}, p = {p}",
             f"{eps_project / 1e6:.1f}M events/s",
             f"hand-written numba event loop: {eps_numba / 1e6:.1f}M/s",
             f"{eps_project / eps_numba:.2f}× its speed (≥ 1/1.5)"],
            ["E–I Poisson clocks, n = 1000", f"{eps_small / 1e6:.1f}M events/s",
             f"Mesa `schedule_event` per update: {eps_mesa / 1e6:.3f}M/s",
             f"{eps_small / eps_mesa:.0f}× faster"],
        ]  # fmt: skip
        write_results("ei_events", figures, rows, code=CODE)
    print(f"(Median times: project {timings['project'].median:.3f} s, numba "
          f"{timings['numba'].median:.3f} s per {duration:g} time units; Mesa {mesa_seconds:.2f} s "
          f"for {mesa_until:g} time units.)")  # fmt: skip


if __name__ == "__main__":
    main()
