"""Run functions for the sweep benchmarks (a module, so worker processes can import it)."""

from __future__ import annotations

import numpy as np


def cpu_bound(params: dict, rng: np.random.Generator) -> dict:
    """About ``params['seconds']`` of single-threaded numpy work (matrix products)."""
    a = rng.random((120, 120))
    for _ in range(params["repeats"]):
        a = np.tanh(a @ a / 120.0)
    return {"trace": float(np.trace(a))}


def tiny(params: dict, rng: np.random.Generator) -> dict:
    """Almost no work: measures per-run overhead."""
    return {"y": params["x"] + rng.random()}
