"""Write the numbers of docs/plasticity_spikes.md's "E and I learning side by side".

Runs the ``stdp_ei_balance`` experiment with its shipped config's parameters (1600 E +
400 I, 10%, four conditions, 20 s each, 3 networks) and writes
``docs/plasticity_ei_balance_results.json`` (with the commit: the summary per condition
and phase, keyed ``"<condition>/<phase>"``, every run's measures, the course per second)
and ``docs/figures/stdp_ei_balance.png``.

Run (about 10 minutes on 2 loaded cores):
    .venv/bin/python docs/examples/plasticity_ei_balance_results.py
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd

from neuroagents.io import read_toml, save_figure, write_json
from neuroagents.models.spiking.experiments.stdp_ei_balance import EI_BALANCE

DOCS = Path(__file__).resolve().parents[1]


def plain(table: pd.DataFrame) -> list[dict]:
    """Rows as JSON values (NaN as null)."""
    rows = []
    for row in table.to_dict("records"):
        row = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        rows.append({k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()})
    return rows


def main() -> None:
    """Run the experiment once and write its results file and figure."""
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=DOCS
    ).stdout.strip()
    config_file = DOCS.parent / "runs" / "spiking_stdp_ei_balance.toml"
    params = read_toml(config_file, "config")["params"]
    config = {k: p.default for k, p in EI_BALANCE.params.items()} | params
    start = time.perf_counter()
    result = EI_BALANCE.run(config, np.random.default_rng(0))
    seconds = round(time.perf_counter() - start, 1)
    save_figure(result.figures["stdp_ei_balance"], DOCS / "figures" / "stdp_ei_balance.png")
    summary = {f"{r['condition']}/{r['phase']}": r for r in plain(result.table)}
    write_json(
        {
            "commit": commit,
            "config": config,
            "seconds": seconds,
            "summary": summary,
            "runs": plain(result.tables["runs"]),
            "course": plain(result.tables["course"]),
        },
        DOCS / "plasticity_ei_balance_results.json",
    )
    print(result.summary)


if __name__ == "__main__":
    main()
