"""Write the numbers and the figure of docs/spiking_engine.md's phase diagram.

Runs the ``phase`` experiment of ``neuroagents.models.spiking`` with the defaults of
``runs/spiking_phase.toml`` (8 x 5 points, N = 5000 with the paper's in-degrees), then
the four Fig. 8 points at the sparse reduced size (N_E = 2000, epsilon = 0.1, so
C_E = 200) that the experiment's docstring says was rejected, and writes
``docs/spiking_phase_results.json`` (with the commit) and
``docs/figures/spiking_phase.png``.

Run (about 15 minutes on 2 quiet cores):
    .venv/bin/python docs/examples/spiking_phase_results.py
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import numpy as np

from neuroagents.io import save_figure, write_json
from neuroagents.models.spiking.experiments.phase import PHASE

DOCS = Path(__file__).resolve().parents[1]


def _rows(table) -> list[dict]:
    plain = table.drop(columns=[c for c in table if c.startswith("_")], errors="ignore")
    rows = []
    for row in plain.to_dict("records"):
        clean = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        rows.append({k: (None if isinstance(v, float) and v != v else v) for k, v in clean.items()})
    return rows


def main() -> None:
    """Run the diagram and the sparse check; write the results file and the figure."""
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=DOCS
    ).stdout.strip()
    config = {k: p.default for k, p in PHASE.params.items()}
    start = time.perf_counter()
    result = PHASE.run(config, np.random.default_rng(0))
    seconds = time.perf_counter() - start
    save_figure(result.figures["phase_diagram"], DOCS / "figures" / "spiking_phase.png")
    print(result.summary)
    sparse_config = config | {
        "n_e": 2000, "n_i": 500, "epsilon": 0.1,
        "g_values": [3.0, 4.5, 5.0, 6.0], "nu_values": [0.9, 2.0, 4.0],
    }  # fmt: skip
    sparse = PHASE.run(sparse_config, np.random.default_rng(0))
    print(sparse.summary)
    table, sparse_table = result.table, sparse.table
    marked = table[table["fig8"] != ""]
    sparse_marked = sparse_table[sparse_table["fig8"] != ""]
    write_json(
        {
            "commit": commit,
            "seconds": round(seconds, 1),
            "summary": {
                "points": len(table),
                "fig8_points": len(marked),
                "fig8_agree": int((marked["phase"] == marked["fig8"]).sum()),
                "counts": table["phase"].value_counts().to_dict(),
                "sparse_fig8_points": len(sparse_marked),
                "sparse_fig8_agree": int((sparse_marked["phase"] == sparse_marked["fig8"]).sum()),
                "sparse_chi_max": float(sparse_table["chi"].max()),
            },
            "runs": _rows(table),
            "sparse_runs": _rows(sparse_table),
        },
        DOCS / "spiking_phase_results.json",
    )


if __name__ == "__main__":
    main()
