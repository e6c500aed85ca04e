"""Nothing from a file or raw arrays reaches a compiled kernel unchecked (issue 22).

Each damaged input below crashed (segfault, C++ exception), loaded garbage, lost a
synapse or raised a Python internal error before; each must now be one
ConnectomeError naming the array and the value. Cases that could crash run in a
subprocess, so a regression fails the test instead of killing pytest.
"""

import subprocess
import sys
import textwrap

import numpy as np
import pytest
import scipy.sparse as sp

import neuroagents as na
from neuroagents.connectome.files import load_connectome, save_connectome
from neuroagents.errors import ConnectomeError, NeuroagentsError

W3 = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 2.0], [0.0, 2.0, 0.0]])


def _npz(tmp_path, **changes):
    """A valid saved connectome's arrays with some replaced (None: removed)."""
    path = save_connectome(na.Connectome.from_matrix(W3, storage="sparse"), tmp_path / "ok.npz")
    arrays = dict(np.load(path))
    for key, value in changes.items():
        if value is None:
            arrays.pop(key)
        else:
            arrays[key] = value
    bad = tmp_path / "bad.npz"
    np.savez(bad, **arrays)
    return bad


def _in_subprocess(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"indices": np.array([1000, 0, 2, 1])}, r"'indices' .* \[0, 2\]\. Got 1000"),
        ({"indices": np.array([-1, 0, 2, 1])}, r"'indices' .* \[0, 2\]\. Got -1"),
        ({"indptr": np.array([0, 5, 2, 4])}, r"'indptr' .* never decrease"),
        ({"indptr": np.array([1, 1, 3, 4])}, r"'indptr' .* start at 0"),
        ({"indptr": np.array([0, 1, 3])}, r"'indptr' .* n \+ 1 = 4"),
        ({"directed": np.array([True, False])}, r"'directed' .* single boolean"),
        ({"shape": np.array([3.0, 3.0])}, r"'shape' .* integers"),
        ({"shape": np.array(3)}, r"'shape' .* integers"),
        ({"indices": np.array([1.0, 0.0, 2.0, 1.0])}, r"'indices' .* integers"),
        ({"data": np.array(["a", "b", "c", "d"])}, r"'data' .* numbers"),
        ({"data": np.array([1.0, np.nan, 1.0, 2.0])}, r"finite"),
        ({"node_ids": np.array([[0, 1, 2]])}, r"'node_ids' .* one-dimensional"),
        ({"node_ids": np.array([0, 1])}, r"2 entries in 'node_ids' for 3 nodes"),
        ({"format": np.array("bsr")}, r"format .* csr, csc, coo"),
        ({"attr_tau": np.zeros((3, 2))}, r"'attr_tau' .* one-dimensional"),
        ({"surprise": np.zeros(3)}, r"does not have: \['surprise'\]"),
        ({"indptr": None}, r"lacks \['indptr'\]"),
    ],
)
def test_damaged_npz_is_one_clear_error(tmp_path, changes, message):
    bad = _npz(tmp_path, **changes)
    with pytest.raises(ConnectomeError, match=message) as err:
        load_connectome(bad)
    assert str(bad) in str(err.value)


def test_out_of_range_npz_fails_cleanly_in_the_library_and_both_commands(tmp_path):
    """The segfault cases, each in its own process: library, `run` and `connectome stats`."""
    bad = _npz(tmp_path, indices=np.array([10**6, 0, 2, 1]))
    lib = _in_subprocess(f"""
        import neuroagents as na
        from neuroagents.connectome.files import load_connectome
        try:
            m = na.NeuralModel(load_connectome({str(bad)!r}), rng=0)
            m.run_for(5)
            print("LOADED", m.input.tolist())
        except na.errors.ConnectomeError as err:
            print("REFUSED", err)
    """)
    assert lib.returncode == 0, lib.stderr[-2000:]
    assert lib.stdout.startswith("REFUSED") and "1000000" in lib.stdout
    stats = subprocess.run(
        [sys.executable, "-m", "neuroagents.cli", "connectome", "stats", str(bad)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert stats.returncode == 2, (stats.returncode, stats.stderr[-2000:])
    assert len(stats.stderr.strip().splitlines()) == 1 and "indices" in stats.stderr
    config = tmp_path / "hop.toml"
    config.write_text(f'model = "celegans"\nexperiment = "hopfield"\n[params]\n'
                      f'connectome = "{bad}"\n')  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "neuroagents.cli", "run", str(config), "--out",
         str(tmp_path / "out")], capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 2, (run.returncode, run.stderr[-2000:])
    assert "indices" in run.stderr and "Traceback" not in run.stderr


def test_view_refuses_a_damaged_npz_before_serving(tmp_path):
    from neuroagents.cli.view import check_params
    from neuroagents.viz.config import resolve

    bad = _npz(tmp_path, indices=np.array([7, 0, 2, 1]))
    config = tmp_path / "view.toml"
    config.write_text(f'model = "network"\n[params]\nconnectome = "{bad.name}"\n')
    with pytest.raises(ConnectomeError, match=r"'indices' .* Got 7"):
        check_params(resolve(str(config)))


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ((W3[W3 != 0], np.array([0, 1, 5, 1]), np.array([0, 1, 3, 4])), r"Got 5"),
        ((W3[W3 != 0], np.array([0, 1, -2, 1]), np.array([0, 1, 3, 4])), r"Got -2"),
        ((W3[W3 != 0], np.array([1, 0, 2, 1]), np.array([0, 3, 1, 4])), r"never decrease"),
    ],
)
def test_raw_csr_constructor_is_checked(arrays, message):
    # scipy accepts these arrays without a full check; the Connectome must not
    w = sp.csr_array(arrays, shape=(3, 3))
    with pytest.raises(ConnectomeError, match=message):
        na.Connectome(w)
    with pytest.raises(ConnectomeError, match=message):
        na.Connectome.from_matrix(sp.csr_matrix(arrays, shape=(3, 3)))


