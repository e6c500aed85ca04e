"""Hopfield nets without symmetry: the machinery on cases whose answer is known."""

import math

import numpy as np
import pytest

import neuroagents as na
from neuroagents.errors import ValidationError
from neuroagents.models import hopfield
from neuroagents.models.hopfield import asymmetry as asym
from neuroagents.models.hopfield.experiments.asymmetry_trials import (
    dilution_trial,
    hebbian_asymmetry_trial,
    random_convergence_trial,
)
from neuroagents.models.hopfield.experiments.dynamics import energy_trace
from neuroagents.models.hopfield.experiments.retrieval import retrieval_trial


def _all_states(n):
    codes = np.arange(1 << n)[:, None]
    return np.where((codes >> np.arange(n)) & 1, 1, -1).astype(np.int8)


# ------------------------------------------------------------------ k = 0 is Hopfield's net
def test_k0_reproduces_the_plain_hebbian_retrieval_table():
    grid = {"alpha": [0.05, 0.1, 0.15], "noise": [0.1, 0.3]}
    fixed = {"n": 200, "max_sweeps": 100}

    def first_async_run(params, rng):
        row = hebbian_asymmetry_trial({**params, "k": 0.0}, rng).iloc[0]
        return {"overlap": row["overlap"], "sweeps": row["steps"], "converged": row["converged"]}

    ours = na.sweep(first_async_run, grid=grid, seeds=3, params=fixed, root_seed=7, progress=False)
    plain = na.sweep(retrieval_trial, grid=grid, seeds=3, params=fixed, root_seed=7, progress=False)
    columns = ["alpha", "noise", "seed", "overlap", "sweeps", "converged"]
    assert ours[columns].equals(plain[columns])
    # Not a vacuous match: some runs of the table fail to retrieve.
    assert (plain["overlap"] < 0.99).any() and (plain["overlap"] > 0.99).any()


def test_k0_every_async_run_reaches_a_fixed_point_and_the_energy_never_rises():
    rng = np.random.default_rng(3)
    patterns = hopfield.random_patterns(150, 30, rng)  # alpha = 0.2: beyond capacity
    weights = asym.asymmetric_hebbian_weights(patterns, 0.0, rng)
    model = asym.asymmetric_model(weights, patterns=patterns, rng=rng)
    for _ in range(10):
        trace = energy_trace(model, np.where(rng.random(150) < 0.5, 1, -1))
        assert trace.attrs["cycle_length"] == 1
        # float32 weights: energies carry rounding of ~1e-6 relative, rises would be ~1/n.
        assert (trace["energy"].diff().dropna() <= 1e-5).all()
    out = hebbian_asymmetry_trial(
        {"n": 150, "alpha": 0.2, "k": 0.0, "starts": 5, "random_starts": 5}, rng
    )
    async_runs = out[out["scheduler"] == "async-sweep"]
    assert async_runs["converged"].all() and (async_runs["period"] == 1).all()
    # Goles: symmetric synchronous runs end in fixed points or 2-cycles only.
    assert set(out.loc[out["scheduler"] == "sync", "period"]) <= {1, 2}


def test_asymmetric_weights_have_the_stated_construction():
    patterns = hopfield.random_patterns(120, 10, rng=0)
    for k in (0.3, 1.0, 2.0):
        w = asym.asymmetric_hebbian_weights(patterns, k, rng=1)
        sym, anti = (w + w.T) / 2, (w - w.T) / 2
        assert np.allclose(sym, hopfield.hebbian_weights(patterns), atol=1e-12)
        assert np.linalg.norm(anti) / np.linalg.norm(sym) == pytest.approx(k, rel=1e-9)
        off = ~np.eye(120, dtype=bool)
        eta = np.sum(w[off] * w.T[off]) / np.sum(w[off] ** 2)
        assert eta == pytest.approx(asym.asymmetry_eta(k), abs=1e-9)


