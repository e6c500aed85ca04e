"""Write the numbers and figures of docs/spiking.md's peer comparison (NEST, Brian2).

Runs the ``peers`` experiment of ``neuroagents.models.spiking`` (the optional extra
``peers`` installed) for Brunel's AI state at full size (N = 12,500; with the NEST
V_reset = 0 mV control), Brette et al.'s benchmark 2 (CUBA) and benchmark 4 (voltage
jumps, precise spike times) at full size, and writes ``docs/spiking_peers_results.json``
(with the commit: per network and simulator the means and standard errors over seeds,
the comparison rows and the verdict) and ``docs/figures/spiking_peers_<network>.png``;
then unconnected neurons under Brunel's drive in the three simulators (the check of one
step's semantics), into ``docs/spiking_peers_isolated.json``.

Run (about half an hour on 2 busy cores):
    .venv/bin/python docs/examples/spiking_peers_results.py [--quick]
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd

from neuroagents.io import save_figure, write_json
from neuroagents.models.spiking import BrunelParams
from neuroagents.models.spiking.experiments.peers import CONTROL, PEERS
from neuroagents.models.spiking.peer_verdict import agree, compare_simulators
from neuroagents.models.spiking.peers import (
    MEASURES,
    brunel_network,
    measure,
    run_ours,
    run_peer,
)

DOCS = Path(__file__).resolve().parents[1]
# Brian2 on numpy: the same equations as its Cython target (on one small network and seed
# Cython and cpp_standalone gave identical rates here), without a cold compilation per
# process under load; benchmarks/spiking_peers.py times Cython and C++.
CASES = {
    "cuba": {"network": "cuba", "seeds": 5},
    "cuba_events": {"network": "cuba_events", "seeds": 4, "warmup": 100.0, "duration": 500.0},
    "brunel_ai": {"network": "brunel", "seeds": 3},
}
BRIAN2 = {"brian2_target": "numpy"}


def plain(value: object) -> object:
    """JSON-friendly scalars (no numpy types, NaN as null)."""
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and value != value else value


def run(name: str, overrides: dict, quick: bool) -> dict:
    """One network in the three simulators: means, comparison, verdict, seconds."""
    config = {k: p.default for k, p in PEERS.params.items()} | overrides | BRIAN2
    if quick:
        config |= dict(PEERS.quick)
    start = time.perf_counter()
    result = PEERS.run(config, np.random.default_rng(0))
    seconds = time.perf_counter() - start
    table, comparison = result.table, result.tables["comparison"]
    groups = table.groupby("simulator", sort=False)
    simulators = {
        sim: {
            **{m: plain(runs[m].mean()) for m in MEASURES},
            **{f"{m}_se": plain(runs[m].std(ddof=1) / np.sqrt(len(runs))) for m in MEASURES},
            "runs": len(runs),
            "N": int(runs["N"].iloc[0]),
        }
        for sim, runs in groups
    }
    peers = comparison[comparison["simulator"] != CONTROL]
    control = comparison[comparison["simulator"] == CONTROL]
    for figure in result.figures.values():
        save_figure(figure, DOCS / "figures" / f"spiking_peers_{name}.png")
    print(result.summary)
    return {
        "config": {k: plain(v) if not isinstance(v, list) else v for k, v in config.items()},
        "simulators": simulators,
        "comparison": [
            {k: plain(v) for k, v in row.items()} for row in comparison.to_dict("records")
        ],
        "agree": agree(peers),
        "worst_t_over_critical": plain((peers["t"].abs() / peers["critical"]).max()),
        "control_flagged": None if control.empty else not agree(control),
        "seconds": round(seconds, 1),
    }


def isolated(quick: bool) -> dict:
    """Brunel's AI drive into unconnected neurons (N = 2500): refractoriness and input alone.

    Without recurrent synapses the rate depends only on the drive, the integration, the
    threshold and the refractory period: the check that one step means the same in the
    three simulators (it found Brian2's refractory period one step short; see its worker).
    """
    net = brunel_network(BrunelParams(N_E=2000, N_I=500))
    net = dataclasses.replace(net, name="isolated", w_e=0.0, w_i=0.0)
    seeds = [int(g.integers(2**31 - 2)) for g in np.random.default_rng(0).spawn(3)]
    warmup, duration = 100.0, (300.0 if quick else 1000.0)
    runs = [run_ours(net, s, warmup, duration) for s in seeds]
    runs += run_peer("nest", net, seeds, warmup, duration)
    runs += run_peer("brian2", net, seeds, warmup, duration, target="numpy")
    table = pd.DataFrame(
        [{"simulator": r.simulator, "seed": r.seed, **measure(r, net, warmup, warmup + duration)}
         for r in runs]
    )  # fmt: skip
    comparison = compare_simulators(table, ["rate_e", "rate_i", "cv"])
    print(table.groupby("simulator")[["rate_e", "rate_i", "cv"]].mean())
    return {
        "simulators": {
            sim: {
                **{m: plain(g[m].mean()) for m in ("rate_e", "rate_i", "cv")},
                **{f"{m}_se": plain(g[m].std(ddof=1) / np.sqrt(len(g))) for m in ("rate_e", "cv")},
                "runs": len(g),
            }
            for sim, g in table.groupby("simulator")
        },
        "agree": agree(comparison),
        "worst_t_over_critical": plain((comparison["t"].abs() / comparison["critical"]).max()),
    }


def main() -> None:
    """Run the three networks (and the unconnected neurons) and write the results files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="quick sizes, nothing written")
    parser.add_argument(
        "--only", choices=("networks", "isolated"), help="only the networks, or only isolated"
    )
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=DOCS
    ).stdout.strip()
    if args.only != "isolated":
        results = {name: run(name, overrides, args.quick) for name, overrides in CASES.items()}
        if not args.quick:
            write_json({"commit": commit, "networks": results}, DOCS / "spiking_peers_results.json")
    if args.only != "networks":
        checked = isolated(args.quick)
        if not args.quick:
            write_json({"commit": commit, **checked}, DOCS / "spiking_peers_isolated.json")


if __name__ == "__main__":
    main()
