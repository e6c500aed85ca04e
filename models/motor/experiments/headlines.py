"""The headline numbers of the motor experiments, with their uncertainty.

What ``neuroagents run`` records in a run's summary and ``docs/motor.md`` quotes
(``docs/results/motor_*.json``, rendered by ``docs/render_numbers.py``).

Pieces:
    rotations_headlines: per population the jPCA numbers (mean over the networks with
        its standard error, and the smallest and largest network); the tangling ratios
        of muscles to network in reaching (per network) and in cycling.

Names: ``<population>.<quantity>`` (``network.r2_ratio``, ``tuning.frequency_hz``),
``<…>.min`` / ``<…>.max`` for the range over networks, ``tangling.reach.ratio``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, mean_of

__all__ = ["rotations_headlines"]

_JPCA = {
    "r2_skew": "R2 of the skew-symmetric fit",
    "r2_unconstrained": "R2 of the unconstrained fit",
    "r2_ratio": "R2_skew / R2_unconstrained",
    "frequency_hz": "jPC plane 1 frequency (Hz)",
    "same_direction": "fraction of conditions turning the same way",
}


def _with_range(values: pd.Series, name: str, what: str) -> dict[str, Headline]:
    x = values.to_numpy(float)
    return {
        name: mean_of(x, f"{what}, mean over networks"),
        f"{name}.min": exact(np.min(x), f"{what}, smallest network", n=len(x)),
        f"{name}.max": exact(np.max(x), f"{what}, largest network", n=len(x)),
    }


def _muscle_over_network(q: pd.DataFrame, task: str) -> tuple[float, float]:
    a = q[(q["task"] == task) & (q["population"] == "muscles")]["q"].to_numpy()
    b = q[(q["task"] == task) & (q["population"] == "network")]["q"].to_numpy()
    return float(np.median(a) / np.median(b)), float(np.mean(a > b))


def rotations_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """JPCA per population and tangling ratios, over the networks."""
    jp = result.tables["jpca"].assign(frequency_hz=lambda t: 1000 * t["frequency_1"])
    out: dict[str, Headline] = {}
    for population, part in jp.groupby("population", sort=False):
        for column, what in _JPCA.items():
            out |= _with_range(part[column], f"{population}.{column}", f"{population}: {what}")
    q = result.tables["tangling"]
    reach = pd.DataFrame(
        [_muscle_over_network(part, "reach") for _, part in q.groupby("repeat")],
        columns=["ratio", "above"],
    )
    out |= _with_range(reach["ratio"], "tangling.reach.ratio",
                       "reaching: median Q of the muscles / of the network")  # fmt: skip
    out |= _with_range(reach["above"], "tangling.reach.above",
                       "reaching: fraction of times the muscles' Q is above")  # fmt: skip
    ratio, above = _muscle_over_network(q, "cycling")
    out["tangling.cycling.ratio"] = exact(ratio, "cycling: median Q of the muscles / network")
    out["tangling.cycling.above"] = exact(above, "cycling: fraction of times muscles above")
    return out
