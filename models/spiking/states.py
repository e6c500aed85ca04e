"""What a Brunel network's run shows: its measures and the verdict on its state.

Pieces:
    StateMeasures: rates, irregularity, synchrony and rhythm of one run.
    measure_run: the measures of a run of :func:`~.brunel.brunel_model`.
    CHECKS: per state of Brunel's Fig. 8, the properties the paper describes, as tests
        on the measures with their thresholds.
    verdict: which of a state's checks the measures pass.

The paper's descriptions (Brunel 2000, section 4 and Fig. 8) and the tests used here:

- SR, synchronous regular: neurons fire almost regularly (mean CV < 0.1; a Poisson
  train has 1) and synchronously (χ >= 0.45), at high rates.
- SI fast: a fast population oscillation (spectral peak > 100 Hz; Brunel: ~180 Hz) of
  irregularly firing neurons (CV >= 0.5) at rates below the oscillation frequency.
- AI, asynchronous irregular: stationary population activity (χ < 0.45), whose rate is
  the mean-field fixed point (within 5%), the same in E and I (within 5%), and
  individual firing that is not regular (CV >= 0.3; below 1 because the mean input is
  above threshold in this state, μ ≈ 21 mV > θ = 20 mV by eq. 4).
- SI slow: a slow population oscillation (spectral peak < 50 Hz) with synchrony
  (χ >= 0.45) and irregular firing (CV >= 0.3) at low rates (< 20 Hz).

χ is Golomb's synchrony of the membrane potentials of a sample of neurons; 0.45 lies
between what the quick-size runs measure in AI (about 0.36) and in the synchronous states
(0.5 and above); at the full size AI measures about 0.21 (docs/results/spiking_brunel_*.json
and their quick twins).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from neuroagents.analysis.spikes import (
    fano_factor,
    firing_rates,
    isi_cv,
    population_rate,
    rate_spectrum,
    synchrony_chi,
)
from neuroagents.sim.spiking import SpikingModel

__all__ = ["CHECKS", "StateMeasures", "measure_run", "verdict"]

CHI_SYNC = 0.45


@dataclass(frozen=True)
class StateMeasures:
    """Measures of one run over its measurement window.

    Attributes:
        rate_e, rate_i: mean firing rates of E and I neurons (Hz).
        cv: mean CV of inter-spike intervals (neurons with >= 3 spikes).
        fano: mean Fano factor of spike counts in 50 ms windows.
        chi: Golomb's synchrony of recorded membrane potentials.
        peak_hz: frequency of the population rate's spectral peak (Hz).
        peak_prominence: its power over the median power above 2 Hz.
        theory_rate: the mean-field fixed point (Hz; NaN where it is not defined).
    """

    rate_e: float
    rate_i: float
    cv: float
    fano: float
    chi: float
    peak_hz: float
    peak_prominence: float
    theory_rate: float

    def to_dict(self) -> dict[str, float]:
        """The measures as a dict."""
        return asdict(self)


def measure_run(
    model: SpikingModel, n_e: int, start: float, stop: float, theory_rate: float
) -> tuple[StateMeasures, pd.Series]:
    """Measure a Brunel run in [start, stop) ms; also return its population rate (0.5 ms bins).

    The model must have recorded the membrane potentials of some neurons (for χ).
    """
    spikes = model.spikes()
    neurons = np.arange(model.n)
    rates = firing_rates(spikes, neurons, start, stop)
    volt = model.voltages()
    volt = volt[(volt["time"] > start) & (volt["time"] <= stop)]
    signals = volt.pivot(index="neuron", columns="time", values="v").to_numpy()
    rate = population_rate(spikes, model.n, start, stop, bin_ms=0.5)
    _, peak, prominence = rate_spectrum(rate, resolution=10.0)
    sample = neurons[:: max(1, model.n // 1000)]
    measures = StateMeasures(
        rate_e=float(rates.iloc[:n_e].mean()),
        rate_i=float(rates.iloc[n_e:].mean()),
        cv=float(isi_cv(spikes, start, stop).mean()),
        fano=float(np.nanmean(fano_factor(spikes, sample, start, stop, 50.0))),
        chi=synchrony_chi(signals),
        peak_hz=peak,
        peak_prominence=prominence,
        theory_rate=theory_rate,
    )
    return measures, rate


Check = tuple[str, Callable[[StateMeasures], bool]]

CHECKS: dict[str, list[Check]] = {
    "SR": [
        ("regular firing (CV < 0.1)", lambda m: m.cv < 0.1),
        (f"synchronous (chi >= {CHI_SYNC})", lambda m: m.chi >= CHI_SYNC),
        ("high rate (> 100 Hz)", lambda m: m.rate_e > 100.0),
    ],
    "SI_fast": [
        ("fast oscillation (peak > 100 Hz)", lambda m: m.peak_hz > 100.0),
        ("irregular firing (CV >= 0.5)", lambda m: m.cv >= 0.5),
        ("rates below the oscillation frequency", lambda m: m.rate_e < m.peak_hz),
    ],
    "AI": [
        (f"asynchronous (chi < {CHI_SYNC})", lambda m: m.chi < CHI_SYNC),
        (
            "rate at the mean-field fixed point (5%)",
            lambda m: abs(m.rate_e / m.theory_rate - 1) < 0.05,
        ),
        ("E and I rates equal (5%)", lambda m: abs(m.rate_i / m.rate_e - 1) < 0.05),
        ("not regular (CV >= 0.3)", lambda m: m.cv >= 0.3),
    ],
    "SI_slow": [
        ("slow oscillation (peak < 50 Hz)", lambda m: m.peak_hz < 50.0),
        (f"synchronous (chi >= {CHI_SYNC})", lambda m: m.chi >= CHI_SYNC),
        ("irregular firing (CV >= 0.3)", lambda m: m.cv >= 0.3),
        ("low rate (< 20 Hz)", lambda m: m.rate_e < 20.0),
    ],
}


def verdict(state: str, measures: StateMeasures) -> tuple[bool, list[str]]:
    """Whether the measures show the state the paper describes; the checks that failed.

    Examples:
        >>> m = StateMeasures(37.5, 37.8, 0.45, 0.3, 0.2, 100.0, 20.0, 37.95)
        >>> verdict("AI", m)
        (True, [])
        >>> verdict("SR", m)[1]
        ['regular firing (CV < 0.1)', 'synchronous (chi >= 0.45)', 'high rate (> 100 Hz)']
    """
    failed = [name for name, test in CHECKS[state] if not test(measures)]
    return not failed, failed