def test_raw_coo_and_directed_checked():
    w = sp.coo_array((np.ones(2), (np.array([0, 2]), np.array([1, 0]))), shape=(3, 3))
    w.coords = (np.array([0, 5]), np.array([1, 0]))  # scipy does not look again
    with pytest.raises(ConnectomeError, match=r"'row' .* Got 5"):
        na.Connectome(w)
    with pytest.raises(ConnectomeError, match="'directed' parameter"):
        na.Connectome(W3, directed=np.array([True, False]))
    with pytest.raises(ConnectomeError, match="hashable"):
        na.Connectome(W3, node_ids=[[0], [1], [2]])


def test_update_weights_with_a_damaged_sparse_matrix_is_refused():
    m = na.NeuralModel(na.Connectome.from_matrix(W3, storage="sparse"), rng=0)
    bad = sp.csr_array((W3[W3 != 0], np.array([0, 1, 9, 1]), np.array([0, 1, 3, 4])), shape=(3, 3))
    before = m.input.copy()
    with pytest.raises(ConnectomeError, match="Got 9"):
        m.update_weights(bad)
    with pytest.raises(ConnectomeError, match="real numbers"):
        m.update_weights(np.array([["a", "b", "c"]] * 3, dtype=object))
    np.testing.assert_array_equal(m.input, before)


def test_weight_values_are_refused_by_update_as_by_the_constructor():
    for storage in ("dense", "sparse"):
        m = na.NeuralModel(na.Connectome.from_matrix(W3, storage=storage), rng=0)
        for w, problem in ((1e-46, "underflows float32"), (1e39, "overflows float32")):
            with pytest.raises(ConnectomeError, match=problem):
                na.Connectome.from_matrix(W3 * w)
            with pytest.raises(ConnectomeError, match=problem):
                m.update_weights(W3 * w)
            with pytest.raises(ConnectomeError, match=problem):
                m.update_weights(edges=[(0, 1, w)])
        np.testing.assert_array_equal(m.connectome.to_dense(), W3.astype(np.float32))
    m = na.NeuralModel(na.Connectome.from_matrix(W3, weight_dtype="float64"), rng=0)
    m.update_weights(W3 * 1e-46)  # float64 holds it: kept, not zeroed
    assert m.connectome.to_dense()[0, 1] == 1e-46


def test_float64_file_weights_keep_their_dtype_and_float32_refuses_overflow(tmp_path):
    bad = _npz(tmp_path, data=np.array([1.0, 1e39, 1.0, 2.0]))
    assert load_connectome(bad).weight_dtype == np.float64  # the file's dtype
    with pytest.raises(ConnectomeError, match="overflows float32"):
        load_connectome(bad, weight_dtype="float32")


def test_update_weights_never_writes_into_the_callers_array():
    W = W3.copy()
    m = na.NeuralModel(na.Connectome.from_matrix(W, weight_dtype="float64"), rng=0)
    m.update_weights(W * 5)
    np.testing.assert_array_equal(W, W3)
    np.testing.assert_array_equal(m.connectome.to_dense(), W3 * 5)
    csr = sp.csr_array(W3)
    c = na.Connectome(csr, storage="sparse", weight_dtype="float64")
    c.update_weights(csr * 2)
    np.testing.assert_array_equal(csr.toarray(), W3)


def test_every_error_is_in_the_library_family(tmp_path):
    bad = _npz(tmp_path, indptr=np.array([0, 5, 2, 4]))
    with pytest.raises(NeuroagentsError):
        load_connectome(bad)
