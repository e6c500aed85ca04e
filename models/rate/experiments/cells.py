"""Experiment ``cells``: threshold-linear simple and complex cells, drifting gratings.

Pieces:
    gabor: an oriented Gabor filter on a square patch.
    grating: a drifting sinusoidal grating.
    cell_network: simple cells (Gabor inputs at 4 phases x orientations, relu) feeding
        complex cells (each pools its orientation's 4 phases), one NeuralModel.
    modulation_ratio: F1/F0 of a periodic response.
    grating_response: the network driven by a grating; each cell's F0 and F1.
    CELLS: the experiment.

"Threshold-linear networks can model simple and complex cells." A simple cell
``tau dv/dt = -v + [G . s(t) - T]+`` sees, for a grating drifting at angular frequency
omega along its preferred orientation, ``G . s(t) = A cos(omega t - phi)``: with T = 0 its
target is a half-wave rectified sinusoid, whose F1/F0 is pi/2, and the leak (a low-pass
filter) divides F1 by ``sqrt(1 + (omega tau)^2)``:

    F1/F0 (simple) = (pi / 2) / sqrt(1 + (omega tau)^2)   (> 1: "simple").

A complex cell sums the four simple cells of phases 0, pi/2, pi, 3pi/2: the sum of four
rectified sinusoids a quarter period apart has period 2 pi / (4 omega), so its F1 is 0:
F1/F0 (complex) = 0 (< 1: "complex"). Both keep their orientation preference.

References:
    Hubel & Wiesel (1962), J. Physiol. 160, 106. Skottun et al. (1991), Vision Res. 31,
    1079 (the F1/F0 criterion).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.models.rate.circuits import ThresholdLinear
from neuroagents.models.rate.experiments.headlines import cells_headlines
from neuroagents.models.rate.figures import cells_figure
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = [
    "CELLS",
    "cell_network",
    "gabor",
    "grating",
    "grating_response",
    "modulation_ratio",
    "simple_cell_theory",
]

PHASES = (0.0, np.pi / 2, np.pi, 3 * np.pi / 2)


def _grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    c = np.arange(size) - (size - 1) / 2
    return np.meshgrid(c, c, indexing="xy")


def gabor(size: int, theta: float, phase: float, wavelength: float, sigma: float) -> np.ndarray:
    """``exp(-|x|^2 / 2 sigma^2) cos(k . x + phase)``, k of length 2 pi / wavelength at theta."""
    x, y = _grid(size)
    k = 2 * np.pi / wavelength
    along = x * np.cos(theta) + y * np.sin(theta)
    return np.exp(-(x**2 + y**2) / (2 * sigma**2)) * np.cos(k * along + phase)


def grating(size: int, theta: float, wavelength: float, t: float, omega: float) -> np.ndarray:
    """``cos(k . x - omega t)``: a grating drifting along theta."""
    x, y = _grid(size)
    return np.cos(2 * np.pi / wavelength * (x * np.cos(theta) + y * np.sin(theta)) - omega * t)


def cell_network(config: dict[str, Any]) -> tuple[Any, np.ndarray, pd.DataFrame]:
    """The two layers as one relu NeuralModel; the simple cells' filters; a cell table."""
    thetas = np.linspace(0.0, np.pi, config["orientations"], endpoint=False)
    filters, cells = [], []
    for i, th in enumerate(thetas):
        for ph in PHASES:
            filters.append(gabor(config["size"], th, ph, config["wavelength"], config["sigma"]))
            cells.append({"layer": "simple", "orientation": th, "phase": ph, "pool": i})
    n_simple = len(filters)
    for i, th in enumerate(thetas):
        cells.append({"layer": "complex", "orientation": th, "phase": np.nan, "pool": i})
    n = len(cells)
    w = np.zeros((n, n))
    for j, cell in enumerate(cells[:n_simple]):
        w[n_simple + cell["pool"], j] = config["pool_weight"]
    filt = np.array([f.ravel() for f in filters])
    filt /= np.abs(
        filt @ grating(config["size"], 0.0, config["wavelength"], 0.0, 0.0).ravel()
    ).max()
    model = ThresholdLinear(w, 0.0, threshold=config["threshold"], dt=config["dt"])
    return model, filt, pd.DataFrame(cells)


def modulation_ratio(r: np.ndarray, times: np.ndarray, omega: float) -> tuple[float, float]:
    """``(F0, F1)`` of a response over whole periods: mean and first-harmonic amplitude."""
    f0 = float(np.mean(r))
    f1 = float(2 * np.abs(np.mean(r * np.exp(-1j * omega * times))))
    return f0, f1


