"""Bad instances and tours for the Hopfield-Tank net: one named ValidationError each."""

from __future__ import annotations

import numpy as np
import pytest

from neuroagents import validation
from neuroagents.errors import ValidationError
from neuroagents.models import hopfield_tank as ht

D = ht.distance_matrix(ht.random_cities(5, rng=0))


def _with(i: int, j: int, value: float) -> np.ndarray:
    d = D.copy()
    d[i, j] = d[j, i] = value
    return d


@pytest.mark.parametrize(
    ("d", "match"),
    [
        (_with(0, 1, np.nan), r"must be finite. Got nan at \[0, 1\]"),
        (_with(0, 1, np.inf), "must be finite"),
        (_with(0, 1, -1.0), r"must be >= 0. Got -1.0 at \[0, 1\]"),
        (_with(2, 2, 0.5), r"0 on the diagonal .* Got 0.5 at \[2, 2\]"),
        (np.triu(D), "must be symmetric. Got d"),
        (D[:2, :2], "n >= 3"),
        ("abc", r"an \(n, n\) matrix of numbers"),
    ],
)
def test_tank_model_refuses_bad_distances(d, match):
    with pytest.raises(ValidationError, match=match):
        ht.TankModel(d)


def test_nan_cities_are_reported_as_nan():
    xy = ht.random_cities(5, rng=0)
    xy[3, 0] = np.nan
    with pytest.raises(ValidationError, match=r"'xy' .* must be finite. City 3"):
        ht.distance_matrix(xy)


NOT_TOURS = [
    [0, 0, 0, 0, 0],
    [0, 1, 2, 3],
    [0, 1, 2, 3, 5],
    [0, 1, 2, 3, 4, 0],
    [0.5, 1, 2, 3, 4],
    [[0, 1, 2, 3, 4]],
    "01234",
]


@pytest.mark.parametrize("tour", NOT_TOURS)
def test_tour_length_refuses_a_non_permutation(tour):
    with pytest.raises(ValidationError, match="'tour' parameter of tour_length must be a perm"):
        ht.tour_length(tour, D)


def test_tour_length_of_a_permutation_is_the_sum_of_its_legs():
    tour = [3, 1, 4, 0, 2]
    legs = sum(D[tour[k], tour[(k + 1) % 5]] for k in range(5))
    assert ht.tour_length(tour, D) == pytest.approx(legs, rel=1e-12)
    assert ht.tour_length(np.array(tour), D) == ht.tour_length(tour, D)


def test_a_net_that_cannot_fit_is_refused_with_its_estimate(monkeypatch):
    # 200 cities: 4 dense (40000 x 40000) float64 arrays = 51.2 GB (it was an 11.9 GiB
    # MemoryError half-way); refused on a 16 GB machine before anything is allocated.
    monkeypatch.setattr(validation, "physical_memory", lambda: 16 * 10**9)
    d = ht.distance_matrix(ht.random_cities(200, rng=0))
    with pytest.raises(ValidationError, match=r"200 cities .* about 51.2 GB .* 16 GB"):
        ht.TankModel(d)
    assert ht.tank_bytes(200) == 4 * 8 * 200**4


def test_the_memory_estimate_bounds_the_real_peak():
    import tracemalloc

    d = ht.distance_matrix(ht.random_cities(12, rng=1))
    tracemalloc.start()
    ht.tank_weights(d)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # the estimate is the measured peak to within 10% (the kron temporaries dominate)
    assert 0.9 * ht.tank_bytes(12) <= peak <= 1.1 * ht.tank_bytes(12)