# ------------------------------------------------------------------ antisymmetric nets
def test_antisymmetric_sync_runs_cycle_with_period_four_from_every_state():
    weights = asym.random_couplings(10, math.inf, rng=5)
    model = asym.asymmetric_model(weights, scheduler="sync", rng=0)
    periods = set()
    for start in _all_states(10):
        period, _ = asym.sync_period(model, start, 50)
        periods.add(period)
        # On the cycle x(t + 2) = -x(t).
        x0 = model.state.copy()
        model.step()
        model.step()
        assert np.array_equal(model.state, -x0)
    assert periods == {4}
    assert asym.count_fixed_points(weights) == 0  # s.J.s = 0: not every s_i h_i can be > 0


def test_antisymmetric_async_runs_never_settle():
    out = random_convergence_trial({"n": 30, "k": math.inf, "starts": 5, "max_sweeps": 50},
                                   np.random.default_rng(0))  # fmt: skip
    assert not out["async_converged"].any()
    assert (out["sync_period"] == 4).all()


# ------------------------------------------------------------------ counting fixed points
@pytest.mark.parametrize("k", [0.0, 0.5, 1.0])
def test_exhaustive_fixed_points_are_the_states_the_model_calls_stable(k):
    weights = asym.random_couplings(10, k, rng=11)
    model = asym.asymmetric_model(weights, scheduler="async-sweep", rng=0)
    stable = []
    for s in _all_states(10):
        model.set_state(s)
        stable.append(model.is_stable())
    found = asym.fixed_point_states(weights)
    assert len(found) == sum(stable)
    assert {s.tobytes() for s in found} == {
        s.tobytes() for s, ok in zip(_all_states(10), stable, strict=True) if ok
    }


def test_fixed_points_of_a_hebbian_net_include_the_patterns_and_their_reverses():
    patterns = hopfield.random_patterns(14, 2, rng=2)
    found = {s.tobytes() for s in asym.fixed_point_states(hopfield.hebbian_weights(patterns))}
    for p in patterns:
        assert p.astype(np.int8).tobytes() in found
        assert (-p).astype(np.int8).tobytes() in found


@pytest.mark.parametrize("k", [0.0, 0.5, 1.0])
def test_mean_fixed_point_count_matches_the_exact_mean(k):
    rng = np.random.default_rng(int(k * 10) + 1)
    counts = np.array([asym.count_fixed_points(asym.random_couplings(10, k, rng))
                       for _ in range(300)])  # fmt: skip
    sem = counts.std(ddof=1) / math.sqrt(len(counts))
    # 4 standard errors: a 1-in-15000 false alarm; sem is about 3-5% of the mean here.
    assert abs(counts.mean() - asym.expected_fixed_points(10, k)) < 4 * sem


def test_expected_fixed_points_limits():
    assert asym.expected_fixed_points(17, 1.0) == pytest.approx(1.0, abs=1e-9)
    # n = 2: symmetric J12 = J21 makes (s, s) or (s, -s) fixed: 2 states; uncorrelated: 1.
    assert asym.expected_fixed_points(2, 0.0) == pytest.approx(2.0, rel=1e-6)
    values = [asym.expected_fixed_points(14, k) for k in (0.0, 0.25, 0.5, 0.75, 1.0)]
    assert values == sorted(values, reverse=True)


# ------------------------------------------------------------------ theory of one step
def test_unhappy_bits_at_patterns_follow_the_asymmetric_signal_to_noise():
    rows = [hebbian_asymmetry_trial({"n": 400, "alpha": 0.1, "k": 1.0},
                                    np.random.default_rng(s)) for s in range(6)]  # fmt: skip
    measured = np.array([r["unhappy_at_patterns"].iloc[0] for r in rows])
    theory = asym.one_step_error_asym(0.1, 1.0)
    sem = measured.std(ddof=1) / math.sqrt(len(measured))
    # ~190 unhappy bits a net; the 1/n corrections to the variances are below 1%.
    assert abs(measured.mean() - theory) < 4 * sem + 0.02 * theory


