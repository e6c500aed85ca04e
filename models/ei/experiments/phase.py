"""Phase diagrams over (T_E, T_I) and (τ_E/τ_I, p), agents and mean field side by side.

Pieces:
    phase_point: one grid point, agents and mean field (one sweep run).
    phase_experiment: the two grids through :func:`neuroagents.sweeps.sweep`.
    PHASE: the experiment ``phase``.
"""

from __future__ import annotations

import functools
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.connectome import Connectome
from neuroagents.models.ei.experiments.headlines import phase_headlines
from neuroagents.models.ei.experiments.parameters import TAU_RATIO, network_params
from neuroagents.models.ei.figures import phase_figure
from neuroagents.models.ei.mean_field import MeanField
from neuroagents.models.ei.measures import (
    OUTCOMES,
    balanced_point,
    classify_outcome,
    overshoots,
    run_duration,
)
from neuroagents.models.ei.network import EIModel, build_connectome
from neuroagents.models.ei.params import EIParams
from neuroagents.runner.experiment import Experiment, ExperimentParams, ExperimentResult, Param

__all__ = ["PHASE", "phase_experiment", "phase_point"]


@functools.lru_cache(maxsize=2)
def _cached_connectome(n_e: int, n_i: int, p: float, preset: str, graph_seed: int) -> Connectome:
    params = EIParams(n_e=n_e, n_i=n_i, p=p, preset=preset)
    return build_connectome(params, np.random.default_rng([graph_seed, n_e, n_i]))


