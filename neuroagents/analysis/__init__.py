"""Analysis of recorded runs.

Modules:
    summary: statistics of sweep tables by parameter (mean, sem, quantiles), tidy tables.
    spectra: power spectra and band power (delta, theta, gamma) of population rates.
"""

from neuroagents.analysis.spectra import BANDS, band_power, power_spectrum
from neuroagents.analysis.summary import summarize, tidy

__all__ = ["BANDS", "band_power", "power_spectrum", "summarize", "tidy"]
