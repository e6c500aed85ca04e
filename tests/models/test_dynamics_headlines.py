"""Headlines of the rate, E-I, Hopfield-Tank and Boltzmann experiments on known tables.

Each headline function is given a small hand-built result whose numbers are known (a
fraction of 3 in 4, a grid where two of four points agree ...) and must report them, so a
page that renders them quotes what the run's tables say.
"""

import math

import numpy as np
import pandas as pd
import pytest

from neuroagents.errors import ValidationError
from neuroagents.models.boltzmann.experiments.headlines import (
    dbn_digits_headlines,
    encoder_headlines,
)
from neuroagents.models.ei.experiments.headlines import phase_headlines as ei_phase_headlines
from neuroagents.models.hopfield_tank.experiments.headlines import largest_z, phase_headlines
from neuroagents.models.rate.experiments.headlines import threshold_linear_headlines
from neuroagents.runner.experiment import ExperimentResult
from neuroagents.runner.table_headlines import cell_headlines, checkpoint_proportions


def result(table=None, **tables):
    return ExperimentResult(table if table is not None else pd.DataFrame(), "", {}, tables)


def test_cell_headlines_name_each_row_and_refuse_two_rows_with_one_name():
    t = pd.DataFrame({"kind": ["leak", "runaway"], "eps": [0.01, 0.01], "tau": [99.9, 100.1]})
    h = cell_headlines(t, {"kind": "", "eps": "eps"}, ["tau"], "drift")
    assert {k: x.value for k, x in h.items()} == {
        "leak.eps0.01.tau": 99.9,
        "runaway.eps0.01.tau": 100.1,
    }
    assert all(x.se == 0 for x in h.values())
    with pytest.raises(ValidationError, match="keys"):
        cell_headlines(t, {"eps": "eps"}, ["tau"], "drift")


def test_checkpoint_proportions_are_the_fractions_of_the_first_trials():
    wins = [True, True, False, False, True, True, True, True]
    h = checkpoint_proportions(wins, [2, 4, 8], "wins", "w.")
    assert [h[f"w.first{k}"].value for k in (2, 4, 8)] == [1.0, 0.5, 0.75]
    assert h["w.first8"].n == 8 and h["w.first8"].low < 0.75 < h["w.first8"].high
    with pytest.raises(ValidationError, match="checkpoints"):
        checkpoint_proportions(wins, [9], "wins", "w.")


def test_threshold_linear_headlines_count_the_largest_start_winning():
    # graded drive: 3 of 4 starts won by their largest unit; equal drive: all 4
    wta = pd.DataFrame(
        {
            "drive": ["equal"] * 4 + ["graded"] * 4,
            "winner": [0, 1, 2, 3, 0, 1, 2, 3],
            "argmax_start": [0, 1, 2, 3, 0, 1, 2, 0],
            "active": [1] * 8,
        }
    )
    fp = pd.DataFrame(
        {"fixed_point": [0, 2, 2], "n_fixed_points": 5, "n_stable": 3, "distance": [1e-11] * 3}
    )
    ctln = pd.DataFrame([{"period": 11.0, "period_rk4": 10.0, "n_fixed_points": 1,
                          "n_stable_fixed_points": 0}])  # fmt: skip
    h = threshold_linear_headlines(result(fp, wta=wta, ctln=ctln), {"starts": 4})
    assert h["wta.equal.argmax_wins"].value == 1.0
    assert h["wta.graded.argmax_wins"].value == 0.75
    assert h["wta.graded.first2"].value == 1.0 and h["wta.graded.first1"].value == 1.0
    assert h["fp.reached"].value == 2 and h["fp.stable"].value == 3
    assert h["ctln.period_gap"].value == pytest.approx(0.1)


def test_largest_z_is_zero_for_equal_fractions_and_grows_with_the_gap():
    same = largest_z(pd.Series([0.2, 0.2]), pd.Series([50, 50]))
    near = largest_z(pd.Series([0.2, 0.3]), pd.Series([50, 50]))
    far = largest_z(pd.Series([0.2, 0.6]), pd.Series([50, 50]))
    assert same == 0.0 and 0 < near < 2 < far


def _tank_runs(cells):
    """Runs with ``valid`` given per (A, n', instance) as a count of 4 starts."""
    rows = []
    for (a, n_prime, instance), k in cells.items():
        for start in range(4):
            ok = start < k
            rows.append({"A": a, "n_prime": n_prime, "dt": 1e-5, "instance": instance,
                         "outcome": "valid" if ok else "invalid", "valid": ok,
                         "ratio": 1.5 if ok else np.nan, "optimal": False,
                         "ambiguous": 0})  # fmt: skip
    return pd.DataFrame(rows)


def test_hopfield_tank_phase_headlines_find_the_cells_with_valid_tours():
    grid = _tank_runs({(100.0, 10.0, 0): 0, (100.0, 10.0, 1): 0, (500.0, 10.0, 0): 0,
                       (500.0, 10.0, 1): 0, (100.0, 15.0, 0): 0, (100.0, 15.0, 1): 0,
                       (500.0, 15.0, 0): 4, (500.0, 15.0, 1): 2})  # fmt: skip
    # the step sweep: instance 0 (dt 1e-5) never valid, instance 1 (dt 2e-5) 2 of 4
    steps = _tank_runs({(500.0, 15.0, 0): 0, (500.0, 15.0, 1): 2})
    steps["dt"] = [1e-5] * 4 + [2e-5] * 4
    h = phase_headlines(result(grid_runs=grid, step_runs=steps), {})
    assert h["A500.np15.valid"].value == 0.75  # instances at 4/4 and 2/4
    assert h["A500.np15.valid"].se == pytest.approx(0.25)  # sd of (1, 0.5) over sqrt(2)
    assert h["A100.np15.valid"].value == 0.0
    assert h["valid_min_A"].value == 500 and h["valid_min_n_prime"].value == 15
    assert h["cells_all_valid"].value == 0 and h["cells_all_valid"].n == 4
    assert h["dt.valid_min"].value == 0.0 and h["dt.valid_max"].value == 0.5


