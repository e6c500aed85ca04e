"""Importing a system is cheap: its package loads no matplotlib, experiments or figures.

``import neuroagents.models.<system>`` must stay fast (the issue's budget is 0.3 s on a
quiet machine); a wall-time bound would be a timed test, so this checks what the import
loads instead, in a fresh process, both for the bare import and for resolving every
public library name. The times are measured by ``-X importtime`` and printed (``-s``) for
the record, never asserted.
"""

import re
import subprocess
import sys

import pytest

from neuroagents.runner.experiment import available_models

SYSTEMS = sorted(available_models())
HEAVY = re.compile(
    r"^(matplotlib|solara|neuroagents\.models\.\w+\.(experiments|figures\w*|view))\b"
)


def loaded_by(code):
    """Modules a fresh interpreter has after ``code``, and the import time of the system."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"{code}\nimport sys\nprint(*sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return out.stdout.split(), out.stderr


@pytest.mark.parametrize("system", SYSTEMS)
def test_importing_a_system_loads_only_its_package(system):
    modules, timing = loaded_by(f"import neuroagents.models.{system}")
    assert not [m for m in modules if HEAVY.match(m)]
    # The library loads on first use: not even numba or Mesa yet.
    assert "numba" not in modules and "mesa" not in modules
    line = next(
        t for t in timing.splitlines() if t.rstrip().endswith(f"neuroagents.models.{system}")
    )
    print(f"{system}: cumulative import {int(line.split('|')[1]) / 1e6:.3f} s")


def test_the_whole_library_of_every_system_loads_no_experiments_or_matplotlib():
    # One process for all systems: resolving the names imports numba, Mesa and pandas.
    code = "\n".join(
        f"import neuroagents.models.{system} as s\nfor name in s.__all__:\n    getattr(s, name)"
        for system in SYSTEMS
    )
    modules, _ = loaded_by(code)
    assert "neuroagents.models.hopfield.network" in modules  # the names were resolved
    assert not [m for m in modules if HEAVY.match(m)]
