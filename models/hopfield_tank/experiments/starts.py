"""One instance, many starts: the trial every Hopfield-Tank experiment sweeps.

Pieces:
    NETWORK_PARAMS: the network's experiment parameters (the 1985 values as defaults).
    network_params: those parameters as a TankParams.
    run_starts: ``starts`` runs from the paper's initial condition, one row per run.
    with_ratios: a table of tour lengths divided by the optimum.
    random_instance: random cities and their exact optimum (Held-Karp).
    network_trial: a random instance and the runs on it (what the sweeps run).
    outcome_summary: runs pooled by some columns: outcome fractions, length ratios.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.hopfield_tank.network import OUTCOMES, TankModel, TankParams
from neuroagents.models.hopfield_tank.tsp import (
    distance_matrix,
    held_karp,
    random_cities,
    random_tour,
    tour_length,
)
from neuroagents.runner.experiment import Param

__all__ = [
    "NETWORK_PARAMS",
    "network_params",
    "network_trial",
    "outcome_summary",
    "random_instance",
    "run_starts",
    "with_ratios",
]

OPTIMAL = 1 + 1e-9
"""A length ratio at most this is the optimum (rounding of equal sums)."""

NETWORK_PARAMS: dict[str, Param] = {
    "cities": Param(10, "cities per instance", low=3, high=12),
    "A": Param(500.0, "row penalty A", low=0),
    "B": Param(500.0, "column penalty B", low=0),
    "C": Param(200.0, "global (1985) or corner (rowcol) penalty C", low=0),
    "D": Param(500.0, "tour-length weight D", low=0),
    "u0": Param(0.02, "gain scale u0 of V = 1/2 (1 + tanh(u/u0))", low=1e-6),
    "n_prime": Param(15.0, "global target n' of the 1985 energy", low=0),
    "form": Param("1985", "energy form", choices=("1985", "rowcol")),
    "dt": Param(1e-5, "integration step", low=1e-8),
    "t_end": Param(0.03, "integration time per run (3000 steps at dt = 1e-5)", low=1e-6),
    "noise": Param(0.1, "start noise, uniform in +- noise * u0", low=0),
}


def network_params(params: dict[str, Any]) -> TankParams:
    """The TankParams named by an experiment's (or a trial's) parameters."""
    keys = ("A", "B", "C", "D", "u0", "n_prime", "form")
    return TankParams(**{k: params[k] for k in keys if k in params})


def run_starts(
    d: np.ndarray, optimum: float, params: dict[str, Any], rng: np.random.Generator
) -> pd.DataFrame:
    """``params["starts"]`` runs of the network on distances ``d``, one row per run.

    Returns:
        Rows with ``start``, ``outcome`` (valid / invalid / unsettled), ``valid``,
        ``ambiguous``, ``on``, ``length`` and ``ratio`` (length / optimum, NaN unless
        valid) and ``optimal``.
    """
    model = TankModel(
        d, network_params(params), dt=params.get("dt", 1e-5), rng=rng, record_every=None
    )
    rows = []
    for start in range(int(params["starts"])):
        model.paper_start(params.get("noise", 0.1))
        model.run_for(params.get("t_end", 0.03))
        out = model.decode()
        length = tour_length(out["tour"], d) if out["valid"] else np.nan
        rows.append(
            {
                "start": start,
                "outcome": out["outcome"],
                "valid": out["valid"],
                "ambiguous": out["ambiguous"],
                "on": out["on"],
                "length": length,
            }
        )
    return with_ratios(pd.DataFrame(rows), optimum)


def with_ratios(table: pd.DataFrame, optimum: float) -> pd.DataFrame:
    """Add ``optimum``, ``ratio`` (length / optimum) and ``optimal`` to a table of tours."""
    table["optimum"] = optimum
    table["ratio"] = table["length"] / optimum
    table["optimal"] = table["ratio"] <= OPTIMAL
    return table


def random_instance(params: dict[str, Any], rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """Distances between ``params["cities"]`` random cities and their optimal length."""
    d = distance_matrix(random_cities(int(params.get("cities", 10)), rng))
    return d, held_karp(d)[0]


def network_trial(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """A random instance and ``starts`` runs of the network on it (:func:`run_starts`).

    Params: ``cities``, ``starts``, the network's (:data:`NETWORK_PARAMS`), and
    ``random_tours`` (how many random tours to measure as a floor, default 0): rows with
    ``start = -1`` and outcome ``"random"``.
    """
    d, optimum = random_instance(params, rng)
    runs = run_starts(d, optimum, params, rng)
    tours = [random_tour(len(d), rng) for _ in range(int(params.get("random_tours", 0)))]
    if not tours:
        return runs
    floor = pd.DataFrame({"start": -1, "outcome": "random", "valid": True, "ambiguous": 0,
                          "on": len(d), "length": [tour_length(t, d) for t in tours]})  # fmt: skip
    return pd.concat([runs, with_ratios(floor, optimum)], ignore_index=True)


def outcome_summary(runs: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Network runs pooled by ``by``: outcome fractions and length ratios of valid tours.

    Columns: ``runs``, ``valid``, ``invalid``, ``unsettled`` (fractions),
    ``ambiguous_valid`` (fraction of valid runs with a still-graded neuron),
    ``ratio_mean``, ``ratio_median``, ``ratio_best``, ``optimal`` (fraction of all runs
    that found the optimum) and ``valid_sem`` (binomial standard error of ``valid``).
    """
    net = runs[runs["outcome"] != "random"]
    rows = []
    for key, g in net.groupby(list(by), sort=True):
        key = key if isinstance(key, tuple) else (key,)
        valid = g[g["valid"]]
        row = dict(zip(by, key, strict=True))
        count = len(g)
        frac = {o: float((g["outcome"] == o).mean()) for o in OUTCOMES}
        row.update(runs=count, **frac)
        row["valid_sem"] = float(np.sqrt(frac["valid"] * (1 - frac["valid"]) / count))
        row["ambiguous_valid"] = float((valid["ambiguous"] > 0).mean()) if len(valid) else np.nan
        row["ratio_mean"] = float(valid["ratio"].mean()) if len(valid) else np.nan
        row["ratio_median"] = float(valid["ratio"].median()) if len(valid) else np.nan
        row["ratio_best"] = float(valid["ratio"].min()) if len(valid) else np.nan
        row["optimal"] = float(g["optimal"].mean())
        rows.append(row)
    return pd.DataFrame(rows)
