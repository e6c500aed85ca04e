"""Retrieval: store random patterns, corrupt each, let the net settle (``retrieval``).

Pieces:
    retrieval_trial: one retrieval on a fresh net, for sweeps over load and noise.
    retrieval_experiment: every stored pattern of one net, pattern 0 step by step.
    RETRIEVAL: the experiment ``runs/hopfield_demo.toml`` runs.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from neuroagents.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.models.hopfield import figures
from neuroagents.models.hopfield.experiments.retrieval_headlines import retrieval_headlines
from neuroagents.models.hopfield.learning_rules import hebbian_weights
from neuroagents.models.hopfield.network import HopfieldModel, corrupt, random_patterns
from neuroagents.runner.config_connectome import (
    ConnectomeParam,
    param_connectome,
    symmetric_mask,
    with_weights,
)
from neuroagents.runner.experiment import Experiment, ExperimentParams, ExperimentResult, Param
from neuroagents.validation import check_int, check_real

__all__ = ["RETRIEVAL", "retrieval_experiment", "retrieval_trial"]


def retrieval_trial(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """One retrieval trial, for sweeps over load and noise.

    Stores ``round(alpha * n)`` random patterns, starts from pattern 0 with a fraction
    ``noise`` of its bits flipped, and runs until stable. For :func:`neuroagents.sweep`.
    Params: ``n``, ``alpha``, ``noise`` (default 0.1), ``scheduler`` (default
    ``"async-sweep"``), ``max_sweeps`` (default 100).

    Returns:
        ``patterns``, ``overlap`` (final, with pattern 0), ``sweeps``, ``converged``,
        ``cycle_length``, ``energy``.

    Examples:
        >>> out = retrieval_trial({"n": 200, "alpha": 0.05}, np.random.default_rng(0))
        >>> out["overlap"], out["converged"]
        (1.0, True)
    """
    n = check_int("n", params["n"], "retrieval_trial", low=2)
    alpha = check_real("alpha", params["alpha"], "retrieval_trial", low=0, low_open=True)
    noise = check_real("noise", params.get("noise", 0.1), "retrieval_trial", low=0, high=1)
    count = max(1, round(alpha * n))
    patterns = random_patterns(n, count, rng)
    model = HopfieldModel(
        Connectome.from_matrix(hebbian_weights(patterns)),
        scheduler=params.get("scheduler", "async-sweep"),
        patterns=patterns,
        rng=rng,
        record_every=None,
    )
    model.set_state(corrupt(patterns[0], round(noise * n), rng))
    report = model.run_until_stable(max_sweeps=params.get("max_sweeps", 100))
    return {
        "patterns": count,
        "overlap": float(model.overlaps()[0]),
        "sweeps": report.steps,
        "converged": report.converged,
        "cycle_length": report.cycle_length,
        "energy": model.energy(),
    }


def retrieval_experiment(params: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Store random patterns, corrupt each, let the net settle, and measure retrieval.

    The table has one row per stored pattern: bits flipped, sweeps to a fixed point
    (or a 2-cycle), overlap before and after, energy before and after. Pattern 0's
    run is also recorded step by step and drawn.
    """
    wiring = param_connectome(params.connectome)
    n = params.n if wiring is None else wiring.n_nodes
    count, flips = params.patterns, params.flips
    if flips > n:
        what = "params.n" if wiring is None else "the connectome's neurons"
        raise ValidationError(f"params.flips must be <= {what} ({n}). Got {flips}.")
    patterns = random_patterns(n, count, rng)
    weights = hebbian_weights(patterns)
    if wiring is None:
        connectome = Connectome.from_matrix(weights, patterns=patterns)
    else:  # a diluted net: Hebb's rule on the wiring's pairs only; node attributes kept
        weights = symmetric_mask(wiring) * weights
        connectome = with_weights(wiring, weights, patterns=patterns)
    rows, trajectory, shown = [], None, None
    for k in tqdm(range(count), desc="retrieving patterns", disable=count < 50, leave=False):
        model = HopfieldModel(
            connectome,
            scheduler=params.scheduler,
            engine=params.engine,
            rng=rng.spawn(1)[0],
            record_every=1 if k == 0 else None,
        )
        start = corrupt(patterns[k], flips, rng)
        model.set_state(start)
        e0, m0 = model.energy(), float(model.overlaps()[k])
        report = model.run_until_stable(max_sweeps=params.max_sweeps)
        rows.append(
            {
                "pattern": k,
                "n": n,
                "alpha": count / n,
                "cue_flips": flips,  # bits flipped in the cue (not neurons flipped in a run)
                "sweeps": report.steps,
                "converged": report.converged,
                "cycle_length": report.cycle_length,
                "overlap_start": m0,
                "overlap_end": float(model.overlaps()[k]),
                "energy_start": e0,
                "energy_end": model.energy(),
            }
        )
        if k == 0:
            trajectory = model.datacollector.get_model_vars_dataframe()
            shown = (patterns[0], start, model.state.copy(), report)
    table = pd.DataFrame(rows)
    if wiring is not None:
        table["connectome"] = params.connectome
    return ExperimentResult(
        table=table,
        summary=_retrieval_summary(table, params, shown[3].describe("sweep"), wiring),
        figures={"retrieval": partial(figures.retrieval_figure, shown, trajectory)},
        tables={"trajectory": trajectory},
    )


