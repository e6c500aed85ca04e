"""Hopfield-Tank: exact optima, the 1985 energy as weights, its descent, tour decoding."""

import itertools

import numpy as np
import pytest

from neuroagents.errors import ValidationError
from neuroagents.models import hopfield_tank as ht


# ---------------------------------------------------------------------- the TSP
@pytest.mark.parametrize("n", [4, 5, 6, 7, 8])
def test_held_karp_equals_brute_force(n):
    rng = np.random.default_rng(n)
    for _ in range(3):
        d = ht.distance_matrix(ht.random_cities(n, rng))
        length, tour = ht.held_karp(d)
        brute, _ = ht.brute_force(d)
        # Same sums of the same floats in a different order: rounding only.
        assert length == pytest.approx(brute, rel=1e-12)
        assert sorted(tour) == list(range(n))
        assert ht.tour_length(tour, d) == pytest.approx(length, rel=1e-12)


def test_brute_force_enumerates_every_tour():
    # (n - 1)! orderings from city 0 are each tour twice (both directions): 181,440 at 10.
    n = 6
    d = ht.distance_matrix(ht.random_cities(n, 3))
    lengths = {round(ht.tour_length([0, *p], d), 12) for p in itertools.permutations(range(1, n))}
    assert min(lengths) == pytest.approx(ht.brute_force(d)[0])
    assert len(lengths) <= 60  # (6 - 1)! / 2 distinct tours


def test_baselines_are_tours_and_two_opt_never_lengthens():
    rng = np.random.default_rng(7)
    for _ in range(5):
        d = ht.distance_matrix(ht.random_cities(10, rng))
        optimum, _ = ht.held_karp(d)
        nn = ht.nearest_neighbour(d)
        better = ht.two_opt(nn, d)
        assert sorted(nn) == sorted(better) == list(range(10))
        assert optimum - 1e-12 <= ht.tour_length(better, d) <= ht.tour_length(nn, d) + 1e-12


def test_two_opt_untangles_a_crossing():
    square = ht.distance_matrix(np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float))
    assert ht.tour_length(ht.two_opt([0, 2, 1, 3], square), square) == pytest.approx(4.0)


# ---------------------------------------------------------------------- the network
@pytest.mark.parametrize("form", ht.FORMS)
def test_weights_are_the_published_energy(form):
    # -1/2 V.T.V - I.V must equal the energy written term by term, up to its constant.
    rng = np.random.default_rng(1)
    n = 6
    d = ht.distance_matrix(ht.random_cities(n, rng))
    p = ht.TankParams(A=3.0, B=5.0, C=2.0, D=7.0, n_prime=8.0, form=form)
    T, bias = ht.tank_weights(d, p)
    assert np.array_equal(T, T.T)
    constant = p.C * p.n_prime**2 / 2 if form == "1985" else (p.A + p.B) * n / 2
    for _ in range(5):
        V = rng.random(n * n)
        quadratic = -0.5 * V @ T @ V - bias @ V
        assert quadratic == pytest.approx(ht.tank_energy(V, d, p) - constant, rel=1e-12)


def test_model_energy_is_the_1985_energy_plus_the_leak_term():
    d = ht.distance_matrix(ht.random_cities(10, 0))
    m = ht.TankModel(d, rng=0)
    m.paper_start()
    V = m.state
    p = m.params
    leak = np.sum(V * np.log(V) + (1 - V) * np.log(1 - V)) / p.gain
    expected = ht.tank_energy(V, d) - p.C * p.n_prime**2 / 2 + leak
    assert m.energy() == pytest.approx(expected, rel=1e-10)


def test_paper_start_puts_n_neurons_on_in_all():
    m = ht.TankModel(ht.distance_matrix(ht.random_cities(10, 1)), rng=1)
    m.paper_start(noise=0.0)
    assert m.state.sum() == pytest.approx(10.0, rel=1e-12)
    assert np.allclose(m.state, 0.1)
    m.paper_start()
    # +-10% of u0 moves V = 0.1 by at most g'(u) * 0.1 u0 = 0.09 * 0.2 = 0.018.
    assert np.all(np.abs(m.state - 0.1) < 0.02)
    assert m.state.std() > 0.003


