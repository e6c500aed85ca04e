"""The recorder: Mesa DataCollector-shaped tables, record_every, streaming to parquet."""

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import neuroagents as na


def _weights(n=12, seed=0):
    rng = np.random.default_rng(seed)
    a = np.triu(rng.normal(size=(n, n)), 1)
    return a + a.T


def _glauber(**kwargs):
    return na.NeuralModel(
        _weights(), rule="glauber", temperature=0.7, scheduler="async-sweep", rng=3, **kwargs
    )


def test_model_table_has_time_and_reporters():
    model = _glauber(
        model_reporters={
            "energy": "energy",
            "active": lambda m: int((m.state > 0).sum()),
            "n": "n",
        }
    )
    snapshots = [model.state.copy()]
    energies = [model.energy()]
    for _ in range(6):
        model.step()
        snapshots.append(model.state.copy())
        energies.append(model.energy())
    table = model.datacollector.get_model_vars_dataframe()
    assert list(table.columns) == ["time", "flips", "energy", "active", "n"]
    assert table["time"].tolist() == [float(t) for t in range(7)]
    assert table["energy"].tolist() == energies
    assert table["active"].tolist() == [int((s > 0).sum()) for s in snapshots]
    assert table["n"].tolist() == [12] * 7
    # Under async-sweep each neuron updates once a step: flips = positions that changed.
    changed = [0] + [int((a != b).sum()) for a, b in itertools.pairwise(snapshots)]
    assert table["flips"].tolist() == changed
    assert sum(changed) > 0


@pytest.mark.parametrize("every", [1, 3, 4])
def test_record_every_k_steps(every):
    model = _glauber(record_every=every, agent_reporters={"state": "state"})
    snapshots = {0.0: model.state.copy()}
    for t in range(1, 13):
        model.step()
        snapshots[float(t)] = model.state.copy()
    times = model.datacollector.get_model_vars_dataframe()["time"].tolist()
    assert times == [float(t) for t in range(0, 13, every)]
    agents = model.datacollector.get_agent_vars_dataframe()
    assert sorted(set(agents.index.get_level_values("time"))) == times
    for t in times:
        assert np.array_equal(agents.xs(t, level="time")["state"].to_numpy(), snapshots[t])
    # Flips over a recording interval add up to the total.
    assert model.datacollector.get_model_vars_dataframe()["flips"].sum() == model.flips_total


def test_no_recording():
    model = _glauber(record_every=None)
    model.run_for(3)
    assert len(model.datacollector.get_model_vars_dataframe()) == 0


def test_agent_table_is_indexed_by_time_and_node_id():
    g = nx.Graph()
    ids = ["a", ("b", 1), 7, "d"]
    for u, v, wt in [(0, 1, 1.0), (1, 2, -0.5), (2, 3, 2.0), (3, 0, 0.25), (0, 2, 1.5)]:
        g.add_edge(ids[u], ids[v], weight=wt)
    model = na.NeuralModel(
        g, rule="glauber", temperature=1.0, rng=2, drive=0.1,
        agent_reporters={"state": "state", "input": "input", "pop": "population",
                         "sq": lambda m: m.state * 2.0},
    )  # fmt: skip
    node_ids = list(g.nodes)
    snaps = {0.0: (model.state.copy(), model.input.copy())}
    for t in (1.0, 2.0, 3.0):
        model.step()
        snaps[t] = (model.state.copy(), model.input.copy())
    table = model.datacollector.get_agent_vars_dataframe()
    assert table.index.names == ["time", "AgentID"]
    assert len(table) == 4 * len(node_ids)
    assert list(table.columns) == ["state", "input", "pop", "sq"]
    for t, (state, inputs) in snaps.items():
        frame = table.xs(t, level="time")
        assert list(frame.index) == node_ids
        assert np.array_equal(frame["state"].to_numpy(), state)
        assert np.array_equal(frame["input"].to_numpy(), inputs)
        assert np.array_equal(frame["sq"].to_numpy(), 2.0 * state)
        assert (frame["pop"] == "all").all()
    # Snapshots are copies, not views of the live array.
    assert not all(
        np.array_equal(table.xs(0.0, level="time")["state"], snaps[t][0]) for t in (1.0, 2.0, 3.0)
    )


