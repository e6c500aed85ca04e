import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import neuroagents as na

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))  # worker processes import the targets by module name
import sweep_targets as targets  # noqa: E402

GRID = {"x": [0, 1, 2, 3], "label": ["a", "b"]}


def test_rows_params_and_seeds_in_grid_order():
    df = na.sweep(targets.noisy_square, grid=GRID, seeds=3, progress=False)
    assert len(df) == 4 * 2 * 3
    assert list(df.columns[:4]) == ["run_id", "seed", "x", "label"]
    expected = [(x, lab, s) for x in GRID["x"] for lab in GRID["label"] for s in range(3)]
    assert list(zip(df["x"], df["label"], df["seed"], strict=True)) == expected
    assert df["run_id"].is_unique
    assert (df["status"] == "ok").all()
    # Each run's generator is its own: the noise of different runs is not repeated.
    assert df["u"].is_unique


def test_run_generator_comes_from_one_seedsequence():
    runs = na.sweep.__globals__["plan_runs"]({"x": [5]}, seeds=[4], root_seed=9)
    (run,) = runs
    expected = np.random.default_rng(np.random.SeedSequence(9, spawn_key=run.spawn_key))
    df = na.sweep(targets.noisy_square, grid={"x": [5]}, seeds=[4], root_seed=9, progress=False)
    assert df["y"].iloc[0] == 25 + expected.normal()


def test_identical_across_backends_workers_and_reruns(tmp_path):
    reference = na.sweep(targets.noisy_square, grid=GRID, seeds=3, progress=False)
    variants = {
        "serial-again": dict(backend="serial"),
        "processes-1": dict(backend="processes", workers=1),
        "processes-2": dict(backend="processes", workers=2),
        "dask-local-2": dict(backend="dask", workers=2),
    }
    blas_grid = {"size": [150, 400]}
    blas_reference = na.sweep(targets.matrix_work, grid=blas_grid, seeds=2, progress=False)
    for name, kwargs in variants.items():
        df = na.sweep(targets.noisy_square, grid=GRID, seeds=3, progress=False, **kwargs)
        pd.testing.assert_frame_equal(df, reference, obj=name)
        # BLAS work too: one BLAS thread per run on every backend, so bit-identical.
        blas = na.sweep(targets.matrix_work, grid=blas_grid, seeds=2, progress=False, **kwargs)
        pd.testing.assert_frame_equal(blas, blas_reference, obj=f"{name} (BLAS)")
    # With a store, the table read back is the same whichever backend filled it.
    stored = {}
    for backend in ("serial", "processes"):
        stored[backend] = na.sweep(
            targets.noisy_square, grid=GRID, seeds=3, backend=backend, workers=2,
            store=tmp_path / backend, progress=False,
        )  # fmt: skip
    pd.testing.assert_frame_equal(stored["serial"], stored["processes"])
    np.testing.assert_array_equal(stored["serial"]["y"], reference["y"])


def test_growing_the_grid_keeps_old_runs_identical():
    small = na.sweep(targets.noisy_square, grid={"x": [1, 2]}, seeds=2, progress=False)
    big = na.sweep(targets.noisy_square, grid={"x": [0, 1, 2, 9]}, seeds=3, progress=False)
    merged = small.merge(big, on=["x", "seed"], suffixes=("_small", "_big"))
    assert len(merged) == 4
    np.testing.assert_array_equal(merged["y_small"], merged["y_big"])
    np.testing.assert_array_equal(merged["run_id_small"], merged["run_id_big"])


def test_store_skips_finished_runs(tmp_path, capsys):
    store = tmp_path / "store"
    first = na.sweep(targets.noisy_square, grid=GRID, seeds=2, store=store)
    capsys.readouterr()
    second = na.sweep(targets.noisy_square, grid=GRID, seeds=2, store=store)
    err = capsys.readouterr().err
    assert "16 already in the store, 0 ran" in err
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(na.load_runs(store), first)
    # Batched: the 16 runs went into one part, not 16 tiny files.
    assert len(list((store / "parts").glob("*.parquet"))) == 1


def test_failure_is_recorded_with_traceback_and_does_not_stop(capsys):
    df = na.sweep(targets.sometimes_fails, grid={"x": [1, 2, 3]}, seeds=2)
    err = capsys.readouterr().err
    assert "2 failed" in err and "x = 2 is not allowed" in err
    failed = df[df["status"] == "failed"]
    assert failed["x"].tolist() == [2, 2]
    assert failed["error"].str.contains("RuntimeError: x = 2 is not allowed").all()
    assert failed["traceback"].str.contains("sometimes_fails").all()
    ok = df[df["status"] == "ok"]
    assert ok["y"].tolist() == [1.0, 1.0, 3.0, 3.0]
    assert ok["error"].isna().all()


