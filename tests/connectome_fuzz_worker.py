"""Load each damaged connectome named on stdin and judge the outcome (run in a subprocess).

The protocol is tests/subprocess_cases.py's. For every case: ``START <id>``, then one of
``REFUSED <id>`` (a NeuroagentsError), ``OK <id>`` (loaded, and a model on it computes
the same inputs as an independent dense product), ``SKIP <id>`` (scipy itself refused
to build the raw arrays, before any library code) or ``BAD <id> <what>`` (any other
exception, or a load whose arrays or inputs are wrong).
"""

import numpy as np
import scipy.sparse as sp
from subprocess_cases import judge_cases

import neuroagents as na
from neuroagents.connectome.files import load_connectome
from neuroagents.errors import NeuroagentsError


def _check_loaded(c: na.Connectome) -> str:
    w = c.to_scipy()
    w.check_format(full_check=True)  # indices in range, indptr monotone
    dense = c.to_dense().astype(np.float64)
    if not np.all(np.isfinite(dense)):
        return "non-finite weights stored"
    m = na.NeuralModel(c, rule="sign", scheduler="sync", rng=0, record_every=None)
    m.run_for(2)
    expected = dense @ m.state
    if not np.allclose(m.arrays.field, expected, rtol=1e-6, atol=1e-6 * np.abs(dense).sum()):
        return "inputs differ from W @ state"
    return ""


def _build(case: dict) -> na.Connectome:
    if case["kind"] != "raw":
        return load_connectome(case["path"])
    with np.load(case["path"], allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    shape = tuple(int(v) for v in arrays.pop("shape"))
    w = sp.csr_array((arrays["data"], arrays["indices"], arrays["indptr"]), shape=shape)
    return na.Connectome(w)


def judge(case: dict) -> str:
    """The verdict on one case (see the module docstring)."""
    try:
        c = _build(case)
    except NeuroagentsError:
        return "REFUSED"
    except Exception as err:
        if case["kind"] == "raw" and _raised_by_scipy_init(err):
            return "SKIP"
        return f"BAD {type(err).__name__}: {err}"
    try:
        problem = _check_loaded(c)
    except NeuroagentsError as err:  # e.g. a model refusing a loaded connectome
        problem = "" if "Got" in str(err) else f"unclear error {err}"
    except Exception as err:
        problem = f"{type(err).__name__}: {err}"
    return f"BAD {problem}" if problem else "OK"


def _raised_by_scipy_init(err: Exception) -> bool:
    tb = err.__traceback__
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    return not any("/neuroagents/" in f for f in frames)


if __name__ == "__main__":
    judge_cases(judge)
