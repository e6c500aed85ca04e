"""Models built on one Connectome never change each other's results (issue 22).

Policy under test (neuroagents.connectome.weight_sharing): copy-on-write. Each model holds its
own Connectome object on the caller's weight arrays; its first weight edit copies
them for itself only. So: no copy while nobody edits, and no edit through one holder
(a model, the caller's Connectome) reaches another.
"""

import networkx as nx
import numpy as np
import pytest

import neuroagents as na
from neuroagents.errors import ConnectomeError
from neuroagents.models.hopfield import HopfieldModel


def _weights(n=50, seed=0, symmetric=True):
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(n, n)) * (rng.random((n, n)) < 0.2)
    if symmetric:
        w = np.triu(w, 1) + np.triu(w, 1).T
    np.fill_diagonal(w, 0)
    return w


def _inputs_consistent(m):
    """The stored inputs equal W @ state of the weights the model holds."""
    expected = m.connectome.to_dense().astype(np.float64) @ m.state
    return np.allclose(m.arrays.field, expected, atol=1e-9)


EDITS = {
    "weights": lambda w: {"weights": w * 3},
    "delta": lambda w: {"delta": w * 2},
    "edges": lambda w: {"edges": [(j, i, 7.0) for i, j in zip(*np.nonzero(w), strict=True)][:5]},
    "rebuild": lambda w: {"weights": np.ones_like(w) - np.eye(len(w)), "rebuild": True},
}


@pytest.mark.parametrize("storage", ["dense", "sparse"])
@pytest.mark.parametrize("symmetric", [True, False])
@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_through_one_model_leaves_the_other_and_the_caller(storage, symmetric, edit):
    w = _weights(symmetric=symmetric)
    c = na.Connectome.from_matrix(w, storage=storage)
    before = c.to_dense().copy()
    m1 = na.NeuralModel(c, rule="sign", rng=1)
    m2 = na.NeuralModel(c, rule="sign", rng=2)
    m1.update_weights(**EDITS[edit](w))
    assert not np.array_equal(m1.connectome.to_dense(), before)  # the edit happened
    assert _inputs_consistent(m1) and _inputs_consistent(m2)
    np.testing.assert_array_equal(m2.connectome.to_dense(), before)
    np.testing.assert_array_equal(c.to_dense(), before)
    # m2's later run is exactly that of a model on an untouched copy of the weights
    alone = na.NeuralModel(na.Connectome.from_matrix(w, storage=storage), rule="sign", rng=2)
    m2.run_for(5)
    alone.run_for(5)
    np.testing.assert_array_equal(m2.state, alone.state)
    np.testing.assert_array_equal(m2.input, alone.input)


@pytest.mark.parametrize("storage", ["dense", "sparse"])
def test_editing_the_callers_connectome_leaves_models_built_on_it(storage):
    w = _weights()
    c = na.Connectome.from_matrix(w, storage=storage)
    m = na.NeuralModel(c, rule="sign", rng=0)
    c.update_weights(w * -1)
    np.testing.assert_array_equal(m.connectome.to_dense(), w.astype(np.float32))
    assert _inputs_consistent(m)
    np.testing.assert_array_equal(c.to_dense(), (-w).astype(np.float32))


def test_models_that_only_read_share_the_arrays_without_a_copy():
    c = na.Connectome.from_matrix(_weights(200), storage="sparse")
    models = [na.NeuralModel(c, rule="sign", rng=k) for k in range(3)]
    for m in models:
        m.run_for(2)
        assert np.shares_memory(m.connectome.to_scipy().data, c.to_scipy().data)
    models[0].update_weights(delta=c.to_scipy() * 0.5)
    assert not np.shares_memory(models[0].connectome.to_scipy().data, c.to_scipy().data)
    assert np.shares_memory(models[1].connectome.to_scipy().data, c.to_scipy().data)


