"""Headless: each page rendered with Solara's test utilities, Step pressed, the page checked.

What the page shows (the step counter, the plots' captions and images) is compared with
an independent computation on the same seed: the Hopfield energy from scratch and the
cue's overlap from its corruption, the E–I mean field solved by scipy, the network's
mean state from a model stepped outside the page.
"""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared helpers
ipyvuetify = pytest.importorskip("ipyvuetify")  # and solara: see headless.py

from headless import captions, click, images, number, render, shown_time  # noqa: E402

from neuroagents.models.ei import MeanField  # noqa: E402
from neuroagents.models.ei import view as ei  # noqa: E402
from neuroagents.models.hopfield import energy, hebbian_weights  # noqa: E402
from neuroagents.models.hopfield import view as hopfield  # noqa: E402
from neuroagents.viz import network  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def test_hopfield_page_steps_and_shows_the_energy_of_the_state():
    rc = render(hopfield.page)
    assert shown_time(rc) == 0.0
    before_caps, before_imgs = captions(rc), images(rc)
    assert len(before_imgs) == 4 and all(before_imgs)
    # The cue has round(0.25 * 256) = 64 of 256 bits flipped: overlap 1 - 2 * 64/256.
    assert number(r"overlap with pattern 0 = (-?[\d.]+)", before_caps[0]) == 0.5
    click(rc, "Step")
    assert shown_time(rc) == 1.0
    after_caps, after_imgs = captions(rc), images(rc)
    assert all(a != b for a, b in zip(after_caps, before_caps, strict=True))
    assert all(a != b for a, b in zip(after_imgs, before_imgs, strict=True))
    # The same seed outside the page: its energy, computed from scratch, is the caption's.
    twin = hopfield.HopfieldView(seed=0)
    twin.step()
    expected = energy(hebbian_weights(twin.patterns), twin.state)
    assert number(r"energy (-?[\d.]+)", after_caps[1]) == pytest.approx(expected, abs=0.006)
    assert number(r"flips in sweep 1: (\d+)", after_caps[3]) > 0


def test_hopfield_controls_rebuild_the_model_on_reset():
    rc = render(hopfield.page)
    click(rc, "Step")
    slider = rc.find(ipyvuetify.Slider, label="corruption (fraction flipped)").widget
    slider.v_model = 0.1
    click(rc, "Reset")
    assert shown_time(rc) == 0.0
    # round(0.1 * 256) = 26 flipped bits: overlap 1 - 2 * 26/256 = 0.797.
    assert number(r"overlap with pattern 0 = (-?[\d.]+)", captions(rc)[0]) == pytest.approx(
        1 - 2 * 26 / 256, abs=5e-4
    )


def test_a_config_n_that_is_not_square_is_drawn_on_the_next_square():
    rc = render(hopfield.page, {"n": 500, "patterns": 5, "flips": 50})
    # flips 50 of 500: overlap 1 - 2 * 50/500 = 0.8; 500 states on a 23 x 23 grid.
    assert number(r"overlap with pattern 0 = (-?[\d.]+)", captions(rc)[0]) == 0.8
    select = rc.find(ipyvuetify.Select, label="neurons n").widget
    assert select.v_model == 500 and 500 in select.items


def test_ei_page_steps_and_shows_the_mean_field_beside_the_agents():
    rc = render(ei.page)
    before_caps, before_imgs = captions(rc), images(rc)
    click(rc, "Step")
    t = shown_time(rc)
    assert t == 2.0  # one step is max(tau_E, tau_I) / 10 = 2
    after_caps, after_imgs = captions(rc), images(rc)
    assert all(a != b for a, b in zip(after_caps, before_caps, strict=True))
    assert all(a != b for a, b in zip(after_imgs, before_imgs, strict=True))
    # The ODE value in the caption against scipy's solve_ivp of the same mean field
    # (3 decimals shown; the two integrations agree to ~1e-6).
    mf = MeanField(n_e=800, n_i=200, p=0.5, tau_e=20.0, tau_i=1.0, theta_e=20.0,
                   theta_i=30.0, e0=0.2, i0=0.0)  # fmt: skip
    ode = mf.solve(times=[0.0, t]).iloc[-1]
    assert number(r"vs (-?[\d.]+) ±", after_caps[0]) == pytest.approx(ode.E, abs=6e-4)
    assert number(r"vs (-?[\d.]+) ±", after_caps[1]) == pytest.approx(ode.I, abs=6e-4)
    # Fixed points listed on the phase plane are the mean field's own (the balanced focus).
    assert "stable focus (0.066, 0.124)" in after_caps[2]


def test_ei_threshold_control_changes_the_fixed_points():
    rc = render(ei.page)
    rc.find(ipyvuetify.Slider, label="threshold T_E").widget.v_model = 15.0
    click(rc, "Reset")
    fp = MeanField(n_e=800, n_i=200, p=0.5, tau_e=20.0, tau_i=1.0, theta_e=15.0,
                   theta_i=30.0, e0=0.2, i0=0.0).fixed_points()  # fmt: skip
    shown = captions(rc)[2]
    for row in fp.itertuples():
        assert f"{row.kind} ({row.E:.3f}, {row.I:.3f})" in shown


@pytest.mark.slow  # ~6 s: compiles the Glauber kernel
def test_network_page_steps_and_its_reporters_match_a_twin_model():
    rc = render(network.page)
    before_imgs = images(rc)
    click(rc, "Step")
    assert shown_time(rc) == 1.0
    assert all(a != b for a, b in zip(images(rc), before_imgs, strict=True))
    twin = network.NetworkView(seed=0)
    twin.step()
    caption = captions(rc)[1]
    assert number(r"mean_state = (-?[\d.e-]+)", caption) == pytest.approx(
        float(np.mean(twin.state)), abs=1e-4
    )


def test_network_page_reads_a_connectome_file(tmp_path):
    # A 4-cycle with ferromagnetic weights under the deterministic sign rule.
    path = tmp_path / "ring.csv"
    path.write_text("source,target,weight\n0,1,1\n1,2,1\n2,3,1\n3,0,1\n")
    rc = render(network.page, {"connectome": str(path), "rule": "sign"})
    assert "of 4 neurons" in captions(rc)[0]
    click(rc, "Step")
    assert shown_time(rc) == 1.0
    click(rc, "Reset")  # rebuilds from the same file (Mesa passes the params again)
    assert shown_time(rc) == 0.0
    assert "of 4 neurons" in captions(rc)[0]


def test_the_layout_is_computed_once_per_graph(monkeypatch):
    from neuroagents.viz import components

    c = network.load_connectome("", rng=3)
    calls = []
    real = components.nx.kamada_kawai_layout
    monkeypatch.setattr(components.nx, "kamada_kawai_layout",
                        lambda g: calls.append(1) or real(g))  # fmt: skip
    components._LAYOUTS.clear()
    for _ in range(3):
        components.network_figure(c, np.ones(c.n_nodes), title="t")
    assert len(calls) == 1