def test_failed_runs_are_retried_on_rerun(tmp_path):
    store, log, flag = tmp_path / "s", tmp_path / "calls.log", tmp_path / "flag"
    flag.touch()
    fixed = {"log": str(log), "flag": str(flag)}
    first = na.sweep(targets.flaky, grid={"x": [1, 2, 3]}, seeds=1, params=fixed,
                     store=store, progress=False)  # fmt: skip
    assert first["status"].tolist() == ["ok", "failed", "ok"]
    flag.unlink()
    second = na.sweep(targets.flaky, grid={"x": [1, 2, 3]}, seeds=1, params=fixed,
                      store=store, progress=False)  # fmt: skip
    # Only the failed run ran again; the finished ones were read from the store.
    assert log.read_text().split() == ["1", "2", "3", "2"]
    assert second["status"].tolist() == ["ok", "ok", "ok"]
    cols = ["run_id", "seed", "x", "y"]
    pd.testing.assert_frame_equal(second.iloc[[0, 2]][cols], first.iloc[[0, 2]][cols])


def test_store_refuses_another_sweep_unless_told(tmp_path):
    store = tmp_path / "s"
    a = na.sweep(targets.noisy_square, grid={"x": [1, 2]}, seeds=1, store=store, progress=False)
    other = dict(grid={"x": [1, 2]}, seeds=1, params={"sleep": 0.0}, store=store, progress=False)
    with pytest.raises(na.ValidationError, match=r"(?s)function: stored .*noisy_square.*"
                       r"now .*slow_square.*on_change='append'"):  # fmt: skip
        na.sweep(targets.slow_square, **other)
    with pytest.raises(na.ValidationError, match=r"grid: stored \{\"x\": \[1, 2\]\}"):
        na.sweep(targets.noisy_square, grid={"x": [1, 2, 3]}, seeds=1, store=store,
                 progress=False)  # fmt: skip
    with pytest.raises(na.ValidationError, match=r"seeds: stored \[0\], now \[0, 1\]"):
        na.sweep(targets.noisy_square, grid={"x": [1, 2]}, seeds=2, store=store, progress=False)
    # Refusals changed nothing; "append" keeps the first sweep and adds the other's runs.
    pd.testing.assert_frame_equal(na.load_runs(store), a)
    b = na.sweep(targets.slow_square, on_change="append", **other)
    assert set(a["run_id"]).isdisjoint(b["run_id"])
    assert "u" in a and "u" not in b  # no stale rows from the other function
    both = na.load_runs(store)
    assert len(both) == 4 and both["run_id"].tolist() == [*a["run_id"], *b["run_id"]]
    # Either sweep resumes from the store; "rerun" moves everything aside.
    pd.testing.assert_frame_equal(
        na.sweep(targets.noisy_square, grid={"x": [1, 2]}, seeds=1, store=store, progress=False),
        a,
    )
    ring = dict(grid={"n": [12], "temperature": [1.0]}, seeds=1, store=store, progress=False)
    short = na.sweep(targets.GlauberRing, steps=3, on_change="rerun", **ring)
    long = na.sweep(targets.GlauberRing, steps=6, on_change="rerun", **ring)
    assert short["time"].tolist() == [3.0] and long["time"].tolist() == [6.0]
    assert len(na.load_runs(store)) == 1
    assert len(list((store / "superseded").glob("*/parts/*.parquet"))) >= 2


def test_numpy_scalars_and_python_values_name_the_same_run():
    py = na.sweep(targets.noisy_square, grid=[{"x": 3}], seeds=1, progress=False)
    npy = na.sweep(targets.noisy_square, grid=[{"x": np.int64(3)}], seeds=1, progress=False)
    arr = na.sweep(targets.noisy_square, grid={"x": np.array([3])}, seeds=1, progress=False)
    assert py["run_id"].iloc[0] == npy["run_id"].iloc[0] == arr["run_id"].iloc[0]
    assert py["y"].iloc[0] == npy["y"].iloc[0] == arr["y"].iloc[0]