def test_ei_phase_headlines_count_agreement_on_the_whole_grid_its_half_and_half_runs():
    theta_e, theta_i = np.meshgrid([10.0, 20.0, 30.0, 40.0], [15.0, 25.0])
    n = theta_e.size
    agree = np.array([True, False, True, True, True, True, False, True])
    frame = pd.DataFrame(
        {
            "grid": "thresholds",
            "theta_e": theta_e.ravel(),
            "theta_i": theta_i.ravel(),
            "outcome_agents": "steady",
            "outcome_ode": np.where(agree, "steady", "runaway"),
            "outcome_agents_half": "steady",
            "outcome_ode_half": "steady",
            "E_agents": 0.06,
            "E_ode": 0.0605,
        }
    )
    h = ei_phase_headlines(result(frame), {})
    assert h["thresholds.agreement"].value == 6 / 8 and h["thresholds.agreement"].n == n
    assert h["thresholds.agreement_half_run"].value == 1.0
    # every other value of both axes: theta_e 10, 30 and theta_i 15 -> points 0 and 2
    assert h["thresholds.coarse.agreement"].n == 2
    assert h["thresholds.coarse.agreement"].value == 1.0
    assert h["thresholds.steady_diff_max"].value == pytest.approx(0.0005)


def test_boltzmann_headlines_report_fractions_and_means_over_seeds():
    table = pd.DataFrame({"problem": ["4-2-4"] * 4 + ["8-3-8"] * 2, "seed": range(6),
                          "perfect": [True, True, True, False, True, False],
                          "cycles": [100, 200, 300, 2000, 640, 3000]})  # fmt: skip
    equil = pd.DataFrame([{"temperature": 10.0, "tau_sweeps": 4.4, "p_sampler": 0.3,
                           "p_agents": 0.1}])  # fmt: skip
    h = encoder_headlines(result(table, equilibration=equil), {})
    assert h["e424.perfect"].value == 0.75 and h["e424.perfect_count"].value == 3
    assert h["e424.cycles_median"].value == 200 and h["e424.cycles_max"].value == 300
    assert h["e838.perfect"].value == 0.5 and h["equil.T10.tau"].value == 4.4
    acc = pd.DataFrame({"seed": [0, 0, 1, 1], "features": ["raw pixels", "1 RBM(s)"] * 2,
                        "accuracy": [0.80, 0.95, 0.82, 0.93]})  # fmt: skip
    d = dbn_digits_headlines(result(acc), {})
    assert d["raw.accuracy"].value == pytest.approx(0.81)
    assert d["raw.accuracy"].se == pytest.approx(0.01)  # sd 0.01414 / sqrt 2
    assert d["depth1.accuracy"].value == pytest.approx(0.94)
    assert math.isfinite(d["depth1.sd"].value)


def test_balance_headlines_give_the_agents_distance_and_where_the_scan_settled():
    from neuroagents.models.ei.experiments.headlines import balance_headlines

    table = pd.DataFrame(
        {"ratio": [1.0, 1.0], "source": ["agents", "ode"], "E_final": [0.5, 0.8],
         "I_final": [0.4, 0.9], "overshoots_E": [0, 1], "rms_z_E": [6.0, math.nan],
         "rms_z_I": [8.0, math.nan]}
    )  # fmt: skip
    courses = pd.DataFrame({"ratio": 1.0, "source": ["agents"] * 4 + ["ode"] * 4,
                            "E": [0.1, 0.2, 0.5, 0.5, 0.1, 0.3, 0.8, 0.8]})  # fmt: skip
    scan = pd.DataFrame(
        {"ratio": [1.0, 1.0, 5.0, 5.0, 1.0], "source": ["agents"] * 4 + ["ode"],
         "outcome": ["steady", "runaway", "oscillating", "steady", "steady"],
         "E_final": [0.53, 0.99, 0.70, 0.60, 0.1]}
    )  # fmt: skip
    landmarks = pd.DataFrame([{"fixed_point_E": 0.8, "fixed_point_I": 0.9, "basin_ratio": 17.0,
                               "hopf_ratio": 8.0, "hopf_hz": 40.0}])  # fmt: skip
    bands = pd.DataFrame(columns=["run", "source", "band", "fraction", "peak_hz"])
    result = ExperimentResult(
        table=table,
        summary="",
        tables={"landmarks": landmarks, "timecourses": courses, "overshoot_scan": scan,
                "band_power": bands},
    )  # fmt: skip
    out = balance_headlines(result, {})
    assert out["r1.agents.rms_z_E"].value == 6.0 and out["r1.agents.rms_z_I"].value == 8.0
    assert "r1.ode.rms_z_E" not in out  # the ODE has no distance from itself
    # the agent runs that did not run away ended between 0.53 and 0.70 (not the ODE's 0.1)
    assert out["scan.agents.settled_E_min"].value == 0.53
    assert out["scan.agents.settled_E_max"].value == 0.70
    assert out["scan.agents.settled_E_min"].n == 3
    assert out["scan.r1.agents_runaway"].value == 0.5
