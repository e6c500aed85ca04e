"""The model contract for motor cortex: MotorParams and MotorModel (a NeuralModel).

Pieces:
    MotorParams: the reaching circuit's parameters (those of
        :func:`~neuroagents.models.motor.network.reach_network`, same defaults).
    MotorModel: a :class:`~neuroagents.models.motor.network.MotorNetwork` run on the
        engine: linear rate neurons (Mesa agents) on W, with the Mesa verbs;
        ``from_params`` builds the reaching circuit started at one condition's
        preparatory state, ``from_network`` any circuit at rest, and ``run_trial`` the
        task's protocol (hold the preparatory input, release it at the go cue, record).

``MotorNetwork.model()`` and ``MotorNetwork.run()``, the wrapper's old entry points,
still work for one release with a DeprecationWarning; they are ``MotorModel.from_network``
and ``MotorModel.from_network(net).run_trial``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

import numpy as np

import neuroagents as na
from neuroagents.errors import ValidationError
from neuroagents.models.motor.network import MotorNetwork, Trajectory, reach_network
from neuroagents.params import ConfigParams
from neuroagents.validation import as_generator, check_int, check_real

__all__ = ["MotorModel", "MotorParams"]


@dataclass(frozen=True)
class MotorParams(ConfigParams):
    """The reaching circuit's parameters (those of :func:`reach_network`, same defaults).

    Attributes:
        n: neurons.
        conditions: reach directions.
        frequencies: the rotational frequencies (cycles per time unit).
        decays: each frequency's decay time.
        second_plane: the amplitude of the second frequency's planes.
        null_amplitude: the norm of the preparatory state in the decaying modes.
        n_muscles: muscles.
        coupling: strength g of the random part of W (0: none).
        tau: neuron time constant.
        dt: the step.

    Examples:
        >>> MotorParams.from_config({"n": 40, "frequencies": [0.002], "decays": [300]})
        ... # doctest: +ELLIPSIS
        MotorParams(n=40, conditions=8, frequencies=(0.002,), decays=(300.0,), ...)
    """

    n: int = 200
    conditions: int = 8
    frequencies: tuple[float, ...] = (0.0015, 0.003)
    decays: tuple[float, ...] = (300.0, 200.0)
    second_plane: float = 0.6
    null_amplitude: float = 0.5
    n_muscles: int = 8
    coupling: float = 0.0
    tau: float = 20.0
    dt: float = 1.0

    def __post_init__(self) -> None:
        where = "MotorParams"
        check_int("n", self.n, where, low=2)
        check_int("conditions", self.conditions, where, low=2)
        check_int("n_muscles", self.n_muscles, where, low=2)
        for name in ("second_plane", "null_amplitude", "coupling"):
            check_real(name, getattr(self, name), where)
        for name in ("tau", "dt"):
            check_real(name, getattr(self, name), where, low=0, low_open=True)


class MotorModel(na.NeuralModel):
    """The reaching circuit as a NeuralModel: linear rate neurons (Mesa agents) on W.

    Built by :meth:`from_params`, started at one condition's preparatory state (the go
    cue is time 0): its state then rotates in the network's planes. ``network`` is the
    :class:`MotorNetwork` (weights, basis, readout), ``prep_states`` the preparatory
    state of every condition, and :meth:`muscles` the readout of the current state.

    Examples:
        >>> m = MotorModel.from_params(MotorParams(n=40, frequencies=(0.002,),
        ...                                        decays=(300.0,)), rng=0)
        >>> m.run_for(10.0)
        >>> m.time, m.muscles().shape
        (10.0, (8,))
    """

    network: MotorNetwork
    prep_states: np.ndarray

    @classmethod
    def from_params(
        cls, params: MotorParams, *, condition: int = 0, rng: Any = None, **kwargs: Any
    ) -> Self:
        """The circuit of ``params`` (W from ``rng``), started at ``condition``'s state.

        Args:
            params: the :class:`MotorParams`.
            condition: the reach direction to start from (0 to conditions - 1).
            rng: seed, SeedSequence or Generator.
            **kwargs: passed to :class:`~neuroagents.sim.model.NeuralModel`
                (``record_every`` …).
        """
        check_int("condition", condition, "MotorModel", low=0, high=params.conditions - 1)
        net_rng, model_rng = as_generator(rng, "MotorModel").spawn(2)
        net, prep = reach_network(**params.to_config(), rng=net_rng)
        model = cls(
            na.Connectome.from_matrix(net.W, weight_dtype="float64"),
            rule="linear",
            scheduler="sync",
            tau=net.tau,
            dt=net.dt,
            rng=model_rng,
            **kwargs,
        )
        model.params, model.network, model.prep_states = params, net, prep
        model.set_state(prep[condition])
        return model

    @classmethod
    def from_network(
        cls,
        network: MotorNetwork,
        prep_states: np.ndarray | None = None,
        *,
        rng: Any = None,
        **kwargs: Any,
    ) -> Self:
        """A circuit's model at rest: synchronous linear rate neurons on W (float64).

        Args:
            network: the :class:`MotorNetwork` (weights, basis, readout, tau, dt).
            prep_states: the circuit's preparatory states (conditions x neurons), kept
                as ``model.prep_states``.
            rng: seed, SeedSequence or Generator (the linear dynamics draw none).
            **kwargs: passed to :class:`~neuroagents.sim.model.NeuralModel`
                (``record_every`` defaults to None: :meth:`run_trial` records).

        Examples:
            >>> from neuroagents.models.motor.network import reach_network
            >>> net, prep = reach_network(40, frequencies=[0.002], decays=[300.0], rng=0)
            >>> m = MotorModel.from_network(net, prep)
            >>> run = m.run_trial(prep[0], prep=500.0, before=20.0, after=100.0, every=10.0)
            >>> run.times[[0, -1]].tolist(), run.rates.shape, run.muscles.shape
            ([-20.0, 100.0], (13, 40), (13, 8))
        """
        kwargs.setdefault("record_every", None)
        model = cls(
            na.Connectome.from_matrix(network.W, weight_dtype="float64"),
            rule="linear",
            scheduler="sync",
            tau=network.tau,
            dt=network.dt,
            rng=rng,
            **kwargs,
        )
        model.network = network
        model.prep_states = None if prep_states is None else np.asarray(prep_states)
        return model

    def run_trial(
        self, prep_state: np.ndarray, *, prep: float, before: float, after: float, every: float
    ) -> Trajectory:
        """Hold the preparatory input for ``prep``, release it at the go cue, record.

        The model must be fresh (time 0, at rest: :meth:`from_network`). It gets
        ``h = (I - W) x`` for ``prep`` time units (it settles toward x), then runs
        without input for ``after``. Records every ``every`` from ``-before`` (before
        the go cue) to ``after``. With ``prep = 0`` the network starts at x itself (a
        neutral oscillator never settles under a held input: the cycling task sets its
        state).

        Raises:
            ValidationError: the model has already run.
        """
        if self.time != 0 or self.steps:
            raise ValidationError(
                f"MotorModel.run_trial needs a fresh model (time 0, at rest). Got a model "
                f"at time {self.time}; build a new one with MotorModel.from_network."
            )
        x = np.asarray(prep_state, dtype=np.float64)
        if prep == 0:
            self.set_state(x)
        else:
            self.drive[:] = self.network.preparatory_input(x)
        times = np.arange(-before, after + every / 2, every)
        rows = []
        for t in times:
            if t > 0 and self.drive.any():
                self.run_until(prep)
                self.drive[:] = 0.0
            self.run_until(prep + float(t))
            rows.append(np.array(self.state))
        rates = np.array(rows)
        return Trajectory(times, rates, self.network.baseline + rates @ self.network.readout.T)

    def muscles(self) -> np.ndarray:
        """The muscles' activity now: ``baseline + readout @ v``."""
        return self.network.baseline + self.network.readout @ np.asarray(self.state)