def _retrieval_summary(
    table: pd.DataFrame, params: dict[str, Any], first: Any, wiring: Connectome | None = None
) -> str:
    n, count = int(table["n"].iloc[0]), params["patterns"]
    retrieved = int((table["overlap_end"] >= 0.99).sum())
    first_row = table.iloc[0]
    net = ""  # the complete graph, said as before
    if wiring is not None:
        k = symmetric_mask(wiring).sum(axis=1)
        net = (
            f" wired like {params['connectome']!r} (symmetrized, mean degree {k.mean():.1f}; "
            f"p/<k> = {count / k.mean():.3f}),"
        )
    lines = [
        f"Hopfield net: {n} neurons,{net} {count} random patterns stored by Hebb's rule "
        f"(alpha = p/n = {count / n:.3f}; capacity ~ 0.138).",
        f"Each pattern started with {params['flips']} of {n} bits flipped "
        f"(overlap {1 - 2 * params['flips'] / n:.2f}); {params['scheduler']} updates, "
        f"{params['engine']} engine.",
        f"Pattern 0: {first}; overlap {first_row.overlap_start:.3f} -> "
        f"{first_row.overlap_end:.3f}, energy {first_row.energy_start:.1f} -> "
        f"{first_row.energy_end:.1f}.",
        f"Retrieved (final overlap >= 0.99): {retrieved}/{count} patterns; mean final "
        f"overlap {table['overlap_end'].mean():.3f}; median sweeps "
        f"{table['sweeps'].median():g}.",
    ]
    cycles = int((table["cycle_length"] == 2).sum())
    if cycles:
        lines.append(f"{cycles} run(s) ended in a synchronous 2-cycle instead of a fixed point.")
    return "\n".join(lines)


RETRIEVAL = Experiment(
    name="retrieval",
    description="store random patterns, corrupt them, retrieve by async dynamics",
    params={
        "n": Param(400, "number of neurons", low=2),
        "patterns": Param(20, "number of stored random patterns", low=1),
        "flips": Param(60, "bits flipped in each starting state (the table's cue_flips)", low=0),
        "scheduler": Param(
            "async-sweep",
            "update order",
            choices=("async-sweep", "async-site", "fixed-order", "sync", "poisson"),
        ),
        "engine": Param("compiled", "compiled or agents", choices=("compiled", "agents")),
        "max_sweeps": Param(50, "sweep budget per retrieval", low=1),
        "connectome": ConnectomeParam(
            "",
            'wiring ("" = complete graph of n): a name or a file; n is then its size',
            excludes=("n",),
        ),
    },
    run=retrieval_experiment,
    headlines=retrieval_headlines,
    quick={"n": 100, "patterns": 5, "flips": 10},
)
