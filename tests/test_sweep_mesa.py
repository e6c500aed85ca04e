"""Mesa's own runner, mesa.batch_run, on the library's models (Mesa 3; Mesa 4 removed it)."""

import multiprocessing
import sys
from pathlib import Path

import mesa
import pandas as pd
import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
import sweep_targets as targets  # noqa: E402

pytestmark = pytest.mark.skipif(
    not hasattr(mesa, "batch_run"), reason=f"Mesa {mesa.__version__} has no batch_run"
)


@pytest.fixture(autouse=True)
def _keep_start_method():
    # batch_run forces the global start method to "spawn"; give the others theirs back.
    method = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(method, force=True)


class RingWithStates(targets.GlauberRing):
    """The ring, recording every neuron's state too."""

    def __init__(self, n, temperature, rng=None):
        super().__init__(n, temperature, rng=rng)
        self.datacollector.agent_reporters["state"] = "state"


def test_batch_run_gives_the_models_own_records():
    rows = mesa.batch_run(
        targets.GlauberRing,
        parameters={"n": [12], "temperature": [0.5, 2.0]},
        rng=[3, 4],
        max_steps=6,
        data_collection_period=1,
        display_progress=False,
    )
    table = pd.DataFrame(rows)
    assert len(table) == 2 * 2 * 7  # runs x records (time 0..6)
    for (temperature, seed), got in table.groupby(["temperature", "rng"]):
        model = targets.GlauberRing(n=12, temperature=temperature, rng=seed)
        model.run_for(6)
        own = model.datacollector.get_model_vars_dataframe()
        assert got["Step"].tolist() == list(range(7))
        assert got["magnetization"].tolist() == own["magnetization"].tolist()
        assert got["flips"].tolist() == own["flips"].tolist()


def test_batch_run_agent_rows_and_last_step_only():
    rows = mesa.batch_run(
        RingWithStates,
        parameters={"n": 5, "temperature": 1.0},
        rng=[7],
        max_steps=3,
        display_progress=False,
    )
    table = pd.DataFrame(rows)
    model = RingWithStates(n=5, temperature=1.0, rng=7)
    model.run_for(3)
    last = model.datacollector.get_agent_vars_dataframe().loc[3.0]
    assert table["Step"].tolist() == [3] * 5  # the default: the last record only
    assert table["AgentID"].tolist() == list(range(5))
    assert table["state"].tolist() == last["state"].tolist()
