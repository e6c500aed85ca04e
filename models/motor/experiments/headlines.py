"""The headline numbers of the motor experiments, with their uncertainty.

What ``neuroagents run`` records in a run's summary and ``docs/motor.md`` quotes
(``docs/results/motor_*.json``, rendered by ``docs/render_numbers.py``).

Pieces:
    rotations_headlines: per population the jPCA numbers (mean over the networks with
        its standard error, and the smallest and largest network); the frequency of the
        network's longest-lived rotating mode; the tangling ratios of muscles to network
        in reaching (per network) and in cycling; each population's median tangling.
    soc_headlines: per network of the stability-optimised experiment (``soc`` and its
        controls ``initial``, ``normal``, ``symmetric``) every measured number, mean over
        the circuits with its range; the optimisation's steps.

Names: ``<population>.<quantity>`` (``network.r2_ratio``, ``tuning.frequency_hz``),
``<…>.min`` / ``<…>.max`` for the range over networks, ``tangling.reach.ratio``,
``tangling.reach.muscles.median_q``; for the SOC ``<network>.<quantity>``
(``soc.r2_ratio``, ``normal.amplification``) and ``soc.steps``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, mean_of

__all__ = ["rotations_headlines", "soc_headlines"]

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
    mode = result.tables["measurements"]["mode_frequency"]
    out |= _with_range(mode, "network.mode_frequency_hz",
                       "frequency of W's longest-lived rotating mode (Hz)")  # fmt: skip
    return out | _median_tangling(q)


def _median_tangling(q: pd.DataFrame) -> dict[str, Headline]:
    """Each population's median Q (reaching: per network, then over networks); tuning/network."""
    out: dict[str, Headline] = {}
    reach = q[q["task"] == "reach"]
    medians = reach.groupby(["repeat", "population"])["q"].median().unstack()
    for population in medians.columns:
        out |= _with_range(medians[population], f"tangling.reach.{population}.median_q",
                           f"reaching: median Q of the {population}")  # fmt: skip
    if "tuning" in medians.columns:
        out |= _with_range(medians["tuning"] / medians["network"],
                           "tangling.reach.tuning_over_network",
                           "reaching: median Q of the tuning / of the network")  # fmt: skip
        above = [
            float(np.mean(part[part["population"] == "muscles"]["q"].to_numpy()
                          > part[part["population"] == "tuning"]["q"].to_numpy()))
            for _, part in reach.groupby("repeat")
        ]  # fmt: skip
        out |= _with_range(pd.Series(above), "tangling.reach.muscles_above_tuning",
                           "reaching: fraction of times muscles above tuning")  # fmt: skip
    cycling = q[q["task"] == "cycling"]
    for population, part in cycling.groupby("population"):
        out[f"tangling.cycling.{population}.median_q"] = exact(
            part["q"].median(), f"cycling: median Q of the {population}", n=len(part)
        )
    return out


_SOC_COLUMNS = {
    "abscissa": "spectral abscissa of W - I after optimisation (1/tau)",
    "initial_abscissa": "spectral abscissa of W - I before optimisation (1/tau)",
    "top_energy": "largest eigenvalue of the observability Gramian Q",
    "mean_energy": "tr Q / N: the energy a random unit state evokes",
    "amplification": "peak |v(t)| / |v(0)|",
    "go_residual": "|v(go) - x_c|: distance from the preparatory state at the go cue",
    "output": "peak muscle deviation / peak network norm, in units of the readout's gain",
    "r2_skew": "R2 of the skew-symmetric fit",
    "r2_unconstrained": "R2 of the unconstrained fit",
    "r2_ratio": "R2_skew / R2_unconstrained",
    "frequency": "jPC plane 1 frequency (Hz)",
    "mode_frequency": "frequency of W's slowest mode (Hz)",
    "same_direction": "fraction of conditions turning the same way",
    "tangling_ratio": "median Q of the muscles / of the network",
    "tangling_frac": "fraction of times the muscles' Q is above the network's",
    "inhibition_ratio": "total inhibitory / total excitatory weight",
}


def soc_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Every measured number per network (mean over the circuits, range); optimisation steps.

    Each circuit is drawn from its own seed, so the circuits are independent: the mean's
    error is s/sqrt(circuits). A number no network of a kind has (the muscles' tangling of
    a network that never reaches its muscles) is left out.
    """
    nets = result.tables["networks"]
    out: dict[str, Headline] = {}
    for network, part in nets.groupby("network", sort=False):
        for column, what in _SOC_COLUMNS.items():
            if column in part and part[column].notna().any():
                out |= _with_range(part[column], f"{network}.{column}", f"{network}: {what}")
    steps = result.tables["history"].groupby("seed")["step"].max() + 1
    out |= _with_range(steps, "soc.steps", "optimisation steps to reach the target abscissa")
    return out
