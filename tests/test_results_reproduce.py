"""The committed run summaries (docs/results) are well formed, and a quick one reproduces.

``neuroagents check docs/results/quick/X.json`` reruns the run a quick summary records
and compares every number within its stated uncertainty. In CI every committed quick
summary is compared: each system's config test runs its configs through the ``run_quick``
fixture (tests/conftest.py), and a full run in which one was not compared fails. The full
summaries take minutes each: `neuroagents check docs/results/*.json` by hand.
"""

import json
from pathlib import Path

import pytest

from neuroagents.runner.config_names import shipped_configs
from neuroagents.runner.summaries import read_summary

ROOT = Path(__file__).resolve().parents[1]
SUMMARIES = sorted((ROOT / "docs" / "results").rglob("*.json"))


@pytest.mark.parametrize("path", SUMMARIES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_committed_summary_names_a_shipped_config_a_commit_and_its_numbers(path):
    summary = read_summary(path)
    assert summary["config_name"] in shipped_configs("run")
    assert summary["quick"] is (path.parent.name == "quick")
    assert summary["commit"] and summary["dirty"] is False  # measured on committed code
    assert summary["numbers"]
    for name, number in summary["numbers"].items():
        assert {"value", "se", "n", "what"} <= number.keys(), name


def test_there_is_a_quick_summary_for_every_full_one():
    full = {p.name for p in SUMMARIES if p.parent.name != "quick"}
    quick = {p.name for p in SUMMARIES if p.parent.name == "quick"}
    assert full and full <= quick


@pytest.mark.slow
def test_the_quick_feedback_alignment_summary_reproduces(tmp_path, run_quick):
    fresh = run_quick(ROOT / "runs" / "feedback_alignment.toml", tmp_path / "fa")
    stored = read_summary(ROOT / "docs" / "results" / "quick" / "feedback_alignment.json")
    # the same seed gives the same numbers, not merely numbers within the tolerance
    for name, number in stored["numbers"].items():
        assert fresh["numbers"][name]["value"] == pytest.approx(number["value"], rel=1e-9), name


def test_a_quick_run_that_no_longer_reproduces_its_summary_fails(tmp_path, run_quick):
    """The comparison behind ``run_quick`` can fail: one number moved by 10 s.e. fails it."""
    stored = read_summary(ROOT / "docs" / "results" / "quick" / "hopfield_capacity.json")
    moved = json.loads(json.dumps(stored))
    name, number = next((k, v) for k, v in moved["numbers"].items() if v["se"])
    number["value"] += 10 * number["se"]
    (tmp_path / "moved.json").write_text(json.dumps(moved))
    config = ROOT / "runs" / "hopfield_capacity.toml"
    run_quick(config, tmp_path / "same", against=ROOT / "docs/results/quick/hopfield_capacity.json")
    with pytest.raises(AssertionError, match=name.replace(".", r"\.")):
        run_quick(config, tmp_path / "moved", against=tmp_path / "moved.json")
