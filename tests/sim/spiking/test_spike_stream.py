"""Spikes streamed to parquet: the same table as in memory, bounded memory, files kept safe."""

import numpy as np
import pandas as pd
import pytest

from neuroagents.errors import ValidationError
from neuroagents.models.spiking import BrunelParams, brunel_model
from neuroagents.sim.spiking import LIFParams, SpikingModel

SMALL = BrunelParams(N_E=400, N_I=100, epsilon=0.25)


@pytest.mark.parametrize("split", [(200.0,), (30.0, 0.1, 169.9)])
def test_a_streamed_run_writes_exactly_the_spikes_kept_in_memory(tmp_path, split):
    memory = brunel_model(SMALL, rng=5)
    memory.run_for(200.0)
    expected = memory.spikes()
    assert len(expected) > 5 * 500  # well past the initial buffer (4 n spikes)

    streamed = brunel_model(SMALL, rng=5)
    streamed.run_for(10.0)  # spikes recorded before the stream opens go to the file too
    streamed.stream_spikes(tmp_path / "spikes.parquet", chunk=700)
    capacity = streamed.record.ids.size
    for duration in split:
        streamed.run_for(duration - (10.0 if duration == split[0] else 0.0))
        # Memory holds at most one buffer: it never grew, whatever the run's length.
        assert streamed.record.ids.size == capacity
    with pytest.raises(ValidationError, match="streaming to"):
        streamed.spikes()
    path = streamed.close_spike_stream()
    pd.testing.assert_frame_equal(pd.read_parquet(path), expected)
    assert len(streamed.spikes()) == 0  # after the stream: only what comes next


def test_precise_timing_streams_too(tmp_path):
    w = np.array([[0.0, 0.0], [5.0, 0.0]])
    p = LIFParams(tau_m=20.0, E_L=0.0, V_th=20.0, V_reset=10.0)
    runs = []
    for stream in (False, True):
        m = SpikingModel(w, params=p, delay=1.25, timing="precise", rng=0)
        m.set_current(400.0, [0])  # about 80 Hz, regular
        if stream:
            m.stream_spikes(tmp_path / "precise.parquet", chunk=1)
        m.run_for(100.0)
        runs.append(pd.read_parquet(m.close_spike_stream()) if stream else m.spikes())
    assert len(runs[0]) > 5
    pd.testing.assert_frame_equal(runs[0], runs[1])


def test_a_file_the_library_did_not_write_is_never_replaced(tmp_path):
    theirs = tmp_path / "theirs.parquet"
    theirs.write_bytes(b"a user's data")
    m = brunel_model(SMALL, rng=0)
    with pytest.raises(ValidationError, match="did not write; it is never replaced"):
        m.stream_spikes(theirs)
    assert theirs.read_bytes() == b"a user's data"
    with pytest.raises(ValidationError, match="'chunk' parameter of stream_spikes"):
        m.stream_spikes(tmp_path / "x.parquet", chunk=0)
    with pytest.raises(ValidationError, match="No spike stream is open"):
        m.close_spike_stream()
    # A file of ours is replaced (a rerun), atomically: nothing hidden is left behind.
    ours = tmp_path / "ours.parquet"
    for _ in range(2):
        m.stream_spikes(ours)
        m.run_for(5.0)
        m.close_spike_stream()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ours.parquet", "theirs.parquet"]
