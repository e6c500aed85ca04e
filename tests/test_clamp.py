"""Clamping: held neurons keep their state, still send input, and are skipped everywhere."""

import numpy as np
import pytest

import neuroagents as na

SCHEDULERS = ["sync", "async-sweep", "async-site", "fixed-order", "poisson"]
RULES = ["sign", "threshold", "glauber", "relu", "tanh", "graded-sigmoid"]


def _model(rule, scheduler, engine, storage="dense", seed=0):
    rng = np.random.default_rng(seed)
    w = rng.normal(0, 0.6, (12, 12))
    w = (w + w.T) / 2
    np.fill_diagonal(w, 0)
    c = na.Connectome.from_matrix(w, storage=storage)
    kw = (
        {"dt": 0.2} if rule in ("relu", "tanh", "graded-sigmoid") and scheduler != "poisson" else {}
    )
    return na.NeuralModel(
        c, rule=rule, scheduler=scheduler, engine=engine, rng=seed, record_every=None, **kw
    )


def _clamp_value(rule):
    return {"sign": -1.0, "threshold": 1.0, "glauber": 1.0, "graded-sigmoid": 0.9}.get(rule, 0.7)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("scheduler", SCHEDULERS)
def test_clamped_neurons_hold_and_engines_agree(rule, scheduler):
    models = {e: _model(rule, scheduler, e) for e in ("compiled", "agents")}
    value = _clamp_value(rule)
    for m in models.values():
        m.clamp([2, 5], value)
    for _ in range(6):
        for m in models.values():
            m.step()
            assert m.state[2] == value and m.state[5] == value
            # Clamped neurons still send input: inputs equal W @ state.
            w = m.connectome.to_dense().astype(float)
            np.testing.assert_allclose(m.input, w @ m.state, atol=1e-9)
        np.testing.assert_allclose(models["compiled"].state, models["agents"].state, atol=1e-12)
    # Poisson: a clamped neuron's clock rings but it makes no update.
    for m in models.values():
        assert m.update_counts[2] == 0 or scheduler != "poisson"


def test_clamped_neurons_are_left_out_of_stability():
    w = np.array([[0.0, 1.0], [1.0, 0.0]])
    m = na.NeuralModel(w, rule="sign", state=[1.0, -1.0], rng=0)
    assert m.count_unhappy() == 2
    m.clamp([0])  # keeps its current state
    assert m.count_unhappy() == 1 and m.happy().tolist() == [True, False]
    report = m.run_until_stable(max_sweeps=5)
    assert report.converged and m.state.tolist() == [1.0, 1.0]
    m.clamp([1], -1.0)
    assert m.is_stable()  # both clamped: nothing can change
    m.unclamp()
    assert m.count_unhappy() == 2


def test_clamping_a_rate_network_drives_its_fixed_point():
    # Neuron 0 clamped at 2 drives neuron 1 through w = 0.5: v1 -> relu(0.5 * 2) = 1.
    m = na.NeuralModel(np.array([[0.0, 0.0], [0.5, 0.0]]), rule="relu", dt=0.05)
    m.clamp([0], 2.0)
    report = m.run_until_stable(max_sweeps=10_000, tol=1e-10)
    assert report.converged
    np.testing.assert_allclose(m.state, [2.0, 1.0], atol=1e-9)
    assert m.rates_of_change()[0] == 0.0


def test_unclamped_model_is_unchanged_by_a_clamp_and_release_cycle():
    a, b = _model("sign", "async-sweep", "compiled"), _model("sign", "async-sweep", "compiled")
    b.clamp([3])
    b.unclamp([3])
    a.run_for(10)
    b.run_for(10)
    np.testing.assert_array_equal(a.state, b.state)


def test_clamp_checks_nodes_and_values():
    m = _model("sign", "sync", "compiled")
    with pytest.raises(na.ValidationError, match="unknown node 99"):
        m.clamp([99])
    with pytest.raises(na.ValidationError, match="must take values in"):
        m.clamp([1], 0.5)
    g = _model("graded-sigmoid", "sync", "compiled")
    with pytest.raises(na.ValidationError, match="strictly inside"):
        g.clamp([1], 1.0)
    assert not m.clamped.any() and not g.clamped.any()  # nothing half-applied
