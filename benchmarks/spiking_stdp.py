"""The cost of plasticity: a plastic E–I network against the same network static, and NEST.

The network: N LIF neurons (``iaf_psc_delta``, Brunel's parameters: τ = 20 ms, θ = 20 mV,
V_r = 10 mV, t_ref = 2 ms), 80% excitatory, each synapse present with p = 0.05 (J = 0.1 mV,
inhibitory −5 J), D = 1.5 ms, dt = 0.1 ms, independent Poisson input per neuron at twice
the threshold rate. Full size N = 4000 (800k synapses), ``--quick`` N = 1000.

Cases, each built untimed, run 100 ms to settle (and compile), then timed over T:
    static: no plasticity (the baseline, measured in the same process);
    stdp_ee: STDP (additive, λ = 0.001, α = 1.05, W = 0.2 mV) on every E→E synapse;
    istdp_ie: Vogels–Sprekeler (η = 0.001, ρ₀ = 5 Hz) on every I→E synapse.
NEST 3.10 runs the same three (``static_synapse``, ``stdp_synapse``,
``vogels_sprekeler_synapse``) on the same synapse list, one thread, in a process of its
own; its random input differs, so the rates are reported beside the times.

Ratios reported: plastic / static for each simulator (the price of plasticity), and
this project / NEST for each case. The machine is shared (up to 8 jobs on 2 cores):
repetitions are interleaved and the median is reported.

Run:
    .venv/bin/python benchmarks/spiking_stdp.py            # N = 4000, T = 1 s, 3 repeats
    .venv/bin/python benchmarks/spiking_stdp.py --quick    # N = 1000, T = 0.5 s
    .venv/bin/python benchmarks/spiking_stdp.py --repeat 2 # fewer repetitions
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from _common import fmt_time, table, time_interleaved, write_results

from neuroagents.sim.spiking import LIFParams, SpikingModel
from neuroagents.sim.spiking.stdp import STDP, VogelsSprekeler

#: The source files whose speed this benchmark measures (recorded with its results).
CODE = (
    "neuroagents/sim/spiking/stdp_kernels.py",
    "neuroagents/sim/spiking/stdp.py",
    "neuroagents/sim/spiking/grid_kernels.py",
    "neuroagents/sim/spiking/type_loops.py",
    "neuroagents/sim/spiking/model.py",
)
P = LIFParams(tau_m=20.0, C_m=250.0, E_L=0.0, V_th=20.0, V_reset=10.0, t_ref=2.0)
J, G, P_CONN, D, DT = 0.1, 5.0, 0.05, 1.5, 0.1
STDP_RULE = STDP(lambda_=0.001, alpha=1.05, w_max=0.2)
ISTDP_RULE = VogelsSprekeler.for_rate(5.0, eta=0.001, w_max=-1.0)
CASES = ("static", "stdp_ee", "istdp_ie")


def network(n: int, seed: int = 0) -> tuple[np.ndarray, int, float]:
    """W[target, source], the number of excitatory neurons, the input rate (Hz)."""
    rng = np.random.default_rng(seed)
    n_e = int(0.8 * n)
    mask = rng.random((n, n)) < P_CONN
    np.fill_diagonal(mask, False)
    W = np.zeros((n, n))
    W[:, :n_e] = np.where(mask[:, :n_e], J, 0.0)
    W[:, n_e:] = np.where(mask[:, n_e:], -G * J, 0.0)
    c_e = P_CONN * n_e
    nu_thr = P.V_th / (J * c_e * P.tau_m) * 1000.0  # Hz per excitatory synapse
    return W, n_e, 2.0 * nu_thr * c_e


def plastic_set(case: str, n: int, n_e: int) -> tuple[object, object]:
    """(rule, plastic) for a case."""
    e, i = list(range(n_e)), list(range(n_e, n))
    return {
        "static": (None, None),
        "stdp_ee": (STDP_RULE, (e, e)),
        "istdp_ie": (ISTDP_RULE, (i, e)),
    }[case]


def ours(case: str, W: np.ndarray, n_e: int, rate: float, v0: np.ndarray) -> SpikingModel:
    rule, plastic = plastic_set(case, W.shape[0], n_e)
    m = SpikingModel(W, params=P, dt=DT, delay=D, v0=v0, plasticity=rule, plastic=plastic, rng=0)
    m.add_poisson_input(rate=rate, weight=J)
    m.run_for(100.0)
    return m


def nests(case: str, model: SpikingModel, n_e: int, rate: float, v0, t: float) -> dict:
    """NEST's build and run times for the same synapse list (one thread, own process)."""
    rule, _ = plastic_set(case, model.n, n_e)
    syn = model.synapses()
    src, tgt = syn["source"].to_numpy(), syn["target"].to_numpy()
    plastic = {
        "static": np.zeros(src.size, bool),
        "stdp_ee": (src < n_e) & (tgt < n_e),
        "istdp_ie": (src >= n_e) & (tgt < n_e),
    }[case]
    spec = None if rule is None else {"synapse_model": rule.nest_model, **rule.nest_params()}
    job = {
        "n": model.n, "dt": DT, "t": t, "warmup": 100.0, "v0": v0.tolist(),
        "params": {"tau_m": P.tau_m, "C_m": P.C_m, "E_L": P.E_L, "V_th": P.V_th,
                   "V_reset": P.V_reset, "t_ref": P.t_ref},
        "synapses": {"source": src.tolist(), "target": tgt.tolist(),
                     "weight": syn["weight"].tolist(), "delay": syn["delay"].tolist(),
                     "plastic": plastic.tolist()},
        "rule": spec, "tau_minus": rule.tau_minus if rule is not None else 20.0,
        "rate": rate, "weight": J,
    }  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "nest.json"
        done = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("_nest_stdp_worker.py")), str(out)],
            input=json.dumps(job), capture_output=True, text=True, timeout=3600, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
        return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=None, help="timed repetitions")
    args = parser.parse_args()
    n, t, repeat = (1000, 500.0, 2) if args.quick else (4000, 1000.0, 3)
    repeat = args.repeat or repeat
    W, n_e, rate = network(n)
    v0 = np.random.default_rng(1).uniform(P.V_reset, P.V_th, n)

    def case(name: str):
        def run(m: SpikingModel) -> float:
            before = m.record.count
            m.run_for(t)
            return (m.record.count - before) / m.n / (t / 1000.0)

        return (lambda: ours(name, W, n_e, rate, v0), run)

    timings = time_interleaved({c: case(c) for c in CASES}, repeat=repeat, warmup=1)
    per_s = {c: timings[c].median / (t / 1000.0) for c in CASES}
    rates = {c: float(np.median(timings[c].outputs)) for c in CASES}
    figures: dict[str, float] = {"N": n, "synapses": int((W != 0).sum()), "simulated_ms": t}
    for c in CASES:
        figures[f"{c}_wall_per_simulated_s"] = per_s[c]
        figures[f"{c}_rate_hz"] = rates[c]
        figures[f"{c}_over_static"] = per_s[c] / per_s["static"]
    rows = [[c, fmt_time(per_s[c]), f"{per_s[c] / per_s['static']:.2f}", f"{rates[c]:.1f}"]
            for c in CASES]  # fmt: skip
    if importlib.util.find_spec("nest") is not None:
        model = ours("static", W, n_e, rate, v0)
        for c in CASES:
            runs = [nests(c, model, n_e, rate, v0, t) for _ in range(repeat)]
            wall = float(np.median([r["run_s"] for r in runs])) / (t / 1000.0)
            figures[f"nest_{c}_wall_per_simulated_s"] = wall
            figures[f"nest_{c}_rate_hz"] = runs[0]["spikes"] / n / (t / 1000.0)
            figures[f"nest_{c}_build_s"] = float(np.median([r["build_s"] for r in runs]))
        nest_static = figures["nest_static_wall_per_simulated_s"]
        for c in CASES:
            nest_wall = figures[f"nest_{c}_wall_per_simulated_s"]
            figures[f"nest_{c}_over_static"] = nest_wall / nest_static
            figures[f"{c}_over_nest"] = per_s[c] / nest_wall
            rows.append([f"NEST {c}", fmt_time(nest_wall),
                         f"{figures[f'nest_{c}_over_static']:.2f}",
                         f"{figures[f'nest_{c}_rate_hz']:.1f}"])  # fmt: skip
    figures["load_average_1min"] = os.getloadavg()[0]  # how shared the machine was
    print(table(["case", "wall / simulated s", "/ static", "rate (Hz)"], rows))
    for c in CASES:
        if f"{c}_over_nest" in figures:
            print(f"{c}: this project / NEST = {figures[f'{c}_over_nest']:.2f}")
    if not args.quick:
        path = write_results("spiking_stdp", figures, readme_rows=[], code=CODE)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
