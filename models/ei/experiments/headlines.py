"""The headline numbers of the E-I experiments.

What ``neuroagents run`` records in a run's summary and ``docs/ei.md`` quotes
(``docs/results/ei_*.json``, rendered by ``docs/render_numbers.py``).

Pieces:
    agreement_headlines: per setting, with GT at T + 1/2 (``corrected``) and at T
        (``uncorrected``), the RMS over the run of (agents - ODE) / sigma_LNA for E and I,
        and the agents' late mean E beside the ODE's end point.
    phase_headlines: per phase diagram, the fraction of points where agents and ODE reach
        the same outcome (with the same on the runs' first halves, and on the grid at
        half its resolution) and how far their E lies apart where both settle.
    balance_headlines: the balanced point, the basin and Hopf ratios, the runs at
        tau_E/tau_I = 1, 5, 20, the agents' runaway fraction per scanned ratio, the band
        power near the Hopf point.

Each setting is one agent run: its RMS is a time average over that run, so no standard
error across runs is stated (``se`` is NaN, ``n`` = 1); about 1 means "the ODE plus
finite-size noise".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, share

__all__ = ["agreement_headlines", "balance_headlines", "phase_headlines"]


def agreement_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """RMS z of E and I per setting and GT threshold; late E of agents and ODE."""
    out: dict[str, Headline] = {}
    for row in result.table.itertuples():
        gt = "corrected" if row.continuity else "uncorrected"
        key = f"{row.setting}.{gt}"
        for pop in ("E", "I"):
            out[f"{key}.rms_z_{pop}"] = Headline(
                getattr(row, f"rms_z_{pop}"), math.nan, 1,
                f"{row.setting}, GT at {'T + 1/2' if row.continuity else 'T'}: RMS over the "
                f"run of ({pop} agents - ODE) / sigma_LNA (one run)",
            )  # fmt: skip
        out[f"{key}.E_ode_end"] = Headline(
            row.E_ode_end, 0.0, None, f"{row.setting}, GT {gt}: the ODE's E at the end"
        )
        if row.continuity:
            out[f"{row.setting}.E_agents_late"] = Headline(
                row.E_agents_late, math.nan, 1, f"{row.setting}: agents' mean E, second half"
            )
    return out


def _agreement(frame: pd.DataFrame, prefix: str, what: str) -> dict[str, Headline]:
    """Points where agents and ODE reach the same outcome, over the whole and half runs."""
    same = frame["outcome_agents"] == frame["outcome_ode"]
    same_half = frame["outcome_agents_half"] == frame["outcome_ode_half"]
    return {
        f"{prefix}agreement": share(same, f"{what}: agents and ODE reach the same outcome"),
        f"{prefix}agreement_half_run": share(
            same_half, f"{what}: the same, judged on the runs' first half"
        ),
    }


def _every_other(frame: pd.DataFrame, axes: tuple[str, str]) -> pd.DataFrame:
    """The points of a grid at half its resolution (every other value on both axes)."""
    keep = frame
    for axis in axes:
        values = np.sort(frame[axis].unique())[::2]
        keep = keep[keep[axis].isin(values)]
    return keep


def phase_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Agreement of agents and ODE on each diagram (``thresholds.``, ``ratio_p.``).

    ``<grid>.agreement`` over all points, ``.agreement_half_run`` with both judged on the
    first half of each run (run-length convergence), ``.coarse.agreement`` on every other
    grid value of both axes (resolution); ``.steady_diff_median`` / ``_max``: |E_agents -
    E_ODE| where both settle.
    """
    out: dict[str, Headline] = {}
    axes = {"thresholds": ("theta_e", "theta_i"), "ratio_p": ("tau_ratio", "p")}
    for grid, frame in result.table.groupby("grid", sort=True):
        what = f"{grid} diagram"
        out.update(_agreement(frame, f"{grid}.", what))
        coarse = _every_other(frame, axes[grid])
        out.update(_agreement(coarse, f"{grid}.coarse.", f"{what} at half resolution"))
        out[f"{grid}.points"] = exact(len(frame), f"{what}: grid points")
        both = frame[(frame["outcome_agents"] == "steady") & (frame["outcome_ode"] == "steady")]
        diff = (both["E_agents"] - both["E_ode"]).abs()
        out[f"{grid}.steady_diff_median"] = exact(
            diff.median(), f"{what}: median |E_agents - E_ODE| where both settle", n=len(both)
        )
        out[f"{grid}.steady_diff_max"] = exact(
            diff.max(), f"{what}: largest |E_agents - E_ODE| where both settle", n=len(both)
        )
    return out


def balance_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Landmarks of the mean field, the three time-course runs, the scan, the bands.

    Names: ``fixed_point_E`` ..., ``r<ratio>.<source>.E_final`` / ``.I_final`` /
    ``.overshoots`` / ``.swing`` (peak-to-peak E over the last quarter) / ``.rms_z_E`` /
    ``.rms_z_I`` (agents only), ``scan.agents.settled_E_min`` / ``_max`` (where the agent
    runs of the scan that did not run away ended), ``scan.r<ratio>.
    agents_runaway`` (fraction of the agent runs that ran away), ``<run>.<source>.
    <band>`` (fraction of E's variance in the band) and ``.peak_hz``.
    """
    landmarks = result.tables["landmarks"].iloc[0]
    out = {
        name: exact(landmarks[name], f"mean field: {name}")
        for name in ("fixed_point_E", "fixed_point_I", "basin_ratio", "hopf_ratio", "hopf_hz")
    }
    courses = result.tables["timecourses"]
    for row in result.table.itertuples():
        key = f"r{row.ratio:g}.{row.source}"
        out[f"{key}.E_final"] = exact(row.E_final, f"{key}: mean E over the last quarter")
        out[f"{key}.I_final"] = exact(row.I_final, f"{key}: mean I over the last quarter")
        out[f"{key}.overshoots"] = exact(row.overshoots_E, f"{key}: overshoots of E")
        course = courses[(courses["ratio"] == row.ratio) & (courses["source"] == row.source)]
        tail = course["E"].iloc[len(course) * 3 // 4 :]
        out[f"{key}.swing"] = exact(float(np.ptp(tail)), f"{key}: E's swing, last quarter")
        for pop in ("E", "I"):  # agents against the ODE, in finite-size standard deviations
            z = getattr(row, f"rms_z_{pop}", float("nan"))
            if np.isfinite(z):
                out[f"{key}.rms_z_{pop}"] = exact(z, f"{key}: RMS (agents - ODE)/sigma of {pop}")
    scan = result.tables["overshoot_scan"]
    settled = scan[(scan["source"] == "agents") & (scan["outcome"] != "runaway")]["E_final"]
    if len(settled):
        what = "scan: E where the agent runs that did not run away ended"
        out["scan.agents.settled_E_min"] = exact(settled.min(), f"{what}, lowest", len(settled))
        out["scan.agents.settled_E_max"] = exact(settled.max(), f"{what}, highest", len(settled))
    for ratio, part in scan[scan["source"] == "agents"].groupby("ratio", sort=True):
        out[f"scan.r{ratio:g}.agents_runaway"] = share(
            part["outcome"] == "runaway", f"tau_E/tau_I = {ratio:g}: agent runs that ran away"
        )
    for row in result.tables["band_power"].itertuples():
        key = f"{row.run}.{row.source}"
        band = str(row.band).replace(" ", "_")
        out[f"{key}.{band}"] = exact(row.fraction, f"{key}: fraction of E's variance, {row.band}")
        out[f"{key}.peak_hz"] = exact(row.peak_hz, f"{key}: spectral peak (Hz)")
    return out
