"""Hopfield nets: ±1 neurons, symmetric weights, memories as fixed points.

As the lecture tells it: a node is *happy* if ``sum_j v_i v_j w_ij >= 0``; while an
unhappy node exists, flip it. Each flip lowers the energy ``E = -1/2 v.W.v`` (with a
symmetric, zero-diagonal W), so asynchronous dynamics always stop at a fixed point.
Hebbian storage ``w_ab = sum_k M_k^a M_k^b / n`` makes the patterns M_k such fixed
points while there are fewer than about 0.138 n of them.

Pieces:
    random_patterns, biased_patterns, grid_patterns: patterns to store.
    hebbian_weights, hebbian_graph: Hebbian storage as a matrix or a networkx graph.
    corrupt: flip a number of bits of a pattern.
    overlap: ``m = M.v / n``.
    energy: ``-1/2 v.W.v``.
    HopfieldModel: the net as a NeuralModel of Mesa agents.
    EXPERIMENTS: what ``neuroagents run`` can run with this model.
"""

from __future__ import annotations

from typing import Any, ClassVar

import networkx as nx
import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from neuroagents.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.experiment import Experiment, ExperimentResult, Param
from neuroagents.model import NeuralModel, as_connectome
from neuroagents.plots import new_figure, show_pattern
from neuroagents.validation import as_generator, check_int, check_real

__all__ = [
    "EXPERIMENTS",
    "HopfieldModel",
    "biased_patterns",
    "check_patterns",
    "corrupt",
    "energy",
    "grid_patterns",
    "hebbian_graph",
    "hebbian_weights",
    "overlap",
    "random_patterns",
    "retrieval_trial",
]


# ---------------------------------------------------------------------- patterns
def random_patterns(n: int, count: int, rng: Any = None) -> np.ndarray:
    """``count`` independent uniformly random ±1 patterns of ``n`` bits, shape (count, n).

    Examples:
        >>> random_patterns(n=5, count=2, rng=0).shape
        (2, 5)
    """
    check_int("n", n, "random_patterns", low=1)
    check_int("count", count, "random_patterns", low=1)
    gen = as_generator(rng, "random_patterns")
    return np.where(gen.random((count, n)) < 0.5, 1, -1).astype(np.int8)


def biased_patterns(n: int, count: int, bias: float, rng: Any = None) -> np.ndarray:
    """Correlated patterns: each bit is +1 with probability ``(1 + bias) / 2``.

    Two such patterns overlap by ``bias**2`` on average, which lowers capacity.
    """
    check_int("n", n, "biased_patterns", low=1)
    check_int("count", count, "biased_patterns", low=1)
    check_real("bias", bias, "biased_patterns", low=-1, high=1)
    gen = as_generator(rng, "biased_patterns")
    return np.where(gen.random((count, n)) < (1 + bias) / 2, 1, -1).astype(np.int8)