def test_streaming_to_parquet_gives_the_same_tables(tmp_path):
    kwargs = {"model_reporters": {"energy": "energy"}, "agent_reporters": {"state": "state"}}
    memory = _glauber(**kwargs)
    streamed = _glauber(stream_to=tmp_path, **kwargs)
    # 12 neurons: a part is written every 3 agent snapshots and every 30 model rows.
    streamed.datacollector.flush_rows = 30
    memory.run_for(40)
    streamed.run_for(40)
    agent_parts = sorted((tmp_path / "agents").glob("part-*.parquet"))
    model_parts = sorted((tmp_path / "model").glob("part-*.parquet"))
    assert len(agent_parts) == 41 // 3
    assert len(model_parts) == 1
    assert len(pd.read_parquet(agent_parts[0])) == 3 * 12
    expected_model = memory.datacollector.get_model_vars_dataframe()
    expected_agents = memory.datacollector.get_agent_vars_dataframe()
    assert len(expected_model) == 41
    pd.testing.assert_frame_equal(streamed.datacollector.get_model_vars_dataframe(), expected_model)
    pd.testing.assert_frame_equal(
        streamed.datacollector.get_agent_vars_dataframe(), expected_agents
    )
    streamed.datacollector.flush()
    assert len(list((tmp_path / "model").glob("part-*.parquet"))) == 2
    pd.testing.assert_frame_equal(
        streamed.datacollector.get_agent_vars_dataframe(), expected_agents
    )
    assert not list(tmp_path.rglob("*.tmp"))


def test_agent_reporter_of_wrong_shape_raises():
    model = _glauber(agent_reporters={"bad": lambda m: np.zeros(m.n + 1)})
    with pytest.raises(na.ValidationError, match=r"'bad'.*one value per neuron"):
        model.run_for(1)


def test_unknown_agent_reporter_name_raises():
    model = _glauber(agent_reporters={"x": "voltage"})
    with pytest.raises(na.ValidationError, match="'voltage'"):
        model.run_for(1)


def test_poisson_records_on_a_time_grid():
    model = na.NeuralModel(
        _weights(), scheduler="poisson", record_every=0.25, rng=0,
        agent_reporters={"updates": "update_count"},
    )  # fmt: skip
    model.run_for(2.0)
    table = model.datacollector.get_model_vars_dataframe()
    assert table["time"].tolist() == [0.25 * k for k in range(9)]
    agents = model.datacollector.get_agent_vars_dataframe()["updates"]
    last = agents.xs(2.0, level="time").to_numpy()
    assert np.array_equal(last, model.update_counts)
    assert table["flips"].sum() == model.flips_total


def test_empty_tables_have_the_right_columns():
    rec = na.Recorder({"energy": "energy"}, {"state": "state"})
    assert list(rec.get_model_vars_dataframe().columns) == ["time", "energy"]
    agents = rec.get_agent_vars_dataframe()
    assert list(agents.columns) == ["state"] and agents.index.names == ["time", "AgentID"]


def test_stream_to_refuses_a_directory_with_an_earlier_recording(tmp_path):
    w = np.ones((4, 4)) - np.eye(4)
    first = na.NeuralModel(w, rng=0, stream_to=tmp_path / "rec")
    first.datacollector.flush_rows = 2
    first.run_for(6)
    first.datacollector.flush()
    with pytest.raises(na.ValidationError, match="stream_to"):
        na.NeuralModel(w, rng=0, stream_to=tmp_path / "rec")


def test_streamed_tuple_ids_read_back_in_one_encoding(tmp_path):
    c = na.builders.layered([3, 2], rng=0)
    m = na.NeuralModel(c, rule="threshold", rng=0, agent_reporters={"state": "state"},
                       stream_to=tmp_path / "rec")  # fmt: skip
    m.datacollector.flush_rows = 10
    m.run_for(5)  # some snapshots in parts, the last ones still in memory
    ids = m.datacollector.get_agent_vars_dataframe().index.get_level_values("AgentID")
    assert len(ids) == 6 * 5
    assert {type(v) for v in ids} == {str}
    assert set(ids) == {str(node) for node in c.node_ids}
