"""Every feedback-alignment question config runs with --quick and writes its tables and figure."""

import json
from pathlib import Path

import pandas as pd
import pytest

RUNS = Path(__file__).resolve().parents[3] / "runs"
CONFIGS = ["feedback_sparsity", "binary_units", "adversarial", "scaling"]


@pytest.mark.slow
@pytest.mark.parametrize("name", CONFIGS)
def test_question_config_runs_quick(name, tmp_path, run_quick):
    out = tmp_path / name
    config = RUNS / f"questions_{name}.toml"
    run_quick(config, out)
    assert len(pd.read_parquet(out / "results.parquet")) > 0
    assert len(pd.read_parquet(out / "summary.parquet")) > 0
    meta = json.loads((out / "meta.json").read_text())
    assert meta["model"] == ("hopfield" if name == "asymmetry" else "learning")
    assert meta["experiment"] == name
    assert (out / f"questions_{name}.png").exists()
