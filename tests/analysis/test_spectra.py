"""Band power on synthetic signals whose spectra are known in closed form."""

import math

import numpy as np
import pandas as pd
import pytest

from neuroagents.analysis.spectra import BANDS, band_power, power_spectrum, sampling_rate
from neuroagents.errors import ValidationError

FS = 1000.0  # Hz: one sample per ms
T = np.arange(0, 20_000.0)  # 20 s in ms


def _powers(x, **kwargs):
    return band_power(x, **{"dt": 1.0, "time_unit": "ms", **kwargs}).set_index("band")["power"]


def test_bands_are_the_lectures():
    assert BANDS == {
        "delta": (2.0, 4.0),
        "theta": (4.0, 8.0),
        "low_gamma": (40.0, 70.0),
        "high_gamma": (70.0, 150.0),
    }


def test_each_sinusoid_lands_in_its_band_with_power_a_squared_over_two():
    amps = {"delta": (3.0, 1.5), "theta": (6.0, 0.7), "low_gamma": (55.0, 0.4),
            "high_gamma": (110.0, 0.25)}  # fmt: skip
    x = sum(a * np.sin(2 * np.pi * f * T / 1000.0 + k) for k, (f, a) in enumerate(amps.values()))
    got = _powers(x)
    for band, (_, a) in amps.items():
        assert got[band] == pytest.approx(a**2 / 2, rel=0.01)
    table = band_power(x, dt=1.0)
    # Parseval: the total is the variance, and the four bands hold all of it here.
    assert table.attrs["total"] == pytest.approx(np.var(x), rel=0.01)
    assert table["fraction"].sum() == pytest.approx(1.0, abs=0.01)


def test_a_sinusoid_between_bands_gives_them_nothing():
    got = _powers(np.sin(2 * np.pi * 20.0 * T / 1000.0))  # 20 Hz: beta, not a listed band
    assert got.max() < 1e-4


def test_white_noise_power_is_proportional_to_bandwidth():
    rng = np.random.default_rng(0)
    sigma = 2.0
    x = rng.normal(0, sigma, size=200_000)  # 200 s
    got = _powers(x)
    for band, (lo, hi) in BANDS.items():
        expected = sigma**2 * (hi - lo) / (FS / 2)
        # Welch averages ~400 segments over (hi - lo) / 0.5 Hz bins: relative error
        # about 1 / sqrt(segments * bins) < 2%; allow 4 standard errors.
        bins = (hi - lo) / 0.5
        assert got[band] == pytest.approx(expected, rel=4 / math.sqrt(399 * bins))


def test_ar1_process_matches_its_analytic_spectrum():
    # x_t = a x_{t-1} + e_t has the one-sided density 2 s^2 / fs / |1 - a exp(-2 pi i f / fs)|^2.
    rng = np.random.default_rng(1)
    a, s = 0.95, 1.0
    e = rng.normal(0, s, size=400_000)
    x = np.empty_like(e)
    x[0] = e[0]
    for k in range(1, e.size):
        x[k] = a * x[k - 1] + e[k]
    got = _powers(x)
    f = np.linspace(0, FS / 2, 200_001)
    density = 2 * s**2 / FS / np.abs(1 - a * np.exp(-2j * np.pi * f / FS)) ** 2
    for band, (lo, hi) in BANDS.items():
        inside = (f >= lo) & (f <= hi)
        expected = np.trapezoid(density[inside], f[inside])
        assert got[band] == pytest.approx(expected, rel=0.08), band


def test_time_unit_is_honoured():
    x = np.sin(2 * np.pi * 6.0 * T / 1000.0)
    in_ms = _powers(x)
    in_s = band_power(x, dt=0.001, time_unit="s").set_index("band")["power"]
    pd.testing.assert_series_equal(in_ms, in_s)
    # The same samples read as one per second: 6 cycles per 1000 samples is 0.006 Hz, and
    # every band lies above the Nyquist frequency of 0.5 Hz.
    with pytest.warns(RuntimeWarning, match="Nyquist"):
        slow = band_power(x, dt=1.0, time_unit="s")
    assert slow["power"].isna().all()
    assert sampling_rate(0.5, "ms") == 2000.0


def test_band_above_nyquist_is_nan_and_the_others_still_count():
    t = np.arange(0, 20_000.0, 4.0)  # 4 ms sampling: Nyquist 125 Hz
    x = np.sin(2 * np.pi * 55.0 * t / 1000.0)
    with pytest.warns(RuntimeWarning, match="high_gamma"):
        table = band_power(x, dt=4.0, time_unit="ms").set_index("band")
    assert math.isnan(table.loc["high_gamma", "power"])
    assert table.loc["low_gamma", "power"] == pytest.approx(0.5, rel=0.01)


def test_series_index_and_time_array_give_the_same_answer():
    x = np.cos(2 * np.pi * 3.0 * T / 1000.0)
    by_index = band_power(pd.Series(x, index=T)).set_index("band")["power"]
    by_time = band_power(x, time=T).set_index("band")["power"]
    pd.testing.assert_series_equal(by_index, by_time)
    assert by_index["delta"] == pytest.approx(0.5, rel=0.01)


def test_periodogram_finds_a_peak_at_its_frequency():
    x = np.sin(2 * np.pi * 60.0 * T / 1000.0)
    s = power_spectrum(x, dt=1.0, method="periodogram")
    assert s.attrs["resolution"] == pytest.approx(0.05)
    assert s["frequency"][s["power"].idxmax()] == pytest.approx(60.0)
    assert _powers(x, method="periodogram")["low_gamma"] == pytest.approx(0.5, rel=0.01)


def test_custom_bands():
    x = np.sin(2 * np.pi * 20.0 * T / 1000.0)
    table = band_power(x, dt=1.0, bands={"beta": (13.0, 30.0)})
    assert table["band"].tolist() == ["beta"]
    assert table["power"].iloc[0] == pytest.approx(0.5, rel=0.01)


def test_short_series_warns_about_resolution():
    x = np.sin(2 * np.pi * 3.0 * np.arange(300.0) / 1000.0)  # 0.3 s: 3.3 Hz bins
    with pytest.warns(RuntimeWarning) as record:
        band_power(x, dt=1.0)
    assert {"delta", "theta"} <= {w.message.args[0].split("'")[1] for w in record}


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"dt": 1.0, "time_unit": "hours"}, "time_unit"),
        ({}, "neither"),
        ({"dt": 1.0, "time": T}, "both"),
        ({"time": np.r_[T[:-1], T[-1] + 5]}, "'time'"),
        ({"dt": -1.0}, "'dt'"),
        ({"dt": 1.0, "method": "fft"}, "'method'"),
        ({"dt": 1.0, "bands": {"odd": (8.0, 4.0)}}, "'odd'"),
    ],
)
def test_bad_arguments_are_named(kwargs, named):
    x = np.sin(T / 100.0)
    with pytest.raises(ValidationError, match=named):
        band_power(x, **kwargs)


def test_too_few_or_non_finite_samples():
    with pytest.raises(ValidationError, match="at least 8"):
        band_power(np.ones(4), dt=1.0)
    with pytest.raises(ValidationError, match="1 not finite"):
        band_power(np.r_[np.ones(20), np.nan], dt=1.0)
