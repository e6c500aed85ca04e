"""A random rate network ``tau dv/dt = -v + f(g J v)`` as the system's contract model.

Pieces:
    RateParams: size, gain, rate function, time step and time constant (the defaults in
        one place; validated on creation; read from and written to configs).
    RandomRateModel: the network as a NeuralModel of rate neurons (Mesa agents), J with
        independent N(0, 1/n) entries (Sompolinsky, Crisanti & Sommers 1988), started
        from N(0, 1) states.

For g < 1 the tanh network decays to 0; for g > 1 it is chaotic in the large-n limit.
The lecture's other circuits (amplifier, integrator, threshold-linear, E-I pair) are
built by the functions of :mod:`neuroagents.models.rate.network`, which return plain
NeuralModels with the same verbs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

import neuroagents as na
from neuroagents.models.rate.network import random_coupling
from neuroagents.params import ConfigParams
from neuroagents.validation import as_generator, check_choice, check_int, check_real

__all__ = ["RATE_FUNCTIONS", "RandomRateModel", "RateParams"]

RATE_FUNCTIONS = ("tanh", "linear", "relu", "sigmoid")


@dataclass(frozen=True)
class RateParams(ConfigParams):
    """A random rate network ``tau dv/dt = -v + f(g J v)``.

    Attributes:
        n: number of neurons.
        g: the coupling gain (the bulk of g J has radius g).
        rule: the rate function f (``"tanh"``, ``"linear"``, ``"relu"``, ``"sigmoid"``).
        dt: the integration step (synchronous exponential Euler).
        tau: the neurons' time constant.

    Examples:
        >>> RateParams.from_config({"n": 20, "g": 2})
        RateParams(n=20, g=2.0, rule='tanh', dt=0.05, tau=1.0)
    """

    n: int = 100
    g: float = 1.5
    rule: str = "tanh"
    dt: float = 0.05
    tau: float = 1.0

    def __post_init__(self) -> None:
        where = "RateParams"
        check_int("n", self.n, where, low=1)
        check_real("g", self.g, where, low=0)
        check_choice("rule", self.rule, where, RATE_FUNCTIONS)
        check_real("dt", self.dt, where, low=0, low_open=True)
        check_real("tau", self.tau, where, low=0, low_open=True)


class RandomRateModel(na.NeuralModel):
    """Rate neurons on ``g J`` (float64), synchronous, started from N(0, 1) states.

    Build it with :meth:`from_params`; ``weights`` is ``g J``; the recorder's table has
    the mean and the root-mean-square of the state.

    Examples:
        >>> m = RandomRateModel.from_params(RateParams(n=50, g=0.5), rng=0)
        >>> m.run_for(20.0)
        >>> bool(abs(m.state).max() < 1e-3)   # g < 1: decays to 0
        True
    """

    @classmethod
    def from_params(cls, params: RateParams, *, rng: Any = None, **kwargs: Any) -> Self:
        """The network of ``params``; J and the start come from ``rng``.

        Args:
            params: the :class:`RateParams`.
            rng: seed, SeedSequence or Generator; one seed gives one J and trajectory.
            **kwargs: passed to :class:`~neuroagents.sim.model.NeuralModel`
                (``record_every``, ``engine`` …).
        """
        weight_rng, start_rng = as_generator(rng, "RandomRateModel").spawn(2)
        weights = params.g * random_coupling(params.n, rng=weight_rng)
        kwargs.setdefault("model_reporters", {"mean": _mean, "rms": _rms})
        model = cls(
            na.Connectome.from_matrix(weights, weight_dtype="float64"),
            rule=na.Rate(params.rule),
            scheduler="sync",
            dt=params.dt,
            tau=params.tau,
            state=start_rng.normal(0.0, 1.0, params.n),
            rng=start_rng,
            **kwargs,
        )
        model.params, model.weights = params, weights
        return model


def _mean(model: na.NeuralModel) -> float:
    return float(model.state.mean())


def _rms(model: na.NeuralModel) -> float:
    return float((model.state**2).mean() ** 0.5)
