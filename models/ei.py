"""E–I balanced populations: binary E and I neurons on G(n, p), and the lecture's mean field.

As the lecture tells it: excitatory (E) and inhibitory (I) binary neurons sit on a
random directed graph G(n, p). Each neuron updates at rate 1/τ of its population (an
exponential clock, event-driven): it becomes active (1) if its input exceeds its
population's threshold, else silent (0). The active fractions E(t) and I(t) follow,
for large n, the mean-field ODE

    τ_E dE/dt = GT(T_E, np(E − I), np(1−p)(E + I)) − E
    τ_I dI/dt = GT(T_I, npI, np(1−p)I) − I

where GT(T, m, var) = P[N(m, var) > T] is the Gaussian tail above T. "If τ_E is
sufficiently larger than τ_I, an E–I balance will be reached after a few up and down
oscillations."

**The two presets.** The story told beside the equations is "input drives E cells, E
cells drive I cells, I cells inhibit E, then E and I settle": I is driven by E. The
printed I equation has I driven by I. Both are offered (each possible synapse present
with probability p; every weight ±1):

- ``"lecture"`` (as printed): E receives from E (+1) and I (−1); I receives from I (+1)
  only. I then never feels E: I(t) evolves on its own, and with i0 = 0 it stays 0
  forever, so nothing opposes E, which runs away to 1 (or dies out) whatever τ_E/τ_I.
- ``"e-drives-i"`` (the story, the default): E receives from E (+1) and I (−1); I
  receives from E (+1) only. This is the E–I loop in which a fast I can catch a
  rising E and the two settle into balance.

Any other wiring is an explicit 2×2 table (:meth:`Connectivity.table`).

**The general mean field.** With n_b neurons in population b, a fraction r_b of them
active, connection probability p_ab and weight J_ab from b to a, the input to a neuron
of a is a sum of independent Binomial counts times weights, plus its drive d_a:

    m_a   = d_a + Σ_b n_b p_ab J_ab r_b,      var_a = Σ_b n_b p_ab (1 − p_ab) J_ab² r_b
    τ_a dr_a/dt = GT(T_a, m_a, var_a) − r_a

(n_b − 1 for b = a: no self-loops; with n_E = n_I = n and the two presets this is the
lecture's system). Fixed points solve r = GT(…); their stability comes from the
eigenvalues of the Jacobian ``(∂GT_a/∂r_b − δ_ab) / τ_a``, and the fixed points do not
depend on τ, only their stability does. With ``"e-drives-i"`` the trace vanishes at
τ_E/τ_I = ∂GT_E/∂E − 1 (a Hopf bifurcation when the determinant is positive there).

**Continuity correction.** With integer weights and an integer-spaced drive the
synaptic input X is an integer, and "strictly greater than T" means X ≥ ⌊T − d⌋ + 1.
The Gaussian approximation of a lattice variable is then best taken half-way between
the two lattice points: GT uses the effective threshold d + ⌊T − d⌋ + 1/2 (for weights
on a lattice of spacing g: d + g(⌊(T − d)/g⌋ + 1/2)). It is on by default whenever the
weights are integers (``continuity=None``); ``continuity=False`` gives the lecture's
GT(T, …) as printed. Evidence (README and the ``agreement`` experiment): at the
lecture's example (n_E = 8000, n_I = 2000, p = 0.05, T_E = 20, T_I = 30), three agent
runs of 2800 time units each average E = 0.0630 (0.0628–0.0631); the corrected fixed
point is E* = 0.0631, the uncorrected one 0.0620. Over whole time courses the RMS of
(agents − ODE) / σ_finite-size for E drops from 1.3–1.8 to about 0.9 with the correction.

Pieces:
    PRESETS, Connectivity: who synapses onto whom, with which probability and weight.
    EIParams: the parameters the agents and the mean field share, validated once.
    EIModel: the agents (a NeuralModel on a directed G(n, p) with Poisson clocks).
    gaussian_tail: GT(T, m, var).
    MeanField: the ODE: drift, solve, Jacobian, fixed points, nullclines, Hopf point.
    mean_field: solve the ODE with EIModel's parameters; a DataFrame time, E, I.
    Hopf: where a fixed point loses stability through complex eigenvalues.
    count_overshoots, classify_outcome: measures of a time course.
    EXPERIMENTS: ``balance``, ``agreement`` and ``phase`` for ``neuroagents run``.
"""

from __future__ import annotations

import functools
import itertools
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import linalg, optimize, special
from scipy.integrate import solve_ivp
from tqdm.auto import tqdm

from neuroagents.analysis.spectra import BANDS, TIME_UNITS, band_power, power_spectrum
from neuroagents.builders import gnp_populations
from neuroagents.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.experiment import Experiment, ExperimentResult, Param
from neuroagents.model import NeuralModel
from neuroagents.plots import new_figure
from neuroagents.validation import as_generator, check_choice, check_int, check_real

__all__ = [
    "EXPERIMENTS",
    "POPULATIONS",
    "PRESETS",
    "Connectivity",
    "EIModel",
    "EIParams",
    "Hopf",
    "MeanField",
    "classify_outcome",
    "count_overshoots",
    "gaussian_tail",
    "mean_field",
]

POPULATIONS = ("E", "I")
_SQRT2 = math.sqrt(2.0)
_IMPLICIT = ("LSODA", "BDF", "Radau")
PRESETS = ("lecture", "e-drives-i")

Table = tuple[tuple[float, float], tuple[float, float]]


# ---------------------------------------------------------------------- wiring
@dataclass(frozen=True, slots=True)
class Connectivity:
    """Connection probability and weight per (target, source) population pair.

    Tables are indexed ``[target][source]`` over ``(E, I)``, matching
    ``W[target, source]``: ``prob[0][1]`` is the probability of a synapse from a
    given I neuron onto a given E neuron.

    Attributes:
        prob: 2×2 connection probabilities in [0, 1].
        weight: 2×2 synaptic weights.
        name: the preset's name, or ``"table"``.

    Examples:
        >>> Connectivity.preset("e-drives-i", 0.05).weight
        ((1.0, -1.0), (1.0, 0.0))
        >>> Connectivity.preset("lecture", 0.05).prob
        ((0.05, 0.05), (0.0, 0.05))
        >>> t = Connectivity.table(p={"E": {"E": 0.1, "I": 0.2}, "I": {"E": 0.1}},
        ...                        w={"E": {"E": 1, "I": -2}, "I": {"E": 1}})
        >>> t.prob, t.weight
        (((0.1, 0.2), (0.1, 0.0)), ((1.0, -2.0), (1.0, 0.0)))
    """

    prob: Table
    weight: Table
    name: str = "table"

    @classmethod
    def preset(cls, name: str, p: float) -> Connectivity:
        """The ``"lecture"`` or ``"e-drives-i"`` wiring with connection probability ``p``."""
        check_choice("preset", name, "Connectivity.preset", PRESETS)
        p = check_real("p", p, "Connectivity.preset", low=0, high=1)
        if name == "lecture":
            return cls(((p, p), (0.0, p)), ((1.0, -1.0), (0.0, 1.0)), name)
        return cls(((p, p), (p, 0.0)), ((1.0, -1.0), (1.0, 0.0)), name)

    @classmethod
    def table(
        cls, p: Mapping[str, Mapping[str, float]], w: Mapping[str, Mapping[str, float]]
    ) -> Connectivity:
        """An explicit wiring: ``p[target][source]`` and ``w[target][source]``.

        Missing entries mean no synapses (probability 0, weight 0).

        Raises:
            ValidationError: a population other than ``"E"``/``"I"``, a probability
                outside [0, 1], or a weight that is not a finite number.
        """
        tables = []
        for label, given, bounds in (("p", p, (0.0, 1.0)), ("w", w, (None, None))):
            for target in given:
                for source in given[target]:
                    if target not in POPULATIONS or source not in POPULATIONS:
                        bad = target if target not in POPULATIONS else source
                        raise ValidationError(
                            f"The '{label}' table of Connectivity.table names population "
                            f"{bad!r}; the populations are {list(POPULATIONS)}."
                        )
            rows = []
            for a in POPULATIONS:
                row = []
                for b in POPULATIONS:
                    value = given.get(a, {}).get(b, 0.0)
                    name = f"{label}[{a!r}][{b!r}]"
                    row.append(
                        check_real(name, value, "Connectivity.table", low=bounds[0], high=bounds[1])
                    )
                rows.append(tuple(row))
            tables.append(tuple(rows))
        return cls(tables[0], tables[1], "table")

    @property
    def prob_matrix(self) -> np.ndarray:
        """``prob`` as a 2×2 float array."""
        return np.array(self.prob, dtype=np.float64)

    @property
    def weight_matrix(self) -> np.ndarray:
        """``weight`` as a 2×2 float array (0 where there are no synapses)."""
        return np.where(self.prob_matrix > 0, np.array(self.weight, dtype=np.float64), 0.0)

    def builder_tables(self) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
        """``(p, weights)`` dictionaries for :func:`neuroagents.builders.gnp_populations`."""
        p = {
            a: {b: self.prob[i][j] for j, b in enumerate(POPULATIONS)}
            for i, a in enumerate(POPULATIONS)
        }
        w = {
            a: {b: self.weight[i][j] for j, b in enumerate(POPULATIONS)}
            for i, a in enumerate(POPULATIONS)
        }
        return p, w

    def lattice(self) -> float | None:
        """Spacing g of the lattice the synaptic input lives on, or None if it has none.

        With integer weights the input is an integer combination of them, so a
        multiple of their greatest common divisor g.
        """
        w = np.abs(self.weight_matrix[self.prob_matrix > 0])
        w = w[w > 0]
        if w.size == 0:
            return 1.0
        if not np.all(w == np.round(w)):
            return None
        return float(np.gcd.reduce(w.astype(np.int64)))


# ---------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class EIParams:
    """The parameters the agents and the mean field share (validated on creation).

    Attributes:
        n_e: number of E neurons.
        n_i: number of I neurons.
        p: connection probability of the presets (None with an explicit table).
        tau_e: E clock time constant (E neurons update at rate 1/tau_e).
        tau_i: I clock time constant.
        theta_e: E threshold (active iff input > theta_e).
        theta_i: I threshold.
        e0: fraction of E neurons active at time 0.
        i0: fraction of I neurons active at time 0.
        drive_e: external input added to every E neuron's input.
        drive_i: external input added to every I neuron's input.
        preset: ``"lecture"``, ``"e-drives-i"`` or a :class:`Connectivity` table.
        where: the public name the parameters were given to (for error messages).
    """

    n_e: int = 8000
    n_i: int = 2000
    p: float | None = 0.05
    tau_e: float = 20.0
    tau_i: float = 1.0
    theta_e: float = 20.0
    theta_i: float = 30.0
    e0: float = 0.2
    i0: float = 0.0
    drive_e: float = 0.0
    drive_i: float = 0.0
    preset: str | Connectivity = "e-drives-i"
    where: str = field(default="EIModel", compare=False, repr=False)
    connectivity: Connectivity = field(init=False, repr=False)

    def __post_init__(self) -> None:
        w = self.where
        check_int("n_e", self.n_e, w, low=1)
        check_int("n_i", self.n_i, w, low=1)
        for name in ("tau_e", "tau_i"):
            check_real(name, getattr(self, name), w, low=0, low_open=True)
        for name in ("theta_e", "theta_i", "drive_e", "drive_i"):
            check_real(name, getattr(self, name), w)
        for name in ("e0", "i0"):
            check_real(name, getattr(self, name), w, low=0, high=1)
        if isinstance(self.preset, Connectivity):
            if self.p is not None:
                raise ValidationError(
                    f"The 'p' parameter of {w} must be None when 'preset' is an explicit "
                    f"Connectivity table (its probabilities are in the table). Got {self.p!r}."
                )
            conn = self.preset
        else:
            check_choice("preset", self.preset, w, (*PRESETS, "a Connectivity table"))
            if self.p is None:
                raise ValidationError(
                    f"The 'p' parameter of {w} must be a float in [0, 1] with the "
                    f"{self.preset!r} preset. Got None instead."
                )
            check_real("p", self.p, w, low=0, high=1)
            conn = Connectivity.preset(self.preset, self.p)
        object.__setattr__(self, "connectivity", conn)

    @property
    def sizes(self) -> np.ndarray:
        """``[n_e, n_i]``."""
        return np.array([self.n_e, self.n_i], dtype=np.float64)

    @property
    def tau(self) -> np.ndarray:
        """``[tau_e, tau_i]``."""
        return np.array([self.tau_e, self.tau_i])

    @property
    def theta(self) -> np.ndarray:
        """``[theta_e, theta_i]``."""
        return np.array([self.theta_e, self.theta_i])

    @property
    def drive(self) -> np.ndarray:
        """``[drive_e, drive_i]``."""
        return np.array([self.drive_e, self.drive_i])

    def replace(self, **changes: Any) -> EIParams:
        """A copy with some parameters changed (``tau_ratio`` sets ``tau_e = ratio * tau_i``)."""
        values = {k: getattr(self, k) for k in _PARAM_NAMES}
        if "tau_ratio" in changes:
            ratio = changes.pop("tau_ratio")
            values["tau_e"] = ratio * changes.get("tau_i", values["tau_i"])
        values.update(changes)
        return EIParams(**values, where=self.where)


