"""Sweeps where users work: notebooks, python -c, stdin, unguarded scripts, any executor,
and a Dask cluster started elsewhere."""

import json
import multiprocessing
import os
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

import neuroagents as na

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
import sweep_targets as targets  # noqa: E402

GRID = {"x": [0, 1, 2], "label": ["a", "b"]}

# A function defined where workers cannot import it, swept on processes; the script
# checks the table against the serial one and prints its checksum.
MAIN_SCRIPT = textwrap.dedent(
    """
    import pandas as pd
    import neuroagents as na

    OFFSET = 10.0

    def shifted(x):
        return x + OFFSET

    def trial(params, rng):
        return {"y": shifted(params["x"]) + rng.normal(), "u": rng.random()}

    grid = {"x": [0, 1, 2, 3]}
    serial = na.sweep(trial, grid=grid, seeds=3, progress=False)
    parallel = na.sweep(trial, grid=grid, seeds=3, backend="processes", workers=2,
                        progress=False)
    pd.testing.assert_frame_equal(serial, parallel)
    print("IDENTICAL", round(float(serial["y"].sum()), 9))
    """
)


# Dask's LocalCluster starts its workers with spawn, which re-runs an unguarded script.
ON_DASK = """
on_dask = na.sweep(trial, grid=grid, seeds=3, backend="dask", workers=2, progress=False)
pd.testing.assert_frame_equal(serial, on_dask)
"""


