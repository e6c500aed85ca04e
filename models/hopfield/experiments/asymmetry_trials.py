"""Trials of the asymmetry question: one network each, for :func:`neuroagents.sweep`.

Pieces:
    hebbian_asymmetry_trial: a Hebbian net with an antisymmetric part of relative size
        k; asynchronous and synchronous runs from corrupted patterns and random states.
    random_fixed_points_trial: the exact number of fixed points of a small random net.
    random_convergence_trial: asynchronous and synchronous runs on random couplings.
    hebbian_fixed_points_trial: every fixed point of a small Hebbian net ``W_hebb + k A``,
        memories and spurious ones.
    dilution_trial: retrieval on a diluted Hebbian net (asymmetric or symmetric).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from neuroagents.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.models.hopfield.asymmetry import (
    MAX_ENUMERATED,
    asymmetric_hebbian_weights,
    asymmetric_model,
    count_fixed_points,
    diluted_hebbian_weights,
    fixed_point_states,
    random_couplings,
    sync_period,
)
from neuroagents.models.hopfield.network import corrupt, random_patterns
from neuroagents.validation import check_int, check_real

__all__ = [
    "RETRIEVED_OVERLAP",
    "dilution_trial",
    "hebbian_asymmetry_trial",
    "hebbian_fixed_points_trial",
    "random_convergence_trial",
    "random_fixed_points_trial",
]

RETRIEVED_OVERLAP = 0.9
"""A final state counts as a stored pattern (or its reverse) from this |overlap| up."""


def _random_state(n: int, rng: np.random.Generator) -> np.ndarray:
    return np.where(rng.random(n) < 0.5, 1, -1).astype(np.int8)


def hebbian_asymmetry_trial(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """One Hebbian net ``W_hebb + k A`` run asynchronously and synchronously.

    Params: ``n``, ``alpha``, ``k``, ``noise`` (fraction of a pattern's bits flipped in
    a pattern start, default 0.1), ``starts`` (pattern starts, default 1),
    ``random_starts`` (default 0), ``max_sweeps`` (the budget T of sweeps or
    synchronous steps, default 100).

    The antisymmetric part is drawn from a generator spawned from ``rng``, which leaves
    ``rng``'s own stream untouched: at ``k = 0`` the first row is exactly the run of
    :func:`~neuroagents.models.hopfield.experiments.retrieval.retrieval_trial` for the
    same generator.

    Returns:
        One row per start and scheduler: ``start_kind`` ("pattern" or "random"),
        ``start``, ``scheduler``, ``converged`` (a fixed point within T), ``steps``,
        ``period`` (synchronous: the cycle length, 0 = none within T; asynchronous: 1
        at a fixed point, else 0), ``overlap`` (with the corrupted pattern; for a
        random start the largest |overlap| with any pattern), ``max_overlap``,
        ``spurious`` (a fixed point that is no stored pattern), ``patterns`` and
        ``unhappy_at_patterns`` (the fraction of unhappy bits at the stored patterns).

    Examples:
        >>> out = hebbian_asymmetry_trial({"n": 200, "alpha": 0.05, "k": 0.0,
        ...                                "random_starts": 1}, np.random.default_rng(0))
        >>> for row in out[["start_kind", "scheduler", "converged", "period"]].values.tolist():
        ...     print(row)
        ['pattern', 'async-sweep', True, 1]
        ['pattern', 'sync', True, 1]
        ['random', 'async-sweep', True, 1]
        ['random', 'sync', True, 1]
    """
    n = check_int("n", params["n"], "hebbian_asymmetry_trial", low=2)
    alpha = check_real("alpha", params["alpha"], "hebbian_asymmetry_trial", low=0, low_open=True)
    noise = check_real("noise", params.get("noise", 0.1), "hebbian_asymmetry_trial", low=0, high=1)
    starts = check_int("starts", params.get("starts", 1), "hebbian_asymmetry_trial", low=0)
    randoms = check_int(
        "random_starts", params.get("random_starts", 0), "hebbian_asymmetry_trial", low=0
    )
    if starts + randoms == 0:
        raise ValidationError(
            "hebbian_asymmetry_trial needs at least one start: 'starts' + 'random_starts' "
            f"must be >= 1. Got {starts} + {randoms}."
        )
    max_sweeps = params.get("max_sweeps", 100)
    count = max(1, round(alpha * n))
    patterns = random_patterns(n, count, rng)
    weights = asymmetric_hebbian_weights(patterns, params["k"], rng.spawn(1)[0])
    # The same calls, in the same order, as retrieval.retrieval_trial.
    model = asymmetric_model(
        Connectome.from_matrix(weights), scheduler="async-sweep", patterns=patterns, rng=rng
    )
    begin = []
    for j in range(starts + randoms):
        if j < starts:
            begin.append(
                ("pattern", j % count, corrupt(patterns[j % count], round(noise * n), rng))
            )
        else:
            begin.append(("random", -1, _random_state(n, rng)))
        model.set_state(begin[-1][2])
        report = model.run_until_stable(max_sweeps=max_sweeps)
        begin[-1] += (report.converged, report.steps, int(report.converged), model.overlaps())
    sync = asymmetric_model(model.connectome, scheduler="sync", patterns=patterns, rng=rng)
    rows = []
    for kind, target, start, *outcome in begin:
        rows.append(_row(kind, target, "async-sweep", *outcome))
        period, steps = sync_period(sync, start, max_sweeps)
        rows.append(_row(kind, target, "sync", period == 1, steps, period, sync.overlaps()))
    h = patterns.astype(np.float64) @ weights.T  # row mu: inputs at pattern mu
    out = pd.DataFrame(rows)
    out["patterns"] = count
    out["unhappy_at_patterns"] = float((patterns * h < 0).mean())
    return out


def _row(kind: str, target: int, scheduler: str, converged: bool, steps: int, period: int,
         overlaps: np.ndarray) -> dict[str, Any]:  # fmt: skip
    best = float(np.abs(overlaps).max())
    return {
        "start_kind": kind,
        "start": target,
        "scheduler": scheduler,
        "converged": bool(converged),
        "steps": int(steps),
        "period": int(period),
        "overlap": float(overlaps[target]) if target >= 0 else best,
        "max_overlap": best,
        "spurious": bool(converged) and best < RETRIEVED_OVERLAP,
    }


def hebbian_fixed_points_trial(params: dict[str, Any], rng: np.random.Generator) -> dict[str, int]:
    """Every fixed point of a small Hebbian net ``W_hebb + k A`` (all 2^n states).

    Params: ``n`` (at most 24), ``patterns``, ``k``.

    Returns:
        ``fixed_points``; ``memories``: how many of the 2p states ``±xi^mu`` are fixed;
        ``spurious``: the other fixed points.

    Examples:
        >>> hebbian_fixed_points_trial({"n": 12, "patterns": 1, "k": 0.0},
        ...                            np.random.default_rng(0))
        {'fixed_points': 2, 'memories': 2, 'spurious': 0}
    """
    n = check_int("n", params["n"], "hebbian_fixed_points_trial", low=2, high=MAX_ENUMERATED)
    count = check_int("patterns", params["patterns"], "hebbian_fixed_points_trial", low=1)
    patterns = random_patterns(n, count, rng)
    weights = asymmetric_hebbian_weights(patterns, params["k"], rng.spawn(1)[0])
    states = fixed_point_states(weights).astype(np.int64)
    memories = int((np.abs(states @ patterns.T.astype(np.int64)) == n).any(axis=1).sum())
    return {"fixed_points": len(states), "memories": memories, "spurious": len(states) - memories}


def random_fixed_points_trial(params: dict[str, Any], rng: np.random.Generator) -> dict[str, int]:
    """The number of fixed points of one random net ``J^s + k J^as`` (all 2^n states).

    Params: ``n`` (at most 24), ``k`` (``math.inf``: antisymmetric).

    Examples:
        >>> random_fixed_points_trial({"n": 10, "k": float("inf")}, np.random.default_rng(0))
        {'fixed_points': 0}
    """
    check_int("n", params["n"], "random_fixed_points_trial", low=2, high=MAX_ENUMERATED)
    return {"fixed_points": count_fixed_points(random_couplings(params["n"], params["k"], rng))}


def random_convergence_trial(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Random starts on one random net ``J^s + k J^as``, asynchronous and synchronous.

    Params: ``n``, ``k``, ``starts`` (default 5), ``max_sweeps`` (default 100).

    Returns:
        One row per start: ``async_converged``, ``async_sweeps``, ``sync_period`` (0 =
        no repeat within the budget), ``sync_steps``.

    Examples:
        >>> out = random_convergence_trial({"n": 50, "k": 0.0}, np.random.default_rng(0))
        >>> bool(out["async_converged"].all()), set(out["sync_period"]) <= {1, 2}
        (True, True)
    """
    n = check_int("n", params["n"], "random_convergence_trial", low=2)
    max_sweeps = params.get("max_sweeps", 100)
    weights = random_couplings(n, params["k"], rng)
    asyn = asymmetric_model(weights, scheduler="async-sweep", rng=rng)
    sync = asymmetric_model(asyn.connectome, scheduler="sync", rng=rng)
    rows = []
    for _ in range(check_int("starts", params.get("starts", 5), "random_convergence_trial", low=1)):
        start = _random_state(n, rng)
        asyn.set_state(start)
        report = asyn.run_until_stable(max_sweeps=max_sweeps)
        period, steps = sync_period(sync, start, max_sweeps)
        rows.append(
            {
                "async_converged": report.converged,
                "async_sweeps": report.steps,
                "sync_period": period,
                "sync_steps": steps,
            }
        )
    return pd.DataFrame(rows)


