"""Write the numbers and figure of the feed-forward inhibition section of docs/questions.md.

Runs the ``feedforward_inhibition`` experiment of ``neuroagents.models.spiking`` with its
default (full) parameters, the config ``runs/spiking_feedforward_inhibition.toml``, and
writes ``docs/feedforward_results.json`` (with the commit: ``figures`` holds the
numbers the page quotes, ``table`` every circuit) and
``docs/figures/spiking_feedforward_inhibition.png``. Every number in that section comes
from it, through ``docs/render_numbers.py``.

Run (well under a minute):
    .venv/bin/python docs/examples/feedforward_results.py
    .venv/bin/python docs/render_numbers.py --write
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd

from neuroagents.io import save_figure, write_json
from neuroagents.models.spiking.experiments.feedforward_inhibition import (
    FEEDFORWARD_INHIBITION,
)
from neuroagents.models.spiking.feedforward_verdict import PAPER_WINDOW, window_verdict

DOCS = Path(__file__).resolve().parents[1]


def _currents_figures(currents: pd.DataFrame) -> dict[str, float]:
    """The windows with synaptic currents the page quotes (d = 1 ms), by tau_syn and g."""
    out = {
        "cur_dt": float(currents["dt"].iloc[0]),
        "cur_max_error": float(currents["error"].abs().max()),
    }
    for tau_syn, rows in currents.groupby("tau_syn"):
        out[f"cur_free_ts{tau_syn:g}"] = float(
            rows.loc[rows["inh_strength"] == 0, "window"].iloc[0]
        )
        for row in rows[rows["inh_delay"] == 1.0].itertuples():
            out[f"cur_d1_ts{tau_syn:g}_g{row.inh_strength:g}"] = float(row.window)
    return out


def main() -> None:
    """Run the experiment and write the results file and the figure."""
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=DOCS
    ).stdout.strip()
    config = {name: p.default for name, p in FEEDFORWARD_INHIBITION.params.items()}
    start = time.perf_counter()
    result = FEEDFORWARD_INHIBITION.run(config, np.random.default_rng(0))
    seconds = time.perf_counter() - start
    table = result.table
    ok, failed = window_verdict(table)
    free = table.iloc[0]
    inhibited = table.iloc[1:]
    strong = inhibited[inhibited["inh_strength"] >= inhibited["critical_strength"]]
    at = inhibited.set_index(["inh_delay", "inh_strength"])["window"]
    critical = inhibited.groupby("inh_delay")["critical_strength"].first()
    figures = {
        "tau_m": config["tau_m"],
        "theta": config["theta"],
        "j_exc": config["j_exc"],
        "tol": config["tol"],
        "circuits": len(table),
        "window_free": float(free["window"]),
        "window_free_theory": float(free["window_theory"]),
        "max_abs_error": float(table["error"].abs().max()),
        "strong_min": float(strong["window"].min()),
        "strong_max": float(strong["window"].max()),
        "paper_window": PAPER_WINDOW,
        "shows_paper": ok,
        "failed_checks": failed,
        "seconds": round(seconds, 1),
        # the curve at d = 1 ms (a lag in the paper's range) and g* at each delay
        **{f"window_d1_g{g:g}": float(at[(1.0, g)]) for g in config["inh_strengths"]},
        **{f"critical_d{d:g}": float(v) for d, v in critical.items()},
        "trace_interval": config["trace_interval"],
        **_currents_figures(result.tables["currents"]),
    }
    rows = [
        {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
        for row in table.astype(object).to_dict("records")
    ]
    write_json(
        {"commit": commit, "figures": figures, "table": rows}, DOCS / "feedforward_results.json"
    )
    for figure in result.figures.values():
        save_figure(figure, DOCS / "figures" / "spiking_feedforward_inhibition.png")
    print(result.summary)


if __name__ == "__main__":
    main()
