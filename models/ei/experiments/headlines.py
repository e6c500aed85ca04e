"""The headline numbers of the E-I experiments.

What ``neuroagents run`` records in a run's summary and ``docs/ei.md`` quotes
(``docs/results/ei_*.json``, rendered by ``docs/render_numbers.py``).

Pieces:
    agreement_headlines: per setting, with GT at T + 1/2 (``corrected``) and at T
        (``uncorrected``), the RMS over the run of (agents - ODE) / sigma_LNA for E and I,
        and the agents' late mean E beside the ODE's end point.

Each setting is one agent run: its RMS is a time average over that run, so no standard
error across runs is stated (``se`` is NaN, ``n`` = 1); about 1 means "the ODE plus
finite-size noise".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline

__all__ = ["agreement_headlines"]


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
