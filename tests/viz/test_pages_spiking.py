"""Headless: the spiking page steps Brunel's network and shows the library's numbers.

The page's captions (rates over the window, mean potential) are compared with the same
network built by the library's own ``brunel_model`` from the same seed and run for the
same time outside the page.
"""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared helpers
ipyvuetify = pytest.importorskip("ipyvuetify")  # and solara: see headless.py

from headless import captions, click, images, number, render, shown_time  # noqa: E402

from neuroagents.errors import ValidationError  # noqa: E402
from neuroagents.models.spiking import BrunelParams, brunel_model  # noqa: E402
from neuroagents.models.spiking import view as spiking  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

SMALL = {"n_e": 400, "epsilon": 0.25, "seed": 3}  # N = 500, C_E = 100: renders in ~1 s


def test_spiking_page_steps_and_shows_the_rates_of_brunel_model():
    rc = render(spiking.page, SMALL)
    assert shown_time(rc) == 0.0
    before = images(rc)
    assert len(before) == 2 and all(before)
    click(rc, "Step")
    click(rc, "Step")
    assert shown_time(rc) == 2 * spiking.STEP_MS
    caps = captions(rc)
    assert all(a != b for a, b in zip(images(rc), before, strict=True))
    # The same network from the library's builder, same seed, run as long.
    twin = brunel_model(BrunelParams(N_E=400, N_I=100, epsilon=0.25), rng=3)
    twin.run_for(2 * spiking.STEP_MS)
    spikes = twin.spikes()
    e = spikes["neuron"].to_numpy() < 400
    seconds = 2 * spiking.STEP_MS / 1000.0
    rate_e, rate_i = e.sum() / 400 / seconds, (~e).sum() / 100 / seconds
    assert rate_e > 0  # the network is firing, not a silent page
    assert number(r"rate E = ([\d.]+) Hz", caps[0]) == pytest.approx(rate_e, abs=0.006)
    assert number(r"rate I = ([\d.]+) Hz", caps[0]) == pytest.approx(rate_i, abs=0.006)
    assert number(r"\((\d+) spikes\)", caps[0]) == len(spikes)
    assert "Siegert fixed point" in caps[0]  # g = 5: inhibition dominates, defined


def test_a_config_state_sets_g_and_the_drive_and_a_bad_one_is_named():
    assert spiking.initial_values({"state": "SI_slow", "duration": 1000.0}) == {
        "g": 4.5,
        "nu_ratio": 0.9,
    }
    with pytest.raises(ValidationError, match="'state' parameter of the spiking page"):
        spiking.initial_values({"state": "XY"})
    with pytest.raises(ValidationError, match="must be one value, not a list"):
        spiking.initial_values({"g": [3.0, 5.0]})


def test_the_page_model_is_brunel_model_stepped_in_10_ms():
    view = spiking.BrunelView(g=3.0, nu_ratio=2.0, **SMALL)
    twin = brunel_model(BrunelParams(N_E=400, N_I=100, epsilon=0.25, g=3.0), rng=3)
    view.step()
    twin.run_for(spiking.STEP_MS)
    assert view.time == spiking.STEP_MS
    np.testing.assert_array_equal(view.spikes().to_numpy(), twin.spikes().to_numpy())
    assert np.isnan(view.theory_rate)  # g gamma = 0.75 <= 1: no fixed point drawn
