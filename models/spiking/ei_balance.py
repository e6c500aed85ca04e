"""Excitation against inhibition onto the excitatory cells of a network, and its verdict.

Pieces:
    input_drive: each excitatory cell's mean excitatory and inhibitory input over a
        window, in mV (the mean membrane drive τ Σ_j w_ij ν_j of delta synapses).
    window_measures: rates, irregularity, Fano factor, synchrony and E/I drive of one
        window of a run.
    EI_CHECKS, ei_verdict: the named checks of "balance reached" (net drive below
        threshold, the excitatory rate at ρ₀) and which failed.
    AI_CHECKS, ai_verdict: the same for the asynchronous irregular state, reported beside.

Balance. With delta synapses (``iaf_psc_delta``: a spike moves V by w mV) a presynaptic
neuron firing at ν adds τ_m w ν to a cell's mean potential above rest. Onto an
excitatory cell i the mean excitatory drive is E_i = τ_m (Σ_{j∈E} w_ij ν_j + J C_ext
ν_ext) and the inhibitory one I_i = τ_m Σ_{j∈I} w_ij ν_j < 0; the net mean drive is
μ_i = E_i + I_i (Brunel 2000, eq. 4). The network is *balanced* (van Vreeswijk &
Sompolinsky 1996; Vogels et al. 2011) when inhibition cancels most of the excitation:
the net drive stays below the threshold θ although excitation alone is far above it,
so the cells fire from fluctuations, irregularly. We report the relative imbalance
|Ē + Ī| / Ē and call a window balanced when it is below θ / Ē (equivalently: the mean
net drive μ̄ < θ), and the correlation across excitatory cells of E_i and −I_i (does a
cell with more excitation receive more inhibition?).

References:
    N. Brunel, "Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons", J. Comput. Neurosci. 8 (2000) 183–208.
    C. van Vreeswijk, H. Sompolinsky, "Chaos in neuronal networks with balanced
    excitatory and inhibitory activity", Science 274 (1996) 1724–1726.
    T. P. Vogels et al., Science 334 (2011) 1569–1573.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from neuroagents.analysis.spikes import fano_factor, firing_rates, isi_cv, synchrony_chi
from neuroagents.models.spiking.states import CHI_SYNC

__all__ = ["AI_CHECKS", "EI_CHECKS", "ai_verdict", "ei_verdict", "input_drive", "window_measures"]

EI_CHECKS = {
    "balanced": "net mean drive onto E cells below threshold (|E+I|/E < theta/E)",
    "rate_at_target": "excitatory rate within 30% of rho0",
}
AI_CHECKS = {
    "irregular": "irregular firing (CV of ISIs >= 0.5)",
    "asynchronous": f"asynchronous (chi < {CHI_SYNC})",
}


def input_drive(
    sources: np.ndarray,
    targets: np.ndarray,
    weights: np.ndarray,
    rates: np.ndarray,
    n_e: int,
    tau_m: float,
    external: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean excitatory and inhibitory drive (mV) onto each of the first ``n_e`` cells.

    Args:
        sources: each synapse's presynaptic index.
        targets: each synapse's postsynaptic index.
        weights: each synapse's weight (mV; negative inhibitory).
        rates: each neuron's rate (Hz) in the window.
        n_e: the excitatory cells are 0 … n_e − 1 (sources too: E before I).
        tau_m: the membrane time constant (ms).
        external: the external excitatory drive τ_m J C_ext ν_ext (mV), the same for all.

    Returns:
        (E_i, I_i) for i < n_e: τ_m Σ_j w_ij ν_j over excitatory (plus ``external``) and
        over inhibitory sources.

    Examples:
        Cell 0 receives 0.2 mV from cell 1 (10 Hz) and −0.6 mV from cell 2 (5 Hz), τ 20 ms:

        >>> e, i = input_drive(np.array([1, 2]), np.array([0, 0]), np.array([0.2, -0.6]),
        ...                    np.array([0.0, 10.0, 5.0]), 2, 20.0, 1.0)
        >>> float(e[0]), float(i[0])
        (1.04, -0.06)
    """
    onto_e = targets < n_e
    contribution = weights * rates[sources] * tau_m / 1000.0
    exc = onto_e & (sources < n_e)
    inh = onto_e & (sources >= n_e)
    e = np.bincount(targets[exc], contribution[exc], n_e) + external
    i = np.bincount(targets[inh], contribution[inh], n_e)
    return e, i


def window_measures(
    model: Any, n_e: int, start: float, stop: float, external: float
) -> dict[str, float]:
    """Rates, CV, Fano factor, χ and the E/I drive onto E cells in (start, stop] ms.

    ``model`` is a :class:`~neuroagents.sim.spiking.SpikingModel` with E cells first, that
    recorded the potentials of some cells over the window (for χ); the drive uses the
    weights at ``stop`` (they change little within a window).
    """
    spikes = model.spikes()
    neurons = np.arange(model.n)
    rates = firing_rates(spikes, neurons, start, stop).to_numpy()
    volt = model.voltages()
    volt = volt[(volt["time"] > start) & (volt["time"] <= stop)]
    signals = volt.pivot(index="neuron", columns="time", values="v").to_numpy()
    sources = np.repeat(neurons, np.diff(model.indptr))
    targets = model.targets.astype(np.int64)
    e, i = input_drive(sources, targets, model.weights, rates, n_e, model.params.tau_m, external)
    sample = neurons[:: max(1, model.n // 1000)]
    return {
        "rate_e": float(rates[:n_e].mean()),
        "rate_i": float(rates[n_e:].mean()),
        "cv": float(isi_cv(spikes, start, stop).mean()),
        "fano": float(np.nanmean(fano_factor(spikes, sample, start, stop, 50.0))),
        "chi": synchrony_chi(signals),
        "exc": float(e.mean()),
        "inh": float(i.mean()),
        "imbalance": float(abs(e.mean() + i.mean()) / e.mean()),
        "corr_ei": float(np.corrcoef(e, -i)[0, 1]) if np.ptp(i) > 0 else float("nan"),
    }


def ei_verdict(m: Mapping[str, float]) -> tuple[bool, list[str]]:
    """Whether a window reached balance at the target rate: (both passed, failed names).

    ``m`` holds ``imbalance``, ``exc``, ``theta`` (mV above rest), ``rate_e`` and ``rho0``.

    Examples:
        >>> ei_verdict(dict(imbalance=0.5, exc=26.0, theta=20.0, rate_e=3.1, rho0=3.0))
        (True, [])
        >>> ei_verdict(dict(imbalance=0.6, exc=104.0, theta=20.0, rate_e=120.0, rho0=3.0))[1]
        ['balanced', 'rate_at_target']
    """
    passed = {
        "balanced": m["imbalance"] < m["theta"] / m["exc"],
        "rate_at_target": abs(m["rate_e"] - m["rho0"]) < 0.3 * m["rho0"],
    }
    failed = [k for k in EI_CHECKS if not passed[k]]
    return not failed, failed


def ai_verdict(m: Mapping[str, float]) -> tuple[bool, list[str]]:
    """Whether a window is asynchronous irregular: (both passed, failed names).

    Examples:
        >>> ai_verdict(dict(cv=0.8, chi=0.1))
        (True, [])
        >>> ai_verdict(dict(cv=0.3, chi=0.6))[1]
        ['irregular', 'asynchronous']
    """
    passed = {"irregular": m["cv"] >= 0.5, "asynchronous": m["chi"] < CHI_SYNC}
    failed = [k for k in AI_CHECKS if not passed[k]]
    return not failed, failed
