"""Experiment ``threshold_linear``: fixed points, winners and cycles of ``[h + M v - T]+``.

Pieces:
    settle: run a threshold-linear model from a state until it stops moving.
    fixed_point_trial: (a) every fixed point by the active-set method against where
        simulations from random starts end.
    wta_trial: (b) a winner-take-all circuit: which unit wins from which start.
    ctln_trial: (c) the Curto-Morrison 3-cycle: period and order of activation.
    THRESHOLD_LINEAR: the experiment.

(a) A network with mutual inhibition, ``M = -beta (1 1^T - I) + noise`` and drive
around 1, has several stable fixed points; the active-set method
(:func:`~neuroagents.models.rate.theory.active_set_fixed_points`) lists them all, and
each simulation must end on one of the stable ones. (b) ``M = alpha I - beta (1 1^T -
I)`` with equal drive: while two units are active ``d(v_i - v_j)/dt = (alpha + beta -
1)(v_i - v_j)``, and the target ``[.]+`` keeps their order otherwise, so the unit that
starts highest wins. (c) The CTLN of the cycle 0 -> 1 -> 2 -> 0 has no stable fixed
point (the active-set method finds one, unstable) and a limit cycle visiting 0, 1, 2.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.analysis.limit_cycles import activation_order, cycle_of, limit_cycle
from neuroagents.models.rate.circuits import ThresholdLinear
from neuroagents.models.rate.experiments.headlines import threshold_linear_headlines
from neuroagents.models.rate.figures import threshold_linear_figure
from neuroagents.models.rate.network import (
    ctln_weights,
    record_states,
    winner_take_all_weights,
)
from neuroagents.models.rate.theory import active_set_fixed_points
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = ["THRESHOLD_LINEAR", "ctln_trial", "fixed_point_trial", "settle", "wta_trial"]


def settle(model: Any, v0: np.ndarray, max_time: float = 500.0, tol: float = 1e-10) -> np.ndarray:
    """Set ``v0`` and run until ``max |dv/dt| < tol`` (or ``max_time``); the final state."""
    model.set_state(v0)
    steps = int(max_time / model.dt)
    model.run_until_stable(max_sweeps=steps, tol=tol)
    return np.array(model.state)


def fixed_point_trial(config: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Active-set fixed points against the ends of runs from random starts (a row each)."""
    n = config["n_fp"]
    M = -config["beta"] * (np.ones((n, n)) - np.eye(n)) + rng.normal(0.0, 0.1, (n, n))
    np.fill_diagonal(M, 0.0)
    h = rng.uniform(0.8, 1.2, n)
    points = active_set_fixed_points(M, h)
    stable = [p for p in points if p.stable]
    model = ThresholdLinear(M, h, dt=config["dt"])
    rows = []
    for trial in range(config["starts"]):
        end = settle(model, rng.uniform(0.0, 2.0, n))
        dist = [float(np.max(np.abs(end - p.state))) for p in stable]
        best = int(np.argmin(dist))
        rows.append(
            {
                "trial": trial,
                "fixed_point": best,
                "support": str(stable[best].support),
                "distance": dist[best],
                "n_fixed_points": len(points),
                "n_stable": len(stable),
                "end": end,
                "theory": stable[best].state,
            }
        )
    return pd.DataFrame(rows)


