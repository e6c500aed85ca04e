"""The Hopfield-Tank network: n x n graded-response neurons that encode a tour.

Neuron (X, i) says "city X is visited at position i"; its output is
``V = 1/2 (1 + tanh(u / u0))``, a sigmoid of gain ``2 / u0``. Hopfield & Tank (1985)
chose the energy

    E = A/2 sum_X sum_i sum_{j != i} V_Xi V_Xj          (one position per city)
      + B/2 sum_i sum_X sum_{Y != X} V_Xi V_Yi          (one city per position)
      + C/2 (sum_X sum_i V_Xi - n')^2                   (n' neurons on in all)
      + D/2 sum_X sum_{Y != X} sum_i d_XY V_Xi (V_Y,i+1 + V_Y,i-1)   (tour length)

whose quadratic form gives the weights and bias

    T_Xi,Yj = -A d_XY (1 - d_ij) - B d_ij (1 - d_XY) - C - D d_XY (d_j,i+1 + d_j,i-1),
    I_Xi = C n'

(here ``d_..`` with two indices is Kronecker's delta, ``d_XY`` the distance), so that
``du/dt = -u / tau + sum T V + I`` is a :class:`~neuroagents.sim.rules.GradedResponse` net
with ``W = T`` and ``drive = I``, and ``model.energy() = E - C n'^2 / 2 + leak term``.
The row/column form (Brandt et al. 1988) replaces the A, B and C terms by
``A/2 sum_X (sum_i V_Xi - 1)^2 + B/2 sum_i (sum_X V_Xi - 1)^2``: every permutation
matrix is then equally penalty-free, without the global target n'.

Pieces:
    TankParams: A, B, C, D, u0, n' and the form of the energy (the 1985 values default).
    tank_weights: the weights T and the bias I of an instance (refused up front when
        they cannot fit in memory; ``tank_bytes`` is the estimate).
    tank_energy: the energy above, computed directly from V (an independent check).
    paper_potential: the 1985 initial condition, u00 (sum V = n) plus uniform noise.
    decode_tour: a final state as a tour, valid or not, and whether it is ambiguous.
    TankModel: the network as a NeuralModel on one instance.

References:
    J. J. Hopfield and D. W. Tank, "'Neural' computation of decisions in optimization
    problems", Biological Cybernetics 52, 141 (1985).
    G. V. Wilson and G. S. Pawley, "On the stability of the travelling salesman problem
    algorithm of Hopfield and Tank", Biological Cybernetics 58, 63 (1988).
    R. D. Brandt, Y. Wang, A. J. Laub and S. K. Mitra, "Alternative networks for solving
    the traveling salesman problem and the list-matching problem", Proc. IEEE ICNN II,
    333 (1988).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Self

import numpy as np

from neuroagents.connectome import Connectome
from neuroagents.models.hopfield_tank.tsp import check_distances, distance_matrix, random_cities
from neuroagents.params import ConfigParams
from neuroagents.sim.model import NeuralModel
from neuroagents.sim.rules import GradedResponse
from neuroagents.validation import as_generator, check_choice, check_memory, check_real

__all__ = [
    "FORMS",
    "OUTCOMES",
    "TankModel",
    "TankParams",
    "decode_tour",
    "paper_potential",
    "tank_bytes",
    "tank_energy",
    "tank_weights",
]

FORMS = ("1985", "rowcol")
"""Energies: Hopfield & Tank's (global target n') and the row/column penalty form."""

OUTCOMES = ("valid", "invalid", "unsettled")
"""Where a run ends: a permutation matrix; a saturated non-permutation; still graded."""


@dataclass(frozen=True, slots=True)
class TankParams(ConfigParams):
    """The penalty weights and gain of a Hopfield-Tank net (defaults: the 1985 paper).

    Attributes:
        A: one position per city (row) penalty.
        B: one city per position (column) penalty.
        C: global penalty pulling ``sum V`` to ``n_prime`` (unused in the rowcol form).
        D: tour-length weight.
        u0: the gain scale, ``V = 1/2 (1 + tanh(u / u0))``.
        n_prime: the global target (15 for 10 cities in the paper, not 10).
        form: ``"1985"`` or ``"rowcol"`` (see the module docstring).
    """

    A: float = 500.0
    B: float = 500.0
    C: float = 200.0
    D: float = 500.0
    u0: float = 0.02
    n_prime: float = 15.0
    form: str = "1985"

    def __post_init__(self) -> None:
        for name in ("A", "B", "C", "D"):
            check_real(name, getattr(self, name), "TankParams", low=0)
        check_real("u0", self.u0, "TankParams", low=0, low_open=True)
        check_real("n_prime", self.n_prime, "TankParams", low=0)
        check_choice("form", self.form, "TankParams", FORMS)

    @property
    def gain(self) -> float:
        """The sigmoid gain ``2 / u0`` of ``V = 1/2 (1 + tanh(u / u0))``."""
        return 2.0 / self.u0


# Peak of tank_weights and of building a TankModel, in dense (n^2, n^2) float64 arrays
# (measured with tracemalloc at n = 20: 4.01).
_PEAK_ARRAYS = 4


def tank_bytes(n: int) -> int:
    """Peak memory of building the net of ``n`` cities: 4 dense (n^2 x n^2) float64 arrays.

    Examples:
        >>> round(tank_bytes(200) / 2**30, 1)  # GiB: far beyond a laptop
        47.7
    """
    return _PEAK_ARRAYS * 8 * n**4


def tank_weights(d: np.ndarray, params: TankParams | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Weights ``T[(X,i), (Y,j)]`` and bias ``I[(X,i)]`` of the energy, neuron index ``X n + i``.

    Args:
        d: the (n, n) distance matrix.
        params: the penalties (default: the 1985 values).

    Returns:
        ``(T, I)``: an (n^2, n^2) symmetric matrix (target, source) and an n^2 vector.

    Examples:
        >>> T, I = tank_weights(np.ones((3, 3)) - np.eye(3))
        >>> T.shape, float(T[0, 0]), float(I[0])      # self-weight -C; bias C n'
        ((9, 9), -200.0, 3000.0)
    """
    d = check_distances(d, "tank_weights")
    p = params or TankParams()
    n = d.shape[0]
    check_memory(f"tank_weights of {n} cities ({n * n} neurons)", tank_bytes(n))
    eye, ones = np.eye(n), np.ones((n, n))
    # neighbours[i, j] = 1 where j = i +- 1 (mod n): adjacent positions on the closed tour.
    neighbours = np.roll(eye, 1, axis=1) + np.roll(eye, -1, axis=1)
    tour = -p.D * np.kron(d, neighbours)
    if p.form == "1985":
        T = -p.A * np.kron(eye, ones - eye) - p.B * np.kron(ones - eye, eye) - p.C + tour
        bias = np.full(n * n, p.C * p.n_prime)
    else:
        T = -p.A * np.kron(eye, ones) - p.B * np.kron(ones, eye) + p.C * np.eye(n * n) + tour
        bias = np.full(n * n, p.A + p.B - p.C / 2)
    return T, bias


