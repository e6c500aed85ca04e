"""The headline numbers of the rate experiments (all but ``chaos``, which declares its own).

What ``neuroagents run`` records in a run's summary and ``docs/rate.md`` quotes
(``docs/results/rate_*.json``, rendered by ``docs/render_numbers.py``).

Pieces:
    amplifier_headlines: each circuit's top mode (steady state and settling time, theory
        and simulation) and the largest relative errors over all modes.
    integrator_headlines: persistent activity after pulses, the decay across e_1, the
        mistuned circuits' drift times, the oculomotor integrator's drift.
    low_dim_headlines: the 1-D units' sign changes and growth rate; the E-I pair's Hopf
        point, frequency and exponents.
    threshold_linear_headlines: fixed points found and reached, winner-take-all fractions
        (with their value after the first quarter and half of the starts), the CTLN cycle.
    cells_headlines: simple and complex cells' modulation ratios.

These experiments are deterministic computations on one random circuit each (no sample of
networks), so their numbers are exact (``se`` 0); only the winner-take-all fractions are
proportions of random starts, with Wilson intervals.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, share
from neuroagents.runner.table_headlines import cell_headlines, checkpoint_proportions

__all__ = [
    "amplifier_headlines",
    "cells_headlines",
    "integrator_headlines",
    "low_dim_headlines",
    "threshold_linear_headlines",
]


def amplifier_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Mode 1 of every circuit (``lambda<l1>.steady_sim`` ...) and the worst errors."""
    table = result.table
    top = table[table["mode"] == 1]
    columns = ["steady_theory", "steady_sim", "tau_theory", "tau_sim"]
    out = cell_headlines(top, {"lambda1": "lambda"}, columns, "the top mode e_1")
    out["steady_rel_error_max"] = exact(
        table["steady_rel_error"].max(), "largest |sim/theory - 1| of a steady state, all modes"
    )
    out["tau_rel_error_max"] = exact(
        table["tau_rel_error"].max(), "largest |sim/theory - 1| of a settling time, all modes"
    )
    out["modes"] = exact(table.groupby("lambda1").size().min(), "modes of each circuit")
    return out


def integrator_headlines(
    result: ExperimentResult, params: Mapping[str, Any]
) -> dict[str, Headline]:
    """Pulses, the e_2 decay, mistuning drift (``<kind>.eps<e>.tau_sim``), the eye."""
    pulses, eye = result.tables["pulses"], result.tables["eye"]
    out = {
        "pulse_error_max": exact(
            (pulses["c1_late"] - pulses["integral"]).abs().max(),
            "largest |c_1 late - pulse integral| over the pulses",
        ),
        "tau2_sim": exact(pulses.attrs["tau2_sim"], "decay time of a pulse along e_2 (tau)"),
        "tau2_theory": exact(pulses.attrs["tau2_theory"], "tau / (1 - lambda_2)"),
    }
    out.update(
        cell_headlines(
            result.table,
            {"kind": "", "eps": "eps"},
            ["tau_theory", "tau_sim"],
            "mistuned integrator's drift time (tau)",
        )
    )
    out.update(
        cell_headlines(
            eye,
            {"sigma": "sigma"},
            ["lambda1_noisy", "tau_theory", "tau_sim", "t10_sim", "eye_after_saccades"],
            "oculomotor integrator with weight noise",
            prefix="eye.",
        )
    )
    return out


def low_dim_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """1-D sign changes and growth; the Hopf point four ways, frequency, exponents."""
    one_d, hopf = result.tables["one_d"], result.tables["hopf"]
    out = {
        "one_d.max_sign_changes": exact(
            one_d["max_sign_changes"].max(), "most sign changes of dv/dt along a 1-D trajectory"
        ),
        "one_d.growth_rate": exact(
            one_d["growth_rate"].dropna().iloc[0], "growth rate of the linear unit (1/tau)"
        ),
        "one_d.growth_theory": exact(one_d["growth_theory"].dropna().iloc[0], "(w - 1)/tau"),
    }
    out.update(cell_headlines(hopf, {}, list(hopf.columns), "E-I pair", prefix="hopf."))
    return out


def threshold_linear_headlines(
    result: ExperimentResult, params: Mapping[str, Any]
) -> dict[str, Headline]:
    """Fixed points; winner-take-all fractions and their convergence; the CTLN cycle.

    ``wta.<drive>.argmax_wins`` is the fraction of starts whose largest unit won, with
    ``wta.<drive>.first<k>`` the same over the first quarter and half of the starts.
    """
    fp, wta, ctln = result.table, result.tables["wta"], result.tables["ctln"]
    out = {
        "fp.fixed_points": exact(fp["n_fixed_points"].iloc[0], "fixed points (active set)"),
        "fp.stable": exact(fp["n_stable"].iloc[0], "stable fixed points (active set)"),
        "fp.reached": exact(
            fp["fixed_point"].nunique(), "stable fixed points reached from random starts"
        ),
        "fp.starts": exact(len(fp), "random starts"),
        "fp.distance_max": exact(fp["distance"].max(), "largest distance end - fixed point"),
    }
    starts = int(params["starts"])
    checkpoints = sorted({max(1, starts // 4), max(1, starts // 2)})
    for drive, part in wta.groupby("drive", sort=True):
        wins = (part["winner"] == part["argmax_start"]).to_numpy()
        what = f"{drive} drive: starts whose largest unit won"
        out[f"wta.{drive}.argmax_wins"] = share(wins, what)
        out.update(checkpoint_proportions(wins, checkpoints, what, f"wta.{drive}."))
        out[f"wta.{drive}.single_winner"] = share(
            part["active"] == 1, f"{drive} drive: one unit left active"
        )
    row = ctln.iloc[0]
    for name in ("period", "period_rk4", "n_fixed_points", "n_stable_fixed_points"):
        out[f"ctln.{name}"] = exact(row[name], f"CTLN 3-cycle: {name}")
    out["ctln.period_gap"] = exact(
        row["period"] / row["period_rk4"] - 1, "engine period / RK4 period - 1"
    )
    return out


def cells_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """F1/F0 of each layer at the preferred orientation (mean, min, max over its cells)."""
    table = result.tables["modulation"]
    out = cell_headlines(
        table,
        {"layer": ""},
        ["F1_F0", "F1_F0_min", "F1_F0_max", "theory"],
        "modulation ratio at the preferred orientation",
    )
    return out