def wta_trial(config: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Winner-take-all from random starts, equal and unequal drive: winner vs theory."""
    n = config["n_wta"]
    M = winner_take_all_weights(n, config["alpha"], config["beta"])
    rows = []
    for label, h in (("equal", np.ones(n)), ("graded", np.linspace(1.0, 1.2, n))):
        model = ThresholdLinear(M, h, dt=config["dt"])
        winners = {p.support[0]: p for p in active_set_fixed_points(M, h) if p.stable}
        for _ in range(config["starts"]):
            v0 = rng.uniform(0.0, 2.0, n)
            end = settle(model, v0)
            winner = int(np.argmax(end))
            expected = winners.get(winner)
            rows.append(
                {
                    "drive": label,
                    "winner": winner,
                    "argmax_start": int(np.argmax(v0)),
                    "active": int(np.sum(end > 1e-9)),
                    "distance": float(np.max(np.abs(end - expected.state))) if expected else np.inf,
                }
            )
    return pd.DataFrame(rows)


def ctln_trial(
    config: dict[str, Any], rng: np.random.Generator
) -> tuple[dict[str, Any], pd.DataFrame]:
    """The CTLN 3-cycle simulated by the engine and by RK4: period, order, fixed points."""
    M = ctln_weights(3, [(0, 1), (1, 2), (2, 0)], config["eps"], config["delta"])
    h = np.ones(3)
    points = active_set_fixed_points(M, h)
    model = ThresholdLinear(M, h, dt=config["dt"])
    model.set_state(rng.uniform(0.0, 0.5, 3))
    transient, span = 100.0, config["cycle_time"]
    model.run_until(transient)
    times = transient + np.arange(0.0, span, config["dt"] * 5)
    states = record_states(model, times)
    engine = cycle_of(times, states)
    order = activation_order(times, states, engine.period)
    order = order[order.index(0) :] + order[: order.index(0)]  # a cycle: start at unit 0
    reference = limit_cycle(model, states[-1], dt=0.002, transient=0.0, duration=span / 2)
    row = {
        "periodic": engine.periodic,
        "period": engine.period,
        "period_sd": engine.period_sd,
        "period_rk4": reference.period,
        "order": str(order),
        "amplitude": float(engine.amplitude.max()),
        "n_fixed_points": len(points),
        "n_stable_fixed_points": sum(p.stable for p in points),
    }
    last = times >= times[-1] - 3 * engine.period
    course = pd.DataFrame({"time": times[last], **{f"v{i}": states[last, i] for i in range(3)}})
    return row, course


def threshold_linear_experiment(
    config: ExperimentParams, rng: np.random.Generator
) -> ExperimentResult:
    """(a) fixed points, (b) winner-take-all, (c) the CTLN limit cycle."""
    fp = fixed_point_trial(config, rng.spawn(1)[0])
    wta = wta_trial(config, rng.spawn(1)[0])
    cycle, course = ctln_trial(config, rng.spawn(1)[0])
    reached = fp.groupby("fixed_point").size()
    compare = pd.DataFrame(
        {
            "theory": np.concatenate(fp["theory"].to_list()),
            "sim": np.concatenate(fp["end"].to_list()),
        }
    )
    fp = fp.drop(columns=["theory", "end"])
    wta_summary = (
        wta.groupby("drive")
        .agg(
            runs=("winner", "size"),
            winner_is_argmax_start=(
                "winner",
                lambda w: float(np.mean(w == wta.loc[w.index, "argmax_start"])),
            ),
            single_winner=("active", lambda a: float(np.mean(a == 1))),
            max_distance=("distance", "max"),
        )
        .reset_index()
    )
    summary = (
        f"(a) {fp['n_fixed_points'].iloc[0]} fixed points by the active-set method, "
        f"{fp['n_stable'].iloc[0]} stable; {len(fp)} runs from random starts ended at "
        f"{reached.size} of them, max distance {fp['distance'].max():.2e}\n"
        "(b) winner-take-all\n"
        + format_table(wta_summary, list(wta_summary.columns))
        + "\n(c) CTLN 3-cycle: period {period:.4f} (engine) vs {period_rk4:.4f} (RK4), "
        "order {order}, {n_fixed_points} fixed point(s), {n_stable_fixed_points} stable".format(
            **cycle
        )
    )
    figure = partial(threshold_linear_figure, compare, wta, course, cycle["period"])
    return ExperimentResult(
        fp,
        summary,
        {"threshold_linear": figure},
        {"wta": wta, "wta_summary": wta_summary, "ctln": pd.DataFrame([cycle])},
    )


THRESHOLD_LINEAR = Experiment(
    name="threshold_linear",
    description="active-set fixed points, winner-take-all basins, the CTLN 3-cycle",
    params={
        "n_fp": Param(6, "neurons of the fixed-point network (a)", low=2, high=14),
        "n_wta": Param(4, "neurons of the winner-take-all circuit (b)", low=2, high=14),
        "alpha": Param(0.5, "self-excitation (b)", low=0.0, high=0.999),
        "beta": Param(1.5, "mutual inhibition (a, b)", low=0.0),
        "eps": Param(0.25, "CTLN: W = -1 + eps along edges (c)", low=0.0),
        "delta": Param(0.5, "CTLN: W = -1 - delta elsewhere (c)", low=0.0),
        "dt": Param(0.01, "exponential-Euler step", low=1e-6),
        "starts": Param(60, "random starts (a, b)", low=1),
        "cycle_time": Param(100.0, "time over which the cycle is measured (c)", low=10.0),
    },
    run=threshold_linear_experiment,
    headlines=threshold_linear_headlines,
    quick={"starts": 20, "cycle_time": 40.0},
)
