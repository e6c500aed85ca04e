"""The one experiment tail (neuroagents.runner.tail): table -> summary -> figures -> files.

Experiments return their tables, their summary lines and their figures as drawers; the
tail joins the lines, draws each figure once and writes everything. An experiment gets
its parameters as its frozen dataclass (``params.n``), whether run from a config or
called with a plain mapping.
"""

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from neuroagents.errors import ConfigError, ValidationError
from neuroagents.runner.experiment import Experiment, ExperimentParams, Param, load_config
from neuroagents.runner.tail import (
    ExperimentResult,
    Run,
    draw_figures,
    run_experiment,
    write_outputs,
)

ROOT = Path(__file__).resolve().parents[1]


def _figure(value):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure()
    fig.subplots().plot([0, 1], [0, value])
    return fig


class Drawer:
    """A figure drawer that counts its calls."""

    def __init__(self, table):
        self.table, self.calls = table, 0

    def __call__(self):
        self.calls += 1
        return _figure(float(self.table["x"].sum()))


def toy_experiment(seen):
    """An experiment that records what it was given and draws one figure."""

    def run(params, rng):
        seen.append(params)
        table = pd.DataFrame({"x": rng.random(params.n), "scale": params.scale})
        drawer = Drawer(table)
        seen.append(drawer)
        lines = [f"{params.n} draws", f"mean {table['x'].mean():.3f}"]
        return ExperimentResult(table, lines, {"toy": drawer}, {"extra": table.head(1)})

    params = {"n": Param(5, "draws", low=1), "sizes": Param([1, 2], "sizes"),
              "scale": Param(1.0, "scale")}  # fmt: skip
    return Experiment("toy", "a toy", params, run=run, quick={"n": 2})


def test_summary_lines_are_joined_and_text_kept():
    table = pd.DataFrame({"x": [1.0]})
    assert ExperimentResult(table, ["a", "b"]).summary == "a\nb"
    assert ExperimentResult(table, "a\nb").summary == "a\nb"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"table": [1, 2]}, "table 'results'.*DataFrame. Got list"),
        ({"tables": {"more": {"x": 1}}}, "table 'more'.*DataFrame. Got dict"),
        ({"figures": {"fig": 3}}, "figure 'fig'.*drawer.*Got int"),
        ({"tables": {"results": pd.DataFrame()}}, r"named 'results'.*\['results'\]"),
    ],
)
def test_a_malformed_result_is_one_clear_error(kwargs, message):
    args = {"table": pd.DataFrame({"x": [1.0]}), "summary": "s", **kwargs}
    with pytest.raises(ValidationError, match=message):
        ExperimentResult(**args)


def test_the_experiment_gets_its_params_dataclass_and_figures_wait_for_the_tail():
    seen = []
    exp = toy_experiment(seen)
    result = exp.run({"n": 3}, np.random.default_rng(0))  # a plain mapping still works
    params, drawer = seen
    assert isinstance(params, exp.params_type) and isinstance(params, ExperimentParams)
    assert (params.n, params.sizes, params.scale) == (3, (1, 2), 1.0)  # defaults filled
    assert drawer.calls == 0 and result.figures["toy"] is drawer  # not drawn by the run
    draw_figures(result)
    draw_figures(result)  # a drawn figure is kept, not drawn again
    assert drawer.calls == 1 and hasattr(result.figures["toy"], "savefig")


def test_a_mapping_with_an_unknown_key_is_refused_by_name():
    exp = toy_experiment([])
    with pytest.raises(ConfigError, match=r"'nn'.*toy.*\['n', 'scale', 'sizes'\]"):
        exp.run({"nn": 3}, np.random.default_rng(0))


def _toy_config(tmp_path, seen, monkeypatch, *extra):
    exp = toy_experiment(seen)
    config_file = tmp_path / "toy.toml"
    config_file.write_text('model = "hopfield"\nexperiment = "retrieval"\nseed = 4\n')
    config = load_config(config_file)  # a real config, its experiment swapped for the toy
    params = exp.params_type.from_config({"n": 4})
    return dataclasses.replace(config, experiment=exp, params=params)


def test_run_and_write_one_seed_one_table(tmp_path, monkeypatch):
    seen = []
    config = _toy_config(tmp_path, seen, monkeypatch)
    first = run_experiment(config)
    assert isinstance(first, Run) and first.seconds >= 0
    assert hasattr(first.result.figures["toy"], "savefig")  # the tail drew it
    again = run_experiment(config)
    pd.testing.assert_frame_equal(first.result.table, again.result.table)
    expected = np.random.default_rng(np.random.SeedSequence(4)).random(4)
    np.testing.assert_array_equal(first.result.table["x"], expected)
    written = write_outputs(first, config, tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == ["extra.parquet", "meta.json", "results.parquet", "toy.png"]
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "out" / "results.parquet"),
                                  first.result.table)  # fmt: skip
    meta = json.loads((tmp_path / "out" / "meta.json").read_text())
    assert meta["params"] == {"n": 4, "sizes": [1, 2], "scale": 1.0}  # as a config writes it
    assert meta["seed"] == 4 and meta["experiment"] == "toy"


def test_a_bare_result_is_drawn_and_written_too(tmp_path, monkeypatch):
    seen = []
    config = _toy_config(tmp_path, seen, monkeypatch)
    result = config.experiment.run(config.params, np.random.default_rng(0))
    written = write_outputs(result, config, tmp_path / "out", 1.5)
    assert (tmp_path / "out" / "toy.png").stat().st_size > 0 and len(written) == 4
    assert seen[1].calls == 1
    assert json.loads((tmp_path / "out" / "meta.json").read_text())["seconds"] == 1.5


def test_a_config_hands_the_experiment_its_params_dataclass():
    config = load_config(ROOT / "runs" / "hopfield_demo.toml", quick=True)
    params = config.params
    assert isinstance(params, config.experiment.params_type)
    assert params.n == config.experiment.quick["n"]  # --quick sizes applied
    assert params.scheduler == "async-sweep" and params["n"] == params.n
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.n = 3


def test_a_drawer_that_returns_no_figure_is_named():
    result = ExperimentResult(pd.DataFrame({"x": [1.0]}), "s", {"broken": lambda: None})
    with pytest.raises(ValidationError, match=r"figure 'broken' must return.*Got NoneType"):
        draw_figures(result)


def test_a_table_and_a_figure_may_share_a_stem():
    table = pd.DataFrame({"x": [1.0]})
    result = ExperimentResult(table, "s", {"jpca": Drawer(table)}, {"jpca": table})
    assert set(result.figures) == set(result.tables) == {"jpca"}
