"""Feed-forward inhibition: the circuit, its integration window against theory, the verdict.

The windows are measured on exact spike times (``timing="precise"``) by bisection, so a
measured window w brackets the true one in [w, w + tol): comparisons with the closed
form use that bracket plus 1e-9 ms for floating point in exp/log and summed jumps.
"""

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroagents.errors import ConfigError, ValidationError
from neuroagents.models.spiking.experiments.feedforward_inhibition import (
    FEEDFORWARD_INHIBITION,
)
from neuroagents.models.spiking.feedforward import (
    FeedforwardParams,
    critical_inhibition,
    feedforward_graph,
    feedforward_model,
    integration_window,
    pair_fires,
    single_volley_fires,
    window_theory,
)
from neuroagents.models.spiking.feedforward_verdict import window_checks, window_verdict

SLACK = 1e-9
TOL = 1e-5


def in_bracket(measured, expected):
    """The true window ``expected`` lies in the measured bracket [window, window + tol]."""
    return -SLACK <= expected - measured.window <= measured.tol + SLACK


# ------------------------------------------------------------------ the circuit
def test_the_circuit_is_the_lectures_motif():
    g = feedforward_graph(FeedforwardParams(inh_strength=6.0, inh_delay=1.5, exc_delay=0.7))
    assert set(g.nodes) == {"RGC1", "RGC2", "LIN", "TC"}
    assert g.nodes["TC"]["role"] == "principal" and g.nodes["LIN"]["role"] == "interneuron"
    assert g.edges["RGC1", "TC"] == {"weight": 13.0, "delay": 0.7}
    assert g.edges["RGC2", "LIN"]["weight"] >= 20.0  # the LIN fires on every volley
    assert g.edges["LIN", "TC"] == {"weight": -6.0, "delay": 1.5}
    assert g.number_of_edges() == 5
    assert not feedforward_graph(FeedforwardParams()).has_edge("LIN", "TC")


def test_the_model_has_the_graphs_delays_synapse_by_synapse():
    p = FeedforwardParams(inh_strength=6.0, inh_delay=2.3, exc_delay=0.7)
    synapses = feedforward_model(p, 1.0).synapses()
    graph = feedforward_graph(p)
    for row in synapses.itertuples():
        assert row.delay == graph.edges[row.source, row.target]["delay"]
        assert row.weight == graph.edges[row.source, row.target]["weight"]


def test_tc_feels_the_epsp_and_the_ipsp_at_their_exact_times():
    p = FeedforwardParams(inh_strength=6.0, inh_delay=1.5, exc_delay=0.7, dt=0.05)
    m = feedforward_model(p, None, record=True)
    m.run_until(6.0)
    v = m.voltages()
    v = v.set_index(v["time"].round(9))["v"]  # precise timing records (k + 1) * dt unrounded
    # RGC1 fires at 1.0: EPSP at 1.7, IPSP at 3.2 (V decays with tau_m between).
    assert v.loc[1.65] == 0.0
    assert v.loc[1.75] == pytest.approx(13.0 * math.exp(-0.05 / 20.0), abs=1e-12)
    expected = 13.0 * math.exp(-(3.25 - 1.7) / 20.0) - 6.0 * math.exp(-0.05 / 20.0)
    assert v.loc[3.25] == pytest.approx(expected, abs=1e-12)
    spikes = m.spikes()
    assert spikes.set_index("neuron")["time"].to_dict() == {"RGC1": 1.0, "LIN": 1.7}


# ------------------------------------------------------------------ theory and simulation
@pytest.mark.parametrize(
    ("tau_m", "theta", "j_exc"),
    [(20.0, 20.0, 13.0), (10.0, 15.0, 8.0), (20.0, 20.0, 19.5), (5.0, 1.0, 0.7)],
)
def test_window_without_inhibition_is_the_closed_form(tau_m, theta, j_exc):
    p = FeedforwardParams(tau_m=tau_m, theta=theta, v_reset=0.0, j_exc=j_exc)
    # Two EPSPs Delta t apart reach theta when J e^{-Delta t / tau} + J = theta.
    expected = tau_m * math.log(j_exc / (theta - j_exc))
    assert window_theory(p) == pytest.approx(expected, rel=1e-15)
    measured = integration_window(p, tol=TOL)
    assert measured.contiguous
    assert in_bracket(measured, expected), (measured, expected)


@pytest.mark.parametrize("delay", [0.5, 1.0, 2.0, 4.0])
def test_strong_inhibition_cuts_the_window_to_its_own_delay(delay):
    # g >= g* = J e^{-d/tau} - (theta - J): after the IPSP no second EPSP reaches theta.
    p = FeedforwardParams(inh_delay=delay, inh_strength=13.0)
    assert critical_inhibition(p) < 13.0
    measured = integration_window(p, tol=TOL)
    assert in_bracket(measured, delay)


