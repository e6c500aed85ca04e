"""The phase diagram: classification on known numbers, and a tiny grid whose classes are known."""

import math

import pandas as pd
import pytest

from neuroagents.models.spiking.phase import PhaseThresholds, classify_phase

# Measures of runs at N = 5000 with the paper's in-degrees (runs/spiking_phase.toml
# --quick): (rate, CV, chi, peak) -> the class the thresholds must give.
KNOWN = [
    ((333.3, 0.0009, 0.527, 670.0), "SR"),  # g = 3, nu = 2 (Fig. 8 SR)
    ((36.5, 0.430, 0.354, 90.0), "AI"),  # g = 5, nu = 2 (Fig. 8 AI)
    ((57.0, 0.858, 0.536, 180.0), "SI_fast"),  # g = 6, nu = 4 (Fig. 8 SI fast)
    ((4.30, 0.260, 0.499, 20.0), "SI_slow"),  # g = 5, nu = 0.9
    ((333.3, 0.0006, 0.324, 670.0), "AR"),  # g = 3, nu = 0.9: saturated, not in sync
    ((0.2, math.nan, 0.9, 0.0), "Q"),
]


@pytest.mark.parametrize(("measures", "expected"), KNOWN)
def test_classification_of_measured_runs(measures, expected):
    assert classify_phase(*measures) == expected


def test_each_threshold_moves_its_boundary_and_nothing_else():
    t = PhaseThresholds()
    rate, peak = 40.0, 100.0
    # Just either side of each line, the class flips exactly there.
    assert classify_phase(rate, 0.5, t.chi_sync - 1e-9, peak) == "AI"
    assert classify_phase(rate, 0.5, t.chi_sync, peak) == "SI_fast"
    assert classify_phase(rate, t.cv_regular - 1e-9, 0.9, peak) == "SR"
    assert classify_phase(rate, t.cv_regular, 0.9, peak) == "SI_fast"
    assert classify_phase(rate, 0.5, 0.9, t.fast_hz - 1e-9) == "SI_slow"
    assert classify_phase(t.min_rate - 1e-9, 0.5, 0.9, peak) == "Q"
    stricter = PhaseThresholds(chi_sync=0.6)
    assert classify_phase(rate, 0.5, 0.55, peak, stricter) == "AI"


@pytest.mark.slow
def test_a_tiny_grid_swept_and_resumed_shows_fig8_sr_and_ai(tmp_path):
    # Two of Brunel's Fig. 8 points at N = 5000 with C_E = 1000 (the paper's
    # in-degree), short windows; seeds fixed. SR: CV ~ 0.001, chi ~ 0.5; AI: CV ~ 0.4,
    # chi ~ 0.35 (quick runs), so the classes sit well inside their regions.
    from neuroagents.models.spiking.experiments.phase import phase_point, phase_verdict
    from neuroagents.sweeps import sweep

    fixed = {"n_e": 4000, "n_i": 1000, "epsilon": 0.25, "wiring": "fixed-indegree",
             "dt": 0.1, "warmup": 100.0, "duration": 200.0, "sample": 200}  # fmt: skip
    points = [{"g": 3.0, "nu_ratio": 2.0}, {"g": 5.0, "nu_ratio": 2.0}]
    kw = {"points": points, "params": fixed, "store": tmp_path / "store", "progress": False,
          "on_failure": "raise", "root_seed": 4}  # fmt: skip
    table = sweep(phase_point, **kw)
    assert table.set_index("g")["phase"].to_dict() == {3.0: "SR", 5.0: "AI"}
    assert phase_verdict(table) == (True, [])
    ai = table[table["g"] == 5.0].iloc[0]
    # The AI rate against the Siegert fixed point (37.9 Hz): within 10% over 200 ms.
    assert ai["rate_e"] == pytest.approx(ai["theory_rate"], rel=0.1)
    # Resuming the finished sweep recomputes nothing and gives the same table.
    again = sweep(phase_point, **kw)
    cols = ["g", "nu_ratio", "seed", "rate_e", "cv", "chi", "phase"]
    pd.testing.assert_frame_equal(
        table[cols].reset_index(drop=True), again[cols].reset_index(drop=True)
    )
