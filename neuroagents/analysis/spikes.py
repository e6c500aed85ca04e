"""Statistics of spike trains: rates, irregularity, variability, synchrony, rhythm.

Every function takes a spike table with columns ``neuron`` and ``time`` (ms), as
:meth:`~neuroagents.sim.spiking.SpikingModel.spikes` returns, and a time window.

Pieces:
    firing_rates: ν_i = n_i / T per neuron (Hz), silent neurons included.
    isi_cv: CV_i = std(ISI_i) / mean(ISI_i) per neuron with at least three spikes.
    fano_factor: F = Var(N) / E(N) of spike counts in windows of length w.
    population_rate: the population's instantaneous rate r(t) = (spikes in bin) / (n Δt).
    synchrony_chi: Golomb's χ, χ² = Var_t(X̄(t)) / mean_i Var_t(X_i(t)).
    rate_spectrum: power spectrum of the population rate and its peak.

Reference values: a Poisson train has CV = 1 and F = 1; a perfectly regular one has
CV = 0 and F → 0; independent trains give χ ≈ 1/√n, identical ones χ = 1.

References:
    D. Golomb, "Neuronal synchrony measures", Scholarpedia 2 (2007) 1347.
    N. Brunel, "Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons", J. Comput. Neurosci. 8 (2000) 183–208.
    D. R. Cox, P. A. W. Lewis, *The Statistical Analysis of Series of Events* (1966).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from neuroagents.analysis.spectra import power_spectrum
from neuroagents.errors import ValidationError
from neuroagents.validation import check_real

__all__ = [
    "binned_counts",
    "fano_factor",
    "firing_rates",
    "isi_cv",
    "population_rate",
    "rate_spectrum",
    "synchrony_chi",
]


def _window(spikes: pd.DataFrame, start: float, stop: float, where: str) -> pd.DataFrame:
    missing = {"neuron", "time"} - set(spikes.columns)
    if missing:
        raise ValidationError(
            f"The 'spikes' parameter of {where} must be a table with columns 'neuron' and "
            f"'time'. It lacks {sorted(missing)}."
        )
    check_real("start", start, where)
    check_real("stop", stop, where, low=start, low_open=True)
    t = spikes["time"].to_numpy()
    return spikes[(t >= start) & (t < stop)]


def firing_rates(spikes: pd.DataFrame, neurons: np.ndarray, start: float, stop: float) -> pd.Series:
    """Firing rate of each neuron in [start, stop) ms, in Hz: ν_i = n_i / (stop − start).

    Examples:
        >>> s = pd.DataFrame({"neuron": [0, 0, 1], "time": [10.0, 20.0, 30.0]})
        >>> firing_rates(s, np.array([0, 1, 2]), 0.0, 1000.0).tolist()
        [2.0, 1.0, 0.0]
    """
    window = _window(spikes, start, stop, "firing_rates")
    counts = window["neuron"].value_counts().reindex(neurons, fill_value=0)
    return counts.astype(np.float64) / ((stop - start) * 1e-3)


def isi_cv(spikes: pd.DataFrame, start: float, stop: float) -> pd.Series:
    """Coefficient of variation of inter-spike intervals, per neuron with >= 3 spikes.

    CV = std(ISI) / mean(ISI) (population standard deviation); 1 for a Poisson train,
    0 for a regular one.

    Examples:
        >>> s = pd.DataFrame({"neuron": [0] * 4, "time": [0.0, 10.0, 20.0, 30.0]})
        >>> isi_cv(s, 0.0, 100.0).tolist()
        [0.0]
    """
    window = _window(spikes, start, stop, "isi_cv").sort_values(["neuron", "time"])
    isi = window.groupby("neuron")["time"].diff().dropna()
    groups = isi.groupby(window.loc[isi.index, "neuron"])
    stats = groups.agg(["mean", "std", "count"])
    stats = stats[stats["count"] >= 2]
    # pandas' std is the sample std (ddof=1); CV uses the population std.
    std = stats["std"] * np.sqrt((stats["count"] - 1) / stats["count"])
    return (std / stats["mean"]).rename("cv")


def fano_factor(
    spikes: pd.DataFrame, neurons: np.ndarray, start: float, stop: float, window: float
) -> pd.Series:
    """Fano factor F = Var(N) / E(N) of each neuron's counts in windows of ``window`` ms.

    NaN for a neuron without spikes. 1 for a Poisson train, whatever the window.
    """
    check_real("window", window, "fano_factor", low=0.0, low_open=True)
    counts = binned_counts(spikes, neurons, start, stop, window)
    mean = counts.mean(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.Series(counts.var(axis=1) / mean, index=neurons, name="fano")


def binned_counts(
    spikes: pd.DataFrame, neurons: np.ndarray, start: float, stop: float, bin_ms: float
) -> np.ndarray:
    """Spike counts, shape (len(neurons), bins), in bins of ``bin_ms`` from ``start``."""
    window = _window(spikes, start, stop, "binned_counts")
    bins = int(np.floor((stop - start) / bin_ms + 1e-9))
    if bins < 1:
        raise ValidationError(
            f"The window [{start:g}, {stop:g}) ms is shorter than one bin of {bin_ms:g} ms."
        )
    row = pd.Index(neurons).get_indexer(window["neuron"])
    col = np.floor((window["time"].to_numpy() - start) / bin_ms).astype(np.int64)
    keep = (row >= 0) & (col < bins)
    out = np.zeros((len(neurons), bins))
    np.add.at(out, (row[keep], col[keep]), 1.0)
    return out


def population_rate(
    spikes: pd.DataFrame, n: int, start: float, stop: float, bin_ms: float = 0.1
) -> pd.Series:
    """Population rate r(t) in Hz: spikes of all ``n`` neurons in each bin / (n · bin).

    Indexed by the bins' start times (ms).

    Examples:
        >>> s = pd.DataFrame({"neuron": [0, 1, 1], "time": [0.05, 0.15, 1.0]})
        >>> population_rate(s, n=2, start=0.0, stop=0.3).tolist()
        [5000.0, 5000.0, 0.0]
    """
    window = _window(spikes, start, stop, "population_rate")
    bins = int(np.floor((stop - start) / bin_ms + 1e-9))
    col = np.floor((window["time"].to_numpy() - start) / bin_ms).astype(np.int64)
    counts = np.bincount(col[col < bins], minlength=bins).astype(np.float64)
    return pd.Series(counts / (n * bin_ms * 1e-3), index=start + bin_ms * np.arange(bins))


def synchrony_chi(signals: np.ndarray) -> float:
    """Golomb's synchrony χ of signals X_i(t), shape (neurons, times).

    χ² = Var_t(X̄(t)) / ((1/n) Σ_i Var_t(X_i(t))), X̄ the mean over neurons: 1 when
    all signals are identical, about 1/√n when they are independent. Signals can be
    membrane potentials or binned spike counts. Neurons that never vary are left out.

    Examples:
        >>> x = np.sin(np.linspace(0, 10, 200))
        >>> synchrony_chi(np.vstack([x, x, x]))
        1.0
    """
    x = np.asarray(signals, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] < 2:
        raise ValidationError(
            f"The 'signals' parameter of synchrony_chi must be 2-D (neurons, times) with at "
            f"least 2 times. Got shape {x.shape}."
        )
    var_i = x.var(axis=1)
    x = x[var_i > 0]
    if x.shape[0] == 0:
        raise ValidationError("synchrony_chi needs at least one signal that varies in time.")
    chi2 = x.mean(axis=0).var() / x.var(axis=1).mean()
    return float(np.sqrt(chi2))


def rate_spectrum(
    rate: pd.Series, *, resolution: float = 5.0, min_frequency: float = 2.0
) -> tuple[pd.DataFrame, float, float]:
    """Power spectrum of a population rate (Welch), its peak frequency and peak prominence.

    Args:
        rate: :func:`population_rate`, indexed by time in ms.
        resolution: Welch's frequency spacing (Hz).
        min_frequency: ignore the peak search below this frequency (Hz).

    Returns:
        (spectrum with ``frequency`` and ``power``, peak frequency in Hz, the peak's
        power over the median power above ``min_frequency``: about 1-10 for a flat
        spectrum, far larger for an oscillation).
    """
    if not isinstance(rate, pd.Series) or len(rate) < 2:
        raise ValidationError(
            "The 'rate' parameter of rate_spectrum must be a pandas Series of at least two "
            f"samples indexed by time in ms (population_rate gives one). Got {rate!r:.80}."
        )
    times = np.asarray(rate.index, dtype=np.float64)
    dt = float(times[1] - times[0])
    if not np.isfinite(dt) or dt <= 0 or not np.allclose(np.diff(times), dt):
        raise ValidationError(
            "The 'rate' parameter of rate_spectrum must be indexed by evenly spaced, "
            f"increasing times (ms). Got a step of {dt!r}."
        )
    spectrum = power_spectrum(rate.to_numpy(), dt=dt, time_unit="ms", resolution=resolution)
    band = spectrum[spectrum["frequency"] >= min_frequency]
    if band.empty or not np.isfinite(band["power"]).all():
        raise ValidationError(
            f"rate_spectrum found no finite power at or above min_frequency={min_frequency!r} "
            "Hz: the rate is too short or not finite."
        )
    peak = band.loc[band["power"].idxmax()]
    prominence = float(peak["power"] / band["power"].median())
    return spectrum, float(peak["frequency"]), prominence
