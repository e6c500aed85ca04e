"""jPCA on trajectories whose rotations are known in closed form."""

import numpy as np
import pandas as pd
import pytest
from scipy import optimize

from neuroagents.analysis.jpca import JPCA, jpca, skew_symmetric_fit
from neuroagents.errors import ValidationError

DT = 0.01
T = np.arange(0, 4.0, DT)


def _embed(latent, n=12, seed=0):
    """Latent trajectories (times x d) into n neurons by an orthonormal map (no distortion)."""
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(n, latent.shape[1])))
    return latent @ q.T


def _rotations(freqs, amps, n_cond=8, sense=None):
    """Conditions on a ring of phases, each rotating in every plane (f cycles/time unit)."""
    datas = []
    for c in range(n_cond):
        phase = 2 * np.pi * c / n_cond
        s = 1.0 if sense is None else sense[c]
        cols = []
        for f, a in zip(freqs, amps, strict=True):
            w = 2 * np.pi * f * s
            cols += [a * np.cos(w * T + phase), a * np.sin(w * T + phase)]
        datas.append(_embed(np.column_stack(cols)))
    return datas


def test_pure_rotation_is_all_skew_at_the_right_frequency():
    datas = _rotations([0.5, 0.2], [1.0, 0.6])
    res = JPCA(num_jpcs=4).fit(datas, times=T, soft_normalize=-1, num_pcs=4)
    # Forward differences of a rotation by theta = 2 pi f dt per step have a symmetric
    # part (cos theta - 1)/dt: R²_skew falls short of 1 by about (theta/2)² = 2.5e-4.
    assert res.r2_skew == pytest.approx(1.0, abs=1e-3)
    assert res.r2_unconstrained == pytest.approx(1.0, abs=1e-9)  # (R - I) x is linear in x
    assert res.r2_ratio == pytest.approx(1.0, abs=1e-3)
    # sin(theta)/dt instead of omega: relative error theta²/6 < 2e-4
    np.testing.assert_allclose(res.frequencies, [0.5, 0.2], rtol=1e-3)
    assert res.conditions["same_direction"].all()
    w = res.conditions["angular_velocity"].to_numpy()
    np.testing.assert_allclose(w, 2 * np.pi * 0.5, rtol=1e-3)
    # the first plane holds the larger rotation: 1 / (1 + 0.36) of the variance
    assert res.planes["fraction"].iloc[0] == pytest.approx(1 / 1.36, rel=1e-2)


def test_pure_decay_has_no_rotation():
    rng = np.random.default_rng(1)
    starts = rng.normal(size=(8, 6))
    datas = [_embed(np.exp(-T / 0.7)[:, None] * x0[None, :]) for x0 in starts]
    res = JPCA(num_jpcs=2).fit(datas, times=T, soft_normalize=-1)
    # x . M x = 0 for skew M, so no rotation predicts any of a radial decay: R²_skew = 0.
    assert res.r2_skew == pytest.approx(0.0, abs=1e-9)
    assert res.r2_unconstrained == pytest.approx(1.0, abs=1e-9)


def test_conditions_turning_the_other_way_are_counted():
    sense = [1, 1, 1, -1, 1, 1, 1, -1]
    res = jpca(
        _rotations([0.5], [1.0], sense=sense),
        times=T,
        soft_normalize=-1,
        subtract_cc_mean=False,
        num_pcs=2,
    )
    table = res.conditions
    assert table["same_direction"].tolist() == [s > 0 for s in sense]
    assert res.summary["same_direction"].iloc[0] == 0.75


def test_skew_fit_matches_an_independent_least_squares_solve():
    rng = np.random.default_rng(2)
    X, dX = rng.normal(size=(300, 5)), rng.normal(size=(300, 5))
    M = skew_symmetric_fit(X, dX)
    iu = np.triu_indices(5, 1)

    def residual(beta):
        S = np.zeros((5, 5))
        S[iu] = beta
        return (dX - X @ (S - S.T).T).ravel()

    beta = optimize.least_squares(residual, np.zeros(iu[0].size), xtol=1e-14, ftol=1e-14).x
    np.testing.assert_allclose(M[iu], beta, atol=1e-8)
    np.testing.assert_allclose(M, -M.T)