def tank_energy(V: np.ndarray, d: np.ndarray, params: TankParams | None = None) -> float:
    """The penalty-plus-length energy of outputs ``V[X, i]``, term by term as published.

    Written from the sums of the module docstring, independently of
    :func:`tank_weights`: ``-1/2 V.T.V - I.V`` equals it minus ``C n'^2 / 2`` (1985
    form) or minus ``(A + B) n / 2`` (rowcol form).
    """
    d = check_distances(d, "tank_energy")
    p = params or TankParams()
    V = np.asarray(V, dtype=np.float64).reshape(d.shape)
    rows, cols = V.sum(axis=1), V.sum(axis=0)
    neighbours = np.roll(V, 1, axis=1) + np.roll(V, -1, axis=1)  # V_Y,i-1 + V_Y,i+1
    length = p.D / 2 * float(np.sum(V * (d @ neighbours)))
    if p.form == "rowcol":
        rowcol = p.A / 2 * float(np.sum((rows - 1) ** 2)) + p.B / 2 * float(np.sum((cols - 1) ** 2))
        return rowcol + p.C / 2 * float(np.sum(V * (1 - V))) + length
    same_city = float(np.sum(rows**2) - np.sum(V**2))
    same_position = float(np.sum(cols**2) - np.sum(V**2))
    total = p.C / 2 * (V.sum() - p.n_prime) ** 2
    return p.A / 2 * same_city + p.B / 2 * same_position + total + length


def paper_potential(n: int, u0: float, rng: Any = None, noise: float = 0.1) -> np.ndarray:
    """The 1985 initial condition: ``u = u00 + du``, ``du`` uniform in ``±noise u0``.

    ``u00 = u0 artanh(2 / n - 1)`` gives every neuron ``V = 1 / n``, so ``sum V = n``.

    Examples:
        >>> u = paper_potential(10, 0.02, rng=0, noise=0.0)
        >>> round(float((0.5 * (1 + np.tanh(u / 0.02))).sum()), 6)
        10.0
    """
    check_real("noise", noise, "paper_potential", low=0)
    u00 = u0 * np.arctanh(2.0 / n - 1.0)
    du = as_generator(rng, "paper_potential").uniform(-noise * u0, noise * u0, n * n)
    return u00 + du


