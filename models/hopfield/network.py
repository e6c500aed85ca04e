"""Hopfield nets: ±1 neurons, symmetric weights, memories as fixed points.

As the lecture tells it: a node is *happy* if ``sum_j v_i v_j w_ij >= 0``; while an
unhappy node exists, flip it. Each flip lowers the energy ``E = -1/2 v.W.v`` (with a
symmetric, zero-diagonal W), so asynchronous dynamics always stop at a fixed point.
Hebbian storage (:mod:`~neuroagents.models.hopfield.learning_rules`) makes the
patterns such fixed points while there are fewer than about 0.138 n of them. If M is
stored, so is -M; so are the mixtures ``sgn(±M1 ±M2 ±M3)`` (:func:`mixture`).

Pieces:
    random_patterns, biased_patterns, grid_patterns: patterns to store.
    check_patterns: patterns as a checked (count, n) int8 array of ±1.
    corrupt: flip a number of bits of a pattern.
    mixture: the spurious mixture state ``sgn(s1 M1 + s2 M2 + s3 M3)``.
    overlap: ``m = M.v / n``.
    energy: ``-1/2 v.W.v``.
    RETRIEVED, CENSUS, classify_state: where a state is (a pattern, its reverse, a
        3-mixture, other).
    HopfieldModel: the net as a NeuralModel of Mesa agents.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Self

import networkx as nx
import numpy as np

from neuroagents.connectome import Connectome
from neuroagents.connectome.weight_update import asymmetry_of_update
from neuroagents.errors import ConnectomeError, ValidationError
from neuroagents.models.hopfield.params import HopfieldParams
from neuroagents.sim.model import NeuralModel, as_connectome
from neuroagents.validation import as_generator, check_int, check_memory, check_real

__all__ = [
    "CENSUS",
    "RETRIEVED",
    "HopfieldModel",
    "biased_patterns",
    "check_patterns",
    "classify_state",
    "corrupt",
    "energy",
    "grid_patterns",
    "mixture",
    "overlap",
    "random_patterns",
]

RETRIEVED = 0.9
"""A final overlap at least this large counts as retrieving the pattern."""

CENSUS = ("stored", "reversed", "3-mixture", "other")
"""Where a state can be, as :func:`classify_state` names it."""


# ---------------------------------------------------------------------- patterns
def random_patterns(n: int, count: int, rng: Any = None) -> np.ndarray:
    """``count`` independent uniformly random ±1 patterns of ``n`` bits, shape (count, n).

    Examples:
        >>> random_patterns(n=5, count=2, rng=0).shape
        (2, 5)
    """
    check_int("n", n, "random_patterns", low=1)
    check_int("count", count, "random_patterns", low=1)
    check_memory("random_patterns", 9.0 * n * count)  # float64 draws, then the int8 patterns
    gen = as_generator(rng, "random_patterns")
    return np.where(gen.random((count, n)) < 0.5, 1, -1).astype(np.int8)


def biased_patterns(n: int, count: int, bias: float, rng: Any = None) -> np.ndarray:
    """Correlated patterns: each bit is +1 with probability ``(1 + bias) / 2``.

    Two such patterns overlap by ``bias**2`` on average, which lowers capacity.
    """
    check_int("n", n, "biased_patterns", low=1)
    check_int("count", count, "biased_patterns", low=1)
    check_memory("biased_patterns", 9.0 * n * count)  # float64 draws, then the int8 patterns
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
    bad = (arr != 1) & (arr != -1)  # NaN is bad too; faster than np.isin
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


def mixture(patterns: np.ndarray, signs: Sequence[int] | None = None) -> np.ndarray:
    """The spurious mixture state ``sgn(s1 M1 + s2 M2 + ... )`` of an odd number of patterns.

    A 3-mixture overlaps each of its patterns by 1/2 on average (a pattern agrees
    with the majority of three at 3/4 of the bits), and is a fixed point of a net
    that stores the three while the load is small (Amit, Gutfreund & Sompolinsky 1985).

    Args:
        patterns: an odd number of ±1 patterns, shape (count, n).
        signs: one ±1 per pattern (default all +1).

    Examples:
        >>> P = np.array([[1, 1, -1, -1], [1, -1, 1, -1], [1, 1, 1, 1]])
        >>> mixture(P).tolist()
        [1, 1, 1, -1]
        >>> mixture(P, signs=[1, 1, -1]).tolist()
        [1, -1, -1, -1]
    """
    p = check_patterns(patterns)
    if p.shape[0] % 2 == 0:
        raise ValidationError(
            f"A mixture needs an odd number of patterns so that no bit ties. Got {p.shape[0]}."
        )
    s = np.ones(p.shape[0], dtype=np.int64) if signs is None else np.asarray(signs)
    if s.shape != (p.shape[0],) or not np.all(np.isin(s, (-1, 1))):
        raise ValidationError(
            f"The 'signs' of mixture must be one ±1 per pattern ({p.shape[0]}). Got {signs!r}."
        )
    return np.sign(s @ p.astype(np.int64)).astype(np.int8)


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


def classify_state(patterns: np.ndarray, state: np.ndarray) -> str:
    """Where a state is: ``"stored"``, ``"reversed"``, ``"3-mixture"`` or ``"other"``.

    Stored (reversed): overlap >= 0.9 (<= -0.9) with some pattern. 3-mixture: overlap
    >= 0.9 with ``sgn(s1 M1 + s2 M2 + s3 M3)`` built from the three patterns it
    overlaps most, with the signs of those overlaps.

    Examples:
        >>> P = random_patterns(n=300, count=5, rng=0)
        >>> classify_state(P, P[2]), classify_state(P, -P[4])
        ('stored', 'reversed')
        >>> classify_state(P, mixture(P[[0, 1, 3]], signs=[1, -1, 1]))
        '3-mixture'
    """
    m = overlap(patterns, state)
    if m.max() >= RETRIEVED:
        return "stored"
    if m.min() <= -RETRIEVED:
        return "reversed"
    if len(m) >= 3:
        top = np.argsort(-np.abs(m))[:3]
        mix = mixture(patterns[top], signs=np.where(m[top] >= 0, 1, -1))
        if overlap(mix, state)[0] >= RETRIEVED:
            return "3-mixture"
    return "other"


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
        connectome: a networkx graph (e.g.
            :func:`~neuroagents.models.hopfield.learning_rules.hebbian_graph`), a Connectome or a
            weight matrix. It must be symmetric with no self-loops.
        scheduler: ``"async-sweep"`` (default), ``"async-site"``, ``"fixed-order"``,
            ``"sync"`` or ``"poisson"``.
        engine: ``"compiled"`` or ``"agents"``.
        patterns: the stored patterns, for overlaps (default: ``graph["patterns"]``).
        temperature: 0 for the deterministic sign rule, > 0 for Glauber dynamics.
        allow_asymmetric: run on asymmetric weights anyway (with a warning; the energy
            then no longer guarantees convergence).
        rng: seed, SeedSequence or Generator.
        **kwargs: passed to :class:`~neuroagents.sim.model.NeuralModel` (``record_every``,
            ``agent_reporters``…).

    The recorder's table has columns ``time``, ``flips``, ``energy``, ``overlap``
    (with the best-matching stored pattern, signed) and ``pattern`` (its index).

    Examples:
        >>> from neuroagents.models.hopfield import hebbian_graph
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
        self.allow_asymmetric = bool(allow_asymmetric)
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

    @classmethod
    def from_params(cls, params: HopfieldParams, *, rng: Any = None, **kwargs: Any) -> Self:
        """The net the parameters describe: Hebbian storage, started near pattern 0.

        ``params.patterns`` random patterns stored by Hebb's rule on the complete graph
        of ``params.n`` neurons, started from pattern 0 with ``params.flips`` bits
        flipped. Patterns, start and update order all come from ``rng``.

        Args:
            params: the :class:`~neuroagents.models.hopfield.params.HopfieldParams`.
            rng: seed, SeedSequence or Generator; one seed gives one net and trajectory.
            **kwargs: passed to :class:`HopfieldModel` (``record_every`` …).

        Examples:
            >>> from neuroagents.models.hopfield.params import HopfieldParams
            >>> m = HopfieldModel.from_params(HopfieldParams(n=100, patterns=3), rng=0)
            >>> m.run_until_stable(max_sweeps=20).converged, float(m.overlaps(m.patterns)[0])
            (True, 1.0)
        """
        from neuroagents.models.hopfield.learning_rules import hebbian_weights

        patterns_rng, start_rng, model_rng = as_generator(rng, "HopfieldModel").spawn(3)
        patterns = random_patterns(params.n, params.patterns, rng=patterns_rng)
        model = cls(
            hebbian_weights(patterns),
            scheduler=params.scheduler,
            engine=params.engine,
            patterns=patterns,
            temperature=params.temperature,
            rng=model_rng,
            **kwargs,
        )
        model.params = params
        model.set_state(corrupt(patterns[0], flips=params.flips, rng=start_rng))
        return model

    def update_weights(
        self,
        weights: Any = None,
        *,
        delta: Any = None,
        edges: Any = None,
        rebuild: bool = False,
    ) -> None:
        """Change weights as :meth:`NeuralModel.update_weights`, keeping them symmetric.

        Raises:
            ConnectomeError: an update that would make W asymmetric or add a self-loop
                (refused as the constructor refuses it, unless the model was built with
                ``allow_asymmetric=True``), or anything the base method refuses.
        """
        if not self.allow_asymmetric:
            problem = asymmetry_of_update(self.connectome, weights, delta=delta, edges=edges)
            if problem:
                raise ConnectomeError(
                    f"HopfieldModel.update_weights needs symmetric weights without "
                    f"self-loops, but {problem}. Change both W[i, j] and W[j, i], or build "
                    "the model with allow_asymmetric=True."
                )
        super().update_weights(weights, delta=delta, edges=edges, rebuild=rebuild)

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
            # Checked once, at construction: recorders call this every step.
            return self.patterns @ self.arrays.state / self.n
        return overlap(check_patterns(patterns, self.n), self.state)

    def unhappy(self) -> np.ndarray:
        """Indices of the unhappy neurons (those a flip would help)."""
        return np.flatnonzero(~self.happy())
