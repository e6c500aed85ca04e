"""E–I parameters: the wiring presets and the parameter set agents and mean field share.

They sit apart so that the agents (:mod:`~neuroagents.models.ei.network`) and the mean
field (:mod:`~neuroagents.models.ei.mean_field`) both build on them without importing
each other; :mod:`neuroagents.models.ei` re-exports every piece and describes the two
presets.

Pieces:
    POPULATIONS: ``("E", "I")``, the order of every 2-vector and 2×2 table.
    PRESETS, Connectivity: who synapses onto whom, with which probability and weight.
    EIParams: the parameters the agents and the mean field share, validated once.
    DEFAULTS: ``EIParams()``. The dataclass's fields are the one place each E–I default
        is set; EIModel, mean_field and the experiments' parameters read them here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.params import ConfigParams
from neuroagents.validation import check_choice, check_int, check_real

__all__ = [
    "DEFAULTS",
    "POPULATIONS",
    "PRESETS",
    "Connectivity",
    "EIParams",
]

POPULATIONS = ("E", "I")
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
        """``(p, weights)`` dictionaries for ``neuroagents.connectome.builders.gnp_populations``."""
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
class EIParams(ConfigParams):
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
            if self.preset not in PRESETS:
                raise ValidationError(
                    f"The 'preset' parameter of {w} must be one of {list(PRESETS)} or a "
                    f"Connectivity table. Got {self.preset!r} instead."
                )
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

DEFAULTS = EIParams()
"""The default E–I parameters (``DEFAULTS.tau_e`` …), read by every signature that has them."""
