"""The plan of a sweep: which runs it consists of, their keys and their seeds.

Pieces:
    Run: one planned run (parameters, seed, 128-bit run id, seed entropy).
    plan_runs: the runs of a grid or a list of points times a list of seeds, in order.
    sweep_points: a grid or a list of points, validated, as a list of parameter dicts.
    seed_list: a seed count or a list of seeds, validated.
    check_plan_size: refuse up front a sweep whose plan cannot fit in memory.
    swept_value: a swept value with a stable id (objects refused).

Seeds: run (point, seed) gets the generator of ``SeedSequence(root_seed,
spawn_key=(point_key, seed))``, where point_key is a 128-bit hash of the point's
parameters. A run's random numbers depend on nothing but its parameters, its seed and
the root seed: the same on every backend, with any number of workers, on every rerun,
and unchanged when the grid later grows. Keys are 128 bits because 32-bit keys collide
with probability ~1% at 10^4 points (birthday bound n^2 / 2^33).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Mapping, Sequence, Sized
from dataclasses import dataclass
from typing import Any

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.validation import check_int, check_memory, check_work

__all__ = [
    "RESERVED",
    "RUN_BYTES",
    "Run",
    "check_plan_size",
    "plan_runs",
    "seed_list",
    "sweep_points",
    "swept_value",
]

RESERVED = ("run_id", "seed", "status", "error", "traceback")

RUN_BYTES = 1000
"""Memory charged per run when refusing a sweep up front (plan ~240 B + its table row)."""

Grid = Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class Run:
    """One run of a sweep: its parameters, seed, id and seed entropy."""

    run_id: str
    params: dict[str, Any]
    seed: int
    spawn_key: tuple[int, int]
    root_seed: int

    def seed_sequence(self) -> np.random.SeedSequence:
        """The run's seed: pass it as ``rng`` (or a Mesa Scenario's ``rng``) to rerun it."""
        return np.random.SeedSequence(self.root_seed, spawn_key=self.spawn_key)

    def rng(self) -> np.random.Generator:
        """The run's own generator (identical wherever the run executes)."""
        return np.random.default_rng(self.seed_sequence())


def plan_runs(
    grid: Grid | None,
    seeds: int | Sequence[int],
    *,
    params: Mapping[str, Any] | None = None,
    root_seed: int = 0,
    identity: str = "",
) -> list[Run]:
    """The runs of a sweep, point by point (grid order), seed by seed.

    Args:
        grid: parameter -> values (all combinations), or an explicit list of points.
        seeds: a number of seeds (0..N-1) or the seed values.
        params: fixed parameters added to every point.
        root_seed: the entropy of the root SeedSequence.
        identity: what is run (function, its code fingerprint, steps…): part of the run
            id, not of the seed, so a store never mixes up two different sweeps' runs.

    Returns:
        The runs; ``run_id`` is 32 hex digits (128 bits).

    Raises:
        ValidationError: a bad grid, seed list or parameter name, or a parameter whose
            values mix types that one table column cannot hold.

    Examples:
        >>> runs = plan_runs({"a": [1, 2], "b": ["x"]}, seeds=2)
        >>> [(r.params, r.seed) for r in runs][:2]
        [({'a': 1, 'b': 'x'}, 0), ({'a': 1, 'b': 'x'}, 1)]
        >>> len(runs[0].run_id)
        32
    """
    check_int("root_seed", root_seed, "sweep", low=0)
    seeds_ = seed_list(seeds)
    check_plan_size(grid, len(seeds_))
    fixed = {k: plain(v) for k, v in (params or {}).items()}
    points = sweep_points(grid)
    both = sorted(set(fixed) & set().union(*points))
    if both:
        raise ValidationError(
            f"The parameter {both[0]!r} of sweep is both fixed (params) and swept (grid or "
            "points); give it in one place only."
        )
    points = [{**fixed, **point} for point in points]
    _check_names_and_types(points)
    runs = []
    for full in points:
        canonical = json.dumps(full, sort_keys=True, default=repr)
        point_key = int(hashlib.sha256(canonical.encode()).hexdigest()[:32], 16)
        for seed in seeds_:
            ident = json.dumps(
                {"params": canonical, "seed": seed, "root": root_seed, "what": identity}
            )
            run_id = hashlib.sha256(ident.encode()).hexdigest()[:32]
            runs.append(Run(run_id, full, seed, (point_key, seed), root_seed))
    return runs


