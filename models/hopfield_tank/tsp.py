"""The travelling salesman problem: instances, tour lengths, the exact optimum, baselines.

A tour visits every city once and returns to the start; its length is
``L = sum_k d[tour[k], tour[k+1 mod n]]``. There are ``(n - 1)! / 2`` distinct tours of
n cities (181,440 for n = 10), few enough for Held-Karp dynamic programming to give the
exact optimum of every instance, so that every tour can be reported as a ratio to it.

Pieces:
    random_cities: n cities uniform in the unit square.
    distance_matrix: Euclidean distances between cities.
    tour_length: the closed length of a tour.
    held_karp: the exact optimum by dynamic programming, O(2^n n^2).
    brute_force: the exact optimum by enumerating tours (small n; a check).
    nearest_neighbour: the greedy tour every reader knows.
    two_opt: 2-opt local search (reverse a segment while it shortens the tour).
    random_tour: a uniformly random tour (the floor any method must beat).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_int

__all__ = [
    "brute_force",
    "check_distances",
    "distance_matrix",
    "held_karp",
    "nearest_neighbour",
    "random_cities",
    "random_tour",
    "tour_length",
    "two_opt",
]


def random_cities(n: int, rng: Any = None) -> np.ndarray:
    """``n`` cities uniform in the unit square, shape (n, 2).

    Examples:
        >>> random_cities(10, 0).shape
        (10, 2)
    """
    check_int("n", n, "random_cities", low=3)
    return as_generator(rng, "random_cities").random((n, 2))


def distance_matrix(xy: np.ndarray) -> np.ndarray:
    """Euclidean distances ``d[X, Y] = |x_X - x_Y|`` between cities given as (n, 2) points.

    Examples:
        >>> distance_matrix(np.array([[0.0, 0.0], [3.0, 4.0], [0.0, 1.0]]))[0, 1]
        np.float64(5.0)
    """
    xy = np.asarray(xy, dtype=np.float64)
    if xy.ndim != 2 or xy.shape[0] < 3:
        raise ValidationError(
            f"The 'xy' parameter of distance_matrix must be an (n, 2) array with n >= 3. "
            f"Got shape {xy.shape}."
        )
    return np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=-1)


def check_distances(d: np.ndarray, where: str) -> np.ndarray:
    """``d`` as a float array, or a ValidationError: square, n >= 3, symmetric."""
    d = np.asarray(d, dtype=np.float64)
    if d.ndim != 2 or d.shape[0] != d.shape[1] or d.shape[0] < 3:
        raise ValidationError(
            f"The 'distances' parameter of {where} must be a square (n, n) matrix with "
            f"n >= 3. Got shape {d.shape}."
        )
    if not np.allclose(d, d.T):
        raise ValidationError(f"The 'distances' parameter of {where} must be symmetric.")
    return d


def tour_length(tour: np.ndarray | list[int], d: np.ndarray) -> float:
    """Closed length ``sum_k d[tour[k], tour[k+1 mod n]]`` of a tour (a permutation).

    Examples:
        >>> square = distance_matrix(np.array([[0, 0], [1, 0], [1, 1], [0, 1]]))
        >>> tour_length([0, 1, 2, 3], square), round(tour_length([0, 2, 1, 3], square), 4)
        (4.0, 4.8284)
    """
    t = np.asarray(tour, dtype=np.intp)
    return float(np.asarray(d)[t, np.roll(t, -1)].sum())


def held_karp(d: np.ndarray) -> tuple[float, list[int]]:
    """The shortest tour by Held-Karp dynamic programming.

    ``C(S, j)`` = the shortest path from city 0 through the set S ending at j;
    ``C(S, j) = min_{k in S - j} C(S - j, k) + d[k, j]`` and the optimum is
    ``min_j C(all, j) + d[j, 0]``. Time O(2^n n^2), memory O(2^n n): n = 10 takes
    milliseconds.

    Returns:
        (length, tour starting at city 0).

    References:
        M. Held and R. M. Karp, "A dynamic programming approach to sequencing
        problems", J. SIAM 10, 196 (1962).

    Examples:
        >>> d = distance_matrix(random_cities(7, 1))
        >>> abs(held_karp(d)[0] - brute_force(d)[0]) < 1e-12
        True
    """
    d = check_distances(d, "held_karp")
    n = d.shape[0]
    if n > 16:
        raise ValidationError(f"held_karp needs n <= 16 cities (memory 2^n n). Got n={n}.")
    m = n - 1  # cities 1..n-1 as bits 0..m-1
    full = 1 << m
    cost = np.full((full, m), np.inf)
    parent = np.full((full, m), -1, dtype=np.intp)
    for j in range(m):
        cost[1 << j, j] = d[0, j + 1]
    dd = d[1:, 1:]
    for mask in range(1, full):
        row = cost[mask]
        if not np.isfinite(row).any():
            continue
        # Extend every path ending at k in mask to every j outside it, in one step.
        out = np.array([j for j in range(m) if not mask >> j & 1], dtype=np.intp)
        if out.size == 0:
            continue
        options = row[:, None] + dd[:, out]  # (k, j)
        best_k = np.argmin(options, axis=0)
        best = options[best_k, np.arange(out.size)]
        for jj, j in enumerate(out):
            new = mask | 1 << j
            if best[jj] < cost[new, j]:
                cost[new, j] = best[jj]
                parent[new, j] = best_k[jj]
    last = full - 1
    closing = cost[last] + d[1:, 0]
    j = int(np.argmin(closing))
    length = float(closing[j])
    tour, mask = [], last
    while j >= 0:
        tour.append(j + 1)
        j, mask = int(parent[mask, j]), mask & ~(1 << j)
    return length, [0, *reversed(tour)]


def brute_force(d: np.ndarray) -> tuple[float, list[int]]:
    """The shortest tour by enumerating all ``(n - 1)!`` tours from city 0 (n <= 10).

    Independent of :func:`held_karp`, against which the tests check it.
    """
    d = check_distances(d, "brute_force")
    n = d.shape[0]
    if n > 10:
        raise ValidationError(f"brute_force needs n <= 10 cities. Got n={n}.")
    best, best_tour = np.inf, None
    for rest in itertools.permutations(range(1, n)):
        length = tour_length([0, *rest], d)
        if length < best:
            best, best_tour = length, [0, *rest]
    return float(best), list(best_tour)  # type: ignore[arg-type]


def nearest_neighbour(d: np.ndarray, start: int = 0) -> list[int]:
    """The greedy tour: from ``start``, always go to the nearest unvisited city.

    Examples:
        >>> nearest_neighbour(distance_matrix(np.array([[0, 0], [5, 0], [1, 0], [2, 0]])))
        [0, 2, 3, 1]
    """
    d = check_distances(d, "nearest_neighbour")
    n = d.shape[0]
    check_int("start", start, "nearest_neighbour", low=0, high=n - 1)
    tour, left = [start], set(range(n)) - {start}
    while left:
        here = tour[-1]
        nxt = min(left, key=lambda c: d[here, c])
        tour.append(nxt)
        left.remove(nxt)
    return tour


def two_opt(tour: list[int], d: np.ndarray) -> list[int]:
    """2-opt local search: reverse ``tour[i:j]`` while some reversal shortens the tour.

    Removing edges (a, b) and (c, e) and reconnecting as (a, c), (b, e) changes the
    length by ``d[a,c] + d[b,e] - d[a,b] - d[c,e]``; the search applies the first
    improving move until none is left (a 2-optimal tour).

    References:
        G. A. Croes, "A method for solving traveling-salesman problems", Operations
        Research 6, 791 (1958).
    """
    d = check_distances(d, "two_opt")
    t = list(tour)
    n = len(t)
    improved = True
    while improved:
        improved = False
        for i in range(1, n - 1):
            for j in range(i + 1, n):
                a, b, c, e = t[i - 1], t[i], t[j], t[(j + 1) % n]
                if d[a, c] + d[b, e] - d[a, b] - d[c, e] < -1e-12:
                    t[i : j + 1] = reversed(t[i : j + 1])
                    improved = True
    return t


def random_tour(n: int, rng: Any = None) -> list[int]:
    """A uniformly random tour of ``n`` cities."""
    return [int(c) for c in as_generator(rng, "random_tour").permutation(n)]
