"""Run summaries and ``neuroagents check``: headline numbers kept, rerun and compared.

The verdicts are known: a rerun of the same config and seed gives the same numbers (they
agree), a summary whose number was moved by many standard errors disagrees, and one
with a number the rerun lacks disagrees.
"""

import json
import math
from pathlib import Path

import pytest

from neuroagents.cli import main
from neuroagents.errors import ConfigError
from neuroagents.runner.summaries import (
    Headline,
    compare,
    mean_of,
    proportion,
    read_summary,
    write_summary,
)

ROOT = Path(__file__).resolve().parents[1]
# A tiny feedback-alignment run (one task, 2 seeds, 60 steps): seconds.
TINY = ["feedback_alignment", "--quick", "--set", 'params.tasks=["teacher"]',
        "--set", "params.steps=60"]  # fmt: skip


def _numbers(**values):
    return {"numbers": {k: {"value": v, "se": se, "n": 10} for k, (v, se) in values.items()}}


def test_numbers_within_their_uncertainty_agree_and_others_do_not():
    stored = _numbers(a=(1.0, 0.1), b=(2.0, 0.0), c=(math.nan, math.nan))
    fresh = _numbers(a=(1.35, 0.1), b=(2.0, 0.0), c=(math.nan, math.nan))
    # |1.35 - 1| = 0.35 <= 3 * sqrt(0.1^2 + 0.1^2) = 0.42
    assert compare(stored, fresh)["agree"].all()
    fresh = _numbers(a=(1.5, 0.1), b=(2.0 + 1e-6, 0.0), c=(0.0, 0.0))
    assert compare(stored, fresh).set_index("name")["agree"].to_dict() == {
        "a": False, "b": False, "c": False
    }  # fmt: skip


def test_a_number_only_one_summary_has_disagrees():
    table = compare(_numbers(a=(1.0, 0.1)), _numbers(a=(1.0, 0.1), extra=(3.0, 0.1)))
    assert table.set_index("name")["agree"].to_dict() == {"a": True, "extra": False}


def test_headlines_carry_their_uncertainty():
    none = proportion(0, 50, "x")
    assert none.value == 0 and none.se > 0 and none.low == 0 and 0.05 < none.high < 0.08
    mean = mean_of([1.0, 3.0], "y")
    assert (mean.value, mean.se, mean.n) == (2.0, 1.0, 2)
    assert Headline.from_json(mean.to_json()) == mean


def test_a_summary_never_replaces_a_file_it_did_not_write(tmp_path):
    mine = tmp_path / "mine.json"
    mine.write_text('{"important": true}')
    with pytest.raises(ConfigError, match="Will not replace"):
        write_summary({"kind": "neuroagents run summary", "numbers": {}}, mine)
    assert json.loads(mine.read_text()) == {"important": True}


@pytest.fixture(scope="module")
def tiny_summary(tmp_path_factory):
    folder = tmp_path_factory.mktemp("summaries")
    assert main(["run", *TINY, "--out", str(folder / "out"), "--summary-to", str(folder)]) == 0
    return folder / "quick" / "feedback_alignment.json"


def test_a_run_writes_its_summary_beside_its_outputs_and_where_asked(tiny_summary):
    kept = read_summary(tiny_summary)
    beside = read_summary(tiny_summary.parents[1] / "out" / "summary.json")
    assert kept["numbers"] == beside["numbers"]
    assert kept["seed"] == 0 and kept["quick"] is True and kept["headlines"] == "declared"
    assert kept["set"] == ['params.tasks=["teacher"]', "params.steps=60"]
    assert kept["commit"] and len(kept["commit"]) == 40
    angle = kept["numbers"]["teacher.update_angle"]
    assert 0 < angle["value"] < 180 and angle["se"] > 0 and angle["n"] == 2


def test_check_agrees_with_an_untouched_summary(tiny_summary, capsys):
    assert main(["check", str(tiny_summary)]) == 0
    assert "numbers agree" in capsys.readouterr().out


def test_check_fails_on_a_tampered_summary_with_the_table_of_differences(
    tiny_summary, tmp_path, capsys
):
    data = json.loads(tiny_summary.read_text())
    number = data["numbers"]["teacher.update_angle"]
    number["value"] += 10 * number["se"] + 1.0  # far beyond 3 standard errors
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data))
    assert main(["check", str(tampered)]) == 1
    captured = capsys.readouterr()
    assert "1 of" in captured.out and "DISAGREE" in captured.out
    first_row = captured.out.split("agree\n", 1)[1].splitlines()[0]
    assert "teacher.update_angle" in first_row and "False" in first_row
    assert "disagree with their rerun" in captured.err


def test_check_refuses_a_file_that_is_not_a_summary(tmp_path, capsys):
    other = tmp_path / "other.json"
    other.write_text('{"figures": {}}')
    assert main(["check", str(other)]) == 2
    assert "is not a run summary" in capsys.readouterr().err