def check_plan_size(grid: Any, n_seeds: int) -> None:
    """Refuse, before planning, a sweep whose runs alone would not fit in memory.

    A planned run costs about 240 bytes (measured with tracemalloc, three parameters)
    and its row of the result table more, so :data:`RUN_BYTES` (1 kB) a run is charged;
    a grid of 10^8 points is refused on any ordinary machine, with the estimate.
    """

    def sized(v: Any) -> bool:  # a 0-d array claims __len__ but has none
        return isinstance(v, Sized) and not isinstance(v, str) and getattr(v, "ndim", 1) != 0

    if isinstance(grid, Mapping):
        points = math.prod(len(v) for v in grid.values() if sized(v))
    elif sized(grid):
        points = len(grid)
    else:
        return  # not a grid at all: planning refuses it with its own message
    runs = points * n_seeds
    check_memory(f"sweep of {runs:.3g} runs ({points:.3g} points x {n_seeds} seeds)",
                 runs * RUN_BYTES)  # fmt: skip
    check_work("sweep", runs, "runs")


def sweep_points(grid: Grid | None) -> list[dict[str, Any]]:
    """A grid (every combination) or a list of points, as plain parameter dicts.

    Raises:
        ValidationError: a grid entry that is not a non-empty list, or an empty list of
            points, or a point that is not a mapping.
    """
    if grid is None:
        return [{}]
    if isinstance(grid, Mapping):
        names, values = list(grid), []
        for name in names:
            vals = grid[name]
            if isinstance(vals, str) or not isinstance(vals, Sequence | np.ndarray):
                raise ValidationError(
                    f"The grid entry {name!r} of sweep must be a list of values. Got {vals!r}."
                )
            if len(vals) == 0:
                raise ValidationError(f"The grid entry {name!r} of sweep is empty.")
            values.append([swept_value(name, v) for v in vals])
        return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values)]
    if isinstance(grid, str) or not isinstance(grid, Sequence):
        raise ValidationError(
            f"The 'points' parameter of sweep must be a list of parameter dicts. Got {grid!r}."
        )
    points = []
    for point in grid:
        if not isinstance(point, Mapping):
            raise ValidationError(
                f"Every point of sweep must be a dict of parameters. Got {point!r}."
            )
        points.append({k: swept_value(k, v) for k, v in point.items()})
    if not points:
        raise ValidationError("The 'points' parameter of sweep is an empty list.")
    return points


def seed_list(seeds: int | Sequence[int]) -> list[int]:
    """Seeds 0..N-1 for a count N, else the given distinct seeds (each >= 0)."""
    if isinstance(seeds, np.ndarray) and seeds.ndim == 0:
        seeds = seeds.item()  # a 0-d array is a count (or a bad value), not a list
    if isinstance(seeds, int | np.integer) and not isinstance(seeds, bool):
        count = check_int("seeds", int(seeds), "sweep", low=1)
        check_memory(f"sweep of {count:.3g} seeds", count * RUN_BYTES)  # before the list
        check_work("sweep", count, "runs")
        return list(range(count))
    if isinstance(seeds, str) or not isinstance(seeds, Sequence | np.ndarray):
        raise ValidationError(
            f"The 'seeds' parameter of sweep must be a count >= 1 or a list of seeds. "
            f"Got {seeds!r}."
        )
    values = [check_int("seeds[]", plain(s), "sweep", low=0) for s in seeds]
    if not values or len(set(values)) != len(values):
        raise ValidationError(
            f"The 'seeds' parameter of sweep must be a count >= 1 or distinct seeds. "
            f"Got {list(seeds)!r}."
        )
    return values


def plain(value: Any) -> Any:
    """Plain Python values (numpy scalars and arrays too), so ids do not depend on types."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, list | tuple | range):
        return [plain(v) for v in value]
    return value


def swept_value(name: str, value: Any) -> Any:
    """A grid or point value as a plain value, or an error for objects with no stable id.

    A run's id hashes its parameters' values; an arbitrary object has no value to hash
    (only its memory address, new in every process), so a resumed sweep could never
    recognise its runs. Swept values are numbers, strings, booleans, None, or lists
    and string-keyed dicts of them; pass an object by a name your function looks up.
    """
    value = plain(value)
    if not _is_plain(value):
        raise ValidationError(
            f"The swept parameter {name!r} of sweep must take numbers, strings, booleans, "
            f"None, or lists or dicts of them (values with a stable run id). Got "
            f"{type(value).__name__} {value!r}; pass a name your function looks up instead."
        )
    return value


def _is_plain(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float | str):
        return True
    if isinstance(value, list):
        return all(_is_plain(plain(v)) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(plain(v)) for k, v in value.items())
    return False


def _check_names_and_types(points: list[dict[str, Any]]) -> None:
    kinds: dict[str, set[str]] = {}
    for point in points:
        for name, value in point.items():
            if name in RESERVED:
                raise ValidationError(
                    f"The parameter name {name!r} of sweep is reserved for the table "
                    f"({', '.join(RESERVED)}); rename it."
                )
            if value is not None:
                kind = "number" if type(value) in (int, float) else type(value).__name__
                kinds.setdefault(name, set()).add(kind)
    for name, found in kinds.items():
        if len(found) > 1:
            raise ValidationError(
                f"The parameter {name!r} of sweep mixes value types {sorted(found)}; one "
                "table column holds one type. Use one type (e.g. all numbers or all strings)."
            )