def simple_cell_theory(omega: float, tau: float = 1.0) -> float:
    """F1/F0 of a rectified sinusoid through the leak: ``(pi/2) / sqrt(1 + (omega tau)^2)``."""
    return float(np.pi / 2 / np.sqrt(1 + (omega * tau) ** 2))


def grating_response(config: dict[str, Any], theta: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drive the network with a grating at ``theta``; F0, F1 of every cell; time courses."""
    model, filt, cells = cell_network(config)
    n_simple = filt.shape[0]
    omega = 2 * np.pi / config["period"]
    step = config["period"] / config["samples_per_period"]
    settle, measured = 3 * config["period"], config["periods"] * config["period"]
    times = np.arange(0.0, settle + measured, step)
    rates = []
    for t in times:
        s = grating(config["size"], theta, config["wavelength"], t + step / 2, omega).ravel()
        model.drive[:n_simple] = filt @ s  # held for one sample step (midpoint value)
        model.run_until(t + step)
        rates.append(np.array(model.state))
    rates = np.array(rates)
    t_end = times + step
    keep = t_end > settle
    rows = []
    for i, cell in cells.iterrows():
        f0, f1 = modulation_ratio(rates[keep, i], t_end[keep], omega)
        rows.append(
            {
                **cell.to_dict(),
                "cell": i,
                "stimulus": theta,
                "F0": f0,
                "F1": f1,
                "F1_F0": f1 / f0 if f0 > 0 else np.nan,
            }
        )
    course = pd.DataFrame(rates[keep], columns=[f"r{i}" for i in range(len(cells))])
    course.insert(0, "time", t_end[keep])
    return pd.DataFrame(rows), course


def cells_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """F1/F0 of simple and complex cells at the preferred orientation; orientation tuning."""
    stimuli = np.linspace(0.0, np.pi, config.stimulus_orientations, endpoint=False)
    tables, course = [], None
    for th in stimuli:
        table, c = grating_response(config, th)
        tables.append(table)
        if th == 0.0:
            course = c
    table = pd.concat(tables, ignore_index=True)
    omega = 2 * np.pi / config.period
    preferred = table[(table["stimulus"] == 0.0) & (table["orientation"] == 0.0)]
    summary_table = (
        preferred.groupby("layer")
        .agg(
            F0=("F0", "mean"),
            F1=("F1", "mean"),
            F1_F0=("F1_F0", "mean"),
            F1_F0_min=("F1_F0", "min"),
            F1_F0_max=("F1_F0", "max"),
        )
        .reset_index()
    )
    summary_table["theory"] = summary_table["layer"].map(
        {"simple": simple_cell_theory(omega), "complex": 0.0}
    )
    summary = (
        "Drifting grating at the preferred orientation (threshold 0): modulation ratio F1/F0\n"
        + format_table(summary_table, list(summary_table.columns))
        + "\n(simple: (pi/2)/sqrt(1 + (omega tau)^2); complex: 0; criterion F1/F0 > 1 simple)"
    )
    figure = partial(cells_figure, table, course, preferred)
    return ExperimentResult(table, summary, {"cells": figure}, {"modulation": summary_table})


CELLS = Experiment(
    name="cells",
    description="threshold-linear simple and complex cells: F1/F0 to drifting gratings",
    params={
        "size": Param(16, "patch side (pixels)", low=4),
        "wavelength": Param(6.0, "grating and Gabor wavelength (pixels)", low=2.0),
        "sigma": Param(3.0, "Gabor envelope width (pixels)", low=0.5),
        "orientations": Param(
            4, "preferred orientations (a simple quartet + a complex each)", low=1
        ),
        "stimulus_orientations": Param(8, "grating orientations shown", low=1),
        "threshold": Param(0.0, "threshold T of every cell"),
        "pool_weight": Param(0.25, "simple -> complex weight", low=0.0),
        "period": Param(20.0, "grating temporal period (tau)", low=1.0),
        "periods": Param(4, "periods measured", low=1),
        "samples_per_period": Param(200, "drive updates per period", low=8),
        "dt": Param(0.01, "exponential-Euler step", low=1e-6),
    },
    run=cells_experiment,
    headlines=cells_headlines,
    quick={"stimulus_orientations": 4, "periods": 2},
    deterministic=True,  # gratings and Gabor filters: no random numbers anywhere
)
