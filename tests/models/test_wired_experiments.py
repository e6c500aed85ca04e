"""Hopfield retrieval, rate chaos and E–I balance on a wiring read from the config.

Each runs through ``neuroagents run`` on a tiny GraphML, CSV and .npz file and on
"celegans"; the file's node attributes (threshold, tau, population) reach the model
and change what it does; without the key the experiments are what they were.
"""

import json
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from neuroagents.cli import commands as cli
from neuroagents.connectome.files import save_connectome
from neuroagents.models.ei.network import EIModel
from neuroagents.models.ei.params import EIParams
from neuroagents.models.ei.wiring import wired_graph
from neuroagents.models.hopfield.learning_rules import hebbian_weights
from neuroagents.models.hopfield.network import HopfieldModel, random_patterns
from neuroagents.models.rate.experiments.chaos import scc_trial
from neuroagents.models.rate.network import wired_coupling
from neuroagents.runner.config_connectome import param_connectome, symmetric_mask, with_weights

# Small sizes (run without --quick, whose overrides would replace them).
SMALL = {
    ("hopfield", "retrieval"): {"patterns": 2, "flips": 3},
    ("rate", "chaos"): {"gs": [0.5, 2.0], "networks": 1, "lyap_steps": 200, "check_time": 10.0,
                        "lyap_transient": 50, "ac_gs": [3.0], "ac_time": 40.0,
                        "logistic_points": 20, "lorenz_steps": 200, "divergence_pairs": 1},
    ("ei", "balance"): {"ratios": [1.0], "scan_ratios": [1.0, 5.0], "scan_seeds": 1,
                        "duration": 3.0, "spectrum_duration": 100.0, "theta_e": 2.0,
                        "theta_i": 3.0},
}  # fmt: skip