@pytest.mark.parametrize("form", ht.FORMS)
def test_energy_never_increases_at_small_dt(form):
    # Hopfield (1984): dE/dt = -sum g'(u) (du/dt)^2 <= 0 for symmetric T. At dt = 1e-6
    # (dt * |largest eigenvalue of T diag(g')| < 0.3) the discrete steps descend too;
    # the tolerance is floating-point rounding of energies of size ~1e4.
    d = ht.distance_matrix(ht.random_cities(10, 2))
    p = ht.TankParams() if form == "1985" else ht.TankParams(A=100, B=100, D=50, form=form)
    m = ht.TankModel(d, p, dt=1e-6, rng=2, record_every=20e-6)
    m.paper_start()
    m.run_until(0.004)
    energy = m.datacollector.get_model_vars_dataframe()["energy"].to_numpy()
    assert len(energy) > 150
    scale = np.abs(energy).max()
    assert np.all(np.diff(energy) <= 1e-12 * scale)
    assert energy[-1] < energy[0] - 0.01 * scale  # and it really moved


def test_run_ends_saturated_and_decodes():
    d = ht.distance_matrix(ht.random_cities(10, 3))
    m = ht.TankModel(d, rng=3)
    outcomes = []
    for _ in range(6):
        m.paper_start()
        m.run_for(0.02)
        out = m.decode()
        outcomes.append(out["outcome"])
        if out["valid"]:
            assert sorted(out["tour"]) == list(range(10))
            assert np.array_equal(np.argmax(m.outputs, axis=0), out["tour"])
    assert set(outcomes) <= set(ht.OUTCOMES)


def test_decode_tour():
    perm = np.eye(4)[[1, 3, 0, 2]]  # city X at position perm[X].argmax()
    out = ht.decode_tour(perm)
    assert out["valid"] and out["tour"] == [2, 0, 3, 1] and out["ambiguous"] == 0
    twice = perm.copy()
    twice[0, 0] = 1.0
    assert ht.decode_tour(twice)["outcome"] == "invalid"
    graded = perm * 0.95
    graded[2, 0] = 0.4
    out = ht.decode_tour(graded)
    assert out["outcome"] == "unsettled" and out["ambiguous"] == 1 and out["on"] == 3
    graded[2, 0] = 0.6
    out = ht.decode_tour(graded)
    assert out["outcome"] == "valid" and out["ambiguous"] == 1


def test_bad_input_is_named():
    with pytest.raises(ValidationError, match="'u0'"):
        ht.TankParams(u0=0.0)
    with pytest.raises(ValidationError, match="'form'"):
        ht.TankParams(form="1984")
    with pytest.raises(ValidationError, match="symmetric"):
        ht.TankModel(np.arange(16.0).reshape(4, 4))


@pytest.mark.parametrize("form", ht.FORMS)
def test_run_batch_follows_the_model(form):
    # The structured input sums the same terms in another order, and outputs below
    # 1e-304 are flushed to 0: after 3000 steps the potentials (size ~10-100) agree to
    # ~1e-10; 1e-7 leaves room for other BLAS/FMA orders, far below any decoding change.
    from neuroagents.models.hopfield_tank.batch import run_batch

    d = ht.distance_matrix(ht.random_cities(10, 4))
    p = ht.TankParams() if form == "1985" else ht.TankParams(C=50, D=150, form=form)
    m = ht.TankModel(d, p, rng=4)
    starts, finals = [], []
    for _ in range(3):
        m.paper_start()
        starts.append(m.potential.copy())
        m.run_for(0.03)
        finals.append(m.potential.copy())
    u = np.stack(starts)
    out = run_batch(d, p, u, dt=1e-5, steps=3000)
    assert np.max(np.abs(out - np.stack(finals))) < 1e-7
    assert np.array_equal(u, np.stack(starts))  # the starts are not overwritten
