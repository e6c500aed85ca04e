"""A store that cannot be poisoned: bad files, damaged index and manifest, changed code,
outputs that cannot be stored, run keys that do not collide."""

import hashlib
import importlib
import json
import sys
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import neuroagents as na
from neuroagents.sweeps.fingerprint import code_fingerprint
from neuroagents.sweeps.plan import plan_runs
from neuroagents.sweeps.store import StoreRepairWarning

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
import sweep_targets as targets  # noqa: E402

GRID = {"x": [0, 1, 2, 3, 4]}


def _sweep(store, **kwargs):
    args = dict(grid=GRID, seeds=2, store=store, progress=False)
    args.update(kwargs)
    return na.sweep(targets.noisy_square, **args)


def _one_part(store):
    (part,) = (store / "parts").glob("part-*.parquet")
    return part


@pytest.mark.parametrize("damage", ["truncated", "empty", "foreign parquet", "foreign file"])
def test_bad_files_are_quarantined_and_their_runs_rerun(tmp_path, damage):
    store = tmp_path / "s"
    clean = _sweep(store)
    part = _one_part(store)
    if damage == "truncated":
        part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
    elif damage == "empty":
        part.write_bytes(b"")
    elif damage == "foreign parquet":
        pq.write_table(pa.table({"a": [1, 2]}), part)
    else:
        (store / "parts" / "notes.txt").write_text("not a part")
    with pytest.warns(StoreRepairWarning, match="quarantine"):
        again = _sweep(store)
    pd.testing.assert_frame_equal(again, clean)
    assert len(list((store / "quarantine").iterdir())) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # repaired: no more warnings
        pd.testing.assert_frame_equal(na.load_runs(store), clean)


def test_damaged_index_is_rebuilt_from_the_parts(tmp_path, capsys):
    store = tmp_path / "s"
    clean = _sweep(store)
    (store / "index.jsonl").write_text('{"part": "part-000001-1.parq\n\x00garbage\n')
    with pytest.warns(StoreRepairWarning, match="index .* rebuilt"):
        again = _sweep(store, progress=True)
    assert "10 already in the store, 0 ran" in capsys.readouterr().err
    pd.testing.assert_frame_equal(again, clean)


def test_damaged_manifest_is_rebuilt_from_the_parts_metadata(tmp_path, capsys):
    store = tmp_path / "s"
    clean = _sweep(store)
    (store / "sweep.json").write_text("{ not json")
    with pytest.warns(StoreRepairWarning, match="manifest .* rebuilt"):
        again = _sweep(store, progress=True)
    assert "10 already in the store, 0 ran" in capsys.readouterr().err
    pd.testing.assert_frame_equal(again, clean)
    # The rebuilt manifest knows the grid again; another grid is still refused.
    with pytest.raises(na.ValidationError, match="grid: stored"):
        _sweep(store, grid={"x": [7]})


def test_manifest_that_cannot_be_rebuilt_is_refused_by_name(tmp_path):
    store = tmp_path / "s"
    (store / "parts").mkdir(parents=True)
    pq.write_table(
        pa.table({"run_id": ["a" * 32], "status": ["ok"]}),
        store / "parts" / "part-000001-1.parquet",
    )
    (store / "sweep.json").write_text("[]")
    with pytest.raises(na.ValidationError, match=r"manifest .*sweep\.json .* damaged"):
        _sweep(store)


def test_store_of_the_previous_format_is_refused(tmp_path):
    store = tmp_path / "old"
    (store / "parts").mkdir(parents=True)
    (store / "sweep.json").write_text(json.dumps({"function": "f", "run_ids": ["ab"]}))
    with pytest.raises(na.ValidationError, match=r"earlier neuroagents.*new store"):
        _sweep(store)


CODE = """
SCALE = {scale}

def helper(x):
    return SCALE * x

def unrelated():
    return {unrelated}

def trial(params, rng):
    return {{"y": helper(params["x"]) + rng.random()}}
"""


def _user_module(tmp_path, scale, unrelated=0):
    folder = tmp_path / "user"
    folder.mkdir(exist_ok=True)
    (folder / "changing_code.py").write_text(CODE.format(scale=scale, unrelated=unrelated))
    sys.path.insert(0, str(folder))
    try:
        sys.modules.pop("changing_code", None)
        importlib.invalidate_caches()
        return importlib.import_module("changing_code")
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop("changing_code", None)


def test_changed_code_is_refused_not_served_stale(tmp_path):
    store = tmp_path / "s"
    first = _user_module(tmp_path, scale=2)
    old = na.sweep(first.trial, grid=GRID, store=store, progress=False)
    # Editing an unrelated function changes nothing; editing a helper or constant does.
    same = _user_module(tmp_path, scale=2, unrelated=5)
    assert code_fingerprint(same.trial) == code_fingerprint(first.trial)
    pd.testing.assert_frame_equal(na.sweep(same.trial, grid=GRID, store=store, progress=False), old)
    changed = _user_module(tmp_path, scale=3)
    assert code_fingerprint(changed.trial) != code_fingerprint(first.trial)
    with pytest.raises(na.ValidationError, match=r"the code of .*trial .* changed"):
        na.sweep(changed.trial, grid=GRID, store=store, progress=False)
    new = na.sweep(changed.trial, grid=GRID, store=store, on_change="rerun", progress=False)
    assert (new["y"] - 3 * new["x"]).between(0, 1).all()
    moved = new["x"] > 0
    assert not (new["y"][moved] == old["y"][moved]).any()


def test_outputs_that_cannot_be_stored_fail_their_run_only(tmp_path):
    store = tmp_path / "s"
    df = na.sweep(targets.odd_outputs, grid={"x": [0, 1, 2, 3]}, store=store, progress=False)
    assert df["status"].tolist() == ["ok", "failed", "failed", "ok"]
    assert "the output 'y' holds a value of type object" in df["error"][1]
    assert "type string in this run but double in earlier runs" in df["error"][2]
    assert df["y"].dtype == float
    pd.testing.assert_frame_equal(na.load_runs(store), df)
    # Without a store, the same table.
    memory = na.sweep(targets.odd_outputs, grid={"x": [0, 1, 2, 3]}, progress=False)
    pd.testing.assert_frame_equal(memory, df)


def test_run_keys_are_128_bits_where_32_bits_collide():
    # Find two points whose 32-bit keys (the previous scheme) collide.
    seen = {}
    for k in range(300_000):
        canonical = json.dumps({"k": k}, sort_keys=True)
        key32 = hashlib.sha256(canonical.encode()).hexdigest()[:8]
        if key32 in seen:
            pair = [seen[key32], k]
            break
        seen[key32] = k
    else:
        pytest.fail("no 32-bit collision found")
    runs = plan_runs([{"k": pair[0]}, {"k": pair[1]}], seeds=1)
    assert runs[0].spawn_key[0] != runs[1].spawn_key[0]
    assert max(r.spawn_key[0] for r in runs).bit_length() > 96
    assert runs[0].rng().random() != runs[1].rng().random()
    assert len(runs[0].run_id) == 32


def test_the_same_grid_written_differently_resumes(tmp_path, capsys):
    import numpy as np

    store = tmp_path / "s"
    first = na.sweep(targets.noisy_square, grid={"x": [0, 1, 2]}, store=store, progress=False)
    for grid in ({"x": np.arange(3)}, {"x": range(3)}, {"x": (0, 1, 2)}):
        again = na.sweep(targets.noisy_square, grid=grid, store=store)
        assert "3 already in the store, 0 ran" in capsys.readouterr().err
        pd.testing.assert_frame_equal(again, first)
