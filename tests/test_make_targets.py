"""The test targets the README promises: two Quick start commands, a fast target, both Mesas."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
MAKEFILE = (ROOT / "Makefile").read_text()


def _target(name: str) -> str:
    """The recipe lines of a Makefile target."""
    found = re.search(rf"^{re.escape(name)}:.*\n((?:\t.*\n)+)", MAKEFILE, flags=re.M)
    assert found, f"Makefile has no target {name}"
    return found.group(1)


def test_the_quick_start_keeps_two_commands_and_names_the_fast_target():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", quick, flags=re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    assert "`make test-fast`" in quick.split(block, 1)[1]


def test_the_fast_targets_skip_only_the_slow_checks_and_ci_runs_both_mesas():
    assert 'pytest -m "not slow and not audit"' in _target("test-fast")
    assert 'pytest -m "not slow and not audit"' in _target("test-mesa4")
    # The whole suite leaves out only the hour-long parameter audit (make audit runs it).
    assert 'pytest -m "not audit"' in _target("test")
    assert "pytest -m audit" in _target("audit")
    assert "mesa==4" in MAKEFILE
    ci = (ROOT / ".ci" / "run").read_text()
    assert "export CI=true" in ci
    assert ci.index("make test\n") < ci.index("make test-mesa4")


def test_the_durations_the_readme_states_come_from_the_measured_file():
    # benchmarks/_time_suites.py writes the file (the suites it times run this test
    # before the README states any number, hence no minimum here).
    stated = dict(re.findall(r"`make (test[\w-]*)` took about (\d+) minutes", README))
    if not stated:
        return
    measured = json.loads((ROOT / "docs" / "test_durations.json").read_text())
    for target, minutes in stated.items():
        assert int(minutes) == round(measured[target]["seconds"] / 60), target