def test_preprocessing_and_tables():
    rng = np.random.default_rng(3)
    datas = [rng.normal(size=(50, 20)).cumsum(axis=0) for _ in range(5)]
    times = np.arange(50) * 10.0 - 100.0
    res = JPCA(num_jpcs=2).fit(datas, times=times, tstart=-50, tend=200, labels=list("abcde"))
    assert res.times[0] == -50 and res.times[-1] == 200 and res.times.size == 26
    # PCA variances as an independent SVD of the same preprocessed window gives them
    arr = np.stack(datas)
    arr = arr / (arr.max(axis=(0, 1)) - arr.min(axis=(0, 1)) + 5.0)
    arr = (arr - arr.mean(axis=0))[:, 5:31].reshape(-1, 20)
    ev = np.linalg.eigvalsh(np.cov(arr.T))[::-1][:6]
    np.testing.assert_allclose(res.pca_var_capt, ev, rtol=1e-9)
    assert res.full_data_var == pytest.approx(arr.var(axis=0).sum())
    proj = res.projections
    assert list(proj.columns) == ["condition", "time", "jpc1", "jpc2"]
    assert len(proj) == 5 * 26 and set(proj["condition"]) == set("abcde")
    var = res.variance
    assert var["component"].tolist() == [f"pc{i}" for i in range(1, 7)] + ["jpc1", "jpc2"]
    assert var["fraction"].iloc[:6].sum() <= 1 + 1e-12
    # the jPC plane lies in the PC space: it holds no more than the top two PCs
    assert var["variance"].iloc[6:].sum() <= var["variance"].iloc[:2].sum() + 1e-9
    assert isinstance(res.summary, pd.DataFrame) and len(res.summary) == 1
    assert 0 <= res.r2_skew <= res.r2_unconstrained <= 1


def test_same_data_same_answer_and_alignment_changes_no_variance():
    datas = _rotations([0.5], [1.0])
    a = jpca(datas, times=T, num_pcs=2)
    b = jpca(datas, times=T, num_pcs=2, align_axes_to_data=False)
    assert a.r2_skew == b.r2_skew
    assert a.jpca_var_capt.sum() == pytest.approx(b.jpca_var_capt.sum())
    # aligned: the first states spread along jpc1
    first = np.array([p[0] for p in a.projected])
    assert first[:, 0].var() >= first[:, 1].var()


@pytest.mark.parametrize(
    ("kwargs", "data", "match"),
    [
        ({}, [np.zeros((10, 3)), np.zeros((9, 3))], "one shape"),
        ({}, [np.full((10, 3), np.nan)], "finite"),
        ({}, [np.zeros((2, 3))], ">= 3 times"),
        ({"times": [0, 1, 3, 4, 5, 6, 7, 8, 9, 10]}, None, "evenly spaced"),
        ({"tstart": 20}, None, ">= 3 time"),
        ({"num_pcs": 9}, None, "num_pcs"),
        ({"labels": ["a"]}, None, "labels"),
    ],
)
def test_bad_input_is_named(kwargs, data, match):
    data = data if data is not None else [np.random.default_rng(0).normal(size=(10, 4))] * 2
    with pytest.raises(ValidationError, match=match):
        JPCA(2).fit(data, **kwargs)


def test_bad_num_jpcs():
    with pytest.raises(ValidationError, match="even"):
        JPCA(3)
    with pytest.raises(ValidationError, match="num_jpcs"):
        JPCA(8).fit([np.random.default_rng(0).normal(size=(10, 8))] * 2, num_pcs=6)


def test_no_rotation_at_all_still_gives_an_orthonormal_plane():
    # one condition decaying along one axis: M_skew = 0 exactly, no plane to find
    x = np.exp(-T)[:, None] * np.array([[1.0, 0.0, 0.0]])
    res = JPCA(2).fit([x, 2 * x], times=T, soft_normalize=-1, subtract_cc_mean=False, pca=False)
    np.testing.assert_allclose(res.jpcs.T @ res.jpcs, np.eye(2), atol=1e-12)
    assert res.omegas.tolist() == [0.0]


def test_project_repeats_the_fit_and_places_new_conditions():
    datas = _rotations([0.5, 0.2], [1.0, 0.6])
    est = JPCA(num_jpcs=4)
    res = est.fit(datas[:6], times=T, tstart=0.5, tend=3.0)
    again = est.project(datas[:6])
    for a, b in zip(again, res.projected, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-12)
    new = est.project(datas[6:])
    assert len(new) == 2 and new[0].shape == res.projected[0].shape
    with pytest.raises(ValidationError, match="fitted times"):
        est.project([d[:50] for d in datas])
    with pytest.raises(ValidationError, match="fit first"):
        JPCA(2).project(datas)


def test_more_pcs_than_samples_is_refused_by_name():
    # found by the property pass: one condition of 5 times x 6 neurons and the default
    # num_pcs=6 left a PCA with 5 components and numpy's "cannot reshape" message
    data = np.random.default_rng(0).random((5, 6))
    with pytest.raises(ValidationError, match=r"'num_pcs'.*1 x 5 = 5\)\. Got 6 instead"):
        jpca(data)
    # num_pcs = samples is computed (one condition: no cross-condition mean to remove)
    assert jpca(data, num_pcs=5, subtract_cc_mean=False).jpcs.shape == (5, 2)
