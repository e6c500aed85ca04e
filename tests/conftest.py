"""Test-wide settings.

Under ``CI=true`` hypothesis runs derandomized: CI checks the same examples on every run,
so a red build always means a change, never a newly drawn case. Local runs keep drawing
fresh examples (and keep the counterexamples they find in ``.hypothesis/``).
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI", "").lower() == "true":
    settings.load_profile("ci")