_PARAM_NAMES = (
    "n_e",
    "n_i",
    "p",
    "tau_e",
    "tau_i",
    "theta_e",
    "theta_i",
    "e0",
    "i0",
    "drive_e",
    "drive_i",
    "preset",
)


# ---------------------------------------------------------------------- agents
def _fraction_e(model: EIModel) -> float:
    return float(model._state[model.e_index].mean())


def _fraction_i(model: EIModel) -> float:
    return float(model._state[model.i_index].mean())


class EIModel(NeuralModel):
    """Binary E and I neurons (Mesa agents) on a directed G(n, p), on Poisson clocks.

    Each neuron has its own exponential clock of rate 1/τ of its population (exact,
    event-driven: :mod:`neuroagents.schedulers`); when it rings the neuron becomes 1
    if its input (synaptic input plus drive) is strictly greater than its population's
    threshold, else 0. The wiring follows ``preset`` (see the module docstring); at
    time 0 a uniformly random subset of exactly ``round(e0 * n_e)`` E neurons and
    ``round(i0 * n_i)`` I neurons is active.

    Args:
        n_e: number of E neurons (nodes ``0 … n_e − 1``).
        n_i: number of I neurons (nodes ``n_e … n_e + n_i − 1``).
        p: connection probability of the preset (None with an explicit table).
        tau_e: E time constant.
        tau_i: I time constant.
        theta_e: E threshold.
        theta_i: I threshold.
        e0: fraction of E neurons active at time 0.
        i0: fraction of I neurons active at time 0.
        drive_e: external input to every E neuron.
        drive_i: external input to every I neuron.
        preset: ``"e-drives-i"`` (default), ``"lecture"`` or a :class:`Connectivity`.
        rng: seed, SeedSequence or Generator; the graph, the initial state and the
            clocks each get a child of it.
        engine: ``"compiled"`` or ``"agents"`` (identical trajectories).
        record_every: time between records of E and I (default τ_min / 4).
        connectome: reuse a graph built earlier (e.g. by another EIModel's
            ``connectome``): it must have the node attribute ``population`` with
            n_e ``"E"`` and n_i ``"I"`` neurons. Its weights then replace the preset's.
        **kwargs: passed to :class:`~neuroagents.model.NeuralModel`.

    The recorder's table has columns ``time``, ``flips``, ``E`` and ``I``;
    :meth:`rates` gives ``time``, ``E``, ``I``.

    Examples:
        >>> m = EIModel(n_e=800, n_i=200, p=0.5, tau_e=20.0, tau_i=1.0, theta_e=20,
        ...             theta_i=30, e0=0.2, i0=0.0, rng=0)
        >>> m.run_until(100.0)
        >>> r = m.rates()
        >>> list(r.columns), float(r["time"].iloc[-1])
        (['time', 'E', 'I'], 100.0)
        >>> fp = m.mean_field().fixed_points()
        >>> balanced = fp[fp["kind"] == "stable focus"].iloc[0]
        >>> bool(abs(r["E"].iloc[-40:].mean() - balanced.E) < 0.03)
        True
    """

    default_model_reporters: ClassVar[dict[str, Any]] = {"E": _fraction_e, "I": _fraction_i}

    def __init__(
        self,
        *,
        n_e: int = 8000,
        n_i: int = 2000,
        p: float | None = 0.05,
        tau_e: float = 20.0,
        tau_i: float = 1.0,
        theta_e: float = 20.0,
        theta_i: float = 30.0,
        e0: float = 0.2,
        i0: float = 0.0,
        drive_e: float = 0.0,
        drive_i: float = 0.0,
        preset: str | Connectivity = "e-drives-i",
        rng: Any = None,
        engine: str = "compiled",
        record_every: float | str | None = "auto",
        connectome: Connectome | None = None,
        **kwargs: Any,
    ) -> None:
        self.params = EIParams(
            n_e=n_e,
            n_i=n_i,
            p=p,
            tau_e=tau_e,
            tau_i=tau_i,
            theta_e=theta_e,
            theta_i=theta_i,
            e0=e0,
            i0=i0,
            drive_e=drive_e,
            drive_i=drive_i,
            preset=preset,
        )
        gen = as_generator(rng, "EIModel")
        graph_rng, state_rng, clock_rng = gen.spawn(3)
        if connectome is None:
            probs, weights = self.params.connectivity.builder_tables()
            connectome = gnp_populations(
                {"E": n_e, "I": n_i}, p=probs, weights=weights, rng=graph_rng
            )
        else:
            _check_populations(connectome, n_e, n_i)
        population = connectome.node_attrs["population"]
        self.e_index = np.flatnonzero(population == "E")
        self.i_index = np.flatnonzero(population == "I")
        state = np.zeros(n_e + n_i)
        for index, frac in ((self.e_index, e0), (self.i_index, i0)):
            state[state_rng.choice(index, size=round(frac * index.size), replace=False)] = 1.0
        if isinstance(record_every, str) and record_every == "auto":
            record_every = min(tau_e, tau_i) / 4
        super().__init__(
            connectome,
            rule="threshold",
            scheduler="poisson",
            engine=engine,
            tau={"E": tau_e, "I": tau_i},
            threshold={"E": theta_e, "I": theta_i},
            drive={"E": drive_e, "I": drive_i},
            state=state,
            rng=clock_rng,
            record_every=record_every,
            **kwargs,
        )

    def rates(self) -> pd.DataFrame:
        """The recorded active fractions: columns ``time``, ``E``, ``I``."""
        table = self.datacollector.get_model_vars_dataframe()
        return table[["time", "E", "I"]].reset_index(drop=True)

    def mean_field(self, continuity: bool | None = None) -> MeanField:
        """The mean-field ODE of this model's parameters (see :class:`MeanField`)."""
        return MeanField(self.params, continuity=continuity)


def _check_populations(connectome: Connectome, n_e: int, n_i: int) -> None:
    labels = connectome.node_attrs.get("population")
    counts = (
        {"E": int(np.sum(labels == "E")), "I": int(np.sum(labels == "I"))}
        if labels is not None
        else None
    )
    if counts is None or counts != {"E": n_e, "I": n_i} or connectome.n_nodes != n_e + n_i:
        raise ValidationError(
            f"The 'connectome' parameter of EIModel must have a 'population' node "
            f"attribute with n_e = {n_e} 'E' and n_i = {n_i} 'I' neurons and nothing "
            f"else. Got {counts} over {connectome.n_nodes} nodes."
        )