def phase_point(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """One point of the phase diagram: agents and mean field at these parameters.

    Runs for ``run_duration(params, duration)`` from (e0, i0) on the graph of
    (n_e, n_i, p, preset, graph_seed) (built once and reused across the points that
    share it), with its own clock and initial-state randomness from ``rng``.

    Args:
        params: ``n_e``, ``n_i``, ``p``, ``tau_ratio``, ``tau_i``, ``theta_e``,
            ``theta_i``, ``e0``, ``i0``, ``preset``, ``duration`` (in τ_E),
            ``graph_seed`` and ``engine``.
        rng: this run's generator.

    Returns:
        For ``agents`` and ``ode``: final E and I (mean of the last quarter), the
        peak-to-peak swing of E there, the outcome (and ``outcome_<source>_half``, the
        outcome of the run's first half) and the overshoots of E; and the
        balanced fixed point's E, I, kind and largest real part of its eigenvalues
        (NaN and ``"none"`` if there is none).

    Examples:
        >>> out = phase_point({"n_e": 800, "n_i": 200, "p": 0.5, "tau_ratio": 20.0,
        ...     "tau_i": 1.0, "theta_e": 20.0, "theta_i": 30.0, "e0": 0.2, "i0": 0.0,
        ...     "preset": "e-drives-i", "duration": 5.0, "graph_seed": 0,
        ...     "engine": "compiled"}, np.random.default_rng(0))
        >>> out["outcome_ode"], out["fp_kind"]
        ('steady', 'stable focus')
    """
    keys = ("n_e", "n_i", "p", "tau_i", "theta_e", "theta_i", "e0", "i0", "preset")
    ei = EIParams(
        **{k: params[k] for k in keys},
        tau_e=params["tau_ratio"] * params["tau_i"],
        where="phase_point",
    )
    graph = _cached_connectome(
        ei.n_e, ei.n_i, float(ei.p), str(ei.preset), int(params["graph_seed"])
    )
    model = EIModel.from_params(
        ei,
        rng=rng,
        engine=params["engine"],
        connectome=graph,
    )
    model.run_until(run_duration(ei, params["duration"]))
    agents = model.rates()
    mf = MeanField(ei)
    ode = mf.solve(times=agents["time"].to_numpy())
    point = balanced_point(mf)
    out: dict[str, Any] = {
        "fp_E": float("nan") if point is None else float(point.E),
        "fp_I": float("nan") if point is None else float(point.I),
        "fp_kind": "none" if point is None else str(point.kind),
        "fp_re": float("nan") if point is None else float(point.re1),
        "fp_im": float("nan") if point is None else abs(float(point.im1)),
    }
    for source, course in (("agents", agents), ("ode", ode)):
        tail = course.iloc[len(course) * 3 // 4 :]
        out[f"E_{source}"] = float(tail["E"].mean())
        out[f"I_{source}"] = float(tail["I"].mean())
        out[f"swing_{source}"] = float(np.ptp(tail["E"]))
        out[f"outcome_{source}"] = classify_outcome(course["E"], course["I"])
        # the same verdict on the run's first half: does the run length decide it?
        half = course.iloc[: len(course) // 2]
        out[f"outcome_{source}_half"] = classify_outcome(half["E"], half["I"])
        out[f"overshoots_{source}"] = overshoots(course, source, mf, point, 0.01)
    return out


def phase_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Phase diagrams over (T_E, T_I) and over (τ_E/τ_I, p), agents and mean field.

    Each grid point is :func:`phase_point`; the grids run through
    :func:`neuroagents.sweeps.sweep` (one tidy table, ``seeds`` runs a point).
    """
    from neuroagents.sweeps import sweep

    fixed = {
        k: config[k] for k in ("n_e", "n_i", "e0", "i0", "tau_i", "preset", "duration", "engine")
    }
    fixed["graph_seed"] = int(rng.integers(2**31))
    root = int(rng.integers(2**31))
    tables = {}
    grids = {
        "thresholds": (
            {"theta_e": config.theta_e_values, "theta_i": config.theta_i_values},
            {"p": config.p, "tau_ratio": config.tau_ratio},
        ),
        "ratio_p": (
            {"p": config.p_values, "tau_ratio": config.tau_ratio_values},
            {"theta_e": config.theta_e, "theta_i": config.theta_i},
        ),
    }
    for name, (grid, extra) in grids.items():
        frame = sweep(
            phase_point,
            grid=grid,
            seeds=config.seeds,
            params={**fixed, **extra},
            backend=config.backend,
            root_seed=root,
            progress=False,
            on_failure="raise",
        )
        tables[name] = frame.assign(grid=name)
    table = pd.concat(tables.values(), ignore_index=True)
    table = table.drop(columns=[c for c in ("error", "traceback") if c in table])
    figures = {
        "phase_thresholds": partial(
            phase_figure,
            tables["thresholds"],
            "theta_e",
            "theta_i",
            "threshold T_E",
            "threshold T_I",
        ),
        "phase_ratio_p": partial(
            phase_figure,
            tables["ratio_p"],
            "tau_ratio",
            "p",
            "τ_E / τ_I",
            "connection probability p",
        ),
    }
    return ExperimentResult(table=table, summary=_phase_summary(tables, config), figures=figures)


def _phase_summary(tables: dict[str, pd.DataFrame], config: dict[str, Any]) -> str:
    lines = [
        f"Phase diagrams, n_E = {config['n_e']}, n_I = {config['n_i']}, start "
        f"({config['e0']}, {config['i0']}), {config['seeds']} seed(s) a point."
    ]
    for name, frame in tables.items():
        same = (frame["outcome_agents"] == frame["outcome_ode"]).mean()
        steady = frame[(frame["outcome_agents"] == "steady") & (frame["outcome_ode"] == "steady")]
        err = (steady["E_agents"] - steady["E_ode"]).abs()
        lines.append(
            f"  {name}: {len(frame)} runs; agents and ODE reach the same outcome in "
            f"{same:.0%}; where both are steady, |E_agents − E_ode| has median "
            f"{err.median():.4f} and max {err.max():.4f}."
        )
        counts = frame["outcome_agents"].value_counts().reindex(OUTCOMES, fill_value=0)
        lines.append("    agents' outcomes: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return "\n".join(lines)


PHASE = Experiment(
    name="phase",
    description="phase diagrams over (T_E, T_I) and (tau_E/tau_I, p), agents and ODE",
    params=network_params(
        tau_ratio=Param(TAU_RATIO, "tau_E/tau_I of the threshold grid", low=1e-9),
        theta_e_values=Param([10.0 + 2.5 * k for k in range(13)], "T_E grid"),
        theta_i_values=Param([15.0 + 3.0 * k for k in range(12)], "T_I grid"),
        p_values=Param([0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1], "p grid"),
        tau_ratio_values=Param(
            [1.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0, 30.0, 40.0], "tau_E/tau_I grid"
        ),
        seeds=Param(1, "agent runs per grid point", low=1),
        backend=Param("serial", "sweep backend", choices=("serial", "processes", "dask")),
    ),
    run=phase_experiment,
    headlines=phase_headlines,
    quick={
        "n_e": 800,
        "n_i": 200,
        "p": 0.5,
        "theta_e_values": [15.0, 25.0],
        "theta_i_values": [20.0, 40.0],
        "p_values": [0.25, 0.5],
        "tau_ratio_values": [2.0, 20.0],
        "duration": 6.0,
    },
)