def grid_patterns(side: int) -> np.ndarray:
    """Structured images on a ``side x side`` grid: stripes, a checkerboard, a cross, a ring.

    Returns:
        int8 array of shape (5, side * side); reshape a row to (side, side) to view it.
    """
    check_int("side", side, "grid_patterns", low=2)
    y, x = np.mgrid[0:side, 0:side]
    c = (side - 1) / 2
    images = [
        (y < side // 2),
        (x < side // 2),
        ((x + y) % 2 == 0),
        (np.abs(x - c) < side / 6) | (np.abs(y - c) < side / 6),
        np.abs(np.hypot(x - c, y - c) - side / 3) < side / 8,
    ]
    return np.array([np.where(im, 1, -1).ravel() for im in images], dtype=np.int8)


def check_patterns(patterns: Any, n: int | None = None, name: str = "patterns") -> np.ndarray:
    """Return ``patterns`` as a 2-D int8 array after checking values (±1) and length.

    Raises:
        ValidationError: a pattern of the wrong length, or a value other than ±1.
    """
    arr = np.asarray(patterns)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise ValidationError(
            f"The '{name}' must be a (count, n) array of ±1. Got shape {np.shape(patterns)}."
        )
    if n is not None and arr.shape[1] != n:
        raise ValidationError(
            f"Each of the '{name}' must have one bit per neuron ({n}). Got length {arr.shape[1]}."
        )
    bad = ~np.isin(arr, (-1, 1))
    if bad.any():
        k, i = (int(v) for v in np.argwhere(bad)[0])
        raise ValidationError(
            f"The '{name}' must hold only -1 and +1. "
            f"Pattern {k} has {arr[k, i].item()!r} at bit {i}."
        )
    return arr.astype(np.int8)


def corrupt(pattern: np.ndarray, flips: int, rng: Any = None) -> np.ndarray:
    """Flip ``flips`` distinct, uniformly chosen bits of a ±1 pattern.

    Examples:
        >>> p = np.ones(10, dtype=np.int8)
        >>> int((corrupt(p, flips=3, rng=0) == -1).sum())
        3
    """
    arr = check_patterns(pattern, name="pattern")[0]
    check_int("flips", flips, "corrupt", low=0, high=arr.size)
    gen = as_generator(rng, "corrupt")
    out = arr.copy()
    idx = gen.choice(arr.size, size=flips, replace=False)
    out[idx] *= -1
    return out


# ---------------------------------------------------------------------- storage
def hebbian_weights(patterns: np.ndarray) -> np.ndarray:
    """Hebb's rule: ``w_ab = sum_k M_k^a M_k^b / n``, with a zero diagonal.

    Examples:
        >>> W = hebbian_weights(np.array([[1, -1, 1]]))
        >>> W.tolist()
        [[0.0, -0.3333333333333333, 0.3333333333333333], [-0.3333333333333333, 0.0, -0.3333333333333333], [0.3333333333333333, -0.3333333333333333, 0.0]]
    """  # noqa: E501
    p = check_patterns(patterns).astype(np.float64)
    n = p.shape[1]
    w = p.T @ p / n
    np.fill_diagonal(w, 0.0)
    return w


def hebbian_graph(patterns: np.ndarray) -> nx.Graph:
    """The Hebbian net as a complete networkx Graph with ``weight`` on every edge.

    The patterns are kept in ``G.graph["patterns"]`` so that a model built on the
    graph can report overlaps. For n in the thousands use
    ``Connectome.from_matrix(hebbian_weights(P))``: a complete graph of 5000 nodes has
    12.5M edges, too many for networkx.
    """
    p = check_patterns(patterns)
    w = hebbian_weights(p)
    graph = nx.from_numpy_array(w)
    graph.graph["patterns"] = p
    return graph


# ---------------------------------------------------------------------- measures
def overlap(patterns: np.ndarray, state: np.ndarray) -> np.ndarray:
    """Overlap ``m_k = M_k . v / n`` of a state with each pattern (1 = identical, -1 = reversed)."""
    p = check_patterns(patterns)
    v = np.asarray(state, dtype=np.float64)
    return p.astype(np.float64) @ v / v.size


def energy(weights: np.ndarray, state: np.ndarray) -> float:
    """Hopfield energy ``E = -1/2 v.W.v``, computed from scratch."""
    v = np.asarray(state, dtype=np.float64)
    return float(-0.5 * v @ (np.asarray(weights, dtype=np.float64) @ v))


# ---------------------------------------------------------------------- model
def _best_overlap(model: HopfieldModel) -> float:
    if model.patterns is None:
        return float("nan")
    m = model.overlaps()
    return float(m[np.argmax(np.abs(m))])


def _best_pattern(model: HopfieldModel) -> int:
    if model.patterns is None:
        return -1
    return int(np.argmax(np.abs(model.overlaps())))


class HopfieldModel(NeuralModel):
    """A Hopfield net: ±1 neurons (Mesa agents) under the sign rule on symmetric weights.

    Args:
        connectome: a networkx graph (e.g. :func:`hebbian_graph`), a Connectome or a
            weight matrix. It must be symmetric with no self-loops.
        scheduler: ``"async-sweep"`` (default), ``"async-site"``, ``"fixed-order"``,
            ``"sync"`` or ``"poisson"``.
        engine: ``"compiled"`` or ``"agents"``.
        patterns: the stored patterns, for overlaps (default: ``graph["patterns"]``).
        temperature: 0 for the deterministic sign rule, > 0 for Glauber dynamics.
        allow_asymmetric: run on asymmetric weights anyway (with a warning; the energy
            then no longer guarantees convergence).
        rng: seed, SeedSequence or Generator.
        **kwargs: passed to :class:`~neuroagents.model.NeuralModel` (``record_every``,
            ``agent_reporters``…).

    The recorder's table has columns ``time``, ``flips``, ``energy``, ``overlap``
    (with the best-matching stored pattern, signed) and ``pattern`` (its index).

    Examples:
        >>> P = random_patterns(n=200, count=10, rng=0)
        >>> m = HopfieldModel(hebbian_graph(P), rng=0)
        >>> m.set_state(corrupt(P[3], flips=30, rng=1))
        >>> m.run_until_stable(max_sweeps=50).converged
        True
        >>> round(float(m.overlaps(P)[3]), 2)
        1.0
        >>> list(m.datacollector.get_model_vars_dataframe().columns)
        ['time', 'flips', 'energy', 'overlap', 'pattern']
    """

    default_model_reporters: ClassVar[dict[str, Any]] = {
        "energy": NeuralModel.energy,
        "overlap": _best_overlap,
        "pattern": _best_pattern,
    }

    def __init__(
        self,
        connectome: Connectome | nx.Graph | np.ndarray,
        *,
        scheduler: str = "async-sweep",
        engine: str = "compiled",
        patterns: np.ndarray | None = None,
        temperature: float = 0.0,
        allow_asymmetric: bool = False,
        rng: Any = None,
        **kwargs: Any,
    ) -> None:
        c = as_connectome(connectome)
        c.check_no_self_loops("HopfieldModel")
        c.check_symmetric("HopfieldModel", allow_asymmetric=allow_asymmetric)
        if patterns is None:
            patterns = c.graph_attrs.get("patterns")
        self.patterns = None if patterns is None else check_patterns(patterns, c.n_nodes)
        check_real("temperature", temperature, "HopfieldModel", low=0)
        rule = "sign" if temperature == 0 else "glauber"
        super().__init__(
            c,
            rule=rule,
            temperature=temperature or None,
            scheduler=scheduler,
            engine=engine,
            rng=rng,
            **kwargs,
        )

    def set_state(self, state: np.ndarray) -> None:
        """Set all neurons (a ±1 vector of length n)."""
        super().set_state(check_patterns(state, self.n, name="state")[0])

    def overlaps(self, patterns: np.ndarray | None = None) -> np.ndarray:
        """Overlap of the current state with each pattern (default: the stored ones)."""
        if patterns is None:
            if self.patterns is None:
                raise ValidationError(
                    "HopfieldModel.overlaps needs patterns: pass them, or build the model "
                    "with patterns=… (hebbian_graph keeps them for you)."
                )
            patterns = self.patterns
        return overlap(check_patterns(patterns, self.n), self._state)

    def unhappy(self) -> np.ndarray:
        """Indices of the unhappy neurons (those a flip would help)."""
        return np.flatnonzero(~self.happy())


# ---------------------------------------------------------------------- sweeps
def retrieval_trial(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """One retrieval trial, for sweeps over load and noise.

    Stores ``round(alpha * n)`` random patterns, starts from pattern 0 with a fraction
    ``noise`` of its bits flipped, and runs until stable. For :func:`neuroagents.sweep`.
    Params: ``n``, ``alpha``, ``noise`` (default 0.1), ``scheduler`` (default
    ``"async-sweep"``), ``max_sweeps`` (default 100).

    Returns:
        ``patterns``, ``overlap`` (final, with pattern 0), ``sweeps``, ``converged``,
        ``cycle_length``, ``energy``.

    Examples:
        >>> out = retrieval_trial({"n": 200, "alpha": 0.05}, np.random.default_rng(0))
        >>> out["overlap"], out["converged"]
        (1.0, True)
    """
    n = check_int("n", params["n"], "retrieval_trial", low=2)
    alpha = check_real("alpha", params["alpha"], "retrieval_trial", low=0, low_open=True)
    noise = check_real("noise", params.get("noise", 0.1), "retrieval_trial", low=0, high=1)
    count = max(1, round(alpha * n))
    patterns = random_patterns(n, count, rng)
    model = HopfieldModel(
        Connectome.from_matrix(hebbian_weights(patterns)),
        scheduler=params.get("scheduler", "async-sweep"),
        patterns=patterns,
        rng=rng,
        record_every=None,
    )
    model.set_state(corrupt(patterns[0], round(noise * n), rng))
    report = model.run_until_stable(max_sweeps=params.get("max_sweeps", 100))
    return {
        "patterns": count,
        "overlap": float(model.overlaps()[0]),
        "sweeps": report.steps,
        "converged": report.converged,
        "cycle_length": report.cycle_length,
        "energy": model.energy(),
    }


# ---------------------------------------------------------------------- experiments
def retrieval_experiment(params: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Store random patterns, corrupt each, let the net settle, and measure retrieval.

    The table has one row per stored pattern: bits flipped, sweeps to a fixed point
    (or a 2-cycle), overlap before and after, energy before and after. Pattern 0's
    run is also recorded step by step and drawn.
    """
    n, count, flips = params["n"], params["patterns"], params["flips"]
    if flips > n:
        raise ValidationError(f"params.flips must be <= params.n ({n}). Got {flips}.")
    patterns = random_patterns(n, count, rng)
    weights = hebbian_weights(patterns)
    connectome = Connectome.from_matrix(weights, patterns=patterns)
    rows, trajectory, shown = [], None, None
    for k in tqdm(range(count), desc="retrieving patterns", disable=count < 50, leave=False):
        model = HopfieldModel(
            connectome,
            scheduler=params["scheduler"],
            engine=params["engine"],
            rng=rng.spawn(1)[0],
            record_every=1 if k == 0 else None,
        )
        start = corrupt(patterns[k], flips, rng)
        model.set_state(start)
        e0, m0 = model.energy(), float(model.overlaps()[k])
        report = model.run_until_stable(max_sweeps=params["max_sweeps"])
        rows.append(
            {
                "pattern": k,
                "n": n,
                "alpha": count / n,
                "flips": flips,
                "sweeps": report.steps,
                "converged": report.converged,
                "cycle_length": report.cycle_length,
                "overlap_start": m0,
                "overlap_end": float(model.overlaps()[k]),
                "energy_start": e0,
                "energy_end": model.energy(),
            }
        )
        if k == 0:
            trajectory = model.datacollector.get_model_vars_dataframe()
            shown = (patterns[0], start, model.state.copy(), report)
    table = pd.DataFrame(rows)
    return ExperimentResult(
        table=table,
        summary=_retrieval_summary(table, params, shown[3]),
        figures={"retrieval": _retrieval_figure(shown, trajectory)},
        tables={"trajectory": trajectory},
    )


def _retrieval_summary(table: pd.DataFrame, params: dict[str, Any], first: Any) -> str:
    n, count = params["n"], params["patterns"]
    retrieved = int((table["overlap_end"] >= 0.99).sum())
    first_row = table.iloc[0]
    lines = [
        f"Hopfield net: {n} neurons, {count} random patterns stored by Hebb's rule "
        f"(alpha = p/n = {count / n:.3f}; capacity ~ 0.138).",
        f"Each pattern started with {params['flips']} of {n} bits flipped "
        f"(overlap {1 - 2 * params['flips'] / n:.2f}); {params['scheduler']} updates, "
        f"{params['engine']} engine.",
        f"Pattern 0: {first}; overlap {first_row.overlap_start:.3f} -> "
        f"{first_row.overlap_end:.3f}, energy {first_row.energy_start:.1f} -> "
        f"{first_row.energy_end:.1f}.",
        f"Retrieved (final overlap >= 0.99): {retrieved}/{count} patterns; mean final "
        f"overlap {table['overlap_end'].mean():.3f}; median sweeps "
        f"{table['sweeps'].median():g}.",
    ]
    cycles = int((table["cycle_length"] == 2).sum())
    if cycles:
        lines.append(f"{cycles} run(s) ended in a synchronous 2-cycle instead of a fixed point.")
    return "\n".join(lines)


def _retrieval_figure(shown: Any, trajectory: pd.DataFrame) -> Any:
    target, start, end, report = shown
    fig, axes = new_figure(2, 3, size=(9.0, 6.0))
    show_pattern(axes[0, 0], target, "stored pattern 0")
    show_pattern(axes[0, 1], start, f"corrupted (m = {overlap(target, start)[0]:.2f})")
    after = f"after {report.steps} sweeps (m = {overlap(target, end)[0]:.2f})"
    show_pattern(axes[0, 2], end, after)
    ax = axes[1, 0]
    ax.plot(trajectory["time"], trajectory["energy"], marker="o")
    ax.set_xlabel("sweep")
    ax.set_ylabel("energy  -1/2 v.W.v")
    ax.set_title("energy never increases", fontsize=10)
    ax = axes[1, 1]
    ax.plot(trajectory["time"], trajectory["overlap"], marker="o", color="C2")
    ax.set_xlabel("sweep")
    ax.set_ylabel("overlap with best pattern")
    ax.set_ylim(-1.05, 1.05)
    ax = axes[1, 2]
    ax.bar(trajectory["time"], trajectory["flips"], color="C3")
    ax.set_xlabel("sweep")
    ax.set_ylabel("neurons flipped")
    return fig


EXPERIMENTS = {
    "retrieval": Experiment(
        name="retrieval",
        description="store random patterns, corrupt them, retrieve by async dynamics",
        params={
            "n": Param(400, "number of neurons", low=2),
            "patterns": Param(20, "number of stored random patterns", low=1),
            "flips": Param(60, "bits flipped in each starting state", low=0),
            "scheduler": Param(
                "async-sweep",
                "update order",
                choices=("async-sweep", "async-site", "fixed-order", "sync", "poisson"),
            ),
            "engine": Param("compiled", "compiled or agents", choices=("compiled", "agents")),
            "max_sweeps": Param(50, "sweep budget per retrieval", low=1),
        },
        run=retrieval_experiment,
        quick={"n": 100, "patterns": 5, "flips": 10},
    )
}
