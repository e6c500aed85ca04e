"""Figures for experiments, drawn on ``matplotlib.figure.Figure`` (no pyplot state).

Pieces:
    new_figure: a Figure with a grid of axes.
    show_pattern: a ±1 vector as a square (or strip) black/white image.
    mean_sem: a summary column ``<value>_mean`` with ``<value>_sem`` error bars.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["mean_sem", "new_figure", "show_pattern"]


def new_figure(
    nrows: int = 1, ncols: int = 1, size: tuple[float, float] = (8.0, 4.0)
) -> tuple[Figure, np.ndarray]:
    """A Figure and a 2-D array of its axes."""
    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    return fig, axes


def show_pattern(ax: Axes, state: np.ndarray, title: str) -> None:
    """Draw a ±1 (or 0/1) vector as an image: square if n is a perfect square."""
    v = np.asarray(state, dtype=float)
    side = math.isqrt(v.size)
    image = v.reshape(side, side) if side * side == v.size else v[None, :]
    ax.imshow(image, cmap="gray_r", vmin=min(v.min(), -1), vmax=1, aspect="equal"
              if side * side == v.size else "auto", interpolation="nearest")  # fmt: skip
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


def mean_sem(ax: Axes, table: pd.DataFrame, x: str | pd.Series, value: str, **style) -> None:
    """Plot ``table[value + "_mean"]`` against ``x`` with ``value + "_sem"`` error bars.

    The columns are those :func:`neuroagents.analysis.summarize` writes. ``x`` is a column
    name or values; ``style`` overrides the defaults (``fmt="o-"``, ``ms=4``, ``capsize=2``)
    and passes on to ``Axes.errorbar`` (``color``, ``label``…).
    """
    xs = table[x] if isinstance(x, str) else x
    kwargs = {"fmt": "o-", "ms": 4, "capsize": 2, **style}
    ax.errorbar(xs, table[f"{value}_mean"], yerr=table[f"{value}_sem"], **kwargs)
