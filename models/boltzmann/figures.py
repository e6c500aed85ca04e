"""Figures of the Boltzmann experiments (matplotlib only here).

Pieces:
    encoder_figure: cycles to a perfect code, autocorrelation times, learned weights.
    digit_grid: a grid of 8x8 images (filters, samples, reconstructions).
    rbm_figure: filters, long-chain samples and reconstructions of an RBM.
    dbn_figure: samples from the top of a DBN beside a single RBM's.
"""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

__all__ = ["dbn_figure", "digit_grid", "encoder_figure", "rbm_figure"]


def encoder_figure(table: pd.DataFrame, equil: pd.DataFrame, machine: Any) -> Any:
    """Cycles to a perfect code per problem, tau of the free phase vs T, the weights."""
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), dpi=100)
    for name, g in table.groupby("problem", sort=False):
        ok = np.sort(g.loc[g["perfect"], "cycles"].to_numpy())
        axes[0].step(ok, np.arange(1, len(ok) + 1) / len(g), where="post", label=name)
    axes[0].set(xlabel="learning cycles", ylabel="fraction of seeds perfect", xscale="log")
    axes[0].legend()
    axes[1].plot(equil["temperature"], equil["tau_sweeps"], "o-")
    axes[1].set(xlabel="temperature T", ylabel="autocorrelation time of E (sweeps)")
    lim = np.abs(machine.weights_).max()
    im = axes[2].imshow(machine.weights_, cmap="RdBu_r", vmin=-lim, vmax=lim)
    axes[2].set_title("weights of a perfect 4-2-4 (V1 | V2 | H)")
    fig.colorbar(im, ax=axes[2])
    fig.tight_layout()
    return fig


def digit_grid(ax: Any, images: np.ndarray, cols: int, title: str, signed: bool = False) -> None:
    """Draw rows of 64 values as a grid of 8x8 images on one axis."""
    rows = int(np.ceil(len(images) / cols))
    canvas = np.full((rows * 9, cols * 9), np.nan)
    for k, img in enumerate(images):
        r, c = divmod(k, cols)
        canvas[r * 9 : r * 9 + 8, c * 9 : c * 9 + 8] = img.reshape(8, 8)
    if signed:
        lim = np.nanmax(np.abs(canvas))
        ax.imshow(canvas, cmap="RdBu_r", vmin=-lim, vmax=lim)
    else:
        ax.imshow(canvas, cmap="gray_r", vmin=0, vmax=1)
    ax.set_title(title, fontsize=9)
    ax.axis("off")


def rbm_figure(rbm: Any, data: np.ndarray, samples: np.ndarray, steps: int) -> Any:
    """Learned filters, samples after ``steps`` Gibbs steps, data and reconstructions."""
    fig, axes = plt.subplots(1, 4, figsize=(14, 3.8), dpi=100)
    digit_grid(axes[0], rbm.components_[:64], 8, "filters W_j (64 of them)", signed=True)
    digit_grid(axes[1], samples, 8, f"P(v|h) after {steps} Gibbs steps")
    digit_grid(axes[2], data, 8, "held-out digits")
    recon = rbm.mean_visibles(rbm.transform(data))
    digit_grid(axes[3], recon, 8, "reconstructions P(v|P(h|v))")
    fig.tight_layout()
    return fig


def dbn_figure(dbn_samples: np.ndarray, rbm_samples: np.ndarray, steps: int) -> Any:
    """Samples from the top of the DBN beside samples from one RBM."""
    fig, axes = plt.subplots(1, 2, figsize=(8, 4), dpi=100)
    digit_grid(axes[0], rbm_samples, 8, f"one RBM, {steps} Gibbs steps")
    digit_grid(axes[1], dbn_samples, 8, f"DBN top RBM, {steps} steps, passed down")
    fig.tight_layout()
    return fig