# ---------------------------------------------------------------------- mean field
def gaussian_tail(threshold: Any, mean: Any, var: Any) -> np.ndarray:
    """GT(T, m, var) = P[N(m, var) > T], elementwise; a step ``m > T`` where var = 0.

    Examples:
        >>> float(gaussian_tail(0.0, 0.0, 1.0))
        0.5
        >>> round(float(gaussian_tail(1.96, 0.0, 1.0)), 4)
        0.025
        >>> gaussian_tail([1.0, 1.0], [2.0, 0.0], [0.0, 0.0]).tolist()
        [1.0, 0.0]
    """
    arrays = (np.asarray(x, dtype=np.float64) for x in (threshold, mean, var))
    t, m, v = np.broadcast_arrays(*arrays)
    sd = np.sqrt(np.maximum(v, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        tail = special.ndtr((m - t) / sd)
    return np.where(sd > 0, tail, (m > t).astype(np.float64))


@dataclass(frozen=True, slots=True)
class Hopf:
    """Where a fixed point loses stability through a pair of complex eigenvalues.

    Attributes:
        parameter: the parameter varied (``"tau_ratio"`` is τ_E/τ_I at fixed τ_I).
        value: its value at the bifurcation.
        E: the fixed point's E there.
        I: the fixed point's I there.
        omega: the imaginary part of the eigenvalues there (radians per time unit).
        stable_above: whether the fixed point is stable above ``value``.
    """

    parameter: str
    value: float
    E: float
    I: float  # noqa: E741
    omega: float
    stable_above: bool

    @property
    def frequency(self) -> float:
        """Oscillation frequency at onset, ``omega / 2π`` (cycles per time unit)."""
        return self.omega / (2 * math.pi)

    @property
    def period(self) -> float:
        """Oscillation period at onset (time units)."""
        return 2 * math.pi / self.omega


class MeanField:
    """The mean-field ODE τ_a dr_a/dt = GT(T_a, m_a, var_a) − r_a for r = (E, I).

    Args:
        params: an :class:`EIParams` (or pass the same keywords as :class:`EIModel`).
        continuity: use the continuity-corrected threshold (see the module
            docstring); None (default) uses it when the weights are integers.
        **kwargs: :class:`EIParams` fields, if ``params`` is not given.

    Raises:
        ValidationError: bad parameters, or ``continuity=True`` with weights that are
            not on an integer lattice.

    Examples:
        >>> mf = MeanField(n_e=8000, n_i=2000, p=0.05, tau_e=20.0, tau_i=1.0,
        ...                theta_e=20, theta_i=30, e0=0.2, i0=0.0)
        >>> fp = mf.fixed_points()
        >>> focus = fp[fp["kind"] == "stable focus"].iloc[0]
        >>> round(float(focus.E), 3), round(float(focus.I), 3)
        (0.063, 0.141)
        >>> np.allclose(mf.gain(focus.E, focus.I), [focus.E, focus.I])
        True
    """

    def __init__(
        self, params: EIParams | None = None, *, continuity: bool | None = None, **kwargs: Any
    ) -> None:
        if params is None:
            params = EIParams(**kwargs, where="MeanField")
        elif kwargs:
            raise ValidationError(
                "MeanField takes either an EIParams or keyword parameters, not both. "
                f"Got params and {sorted(kwargs)}."
            )
        self.params = params
        conn = params.connectivity
        sizes = params.sizes
        # n_b - 1 possible sources within one's own population (no self-loops).
        n_src = sizes[None, :] - np.eye(2)
        prob, weight = conn.prob_matrix, conn.weight_matrix
        self.mean_coef = n_src * prob * weight
        self.var_coef = n_src * prob * (1 - prob) * weight**2
        spacing = conn.lattice()
        if continuity is None:
            continuity = spacing is not None
        elif continuity and spacing is None:
            raise ValidationError(
                "The 'continuity' parameter of MeanField can be True only when the "
                "weights are integers (the input then lives on a lattice). Got weights "
                f"{conn.weight}."
            )
        self.continuity = bool(continuity)
        theta, drive = params.theta, params.drive
        if self.continuity:
            g = spacing
            self.effective_threshold = drive + g * (np.floor((theta - drive) / g + 1e-9) + 0.5)
        else:
            self.effective_threshold = theta.astype(np.float64)
        self.tau = params.tau
        # Plain-float copies for the scalar path the ODE solvers use.
        self._coef = [(tuple(self.mean_coef[a]), tuple(self.var_coef[a])) for a in range(2)]
        self._drive = tuple(float(x) for x in params.drive)
        self._threshold = tuple(float(x) for x in self.effective_threshold)
        self._tau = tuple(float(x) for x in self.tau)

    # -------------------------------------------------------------- the ODE
    def moments(self, E: Any, I: Any) -> tuple[np.ndarray, np.ndarray]:  # noqa: E741
        """Mean and variance of the input to an E and an I neuron, shape (2, …).

        ``m_a = d_a + Σ_b n_b p_ab J_ab r_b``, ``var_a = Σ_b n_b p_ab (1 − p_ab) J_ab² r_b``.
        """
        r = np.clip(
            np.stack(np.broadcast_arrays(np.asarray(E, float), np.asarray(I, float))), 0.0, 1.0
        )
        mean = np.tensordot(self.mean_coef, r, axes=1)
        var = np.tensordot(self.var_coef, r, axes=1)
        drive = self.params.drive.reshape((2,) + (1,) * (r.ndim - 1))
        return mean + drive, var

    def gain(self, E: Any, I: Any) -> np.ndarray:  # noqa: E741
        """``GT(T_a, m_a, var_a)`` for a = E, I: the fraction that would be active, (2, …)."""
        mean, var = self.moments(E, I)
        thr = self.effective_threshold.reshape((2,) + (1,) * (mean.ndim - 1))
        return gaussian_tail(thr, mean, var)

    def _scalar_moments(self, E: float, I: float) -> list[tuple[float, float, float]]:  # noqa: E741
        """Per population (mean, sd, u = (m − T_eff) / sd) at one point, in plain floats.

        The ODE solvers call the drift tens of thousands of times: this is the same
        arithmetic as :meth:`moments` without numpy's per-call overhead.
        """
        e, i = min(max(float(E), 0.0), 1.0), min(max(float(I), 0.0), 1.0)
        out = []
        for a in range(2):
            mc, vc = self._coef[a]
            mean = self._drive[a] + mc[0] * e + mc[1] * i
            sd = math.sqrt(max(vc[0] * e + vc[1] * i, 0.0))
            gap = mean - self._threshold[a]
            out.append((mean, sd, gap / sd if sd > 0 else math.copysign(math.inf, gap)))
        return out

    def drift(self, t: float, r: Sequence[float]) -> np.ndarray:
        """``dr/dt = (GT(r) − r) / τ`` (the signature ``solve_ivp`` wants)."""
        moments = self._scalar_moments(r[0], r[1])
        return np.array([
            (0.5 * math.erfc(-u / _SQRT2) - float(r[a])) / self._tau[a]
            for a, (_, _, u) in enumerate(moments)
        ])  # fmt: skip

    def gain_jacobian(self, E: float, I: float) -> np.ndarray:  # noqa: E741
        """``∂GT_a/∂r_b`` at (E, I), a 2×2 array.

        With u = (m − T)/s and s² = var: ∂GT/∂r_b = φ(u) (M_ab − u V_ab / (2 s)) / s, where
        M and V are the mean and variance coefficients; 0 where var = 0.
        """
        out = np.zeros((2, 2))
        for a, (_, sd, u) in enumerate(self._scalar_moments(E, I)):
            if sd <= 0:
                continue
            dens = math.exp(-0.5 * u * u) / math.sqrt(2 * math.pi)
            out[a] = dens * (self.mean_coef[a] - u * self.var_coef[a] / (2 * sd)) / sd
        return out

    def jacobian(self, E: float, I: float) -> np.ndarray:  # noqa: E741
        """Jacobian of the drift, ``(∂GT_a/∂r_b − δ_ab) / τ_a``."""
        return (self.gain_jacobian(E, I) - np.eye(2)) / self.tau[:, None]

    def eigenvalues(self, E: float, I: float) -> np.ndarray:  # noqa: E741
        """Eigenvalues of the Jacobian at (E, I), largest real part first."""
        lam = np.linalg.eigvals(self.jacobian(E, I))
        return lam[np.argsort(-lam.real, kind="stable")]

    def solve(
        self,
        t_end: float | None = None,
        *,
        dt: float | None = None,
        times: Sequence[float] | np.ndarray | None = None,
        start: tuple[float, float] | None = None,
        method: str = "LSODA",
    ) -> pd.DataFrame:
        """Integrate from (e0, i0) with scipy's ``solve_ivp``.

        Args:
            t_end: end time (default: the last of ``times``).
            dt: output spacing (default τ_min / 4, as :class:`EIModel` records).
            times: output times instead of a regular grid (e.g. the agents' record
                times).
            start: initial (E, I) instead of (e0, i0).
            method: a ``solve_ivp`` method.

        Returns:
            A DataFrame with columns ``time``, ``E``, ``I``.
        """
        if times is None:
            if t_end is None:
                raise ValidationError("MeanField.solve needs 't_end' or 'times'. Got neither.")
            t_end = check_real("t_end", t_end, "MeanField.solve", low=0)
            step = min(self.tau) / 4 if dt is None else dt
            check_real("dt", step, "MeanField.solve", low=0, low_open=True)
            times = np.linspace(0.0, t_end, round(t_end / step) + 1)
        times = np.asarray(times, dtype=np.float64)
        r0 = (self.params.e0, self.params.i0) if start is None else start
        if times[-1] == times[0]:
            return pd.DataFrame({"time": times, "E": float(r0[0]), "I": float(r0[1])})
        sol = solve_ivp(
            self.drift,
            (float(times[0]), float(times[-1])),
            np.asarray(r0, float),
            method=method,
            t_eval=times,
            rtol=1e-8,
            atol=1e-10,
            **({"jac": lambda t, r: self.jacobian(r[0], r[1])} if method in _IMPLICIT else {}),
        )
        if not sol.success:  # pragma: no cover - solve_ivp failures are rare here
            raise RuntimeError(f"solve_ivp failed: {sol.message}")
        return pd.DataFrame({"time": sol.t, "E": sol.y[0], "I": sol.y[1]})

    def diffusion(self, E: float, I: float) -> np.ndarray:  # noqa: E741
        """Diffusion matrix of the active fractions (diagonal, 2×2), for finite n.

        A neuron of population a updates at rate 1/τ_a; it switches on with
        probability (1 − r_a) GT_a and off with probability r_a (1 − GT_a), each
        switch moving r_a by 1/n_a. So ``D_aa = ((1 − r_a) GT_a + r_a (1 − GT_a)) /
        (n_a τ_a)``, which is ``2 r (1 − r) / (n τ)`` at a fixed point.
        """
        r = np.clip(np.array([E, I], dtype=np.float64), 0.0, 1.0)
        g = np.array([0.5 * math.erfc(-u / _SQRT2) for _, _, u in self._scalar_moments(E, I)])
        return np.diag(((1 - r) * g + r * (1 - g)) / (self.params.sizes * self.tau))

    def stationary_covariance(self, E: float, I: float) -> np.ndarray:  # noqa: E741
        """Covariance of the active fractions' fluctuations at a stable fixed point (E, I).

        The linear noise approximation's steady state: ``J C + C Jᵀ + D = 0``
        (see :meth:`linear_noise`). Its diagonal's square roots are the standard
        deviations of E and I about the fixed point for these n_E and n_I.

        Raises:
            ValidationError: the point is not stable (no steady state).
        """
        jac = self.jacobian(E, I)
        if np.max(np.linalg.eigvals(jac).real) >= 0:
            raise ValidationError(
                f"MeanField.stationary_covariance needs a stable fixed point; ({E:.4g}, "
                f"{I:.4g}) has eigenvalues {np.linalg.eigvals(jac)}."
            )
        return linalg.solve_continuous_lyapunov(jac, -self.diffusion(E, I))

    def linear_noise(
        self,
        t_end: float | None = None,
        *,
        dt: float | None = None,
        times: Sequence[float] | np.ndarray | None = None,
    ) -> pd.DataFrame:
        """The ODE with its finite-size fluctuations (van Kampen's linear noise approximation).

        For n neurons, the active fractions are ``r(t) + ξ(t) / √n`` with ξ Gaussian;
        its covariance C obeys ``dC/dt = J C + C Jᵀ + D`` along the mean-field
        trajectory (J: :meth:`jacobian`, D: :meth:`diffusion`), from C = 0 (the
        initial subset has exactly round(e0 n_E) and round(i0 n_I) active neurons).
        This is the "about 1/√n" of finite-size fluctuations, made precise: it is the
        yardstick the tests and the ``agreement`` experiment measure agents by.

        It treats each update as a fresh draw of the inputs (an annealed network).
        On the fixed graph the set of neurons above threshold is partly frozen, so
        the agents fluctuate somewhat less (measured at the lecture's example: sd E
        0.0011 and I 0.013, against 0.0013 and 0.017 here).

        Returns:
            Columns ``time``, ``E``, ``I``, ``sd_E``, ``sd_I``, ``corr`` (the
            correlation of the E and I fluctuations).

        Examples:
            >>> mf = MeanField(n_e=8000, n_i=2000, p=0.05, tau_e=20.0, tau_i=1.0,
            ...                theta_e=20, theta_i=30, e0=0.063, i0=0.141)
            >>> end = mf.linear_noise(200.0).iloc[-1]
            >>> round(float(end.sd_E), 4), round(float(end.sd_I), 3)
            (0.0013, 0.017)
        """
        if times is None:
            if t_end is None:
                raise ValidationError(
                    "MeanField.linear_noise needs 't_end' or 'times'. Got neither."
                )
            step = min(self.tau) / 4 if dt is None else dt
            check_real("dt", step, "MeanField.linear_noise", low=0, low_open=True)
            times = np.linspace(0.0, t_end, round(t_end / step) + 1)
        times = np.asarray(times, dtype=np.float64)

        def rhs(t: float, y: np.ndarray) -> np.ndarray:
            r, cov = y[:2], y[2:].reshape(2, 2)
            jac = self.jacobian(r[0], r[1])
            dcov = jac @ cov + cov @ jac.T + self.diffusion(r[0], r[1])
            return np.concatenate([self.drift(t, r), dcov.ravel()])

        y0 = np.array([self.params.e0, self.params.i0, 0.0, 0.0, 0.0, 0.0])
        sol = solve_ivp(
            rhs,
            (float(times[0]), float(times[-1])),
            y0,
            method="LSODA",
            t_eval=times,
            rtol=1e-8,
            atol=1e-12,
        )
        if not sol.success:  # pragma: no cover
            raise RuntimeError(f"solve_ivp failed: {sol.message}")
        var_e, cov, var_i = np.maximum(sol.y[2], 0), sol.y[3], np.maximum(sol.y[5], 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            corr = np.where(var_e * var_i > 0, cov / np.sqrt(var_e * var_i), 0.0)
        return pd.DataFrame(
            {
                "time": sol.t,
                "E": sol.y[0],
                "I": sol.y[1],
                "sd_E": np.sqrt(var_e),
                "sd_I": np.sqrt(var_i),
                "corr": corr,
            }
        )

    # -------------------------------------------------------------- geometry
    def _residual_grid(self, grid: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        axis = np.linspace(0.0, 1.0, grid)
        E, I = np.meshgrid(axis, axis, indexing="xy")  # noqa: E741
        return axis, E, self.gain(E, I) - np.stack([E, I])

    def fixed_points(self, grid: int = 201) -> pd.DataFrame:
        """Every fixed point in [0, 1]², with its eigenvalues and stability.

        Cells of a ``grid × grid`` mesh where both ``GT_E − E`` and ``GT_I − I``
        change sign are refined with ``scipy.optimize.root`` (analytic Jacobian).

        Returns:
            One row per fixed point (E ascending): ``E``, ``I``, ``trace``, ``det``,
            ``re1``, ``im1``, ``re2``, ``im2`` (eigenvalues, largest real part
            first), ``stable`` and ``kind`` (``"stable node"``, ``"stable focus"``,
            ``"unstable node"``, ``"unstable focus"``, ``"saddle"``).
        """
        check_int("grid", grid, "MeanField.fixed_points", low=3)
        axis, _, h = self._residual_grid(grid)
        sign = h >= 0
        found: list[np.ndarray] = []
        changes = []
        for k in range(2):
            s = sign[k]
            corners = np.stack([s[:-1, :-1], s[:-1, 1:], s[1:, :-1], s[1:, 1:]])
            changes.append(corners.any(axis=0) & ~corners.all(axis=0))
        rows, cols = np.nonzero(changes[0] & changes[1])
        step = axis[1] - axis[0]
        # Fixed points on the border (e.g. E = I = 1 exactly, where GT rounds to 1)
        # show no sign change: take exact zeros at mesh nodes too.
        zero_rows, zero_cols = np.nonzero(np.all(np.abs(h) < 1e-12, axis=0))
        for row, col in zip(zero_rows, zero_cols, strict=True):
            found.append(np.array([axis[col], axis[row]]))
        # ... and on an edge where one rate sits exactly at 0 or 1 (GT rounds to 0 or 1
        # there), the other component's sign changes along the edge.
        for k in range(2):  # k: the component that is exactly zero on the edge
            for end in (0, -1):
                edge = h[k][end, :] if k == 1 else h[k][:, end]
                other = h[1 - k][end, :] if k == 1 else h[1 - k][:, end]
                at = axis[end]
                for j in np.flatnonzero((other[:-1] * other[1:] < 0) & (edge[:-1] == 0)):

                    def f(x: float, k: int = k, at: float = at) -> float:
                        e, i = (x, at) if k == 1 else (at, x)
                        return float(self.gain(e, i)[1 - k] - (e, i)[1 - k])

                    x = optimize.brentq(f, axis[j], axis[j + 1], xtol=1e-14)
                    found.append(np.array([x, at]) if k == 1 else np.array([at, x]))

        def residual(r: np.ndarray) -> np.ndarray:
            return self.gain(r[0], r[1]) - r

        def jac(r: np.ndarray) -> np.ndarray:
            return self.gain_jacobian(r[0], r[1]) - np.eye(2)

        for row, col in zip(rows, cols, strict=True):
            x0 = np.array([axis[col] + step / 2, axis[row] + step / 2])
            sol = optimize.root(residual, x0, jac=jac, method="hybr", tol=1e-13)
            r = sol.x
            if not (np.all(r >= -1e-9) and np.all(r <= 1 + 1e-9)):
                continue
            r = np.clip(r, 0.0, 1.0)
            if np.max(np.abs(residual(r))) > 1e-9:
                continue
            if any(np.max(np.abs(r - f)) < 1e-7 for f in found):
                continue
            found.append(r)
        found.sort(key=lambda r: (r[0], r[1]))
        return pd.DataFrame(
            [self.describe(r[0], r[1]) for r in found], columns=_FIXED_POINT_COLUMNS
        )

    def describe(self, E: float, I: float) -> dict[str, Any]:  # noqa: E741
        """Eigenvalues, trace, determinant, stability and kind of the point (E, I)."""
        jac = self.jacobian(E, I)
        lam = self.eigenvalues(E, I)
        trace, det = float(np.trace(jac)), float(np.linalg.det(jac))
        stable = bool(lam[0].real < 0)
        if det < 0:
            kind = "saddle"
        else:
            shape = "focus" if abs(lam[0].imag) > 0 else "node"
            kind = f"{'stable' if stable else 'unstable'} {shape}"
        return {
            "E": float(E),
            "I": float(I),
            "trace": trace,
            "det": det,
            "re1": float(lam[0].real),
            "im1": float(lam[0].imag),
            "re2": float(lam[1].real),
            "im2": float(lam[1].imag),
            "stable": stable,
            "kind": kind,
        }

    def nullclines(self, grid: int = 401) -> pd.DataFrame:
        """Points of the E-nullcline (GT_E = E) and the I-nullcline (GT_I = I).

        Each is traced by root finding along both axes of a ``grid``-point mesh, so
        folds are covered; points are sorted by E, then I.

        Returns:
            Columns ``nullcline`` (``"E"`` or ``"I"``), ``E``, ``I``.
        """
        check_int("grid", grid, "MeanField.nullclines", low=3)
        axis, _, h = self._residual_grid(grid)  # h[k][i_index, e_index]
        rows = []
        for k, name in enumerate(POPULATIONS):
            # Along E at fixed I (rows of h), then along I at fixed E (columns).
            for along, values in ((0, h[k]), (1, h[k].T)):
                for line, fixed in enumerate(axis):
                    v = values[line]
                    for j in np.flatnonzero(v == 0):
                        rows.append((name, *_point(along, axis[j], fixed)))
                    for j in np.flatnonzero(v[:-1] * v[1:] < 0):

                        def f(
                            x: float, k: int = k, along: int = along, fixed: float = fixed
                        ) -> float:
                            e, i = _point(along, x, fixed)
                            return float(self.gain(e, i)[k] - (e, i)[k])

                        x = optimize.brentq(f, axis[j], axis[j + 1], xtol=1e-12)
                        rows.append((name, *_point(along, x, fixed)))
        table = pd.DataFrame(rows, columns=["nullcline", "E", "I"])
        return table.sort_values(["nullcline", "E", "I"], ignore_index=True)

    # -------------------------------------------------------------- bifurcation
    def hopf(
        self,
        parameter: str = "tau_ratio",
        low: float = 1.0,
        high: float = 100.0,
        *,
        near: tuple[float, float] | None = None,
        scan: int = 30,
    ) -> Hopf | None:
        """Find where a fixed point with complex eigenvalues changes stability.

        The fixed point is tracked from ``high`` down to ``low`` (nearest to the
        previous one, starting from the stable focus at ``high`` or the point nearest
        ``near``), and the sign change of the largest real part is refined by
        ``brentq``.

        Args:
            parameter: an :class:`EIParams` field, or ``"tau_ratio"`` (τ_E/τ_I at
                fixed τ_I).
            low: lower end of the scan.
            high: upper end of the scan.
            near: (E, I) to pick the tracked fixed point at ``high``.
            scan: scan points (log-spaced for positive ranges).

        Returns:
            A :class:`Hopf`, or None if the tracked point does not change stability
            through complex eigenvalues in the range.
        """
        names = (*_PARAM_NAMES, "tau_ratio")
        check_choice("parameter", parameter, "MeanField.hopf", names)
        if low > 0:
            values = np.geomspace(high, low, scan)
        else:
            values = np.linspace(high, low, scan)

        def at(x: float) -> MeanField:
            return MeanField(self.params.replace(**{parameter: x}), continuity=self.continuity)

        track: list[tuple[float, np.ndarray, float, float]] = []
        prev = None if near is None else np.asarray(near, float)
        for x in values:
            fp = at(x).fixed_points()
            if fp.empty:
                break
            pts = fp[["E", "I"]].to_numpy()
            if prev is None:
                foci = fp[fp["kind"].str.endswith("focus")]
                if foci.empty:
                    return None
                k = int(foci.index[0])
            else:
                k = int(np.argmin(np.abs(pts - prev).sum(axis=1)))
                if prev is not None and np.abs(pts[k] - prev).sum() > 0.1:
                    break  # the tracked point vanished (fold)
            prev = pts[k]
            track.append((x, pts[k], float(fp["re1"].iloc[k]), float(fp["im1"].iloc[k])))
        for (x1, r1, re1, im1), (x2, _, re2, im2) in itertools.pairwise(track):
            if np.sign(re1) != np.sign(re2) and im1 != 0 and im2 != 0:

                def largest_real(x: float, guess: np.ndarray = r1) -> float:
                    mf = at(x)
                    r = _refine(mf, guess)
                    return float(mf.eigenvalues(r[0], r[1])[0].real)

                xc = optimize.brentq(largest_real, x2, x1, xtol=1e-10 * max(1.0, abs(x1)))
                crit = at(xc)
                r = _refine(crit, r1)
                omega = float(abs(crit.eigenvalues(r[0], r[1])[0].imag))
                return Hopf(parameter, float(xc), float(r[0]), float(r[1]), omega, re1 < 0)
        return None


def _point(along: int, x: float, fixed: float) -> tuple[float, float]:
    """(E, I) of a point ``x`` along E (along = 0) or along I (along = 1), the other fixed."""
    return (x, fixed) if along == 0 else (fixed, x)


def _refine(mf: MeanField, guess: np.ndarray) -> np.ndarray:
    """The fixed point of ``mf`` nearest ``guess`` (Newton-type root finding)."""
    return optimize.root(
        lambda r: mf.gain(r[0], r[1]) - r,
        guess,
        jac=lambda r: mf.gain_jacobian(r[0], r[1]) - np.eye(2),
        tol=1e-13,
    ).x


_FIXED_POINT_COLUMNS = ["E", "I", "trace", "det", "re1", "im1", "re2", "im2", "stable", "kind"]


def mean_field(
    *,
    n_e: int = 8000,
    n_i: int = 2000,
    p: float | None = 0.05,
    tau_e: float = 20.0,
    tau_i: float = 1.0,
    theta_e: float = 20.0,
    theta_i: float = 30.0,
    e0: float = 0.2,
    i0: float = 0.0,
    drive_e: float = 0.0,
    drive_i: float = 0.0,
    preset: str | Connectivity = "e-drives-i",
    t_end: float | None = None,
    dt: float | None = None,
    times: Sequence[float] | np.ndarray | None = None,
    continuity: bool | None = None,
) -> pd.DataFrame:
    """Solve the mean-field ODE with :class:`EIModel`'s parameters.

    Args:
        n_e: number of E neurons.
        n_i: number of I neurons.
        p: connection probability of the preset.
        tau_e: E time constant.
        tau_i: I time constant.
        theta_e: E threshold.
        theta_i: I threshold.
        e0: E at time 0.
        i0: I at time 0.
        drive_e: external input to E neurons.
        drive_i: external input to I neurons.
        preset: ``"e-drives-i"``, ``"lecture"`` or a :class:`Connectivity`.
        t_end: end time (or give ``times``).
        dt: output spacing (default τ_min / 4).
        times: output times.
        continuity: continuity-corrected threshold (default: with integer weights).

    Returns:
        A DataFrame with columns ``time``, ``E``, ``I``, like :meth:`EIModel.rates`.

    Examples:
        >>> r = mean_field(tau_e=20.0, tau_i=1.0, t_end=300.0)
        >>> r.iloc[-1][["E", "I"]].round(3).tolist()
        [0.063, 0.141]
        >>> mean_field(tau_e=1.0, tau_i=1.0, t_end=30.0).iloc[-1][["E", "I"]].round(3).tolist()
        [1.0, 1.0]
    """
    params = EIParams(
        n_e=n_e,
        n_i=n_i,
        p=p,
        tau_e=tau_e,
        tau_i=tau_i,
        theta_e=theta_e,
        theta_i=theta_i,
        e0=e0,
        i0=i0,
        drive_e=drive_e,
        drive_i=drive_i,
        preset=preset,
        where="mean_field",
    )
    return MeanField(params, continuity=continuity).solve(t_end, dt=dt, times=times)


# ---------------------------------------------------------------------- measures
def count_overshoots(values: Sequence[float] | np.ndarray, target: float, band: float) -> int:
    """How many times a time course swings from one side of ``target`` to the other.

    Only excursions beyond ``target ± band`` count, so noise smaller than ``band``
    around the target does not: a monotone approach gives 0, each further half
    swing of a damped oscillation that clears the band adds 1.

    Examples:
        >>> t = np.linspace(0, 50, 2001)
        >>> count_overshoots(1 + np.exp(-t / 10) * np.cos(t), target=1.0, band=0.05)
        9
        >>> count_overshoots(1 + np.exp(-t), target=1.0, band=0.05)
        0
    """
    x = np.asarray(values, dtype=np.float64)
    check_real("band", band, "count_overshoots", low=0)
    side = np.where(x > target + band, 1, np.where(x < target - band, -1, 0))
    side = side[side != 0]
    return int(np.count_nonzero(side[1:] != side[:-1]))


def classify_outcome(
    E: Sequence[float] | np.ndarray,
    I: Sequence[float] | np.ndarray,  # noqa: E741
    *,
    amplitude: float = 0.02,
) -> str:
    """Name what the last quarter of a time course does.

    ``"runaway"`` (E and I above 0.9 on average), ``"silent"`` (both below 0.01),
    ``"oscillating"`` (E swings by more than ``amplitude`` peak to peak) or
    ``"steady"`` (anything else: it sits at a fixed point, up to noise).

    Examples:
        >>> t = np.linspace(0, 100, 1001)
        >>> classify_outcome(0.06 + 0.02 * np.sin(t), 0.14 + 0.1 * np.sin(t))
        'oscillating'
        >>> classify_outcome(np.ones(10), np.ones(10)), classify_outcome(np.zeros(10), np.zeros(10))
        ('runaway', 'silent')
    """
    check_real("amplitude", amplitude, "classify_outcome", low=0)
    e, i = np.asarray(E, dtype=np.float64), np.asarray(I, dtype=np.float64)
    tail = slice(len(e) * 3 // 4, None)
    e, i = e[tail], i[tail]
    if e.mean() > 0.9 and i.mean() > 0.9:
        return "runaway"
    if e.mean() < 0.01 and i.mean() < 0.01:
        return "silent"
    if np.ptp(e) > amplitude:
        return "oscillating"
    return "steady"


# ---------------------------------------------------------------------- experiments
def build_connectome(params: EIParams, rng: Any = None) -> Connectome:
    """The directed G(n, p) of ``params``' wiring, as :class:`EIModel` builds it.

    Examples:
        >>> c = build_connectome(EIParams(n_e=80, n_i=20, p=0.1), rng=0)
        >>> c.n_nodes, sorted(set(c.node_attrs["population"]))
        (100, ['E', 'I'])
    """
    probs, weights = params.connectivity.builder_tables()
    sizes = {"E": params.n_e, "I": params.n_i}
    return gnp_populations(sizes, p=probs, weights=weights, rng=as_generator(rng))


def run_duration(params: EIParams, taus: float) -> float:
    """``taus`` E time constants, and at least 60 I time constants."""
    return max(taus * params.tau_e, 60 * params.tau_i)


def agreement(agents: pd.DataFrame, theory: pd.DataFrame, params: EIParams) -> dict[str, float]:
    """How far the agents' E(t), I(t) are from the mean field, in units of its noise.

    ``z_a(t) = (agents_a(t) − ode_a(t)) / σ_a(t)`` with σ_a from
    :meth:`MeanField.linear_noise` (floored at one neuron, 1/n_a). If the agents are
    the ODE plus finite-size noise, ``rms_z`` is about 1 for both populations.

    Args:
        agents: :meth:`EIModel.rates`.
        theory: :meth:`MeanField.linear_noise` at the same times.
        params: the run's parameters (for n_E, n_I).

    Returns:
        ``rms_z_E``, ``rms_z_I``, ``max_z_E``, ``max_z_I``, ``rms_E``, ``rms_I``
        (plain RMS differences) and ``max_E``, ``max_I``.
    """
    out: dict[str, float] = {}
    for pop, n in (("E", params.n_e), ("I", params.n_i)):
        diff = agents[pop].to_numpy() - theory[pop].to_numpy()
        z = diff / np.maximum(theory[f"sd_{pop}"].to_numpy(), 1.0 / n)
        out[f"rms_z_{pop}"] = float(np.sqrt(np.mean(z**2)))
        out[f"max_z_{pop}"] = float(np.max(np.abs(z)))
        out[f"rms_{pop}"] = float(np.sqrt(np.mean(diff**2)))
        out[f"max_{pop}"] = float(np.max(np.abs(diff)))
    return out


def balanced_point(mf: MeanField) -> pd.Series | None:
    """The interior fixed point that is not a saddle (smallest E first), or None."""
    fp = mf.fixed_points()
    inner = fp[
        (fp["E"] > 1e-6) & (fp["E"] < 1 - 1e-6) & (fp["I"] > 1e-6) & (fp["kind"] != "saddle")
    ]
    return None if inner.empty else inner.iloc[0]


def _base_params(config: dict[str, Any], ratio: float | None = None) -> EIParams:
    tau_i = config["tau_i"]
    return EIParams(
        n_e=config["n_e"],
        n_i=config["n_i"],
        p=config["p"],
        tau_e=(config.get("tau_ratio", 20.0) if ratio is None else ratio) * tau_i,
        tau_i=tau_i,
        theta_e=config["theta_e"],
        theta_i=config["theta_i"],
        e0=config["e0"],
        i0=config["i0"],
        drive_e=config.get("drive_e", 0.0),
        drive_i=config.get("drive_i", 0.0),
        preset=config["preset"],
        where="the config",
    )


def _run_pair(
    params: EIParams,
    graph: Connectome,
    rng: np.random.Generator,
    t_end: float,
    engine: str,
    record_every: float | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agents and linear-noise mean field over [0, t_end], at the agents' record times."""
    model = EIModel(
        **{k: getattr(params, k) for k in _PARAM_NAMES},
        rng=rng,
        engine=engine,
        connectome=graph,
        record_every="auto" if record_every is None else record_every,
    )
    model.run_until(t_end)
    agents = model.rates()
    theory = model.mean_field().linear_noise(times=agents["time"].to_numpy())
    return agents, theory


def _ode_band(point: pd.Series | None, fraction: float) -> float:
    return fraction * (point.E if point is not None else 0.05)


def _agent_band(mf: MeanField, point: pd.Series | None, fraction: float) -> float:
    """Overshoots in the agents count only beyond 3 finite-size sd of E (or the ODE's band)."""
    band = _ode_band(point, fraction)
    if point is not None and point.stable:
        sd = math.sqrt(mf.stationary_covariance(point.E, point.I)[0, 0])
        band = max(band, 3 * sd)
    return band


def _overshoots(
    course: pd.DataFrame, source: str, mf: MeanField, point: pd.Series | None, frac: float
) -> int:
    """Overshoots of E about the balanced point during the approach (-1 without one).

    The ODE's are counted over the whole run with a band of ``frac`` E*. The agents'
    are counted with a band of 3 finite-size sd (:func:`_agent_band`) and only until
    the ODE has settled plus two periods of the focus: after that, crossings are
    stationary noise, not swings of the approach.
    """
    if point is None:
        return -1
    if source == "ode":
        return count_overshoots(course["E"], point.E, _ode_band(point, frac))
    times = course["time"].to_numpy()
    ode = mf.solve(times=times)
    outside = np.abs(ode["E"].to_numpy() - point.E) > _ode_band(point, frac)
    settled_at = times[outside].max() if outside.any() else times[0]
    lam = mf.eigenvalues(point.E, point.I)[0]
    period = 2 * math.pi / abs(lam.imag) if lam.imag != 0 else 1 / max(abs(lam.real), 1e-12)
    window = course["E"].to_numpy()[times <= settled_at + 2 * period]
    return count_overshoots(window, point.E, _agent_band(mf, point, frac))


def _basin_ratio(params: EIParams, low: float, high: float) -> float | None:
    """Smallest τ_E/τ_I (within 1%) at which the ODE from (e0, i0) settles, or None."""

    def settles(ratio: float) -> bool:
        p = params.replace(tau_ratio=ratio)
        end = MeanField(p).solve(run_duration(p, 30.0), dt=p.tau_i).iloc[-1]
        return bool(end.E < 0.9)

    if not settles(high) or settles(low):
        return None
    while high / low > 1.01:
        mid = math.sqrt(low * high)
        low, high = (low, mid) if settles(mid) else (mid, high)
    return high


def balance_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """The lecture's claim: time courses, overshoots against τ_E/τ_I, and the Hopf point.

    1. For each ratio in ``ratios``: agents and ODE (with its ±2σ finite-size band)
       from (e0, i0); outcome, overshoots and agreement.
    2. For each ratio in ``scan_ratios``: overshoots of E in the ODE and in
       ``scan_seeds`` agent runs; the ratio above which the ODE from (e0, i0) settles.
    3. The Hopf bifurcation of the balanced fixed point in τ_E/τ_I; agents and ODE at
       the Hopf ratio and below it, started at the fixed point, with the band power of
       E(t) (time unit ``time_unit``).
    """
    base = _base_params(config, config["ratios"][0])
    graph = build_connectome(base, rng.spawn(1)[0])
    mf_base = MeanField(base)
    point = balanced_point(mf_base)
    frac = config["band_fraction"]
    engine = config["engine"]

    rows, courses = [], []
    for ratio in config["ratios"]:
        params = base.replace(tau_ratio=ratio)
        mf = MeanField(params)
        agents, theory = _run_pair(
            params, graph, rng.spawn(1)[0], run_duration(params, config["duration"]), engine
        )
        for source, table in (("agents", agents), ("ode", theory)):
            frame = table.assign(ratio=ratio, source=source)
            courses.append(frame)
        rows.append(
            _summary_row(ratio, "agents", agents, mf, point, frac, seed=0)
            | agreement(agents, theory, params)
        )
        rows.append(_summary_row(ratio, "ode", theory, mf, point, frac, seed=0))

    scan = []
    for ratio in tqdm(config["scan_ratios"], desc="overshoot scan", leave=False):
        params = base.replace(tau_ratio=ratio)
        mf = MeanField(params)
        t_end = run_duration(params, config["duration"])
        ode = mf.solve(t_end)
        scan.append(_summary_row(ratio, "ode", ode, mf, point, frac, seed=0))
        for seed in range(config["scan_seeds"]):
            model = EIModel(
                **{k: getattr(params, k) for k in _PARAM_NAMES},
                rng=rng.spawn(1)[0],
                engine=engine,
                connectome=graph,
            )
            model.run_until(t_end)
            scan.append(_summary_row(ratio, "agents", model.rates(), mf, point, frac, seed))
    scan_table = pd.DataFrame(scan)
    basin = _basin_ratio(base, 1.0, max(config["scan_ratios"]))

    hopf = mf_base.hopf("tau_ratio", 1.0, max(config["scan_ratios"]))
    hopf_courses, bands = pd.DataFrame(), pd.DataFrame()
    if hopf is not None:
        hopf_courses, bands = _hopf_runs(base, hopf, graph, rng, config)

    table = pd.DataFrame(rows)
    summary = _balance_summary(base, point, table, scan_table, basin, hopf, bands, config)
    courses_table = pd.concat(courses, ignore_index=True)
    figures = {
        "timecourses": _timecourse_figure(courses_table, mf_base, point, config),
        "overshoots": _overshoot_figure(scan_table, basin, hopf, config),
    }
    if hopf is not None:
        figures["hopf"] = _hopf_figure(hopf_courses, bands, hopf, config)
    return ExperimentResult(
        table=table,
        summary=summary,
        figures=figures,
        tables={
            "timecourses": courses_table,
            "overshoot_scan": scan_table,
            "hopf_timecourses": hopf_courses,
            "band_power": bands,
        },
    )


def _summary_row(
    ratio: float,
    source: str,
    course: pd.DataFrame,
    mf: MeanField,
    point: pd.Series | None,
    frac: float,
    seed: int,
) -> dict[str, Any]:
    # The fixed point is the same for every tau ratio; its stability is not.
    point = None if point is None else balanced_point(mf)
    band = _ode_band(point, frac) if source == "ode" else _agent_band(mf, point, frac)
    tail = course.iloc[len(course) * 3 // 4 :]
    lam = mf.eigenvalues(point.E, point.I) if point is not None else np.array([np.nan, np.nan])
    return {
        "ratio": float(ratio),
        "source": source,
        "seed": seed,
        "outcome": classify_outcome(course["E"], course["I"]),
        "E_final": float(tail["E"].mean()),
        "I_final": float(tail["I"].mean()),
        "E_sd_final": float(tail["E"].std()),
        "overshoots_E": _overshoots(course, source, mf, point, frac),
        "band": band,
        "fixed_point_re": float(lam[0].real),
        "fixed_point_im": float(abs(lam[0].imag)),
    }


def _hopf_runs(
    base: EIParams,
    hopf: Hopf,
    graph: Connectome,
    rng: np.random.Generator,
    config: dict[str, Any],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agents and ODE at and below the Hopf ratio, from the fixed point; band power of E."""
    courses, bands = [], []
    dt = config["spectrum_dt"]
    for label, ratio in (("hopf", hopf.value), ("below", config["below_hopf"] * hopf.value)):
        params = base.replace(tau_ratio=ratio, e0=hopf.E, i0=hopf.I)
        t_end = config["spectrum_duration"]
        agents, _ = _run_pair(params, graph, rng.spawn(1)[0], t_end, config["engine"], dt)
        # The ODE starts a little off the fixed point (it would sit on it forever).
        ode = MeanField(params).solve(
            times=agents["time"].to_numpy(), start=(hopf.E * 1.02, hopf.I)
        )
        for source, table in (("agents", agents), ("ode", ode)):
            courses.append(table.assign(run=label, ratio=ratio, source=source))
            steady = table[table["time"] >= t_end / 4]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                bp = band_power(steady["E"].to_numpy(), dt=dt, time_unit=config["time_unit"])
            bands.append(
                bp.assign(
                    run=label,
                    ratio=ratio,
                    source=source,
                    peak_hz=_peak(steady["E"].to_numpy(), dt, config),
                )
            )
    return pd.concat(courses, ignore_index=True), pd.concat(bands, ignore_index=True)


def _peak(values: np.ndarray, dt: float, config: dict[str, Any]) -> float:
    spec = power_spectrum(values, dt=dt, time_unit=config["time_unit"], resolution=1.0)
    spec = spec[spec["frequency"] > 1.0]
    return float(spec["frequency"].iloc[int(np.argmax(spec["power"].to_numpy()))])


def _hz(cycles_per_unit: float, config: dict[str, Any]) -> float:
    return cycles_per_unit / TIME_UNITS[config["time_unit"]]


def _balance_summary(
    base: EIParams,
    point: pd.Series | None,
    table: pd.DataFrame,
    scan: pd.DataFrame,
    basin: float | None,
    hopf: Hopf | None,
    bands: pd.DataFrame,
    config: dict[str, Any],
) -> str:
    unit = config["time_unit"]
    lines = [
        f"E–I populations ({base.connectivity.name}): n_E = {base.n_e}, n_I = {base.n_i}, "
        f"p = {base.p}, T_E = {base.theta_e:g}, T_I = {base.theta_i:g}, start "
        f"(E, I) = ({base.e0:g}, {base.i0:g}), tau_I = {base.tau_i:g} {unit}.",
    ]
    if point is not None:
        lines.append(
            f"Balanced fixed point (mean field, continuity-corrected): E* = {point.E:.4f}, "
            f"I* = {point.I:.4f}."
        )
    for ratio in config["ratios"]:
        sub = table[table["ratio"] == ratio].set_index("source")
        a, o = sub.loc["agents"], sub.loc["ode"]
        lines.append(
            f"  tau_E/tau_I = {ratio:g}: agents {a.outcome} (E {a.E_final:.4f}, I "
            f"{a.I_final:.4f}), ODE {o.outcome} (E {o.E_final:.4f}, I {o.I_final:.4f}); "
            f"overshoots of E: ODE {o.overshoots_E}, agents {a.overshoots_E}; RMS "
            f"(agents − ODE)/sigma: E {a.rms_z_E:.2f}, I {a.rms_z_I:.2f}."
        )
    if basin is not None:
        lines.append(
            f"From (e0, i0) the ODE settles for tau_E/tau_I >= {basin:.2f}; below, it runs away."
        )
    if hopf is not None:
        lines.append(
            f"Hopf bifurcation: the balanced point is stable for tau_E/tau_I > {hopf.value:.3f} "
            f"and a limit cycle grows below it; onset frequency "
            f"{_hz(hopf.frequency, config):.1f} Hz "
            f"(omega = {hopf.omega:.3f} per {unit})."
        )
        if not bands.empty:
            for (run, source), sub in bands.groupby(["run", "source"], sort=False):
                powers = ", ".join(f"{r.band} {r.fraction:.2f}" for r in sub.itertuples())
                lines.append(
                    f"  {run} (ratio {sub['ratio'].iloc[0]:.2f}) {source}: spectral peak "
                    f"{sub['peak_hz'].iloc[0]:.1f} Hz; fraction of E variance: {powers}."
                )
    ode = scan[scan["source"] == "ode"]
    counts = ", ".join(
        f"{r.ratio:g}:{r.overshoots_E if r.outcome != 'runaway' else 'R'}" for r in ode.itertuples()
    )
    lines.append(f"ODE overshoots of E by tau ratio (R = runaway): {counts}.")
    agents = scan[scan["source"] == "agents"]
    if not agents.empty:
        runaway = agents.groupby("ratio")["outcome"].apply(lambda s: (s == "runaway").mean())
        lines.append(
            "Agents: fraction of runs that ran away by tau ratio: "
            + ", ".join(f"{r:g}:{f:.2f}" for r, f in runaway.items())
            + "."
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------- figures
def _timecourse_figure(
    courses: pd.DataFrame, mf: MeanField, point: pd.Series | None, config: dict[str, Any]
) -> Any:
    ratios = list(dict.fromkeys(courses["ratio"]))
    fig, axes = new_figure(len(ratios), 3, size=(13.0, 3.0 * len(ratios)))
    unit = config["time_unit"]
    for row, ratio in enumerate(ratios):
        sub = courses[courses["ratio"] == ratio]
        agents, ode = sub[sub["source"] == "agents"], sub[sub["source"] == "ode"]
        for col, (pop, color) in enumerate((("E", "C3"), ("I", "C0"))):
            ax = axes[row, col]
            ax.fill_between(
                ode["time"],
                np.clip(ode[pop] - 2 * ode[f"sd_{pop}"], 0, 1),
                np.clip(ode[pop] + 2 * ode[f"sd_{pop}"], 0, 1),
                color="0.8",
                label="ODE ± 2σ (finite n)",
            )
            ax.plot(agents["time"], agents[pop], color=color, lw=0.8, label="agents")
            ax.plot(ode["time"], ode[pop], color="k", ls="--", lw=1.0, label="mean-field ODE")
            if point is not None:
                ax.axhline(getattr(point, pop), color="0.5", lw=0.5, ls=":")
            ax.set_title(f"τ_E/τ_I = {ratio:g}: {pop}(t)", fontsize=10)
            ax.set_xlabel(f"time ({unit})")
            ax.set_ylabel(f"fraction of {pop} active")
            if row == 0 and col == 0:
                ax.legend(fontsize=8, loc="center right")
        ax = axes[row, 2]
        ax.plot(agents["E"], agents["I"], color="C2", lw=0.6, label="agents")
        ax.plot(ode["E"], ode["I"], color="k", ls="--", lw=1.0, label="ODE")
        _draw_nullclines(ax, MeanField(mf.params.replace(tau_ratio=ratio)))
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("E")
        ax.set_ylabel("I")
        ax.set_title("phase plane", fontsize=10)
        if row == 0:
            ax.legend(fontsize=8, loc="lower right")
    return fig


def _draw_nullclines(ax: Any, mf: MeanField) -> None:
    _, E, h = mf._residual_grid(301)
    ax.contour(E, E.T, h[0], levels=[0.0], colors="C3", linewidths=0.8)
    ax.contour(E, E.T, h[1], levels=[0.0], colors="C0", linewidths=0.8)
    for fp in mf.fixed_points().itertuples():
        ax.plot(fp.E, fp.I, "o", ms=5, mfc="k" if fp.stable else "w", mec="k")


def _overshoot_figure(
    scan: pd.DataFrame, basin: float | None, hopf: Hopf | None, config: dict[str, Any]
) -> Any:
    fig, axes = new_figure(1, 2, size=(11.0, 4.0))
    ax = axes[0, 0]
    ode = scan[scan["source"] == "ode"]
    agents = scan[scan["source"] == "agents"]
    ok = ode[ode["outcome"] != "runaway"]
    ax.plot(ok["ratio"], ok["overshoots_E"], "k-o", label="ODE (band 1% of E*)")
    settled = agents[agents["outcome"] != "runaway"]
    jitter = 0.02 * (settled["seed"] - settled["seed"].mean())
    ax.plot(
        settled["ratio"] * (1 + jitter),
        settled["overshoots_E"],
        "C3s",
        mfc="none",
        label="agents (band 3σ finite-size)",
    )
    runaway = ode[ode["outcome"] == "runaway"]
    ax.plot(runaway["ratio"], np.full(len(runaway), -0.5), "kx", label="ODE runs away")
    run_a = agents[agents["outcome"] == "runaway"]
    ax.plot(run_a["ratio"], np.full(len(run_a), -1.0), "C3x", label="agents run away")
    if basin is not None:
        ax.axvline(basin, color="C2", ls="--", lw=1, label=f"settles from start ≥ {basin:.1f}")
    if hopf is not None:
        ax.axvline(hopf.value, color="C1", ls=":", lw=1.5, label=f"Hopf {hopf.value:.2f}")
    ax.set_xscale("log")
    ax.set_xlabel("τ_E / τ_I")
    ax.set_ylabel("overshoots of E about E*")
    ax.set_title("up-and-down swings before balance", fontsize=10)
    ax.legend(fontsize=7)
    ax = axes[0, 1]
    ax.plot(ode["ratio"], ode["fixed_point_re"], "k-", label="Re λ (balanced point)")
    ax.plot(ode["ratio"], ode["fixed_point_im"], "k:", label="|Im λ|")
    ax.axhline(0, color="0.6", lw=0.5)
    if hopf is not None:
        ax.axvline(hopf.value, color="C1", ls=":", lw=1.5)
    ax.set_xscale("log")
    ax.set_xlabel("τ_E / τ_I")
    ax.set_ylabel(f"eigenvalue (per {config['time_unit']})")
    ax.set_title("stability of the balanced fixed point", fontsize=10)
    ax.legend(fontsize=8)
    return fig


def _hopf_figure(
    courses: pd.DataFrame, bands: pd.DataFrame, hopf: Hopf, config: dict[str, Any]
) -> Any:
    runs = list(dict.fromkeys(courses["run"]))
    fig, axes = new_figure(len(runs), 2, size=(12.0, 3.2 * len(runs)))
    unit = config["time_unit"]
    for row, run in enumerate(runs):
        sub = courses[courses["run"] == run]
        ratio = sub["ratio"].iloc[0]
        agents, ode = sub[sub["source"] == "agents"], sub[sub["source"] == "ode"]
        window = agents["time"] <= agents["time"].iloc[-1] / 4 + 40 * hopf.period
        ax = axes[row, 0]
        ax.plot(agents["time"][window], agents["E"][window], color="C3", lw=0.7, label="agents E")
        ode_w = ode["time"] <= agents["time"][window].iloc[-1]
        ax.plot(ode["time"][ode_w], ode["E"][ode_w], "k--", lw=1, label="ODE E")
        ax.axhline(hopf.E, color="0.5", lw=0.5, ls=":")
        ax.set_title(f"{run}: τ_E/τ_I = {ratio:.2f}, started at the fixed point", fontsize=10)
        ax.set_xlabel(f"time ({unit})")
        ax.set_ylabel("E")
        ax.legend(fontsize=8)
        ax = axes[row, 1]
        for source, style in (("agents", "C3-"), ("ode", "k--")):
            part = sub[(sub["source"] == source) & (sub["time"] >= sub["time"].max() / 4)]
            spec = power_spectrum(
                part["E"].to_numpy(), dt=config["spectrum_dt"], time_unit=unit, resolution=1.0
            )
            spec = spec[(spec["frequency"] > 0) & (spec["frequency"] <= 200)]
            ax.semilogy(spec["frequency"], spec["power"] + 1e-16, style, lw=0.8, label=source)
        for name, (lo, hi) in BANDS.items():
            ax.axvspan(lo, hi, color="C0", alpha=0.08)
            ax.text(
                (lo + hi) / 2,
                0.98,
                name.replace("_", " "),
                fontsize=7,
                ha="center",
                va="top",
                rotation=0 if hi - lo > 20 else 90,
                transform=ax.get_xaxis_transform(),
            )
        freq = _hz(hopf.frequency, config)
        ax.axvline(freq, color="C1", ls=":", label=f"Im λ/2π at onset = {freq:.0f} Hz")
        ax.set_xlabel("frequency (Hz)")
        ax.set_ylabel("power of E (per Hz)")
        ax.set_ylim(bottom=1e-12)
        ax.legend(fontsize=8, loc="lower left")
    return fig


# ---------------------------------------------------------------------- agreement
AGREEMENT_SETTINGS: dict[str, dict[str, Any]] = {
    "lecture-example": {"tau_ratio": 20.0},
    "runaway": {"tau_ratio": 1.0},
    "slow-inhibition": {"tau_ratio": 40.0, "e0": 0.1},
    "denser": {"p": 0.1, "theta_e": 40.0, "theta_i": 60.0, "tau_ratio": 20.0},
    "driven": {"theta_e": 30.0, "drive_e": 10.0, "e0": 0.05, "tau_ratio": 20.0},
    "lecture-preset": {"preset": "lecture", "i0": 0.5, "e0": 0.1, "tau_ratio": 5.0},
    "small-n": {"n_e": 1600, "n_i": 400, "p": 0.25, "tau_ratio": 40.0},
}
"""Named settings of the ``agreement`` experiment: changes to the lecture's example."""


def agreement_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Agents against the mean field at several settings, GT with and without the correction.

    Each setting (see :data:`AGREEMENT_SETTINGS`) is run once as agents and compared
    with the ODE in units of its finite-size noise (:func:`agreement`), for GT with
    the continuity-corrected threshold and with T as printed; the stationary part
    (last half) is compared with the stable fixed point it settles at.
    """
    rows, courses = [], []
    for name in config["settings"]:
        if name not in AGREEMENT_SETTINGS:
            raise ValidationError(
                f"params.settings must name settings among {sorted(AGREEMENT_SETTINGS)}. "
                f"Got {name!r}."
            )
        changes = dict(AGREEMENT_SETTINGS[name])
        ratio = changes.pop("tau_ratio")
        params = _base_params(config, ratio).replace(**changes)
        graph = build_connectome(params, rng.spawn(1)[0])
        t_end = run_duration(params, config["duration"])
        agents, _ = _run_pair(params, graph, rng.spawn(1)[0], t_end, config["engine"])
        courses.append(agents.assign(setting=name, source="agents"))
        times = agents["time"].to_numpy()
        late = agents["time"] >= t_end / 2
        for continuity in (True, False):
            mf = MeanField(params, continuity=continuity)
            theory = mf.linear_noise(times=times)
            label = "ode" if continuity else "ode-uncorrected"
            courses.append(theory.assign(setting=name, source=label))
            end = theory.iloc[-1]
            rows.append(
                {
                    "setting": name,
                    "n_e": params.n_e,
                    "n_i": params.n_i,
                    "p": params.p,
                    "tau_ratio": ratio,
                    "preset": params.connectivity.name,
                    "continuity": continuity,
                    "outcome_agents": classify_outcome(agents.E, agents.I),
                    "outcome_ode": classify_outcome(theory.E, theory.I),
                    **agreement(agents, theory, params),
                    "E_agents_late": float(agents.E[late].mean()),
                    "I_agents_late": float(agents.I[late].mean()),
                    "E_ode_end": float(end.E),
                    "I_ode_end": float(end.I),
                    "sd_E_end": float(end.sd_E),
                    "sd_I_end": float(end.sd_I),
                }
            )
    table = pd.DataFrame(rows)
    courses_table = pd.concat(courses, ignore_index=True)
    return ExperimentResult(
        table=table,
        summary=_agreement_summary(table),
        figures={"agreement": _agreement_figure(courses_table, config)},
        tables={"timecourses": courses_table},
    )


def _agreement_summary(table: pd.DataFrame) -> str:
    lines = [
        "Agents vs mean field; z = (agents − ODE) / sigma_LNA(t), the finite-size sd of "
        "the linear noise approximation (about 1/sqrt(n)). If the agents are the ODE plus "
        "finite-size noise, RMS z is about 1.",
        f"{'setting':<16} {'GT threshold':<14} {'outcome':<10} {'RMS z E':>8} {'RMS z I':>8} "
        f"{'RMS dE':>8} {'RMS dI':>8} {'E late':>8} {'E ODE':>8} {'sd E':>8}",
    ]
    for r in table.itertuples():
        lines.append(
            f"{r.setting:<16} {'T + 1/2' if r.continuity else 'T':<14} {r.outcome_agents:<10} "
            f"{r.rms_z_E:8.2f} {r.rms_z_I:8.2f} {r.rms_E:8.4f} {r.rms_I:8.4f} "
            f"{r.E_agents_late:8.4f} {r.E_ode_end:8.4f} {r.sd_E_end:8.4f}"
        )
    both = table.pivot(index="setting", columns="continuity", values="rms_z_E")
    better = int((both[True] < 0.95 * both[False]).sum())
    worse = int((both[True] > 1.05 * both[False]).sum())
    lines.append(
        f"GT at T + 1/2 fits E better (RMS z lower by > 5%) in {better} of {len(both)} "
        f"settings, worse in {worse}, about as well in the rest."
    )
    return "\n".join(lines)


def _agreement_figure(courses: pd.DataFrame, config: dict[str, Any]) -> Any:
    names = list(dict.fromkeys(courses["setting"]))
    fig, axes = new_figure(len(names), 2, size=(11.0, 2.6 * len(names)))
    for row, name in enumerate(names):
        sub = courses[courses["setting"] == name]
        for col, (pop, color) in enumerate((("E", "C3"), ("I", "C0"))):
            ax = axes[row, col]
            ode = sub[sub["source"] == "ode"]
            ax.fill_between(
                ode["time"],
                np.clip(ode[pop] - 2 * ode[f"sd_{pop}"], 0, 1),
                np.clip(ode[pop] + 2 * ode[f"sd_{pop}"], 0, 1),
                color="0.8",
                label="ODE ± 2σ",
            )
            agents = sub[sub["source"] == "agents"]
            ax.plot(agents["time"], agents[pop], color=color, lw=0.8, label="agents")
            ax.plot(ode["time"], ode[pop], "k--", lw=1, label="ODE, GT at T + 1/2")
            raw = sub[sub["source"] == "ode-uncorrected"]
            ax.plot(raw["time"], raw[pop], color="C1", ls=":", lw=1.2, label="ODE, GT at T")
            ax.set_title(f"{name}: {pop}(t)", fontsize=10)
            ax.set_xlabel(f"time ({config['time_unit']})")
            if row == 0 and col == 0:
                ax.legend(fontsize=7)
    return fig


# ---------------------------------------------------------------------- phase
@functools.lru_cache(maxsize=2)
def _cached_connectome(n_e: int, n_i: int, p: float, preset: str, graph_seed: int) -> Connectome:
    params = EIParams(n_e=n_e, n_i=n_i, p=p, preset=preset)
    return build_connectome(params, np.random.default_rng([graph_seed, n_e, n_i]))


def phase_point(params: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """One point of the phase diagram: agents and mean field at these parameters.

    Runs for ``run_duration(params, duration)`` from (e0, i0) on the graph of
    (n_e, n_i, p, preset, graph_seed) (built once and reused across the points that
    share it), with its own clock and initial-state randomness from ``rng``.

    Args:
        params: ``n_e``, ``n_i``, ``p``, ``tau_ratio``, ``tau_i``, ``theta_e``,
            ``theta_i``, ``e0``, ``i0``, ``preset``, ``duration`` (in τ_E),
            ``graph_seed`` and ``engine``.
        rng: this run's generator.

    Returns:
        For ``agents`` and ``ode``: final E and I (mean of the last quarter), the
        peak-to-peak swing of E there, the outcome and the overshoots of E; and the
        balanced fixed point's E, I, kind and largest real part of its eigenvalues
        (NaN and ``"none"`` if there is none).

    Examples:
        >>> out = phase_point({"n_e": 800, "n_i": 200, "p": 0.5, "tau_ratio": 20.0,
        ...     "tau_i": 1.0, "theta_e": 20.0, "theta_i": 30.0, "e0": 0.2, "i0": 0.0,
        ...     "preset": "e-drives-i", "duration": 5.0, "graph_seed": 0,
        ...     "engine": "compiled"}, np.random.default_rng(0))
        >>> out["outcome_ode"], out["fp_kind"]
        ('steady', 'stable focus')
    """
    keys = ("n_e", "n_i", "p", "tau_i", "theta_e", "theta_i", "e0", "i0", "preset")
    ei = EIParams(
        **{k: params[k] for k in keys},
        tau_e=params["tau_ratio"] * params["tau_i"],
        where="phase_point",
    )
    graph = _cached_connectome(
        ei.n_e, ei.n_i, float(ei.p), str(ei.preset), int(params["graph_seed"])
    )
    model = EIModel(
        **{k: getattr(ei, k) for k in _PARAM_NAMES},
        rng=rng,
        engine=params["engine"],
        connectome=graph,
    )
    model.run_until(run_duration(ei, params["duration"]))
    agents = model.rates()
    mf = MeanField(ei)
    ode = mf.solve(times=agents["time"].to_numpy())
    point = balanced_point(mf)
    out: dict[str, Any] = {
        "fp_E": float("nan") if point is None else float(point.E),
        "fp_I": float("nan") if point is None else float(point.I),
        "fp_kind": "none" if point is None else str(point.kind),
        "fp_re": float("nan") if point is None else float(point.re1),
        "fp_im": float("nan") if point is None else abs(float(point.im1)),
    }
    for source, course in (("agents", agents), ("ode", ode)):
        tail = course.iloc[len(course) * 3 // 4 :]
        out[f"E_{source}"] = float(tail["E"].mean())
        out[f"I_{source}"] = float(tail["I"].mean())
        out[f"swing_{source}"] = float(np.ptp(tail["E"]))
        out[f"outcome_{source}"] = classify_outcome(course["E"], course["I"])
        out[f"overshoots_{source}"] = _overshoots(course, source, mf, point, 0.01)
    return out


def phase_experiment(config: dict[str, Any], rng: np.random.Generator) -> ExperimentResult:
    """Phase diagrams over (T_E, T_I) and over (τ_E/τ_I, p), agents and mean field.

    Each grid point is :func:`phase_point`; the grids run through
    :func:`neuroagents.sweep.sweep` (one tidy table, ``seeds`` runs a point).
    """
    from neuroagents.sweep import sweep

    fixed = {
        k: config[k] for k in ("n_e", "n_i", "e0", "i0", "tau_i", "preset", "duration", "engine")
    }
    fixed["graph_seed"] = int(rng.integers(2**31))
    root = int(rng.integers(2**31))
    tables = {}
    grids = {
        "thresholds": (
            {"theta_e": config["theta_e_values"], "theta_i": config["theta_i_values"]},
            {"p": config["p"], "tau_ratio": config["tau_ratio"]},
        ),
        "ratio_p": (
            {"p": config["p_values"], "tau_ratio": config["tau_ratio_values"]},
            {"theta_e": config["theta_e"], "theta_i": config["theta_i"]},
        ),
    }
    for name, (grid, extra) in grids.items():
        frame = sweep(
            phase_point,
            grid=grid,
            seeds=config["seeds"],
            params={**fixed, **extra},
            backend=config["backend"],
            root_seed=root,
            progress=False,
        )
        failed = frame[frame["status"] != "ok"]
        if not failed.empty:
            raise RuntimeError(f"phase sweep '{name}' failed:\n{failed['traceback'].iloc[0]}")
        tables[name] = frame.assign(grid=name)
    table = pd.concat(tables.values(), ignore_index=True)
    table = table.drop(columns=[c for c in ("error", "traceback") if c in table])
    figures = {
        "phase_thresholds": _phase_figure(
            tables["thresholds"], "theta_e", "theta_i", "threshold T_E", "threshold T_I"
        ),
        "phase_ratio_p": _phase_figure(
            tables["ratio_p"], "tau_ratio", "p", "τ_E / τ_I", "connection probability p"
        ),
    }
    return ExperimentResult(table=table, summary=_phase_summary(tables, config), figures=figures)


OUTCOMES = ("silent", "steady", "oscillating", "runaway")


def _phase_summary(tables: dict[str, pd.DataFrame], config: dict[str, Any]) -> str:
    lines = [
        f"Phase diagrams, n_E = {config['n_e']}, n_I = {config['n_i']}, start "
        f"({config['e0']}, {config['i0']}), {config['seeds']} seed(s) a point."
    ]
    for name, frame in tables.items():
        same = (frame["outcome_agents"] == frame["outcome_ode"]).mean()
        steady = frame[(frame["outcome_agents"] == "steady") & (frame["outcome_ode"] == "steady")]
        err = (steady["E_agents"] - steady["E_ode"]).abs()
        lines.append(
            f"  {name}: {len(frame)} runs; agents and ODE reach the same outcome in "
            f"{same:.0%}; where both are steady, |E_agents − E_ode| has median "
            f"{err.median():.4f} and max {err.max():.4f}."
        )
        counts = frame["outcome_agents"].value_counts().reindex(OUTCOMES, fill_value=0)
        lines.append("    agents' outcomes: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return "\n".join(lines)


def _phase_figure(frame: pd.DataFrame, x: str, y: str, xlabel: str, ylabel: str) -> Any:
    from matplotlib.colors import BoundaryNorm, ListedColormap

    means = frame.groupby([y, x]).agg(
        E_agents=("E_agents", "mean"),
        E_ode=("E_ode", "mean"),
        swing_agents=("swing_agents", "mean"),
        swing_ode=("swing_ode", "mean"),
        outcome_agents=("outcome_agents", lambda s: s.mode().iloc[0]),
        outcome_ode=("outcome_ode", lambda s: s.mode().iloc[0]),
        fp_re=("fp_re", "first"),
    )
    xs = sorted(frame[x].unique())
    ys = sorted(frame[y].unique())

    def grid(column: str, code: bool = False) -> np.ndarray:
        values = means[column].unstack(x).reindex(index=ys, columns=xs)
        if code:
            return values.apply(lambda col: col.map(OUTCOMES.index)).to_numpy(dtype=float)
        return values.to_numpy(dtype=float)

    fig, axes = new_figure(3, 2, size=(10.0, 11.0))
    cmap = ListedColormap(["#444444", "#4c9f70", "#e0a030", "#c03030"])
    norm = BoundaryNorm(np.arange(-0.5, len(OUTCOMES)), cmap.N)
    panels = [
        ("E_agents", "E_ode", "final E", "viridis", None),
        ("swing_agents", "swing_ode", "E swing (peak to peak, last quarter)", "magma", None),
        ("outcome_agents", "outcome_ode", "outcome", cmap, norm),
    ]
    stable = grid("fp_re")
    crossing = bool(np.isfinite(stable).any() and np.nanmin(stable) < 0 < np.nanmax(stable))
    for row, (left, right, title, cm, nm) in enumerate(panels):
        code = left.startswith("outcome")
        vmax = np.nanmax([grid(left, code), grid(right, code)])
        for col, column in enumerate((left, right)):
            ax = axes[row, col]
            data = grid(column, code)
            kwargs = {"norm": nm} if nm is not None else {"vmin": 0, "vmax": vmax}
            mesh = ax.pcolormesh(_edges(xs), _edges(ys), data, cmap=cm, shading="flat", **kwargs)
            if crossing:
                ax.contour(xs, ys, stable, levels=[0.0], colors="w", linewidths=1.5)
            ax.set_title(f"{'agents' if col == 0 else 'mean field'}: {title}", fontsize=10)
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            if x == "tau_ratio":
                ax.set_xscale("log")
            bar = fig.colorbar(mesh, ax=ax)
            if code:
                bar.set_ticks(range(len(OUTCOMES)))
                bar.set_ticklabels(OUTCOMES)
    if crossing:
        fig.suptitle(
            "white line: the balanced fixed point changes stability (Re λ = 0; a Hopf bifurcation)",
            fontsize=9,
        )
    return fig


def _edges(values: Sequence[float]) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    if len(v) == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    if np.all(v > 0) and v[-1] / v[0] > 10:
        mids = np.sqrt(v[:-1] * v[1:])
        return np.concatenate([[v[0] ** 2 / mids[0]], mids, [v[-1] ** 2 / mids[-1]]])
    mids = (v[:-1] + v[1:]) / 2
    return np.concatenate([[2 * v[0] - mids[0]], mids, [2 * v[-1] - mids[-1]]])


# ---------------------------------------------------------------------- registry
def _network_params(**overrides: Any) -> dict[str, Param]:
    params = {
        "n_e": Param(8000, "number of E neurons", low=1),
        "n_i": Param(2000, "number of I neurons", low=1),
        "p": Param(0.05, "connection probability", low=0.0, high=1.0),
        "theta_e": Param(20.0, "E threshold T_E (active iff input > T_E)"),
        "theta_i": Param(30.0, "I threshold T_I"),
        "e0": Param(0.2, "fraction of E active at time 0", low=0.0, high=1.0),
        "i0": Param(0.0, "fraction of I active at time 0", low=0.0, high=1.0),
        "tau_i": Param(5.0, "I time constant (in time_unit)", low=1e-9),
        "preset": Param("e-drives-i", "wiring", choices=PRESETS),
        "engine": Param("compiled", "compiled or agents", choices=("compiled", "agents")),
        "duration": Param(15.0, "run length in E time constants (at least 60 tau_I)", low=0.1),
        "time_unit": Param("ms", "the unit of tau and time", choices=tuple(TIME_UNITS)),
    }
    params.update(overrides)
    return params


EXPERIMENTS = {
    "balance": Experiment(
        name="balance",
        description="time courses vs tau_E/tau_I, agents and ODE; overshoots; Hopf point",
        params=_network_params(
            ratios=Param([1.0, 5.0, 20.0], "tau_E/tau_I of the time-course figure"),
            scan_ratios=Param(
                [
                    1.0,
                    2.0,
                    4.0,
                    6.0,
                    8.0,
                    10.0,
                    12.0,
                    14.0,
                    16.0,
                    17.0,
                    18.0,
                    20.0,
                    25.0,
                    30.0,
                    40.0,
                    60.0,
                    100.0,
                ],
                "tau_E/tau_I of the overshoot scan",
            ),
            scan_seeds=Param(2, "agent runs per scanned ratio", low=0),
            band_fraction=Param(0.01, "ODE overshoot band, as a fraction of E*", low=0.0),
            below_hopf=Param(0.85, "second Hopf run at this fraction of the Hopf ratio", low=0.0),
            spectrum_dt=Param(1.0, "sampling interval of the Hopf runs (time_unit)", low=1e-9),
            spectrum_duration=Param(4000.0, "length of the Hopf runs (time_unit)", low=1.0),
        ),
        run=balance_experiment,
        quick={
            "n_e": 1600,
            "n_i": 400,
            "p": 0.25,
            "scan_ratios": [1.0, 40.0],
            "scan_seeds": 1,
            "duration": 6.0,
            "spectrum_duration": 400.0,
        },
    ),
    "agreement": Experiment(
        name="agreement",
        description="agents vs mean field at several settings, GT at T + 1/2 and at T",
        params=_network_params(
            settings=Param(list(AGREEMENT_SETTINGS), "names from AGREEMENT_SETTINGS"),
        ),
        run=agreement_experiment,
        quick={
            "n_e": 1600,
            "n_i": 400,
            "p": 0.25,
            "settings": ["runaway", "small-n"],
            "duration": 8.0,
        },
    ),
    "phase": Experiment(
        name="phase",
        description="phase diagrams over (T_E, T_I) and (tau_E/tau_I, p), agents and ODE",
        params=_network_params(
            tau_ratio=Param(20.0, "tau_E/tau_I of the threshold grid", low=1e-9),
            theta_e_values=Param([10.0 + 2.5 * k for k in range(13)], "T_E grid"),
            theta_i_values=Param([15.0 + 3.0 * k for k in range(12)], "T_I grid"),
            p_values=Param([0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1], "p grid"),
            tau_ratio_values=Param(
                [1.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0, 30.0, 40.0], "tau_E/tau_I grid"
            ),
            seeds=Param(1, "agent runs per grid point", low=1),
            backend=Param("serial", "sweep backend", choices=("serial", "processes", "dask")),
        ),
        run=phase_experiment,
        quick={
            "n_e": 800,
            "n_i": 200,
            "p": 0.5,
            "theta_e_values": [15.0, 25.0],
            "theta_i_values": [20.0, 40.0],
            "p_values": [0.25, 0.5],
            "tau_ratio_values": [2.0, 20.0],
            "duration": 6.0,
        },
    ),
}
