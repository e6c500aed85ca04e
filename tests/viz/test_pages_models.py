"""Headless: the rate, Hopfield–Tank and connectome pages, Step pressed, values checked.

Each page's captions (the plotted values in text) are compared with an independent
computation on the same seed: the rate network integrated by numpy (and, for linear
neurons, by the matrix exponential), the Hopfield–Tank energy from the quadratic form of
the weights, and neurons that read their thresholds from a GraphML file.
"""

import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from scipy.linalg import expm

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared helpers
ipyvuetify = pytest.importorskip("ipyvuetify")  # and solara: see headless.py

from headless import captions, click, images, number, render, shown_time  # noqa: E402

from neuroagents.connectome.files import save_connectome  # noqa: E402
from neuroagents.errors import ConnectomeError  # noqa: E402
from neuroagents.models.hopfield import view as hopfield  # noqa: E402
from neuroagents.models.hopfield_tank import tank_weights  # noqa: E402
from neuroagents.models.hopfield_tank import view as hopfield_tank  # noqa: E402
from neuroagents.models.rate import view as rate  # noqa: E402
from neuroagents.viz import network  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def integrate(weights, v, f, dt, t):
    """Exponential Euler of dv/dt = -v + f(W v), written out (the engine's scheme)."""
    keep = np.exp(-dt)
    for _ in range(round(t / dt)):
        target = f(weights @ v)
        v = target + (v - target) * keep
    return v


def test_rate_page_steps_and_its_values_match_numpy():
    rc = render(rate.page)
    assert shown_time(rc) == 0.0
    before_caps, before_imgs = captions(rc), images(rc)
    assert len(before_imgs) == 4 and all(before_imgs)
    click(rc, "Step")
    assert shown_time(rc) == rate.STEP_TIME
    after_caps, after_imgs = captions(rc), images(rc)
    assert all(a != b for a, b in zip(after_caps, before_caps, strict=True))
    assert all(a != b for a, b in zip(after_imgs, before_imgs, strict=True))
    # The same seed outside the page, integrated by numpy: mean and rms to the 4
    # significant digits shown (float64 both ways; they agree to ~1e-12).
    twin = rate.RateView(seed=0)
    v = integrate(twin.weights, np.array(twin.state), np.tanh, twin.dt, rate.STEP_TIME)
    assert number(r"mean = (-?[\d.e-]+)", after_caps[2]) == pytest.approx(v.mean(), rel=1e-3)
    assert number(r"rms = (-?[\d.e-]+)", after_caps[2]) == pytest.approx(
        np.sqrt(np.mean(v**2)), rel=1e-3
    )
    assert number(r"v0 = (-?[\d.e-]+)", after_caps[1]) == pytest.approx(v[0], rel=1e-3, abs=1e-4)


@pytest.mark.slow  # ~5 s: six renders of 50-neuron plots
def test_rate_controls_rebuild_the_model_and_linear_neurons_follow_the_exponential():
    rc = render(rate.page, {"rule": "linear", "g": 0.5, "n": 50, "dt": 0.01})
    for _ in range(4):
        click(rc, "Step")
    assert shown_time(rc) == 2.0
    twin = rate.RateView(n=50, rule="linear", g=0.5, dt=0.01, seed=0)
    exact = expm(2.0 * (twin.weights - np.eye(50))) @ np.array(twin.state)
    # Exponential Euler integrates the leak exactly and the coupling W v to first order:
    # the relative error is about dt * |W| * t / 2 = 0.01 * 0.5 * 2 / 2 = 5e-3 here.
    shown = number(r"rms = (-?[\d.e-]+)", captions(rc)[2])
    assert shown == pytest.approx(np.sqrt(np.mean(exact**2)), rel=1e-2)
    # A control: g = 0 decouples the neurons; after Reset and a Step each decays as e^-t.
    rc.find(ipyvuetify.Slider, label="gain g").widget.v_model = 0.0
    click(rc, "Reset")
    assert shown_time(rc) == 0.0
    start = number(r"rms = (-?[\d.e-]+)", captions(rc)[2])
    click(rc, "Step")
    after = number(r"rms = (-?[\d.e-]+)", captions(rc)[2])
    assert after == pytest.approx(start * np.exp(-rate.STEP_TIME), rel=1e-3)


