"""The travelling salesman problem: instances, tour lengths, the exact optimum, baselines.

A tour visits every city once and returns to the start; its length is
``L = sum_k d[tour[k], tour[k+1 mod n]]``. There are ``(n - 1)! / 2`` distinct tours of
n cities (181,440 for n = 10), few enough for Held-Karp dynamic programming to give the
exact optimum of every instance, so that every tour can be reported as a ratio to it.

Pieces:
    random_cities: n cities uniform in the unit square.
    distance_matrix: Euclidean distances between cities.
    tour_length: the closed length of a tour.
    check_distances / check_tour: an instance and a tour, checked at the door.
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
    "check_tour",
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
    try:
        xy = np.asarray(xy, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            f"The 'xy' parameter of distance_matrix must be an (n, 2) array of numbers. "
            f"Got {type(xy).__name__} that is not."
        ) from None
    if xy.ndim != 2 or xy.shape[0] < 3:
        raise ValidationError(
            f"The 'xy' parameter of distance_matrix must be an (n, 2) array with n >= 3. "
            f"Got shape {xy.shape}."
        )
    if not np.all(np.isfinite(xy)):
        k = int(np.argmax(~np.isfinite(xy).all(axis=1)))
        raise ValidationError(
            f"The 'xy' parameter of distance_matrix must be finite. City {k} is at "
            f"{xy[k].tolist()}."
        )
    return np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=-1)


def check_distances(d: np.ndarray, where: str) -> np.ndarray:
    """``d`` as a float array, or a ValidationError naming the first broken constraint.

    The constraints, in order: numbers; square (n, n) with n >= 3; finite; symmetric;
    >= 0; a zero diagonal.
    """
    try:
        d = np.asarray(d, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            f"The 'distances' parameter of {where} must be an (n, n) matrix of numbers. "
            f"Got {type(d).__name__} that is not."
        ) from None
    if d.ndim != 2 or d.shape[0] != d.shape[1] or d.shape[0] < 3:
        raise ValidationError(
            f"The 'distances' parameter of {where} must be a square (n, n) matrix with "
            f"n >= 3. Got shape {d.shape}."
        )
    bad = ~np.isfinite(d)
    if bad.any():
        x, y = np.argwhere(bad)[0]
        raise ValidationError(
            f"The 'distances' parameter of {where} must be finite. Got {d[x, y]} at [{x}, {y}]."
        )
    if not np.allclose(d, d.T):
        x, y = np.argwhere(~np.isclose(d, d.T))[0]
        raise ValidationError(
            f"The 'distances' parameter of {where} must be symmetric. Got d[{x}, {y}] = "
            f"{d[x, y]} but d[{y}, {x}] = {d[y, x]}."
        )
    for broken, constraint in (
        (d < 0, ">= 0"),
        (np.diag(np.diag(d)) != 0, "0 on the diagonal (a city's distance to itself)"),
    ):
        if broken.any():
            x, y = np.argwhere(broken)[0]
            raise ValidationError(
                f"The 'distances' parameter of {where} must be {constraint}. Got {d[x, y]} "
                f"at [{x}, {y}]."
            )
    return d


def check_tour(tour: Any, n: int, where: str) -> np.ndarray:
    """``tour`` as an index array, or a ValidationError unless it is a permutation of 0..n-1.

    Examples:
        >>> check_tour([2, 0, 1], 3, "tour_length").tolist()
        [2, 0, 1]
    """
    try:
        t = np.asarray(tour)
        ok = t.ndim == 1 and (t.size == 0 or np.issubdtype(t.dtype, np.integer))
    except (TypeError, ValueError):
        ok = False
    if not ok or t.size != n or not np.array_equal(np.sort(t), np.arange(n)):
        raise ValidationError(
            f"The 'tour' parameter of {where} must be a permutation of the {n} city indices "
            f"0..{n - 1} (each city once). Got {tour!r}."
        )
    return t.astype(np.intp)


def tour_length(tour: np.ndarray | list[int], d: np.ndarray) -> float:
    """Closed length ``sum_k d[tour[k], tour[k+1 mod n]]`` of a tour (a permutation).

    Examples:
        >>> square = distance_matrix(np.array([[0, 0], [1, 0], [1, 1], [0, 1]]))
        >>> tour_length([0, 1, 2, 3], square), round(tour_length([0, 2, 1, 3], square), 4)
        (4.0, 4.8284)
    """
    d = check_distances(d, "tour_length")
    return _closed_length(check_tour(tour, d.shape[0], "tour_length"), d)


def _closed_length(t: np.ndarray, d: np.ndarray) -> float:
    """``tour_length`` of an already checked tour (the inner loop of ``brute_force``)."""
    return float(d[t, np.roll(t, -1)].sum())


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
        length = _closed_length(np.array([0, *rest]), d)
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
