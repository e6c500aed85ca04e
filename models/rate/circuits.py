"""The lecture's small rate circuits as models of the contract (NeuralModel subclasses).

Pieces:
    LinearCircuitParams, LinearCircuit: ``tau dv/dt = h + (M - I) v`` (linear rate
        neurons, float64 weights); ``from_params`` builds M with a chosen spectrum in a
        random orthonormal basis and drives it along e_1.
    ThresholdLinearParams, ThresholdLinear: ``tau dv/dt = -v + [h + M v - T]+`` (relu
        rate neurons); ``from_params`` builds the winner-take-all circuit.
    EIPairParams, EIPair: the 2-D E-I pair ``tau_a da/dt = -a + tanh(sum_b w_ab b)``.

Each class is a :class:`~neuroagents.sim.model.NeuralModel` whose neurons are Mesa
agents, with the Mesa verbs (``step``, ``run_for``, ``run_until``,
``run_until_stable``), built from its weights by the constructor or from its frozen
parameters dataclass by ``from_params(params, rng=...)`` (docs/contract.md). They replace
the factory functions ``linear_circuit``, ``threshold_linear`` and ``ei_pair`` of
:mod:`neuroagents.models.rate.network`, which still work for one release with a
DeprecationWarning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

import numpy as np

import neuroagents as na
from neuroagents.params import ConfigParams
from neuroagents.runner.config_connectome import with_weights
from neuroagents.validation import as_generator, check_int, check_real

__all__ = [
    "EIPair",
    "EIPairParams",
    "LinearCircuit",
    "LinearCircuitParams",
    "ThresholdLinear",
    "ThresholdLinearParams",
]


def _float64(M: Any, like: na.Connectome | None) -> na.Connectome:
    """The weights ``M`` as a float64 connectome (``like``: its node ids and attributes)."""
    w = np.asarray(M, dtype=np.float64)
    if like is None:
        return na.Connectome.from_matrix(w, weight_dtype="float64")
    return with_weights(like, w, weight_dtype="float64")


class LinearCircuit(na.NeuralModel):
    """The lecture's linear circuit ``tau dv/dt = h + (M - I) v``.

    Linear rate neurons, synchronous steps of ``dt``, float64 weights (so that
    ``1 - lambda_1 = 1e-3`` is not lost to float32 rounding). Forward Euler multiplies
    mode k by ``1 - (dt/tau)(1 - lambda_k)`` a step: the slow modes the lecture is about
    are integrated with relative error ``(dt/tau)(1 - lambda_k) / 2`` in their rates.

    Args:
        M: the weights (n x n, ``M[i, j]`` from j to i).
        h: the constant drive (a number or one per neuron).
        tau: the neurons' time constant.
        dt: the step.
        integrator: ``"euler"`` (forward Euler) or ``"exponential"``.
        like: a connectome whose node ids and attributes the neurons take.
        rng: seed, SeedSequence or Generator (the dynamics draw none).
        **kwargs: passed to :class:`~neuroagents.sim.model.NeuralModel`.

    Examples:
        >>> m = LinearCircuit(np.array([[0.5]]), [1.0])
        >>> m.run_until(40.0)
        >>> round(float(m.state[0]), 6)   # h / (1 - lambda) = 2
        2.0
    """

    def __init__(
        self,
        M: Any,
        h: Any = 0.0,
        *,
        tau: Any = 1.0,
        dt: float = 0.02,
        integrator: str = "euler",
        like: na.Connectome | None = None,
        rng: Any = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("record_every", None)
        super().__init__(
            _float64(M, like), rule="linear", scheduler="sync", tau=tau, dt=dt, drive=h,
            integrator=integrator, rng=rng, **kwargs,
        )  # fmt: skip

    @classmethod
    def from_params(cls, params: LinearCircuitParams, *, rng: Any = None, **kwargs: Any) -> Self:
        """``M = E diag(eigenvalues) E^T`` in a random basis E (from ``rng``), ``h = drive e_1``.

        Examples:
            >>> p = LinearCircuitParams(eigenvalues=(0.9, 0.5, 0.0), drive=1.0)
            >>> m = LinearCircuit.from_params(p, rng=0)
            >>> m.run_until(200.0)
            >>> round(float(m.basis[:, 0] @ m.state), 4)   # drive / (1 - lambda_1)
            10.0
        """
        from neuroagents.models.rate.network import symmetric_with_spectrum

        kwargs.setdefault("record_every", "auto")  # the contract's recorder table
        basis_rng, model_rng = as_generator(rng, cls.__name__).spawn(2)
        M, E = symmetric_with_spectrum(params.eigenvalues, basis_rng)
        model = cls(M, params.drive * E[:, 0], tau=params.tau, dt=params.dt, rng=model_rng,
                    **kwargs)  # fmt: skip
        model.params, model.basis = params, E
        return model


@dataclass(frozen=True)
class LinearCircuitParams(ConfigParams):
    """A linear circuit's parameters: M's spectrum, the drive along e_1, tau and dt.

    Attributes:
        eigenvalues: lambda_1, lambda_2, ... of M (n = their number; each <= 1).
        drive: the drive's size along e_1.
        tau: the neurons' time constant.
        dt: the forward-Euler step.
    """

    eigenvalues: tuple[float, ...] = (0.9, 0.5, 0.3, 0.0)
    drive: float = 1.0
    tau: float = 1.0
    dt: float = 0.02

    def __post_init__(self) -> None:
        where = "LinearCircuitParams"
        check_int("eigenvalues' count", len(self.eigenvalues), where, low=1)
        for k, lam in enumerate(self.eigenvalues):
            check_real(f"eigenvalues[{k}]", lam, where, high=1.0)
        check_real("drive", self.drive, where)
        for name in ("tau", "dt"):
            check_real(name, getattr(self, name), where, low=0, low_open=True)


class ThresholdLinear(na.NeuralModel):
    """``tau dv/dt = -v + [h + M v - T]+`` (relu rate neurons, sync, exponential Euler).

    Args:
        M: the weights (n x n).
        h: the constant drive.
        threshold: T (a number or one per neuron).
        tau: the neurons' time constant.
        dt: the step.
        like: a connectome whose node ids and attributes the neurons take.
        rng: seed, SeedSequence or Generator (the dynamics draw none).
        **kwargs: passed to :class:`~neuroagents.sim.model.NeuralModel`.

    Examples:
        >>> m = ThresholdLinear(np.array([[0.0, -2.0], [-2.0, 0.0]]), [1.0, 0.9])
        >>> m.run_until(30.0)
        >>> np.round(m.state, 3).tolist()   # the better-driven unit wins
        [1.0, 0.0]
    """

    def __init__(
        self,
        M: Any,
        h: Any = 0.0,
        *,
        threshold: Any = 0.0,
        tau: Any = 1.0,
        dt: float = 0.01,
        like: na.Connectome | None = None,
        rng: Any = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("record_every", None)
        super().__init__(
            _float64(M, like), rule="relu", scheduler="sync", tau=tau, dt=dt, drive=h,
            threshold=threshold, rng=rng, **kwargs,
        )  # fmt: skip

    @classmethod
    def from_params(cls, params: ThresholdLinearParams, *, rng: Any = None, **kwargs: Any) -> Self:
        """The winner-take-all circuit: every unit driven by ``drive``, started at random.

        Starts from uniform(0, 1) rates (from ``rng``); the winner is the unit the start
        favours.
        """
        from neuroagents.models.rate.network import winner_take_all_weights

        kwargs.setdefault("record_every", "auto")  # the contract's recorder table
        start_rng, model_rng = as_generator(rng, cls.__name__).spawn(2)
        M = winner_take_all_weights(params.n, params.alpha, params.beta)
        model = cls(M, params.drive, tau=params.tau, dt=params.dt, rng=model_rng, **kwargs)
        model.set_state(start_rng.uniform(0.0, 1.0, params.n))
        model.params = params
        return model


@dataclass(frozen=True)
class ThresholdLinearParams(ConfigParams):
    """A winner-take-all threshold-linear circuit (:func:`winner_take_all_weights`).

    Attributes:
        n: units.
        alpha: self-excitation (< 1 for a stable winner).
        beta: mutual inhibition (> 1 - alpha for a single winner).
        drive: every unit's drive h.
        tau: the neurons' time constant.
        dt: the step.
    """

    n: int = 5
    alpha: float = 0.5
    beta: float = 1.0
    drive: float = 1.0
    tau: float = 1.0
    dt: float = 0.01

    def __post_init__(self) -> None:
        where = "ThresholdLinearParams"
        check_int("n", self.n, where, low=2)
        check_real("alpha", self.alpha, where)
        check_real("beta", self.beta, where, low=0)
        check_real("drive", self.drive, where)
        for name in ("tau", "dt"):
            check_real(name, getattr(self, name), where, low=0, low_open=True)


class EIPair(na.NeuralModel):
    """The E-I pair ``tau_a da/dt = -a + tanh(sum_b w_ab b)`` (two tanh rate neurons).

    ``tau_E dE/dt = -E + tanh(w_EE E - w_EI I)``, ``tau_I dI/dt = -I + tanh(w_IE E -
    w_II I)``: Wilson-Cowan's form with a sigmoid symmetric about 0 (tanh), so (0, 0) is
    always a fixed point, with Jacobian
    ``[[(w_EE - 1)/tau_E, -w_EI/tau_E], [w_IE/tau_I, -(1 + w_II)/tau_I]]``.

    Examples:
        >>> m = EIPair(0.5, 1.0, 1.0)
        >>> m.set_state([0.5, 0.0])
        >>> m.run_until(50.0)
        >>> bool(np.abs(m.state).max() < 1e-6)   # below the Hopf point: the origin
        True
    """

    def __init__(
        self,
        w_ee: float,
        w_ei: float,
        w_ie: float,
        w_ii: float = 0.0,
        *,
        tau_e: float = 1.0,
        tau_i: float = 1.0,
        dt: float = 0.01,
        rng: Any = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("record_every", None)
        w = np.array([[w_ee, -w_ei], [w_ie, -w_ii]])
        super().__init__(
            _float64(w, None), rule="tanh", scheduler="sync", dt=dt, tau=[tau_e, tau_i],
            rng=rng, **kwargs,
        )  # fmt: skip

    @classmethod
    def from_params(cls, params: EIPairParams, *, rng: Any = None, **kwargs: Any) -> Self:
        """The pair of ``params``, started at ``(e0, i0)`` (the dynamics draw no random numbers)."""
        kwargs.setdefault("record_every", "auto")  # the contract's recorder table
        model = cls(
            params.w_ee, params.w_ei, params.w_ie, params.w_ii, tau_e=params.tau_e,
            tau_i=params.tau_i, dt=params.dt, rng=rng, **kwargs,
        )  # fmt: skip
        model.set_state([params.e0, params.i0])
        model.params = params
        return model


@dataclass(frozen=True)
class EIPairParams(ConfigParams):
    """The E-I pair's weights and time constants.

    Attributes:
        w_ee, w_ei, w_ie, w_ii: the weights (E -> E, I -> E, E -> I, I -> I; >= 0).
        tau_e, tau_i: the time constants.
        dt: the exponential-Euler step.
        e0, i0: the starting activities (in [-1, 1], tanh's range).
    """

    w_ee: float = 2.0
    w_ei: float = 2.0
    w_ie: float = 2.0
    w_ii: float = 0.0
    tau_e: float = 1.0
    tau_i: float = 1.0
    dt: float = 0.01
    e0: float = 0.5
    i0: float = 0.0

    def __post_init__(self) -> None:
        where = "EIPairParams"
        for name in ("e0", "i0"):
            check_real(name, getattr(self, name), where, low=-1.0, high=1.0)
        for name in ("w_ee", "w_ei", "w_ie", "w_ii"):
            check_real(name, getattr(self, name), where, low=0)
        for name in ("tau_e", "tau_i", "dt"):
            check_real(name, getattr(self, name), where, low=0, low_open=True)