def dilution_trial(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """Retrieval on a Hebbian net diluted to a fraction c of its synapses.

    Params: ``n``, ``c``, ``load`` (patterns per kept input synapse, ``p / (c n)``),
    ``symmetric`` (default False: each direction kept independently), ``noise`` (bits
    of pattern 0 flipped at the start, default 0.1), ``steps`` (synchronous steps,
    default 20), ``max_sweeps`` (asynchronous budget, default 100).

    Returns:
        ``patterns``, ``m0`` (the start's overlap), ``m_sync_1`` (after one synchronous
        step), ``m_sync`` (after ``steps``), ``sync_period`` (0 = none within
        ``steps``), ``m_async``, ``async_converged``, ``async_sweeps``.

    Examples:
        >>> out = dilution_trial({"n": 500, "c": 0.1, "load": 0.1}, np.random.default_rng(0))
        >>> out["m_sync"] > 0.95, out["m_async"] > 0.95
        (True, True)
    """
    n = check_int("n", params["n"], "dilution_trial", low=2)
    c = check_real("c", params["c"], "dilution_trial", low=0, high=1, low_open=True)
    load = check_real("load", params["load"], "dilution_trial", low=0, low_open=True)
    noise = check_real("noise", params.get("noise", 0.1), "dilution_trial", low=0, high=1)
    steps = check_int("steps", params.get("steps", 20), "dilution_trial", low=1)
    count = max(1, round(load * c * n))
    patterns = random_patterns(n, count, rng)
    weights = diluted_hebbian_weights(
        patterns, c, rng.spawn(1)[0], symmetric=params.get("symmetric", False)
    )
    start = corrupt(patterns[0], round(noise * n), rng)
    sync = asymmetric_model(Connectome.from_matrix(weights), scheduler="sync", patterns=patterns,
                            rng=rng)  # fmt: skip
    sync.set_state(start)
    sync.step()
    m1 = float(sync.overlaps()[0])
    period, _ = sync_period(sync, sync.state, steps - 1) if steps > 1 else (0, 0)
    # sync_period stops at the first repeat; finish the steps (a cycle repeats itself).
    sync.set_state(start)
    for _ in range(steps):
        sync.step()
    asyn = asymmetric_model(sync.connectome, scheduler="async-sweep", patterns=patterns, rng=rng)
    asyn.set_state(start)
    report = asyn.run_until_stable(max_sweeps=params.get("max_sweeps", 100))
    return {
        "patterns": count,
        "m0": float(patterns[0].astype(np.int64) @ start / n),
        "m_sync_1": m1,
        "m_sync": float(sync.overlaps()[0]),
        "sync_period": period,
        "m_async": float(asyn.overlaps()[0]),
        "async_converged": report.converged,
        "async_sweeps": report.steps,
    }
