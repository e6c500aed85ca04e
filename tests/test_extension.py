"""Extension points: the rule-code table, unknown codes, and the Mesa clock adapter."""

import mesa
import numpy as np
import pytest

import neuroagents as na
from neuroagents import clock, kernels, rules


def _rule_objects():
    return [
        rules.Sign(), rules.Threshold(), rules.Glauber(0.5),
        *(rules.Rate(s) for s in rules.RATE_SHAPES),
        *(rules.GradedResponse(s) for s in rules.GRADED_SHAPES),
    ]  # fmt: skip


def test_every_builtin_rule_has_one_code_in_the_table_and_the_table_no_orphans():
    codes = [r.code for r in _rule_objects()]
    assert sorted(codes) == sorted(kernels.RULE_CODES.values())
    assert len(set(codes)) == len(codes)
    for name, code in kernels.RULE_CODES.items():
        assert rules.make_rule(name).code == code


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


@pytest.mark.parametrize("code", [-1, 9, 42])
def test_a_kernel_meeting_an_unknown_code_raises(code):
    n = 3
    state, z = np.ones(n), np.zeros(n)
    args = (state, z.copy(), z, z, code, np.ones(1), z, None, None, np.ones(n), 1e-9)
    orders = np.zeros((1, n), np.int32)
    out = na.Connectome.from_matrix(np.eye(n) * 0 + 1).kernel_out_arrays()
    with pytest.raises(ValueError, match="unknown rule code"):
        kernels.run_orders(*args, orders, np.zeros((0, 0)), 0, 1, *out, False, np.zeros(1, int))
    with pytest.raises(ValueError, match="unknown rule code"):
        kernels.count_unstable(state, z, z, z, code, np.ones(1), None, None, np.ones(n), 1e-9)
    assert state.tolist() == [1.0, 1.0, 1.0]  # raised before touching anything


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