# ------------------------------------------------------------------ dilution
@pytest.mark.parametrize("symmetric", [False, True])
def test_dilution_with_c1_is_the_full_net(symmetric):
    patterns = hopfield.random_patterns(80, 6, rng=0)
    w = asym.diluted_hebbian_weights(patterns, 1.0, rng=4, symmetric=symmetric)
    assert np.array_equal(w, hopfield.hebbian_weights(patterns, normalize=False))
    start = hopfield.corrupt(patterns[0], 30, rng=1)
    runs = []
    for weights in (w, hopfield.hebbian_weights(patterns)):
        m = asym.asymmetric_model(weights, scheduler="async-sweep", patterns=patterns, rng=9)
        m.set_state(start)
        m.run_until_stable(50)
        runs.append(m.state.copy())
    assert np.array_equal(*runs)


def test_dilution_keeps_each_direction_independently():
    patterns = hopfield.random_patterns(400, 3, rng=0)
    kept = asym.diluted_hebbian_weights(patterns, 0.3, rng=1) != 0
    off = ~np.eye(400, dtype=bool)
    both = (kept & kept.T)[off].mean()
    # Independent directions: P(both kept) = c^2 = 0.09 (sd of the mean ~ 0.001).
    assert kept[off].mean() == pytest.approx(0.3, abs=0.005)
    assert both == pytest.approx(0.09, abs=0.005)
    sym = asym.diluted_hebbian_weights(patterns, 0.3, rng=1, symmetric=True) != 0
    assert np.array_equal(sym, sym.T) and sym[off].mean() == pytest.approx(0.3, abs=0.005)


def test_dgz_map_and_capacity():
    assert asym.dgz_overlap(asym.DGZ_CAPACITY * 0.999) > 0
    assert asym.dgz_overlap(asym.DGZ_CAPACITY * 1.001) == 0
    m = asym.dgz_overlap(0.4)
    assert math.erf(m / math.sqrt(0.8)) == pytest.approx(m, abs=1e-10)
    assert asym.dgz_overlap(0.4, 0.8, 200) == pytest.approx(m, abs=1e-9)


def test_first_synchronous_step_of_a_sparse_diluted_net_follows_dgz():
    runs = [dilution_trial({"n": 2000, "c": 0.05, "load": 0.3, "steps": 1},
                           np.random.default_rng(s)) for s in range(4)]  # fmt: skip
    m1 = np.array([r["m_sync_1"] for r in runs])
    expected = asym.dgz_overlap(0.3, runs[0]["m0"], 1)
    # One step is a sum of K ~ 100 independent terms: Gaussian up to O(1/sqrt(K)) shape
    # corrections and ties (integer inputs), a few percent of m.
    assert abs(m1.mean() - expected) < 0.03


# ------------------------------------------------------------------ errors
def test_bad_inputs_are_refused_by_name():
    patterns = hopfield.random_patterns(20, 2, rng=0)
    with pytest.raises(ValidationError, match=r"'k'.*-0\.5"):
        asym.asymmetric_hebbian_weights(patterns, -0.5)
    with pytest.raises(ValidationError, match="'c'"):
        asym.diluted_hebbian_weights(patterns, 0.0)
    with pytest.raises(ValidationError, match="'n'"):
        asym.fixed_point_states(np.zeros((25, 25)))
    with pytest.raises(ValidationError, match="scheduler='sync'"):
        asym.sync_period(asym.asymmetric_model(hopfield.hebbian_weights(patterns)),
                         patterns[0], 10)  # fmt: skip
    with pytest.raises(ValidationError, match="'k'"):
        asym.expected_fixed_points(10, 2.0)
    with pytest.raises(ValidationError, match="at least one start"):
        hebbian_asymmetry_trial({"n": 20, "alpha": 0.1, "k": 0.0, "starts": 0}, None)
