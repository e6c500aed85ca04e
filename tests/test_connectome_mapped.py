"""Connectome folders: saved as .npy arrays, opened memory-mapped, every array checked."""

from __future__ import annotations

import json

import numpy as np
import pytest

import neuroagents as na
from neuroagents.connectome.files import load_connectome, save_connectome
from neuroagents.connectome.mapped import open_mapped, save_mapped


@pytest.fixture
def ei():
    return na.builders.gnp_ei(160, 40, p=0.05, rng=4)


def _model(c):
    return na.NeuralModel(c, rule="threshold", scheduler="poisson", tau={"E": 1.0, "I": 0.5},
                          threshold=1.0, rng=0, record_every=None)  # fmt: skip


def test_a_saved_folder_opens_mapped_and_runs_the_same_trajectory(ei, tmp_path):
    folder = save_connectome(ei, tmp_path / "ei.connectome")
    d = load_connectome(folder)
    assert isinstance(d._in.data, np.memmap) and isinstance(d._out.indices, np.memmap)
    for a, b in ((ei._in, d._in), (ei._out, d._out)):
        for name in ("indptr", "indices", "data"):
            assert np.array_equal(getattr(a, name), getattr(b, name))
    assert d.node_attrs["population"].tolist() == ei.node_attrs["population"].tolist()
    assert d.node_ids == list(range(200)) and d.index[7] == 7 and d.directed
    m, mm = _model(ei), _model(d)
    # The model reads the mapped arrays themselves: no second copy of the synapses.
    assert np.shares_memory(mm.arrays.out[1], d._out.indices)
    m.run_for(5.0)
    mm.run_for(5.0)
    assert np.array_equal(m.state, mm.state) and m.flips_total == mm.flips_total > 0


def test_editing_weights_copies_and_never_writes_the_file(ei, tmp_path):
    folder = save_mapped(ei, tmp_path / "ei.connectome")
    m = _model(open_mapped(folder))
    j, i = int(ei._in.indices[0]), 0  # an existing synapse j -> 0
    m.update_weights(edges=[(j, i, 5.0)])
    assert m.connectome.synapse_weights(np.array([i]), np.array([j]))[0] == 5.0
    again = open_mapped(folder)
    assert again.synapse_weights(np.array([i]), np.array([j]))[0] == ei._in.data[0]


def test_ids_and_attributes_round_trip(tmp_path):
    w = np.array([[0, 1.5, 0], [0, 0, -2.0], [0.5, 0, 0]])
    c = na.Connectome.from_matrix(w, node_ids=["a", "b", "c"], storage="sparse",
                                  node_attrs={"tau": np.array([1.0, 2.0, 3.0])})  # fmt: skip
    d = open_mapped(save_mapped(c, tmp_path / "small.connectome"))
    assert d.node_ids == ["a", "b", "c"] and d.index["c"] == 2
    assert d.to_dense().tolist() == c.to_dense().tolist()
    assert d.node_attrs["tau"].tolist() == [1.0, 2.0, 3.0]


def test_a_folder_it_did_not_write_is_never_replaced(ei, tmp_path):
    foreign = tmp_path / "mine.connectome"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(na.ConnectomeError, match="never replaces what it did not write"):
        save_mapped(ei, foreign)
    assert (foreign / "notes.txt").read_text() == "keep me"
    ours = save_mapped(ei, tmp_path / "ours.connectome")
    small = na.builders.gnp_ei(8, 2, p=0.1, rng=1)  # sparse (a dense one is not saved)
    save_mapped(small, ours)  # its own folder: replaced
    assert open_mapped(ours).n_nodes == 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.connectome", "ours.connectome"]


def test_a_users_file_with_the_folders_name_is_never_replaced(ei, tmp_path):
    users = tmp_path / "brain.connectome"
    users.write_text("a user's own file")
    with pytest.raises(na.ConnectomeError, match="never replaces what it did not write"):
        save_mapped(ei, users)
    assert users.read_text() == "a user's own file"
    assert [p.name for p in tmp_path.iterdir()] == ["brain.connectome"]  # no leftovers


def _damage(folder, name, change):
    arr = np.load(folder / name).copy()
    change(arr)
    np.save(folder / name, arr)


@pytest.mark.parametrize(
    ("name", "change", "match"),
    [
        ("in_indices.npy", lambda a: a.__setitem__(0, 10**6), r"'indices'.*\[0, 199\].*position 0"),
        ("in_indices.npy", lambda a: a.__setitem__(slice(0, 2), a[1::-1]), "increasing"),
        ("out_indptr.npy", lambda a: a.__setitem__(5, a[7]), r"'indptr'.*never decrease"),
        ("in_data.npy", lambda a: a.__setitem__(3, np.nan), "must all be finite"),
        ("out_data.npy", lambda a: a.__setitem__(slice(None), -a), "a synapse differs"),
        ("out_indices.npy", lambda a: a.__setitem__(0, (a[0] + 1) % 200),
         "not the transpose|increasing"),
    ],
)  # fmt: skip
def test_damaged_arrays_get_one_clear_error(ei, tmp_path, name, change, match):
    folder = save_mapped(ei, tmp_path / "ei.connectome")
    _damage(folder, name, change)
    with pytest.raises(na.ConnectomeError, match=match) as err:
        open_mapped(folder)
    assert "ei.connectome" in str(err.value)


def test_a_folder_without_its_meta_or_arrays_is_refused(ei, tmp_path):
    folder = save_mapped(ei, tmp_path / "ei.connectome")
    (folder / "in_data.npy").unlink()
    with pytest.raises(na.ConnectomeError, match=r"in_data\.npy of the connectome folder"):
        open_mapped(folder)
    meta = json.loads((folder / "meta.json").read_text())
    (folder / "meta.json").write_text(json.dumps({**meta, "format": "other"}))
    with pytest.raises(na.ConnectomeError, match="is not a saved connectome"):
        open_mapped(folder)
    with pytest.raises(na.ConnectomeError, match=r"must end in '\.connectome'"):
        save_mapped(ei, tmp_path / "x.arrays")


def test_a_users_file_inside_a_saved_connectome_is_never_deleted(ei, tmp_path):
    target = tmp_path / "c.connectome"
    save_connectome(ei, target)
    (target / "notes.txt").write_text("mine")
    with pytest.raises(na.ConnectomeError, match=r"did not write \(notes\.txt\)"):
        save_connectome(ei, target)
    assert (target / "notes.txt").read_text() == "mine"
    (target / "notes.txt").unlink()
    save_connectome(ei, target)  # only its own files: replaced
    assert load_connectome(target).n_edges == ei.n_edges
