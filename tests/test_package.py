"""The package's front door: `import neuroagents` stays light, and every public name loads."""

import subprocess
import sys

import pytest

import neuroagents as na


def test_import_neuroagents_loads_no_heavy_library():
    # Laziness checked by what is imported, not by timing (speed lives in benchmarks/).
    code = (
        "import sys, neuroagents\n"
        "heavy = ['mesa', 'numba', 'pandas', 'scipy', 'networkx', 'dask', 'matplotlib', 'solara']\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("name", na.__all__)
def test_every_public_name_resolves(name):
    assert getattr(na, name) is not None
    assert name in dir(na)


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = na.Nope
