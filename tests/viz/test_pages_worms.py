"""Headless: the network page opens the individual worms by name (Witvliet, Cook)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared helpers
ipyvuetify = pytest.importorskip("ipyvuetify")  # and solara: see headless.py

from headless import captions, click, render, shown_time  # noqa: E402

from neuroagents.errors import ConfigError  # noqa: E402
from neuroagents.viz import config, network  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def test_network_page_opens_an_individual_worm():
    rc = render(network.page, {"connectome": "witvliet1", "rule": "sign"})
    assert "of 161 neurons" in captions(rc)[0]  # Witvliet's first L1 brain
    click(rc, "Step")
    assert shown_time(rc) == 1.0


def test_a_view_config_names_any_worm_and_a_worms_run_config_is_refused(tmp_path):
    view = tmp_path / "view.toml"
    view.write_text('model = "network"\n[params]\nconnectome = "cook2019_male:gap"\n')
    target = config.resolve(str(view))
    assert target.page.name == "network"
    assert target.params["connectome"] == "cook2019_male:gap"  # a name, not a path
    assert network.load_connectome(target.params["connectome"]).n_nodes == 380
    run = tmp_path / "run.toml"
    run.write_text('model = "worms"\nexperiment = "sex"\n')
    with pytest.raises(ConfigError, match="no page for 'worms'"):
        config.resolve(str(run))