def test_functions_from_python_c_stdin_and_an_unguarded_script(tmp_path):
    # No `if __name__ == "__main__":` guard: the workers must not re-run the script.
    script = tmp_path / "unguarded.py"
    script.write_text(MAIN_SCRIPT + ON_DASK)
    launches = [["-c", MAIN_SCRIPT], ["-"], [str(script)]]
    procs = [
        # All three at once: most of their time is start-up.
        subprocess.Popen(
            [sys.executable, *args],
            cwd=tmp_path,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for args in launches
    ]
    outputs = []
    for args, proc in zip(launches, procs, strict=True):
        out, err = proc.communicate(MAIN_SCRIPT if args == ["-"] else "", timeout=240)
        assert proc.returncode == 0, err[-3000:]
        assert "BrokenProcessPool" not in err
        outputs.append(out)
    for out in outputs:
        assert out.count("IDENTICAL") == 1  # the sweep ran once, in the driver only
    assert len({out.strip() for out in outputs}) == 1


NOTEBOOK_CELLS = [
    "import pandas as pd\nimport neuroagents as na",
    "SCALE = 3.0\n\ndef helper(x):\n    return SCALE * x",
    (
        "def trial(params, rng):\n"
        "    noise = rng.normal(size=4)\n"
        "    return {'y': helper(params['x']) + noise.sum(), 'first': noise[0]}"
    ),
    (
        "grid = {'x': [0.5, 1.0, 2.0], 'label': ['a', 'b']}\n"
        "serial = na.sweep(trial, grid=grid, seeds=[3, 7], progress=False)\n"
        "procs = na.sweep(trial, grid=grid, seeds=[3, 7], backend='processes', workers=2,\n"
        "                 progress=False)\n"
        "from distributed import Client, LocalCluster\n"
        "with LocalCluster(n_workers=2, threads_per_worker=1, host='127.0.0.1',\n"
        "                  dashboard_address=None) as cluster, Client(cluster) as client:\n"
        "    dask = na.sweep(trial, grid=grid, seeds=[3, 7], backend='dask',\n"
        "                    scheduler_address=cluster.scheduler_address, progress=False)\n"
        "pd.testing.assert_frame_equal(procs, serial)\n"
        "pd.testing.assert_frame_equal(dask, serial)\n"
        "print('RESULT', len(serial), repr(float(serial['y'].sum())))"
    ),
]


@pytest.fixture(scope="module")
def kernel_name():
    # The kernel spec goes into this venv (not the user's home), pointing at this Python.
    subprocess.run(
        [sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"],
        check=True,
        capture_output=True,
    )
    return "python3"


def test_notebook_function_on_processes_and_dask_equals_serial(tmp_path, kernel_name):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in NOTEBOOK_CELLS]
    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=240,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    last = nb.cells[-1].outputs
    # stdout only: Dask may warn on stderr (e.g. about a port in use).
    text = "".join(o.get("text", "") for o in last if o.get("name") == "stdout")
    (line,) = [ln for ln in text.splitlines() if ln.startswith("RESULT")]
    rows, total = line.split()[1:3]
    assert int(rows) == 3 * 2 * 2
    # The same function in this process gives the same numbers.
    scale = 3.0

    def trial(params, rng):
        noise = rng.normal(size=4)
        return {"y": scale * params["x"] + noise.sum(), "first": noise[0]}

    here = na.sweep(
        trial, grid={"x": [0.5, 1.0, 2.0], "label": ["a", "b"]}, seeds=[3, 7], progress=False
    )
    assert float(total) == pytest.approx(here["y"].sum(), rel=1e-12)


def test_any_executor_gives_the_same_table():
    reference = na.sweep(targets.noisy_square, grid=GRID, seeds=[5, 2, 9], progress=False)
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        pooled = na.sweep(
            targets.noisy_square, grid=GRID, seeds=[5, 2, 9], executor=pool, progress=False
        )
        # The executor is the user's: still usable after the sweep.
        assert pool.submit(abs, -3).result() == 3
    pd.testing.assert_frame_equal(pooled, reference)
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        dasked = na.sweep(
            targets.noisy_square,
            grid=GRID,
            seeds=[5, 2, 9],
            executor=client.get_executor(),
            progress=False,
        )
    pd.testing.assert_frame_equal(dasked, reference)


def test_points_and_seed_lists():
    points = [{"x": 2, "label": "p"}, {"x": 0, "label": "q"}]
    df = na.sweep(targets.noisy_square, points=points, seeds=[4, 1], progress=False)
    assert list(zip(df["x"], df["label"], df["seed"], strict=True)) == [
        (2, "p", 4),
        (2, "p", 1),
        (0, "q", 4),
        (0, "q", 1),
    ]
    # A point's runs are the same as in a grid that contains it.
    grid = na.sweep(
        targets.noisy_square, grid={"x": [0, 2], "label": ["p", "q"]}, seeds=[1, 4], progress=False
    )
    merged = df.merge(grid, on=["x", "label", "seed"], suffixes=("", "_grid"))
    assert len(merged) == 4 and (merged["y"] == merged["y_grid"]).all()
    with pytest.raises(na.ValidationError, match="either 'grid' or 'points'"):
        na.sweep(targets.noisy_square, grid={"x": [1]}, points=points, progress=False)
    with pytest.raises(na.ValidationError, match="mixes value types"):
        na.sweep(targets.noisy_square, points=[{"x": 1}, {"x": "one"}], progress=False)


USER_MODULE = textwrap.dedent(
    """
    import numpy as np

    GAIN = 2.5

    def _drive(x, rng):
        return GAIN * x + rng.standard_normal(3).sum()

    def trial(params, rng):
        return {"y": _drive(params["x"], rng), "draw": float(rng.random())}
    """
)


def test_cluster_started_elsewhere_runs_the_users_module(tmp_path):
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    project.mkdir()
    elsewhere.mkdir()
    (project / "my_cluster_trials.py").write_text(USER_MODULE)
    sys.path.insert(0, str(project))
    try:
        import my_cluster_trials as user
    finally:
        sys.path.remove(str(project))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    dask = str(Path(sys.executable).parent / "dask")
    info = elsewhere / "scheduler.json"
    common = dict(cwd=elsewhere, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs = [
        subprocess.Popen(
            [
                dask,
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(info),
            ],
            **common,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        procs.append(
            subprocess.Popen(
                [
                    dask,
                    "worker",
                    address,
                    "--nworkers",
                    "2",
                    "--nthreads",
                    "1",
                    "--host",
                    "127.0.0.1",
                    "--no-dashboard",
                ],
                **common,
            )
        )
        from distributed import Client

        with Client(address) as client:
            client.wait_for_workers(2, timeout=60)
            # The workers really cannot import the user's module by name.
            cannot = client.run(
                lambda: __import__("importlib.util").util.find_spec("my_cluster_trials") is None
            )
            assert all(cannot.values())
        grid = {"x": [0.0, 1.0, 2.0]}
        remote = na.sweep(
            user.trial,
            grid=grid,
            seeds=3,
            backend="dask",
            scheduler_address=address,
            progress=False,
        )
        serial = na.sweep(user.trial, grid=grid, seeds=3, progress=False)
        pd.testing.assert_frame_equal(remote, serial)
        assert (remote["status"] == "ok").all()
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
        sys.modules.pop("my_cluster_trials", None)