def tiny_graph(n: int = 40, p: float = 0.2, seed: int = 1) -> nx.DiGraph:
    g = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    nx.set_node_attributes(g, {v: "E" if v < 3 * n // 4 else "I" for v in g}, "population")
    return g


def run_config(folder: Path, model: str, experiment: str, spec: str, quick: bool = False,
               **params) -> tuple[Path, str]:  # fmt: skip
    lines = [f'model = "{model}"', f'experiment = "{experiment}"', "seed = 0", "[params]",
             f'connectome = "{spec}"'] + [f"{k} = {v!r}" for k, v in params.items()]  # fmt: skip
    config = folder / f"{model}.toml"
    config.write_text("\n".join(lines) + "\n")
    out = folder / f"{model}-out"
    argv = ["run", str(config), "--out", str(out)] + (["--quick"] if quick else [])
    assert cli.main(argv) == 0
    return out, config.read_text()


# every experiment on every format; the chaos runs' fixed cost (the logistic map and
# Lorenz parts: 5-20 s on a busy machine) puts them among the slow tests
CASES = [
    pytest.param(m, e, suffix, marks=[pytest.mark.slow] if m == "rate" else [])
    for (m, e) in SMALL
    for suffix in (".graphml", ".csv", ".npz")
]


@pytest.mark.parametrize(("model", "experiment", "suffix"), CASES)
def test_wired_experiment_runs_on_a_tiny_file(model, experiment, suffix, tmp_path, capsys):
    g = tiny_graph()
    save_connectome(g, tmp_path / f"wiring{suffix}")
    out, _ = run_config(tmp_path, model, experiment, f"wiring{suffix}",
                        **SMALL[(model, experiment)])  # fmt: skip
    table = pd.read_parquet(out / "results.parquet")
    meta = json.loads((out / "meta.json").read_text())
    assert meta["params"]["connectome"] == str(tmp_path / f"wiring{suffix}")
    printed = capsys.readouterr().out
    if model == "hopfield":
        assert (table["n"] == 40).all() and (
            table["connectome"] == str(tmp_path / f"wiring{suffix}")
        ).all()
    if model == "rate":
        assert set(table["n"]) == {40}
    if model == "ei":  # sizes from the file's labels, p its density (networkx's count)
        assert "n_E = 30, n_I = 10" in printed
        assert f"p = {nx.density(g):.4g}" in printed


RUNS = Path(__file__).resolve().parents[2] / "runs"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["wiring_hopfield_retrieval", "wiring_rate_chaos",
                                  "wiring_ei_balance"])  # fmt: skip
def test_shipped_celegans_configs_run_quick(name, tmp_path, run_quick):
    out = tmp_path / name
    run_quick(RUNS / f"{name}.toml", out)
    table = pd.read_parquet(out / "results.parquet")
    assert json.loads((out / "meta.json").read_text())["params"]["connectome"] == "celegans"
    assert list(out.glob("*.png"))
    if "n" in table:
        assert set(table["n"]) == {279}
    if name == "wiring_rate_chaos":
        # Below the edge the exponent is the quiet state's linear growth rate: the
        # Benettin estimate over T = 100 time units is within ~1/T of it.
        below = table[table["theory_fixed_point"].notna()]  # the quiet state is stable
        assert len(below) >= 2
        assert np.allclose(below["lyapunov"], below["theory_fixed_point"], atol=0.03)


def test_ei_on_a_gnp_file_agrees_with_the_mean_field(tmp_path):
    """The shipped example is a G(n, p): agents on it follow the G(n, p) mean field."""
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "ei_wiring.graphml"
    out, _ = run_config(tmp_path, "ei", "balance", str(example), **SMALL[("ei", "balance")])
    table = pd.read_parquet(out / "results.parquet")
    agents = table[table["source"] == "agents"]
    # the same criterion as the ei_agreement config's test: within finite-size noise
    assert (agents["rms_z_E"] < 2.5).all() and (agents["rms_z_I"] < 2.5).all()


def test_a_threshold_from_the_file_silences_a_hopfield_neuron(tmp_path):
    g = nx.gnp_random_graph(40, 0.3, seed=2, directed=True)
    nx.set_node_attributes(g, {0: 100.0}, "threshold")  # on node 0 only
    save_connectome(g, tmp_path / "w.graphml")
    wiring = param_connectome(str(tmp_path / "w.graphml"))
    pattern = random_patterns(40, 1, 0)
    pattern[0, wiring.index[0]] = 1.0  # GraphML keeps the int id 0
    weights = symmetric_mask(wiring) * hebbian_weights(pattern)  # as the experiment does
    model = HopfieldModel(with_weights(wiring, weights, patterns=pattern), rng=0,
                          record_every=None)  # fmt: skip
    model.set_state(pattern[0])
    model.run_until_stable(max_sweeps=10)
    state = np.asarray(model.state)
    i = wiring.index[0]
    assert state[i] == -1.0  # its field is at most 1 against a threshold of 100
    others = np.arange(40) != i  # the others keep the pattern (one pattern: exact recall)
    assert np.array_equal(state[others], pattern[0][others])
    model.threshold[:] = 0.0  # without the file's threshold it stays on the pattern
    model.set_state(pattern[0])
    model.run_until_stable(max_sweeps=10)
    assert np.array_equal(np.asarray(model.state), pattern[0])


def test_ei_neurons_take_threshold_and_tau_from_the_file(tmp_path):
    g = tiny_graph()
    nx.set_node_attributes(g, {0: 1e6}, "threshold")  # an E neuron that can never fire
    nx.set_node_attributes(g, {1: 7.0}, "tau")
    save_connectome(g, tmp_path / "w.npz")
    wiring = param_connectome(str(tmp_path / "w.npz"), populations=("E", "I"))
    params = EIParams(n_e=30, n_i=10, p=0.2, theta_e=1.0, theta_i=2.0, e0=0.5)
    graph, sizes = wired_graph(wiring, params.connectivity, 0.75, np.random.default_rng(0))
    assert sizes == {"n_e": 30, "n_i": 10, "p": pytest.approx(nx.density(g))}
    model = EIModel.from_params(params.replace(p=sizes["p"]), connectome=graph, rng=0)
    i, j = graph.index[0], graph.index[1]
    assert model.threshold[i] == 1e6 and model.tau[j] == 7.0
    e = model.e_index[(model.e_index != i) & (model.e_index != j)]
    assert np.all(model.threshold[e] == 1.0) and np.all(model.tau[e] == params.tau_e)
    model.run_until(5 * params.tau_e)
    assert model.state[i] == 0.0 and model.state[model.e_index].mean() > 0.2


def test_rate_taus_from_the_file_set_the_growth_rate(tmp_path):
    g = tiny_graph(60, 0.2, seed=4)
    taus = {v: 1.0 + 2.0 * (v % 2) for v in g}  # half the neurons three times slower
    nx.set_node_attributes(g, taus, "tau")
    save_connectome(g, tmp_path / "w.csv")
    wiring = param_connectome(str(tmp_path / "w.csv"))
    rng = np.random.default_rng(0)
    J = wired_coupling(wiring, rng)
    config = {"lyap_dt": 0.1, "lyap_steps": 2000, "lyap_transient": 300}
    row = scc_trial(J, 0.5, config, rng, wiring)
    tau = wiring.node_attrs["tau"]
    theory = np.linalg.eigvals((0.5 * J - np.eye(60)) / tau[:, None]).real.max()
    assert row["theory_fixed_point"] == pytest.approx(theory)
    # engine's exponent (T = 200) against the linear theory, within ~1/T
    assert row["lyapunov"] == pytest.approx(theory, abs=0.02)
    plain = scc_trial(J, 0.5, config, np.random.default_rng(0))  # no taus: all 1
    assert plain["lyapunov"] < theory - 0.1  # the slow neurons slow the decay


def test_without_the_key_the_table_is_the_same(tmp_path):
    base = ['model = "hopfield"', 'experiment = "retrieval"', "seed = 3", "[params]",
            "n = 60", "patterns = 3", "flips = 6"]  # fmt: skip
    tables = []
    for extra in ([], ['connectome = ""']):
        config = tmp_path / f"c{len(extra)}.toml"
        config.write_text("\n".join(base + extra) + "\n")
        assert cli.main(["run", str(config), "--out", str(tmp_path / config.stem)]) == 0
        tables.append(pd.read_parquet(tmp_path / config.stem / "results.parquet"))
    pd.testing.assert_frame_equal(*tables)
    assert "connectome" not in tables[0]