def test_rate_phase_plane_for_two_neurons():
    rc = render(rate.page, {"n": 2, "g": 2.0})
    before = captions(rc)[3]
    click(rc, "Step")
    after = captions(rc)[3]
    assert after != before
    m = rate.RateView(n=2, g=2.0, seed=0)
    m.step()
    speed = np.linalg.norm(-m.state + np.tanh(m.weights @ m.state))
    assert number(r"\|dv/dt\| = ([\d.e-]+)", after) == pytest.approx(speed, rel=2e-3)


def test_rate_page_on_a_connectome_masks_the_coupling(tmp_path):
    path = tmp_path / "ring.csv"
    path.write_text("source,target,weight\n0,1,1\n1,2,1\n2,3,1\n3,0,1\n")
    m = rate.RateView(connectome=str(path), g=1.0, seed=0)
    assert m.n == 4
    # Only the ring's synapses j -> i carry weight: W[i, j] != 0 exactly there.
    expected = np.zeros((4, 4), bool)
    expected[[1, 2, 3, 0], [0, 1, 2, 3]] = True
    assert np.array_equal(m.weights != 0, expected)
    rc = render(rate.page, {"connectome": str(path)})
    traces = captions(rc)[1]  # the first five neurons' traces: the ring has four
    assert "v3 = " in traces and "v4" not in traces


def test_hopfield_tank_page_steps_and_shows_the_1985_energy():
    rc = render(hopfield_tank.page)
    before_caps, before_imgs = captions(rc), images(rc)
    assert len(before_imgs) == 3 and all(before_imgs)
    click(rc, "Step")
    # One Step is STEPS_PER_FRAME integration steps of dt = 1e-5.
    assert shown_time(rc) == pytest.approx(hopfield_tank.STEPS_PER_FRAME * 1e-5)
    after_caps, after_imgs = captions(rc), images(rc)
    assert all(a != b for a, b in zip(after_caps, before_caps, strict=True))
    assert all(a != b for a, b in zip(after_imgs, before_imgs, strict=True))
    # The energy of the outputs from the quadratic form of the weights the net runs on:
    # E = -1/2 V.T.V - I.V + C n'^2 / 2 (1985 form), a different route from the
    # term-by-term sum the page plots. 3 decimals shown.
    twin = hopfield_tank.TankView(seed=0)
    twin.step()
    T, bias = tank_weights(twin.distances, twin.params)
    V = np.array(twin.state)
    expected = -0.5 * V @ T @ V - bias @ V + twin.params.C * twin.params.n_prime**2 / 2
    assert number(r"energy (-?[\d.]+)", after_caps[2]) == pytest.approx(expected, abs=6e-4)
    assert number(r"sum V = ([\d.]+)", after_caps[1]) == pytest.approx(V.sum(), abs=6e-4)


def test_hopfield_tank_valid_tour_is_measured_against_the_optimum():
    # The row/column energy with n' = 10 ends in a valid tour on seed 0.
    m = hopfield_tank.TankView(form="rowcol", n_prime=10.0, seed=0)
    while m.running:
        m.step()
    assert m.decode()["valid"]
    caption = hopfield_tank.TourMap(m).args[1]  # Plot(figure, caption)
    tour = m.decode()["tour"]
    steps = m.xy[tour] - m.xy[np.roll(tour, -1)]  # city to next city, closing the loop
    length = float(np.sqrt((steps**2).sum(axis=1)).sum())
    assert number(r"length ([\d.]+)", caption) == pytest.approx(length, abs=6e-5)
    assert number(r"= ([\d.]+) x optimum", caption) >= 1.0  # no tour beats the optimum


def test_hopfield_tank_config_values_and_a_control():
    # A protocol config's dt and t_end are taken; its batch knobs (starts) are not the page's.
    rc = render(hopfield_tank.page, {"dt": 2e-5, "t_end": 0.03, "seed": 1, "starts": 20})
    assert rc.find(ipyvuetify.Select, label="dt").widget.v_model == 2e-5
    click(rc, "Step")
    assert shown_time(rc) == pytest.approx(hopfield_tank.STEPS_PER_FRAME * 2e-5)
    # A control: the energy's form; after Reset the start is the same, the energy is not
    # (the row/column penalties replace A, B and C's terms).
    start_1985 = number(r"energy (-?[\d.]+)", captions(rc)[2])
    rc.find(ipyvuetify.Select, label="energy form").widget.v_model = "rowcol"
    click(rc, "Reset")
    assert shown_time(rc) == 0.0
    assert number(r"energy (-?[\d.]+)", captions(rc)[2]) != start_1985


