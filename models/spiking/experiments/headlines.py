"""The headline numbers of the spiking experiments, with their uncertainty.

What ``neuroagents run`` records in a run's summary and ``docs/spiking.md`` quotes
(``docs/results/spiking_*.json``, rendered by ``docs/render_numbers.py``).

Pieces:
    brunel_headlines: per measure of :class:`~neuroagents.models.spiking.states.StateMeasures`
        (rates, CV, Fano factor, chi, spectral peak, the Siegert rate) its mean over the
        config's networks; the E rate's and the I rate's relative distance from the Siegert
        fixed point and from each other; the fraction of networks that show the state.
    brunel_window_headlines: the same verdict and its measures over the first quarter and
        half of each run (does the verdict depend on the run length?).
    vogels_headlines: the single neuron of Vogels et al. (2011): output rate and co-tuning
        before and after learning (mean over seeds), the fraction of seeds that reproduce
        the paper's claims, at the end and at the run's checkpoints.

A run of ``seeds = 1`` measures one network: its numbers have no standard error across
networks (NaN, n = 1); each is already an average over thousands of neurons and a second
of activity.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, mean_of, share

__all__ = ["brunel_headlines", "brunel_window_headlines", "vogels_headlines"]

_BRUNEL_MEASURES = {
    "rate_e": "excitatory rate (Hz)",
    "rate_i": "inhibitory rate (Hz)",
    "cv": "mean CV of inter-spike intervals",
    "fano": "Fano factor of spike counts in 50 ms windows",
    "chi": "Golomb's synchrony chi of the membrane potentials",
    "peak_hz": "frequency of the population rate's spectral peak (Hz)",
}


def brunel_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Brunel's measures (mean over networks), distances from theory, the verdict's share.

    ``rate_e_vs_theory`` is ν_E / ν_Siegert − 1 and ``rate_i_vs_e`` is ν_I / ν_E − 1
    (relative, per network, then averaged); ``theory_rate`` is the Siegert fixed point
    (NaN in SR, where the mean field has none); ``shows_state`` is the fraction of networks
    whose verdict holds, with its Wilson interval.
    """
    table = result.table
    out = {
        name: mean_of(table[name], f"{what}, mean over networks")
        for name, what in _BRUNEL_MEASURES.items()
    }
    out["theory_rate"] = exact(
        table["theory_rate"].iloc[0], "Siegert fixed point of the mean field (Hz)"
    )
    out["rate_e_vs_theory"] = mean_of(
        table["rate_e"] / table["theory_rate"] - 1.0,
        "excitatory rate / Siegert fixed point - 1, mean over networks",
    )
    out["rate_i_vs_e"] = mean_of(
        table["rate_i"] / table["rate_e"] - 1.0,
        "inhibitory rate / excitatory rate - 1, mean over networks",
    )
    out["interval_ms"] = mean_of(
        1000.0 / table["rate_e"], "mean inter-spike interval 1000 / rate_e (ms)"
    )
    out["shows_state"] = share(table["shows_state"], "fraction of networks that show the state")
    if "windows" in result.tables:
        out.update(brunel_window_headlines(result.tables["windows"]))
    return out


def brunel_window_headlines(windows: pd.DataFrame) -> dict[str, Headline]:
    """The verdict and the measures it rests on over each shorter window of the runs.

    Named ``window<ms>.<measure>`` (``window250.shows_state``): the fraction of networks
    whose verdict holds when only the run's first ``ms`` are measured, and the mean CV, chi,
    E rate and spectral peak there.
    """
    out: dict[str, Headline] = {}
    for window, group in windows.groupby("window_ms"):
        name = f"window{window:g}"
        out[f"{name}.shows_state"] = share(
            group["shows_state"],
            f"fraction of networks that show the state over the first {window:g} ms",
        )
        for measure in ("rate_e", "cv", "chi", "peak_hz"):
            out[f"{name}.{measure}"] = mean_of(
                group[measure], f"{_BRUNEL_MEASURES[measure]} over the first {window:g} ms"
            )
    return out


_VOGELS_MEASURES = {
    "rate_initial": "output rate over the first second (Hz)",
    "rate_final": "output rate over the last 20% of the run (Hz)",
    "corr_before": "correlation of per-channel E and I drive before learning",
    "corr_after": "correlation of per-channel E and I drive after learning",
    "depth_before": "inhibitory drive max/min across channels before learning",
    "depth_after": "inhibitory drive max/min across channels after learning",
}


def vogels_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Rates and co-tuning (mean over seeds), the share of seeds that reproduce the paper.

    ``reproduced`` is the fraction of seeds whose verdict holds (Wilson interval);
    ``at<s>s.*`` the same verdict, rate and co-tuning at a checkpoint ``s`` seconds in.
    """
    table = result.table
    out = {
        name: mean_of(table[name], f"{what}, mean over seeds")
        for name, what in _VOGELS_MEASURES.items()
    }
    out["reproduced"] = share(table["reproduced"], "fraction of seeds that reproduce the paper")
    checkpoints = result.tables.get("checkpoints")
    if checkpoints is not None and len(checkpoints):
        for time_ms, group in checkpoints.groupby("time_ms"):
            name = f"at{time_ms / 1000:g}s"
            out[f"{name}.reproduced"] = share(
                group["reproduced"],
                f"fraction of seeds that reproduce the paper at {time_ms / 1000:g} s",
            )
            for measure in ("rate_final", "corr_after", "depth_after"):
                out[f"{name}.{measure}"] = mean_of(
                    group[measure], f"{_VOGELS_MEASURES[measure]}, at {time_ms / 1000:g} s"
                )
    return out
