"""The proof of the plug-in interface: a neuron type defined here, outside neuroagents/.

``AdaptiveBinary`` is a 0/1 neuron with an adaptive threshold and a refractory period:
it owns two arrays of different dtypes, ``adaptation`` (float64) and ``refractory``
(int32). In one update of neuron i with total input x and threshold theta::

    if refractory[i] > 0:  refractory[i] -= 1;  s = 0
    else:                  s = 1 if x > theta + adaptation[i] else 0
                           if s == 1: refractory[i] = R
    adaptation[i] = d * adaptation[i] + a * s

It runs on both engines and every scheduler with identical trajectories (own arrays
included), is recorded, swept by name through the registry, and shown by the browser's
network page, with no edit to the core.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from numba import njit

import neuroagents as na
from neuroagents.sim.neuron_type import NeuronType, StateArray, register_neuron_type
from neuroagents.sim.schedulers import SCHEDULERS
from neuroagents.sim.type_kernels import kernels_for


@njit(cache=True, inline="always")
def adaptive_update(i, x, theta, s, u, keep, params, own):
    adaptation, refractory = own
    if refractory[i] > 0:
        refractory[i] -= 1
        new = 0.0
    else:
        new = 1.0 if x > theta + adaptation[i] else 0.0
        if new == 1.0:
            refractory[i] = int(params[2])
    adaptation[i] = params[1] * adaptation[i] + params[0] * new
    return new


@njit(cache=True, inline="always")
def adaptive_unstable(i, x, theta, s, tol, params, own):
    adaptation, refractory = own
    if refractory[i] > 0:
        return s != 0.0
    return (1.0 if x > theta + adaptation[i] else 0.0) != s


@dataclass(frozen=True, slots=True)
class AdaptiveBinary(NeuronType):
    """0/1 neuron whose threshold rises by ``a`` at each firing and decays by ``d``."""

    name: ClassVar[str] = "adaptive-binary"
    states: ClassVar[tuple[float, ...]] = (0.0, 1.0)
    state_arrays: ClassVar[tuple[StateArray, ...]] = (
        StateArray("adaptation", "float64", 0.0),
        StateArray("refractory", "int32", 0),
    )
    compiled_update = adaptive_update
    compiled_unstable = adaptive_unstable
    a: float = 0.4
    d: float = 0.8
    refractory_steps: int = 1

    def __post_init__(self) -> None:
        if not 0.0 <= self.d < 1.0:
            raise na.ValidationError(f"d must be in [0, 1). Got {self.d!r}.")

    @property
    def params(self) -> np.ndarray:
        return np.array([self.a, self.d, float(self.refractory_steps)])

    def reference(self, i, x, theta, s, u, keep, own):
        adaptation, refractory = own
        if refractory[i] > 0:
            refractory[i] -= 1
            new = 0.0
        else:
            new = 1.0 if x > theta + adaptation[i] else 0.0
            if new == 1.0:
                refractory[i] = self.refractory_steps
        adaptation[i] = self.d * adaptation[i] + self.a * new
        return new


register_neuron_type("adaptive-binary", AdaptiveBinary)


def _weights(n=60, seed=5):
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 1.0, (n, n)) * (rng.random((n, n)) < 0.2)
    np.fill_diagonal(w, 0.0)
    return w


def _model(engine, scheduler, **kw):
    kw.setdefault("rng", 3)
    return na.NeuralModel(
        _weights(), rule="adaptive-binary", engine=engine, scheduler=scheduler,
        drive=0.6, threshold=0.2, **kw,
    )  # fmt: skip


def test_one_neuron_follows_the_hand_computed_sequence():
    # x = 1, theta = 0.5, a = 0.4, d = 0.8, R = 1 (see the module docstring):
    # t=1 fire (A = 0.4, R = 1); t=2 refractory (A = 0.32); t=3 1 > 0.82: fire
    # (A = 0.656); t=4 refractory (A = 0.5248); t=5 1 > 1.0248? no (A = 0.41984);
    # t=6 1 > 0.91984: fire.
    for engine in ("compiled", "agents"):
        m = na.NeuralModel(
            np.zeros((1, 1)), rule=AdaptiveBinary(), engine=engine, scheduler="sync",
            drive=1.0, threshold=0.5, state=[0.0], rng=0,
        )  # fmt: skip
        outputs = []
        for _ in range(6):
            m.step()
            outputs.append(float(m.state[0]))
        assert outputs == [1.0, 0.0, 1.0, 0.0, 0.0, 1.0], engine
        assert m.neuron_array("adaptation")[0] == pytest.approx(0.8 * 0.41984 + 0.4)


@pytest.mark.parametrize("scheduler", list(SCHEDULERS))
def test_both_engines_give_one_trajectory_on_every_scheduler(scheduler):
    compiled, agents = _model("compiled", scheduler), _model("agents", scheduler)
    np.testing.assert_array_equal(compiled.state, agents.state)
    for _ in range(12):
        compiled.step()
        agents.step()
        np.testing.assert_array_equal(compiled.state, agents.state)
        for name in ("adaptation", "refractory"):
            np.testing.assert_array_equal(
                compiled.neuron_array(name), agents.neuron_array(name), err_msg=name
            )
    # Not a trivial run: neurons fired, adapted and sat out refractory updates.
    assert compiled.flips_total > 20
    assert compiled.neuron_array("adaptation").max() > 0.1
    assert compiled.neuron_array("refractory").dtype == np.int32


def test_the_compiled_loops_for_the_type_are_cached_on_disk():
    assert kernels_for(AdaptiveBinary()).cached


def test_it_is_recorded_with_its_own_arrays():
    m = _model("compiled", "sync", record_every=1, agent_reporters={"A": "adaptation"})
    m.run_for(5)
    agents = m.datacollector.get_agent_vars_dataframe()
    last = agents.xs(5.0, level="time") if "time" in agents.index.names else None
    assert last is not None and len(last) == m.n
    np.testing.assert_array_equal(last["A"].to_numpy(), m.neuron_array("adaptation"))
    table = m.datacollector.get_model_vars_dataframe()
    assert table["time"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]


def _mean_rate(params, rng):
    m = na.NeuralModel(
        _weights(), rule=AdaptiveBinary(a=params["a"]), scheduler="async-sweep", rng=rng,
        drive=0.6, threshold=0.2,
    )  # fmt: skip
    m.run_for(30)
    return {"rate": float(m.state.mean()), "adaptation": float(m.neuron_array("adaptation").mean())}


def test_it_sweeps_reproducibly_and_adaptation_lowers_the_rate():
    grid = {"a": [0.0, 1.5]}
    first = na.sweep(_mean_rate, grid, seeds=3, progress=False)
    again = na.sweep(_mean_rate, grid, seeds=3, progress=False)
    assert len(first) == 6
    np.testing.assert_array_equal(first["rate"], again["rate"])
    by_a = first.groupby("a")[["rate", "adaptation"]].mean()
    assert by_a.loc[0.0, "adaptation"] == 0.0 and by_a.loc[1.5, "adaptation"] > 0.0
    # A strong adaptation can only raise thresholds: fewer neurons are on.
    assert by_a.loc[1.5, "rate"] < by_a.loc[0.0, "rate"]


def test_the_network_page_shows_it():
    pytest.importorskip("solara")
    sys.path.insert(0, str(Path(__file__).resolve().parent / "viz"))  # the shared helpers
    from headless import captions, click, render, shown_time

    from neuroagents.viz import network

    assert "adaptive-binary" in network.binary_rules()
    rc = render(network.page, {"rule": "adaptive-binary"})
    click(rc, "Step")
    assert shown_time(rc) == 1.0
    twin = network.NetworkView(rule="adaptive-binary", seed=0)
    twin.step()
    active = int(np.sum(twin.state > 0))
    assert f"{active} of {twin.n} neurons > 0" in captions(rc)[0]