def test_network_page_reads_graphml_with_node_attributes(tmp_path):
    # Three neurons, all thresholds 10 under the sign rule: every input (at most 2) is
    # below threshold, so after one sweep every neuron is -1 (mean state -1).
    g = nx.complete_graph(3)
    nx.set_edge_attributes(g, 1.0, "weight")
    nx.set_node_attributes(g, 10.0, "threshold")
    path = tmp_path / "tri.graphml"
    save_connectome(g, path)
    rc = render(network.page, {"connectome": str(path), "rule": "sign"})
    assert "node attributes: threshold" in captions(rc)[0]
    click(rc, "Step")
    assert number(r"mean_state = (-?[\d.e-]+)", captions(rc)[1]) == -1.0


@pytest.mark.slow  # ~5 s: the C. elegans graph, its spectral layout and the Glauber kernel
def test_network_page_on_the_celegans_connectome():
    rc = render(network.page, {"connectome": "celegans", "seed": 0})
    first = captions(rc)[0]
    assert "of 279 neurons" in first and "node attributes: neuron_class" in first
    click(rc, "Step")
    assert shown_time(rc) == 1.0
    twin = network.NetworkView(connectome="celegans", seed=0)
    twin.step()
    assert number(r"mean_state = (-?[\d.e-]+)", captions(rc)[1]) == pytest.approx(
        float(np.mean(twin.state)), abs=1e-4
    )


def test_a_bad_connectome_file_is_one_connectome_error(tmp_path):
    bad = tmp_path / "bad.graphml"
    bad.write_text("<not graphml")
    with pytest.raises(ConnectomeError, match=r"bad\.graphml"):
        network.initial_values({"connectome": str(bad)})
    with pytest.raises(ConnectomeError, match="does not exist"):
        rate.initial_values({"connectome": str(tmp_path / "none.npy")})


def test_hopfield_page_on_a_connectome_keeps_hebb_on_its_synapses(tmp_path):
    g = nx.path_graph(16)  # a chain: neuron i talks to i - 1 and i + 1 only
    path = tmp_path / "chain.gexf"
    save_connectome(g, path)
    rc = render(hopfield.page, {"connectome": str(path), "patterns": 2, "flips": 4})
    # flips 4 of the connectome's 16 neurons: overlap 1 - 2 * 4 / 16 = 0.5.
    assert number(r"overlap with pattern 0 = (-?[\d.]+)", captions(rc)[0]) == 0.5
    m = hopfield.HopfieldView(connectome=str(path), patterns=2, seed=0)
    full = np.outer(m.patterns[0], m.patterns[0]) + np.outer(m.patterns[1], m.patterns[1])
    chain = np.abs(np.subtract.outer(np.arange(16), np.arange(16))) == 1
    assert np.allclose(m.weights, np.where(chain, full / 16, 0.0))


def exact_visible(model):
    """P(v) by enumerating the ±1 network the page samples: P(s) ∝ exp((½ s.J.s − θ.s)/T)."""
    from itertools import product

    J = model.connectome.to_scipy().toarray()
    theta = np.array(model.arrays.threshold)
    s = np.array(list(product([-1.0, 1.0], repeat=model.n)))
    log_w = (0.5 * np.einsum("si,ij,sj->s", s, J, s) - s @ theta) / model.temperature
    p = np.exp(log_w - log_w.max())
    p /= p.sum()
    visible = ((s[:, :8] + 1) / 2).astype(int) @ (1 << np.arange(8))
    return np.bincount(visible, weights=p, minlength=256)


@pytest.mark.slow  # ~7 s: trains the encoder (compiling its sampler) twice
def test_boltzmann_page_samples_against_the_exact_distribution():
    from neuroagents.models.boltzmann import view as boltzmann

    rc = render(boltzmann.page)
    before_caps, before_imgs = captions(rc), images(rc)
    assert len(before_imgs) == 3 and all(before_imgs)
    click(rc, "Step")
    click(rc, "Step")
    assert shown_time(rc) == 2 * boltzmann.SWEEPS_PER_STEP  # one time unit per sweep
    after_caps, after_imgs = captions(rc), images(rc)
    assert all(a != b for a, b in zip(after_caps, before_caps, strict=True))
    assert all(a != b for a, b in zip(after_imgs, before_imgs, strict=True))
    # The same seed outside the page; its exact law from the ±1 weights and thresholds it
    # runs on, enumerated here (2^10 states), not from the machine's 0/1 form.
    twin = boltzmann.BoltzmannView(seed=0)
    exact = exact_visible(twin)
    assert np.allclose(twin.exact, exact, atol=1e-12)
    twin.step()
    twin.step()
    tv = 0.5 * np.abs(twin.counts / twin.counts.sum() - exact).sum()
    assert number(r"TV = ([\d.]+) after 20 samples", after_caps[2]) == pytest.approx(tv, abs=6e-5)
    top = int(np.argmax(exact))
    assert number(r"exact ([\d.]+)", after_caps[1]) == pytest.approx(exact[top], abs=6e-5)


