"""Tangling on curves whose Q is known in closed form, and against a brute-force cdist."""

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from neuroagents.analysis.tangling import tangling, tangling_epsilon
from neuroagents.errors import ValidationError

N = 2000
T = np.linspace(0, 2 * np.pi, N, endpoint=False)
DT = T[1] - T[0]


def _circle(r=1.5, w=2.0, sense=1.0):
    return np.column_stack([r * np.cos(sense * w * T), r * np.sin(sense * w * T)])


def test_circle_matches_theory():
    # |dx - dx'|² = w² |x - x'|² on a circle: Q = w² d²/(d² + eps), largest at d = 2r,
    # eps = 0.1 r² (the variance r²/2 in each of two dimensions).
    r, w = 1.5, 2.0
    q = tangling(_circle(r, w), dt=DT)
    expected = w**2 * 4 * r**2 / (4 * r**2 + 0.1 * r**2)
    # central differences shrink the speed by sin(w dt)/(w dt): relative error ~ (w dt)²/3
    np.testing.assert_allclose(q, expected, rtol=1e-4)


def test_circle_traversed_both_ways_is_tangled():
    r, w = 1.5, 2.0
    both = tangling([_circle(r, w), _circle(r, w, sense=-1.0)], dt=DT)
    # the same point with opposite velocities: |2 w r|² / (0.1 r²) = 40 w²
    assert both.max() == pytest.approx(40 * w**2, rel=1e-4)
    assert both.min() == pytest.approx(40 * w**2, rel=1e-4)  # every point has its twin
    one_way = tangling(_circle(r, w), dt=DT)
    assert both.min() > 40 * one_way.max()


def test_figure_eight_tangled_in_2d_not_when_lifted():
    eight = np.column_stack([np.sin(T), np.sin(2 * T)])
    lifted = np.column_stack([eight, 1.5 * np.cos(T)])
    q2, q3 = tangling(eight, dt=DT), tangling(lifted, dt=DT)
    # at the crossing (t = 0 and pi) velocities (1, 2) and (-1, 2): Q = 4 / eps, eps = 0.1
    assert q2.max() == pytest.approx(40.0, rel=1e-4)
    assert q2[0] == pytest.approx(40.0, rel=1e-4)
    # lifted, the two passes through the crossing are 3 apart in z: no pair comes close
    # with different velocities, and the worst Q falls by more than 5 (measured 40 -> 7)
    assert q3.max() < q2.max() / 5
    assert np.median(q3) < np.median(q2) / 2


def test_compiled_max_equals_brute_force_cdist():
    rng = np.random.default_rng(0)
    conds = [rng.normal(size=(150, 4)).cumsum(axis=0) for _ in range(3)]
    q = tangling(conds, dt=0.5)
    x = np.concatenate(conds)
    dx = np.concatenate([np.gradient(c, 0.5, axis=0) for c in conds])
    eps = 0.1 * x.var(axis=0).sum()
    brute = (cdist(dx, dx, "sqeuclidean") / (cdist(x, x, "sqeuclidean") + eps)).max(axis=1)
    np.testing.assert_allclose(q, brute, rtol=1e-10)
    assert tangling_epsilon(conds) == pytest.approx(eps)


def test_derivatives_stay_within_a_condition():
    line = np.column_stack([np.arange(10.0), np.zeros(10)])
    apart = tangling([line, line[::-1]])
    joined = tangling(np.concatenate([line, line[::-1]]))
    # within each condition the speed is exactly 1 (no jump at the seam)
    assert not np.allclose(apart, joined)
    eps = 0.1 * np.concatenate([line, line]).var(axis=0).sum()
    assert apart.max() == pytest.approx(4 / eps)


def test_table_and_eps_override():
    table = tangling([_circle(), _circle()], dt=DT, as_frame=True, labels=["a", "b"], eps=1.0)
    assert list(table.columns) == ["condition", "step", "q"]
    assert len(table) == 2 * N and set(table["condition"]) == {"a", "b"}
    assert table["q"].max() == pytest.approx(4.0 * 9 / (9 + 1.0), rel=1e-4)


@pytest.mark.parametrize(
    ("states", "kwargs", "match"),
    [
        (np.zeros((1, 2)), {}, ">= 2 times"),
        ([np.zeros((5, 2)), np.zeros((5, 3))], {}, "same"),
        (np.full((5, 2), np.inf), {}, "finite"),
        (np.ones((5, 2)), {}, "do not vary"),
        (np.eye(5), {"dt": 0}, "dt"),
        (np.eye(5), {"eps": -1.0}, "eps"),
        (np.eye(5), {"as_frame": True, "labels": ["a", "b"]}, "labels"),
    ],
)
def test_bad_input_is_named(states, kwargs, match):
    with pytest.raises(ValidationError, match=match):
        tangling(states, **kwargs)


def test_parallel_and_serial_kernels_agree():
    from neuroagents.analysis import tangling as module

    rng = np.random.default_rng(4)
    x, dx = rng.normal(size=(module.PARALLEL_MIN, 3)), rng.normal(size=(module.PARALLEL_MIN, 3))
    np.testing.assert_array_equal(module._parallel(x, dx, 0.3), module._serial(x, dx, 0.3))


def test_a_3d_array_is_one_condition_per_first_index():
    # found by the property pass (4 x 3 x 4 states): Q comes for every time of every
    # condition, pooled exactly as the list of the conditions would be
    a = np.random.default_rng(0).normal(size=(4, 3, 4))
    q = tangling(a)
    assert q.shape == (12,)
    np.testing.assert_array_equal(q, tangling(list(a)))
    # not as one 4 x 12 array or one 12 x 4 array, whose derivatives cross conditions
    assert not np.allclose(q, tangling(a.reshape(12, 4)))
