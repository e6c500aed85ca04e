"""Hopfield nets: ±1 neurons, symmetric weights, memories as fixed points.

As the lecture tells it: a node is *happy* if ``sum_j v_i v_j w_ij >= 0``; while an
unhappy node exists, flip it. Each flip lowers the energy ``E = -1/2 v.W.v`` (with a
symmetric, zero-diagonal W), so asynchronous dynamics always stop at a fixed point.
Hebbian storage ``w_ab = sum_k M_k^a M_k^b / n`` makes the patterns M_k such fixed
points while there are fewer than about 0.138 n of them.

The lecture's claims, each with the theory it is measured against (the experiments
live in :mod:`neuroagents.models.hopfield_experiments`):

- 0.138 n random patterns can be stored, with a per-bit error below 0.4%: the
  signal-to-noise error ``1/2 erfc(1 / sqrt(2 alpha))`` (:func:`one_step_error`) and the
  Amit-Gutfreund-Sompolinsky retrieval overlap (:func:`ags_overlap`).
- If M is stored, so is -M; so are the mixtures ``sgn(±M1 ±M2 ±M3)`` (:func:`mixture`).
- Learning rules that do better than Hebb's: the pseudo-inverse (projection) rule and
  Storkey's rule.

Pieces:
    random_patterns, biased_patterns, grid_patterns: patterns to store.
    hebbian_weights, hebbian_graph: Hebbian storage as a matrix or a networkx graph.
    pseudo_inverse_weights, storkey_weights: two rules that store more than Hebb's.
    LEARNING_RULES: rule name -> weight function.
    corrupt: flip a number of bits of a pattern.
    mixture: the spurious mixture state ``sgn(s1 M1 + s2 M2 + s3 M3)``.
    overlap: ``m = M.v / n``.
    energy: ``-1/2 v.W.v``.
    one_step_error, ags_overlap, ags_capacity: what theory says the net does.
    HopfieldModel: the net as a NeuralModel of Mesa agents.
    EXPERIMENTS: what ``neuroagents run`` can run with this model.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import networkx as nx
import numpy as np
import pandas as pd
from scipy import linalg, optimize, special
from tqdm.auto import tqdm

from neuroagents.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.experiment import Experiment, ExperimentResult, Param
from neuroagents.model import NeuralModel, as_connectome
from neuroagents.plots import new_figure, show_pattern
from neuroagents.validation import as_generator, check_int, check_real

__all__ = [
    "EXPERIMENTS",
    "LEARNING_RULES",
    "HopfieldModel",
    "ags_capacity",
    "ags_overlap",
    "biased_patterns",
    "check_patterns",
    "corrupt",
    "energy",
    "grid_patterns",
    "hebbian_graph",
    "hebbian_weights",
    "mixture",
    "one_step_error",
    "overlap",
    "pseudo_inverse_weights",
    "random_patterns",
    "retrieval_trial",
    "storkey_weights",
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


# ---------------------------------------------------------------------- storage
def hebbian_weights(
    patterns: np.ndarray, *, normalize: bool = True, dtype: Any = np.float64
) -> np.ndarray:
    """Hebb's rule: ``w_ab = sum_k M_k^a M_k^b / n``, with a zero diagonal.

    Args:
        patterns: (count, n) array of ±1.
        normalize: divide by n (the default). Without it the weights are the lecture's
            literal ``sum_k M_k^a M_k^b``: whole numbers, so every input is an exact
            integer and ties (input exactly 0) are exact too. The sign rule does the
            same either way; only energies scale by n.
        dtype: ``np.float64`` (default) or ``np.float32``; float32 halves the time of
            the matrix product for large nets and is exact for the integer sums (the
            connectome stores float32 weights anyway).

    Examples:
        >>> W = hebbian_weights(np.array([[1, -1, 1]]))
        >>> W.tolist()
        [[0.0, -0.3333333333333333, 0.3333333333333333], [-0.3333333333333333, 0.0, -0.3333333333333333], [0.3333333333333333, -0.3333333333333333, 0.0]]
        >>> hebbian_weights(np.array([[1, -1, 1], [1, 1, 1]]), normalize=False).tolist()
        [[0.0, 0.0, 2.0], [0.0, 0.0, 0.0], [2.0, 0.0, 0.0]]
    """  # noqa: E501
    p = check_patterns(patterns)
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValidationError(
            f"The 'dtype' parameter of hebbian_weights must be float32 or float64. Got {dtype}."
        )
    n = p.shape[1]
    x = p.astype(dtype)
    # Sums of ±1 products are whole numbers, exact in either float type, so W is
    # exactly symmetric whatever order BLAS adds them in.
    w = x.T @ x
    if normalize:
        w /= dtype.type(n)
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


def pseudo_inverse_weights(patterns: np.ndarray) -> np.ndarray:
    """The pseudo-inverse (projection) rule: W projects onto the span of the patterns.

    ``W = X (X^T X)^-1 X^T`` with the patterns as the columns of X, then the diagonal
    is set to 0. Since ``W M = M`` before that, the input to neuron i at a stored
    pattern is ``M^i (1 - W_ii)`` with ``W_ii ~ p/n < 1``: every stored pattern is a
    fixed point, correlated or not, for any p < n (Kanter & Sompolinsky 1987).
    The rule is not local: each weight depends on all the patterns.

    Examples:
        >>> P = random_patterns(n=40, count=30, rng=0)  # alpha = 0.75
        >>> W = pseudo_inverse_weights(P)
        >>> bool(np.all(P * (P @ W) > 0))  # every bit of every pattern is happy
        True
    """
    p = check_patterns(patterns).astype(np.float64)
    # Orthonormal basis of the span by QR: better conditioned than inverting X^T X.
    q, _ = np.linalg.qr(p.T)
    w = q @ q.T
    w = (w + w.T) / 2  # exactly symmetric, whatever rounding did
    np.fill_diagonal(w, 0.0)
    return w


def storkey_weights(patterns: np.ndarray) -> np.ndarray:
    """Storkey's rule (1997): Hebb's rule minus what the current weights already predict.

    Patterns are learned one at a time. For pattern M, with local fields
    ``h_ij = sum_{k != i, j} w_ik M^k``,

        ``w_ij <- w_ij + (M^i M^j - M^i h_ji - h_ij M^j) / n``   (i != j; w_ii = 0).

    Like Hebb's rule it is local and incremental; unlike it, it subtracts the
    crosstalk of earlier patterns, which raises the capacity (Storkey reports an
    absolute capacity of ``n / sqrt(2 ln n)`` against Hebb's ``n / (2 ln n)``).

    Notes:
        With a zero diagonal the update reads ``W <- (1 + 2/n) W + (M g^T + g M^T) / n``
        with ``g = M/2 - W M``, a symmetric rank-2 update (BLAS ``syr2``): O(n^2) per
        pattern. ``W`` is kept as a scale times a triangle so that the ``(1 + 2/n)``
        costs nothing.

    Examples:
        >>> P = random_patterns(n=60, count=3, rng=0)
        >>> W = storkey_weights(P)
        >>> bool(np.array_equal(W, W.T)), float(np.abs(np.diag(W)).max())
        (True, 0.0)
        >>> bool(np.all(P * (P @ W) > 0))
        True
    """
    p = check_patterns(patterns).astype(np.float64)
    n = p.shape[1]
    upper = np.zeros((n, n), order="F")  # W = scale * upper (upper triangle only)
    scale = 1.0
    diagonal = np.arange(n)
    for m in p:
        h = scale * linalg.blas.dsymv(1.0, upper, m)
        g = m / 2 - h
        scale *= 1 + 2 / n
        upper = linalg.blas.dsyr2(1 / (n * scale), m, g, a=upper, overwrite_a=1)
        upper[diagonal, diagonal] = 0.0
    w = np.triu(upper, 1) * scale
    return w + w.T


LEARNING_RULES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "hebb": hebbian_weights,
    "pseudo-inverse": pseudo_inverse_weights,
    "storkey": storkey_weights,
}
"""Weight functions by name, for experiments that compare the rules."""


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


# ---------------------------------------------------------------------- theory
def one_step_error(alpha: float | np.ndarray) -> float | np.ndarray:
    """Probability that a bit of a stored pattern is unhappy: ``1/2 erfc(1 / sqrt(2 alpha))``.

    At a stored pattern M the input to neuron i is ``M^i`` (the signal) plus the
    crosstalk of the other patterns, a sum of about ``p n`` random ±1/n terms:
    Gaussian with variance ``alpha = p/n``. The bit is unhappy when the crosstalk
    outweighs the signal, which happens with probability ``P(N(0, alpha) > 1)``.
    This is the lecture's "0.138 n patterns, erroneous retrieval < 0.4%"
    (Hertz, Krogh & Palmer 1991, section 2.2).

    Examples:
        >>> round(float(one_step_error(0.138)), 4)
        0.0036
    """
    a = np.asarray(alpha, dtype=np.float64)
    out = 0.5 * special.erfc(1 / np.sqrt(2 * a))
    return float(out) if out.ndim == 0 else out


def _ags_gap(y: float) -> float:
    # sqrt(2 alpha) as a function of y = m / sqrt(2 alpha r) on the retrieval branch.
    return special.erf(y) / y - 2 / math.sqrt(math.pi) * math.exp(-y * y)


@functools.cache
def ags_capacity() -> tuple[float, float]:
    """Critical load and overlap of Amit-Gutfreund-Sompolinsky theory: ``(0.1379, 0.9674)``.

    Above ``alpha_c`` the retrieval states cease to exist (replica-symmetric theory at
    zero temperature, Amit, Gutfreund & Sompolinsky 1987); just below it the
    retrieval state still overlaps the stored pattern by ``m_c``.

    Examples:
        >>> tuple(round(x, 4) for x in ags_capacity())
        (0.1379, 0.9674)
    """
    best = optimize.minimize_scalar(
        lambda y: -_ags_gap(y), bounds=(0.5, 3.0), method="bounded", options={"xatol": 1e-12}
    )
    return float(_ags_gap(best.x) ** 2 / 2), float(special.erf(best.x))


def ags_overlap(alpha: float | Sequence[float] | np.ndarray) -> float | np.ndarray:
    """Overlap of the retrieval state with its pattern, by AGS theory (NaN above alpha_c).

    At zero temperature the retrieval state has ``m = erf(y)``, where y solves
    ``sqrt(2 alpha) = erf(y) / y - (2 / sqrt(pi)) exp(-y^2)`` (the largest root;
    Amit, Gutfreund & Sompolinsky 1987). The right side has a maximum, which sets
    ``alpha_c ~ 0.138``.

    Examples:
        >>> round(float(ags_overlap(0.1)), 4), bool(np.isnan(ags_overlap(0.2)))
        (0.998, True)
    """
    alpha_c, _ = ags_capacity()
    y_c = special.erfinv(ags_capacity()[1])
    a = np.atleast_1d(np.asarray(alpha, dtype=np.float64))
    out = np.full(a.shape, np.nan)
    for k, value in enumerate(a):
        if value <= 0:
            out[k] = 1.0
        elif value <= alpha_c:
            target = math.sqrt(2 * value)
            # The gap falls like 1/y, so the root lies below 2 / sqrt(2 alpha) + 10.
            top = 2 / target + 10
            y = optimize.brentq(lambda t, c=target: _ags_gap(t) - c, y_c, top, xtol=1e-14)
            out[k] = special.erf(y)
    return float(out[0]) if np.ndim(alpha) == 0 else out


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
            # Checked once, at construction: recorders call this every step.
            return self.patterns @ self.arrays.state / self.n
        return overlap(check_patterns(patterns, self.n), self.arrays.state)

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
