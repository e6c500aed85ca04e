"""Write the numbers and figures of docs/plasticity_spikes.md: Song (2000) and Vogels (2011).

Runs the ``stdp_song`` and ``stdp_vogels`` experiments of ``neuroagents.models.spiking``
at their full sizes (the configs' parameters) with three seeds each, and writes
``docs/plasticity_results.json`` (with the commit: every row of both tables, and the
means and standard deviations over seeds) and ``docs/figures/stdp_{song,vogels}.png``.
docs/plasticity_spikes.md quotes its Song numbers; its Vogels numbers come from the run
summary ``docs/results/spiking_stdp_vogels.json`` (``neuroagents run --summary-to``).

Run (a few minutes on 2 cores):
    .venv/bin/python docs/examples/plasticity_results.py
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd

from neuroagents.io import read_toml, save_figure, write_json
from neuroagents.models.spiking.experiments.stdp_song import SONG
from neuroagents.models.spiking.experiments.stdp_vogels import VOGELS

DOCS = Path(__file__).resolve().parents[1]
RUNS = DOCS.parent / "runs"
SEEDS = 3
VOGELS_COLUMNS = (
    "rate_initial", "rate_final", "corr_before", "corr_after", "depth_before", "depth_after",
)  # fmt: skip


def plain(table: pd.DataFrame) -> list[dict]:
    """Rows as JSON values (NaN as null)."""
    rows = []
    for row in table.to_dict("records"):
        row = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        rows.append({k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()})
    return rows


def run(experiment, config_file: str) -> tuple[pd.DataFrame, object, float]:
    """The experiment with its shipped config's parameters and SEEDS seeds."""
    params = read_toml(RUNS / config_file, "config")["params"]
    config = {k: p.default for k, p in experiment.params.items()} | params | {"seeds": SEEDS}
    start = time.perf_counter()
    result = experiment.run(config, np.random.default_rng(0))
    return result.table, result, round(time.perf_counter() - start, 1)


def spread(values: pd.Series) -> dict:
    """Mean, standard deviation and count of a column over seeds."""
    return {"mean": float(values.mean()), "sd": float(values.std(ddof=1)), "n": int(values.size)}


def main() -> None:
    """Run both experiments and write the results file and figures."""
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=DOCS
    ).stdout.strip()
    song, song_result, song_s = run(SONG, "spiking_stdp_song.toml")
    vogels, vogels_result, vogels_s = run(VOGELS, "spiking_stdp_vogels.toml")
    save_figure(song_result.figures["stdp_song"], DOCS / "figures" / "stdp_song.png")
    save_figure(vogels_result.figures["stdp_vogels"], DOCS / "figures" / "stdp_vogels.png")
    ind = song[song["condition"] == "independent"]
    cor = song[song["condition"] == "correlated"]
    summary = {
        "song_seconds": song_s,
        "vogels_seconds": vogels_s,
        "song_reproduced": int(cor["reproduced"].sum()),
        "vogels_reproduced": int(vogels["reproduced"].sum()),
        "seeds": SEEDS,
        "song_by_rate": {
            f"{rate:g}": {
                k: spread(part[k])
                for k in ("rate_out_initial", "rate_out_final", "low", "high", "middle")
            }
            for rate, part in ind.groupby("rate_in")
        },
        "song_correlated": {
            k: spread(cor[k])
            for k in ("w_corr", "w_uncorr", "low_corr", "low_uncorr", "rate_out_final")
        },
        "song_recovered": spread(ind["recovered"]),
        "song_weak_at_half": spread(ind["weak_at_half"]),
        "vogels": {k: spread(vogels[k]) for k in VOGELS_COLUMNS},
    }
    write_json(
        {"commit": commit, "summary": summary, "song": plain(song), "vogels": plain(vogels)},
        DOCS / "plasticity_results.json",
    )
    print(summary)


if __name__ == "__main__":
    main()
