"""SpikingModel in sweeps: a swept f-I curve against the closed form, reproducible anywhere."""

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import neuroagents as na
from neuroagents.sim.spiking import LIFParams, SpikingModel


def fi_point(params, rng):
    """One LIF neuron under constant current: its mean inter-spike interval (ms)."""
    p = LIFParams(tau_m=params["tau_m"], C_m=250.0, E_L=0.0, V_th=20.0, V_reset=0.0, t_ref=2.0)
    m = SpikingModel(np.zeros((1, 1)), params=p, dt=0.1, rng=rng)
    m.set_current(params["I_e"])
    m.run_for(300.0)
    times = m.spikes()["time"].to_numpy()
    return {"spikes": len(times), "isi": float(np.diff(times).mean()) if len(times) > 1 else 0.0}


def expected_isi(i_e, tau_m, dt=0.1, c_m=250.0, theta=20.0, n_ref=20):
    """n_ref refractory steps, then the first step whose exact V(t) reaches theta.

    From V = 0, V(t) = R I (1 - exp(-t / tau)) with R = tau / C: it reaches theta at
    t* = tau ln(R I / (R I - theta)); the grid sees the crossing at the end of step
    ceil(t* / dt) (exact integration, so no error beyond the grid).
    """
    drive = tau_m / c_m * i_e
    t_star = tau_m * math.log(drive / (drive - theta))
    return (n_ref + math.ceil(t_star / dt)) * dt


def test_a_swept_fi_curve_matches_the_closed_form():
    grid = {"I_e": [300.0, 400.0, 800.0], "tau_m": [10.0, 20.0]}
    table = na.sweep(fi_point, grid=grid, seeds=1, progress=False, on_failure="raise")
    assert len(table) == 6
    for row in table.itertuples():
        # R I = tau I / C: 12 to 64 mV, all above theta = 20 mV except (300 pA, 10 ms).
        if row.tau_m / 250.0 * row.I_e <= 20.0:
            assert row.spikes == 0
        else:
            assert row.isi == pytest.approx(expected_isi(row.I_e, row.tau_m), abs=1e-9)


def network_point(params, rng):
    """A random LIF network with Poisson drive: rate and the first spikes' times."""
    g = nx.gnp_random_graph(80, 0.1, seed=2, directed=True)
    for u, v in g.edges:
        g[u][v]["weight"] = params["w"]
    p = LIFParams(tau_m=20.0, E_L=0.0, V_th=20.0, V_reset=10.0)
    m = SpikingModel(g, params=p, delay=1.5, v0="uniform", rng=rng)
    m.add_poisson_input(rate=params["nu"], weight=0.2)
    m.run_for(100.0)
    spikes = m.spikes()
    return {"rate": len(spikes) / 80 / 0.1, "first": float(spikes["time"].head(20).sum())}


@pytest.mark.slow  # starts two worker processes (~10 s)
def test_a_sweep_of_spiking_runs_is_the_same_serially_and_on_processes(tmp_path):
    grid = {"w": [0.5, -1.0], "nu": [6000.0, 9000.0]}
    kw = {"grid": grid, "seeds": 2, "progress": False, "on_failure": "raise", "root_seed": 3}
    serial = na.sweep(network_point, **kw)
    spread = na.sweep(network_point, backend="processes", workers=2, **kw)
    cols = ["w", "nu", "seed", "rate", "first"]
    order = ["w", "nu", "seed"]
    pd.testing.assert_frame_equal(
        serial[cols].sort_values(order).reset_index(drop=True),
        spread[cols].sort_values(order).reset_index(drop=True),
    )
    # The seeds differ, and the drive matters: a sweep that measured nothing would not.
    assert serial["first"].nunique() == len(serial)
    by_nu = serial.groupby("nu")["rate"].mean()
    assert by_nu[9000.0] > by_nu[6000.0] > 0
