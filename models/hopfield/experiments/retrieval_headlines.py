"""The headline numbers of the ``retrieval`` experiment, with their uncertainty.

What ``neuroagents run`` records in a run's summary for ``runs/hopfield_demo.toml`` and
``runs/wiring_hopfield_retrieval.toml`` (the latter quoted by ``docs/connectomes.md``).

Pieces:
    retrieval_headlines: per stored pattern the cue's and the final overlap, the share of
        neurons that end wrong and the sweeps to the fixed point; over the patterns the
        fraction retrieved exactly (Wilson interval), the mean final overlap, the range of
        the wrong shares, and whether every run reached a fixed point.

Names: ``pattern<k>.<what>`` and ``all.<what>``. One net's patterns are the sample: the
fraction retrieved is a proportion over them, not over networks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.summaries import Headline, exact, mean_of, share

__all__ = ["retrieval_headlines"]


def retrieval_headlines(result: ExperimentResult, params: Mapping[str, Any]) -> dict[str, Headline]:
    """Final overlaps and wrong shares per pattern; the fraction retrieved exactly."""
    table = result.table
    wrong = (1 - table["overlap_end"]) / 2  # overlap m = 1 - 2 (wrong bits) / n
    out: dict[str, Headline] = {}
    for row, wrong_share in zip(table.itertuples(), wrong, strict=True):
        key = f"pattern{int(row.pattern)}"
        out[f"{key}.overlap_start"] = exact(row.overlap_start, f"{key}: the cue's overlap")
        out[f"{key}.overlap_end"] = exact(row.overlap_end, f"{key}: final overlap")
        out[f"{key}.wrong_share"] = exact(wrong_share, f"{key}: share of neurons that end wrong")
        out[f"{key}.sweeps"] = exact(row.sweeps, f"{key}: sweeps until the state stopped")
    patterns = len(table)
    out["all.retrieved_exactly"] = share(table["overlap_end"] >= 1.0, "patterns retrieved exactly")
    out["all.overlap_end"] = mean_of(table["overlap_end"], "final overlap, mean over patterns")
    out["all.wrong_share_min"] = exact(wrong.min(), "smallest share of neurons wrong", patterns)
    out["all.wrong_share_max"] = exact(wrong.max(), "largest share of neurons wrong", patterns)
    out["all.converged"] = exact(table["converged"].mean(), "runs at a fixed point", patterns)
    out["all.sweeps_max"] = exact(table["sweeps"].max(), "most sweeps of a run", patterns)
    return out
