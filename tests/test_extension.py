"""Extension points: the neuron-type registry, unknown types, and the Mesa clock adapter."""

import mesa
import numpy as np
import pytest

import neuroagents as na
from neuroagents.sim import clock, rules
from neuroagents.sim.neuron_type import NEURON_TYPES
from neuroagents.sim.type_kernels import kernels_for


def _rule_objects():
    return [
        rules.Sign(), rules.Threshold(), rules.Glauber(0.5),
        *(rules.Rate(s) for s in rules.RATE_SHAPES),
        *(rules.GradedResponse(s) for s in rules.GRADED_SHAPES),
    ]  # fmt: skip


def test_every_builtin_type_is_registered_under_its_name_and_compiled():
    # Other tests may register types of their own; the built-ins are all there.
    builtins = {r.label for r in _rule_objects()}
    assert builtins <= set(NEURON_TYPES)
    for name in builtins:
        rule = rules.make_rule(name)
        assert rule.label == name and rule.compilable
        assert rule.compiled_update is not None


@pytest.mark.parametrize("rule", _rule_objects(), ids=lambda r: getattr(r, "label", r.name))
def test_every_code_has_a_kernel_branch_matching_the_python_reference(rule):
    # The compiled branch and the agents engine's Python reference give one trajectory.
    w = np.array([[0.0, 0.8, -0.4], [0.8, 0.0, 0.6], [-0.4, 0.6, 0.0]])
    kw = {"dt": 0.3} if rule.continuous else {}
    ms = [
        na.NeuralModel(w, rule=rule, engine=e, scheduler="async-sweep", rng=1, drive=0.1, **kw)
        for e in ("compiled", "agents")
    ]
    for _ in range(5):
        for m in ms:
            m.step()
        np.testing.assert_allclose(ms[0].state, ms[1].state, rtol=1e-12, atol=1e-12)


def test_an_unknown_type_is_an_error_never_another_rule():
    with pytest.raises(na.ValidationError, match=r"'rule' parameter of NeuralModel.*graded-cosine"):
        na.NeuralModel(np.zeros((3, 3)), rule="graded-cosine")

    class PythonOnly(rules.Rule):
        def new_state(self, x, s, theta, u):
            return s

    with pytest.raises(na.ValidationError, match="engine='agents'"):
        na.NeuralModel(np.zeros((3, 3)), rule=PythonOnly())
    with pytest.raises(na.ValidationError, match="no compiled update"):
        kernels_for(PythonOnly())

    class Spiking(rules.Sign):
        emits = "spike"

    with pytest.raises(na.ValidationError, match="emits 'spike'"):
        na.NeuralModel(np.zeros((3, 3)), rule=Spiking())


def test_clock_adapter_takes_over_mesa_time_and_fires_events_in_order():
    m = na.NeuralModel(np.zeros((2, 2)), rng=0, record_every=None)
    # Mesa's own per-step event is gone: nothing pending at the start.
    assert clock.next_event_time(m) is None
    fired = []

    def a():
        fired.append(("a", m.time))

    def b():
        fired.append(("b", m.time))

    # Mesa holds callbacks by weak reference: these named functions stay alive.
    m.schedule_event(b, at=2.5)
    m.schedule_event(a, at=1.0)
    assert clock.next_event_time(m) == 1.0
    m.run_for(3)
    assert fired == [("a", 1.0), ("b", 2.0)]  # discrete steps: 2.5 fires after step 2
    assert m.steps == 3


def test_clock_adapter_names_mesa_when_its_internals_are_missing(monkeypatch):
    class NotQuiteMesa(mesa.Model):
        pass

    model = NotQuiteMesa()
    monkeypatch.delattr(model, "_event_list")
    with pytest.raises(na.NeuroagentsError, match=r"mesa>=3\.5\.1,<5"):
        clock.take_over(model)
