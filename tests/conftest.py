"""Test-wide settings, and the quick runs that must reproduce their committed summaries.

Under ``CI=true`` hypothesis runs derandomized: CI checks the same examples on every run,
so a red build always means a change, never a newly drawn case. Local runs keep drawing
fresh examples (and keep the counterexamples they find in ``.hypothesis/``).

``run_quick`` runs a shipped config with ``--quick`` the way a user does and, when
``docs/results/quick/`` holds a summary of that config, compares the fresh summary with it
number by number within the stated uncertainties (``neuroagents check``'s rule): a change
that moves a documented result fails the day it lands. The config tests of every system
run through it, so CI's full run compares every committed quick summary; a full run in
which one was never compared fails (``pytest_sessionfinish``).
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
QUICK_SUMMARIES = ROOT / "docs" / "results" / "quick"
_compared: set[str] = set()

# Scripts the subprocess tests run (python tests/x_worker.py): not test modules, and
# importing them under --doctest-modules would miss their sibling imports.
collect_ignore_glob = ["*_worker.py"]

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI", "").lower() == "true":
    settings.load_profile("ci")


@pytest.fixture
def run_quick(tmp_path):
    """``run_quick(config, out)``: run a config with ``--quick`` into ``out``, exit status 0,
    and its summary agrees with the committed quick summary of that config (if any).

    ``against`` names another summary to compare with (the tests of the comparison itself).
    Returns the fresh run's summary."""
    from neuroagents.cli import commands as cli
    from neuroagents.runner.summaries import compare, read_summary, summary_path

    def run(config: Path | str, out: Path | str, against: Path | None = None) -> dict:
        config, out = Path(config), Path(out)
        folder = tmp_path / f"{out.name}-summaries"
        argv = ["run", str(config), "--out", str(out), "--quick", "--summary-to", str(folder)]
        assert cli.main(argv) == 0
        fresh = read_summary(summary_path(folder, str(config), quick=True))
        committed = against or QUICK_SUMMARIES / f"{config.stem}.json"
        if committed.exists():
            table = compare(read_summary(committed), fresh)
            assert table["agree"].all(), (
                f"{config.stem}: the quick run no longer reproduces {committed} "
                "within its uncertainties (rerun with --summary-to docs/results if the change "
                "is meant, and re-render the pages):\n"
                + table[~table["agree"]].to_string(index=False)
            )
            if against is None:
                _compared.add(config.stem)
        return fresh

    return run


def _is_full_run(config: pytest.Config) -> bool:
    """The whole suite as ``make test`` runs it: no paths, no -k, marks only ``not audit``."""
    return (
        config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and not config.option.keyword
        and config.option.markexpr in ("", "not audit")
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A full run fails when a committed quick summary was never compared."""
    if exitstatus != 0 or not _is_full_run(session.config):
        return
    missing = sorted({p.stem for p in QUICK_SUMMARIES.glob("*.json")} - _compared)
    if missing:
        print(
            "\nThese committed quick summaries were not compared with a fresh run: "
            f"{missing}. Run their configs through the run_quick fixture (tests/conftest.py)."
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
