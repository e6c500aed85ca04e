"""Classes of bad input that used to get through: refused at the door, with the reason."""

import networkx as nx
import numpy as np
import pytest

import neuroagents as na

W2 = np.array([[0.0, 1.0], [1.0, 0.0]])


@pytest.mark.parametrize("attr", ["threshold", "drive", "tau"])
def test_non_finite_node_attributes_are_refused_like_the_keyword(attr):
    g = nx.Graph()
    g.add_edge("a", "b", weight=1.0)
    g.nodes["a"][attr] = float("inf")
    with pytest.raises(na.ValidationError, match=rf"node attribute '{attr}'.*finite.*'a'"):
        na.NeuralModel(g)
    g.nodes["a"][attr] = "high"
    with pytest.raises(na.ValidationError, match=rf"'{attr}'.*number.*'high'"):
        na.NeuralModel(g)
    del g.nodes["a"][attr]  # a node without the attribute takes the default
    na.NeuralModel(g)


def test_a_fraction_of_a_step_is_refused_on_discrete_schedulers():
    m = na.NeuralModel(W2, rng=0)
    with pytest.raises(na.ValidationError, match="whole number of steps"):
        m.run_for(0.5)
    with pytest.raises(na.ValidationError, match="whole number of steps"):
        m.run_until(2.5)
    assert m.time == 0.0
    m.run_for(2)  # whole steps still run
    rate = na.NeuralModel(W2, rule="tanh", dt=0.1)
    rate.run_for(0.25)  # continuous time: fractions are fine
    assert rate.time == pytest.approx(0.25)


def test_a_custom_update_returning_nan_is_an_error_naming_the_node():
    class Broken(na.Neuron):
        def update(self):
            return float("nan") if self.node == 1 else self.state

    m = na.NeuralModel(W2, neuron_class=Broken, engine="agents", rng=0)
    with pytest.raises(na.ValidationError, match=r"Broken.update\(\) must return a finite.*node 1"):
        m.step()


@pytest.mark.parametrize("tau", [1e-310, 1e-12])
def test_poisson_clocks_too_fast_to_simulate_are_refused_with_the_limit(tau):
    with pytest.raises(na.ValidationError, match=r"limit is 1e\+10 events per time unit"):
        na.NeuralModel(W2, scheduler="poisson", tau=tau, rng=0)


@pytest.mark.parametrize("scheduler", ["sync", "poisson"])
def test_diverging_rate_dynamics_raise_instead_of_running_on_infinities(scheduler):
    # tau dv/dt = -v + 3 v: runaway growth e^(2t) overflows float64 near t = 355.
    kw = {"dt": 0.5} if scheduler == "sync" else {}
    m = na.NeuralModel(np.array([[3.0]]), rule="linear", scheduler=scheduler, state=[1.0],
                       rng=0, record_every=None, **kw)  # fmt: skip
    with pytest.raises(na.DivergedError, match=r"diverged: neuron 0 .*unstable"):
        m.run_for(2000.0)


@pytest.mark.parametrize(
    ("times", "match"),
    [([0.0, 2.0, 1.0], "sorted"), ([0.0, np.nan, 2.0], "finite"), ([], "non-empty"),
     (["a"], "numbers")],
)  # fmt: skip
def test_mean_field_times_must_be_sorted_and_finite(times, match):
    from neuroagents.models import ei

    with pytest.raises(na.ValidationError, match=match):
        ei.mean_field(n_e=80, n_i=20, p=0.5, times=times)


def test_mean_field_start_is_a_pair_of_fractions():
    from neuroagents.models import ei

    mf = ei.MeanField(ei.EIParams(n_e=80, n_i=20, p=0.5))
    with pytest.raises(na.ValidationError, match=r"fraction E .* \[0, 1\]. Got 1.5"):
        mf.solve(5.0, start=(1.5, 0.0))
    with pytest.raises(na.ValidationError, match="pair"):
        mf.solve(5.0, start=0.3)
    assert mf.solve(5.0, start=(0.5, 0.1))["E"].iloc[0] == pytest.approx(0.5)


def test_learning_targets_outside_the_unit_interval_are_refused():
    from neuroagents.models import learning

    x = np.zeros((4, 2))
    with pytest.raises(
        na.ValidationError, match=r"targets must lie in \[0, 1\].*y_train\[1, 0\] = 2"
    ):
        learning.Task("mine", x, np.array([[0.0], [2.0], [1.0], [0.5]]), x, np.zeros((4, 1)), False)
    with pytest.raises(na.ValidationError, match="one row per example"):
        learning.Task("mine", x, np.zeros((3, 1)), x, np.zeros((4, 1)), False)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('[model]\nname = "hopfield"\n', r"'model' in .* is a table .*a config has model = "),
        ('model = "hopfield"\nexperiment = "retrieval"\nn = 400\n', r"'n'.*under \[params\]"),
        ('model = "hopfield"\nexperiment = "retrieval"\nparams = 3\n',
         r"'params' in .* must be a table"),
        ('model = "hopfield"\nexperiment = "capacity"\n[params]\nn = [500, "x"]\n',
         r"params.n\[1\] .* must be of type int.*'x'"),
        ('model = "hopfield"\nexperiment = "capacity"\n[params]\nn = []\n', "must not be empty"),
        ('model = "learning"\nexperiment = "vs_signsgd"\n[params]\nhidden = [16, 2.5]\n',
         r"params.hidden\[1\]"),
    ],
)  # fmt: skip
def test_configs_of_the_wrong_shape_or_with_bad_list_items_are_named(tmp_path, text, match):
    from neuroagents.runner.experiment import load_config

    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(na.ConfigError, match=match):
        load_config(path)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda m: m.set_state("abc"), na.ValidationError, "state of NeuralModel must be numbers"),
        (lambda m: m.set_state([1.0, None]), na.ValidationError, "finite"),
        (lambda m: m.update_weights(edges=5), na.ConnectomeError, "triples"),
        (lambda m: m.run_for("3"), na.ValidationError, "'duration'"),
        (lambda m: m.clamp(7), na.ValidationError, "unknown node 7"),
        (lambda m: m.add_hook(print, every=-1), na.ValidationError, "'every'"),
    ],
)
def test_type_errors_at_the_api_become_the_library_s_errors(call, error, match):
    m = na.NeuralModel(np.zeros((2, 2)), rule="tanh")
    with pytest.raises(error, match=match):
        call(m)
