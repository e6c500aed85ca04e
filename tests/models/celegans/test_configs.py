"""The connectome configs run with --quick and write their tables, meta.json and figures."""

import json
from pathlib import Path

import pandas as pd
import pytest

RUNS = Path(__file__).resolve().parents[3] / "runs"


def test_hopfield_config_runs_quick(tmp_path, run_quick):
    out = tmp_path / "h"
    run_quick(RUNS / "connectome_hopfield.toml", out)
    summary = pd.read_parquet(out / "summary.parquet")
    assert (summary["z"].dropna().abs() < 4).all()  # engine within 4 s.e. of exact theory
    assert (out / "celegans_hopfield.png").exists()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["connectome_celegans"])
def test_connectome_config_runs_quick(name, tmp_path, run_quick):
    out = tmp_path / name
    run_quick(RUNS / f"{name}.toml", out)
    table = pd.read_parquet(out / "results.parquet")
    assert {"reciprocity", "triad_030T", "sigma"} <= set(table["statistic"])
    meta = json.loads((out / "meta.json").read_text())
    assert meta["model"] == "celegans" and meta["experiment"] == "celegans"
    assert {p.name for p in out.glob("*.png")} == {
        "celegans_motifs.png", "celegans_walks.png", "celegans_activity.png"
    }  # fmt: skip
    cycles = pd.read_parquet(out / "cycles.parquet")
    assert (cycles["z"].abs() < 4).all()  # walks' estimates within 4 s.e. of exact
