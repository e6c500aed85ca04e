"""One network in this project, NEST and Brian2, over several seeds, and whether they agree.

Pieces:
    network_of: the PeerNetwork a config names (Brunel's model A in one of its states,
        or Brette et al.'s benchmark 2 or 4).
    peers_experiment: run the network in each simulator for ``seeds`` seeds, measure
        (E and I rates, CV, spectral peak), compare each peer's means with this
        project's (:func:`~neuroagents.models.spiking.peer_verdict.compare_simulators`),
        and, for Brunel's network, run NEST's example configuration (V_reset = 0 mV)
        as a control the comparison must flag.
    PEERS: the experiment ``runs/spiking_peers.toml``, ``runs/spiking_cuba.toml`` and
        ``runs/spiking_cuba_events.toml`` run.

A peer that is not installed (the optional extra ``peers``) is left out and named in the
summary.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.spiking.brunel import STATES, WIRINGS, BrunelParams
from neuroagents.models.spiking.figures import peers_figure
from neuroagents.models.spiking.peer_verdict import agree, compare_simulators
from neuroagents.models.spiking.peers import (
    MEASURES,
    NETWORKS,
    SIMULATORS,
    PeerNetwork,
    PeerRun,
    brunel_network,
    measure,
    run_ours,
    run_peer,
)
from neuroagents.runner.experiment import Experiment, ExperimentResult, Param, format_table

__all__ = ["PEERS", "network_of", "peers_experiment"]

CONTROL = "nest, V_reset 0 mV"
PACKAGES = {"nest": "nest", "brian2": "brian2"}


def network_of(config: dict[str, Any]) -> PeerNetwork:
    """The network a config names."""
    if config["network"] == "brunel":
        g, nu_ratio = STATES[config["state"]]
        params = BrunelParams(
            N_E=config["n_e"], N_I=config["n_i"], epsilon=config["epsilon"], g=g,
            nu_ratio=nu_ratio, wiring=config["wiring"],
        )  # fmt: skip
        return brunel_network(params, name=f"brunel_{config['state']}")
    return NETWORKS[config["network"]](wiring=config["wiring"], scale=config["scale"])


def _runs(
    simulator: str, net: PeerNetwork, seeds: list[int], config: dict[str, Any]
) -> list[PeerRun]:
    warmup, duration = config["warmup"], config["duration"]
    if simulator == "neuroagents":
        return [run_ours(net, s, warmup, duration) for s in seeds]
    return run_peer(simulator, net, seeds, warmup, duration, target=config["brian2_target"])


def _rows(runs: list[PeerRun], label: str, net: PeerNetwork, config: dict) -> list[dict]:
    start = config["warmup"]
    stop = start + config["duration"]
    return [
        {
            "network": net.name,
            "simulator": label,
            "seed": k,
            "N": net.n,
            **measure(run, net, start, stop),
            "build_s": run.meta.get("build_s", np.nan),
            "run_s": run.meta.get("run_s", np.nan),
            "synapses": run.meta.get("synapses", -1),
        }
        for k, run in enumerate(runs)
    ]


def peers_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Run ``config["network"]`` in each simulator for ``config["seeds"]`` seeds; compare."""
    net = network_of(config)
    seeds = [int(g.integers(2**31 - 2)) for g in rng.spawn(config["seeds"])]
    wanted = [s for s in SIMULATORS if s in config["simulators"]]
    missing = [s for s in wanted if s in PACKAGES and importlib.util.find_spec(s) is None]
    rows: list[dict] = []
    first: dict[str, PeerRun] = {}
    for sim in (s for s in wanted if s not in missing):
        runs = _runs(sim, net, seeds, config)
        rows += _rows(runs, sim, net, config)
        first[sim] = runs[0]
    control = config["network"] == "brunel" and config["control"] and "nest" not in missing
    if control:  # NEST's brunel_delta_nest.py resets to 0 mV: the comparison must see it
        changed = dataclasses.replace(net, params=dataclasses.replace(net.params, V_reset=0.0))
        rows += _rows(_runs("nest", changed, seeds, config), CONTROL, net, config)
    table = pd.DataFrame(rows)
    compared = table[table["simulator"] != CONTROL]
    comparison = compare_simulators(compared, MEASURES, reference="neuroagents")
    lines = [
        f"{net.name}: N = {net.n} ({net.n_e} E + {net.n_i} I), in-degrees {net.c_e} + "
        f"{net.c_i}, {net.wiring} wiring, {net.neuron}, {net.timing} timing, dt = {net.dt:g} "
        f"ms; {len(seeds)} seeds per simulator, measured over {config['duration']:g} ms "
        f"after {config['warmup']:g} ms.",
        format_table(
            table.groupby("simulator", sort=False)[list(MEASURES)].mean().reset_index(),
            ["simulator", *MEASURES],
        ),
        "Each peer against this project (Welch's t over seeds, Bonferroni, alpha = 0.01):",
        format_table(
            comparison,
            [
                "simulator",
                "measure",
                "mean",
                "reference_mean",
                "relative",
                "t",
                "critical",
                "agree",
            ],
        ),
        f"Verdict: the simulators {'agree' if agree(comparison) else 'DO NOT agree'} "
        "within sampling error.",
    ]
    if control:
        check = compare_simulators(table[table["simulator"].isin(["neuroagents", CONTROL])],
                                   MEASURES)  # fmt: skip
        comparison = pd.concat([comparison, check], ignore_index=True)
        flagged = not agree(check)
        lines.append(
            f"Control, NEST with V_reset = 0 mV (its example's value): "
            f"{'flagged as different' if flagged else 'NOT flagged: the comparison lacks power'}."
        )
    if missing:
        lines.append(f"Not installed (the optional extra 'peers'): {', '.join(missing)}.")
    figure = peers_figure(table, MEASURES, title=f"{net.name}: {len(seeds)} seeds each")
    return ExperimentResult(
        table=table,
        summary="\n".join(lines),
        figures={f"peers_{net.name.lower()}": figure},
        tables={"comparison": comparison},
    )


PEERS = Experiment(
    name="peers",
    description="one network in this project, NEST and Brian2 over seeds: rates, CV, peak",
    params={
        "network": Param("brunel", "brunel, cuba or cuba_events", choices=("brunel", *NETWORKS)),
        "state": Param("AI", "Brunel's state (network = brunel)", choices=tuple(STATES)),
        "n_e": Param(10_000, "Brunel: excitatory neurons", low=1),
        "n_i": Param(2_500, "Brunel: inhibitory neurons", low=1),
        "epsilon": Param(0.1, "Brunel: connection probability", low=0.0, high=1.0),
        "scale": Param(1.0, "Brette: population sizes times this", low=0.01, high=10.0),
        "wiring": Param("fixed-indegree", "fixed in-degree or binomial", choices=WIRINGS),
        "simulators": Param(list(SIMULATORS), "which simulators run", choices=SIMULATORS),
        "brian2_target": Param("cython", "Brian2's code generation", choices=("numpy", "cython")),
        "control": Param(True, "Brunel: also NEST with its example's V_reset = 0 mV"),
        "warmup": Param(200.0, "time before measuring (ms)", low=0.0),
        "duration": Param(1000.0, "measured time (ms)", low=50.0),
        "seeds": Param(5, "runs per simulator (independent networks and inputs)", low=2),
    },
    run=peers_experiment,
    quick={
        "n_e": 2000,
        "n_i": 500,
        "scale": 0.25,
        "seeds": 3,
        "warmup": 100.0,
        "duration": 500.0,
        "brian2_target": "numpy",
    },
)
