"""Oscillation bands of a population-rate series: power spectrum and band power.

The lecture's bands (Hz): delta 2–4, theta 4–8, low gamma 40–70, high gamma 70–150.
A model's time has no unit of its own, so every function here takes the sampling
interval *with a declared time unit* (``time_unit="ms"``, ``"s"``…) and reports
frequencies in Hz.

Definitions: for a uniformly sampled series x with sampling rate f_s, the one-sided
power spectral density S(f) (scipy's ``scaling="density"``) satisfies
∫₀^{f_s/2} S(f) df = var(x) (Parseval), and the power in a band [f_lo, f_hi) is

    P_band = ∫_{f_lo}^{f_hi} S(f) df ≈ Σ_{f_lo ≤ f_k < f_hi} S(f_k) Δf,

in the units of x squared: a sinusoid of amplitude A inside the band contributes A²/2,
white noise of variance σ² contributes σ² (f_hi − f_lo) / (f_s / 2).

Pieces:
    BANDS: the lecture's bands.
    TIME_UNITS: seconds per time unit.
    sampling_rate: f_s in Hz from a sampling interval and its unit.
    power_spectrum: Welch (averaged, Hann window) or periodogram estimate of S(f).
    band_power: the power in each band, absolute and as a fraction of the total.

References:
    P. Welch, "The use of fast Fourier transform for the estimation of power
    spectra", IEEE Trans. Audio Electroacoust. 15 (1967) 70–73.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError
from neuroagents.validation import check_choice, check_real

__all__ = ["BANDS", "TIME_UNITS", "band_power", "power_spectrum", "sampling_rate"]

BANDS: dict[str, tuple[float, float]] = {
    "delta": (2.0, 4.0),
    "theta": (4.0, 8.0),
    "low_gamma": (40.0, 70.0),
    "high_gamma": (70.0, 150.0),
}

TIME_UNITS: dict[str, float] = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "min": 60.0}


def sampling_rate(dt: float, time_unit: str = "ms") -> float:
    """Sampling rate in Hz of samples ``dt`` time units apart.

    Examples:
        >>> sampling_rate(1.0, "ms"), sampling_rate(0.01, "s")
        (1000.0, 100.0)
    """
    check_choice("time_unit", time_unit, "sampling_rate", tuple(TIME_UNITS))
    dt = check_real("dt", dt, "sampling_rate", low=0, low_open=True)
    return 1.0 / (dt * TIME_UNITS[time_unit])


def _samples(values: Any, dt: float | None, time: Any, where: str) -> tuple[np.ndarray, float]:
    """The series as a float array and its sampling interval (in the declared unit)."""
    if time is None and dt is None and isinstance(values, pd.Series):
        time = values.index.to_numpy(dtype=np.float64)
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1:
        raise ValidationError(
            f"The 'values' parameter of {where} must be a 1-D series. Got shape {x.shape}."
        )
    if x.size < 8 or not np.all(np.isfinite(x)):
        raise ValidationError(
            f"The 'values' parameter of {where} must hold at least 8 finite samples. "
            f"Got {x.size} samples, {int(np.sum(~np.isfinite(x)))} not finite."
        )
    if (dt is None) == (time is None):
        raise ValidationError(
            f"{where} needs exactly one of 'dt' (the sampling interval) or 'time' (the "
            f"sample times). Got {'both' if dt is not None else 'neither'}."
        )
    if time is not None:
        t = np.asarray(time, dtype=np.float64)
        if t.shape != x.shape:
            raise ValidationError(
                f"The 'time' parameter of {where} must have one time per sample "
                f"({x.size}). Got shape {t.shape}."
            )
        steps = np.diff(t)
        dt = float(np.mean(steps))
        if dt <= 0 or not np.allclose(steps, dt, rtol=1e-6, atol=0):
            k = int(np.argmax(np.abs(steps - dt)))
            raise ValidationError(
                f"The 'time' parameter of {where} must be uniformly spaced and increasing "
                f"(resample first). Got steps from {steps.min():g} to {steps.max():g}, "
                f"e.g. {steps[k]:g} at sample {k}."
            )
    dt = check_real("dt", dt, where, low=0, low_open=True)
    return x, dt


def power_spectrum(
    values: Sequence[float] | np.ndarray | pd.Series,
    *,
    dt: float | None = None,
    time: Sequence[float] | np.ndarray | None = None,
    time_unit: str = "ms",
    method: str = "welch",
    resolution: float = 0.5,
) -> pd.DataFrame:
    """One-sided power spectral density S(f) of a uniformly sampled series.

    Args:
        values: the series (e.g. a population's active fraction over time). A pandas
            Series with a numeric index may carry its own sample times.
        dt: sampling interval, in ``time_unit``.
        time: sample times instead of ``dt`` (must be uniformly spaced).
        time_unit: the unit of ``dt``/``time``: ``"s"``, ``"ms"``, ``"us"`` or ``"min"``.
        method: ``"welch"`` (Hann-windowed segments of 1/resolution seconds, half
            overlapping, averaged: lower variance) or ``"periodogram"`` (one Hann
            window over the whole series: finest resolution).
        resolution: Welch's frequency spacing in Hz (segment length 1/resolution
            s, or the whole series if shorter). The default 0.5 Hz puts four bins in
            the narrowest band (delta, 2 Hz wide).

    Returns:
        Columns ``frequency`` (Hz, from 0 to the Nyquist frequency f_s/2) and
        ``power`` (units of ``values`` squared per Hz). ``attrs`` holds
        ``sampling_rate`` and ``resolution`` (both Hz).

    Raises:
        ValidationError: fewer than 8 samples, non-uniform times, both or neither of
            ``dt`` and ``time``, or an unknown ``time_unit`` or ``method``.

    Examples:
        >>> t = np.arange(0, 4000.0)                     # 4 s at 1 ms
        >>> x = np.sin(2 * np.pi * 6.0 * t / 1000.0)     # 6 Hz
        >>> S = power_spectrum(x, dt=1.0, time_unit="ms")
        >>> float(S["frequency"][S["power"].idxmax()])
        6.0
    """
    from scipy import signal as sps  # lazily: importing it costs ~1 s

    where = "power_spectrum"
    check_choice("time_unit", time_unit, where, tuple(TIME_UNITS))
    check_choice("method", method, where, ("welch", "periodogram"))
    resolution = check_real("resolution", resolution, where, low=0, low_open=True)
    x, dt = _samples(values, dt, time, where)
    fs = sampling_rate(dt, time_unit)
    if method == "welch":
        nperseg = min(x.size, max(8, round(fs / resolution)))
        freq, power = sps.welch(x, fs=fs, window="hann", nperseg=nperseg,
                                detrend="constant", scaling="density")  # fmt: skip
    else:
        freq, power = sps.periodogram(x, fs=fs, window="hann", detrend="constant",
                                      scaling="density")  # fmt: skip
    frame = pd.DataFrame({"frequency": freq, "power": power})
    frame.attrs["sampling_rate"] = fs
    frame.attrs["resolution"] = float(freq[1] - freq[0])
    return frame


def band_power(
    values: Sequence[float] | np.ndarray | pd.Series,
    *,
    dt: float | None = None,
    time: Sequence[float] | np.ndarray | None = None,
    time_unit: str = "ms",
    bands: Mapping[str, tuple[float, float]] | None = None,
    method: str = "welch",
    resolution: float = 0.5,
) -> pd.DataFrame:
    """Power of a series in each frequency band (default: the lecture's :data:`BANDS`).

    ``P_band = Σ S(f_k) Δf`` over the bins with ``f_lo ≤ f_k < f_hi`` (so adjacent
    bands never share a bin), from :func:`power_spectrum`. A band reaching above the
    Nyquist frequency f_s/2 cannot be measured: its power is NaN, with a warning.

    Args:
        values: the series.
        dt: sampling interval, in ``time_unit``.
        time: sample times instead of ``dt``.
        time_unit: ``"s"``, ``"ms"``, ``"us"`` or ``"min"``.
        bands: band name -> (low Hz, high Hz).
        method: ``"welch"`` or ``"periodogram"`` (see :func:`power_spectrum`).
        resolution: Welch's frequency spacing in Hz.

    Returns:
        One row per band: ``band``, ``low_hz``, ``high_hz``, ``power`` (units of
        ``values`` squared) and ``fraction`` (of the total power, i.e. of the
        variance). ``attrs`` holds ``sampling_rate``, ``resolution`` and ``total``.

    Raises:
        ValidationError: as :func:`power_spectrum`, or a band with low >= high or a
            negative edge.

    Examples:
        A 6 Hz sinusoid of amplitude 2 has power A²/2 = 2, all of it in theta:

        >>> t = np.arange(0, 10_000.0)                   # 10 s sampled every ms
        >>> x = 2.0 * np.sin(2 * np.pi * 6.0 * t / 1000.0)
        >>> bp = band_power(x, dt=1.0, time_unit="ms")
        >>> bp.set_index("band")["power"].round(2).to_dict()
        {'delta': 0.0, 'theta': 2.0, 'low_gamma': 0.0, 'high_gamma': 0.0}
    """
    where = "band_power"
    chosen = dict(BANDS if bands is None else bands)
    if not chosen:
        raise ValidationError(f"The 'bands' parameter of {where} must name at least one band.")
    for name, edges in chosen.items():
        if len(edges) != 2 or not (0 <= float(edges[0]) < float(edges[1])):
            raise ValidationError(
                f"The 'bands' parameter of {where} must map names to (low, high) in Hz with "
                f"0 <= low < high. Band {name!r} is {tuple(edges)!r}."
            )
    spectrum = power_spectrum(values, dt=dt, time=time, time_unit=time_unit, method=method,
                              resolution=resolution)  # fmt: skip
    freq, density = spectrum["frequency"].to_numpy(), spectrum["power"].to_numpy()
    df = spectrum.attrs["resolution"]
    nyquist = spectrum.attrs["sampling_rate"] / 2
    total = float(density.sum() * df)
    rows = []
    for name, (lo, hi) in chosen.items():
        lo, hi = float(lo), float(hi)
        if hi > nyquist:
            warnings.warn(
                f"band_power: the {name!r} band ({lo:g}–{hi:g} Hz) reaches above the Nyquist "
                f"frequency {nyquist:g} Hz of this series; its power is NaN. Sample more "
                "often (a smaller record_every).",
                RuntimeWarning,
                stacklevel=2,
            )
            power = math.nan
        else:
            if hi - lo < 2 * df:
                warnings.warn(
                    f"band_power: the {name!r} band ({lo:g}–{hi:g} Hz) spans fewer than two "
                    f"frequency bins of {df:.3g} Hz; use a longer series.",
                    RuntimeWarning,
                    stacklevel=2,
                )
            inside = (freq >= lo) & (freq < hi)
            power = float(density[inside].sum() * df)
        fraction = power / total if total > 0 else math.nan
        rows.append((name, lo, hi, power, fraction))
    table = pd.DataFrame(rows, columns=["band", "low_hz", "high_hz", "power", "fraction"])
    table.attrs.update(spectrum.attrs)
    table.attrs["total"] = total
    return table
