"""Why the Song et al. (2000) correlated-input run ends near 120 Hz: the mean-driven rate.

Reads the correlated run's final weights from ``docs/plasticity_results.json`` (the
correlated group's and the independent group's mean w/ḡ_max, per seed), turns them into
the mean conductances they give (g = Σ_j w_j ν_j τ_syn), and computes the potential those
hold (V∞) and the rate of the neuron under them without fluctuations
(``ConductanceLIF.mean_driven_rate``, checked against the simulated neuron in
``tests/models/spiking/test_song_rate.py``). Writes ``docs/song_rate_explained.json``
(with the commit). No simulation: a few milliseconds.

Run:
    .venv/bin/python docs/examples/song_rate_explained.py
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np

from neuroagents.io import read_toml, write_json
from neuroagents.models.spiking.experiments.stdp_song import G_INH, G_MAX, RATE_INH, SONG
from neuroagents.models.spiking.plastic_neuron import ConductanceLIF

DOCS = Path(__file__).resolve().parents[1]


def main() -> None:
    """Compute the mean-driven rate of each seed's final correlated-run weights."""
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=DOCS
    ).stdout.strip()
    params = read_toml(DOCS.parent / "runs" / "spiking_stdp_song.toml", "config")["params"]
    config = {k: p.default for k, p in SONG.params.items()} | params
    results = json.loads((DOCS / "plasticity_results.json").read_text())
    rows = [r for r in results["song"] if r["condition"] == "correlated"]
    neuron = ConductanceLIF()
    n_corr, n_exc, c = config["correlated"], config["n_exc"], config["correlation"]
    g_i = config["n_inh"] * RATE_INH / 1000.0 * neuron.tau_i * G_INH
    per_seed = []
    for r in rows:
        rate = r["rate_in"] / 1000.0  # per ms
        g_corr = n_corr * rate * neuron.tau_e * r["w_corr"] * G_MAX
        g_uncorr = (n_exc - n_corr) * rate * neuron.tau_e * r["w_uncorr"] * G_MAX
        g_e = g_corr + g_uncorr
        per_seed.append(
            {
                "seed": r["seed"],
                "g_e": g_e,
                "g_e_correlated_group": g_corr,
                "v_inf": neuron.v_inf(g_e, g_i),
                "rate_mean_driven": neuron.mean_driven_rate(g_e, g_i),
                "rate_measured": r["rate_out_final"],
            }
        )
    mean = {k: float(np.mean([s[k] for s in per_seed])) for k in per_seed[0] if k != "seed"}
    figures = mean | {
        "g_i": g_i,
        "v_th": neuron.V_th,
        "seeds": len(per_seed),
        "rate_in": rows[0]["rate_in"],
        "inputs_per_event": n_corr * c,  # a mother spike is kept by each input with prob. c
        "event_rate_hz": rows[0]["rate_in"] / c,
        "event_g_jump": n_corr * c * G_MAX,
        "g_e_needed_for_threshold": (neuron.V_th * (1 + g_i) - neuron.E_L - g_i * neuron.E_i)
        / (neuron.E_e - neuron.V_th),
    }
    # The largest group that, all at g_max, leaves the mean potential below threshold.
    figures["group_size_at_threshold"] = figures["g_e_needed_for_threshold"] / (
        figures["rate_in"] / 1000.0 * neuron.tau_e * G_MAX
    )
    figures["correlated"] = n_corr
    write_json(
        {"commit": commit, "figures": figures, "per_seed": per_seed},
        DOCS / "song_rate_explained.json",
    )
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
