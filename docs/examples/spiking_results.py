"""Write the numbers and rasters of docs/spiking.md: the four Brunel states and the mean field.

Runs the ``brunel`` experiment of ``neuroagents.models.spiking`` for the four states of
Brunel's Fig. 8 at the quick size (N = 5000, C_E = 1000), the AI state with binomial
wiring at that size, and the AI state at the full size (N = 12,500), and writes
``docs/spiking_results.json`` (with the commit) and ``docs/figures/spiking_<state>.png``.
Every number in docs/spiking.md comes from it.

Run (about 10 minutes on 2 quiet cores):
    .venv/bin/python docs/examples/spiking_results.py
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import numpy as np

from neuroagents.io import save_figure, write_json
from neuroagents.models.spiking import STATES
from neuroagents.models.spiking.experiments.brunel import BRUNEL

DOCS = Path(__file__).resolve().parents[1]
QUICK = {"n_e": 4000, "n_i": 1000, "epsilon": 0.25, "warmup": 100.0, "duration": 1000.0}


def run(state: str, overrides: dict, seed: int, size: str) -> tuple[dict, object]:
    """One run of the experiment: its first table row (with its time) and its result."""
    config = {k: p.default for k, p in BRUNEL.params.items()} | overrides | {"state": state}
    start = time.perf_counter()
    result = BRUNEL.run(config, np.random.default_rng(seed))
    row = result.table.iloc[0].to_dict()
    row["seconds"] = round(time.perf_counter() - start, 1)
    row["size"] = size
    plain = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
    # JSON has no NaN: a state without a mean-field fixed point gets null.
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in plain.items()}, result


def main() -> None:
    """Run the five cases and write the results file and figures."""
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=DOCS
    ).stdout.strip()
    rows = []
    for state in STATES:
        row, result = run(state, QUICK, seed=0, size="quick")
        rows.append(row)
        for figure in result.figures.values():
            save_figure(figure, DOCS / "figures" / f"spiking_{state.lower()}.png")
        print(row)
    binomial, _ = run("AI", QUICK | {"wiring": "binomial"}, seed=0, size="quick")
    rows.append(binomial)
    print(binomial)
    full, _ = run("AI", {"duration": 1000.0}, seed=0, size="full")
    rows.append(full)
    print(full)
    write_json({"commit": commit, "runs": rows}, DOCS / "spiking_results.json")


if __name__ == "__main__":
    main()