def test_a_model_alone_on_its_connectome_edits_in_place():
    m = na.NeuralModel(nx.cycle_graph(30), rule="sign", rng=0)
    data = m.connectome.to_scipy().data
    m.update_weights(delta=m.connectome.to_scipy() * 2)
    assert m.connectome.to_scipy().data is data  # nobody else holds it: no copy


def test_explicit_copy_is_independent():
    c = na.Connectome.from_matrix(_weights(), storage="sparse")
    d = c.copy()
    d.update_weights(delta=c.to_scipy())
    np.testing.assert_array_equal(c.to_dense() * 2, d.to_dense())


SHARED = na.Connectome.from_matrix(_weights(40, seed=3), storage="sparse")


def _plastic_run(params, rng):
    """A sweep point: a model on the shared connectome, its weights scaled, then run."""
    m = na.NeuralModel(SHARED, rule="sign", rng=rng, record_every=None)
    m.update_weights(delta=SHARED.to_scipy() * params["scale"])
    m.run_for(3)
    return {"mean": float(m.state.mean()), "field": float(np.abs(m.input).sum())}


def test_sweep_points_on_one_connectome_do_not_leak_edits():
    before = SHARED.to_dense().copy()
    grid = {"scale": [4.0, -2.0, 0.5]}
    table = na.sweep(_plastic_run, grid=grid, seeds=2, progress=False)
    np.testing.assert_array_equal(SHARED.to_dense(), before)
    reverse = na.sweep(_plastic_run, grid={"scale": grid["scale"][::-1]}, seeds=2, progress=False)
    key = ["scale", "seed"]
    a = table.sort_values(key).reset_index(drop=True)[[*key, "mean", "field"]]
    b = reverse.sort_values(key).reset_index(drop=True)[[*key, "mean", "field"]]
    # the run order does not matter: no point saw another's weights
    assert a.equals(b)


def test_browser_view_models_do_not_share_edits(tmp_path):
    pytest.importorskip("solara")
    from neuroagents.connectome.files import save_connectome
    from neuroagents.viz.network import NetworkView

    path = save_connectome(na.Connectome.from_matrix(_weights(20)), tmp_path / "w.npz")
    v1, v2 = NetworkView(connectome=str(path), seed=0), NetworkView(connectome=str(path), seed=0)
    v1.update_weights(v1.connectome.to_dense() * 4)
    assert _inputs_consistent(v2)
    v2.step()
    fresh = NetworkView(connectome=str(path), seed=0)
    fresh.step()
    np.testing.assert_array_equal(v2.state, fresh.state)


@pytest.mark.parametrize("storage", ["dense", "sparse"])
def test_hopfield_update_refuses_asymmetry_as_its_constructor_does(storage):
    w = _weights()
    m = HopfieldModel(na.Connectome.from_matrix(w, storage=storage), rng=0)
    before = m.connectome.to_dense().copy()
    i, j = (int(x) for x in np.argwhere(np.triu(w, 1) != 0)[0])
    with pytest.raises(ConnectomeError, match="symmetric"):
        HopfieldModel(np.triu(w), rng=0)
    for bad in (
        {"weights": np.triu(w)},
        {"delta": np.triu(np.ones_like(w), 1)},
        {"edges": [(i, j, 5.0)]},
        {"edges": [(i, j, 5.0), (j, i, 4.0)]},
    ):
        with pytest.raises(ConnectomeError, match=r"HopfieldModel\.update_weights needs symmetric"):
            m.update_weights(**bad)
    np.testing.assert_array_equal(m.connectome.to_dense(), before)
    m.update_weights(edges=[(i, j, 5.0), (j, i, 5.0)])  # both directions: accepted
    assert m.connectome.symmetric and _inputs_consistent(m)
    if storage == "dense":
        with pytest.raises(ConnectomeError, match="self-loop"):
            m.update_weights(edges=[(i, i, 1.0)])
    loose = HopfieldModel(np.triu(w) + np.triu(w).T, allow_asymmetric=True, rng=0)
    loose.update_weights(edges=[(i, j, 9.0)])  # the opt-in covers updates too
    assert not loose.connectome.symmetric
