"""Lists the packages to install; everything else is in pyproject.toml.

``models/`` sits at the top of the repo but installs as ``neuroagents.models``, and
``runs/`` (the experiment configs) as ``neuroagents.runs``. setuptools' package
discovery in pyproject.toml cannot prefix the names it finds under a mapped folder, so
the subpackages of ``models/`` are found here: a new system is a folder
``models/<name>/`` with an ``__init__.py``, and nothing else needs editing.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["neuroagents", "neuroagents.*"]),
        "neuroagents.models",
        *(f"neuroagents.models.{name}" for name in find_packages("models")),
        "neuroagents.runs",
    ]
)
