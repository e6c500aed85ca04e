"""The committed run summaries (docs/results) are well formed, and a quick one reproduces.

``neuroagents check docs/results/quick/X.json`` reruns the run a quick summary records
and compares every number within its stated uncertainty; CI runs it for the cheapest
quick summary, so a change that moves that result fails the day it lands. The full
summaries take minutes each: `neuroagents check docs/results/*.json` by hand.
"""

from pathlib import Path

import pytest

from neuroagents.runner.config_names import shipped_configs
from neuroagents.runner.summaries import read_summary
from neuroagents.runner.summary_check import check_summary, format_check

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
def test_the_quick_feedback_alignment_summary_reproduces():
    check = check_summary(ROOT / "docs" / "results" / "quick" / "feedback_alignment.json")
    assert check.agree, format_check(check)
    # the same seed gives the same numbers, not merely numbers within the tolerance
    assert (check.table["difference"].abs() <= 1e-9 * check.table["stored"].abs().clip(1)).all()
