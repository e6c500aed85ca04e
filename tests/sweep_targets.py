"""Functions for sweep tests; a plain module so worker processes can import it."""

import time

import numpy as np
import pandas as pd

import neuroagents as na


def noisy_square(params, rng):
    """One row: x**2 plus noise drawn from the run's own generator."""
    return {"y": params["x"] ** 2 + rng.normal(), "u": rng.random()}


def slow_square(params, rng):
    """Like noisy_square, but takes a while (for kill-and-resume tests)."""
    time.sleep(params.get("sleep", 0.05))
    return {"y": params["x"] ** 2 + rng.normal()}


def sometimes_fails(params, rng):
    """Raises for x == 2, to show a failure is recorded, not fatal."""
    if params["x"] == 2:
        raise RuntimeError("x = 2 is not allowed")
    return {"y": float(params["x"])}


def per_step(params, rng):
    """Many rows: a random walk of params['steps'] steps."""
    steps = params["steps"]
    return pd.DataFrame({"step": np.arange(steps), "walk": rng.normal(size=steps).cumsum()})


def matrix_work(params, rng):
    """BLAS products whose last bits depend on the summation order (threads)."""
    a = rng.normal(size=(params["size"], params["size"]))
    b = a @ a.T @ a
    return {"trace": float(np.trace(b)), "corner": float(b[0, -1])}


def flaky(params, rng):
    """Fails for x == 2 while the file params['flag'] exists; logs every call."""
    from pathlib import Path

    with open(params["log"], "a") as fh:
        fh.write(f"{params['x']}\n")
    if params["x"] == 2 and Path(params["flag"]).exists():
        raise RuntimeError("flag is up")
    return {"y": float(params["x"]) + rng.random()}


class GlauberRing(na.NeuralModel):
    """A ring of ±1 Glauber neurons, built from plain parameters (sweepable as a class)."""

    def __init__(self, n, temperature, rng=None):
        w = np.zeros((n, n))
        idx = np.arange(n)
        w[idx, (idx + 1) % n] = w[(idx + 1) % n, idx] = 1.0
        super().__init__(
            w,
            rule="glauber",
            temperature=temperature,
            rng=rng,
            model_reporters={"magnetization": lambda m: float(m.state.mean())},
        )


def odd_outputs(params, rng):
    """x = 1 returns an object parquet cannot hold; x = 2 a string where others give floats."""
    if params["x"] == 1:
        return {"y": object()}
    if params["x"] == 2:
        return {"y": "two"}
    return {"y": params["x"] + rng.random()}