def test_window_shrinks_monotonically_with_inhibitory_strength():
    base = FeedforwardParams(inh_delay=1.0)
    strengths = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0]
    windows = []
    for g in strengths:
        p = dataclasses.replace(base, inh_strength=g)
        measured = integration_window(p, tol=TOL)
        assert in_bracket(measured, window_theory(p))
        windows.append(measured.window)
    w = np.array(windows)
    g_star = critical_inhibition(base)  # 5.37 mV: below it the window shrinks strictly
    below = np.array(strengths) < g_star
    assert np.all(np.diff(w[below]) < -0.1)
    assert np.all(w[~below] == pytest.approx(1.0, abs=2 * TOL))
    assert w[0] > 10.0 and w[-1] < 2.0  # tau-set without inhibition, < 2 ms with it


def test_weak_inhibition_with_long_delay_falls_back_on_the_delay():
    # W_1 < d: the window is min(d, W_0), not W_1 (inhibition arrives too late to matter
    # before d, and after d it wins).
    p = FeedforwardParams(inh_delay=5.0, inh_strength=4.0)
    residual = 13.0 - 4.0 * math.exp(5.0 / 20.0)
    w1 = 20.0 * math.log(residual / 7.0)
    assert w1 < 5.0
    measured = integration_window(p, tol=TOL)
    assert in_bracket(measured, 5.0)


def test_window_does_not_depend_on_the_grid_step():
    a = FeedforwardParams(inh_delay=1.0, inh_strength=3.0, exc_delay=1.0, dt=0.5)
    b = dataclasses.replace(a, dt=0.03)
    assert integration_window(a, tol=TOL) == integration_window(b, tol=TOL)


@settings(max_examples=25, deadline=None)
@given(
    tau_m=st.floats(2.0, 50.0),
    frac=st.floats(0.51, 0.99),
    strength=st.floats(0.0, 30.0),
    delay=st.floats(0.1, 10.0),
    interval=st.floats(0.0, 30.0),
)
def test_a_single_volley_never_fires_and_a_pair_fires_as_theory_says(
    tau_m, frac, strength, delay, interval
):
    p = FeedforwardParams(tau_m=tau_m, j_exc=20.0 * frac, inh_strength=strength, inh_delay=delay)
    assert not single_volley_fires(p)
    assert pair_fires(p, 0.0)  # coincident volleys: 2 J > theta
    w = window_theory(p)
    if abs(interval - w) > 1e-6 and abs(interval - delay) > 1e-6:  # away from the edges
        assert pair_fires(p, interval) == (interval < w)


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("j_exc", 25.0, "'j_exc' parameter of FeedforwardParams must be a finite real number in"),
        ("j_exc", 10.0, "'j_exc'.*\\(10, 20\\)"),
        ("inh_strength", -1.0, "'inh_strength'"),
        ("inh_delay", 0.05, "'inh_delay'.*\\[0.1, inf\\]"),
        ("exc_delay", float("nan"), "'exc_delay'"),
        ("tau_m", 0.0, "'tau_m'"),
        ("v_reset", 20.0, "'v_reset'"),
        ("dt", -0.1, "'dt'"),
    ],
)
def test_bad_parameters_are_refused_by_name(field, value, match):
    with pytest.raises(ValidationError, match=match):
        FeedforwardParams(**{field: value})


def test_bad_measurement_arguments_are_refused():
    p = FeedforwardParams()
    with pytest.raises(ValidationError, match=r"'horizon'.*still fires"):
        integration_window(p, horizon=5.0)
    with pytest.raises(ValidationError, match="'tol'"):
        integration_window(p, tol=0.0)
    with pytest.raises(ValidationError, match="'scan_points'"):
        integration_window(p, scan_points=1)
    with pytest.raises(ValidationError, match="'interval'"):
        pair_fires(p, -1.0)
    with pytest.raises(ConfigError, match="Unknown parameter 'g'"):
        FeedforwardParams.from_config({"g": 3.0})


def test_params_round_trip_through_a_config():
    p = FeedforwardParams(inh_strength=4.0, inh_delay=1.5)
    assert FeedforwardParams.from_config(p.to_config()) == p


