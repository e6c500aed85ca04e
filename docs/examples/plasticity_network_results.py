"""Write the recurrent-network numbers of docs/plasticity_spikes.md (Vogels et al. 2011).

Runs the ``stdp_vogels_network`` experiment at the size of its shipped config (8000 E +
2000 I, 2%, 30 s of learning) and writes ``docs/plasticity_network_results.json`` (with
the commit: the result row and the course of rates and weights) and
``docs/figures/stdp_vogels_network.png``.

Run (about 15 minutes on 2 loaded cores):
    .venv/bin/python docs/examples/plasticity_network_results.py
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import numpy as np

from neuroagents.io import read_toml, save_figure, write_json
from neuroagents.models.spiking.experiments.stdp_vogels_network import VOGELS_NETWORK

DOCS = Path(__file__).resolve().parents[1]


def main() -> None:
    """Run the network once and write its results file and figure."""
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=DOCS
    ).stdout.strip()
    config_file = DOCS.parent / "runs" / "spiking_stdp_vogels_network.toml"
    params = read_toml(config_file, "config")["params"]
    config = {k: p.default for k, p in VOGELS_NETWORK.params.items()} | params
    start = time.perf_counter()
    result = VOGELS_NETWORK.run(config, np.random.default_rng(0))
    seconds = round(time.perf_counter() - start, 1)
    save_figure(result.figures["stdp_vogels_network"], DOCS / "figures" / "stdp_vogels_network.png")
    row = {k: (v.item() if hasattr(v, "item") else v) for k, v in result.table.iloc[0].items()}
    write_json(
        {
            "commit": commit,
            "figures": row | {"seconds": seconds},
            "course": result.tables["course"].to_dict("list"),
        },
        DOCS / "plasticity_network_results.json",
    )
    print(result.summary)


if __name__ == "__main__":
    main()
