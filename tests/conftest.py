"""Test-wide settings.

Under ``CI=true`` hypothesis runs derandomized: CI checks the same examples on every run,
so a red build always means a change, never a newly drawn case. Local runs keep drawing
fresh examples (and keep the counterexamples they find in ``.hypothesis/``).
"""

import os

from hypothesis import settings

# Scripts the subprocess tests run (python tests/x_worker.py): not test modules, and
# importing them under --doctest-modules would miss their sibling imports.
collect_ignore_glob = ["*_worker.py"]

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI", "").lower() == "true":
    settings.load_profile("ci")