@pytest.mark.slow  # ~3 s: 10,000 samples
def test_boltzmann_sampling_converges_to_the_exact_distribution():
    from neuroagents.models.boltzmann import view as boltzmann

    # At T = 10 (the paper's final temperature) the most probable visible state has
    # P = 0.195. Its indicator has an autocorrelation time of ~12 sweeps here (measured
    # with models/boltzmann's autocorrelation_time), so over 10,000 sweeps its frequency
    # has a standard error of sqrt(12 * 0.2 * 0.8 / 10,000) = 0.014: 0.045 is ~3 of them.
    m = boltzmann.BoltzmannView(temperature=10.0, seed=0)
    for _ in range(1000):
        m.step()
    top = int(np.argmax(m.exact))
    assert m.counts[top] / m.counts.sum() == pytest.approx(m.exact[top], abs=0.045)
    # Convergence in the whole law: TV after 10,000 samples well under TV after 100
    # (0.51 -> 0.06 on this seed; ~1/sqrt(samples) would give 0.05).
    assert m.history[-1]["tv"] < 0.5 * m.history[9]["tv"]


def test_a_small_hopfield_net_is_also_drawn_as_a_network():
    rc = render(hopfield.page, {"n": 64, "patterns": 2})
    before = images(rc)
    assert len(before) == 5  # the four panels and the network
    click(rc, "Step")
    after = captions(rc)[4]
    assert all(a != b for a, b in zip(images(rc), before, strict=True))
    twin = hopfield.HopfieldView(n=64, patterns=2, seed=0)
    twin.step()
    assert f"sweep 1: {int(np.sum(twin.state > 0))} of 64 neurons +1" in after


def test_motor_page_rotates_in_its_plane_as_the_stepped_map_says():
    from neuroagents.models.motor import view as motor

    rc = render(motor.page)
    before_caps, before_imgs = captions(rc), images(rc)
    for _ in range(3):
        click(rc, "Step")
    assert shown_time(rc) == 3 * motor.STEP_TIME
    after_caps = captions(rc)
    assert all(a != b for a, b in zip(after_caps, before_caps, strict=True))
    assert all(a != b for a, b in zip(images(rc), before_imgs, strict=True))
    # Theory: without coupling the first plane is invariant, and each engine step
    # multiplies its coordinate u + i w by rho e^(i phi), phi = 2 pi f dt and rho =
    # exp(-dt / decay) (reach_network's design, by mode_block). After t = 30: turned
    # 2 pi 0.0015 30 = 0.2827 rad, radius x exp(-30/300) = 0.9048 (4 decimals shown).
    t = 3 * motor.STEP_TIME
    assert number(r"turned (-?[\d.]+) rad", after_caps[0]) == pytest.approx(
        2 * np.pi * motor.FREQUENCY * t, abs=6e-5
    )
    assert number(r"radius x ([\d.]+)", after_caps[0]) == pytest.approx(
        np.exp(-t / motor.DECAY), abs=6e-5
    )
    # The muscles: the readout of the engine's state, against the stepped map in numpy.
    m = motor.MotorView(seed=0)
    keep = np.exp(-m.net.dt / m.net.tau)
    v = m.prep[0].copy()
    for _ in range(round(t / m.net.dt)):
        v = keep * v + (1 - keep) * m.net.W @ v
    muscles = m.net.baseline + m.net.readout @ v
    assert number(r"muscles from (-?[\d.]+)", after_caps[1]) == pytest.approx(
        muscles.min(), abs=6e-5
    )


def test_motor_coupling_breaks_the_invariant_plane():
    from neuroagents.models.motor import view as motor

    # With g = 0.2 (runs/motor_coupled.toml) the random part mixes the plane with the
    # other modes: the angle after t = 200 is no longer 2 pi f t (1.8850 rad).
    m = motor.MotorView(coupling=0.2, seed=0)
    for _ in range(20):
        m.step()
    caption = motor.PlanePanel(m).args[1]
    assert abs(number(r"turned (-?[\d.]+) rad", caption) - 2 * np.pi * 0.0015 * 200) > 0.01