# ------------------------------------------------------------------ the verdict
def good_table():
    return pd.DataFrame(
        {
            "inh_delay": [np.nan, 1.0, 1.0, 3.0, 3.0],
            "inh_strength": [0.0, 2.0, 8.0, 2.0, 8.0],
            "critical_strength": [np.nan, 5.37, 5.37, 4.19, 4.19],
            "window": [12.3807, 8.8523, 0.9999, 8.4423, 2.9999],
            "window_theory": [12.3808, 8.8524, 1.0, 8.4424, 3.0],
            "tol": [1e-4] * 5,
            "single_volley_fires": [False] * 5,
            "contiguous": [True] * 5,
        }
    )


def test_the_verdict_passes_a_table_that_shows_the_paper():
    assert window_verdict(good_table()) == (True, [])


@pytest.mark.parametrize(
    ("change", "failed"),
    [
        ({"single_volley_fires": [False, True, False, False, False]}, "single volleys"),
        ({"contiguous": [True, True, True, False, True]}, "one interval"),
        ({"window": [12.3807, 8.8523, 0.9, 8.4423, 2.9999]}, "closed form"),
        (
            {"window": [1.5, 1.2, 0.9999, 1.1, 1.0], "window_theory": [1.5, 1.2, 1.0, 1.1, 1.0]},
            "without inhibition",
        ),
        (
            {
                "window": [12.3807, 8.8523, 2.5, 8.4423, 2.9999],
                "window_theory": [12.3808, 8.8524, 2.5, 8.4424, 3.0],
            },
            "under 2 ms",
        ),
        (
            {
                "window": [12.3807, 8.8523, 0.9999, 8.4423, 9.0],
                "window_theory": [12.3808, 8.8524, 1.0, 8.4424, 9.0],
            },
            "never grows",
        ),
    ],
)
def test_the_verdict_names_what_a_table_fails(change, failed):
    ok, names = window_verdict(good_table().assign(**change))
    assert not ok
    assert len(names) == 1 and failed in names[0], names


def test_the_paper_check_needs_a_row_that_tests_it():
    weak_only = good_table().iloc[[0, 1, 3]]  # no circuit with g >= g* and lag < 2 ms
    assert not window_checks(weak_only)[
        "with inhibition (lag < 2 ms, g >= g*) the window is under 2 ms"
    ]


def test_the_verdict_refuses_a_table_without_its_columns():
    with pytest.raises(ValidationError, match="columns"):
        window_verdict(good_table().drop(columns="tol"))


# ------------------------------------------------------------------ the experiment
def test_the_experiment_measures_the_grid_and_shows_the_paper():
    config = {name: p.default for name, p in FEEDFORWARD_INHIBITION.params.items()}
    config |= {"inh_delays": [1.0, 3.0], "inh_strengths": [2.0, 13.0], "tol": 1e-3}
    config |= {"tau_syns": [0.5], "currents_dt": 0.05}
    result = FEEDFORWARD_INHIBITION.run(config, np.random.default_rng(0))
    table = result.table
    assert len(table) == 5  # no inhibition + 2 x 2
    assert (table["error"].abs() <= table["tol"] + SLACK).all()
    assert table.loc[table["inh_strength"] == 13.0, "window"].to_numpy() == pytest.approx(
        [1.0, 3.0], abs=1e-3
    )
    assert "Verdict: shows what the paper reports." in result.summary
    traces = result.tables["traces"]
    fired = traces.groupby("circuit", sort=False)["spike"].first()
    # 5 ms apart: inside the 12.4 ms window without inhibition, outside the 1 ms one.
    assert fired.iloc[0] == pytest.approx(7.0) and np.isnan(fired.iloc[1])
    assert set(result.figures) == {"feedforward_inhibition"}
    currents = result.tables["currents"]
    assert len(currents) == 5
    # dt below the continuous-time theory at most, plus the peak the grid misses
    # (tests/models/spiking/test_feedforward_currents.py bounds it by 5e-3 ms).
    assert ((currents["error"] >= -SLACK) & (currents["error"] <= 0.05 + 5e-3)).all()


def test_the_experiment_says_when_its_grid_cannot_show_the_paper():
    # Every delay >= 2 ms: no circuit can have a window under 2 ms, so the verdict fails
    # on exactly the paper's check, and the summary says so.
    config = {name: p.default for name, p in FEEDFORWARD_INHIBITION.params.items()}
    config |= {"inh_delays": [2.5], "inh_strengths": [2.0, 13.0], "tol": 1e-2}
    config |= {"tau_syns": [0.5], "currents_dt": 0.1, "trace_delay": 2.5}
    result = FEEDFORWARD_INHIBITION.run(config, np.random.default_rng(0))
    assert window_verdict(result.table) == (
        False,
        ["with inhibition (lag < 2 ms, g >= g*) the window is under 2 ms"],
    )
    assert "does not show what the paper reports; failed: with inhibition" in result.summary