def decode_tour(V: np.ndarray, threshold: float = 0.5, band: float = 0.1) -> dict[str, Any]:
    """Read a final state ``V[X, i]`` (n x n, or flat) as a tour.

    A neuron is on when ``V > threshold``; the state is **valid** when the on-neurons
    form a permutation matrix (exactly one per row and per column), and the tour lists
    the city at each position. It is **ambiguous** when some neuron is still graded,
    ``band < V < 1 - band``: its reading depends on the threshold.

    Returns:
        ``outcome`` (one of :data:`OUTCOMES`: valid; invalid = saturated but not a
        permutation; unsettled = ambiguous and not valid), ``valid``, ``ambiguous``
        (count of graded neurons), ``on`` (count of on-neurons), ``tour`` (list or None).

    Examples:
        >>> decode_tour(np.eye(3)[[2, 0, 1]])["tour"]
        [1, 2, 0]
    """
    V = np.asarray(V, dtype=np.float64)
    n = math.isqrt(V.size)
    V = V.reshape(n, n)
    on = V > threshold
    valid = bool((on.sum(axis=0) == 1).all() and (on.sum(axis=1) == 1).all())
    ambiguous = int(((V > band) & (V < 1 - band)).sum())
    tour = [int(x) for x in np.argmax(on, axis=0)] if valid else None
    outcome = "valid" if valid else ("unsettled" if ambiguous else "invalid")
    return {
        "outcome": outcome,
        "valid": valid,
        "ambiguous": ambiguous,
        "on": int(on.sum()),
        "tour": tour,
    }


class TankModel(NeuralModel):
    """The Hopfield-Tank net on one instance: a synchronous graded-response NeuralModel.

    ``du/dt = -u + sum T V + I`` (tau = 1, as in the paper) with the weights and bias of
    :func:`tank_weights`, integrated with step ``dt`` (the paper's runs, as Wilson &
    Pawley repeated them, used 1e-5). The recorder's table has the energy (Hopfield's
    1984 Lyapunov function, which never increases along the exact dynamics).

    Args:
        distances: the (n, n) distance matrix.
        params: the penalties and gain (default: the 1985 values).
        dt: integration step.
        rng: seed, SeedSequence or Generator (for the noisy starts).
        **kwargs: passed to :class:`~neuroagents.sim.model.NeuralModel` (``record_every``…).

    Examples:
        >>> from neuroagents.models.hopfield_tank import distance_matrix, random_cities
        >>> m = TankModel(distance_matrix(random_cities(10, rng=0)), rng=0)
        >>> m.paper_start()
        >>> e0 = m.energy()
        >>> m.run_until(0.01)
        >>> m.energy() < e0, sorted(m.decode())[:3]
        (True, ['ambiguous', 'on', 'outcome'])
    """

    default_model_reporters: ClassVar[dict[str, Any]] = {"energy": NeuralModel.energy}

    def __init__(
        self,
        distances: np.ndarray,
        params: TankParams | None = None,
        *,
        dt: float = 1e-5,
        rng: Any = None,
        record_every: float | str | None = None,
        **kwargs: Any,
    ) -> None:
        self.distances = check_distances(distances, "TankModel")
        self.params = params or TankParams()
        self.cities = self.distances.shape[0]
        T, bias = tank_weights(self.distances, self.params)
        super().__init__(
            Connectome.from_matrix(T, weight_dtype="float64"),
            rule=GradedResponse("sigmoid", gain=self.params.gain),
            scheduler="sync",
            drive=bias,
            dt=dt,
            rng=rng,
            record_every=record_every,
            **kwargs,
        )

    @classmethod
    def from_params(
        cls,
        params: TankParams,
        distances: np.ndarray | None = None,
        *,
        rng: Any = None,
        **kwargs: Any,
    ) -> Self:
        """The net of ``params`` on an instance, started as in the 1985 paper.

        Args:
            params: the penalties and gain.
            distances: the (n, n) distance matrix; default a random 10-city instance
                in the unit square drawn from ``rng``.
            rng: seed, SeedSequence or Generator (the instance, the noisy start).
            **kwargs: passed to :class:`TankModel` (``dt``, ``record_every`` …).

        Examples:
            >>> m = TankModel.from_params(TankParams(), rng=0)
            >>> m.cities, m.params == TankParams()
            (10, True)
        """
        cities_rng, model_rng = as_generator(rng, "TankModel").spawn(2)
        if distances is None:
            distances = distance_matrix(random_cities(10, rng=cities_rng))
        model = cls(distances, params, rng=model_rng, **kwargs)
        model.paper_start()
        return model

    def paper_start(self, noise: float = 0.1) -> None:
        """Set the potentials to the 1985 initial condition (:func:`paper_potential`)."""
        self.set_potential(paper_potential(self.cities, self.params.u0, self.rng, noise))

    @property
    def outputs(self) -> np.ndarray:
        """The outputs as an (n, n) matrix ``V[city, position]``."""
        return self.state.reshape(self.cities, self.cities)

    def decode(self, threshold: float = 0.5, band: float = 0.1) -> dict[str, Any]:
        """The current state as a tour (:func:`decode_tour`)."""
        return decode_tour(self.state, threshold, band)
