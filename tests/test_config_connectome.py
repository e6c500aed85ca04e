"""``connectome = "..."`` in a config: resolved, read and checked at load; bad files refused.

Every bad file goes through ``neuroagents run``: exit status 2, one line naming the
config file, the key, the connectome file and the problem, no traceback.
"""

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from neuroagents.cli import commands as cli
from neuroagents.connectome import Connectome
from neuroagents.connectome.files import save_connectome
from neuroagents.errors import ConfigError, ConnectomeError
from neuroagents.runner.config_connectome import (
    ConnectomeParam,
    check_attributes,
    param_connectome,
    resolve_spec,
)
from neuroagents.runner.experiment import load_config


def small_graph(n: int = 12) -> nx.DiGraph:
    g = nx.gnp_random_graph(n, 0.3, seed=3, directed=True)
    nx.set_node_attributes(g, {v: "E" if v < n * 3 // 4 else "I" for v in g}, "population")
    return g


def write_config(folder: Path, spec: str, model: str = "hopfield", experiment: str = "retrieval",
                 **params) -> Path:  # fmt: skip
    lines = [f'model = "{model}"', f'experiment = "{experiment}"', "seed = 0", "[params]",
             f'connectome = "{spec}"'] + [f"{k} = {v!r}" for k, v in params.items()]  # fmt: skip
    path = folder / "x.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_relative_path_is_read_from_the_config_folder(tmp_path, monkeypatch):
    sub = tmp_path / "configs"
    sub.mkdir()
    save_connectome(small_graph(), sub / "w.graphml")
    config = write_config(sub, "w.graphml", patterns=2, flips=1)
    monkeypatch.chdir(tmp_path.parent)  # anywhere but the config's folder
    loaded = load_config(config)
    assert loaded.params["connectome"] == str(sub / "w.graphml")
    assert resolve_spec("celegans", config) == "celegans"


def test_empty_value_means_the_experiments_own_wiring(tmp_path):
    config = write_config(tmp_path, "", patterns=2, flips=1)
    assert load_config(config).params["connectome"] == ""
    assert param_connectome("") is None


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".csv", ".npz"])
def test_every_format_carries_node_attributes(tmp_path, suffix):
    g = small_graph()
    nx.set_node_attributes(g, {v: 0.5 + v for v in g}, "threshold")
    nx.set_node_attributes(g, {v: 1.0 + 0.1 * v for v in g}, "tau")
    save_connectome(g, tmp_path / f"w{suffix}")
    c = param_connectome(str(tmp_path / f"w{suffix}"), populations=("E", "I"))
    order = [c.index[v] if v in c.index else c.index[str(v)] for v in g]  # XML: text ids
    assert np.allclose(c.node_attrs["threshold"][order], [0.5 + v for v in g])
    assert np.allclose(c.node_attrs["tau"][order], [1.0 + 0.1 * v for v in g])
    assert c.n_edges == g.number_of_edges()


def test_attribute_checks_name_the_node():
    labels = {"threshold": np.array([0.0, "high", 1.0], object)}
    c = Connectome.from_matrix(np.ones((3, 3)) - np.eye(3), node_ids=["a", "b", "c"],
                               node_attrs=labels)  # fmt: skip
    with pytest.raises(
        ConnectomeError, match=r"'threshold' must be a number\. Got 'high' for node 'b'"
    ):
        check_attributes(c)
    with pytest.raises(ConnectomeError, match="needs the node attribute 'population'"):
        check_attributes(Connectome.from_matrix(np.eye(2)[::-1]), requires=("population",))


def _bad_files(tmp: Path) -> dict[str, tuple[str, str]]:
    """case -> (connectome value in the config, a phrase the message must have)."""
    (tmp / "garbage.graphml").write_text("<graphml><node id=")
    (tmp / "notzip.npz").write_bytes(b"not a zip archive")
    (tmp / "edges.csv").write_text("source,target\na,b\nb,a\n")
    (tmp / "edges.nodes.csv").write_text("neuron,threshold\na,1\nb,2\n")
    g = small_graph()
    nx.set_node_attributes(g, {v: "X" for v in g}, "population")
    save_connectome(g, tmp / "labels.graphml")
    g = small_graph()
    nx.set_node_attributes(g, dict.fromkeys(g, -1.0), "tau")
    save_connectome(g, tmp / "tau.graphml")
    g = small_graph()
    nx.set_node_attributes(g, {v: "high" if v == 3 else 1.0 for v in g}, "threshold")
    nx.write_graphml(g, tmp / "threshold.graphml")
    return {
        "missing": ("absent.graphml", "does not exist"),
        "malformed GraphML": ("garbage.graphml", "is not valid GraphML"),
        "not a zip": ("notzip.npz", "not a readable .npz archive"),
        "node table without node column": ("edges.csv", "needs a 'node' column"),
        "unknown suffix": ("wiring.txt", "neither a known name"),
        "bad population label": ("labels.graphml", "'population' must be one of ['E', 'I']"),
        "tau <= 0": ("tau.graphml", "'tau' must be > 0"),
        "non-numeric threshold": ("threshold.graphml", "'threshold' must be a number"),
    }


BAD_CASES = ["missing", "malformed GraphML", "not a zip", "node table without node column",
             "unknown suffix", "bad population label", "tau <= 0",
             "non-numeric threshold"]  # fmt: skip


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_file_is_a_clear_error_through_the_cli(case, tmp_path, capsys):
    spec, phrase = _bad_files(tmp_path)[case]
    config = write_config(tmp_path, spec, model="ei", experiment="balance")
    assert cli.main(["run", str(config), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert f"params.connectome in {config}" in err  # the config file and the key
    assert str(tmp_path / spec.split("/")[-1]) in err  # the connectome file
    assert phrase in err  # the problem
    assert not (tmp_path / "out").exists()  # refused before running


def test_a_value_that_is_not_text_is_refused(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('model = "hopfield"\nexperiment = "retrieval"\n[params]\nconnectome = 3\n')
    with pytest.raises(ConfigError, match=r"params\.connectome in .* must be a connectome name"):
        load_config(path)


def test_param_default_is_empty():
    assert ConnectomeParam("", "wiring").validate("connectome", "", "x.toml") == ""
