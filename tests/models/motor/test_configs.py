"""Every motor config runs with --quick and writes its table, meta.json and figures."""

import json
from pathlib import Path

import pandas as pd
import pytest

RUNS = Path(__file__).resolve().parents[3] / "runs"
FIGURES = {"rotations": {"jpca.png", "tangling.png"}, "soc": {"jpca.png", "soc.png"}}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(p.stem for p in RUNS.glob("motor_*.toml")))
def test_motor_config_runs_quick(name, tmp_path, run_quick):
    out = tmp_path / name
    run_quick(RUNS / f"{name}.toml", out)
    assert len(pd.read_parquet(out / "results.parquet")) > 0
    meta = json.loads((out / "meta.json").read_text())
    assert meta["model"] == "motor" and meta["experiment"] in FIGURES
    assert FIGURES[meta["experiment"]] <= {p.name for p in out.glob("*.png")}