def test_per_step_tables_and_summaries():
    df = na.sweep(targets.per_step, grid={"steps": [5, 8]}, seeds=4, progress=False)
    assert len(df) == 4 * (5 + 8)
    summary = na.summarize(df, by=["steps", "step"], values="walk")
    assert len(summary) == 5 + 8
    # Independent computation of the mean and sem at one step.
    sub = df[(df["steps"] == 8) & (df["step"] == 7)]["walk"].to_numpy()
    row = summary[(summary["steps"] == 8) & (summary["step"] == 7)].iloc[0]
    assert row["walk_mean"] == pytest.approx(sub.mean())
    assert row["walk_sem"] == pytest.approx(sub.std(ddof=1) / np.sqrt(4))
    assert row["walk_q50"] == pytest.approx(np.quantile(sub, 0.5))


def test_model_class_sweep_runs_the_model():
    df = na.sweep(
        targets.GlauberRing, grid={"n": [20], "temperature": [0.5, 50.0]}, seeds=2,
        steps=30, progress=False,
    )  # fmt: skip
    assert df["time"].tolist() == [30.0] * 4
    assert set(df.columns) >= {"flips", "magnetization"}
    per_step = na.sweep(
        targets.GlauberRing, grid={"n": [20], "temperature": [0.5]}, seeds=1, steps=10,
        records=True, progress=False,
    )  # fmt: skip
    assert per_step["time"].tolist() == [float(t) for t in range(11)]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(backend="threads"), "backend"),
        (dict(workers=0), "workers"),
        (dict(seeds=0), "seeds"),
        (dict(seeds=[1, 1]), "seeds"),
        (dict(grid={"x": 3}), "grid entry 'x'"),
        (dict(grid={"x": []}), "grid entry 'x'"),
        (dict(grid={"seed": [1]}), "reserved"),
        (dict(scheduler_address="tcp://127.0.0.1:1"), "scheduler_address"),
    ],
)
def test_bad_arguments_are_named(kwargs, match):
    args = dict(grid={"x": [1]}, seeds=1, progress=False)
    args.update(kwargs)
    with pytest.raises(na.ValidationError, match=match):
        na.sweep(targets.noisy_square, **args)


def test_a_function_holding_a_lock_says_what_to_do():
    import threading

    lock = threading.Lock()

    def locked(params, rng):
        with lock:
            return {"y": 1}

    with pytest.raises(na.ValidationError, match=r"cannot be serialized.*inside the function"):
        na.sweep(locked, grid={"x": [1]}, backend="processes", progress=False)
    assert na.sweep(locked, grid={"x": [1]}, progress=False)["y"].tolist() == [1]


# 60 runs of 0.15 s on 2 workers take ~4.5 s: longer than the store's 2 s flush, so parts
# are written while runs are still going and the kills land mid-sweep on a quiet machine too.
SLEEP = 0.15
KILL_SCRIPT = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    import sweep_targets, neuroagents as na
    na.sweep(sweep_targets.slow_square, grid={{"x": list(range(30))}}, seeds=2,
             params={{"sleep": SLEEP}}, backend={backend!r}, workers=2, store={store!r},
             progress=False)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["serial", "processes"])
def test_sigkill_at_random_moments_then_resume(tmp_path, backend):
    store = tmp_path / "killed"
    script = KILL_SCRIPT.format(tests=str(TESTS), backend=backend, store=str(store)).replace(
        "SLEEP", repr(SLEEP)
    )
    rng = np.random.default_rng(12)
    parts = store / "parts"
    kills = 0
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
        # Wait until the sweep is writing results, then kill at a random moment.
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if parts.exists() and any(parts.glob("*.parquet")):
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.5))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        # No partial file is ever read: every part on disk is a whole parquet file.
        for part in parts.glob("*.parquet"):
            pd.read_parquet(part)
    assert kills >= 2
    partial = len(na.load_runs(store))
    done = subprocess.run([sys.executable, "-c", script], check=True, timeout=300)
    assert done.returncode == 0
    resumed = na.load_runs(store)
    clean = na.sweep(
        targets.slow_square, grid={"x": list(range(30))}, seeds=2, params={"sleep": SLEEP},
        backend="processes", workers=2,
        store=tmp_path / "clean", progress=False,
    )  # fmt: skip
    assert 0 < partial < 60  # the kills landed while runs were being written
    assert len(resumed) == 60 and resumed["run_id"].is_unique
    pd.testing.assert_frame_equal(resumed, clean)


def test_on_failure_raise_finishes_the_sweep_then_raises(tmp_path):
    store = tmp_path / "s"
    with pytest.raises(na.NeuroagentsError, match=r"1 of 3 runs .* failed.*x = 2 is not allowed"):
        na.sweep(targets.sometimes_fails, grid={"x": [1, 2, 3]}, seeds=1, store=store,
                 on_failure="raise", progress=False)  # fmt: skip
    # Every run was still stored before the error.
    assert len(na.load_runs(store)) == 3
