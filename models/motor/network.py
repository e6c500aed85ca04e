"""The dynamical view: a rate network whose preparatory state sets the movement it makes.

Pieces:
    mode_block: the 2 x 2 (or 1 x 1) weight block whose stepped map has a chosen
        frequency and decay on the engine (exponential or forward Euler).
    rotational_weights: ``W = Q blockdiag(B_1, B_2, ...) Q^T``: rotational planes and
        fast decaying modes in a random orthonormal basis Q.
    MotorNetwork: W, its basis, time constants, a fixed linear readout to "muscles"
        (run on the engine by :class:`~neuroagents.models.motor.model.MotorModel`:
        ``MotorModel.from_network(net).run_trial(prep_state, ...)`` holds the
        preparatory input, releases it at the go cue and records the population and the
        muscles; ``net.model()`` and ``net.run()`` are its deprecated old names).
    reach_network: the reaching circuit (8+ conditions on a ring of directions).
    cycling_network: the rhythmic circuit (cycling forward and backward).

The network is ``tau dv/dt = -v + W v + h(t)`` (rates are deviations from baseline).
During the preparatory period the input ``h_c = (I - W) x_c`` holds the network at the
fixed point ``x_c`` (the preparatory state of condition c); at the go cue h drops to 0
and the network evolves from x_c on its own: the dynamical view of Churchland et al.
(2012), "a neuron is a row of a dynamical system".

The preparatory states lie along the first axis ``u_m`` of each rotational plane and in
the decaying modes; the readout sees only the second axes ``w_m``. So the preparatory
state is output-null (the muscles stay at baseline until the go cue, as Kaufman et al.
2014 observed in M1) and the rotation carries it into the output.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

import neuroagents as na
from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_int, check_real

__all__ = [
    "MotorNetwork",
    "Trajectory",
    "cycling_network",
    "mode_block",
    "reach_network",
    "rotational_weights",
]


def _keep(dt: float, tau: float, integrator: str) -> float:
    """The engine's per-step factor on the leak (see neuroagents.sim.engines)."""
    return 1.0 - dt / tau if integrator == "euler" else float(np.exp(-dt / tau))


def mode_block(
    frequency: float, decay: float, *, dt: float, tau: float, integrator: str = "exponential"
) -> np.ndarray:
    """The weight block whose stepped dynamics rotate at ``frequency`` and decay in ``decay``.

    One engine step maps a mode v to ``k v + (1 - k) B v`` (k = exp(-dt/tau), or
    1 - dt/tau for forward Euler). For a plane this multiplies ``v_1 + i v_2`` by
    ``rho e^{i phi}`` with ``rho = exp(-dt/decay)`` and ``phi = 2 pi frequency dt`` when
    ``B = [[a, -b], [b, a]]``, ``k + (1 - k) a = rho cos(phi)``, ``(1 - k) b = rho sin(phi)``:
    the recorded trajectory has exactly that frequency and decay, whatever dt is.
    ``decay = inf`` gives a neutral oscillator; ``frequency = 0`` a 1 x 1 decaying mode.

    Args:
        frequency: cycles per time unit (0 for a non-rotating mode).
        decay: e-folding time of the amplitude (time units; ``inf``: none).
        dt: the network's step.
        tau: the neurons' time constant.
        integrator: the engine's integrator, ``"exponential"`` or ``"euler"``.

    Examples:
        >>> import numpy as np
        >>> B = mode_block(0.25, np.inf, dt=1.0, tau=2.0)
        >>> k = np.exp(-0.5)
        >>> step = k * np.eye(2) + (1 - k) * B
        >>> np.round(np.linalg.matrix_power(step, 4), 12) + 0.0   # a quarter turn, 4 times
        array([[1., 0.],
               [0., 1.]])
    """
    k = _keep(dt, tau, integrator)
    rho = float(np.exp(-dt / decay))
    if frequency == 0:
        return np.array([[(rho - k) / (1 - k)]])
    phi = 2 * np.pi * frequency * dt
    a, b = (rho * np.cos(phi) - k) / (1 - k), rho * np.sin(phi) / (1 - k)
    return np.array([[a, -b], [b, a]])


def rotational_weights(
    n: int,
    frequencies: Sequence[float],
    decays: Sequence[float],
    rng: Any = None,
    *,
    dt: float,
    tau: float,
    fast_decay: tuple[float, float] = (1.0, 2.0),
) -> tuple[np.ndarray, np.ndarray]:
    """``W = Q blockdiag(B_1, ..., B_p, d_1, ..., d_r) Q^T`` in a random orthonormal basis.

    Args:
        n: neurons.
        frequencies: one per rotational plane (cycles per time unit).
        decays: each plane's decay time (time units).
        rng: seed or Generator for the basis and the fast decays.
        dt: the network's step.
        tau: the neurons' time constant.
        fast_decay: the other ``n - 2p`` modes decay in times drawn uniformly from
            this range, in units of tau.

    Returns:
        ``(W, Q)``: the weights and the basis; columns ``2m, 2m+1`` of Q are plane m's
        axes u_m, w_m (in which it turns counter-clockwise), the rest the decaying modes.
    """
    where = "rotational_weights"
    n = check_int("n", n, where, low=1)
    if len(frequencies) != len(decays) or 2 * len(frequencies) > n:
        raise ValidationError(
            f"rotational_weights needs one decay per frequency and 2 x planes <= n; got "
            f"{len(frequencies)} frequencies, {len(decays)} decays, n = {n}."
        )
    gen = as_generator(rng, where)
    q, r = np.linalg.qr(gen.normal(size=(n, n)))
    q = q * np.sign(np.diag(r))
    blocks = np.zeros((n, n))
    for m, (f, d) in enumerate(zip(frequencies, decays, strict=True)):
        check_real(f"frequencies[{m}]", f, where, low=0, low_open=True)
        if d != np.inf:
            check_real(f"decays[{m}]", d, where, low=0, low_open=True)
        blocks[2 * m : 2 * m + 2, 2 * m : 2 * m + 2] = mode_block(f, d, dt=dt, tau=tau)
    for i in range(2 * len(frequencies), n):
        blocks[i, i] = mode_block(0.0, tau * gen.uniform(*fast_decay), dt=dt, tau=tau)[0, 0]
    return q @ blocks @ q.T, q


@dataclass(frozen=True)
class Trajectory:
    """One condition's recorded run.

    Attributes:
        times: record times (the go cue at 0; negative: preparatory period).
        rates: the population, times x neurons.
        muscles: the readout, times x muscles.
    """

    times: np.ndarray
    rates: np.ndarray
    muscles: np.ndarray


@dataclass(frozen=True)
class MotorNetwork:
    """A linear rate network with a fixed readout, run on the engine.

    Attributes:
        W: weights (``W[i, j]`` from j to i).
        basis: the orthonormal basis Q of :func:`rotational_weights`.
        readout: muscles x neurons; muscle activity is ``baseline + readout @ v``.
        tau: the neurons' time constant; dt: the step.
        planes: the number of rotational planes (the first 2 x planes columns of basis).
        baseline: the muscles' activity at rest.
    """

    W: np.ndarray
    basis: np.ndarray
    readout: np.ndarray
    tau: float
    dt: float
    planes: int
    baseline: float = 1.0

    @property
    def n(self) -> int:
        """Number of neurons."""
        return self.W.shape[0]

    def modes(self) -> tuple[np.ndarray, np.ndarray]:
        """Frequency (cycles per time unit) and decay time of every mode of the stepped map.

        One engine step multiplies mode k by ``mu_k = keep + (1 - keep) lambda_k(W)``:
        frequency ``angle(mu) / (2 pi dt)``, decay ``-dt / log|mu|``.
        """
        k = _keep(self.dt, self.tau, "exponential")
        mu = k + (1 - k) * np.linalg.eigvals(self.W)
        return np.abs(np.angle(mu)) / (2 * np.pi * self.dt), -self.dt / np.log(np.abs(mu))

    def slowest_rotation(self) -> float:
        """Frequency of the longest-lived rotating mode (cycles per time unit).

        Examples:
            >>> net, _ = reach_network(20, frequencies=[0.002], decays=[300.0], rng=0)
            >>> round(net.slowest_rotation(), 9)
            0.002
        """
        freq, decay = self.modes()
        rotating = freq > 1e-9
        return float(freq[rotating][np.argmax(decay[rotating])])

    def model(self) -> na.NeuralModel:
        """Deprecated: use ``MotorModel.from_network(network)`` (the model contract).

        A synchronous model of linear rate neurons on W (float64), at rest.
        """
        warnings.warn(
            "MotorNetwork.model() is deprecated and will be removed in the next release: "
            "use neuroagents.models.motor.MotorModel.from_network(network), a NeuralModel "
            "with the Mesa verbs.",
            DeprecationWarning,
            stacklevel=2,
        )
        from neuroagents.models.motor.model import MotorModel

        return MotorModel.from_network(self)

    def preparatory_input(self, state: np.ndarray) -> np.ndarray:
        """The constant input ``h = (I - W) x`` whose fixed point is ``x``."""
        return state - self.W @ state

    def run(
        self, prep_state: np.ndarray, *, prep: float, before: float, after: float, every: float
    ) -> Trajectory:
        """Deprecated: use ``MotorModel.from_network(network).run_trial(...)``.

        Holds the preparatory input for ``prep``, releases it at the go cue and records
        (:meth:`~neuroagents.models.motor.model.MotorModel.run_trial`).
        """
        warnings.warn(
            "MotorNetwork.run() is deprecated and will be removed in the next release: use "
            "neuroagents.models.motor.MotorModel.from_network(network).run_trial(...).",
            DeprecationWarning,
            stacklevel=2,
        )
        from neuroagents.models.motor.model import MotorModel

        return MotorModel.from_network(self).run_trial(
            prep_state, prep=prep, before=before, after=after, every=every
        )


def _muscle_directions(n_muscles: int) -> np.ndarray:
    """Pulling directions of the muscles, evenly around the circle (muscles x 2)."""
    a = 2 * np.pi * np.arange(n_muscles) / n_muscles
    return np.column_stack([np.cos(a), np.sin(a)])


def reach_network(
    n: int = 200,
    *,
    conditions: int = 8,
    frequencies: Sequence[float] = (0.0015, 0.003),
    decays: Sequence[float] = (300.0, 200.0),
    second_plane: float = 0.6,
    null_amplitude: float = 0.5,
    n_muscles: int = 8,
    coupling: float = 0.0,
    tau: float = 20.0,
    dt: float = 1.0,
    rng: Any = None,
) -> tuple[MotorNetwork, np.ndarray]:
    """The reaching circuit and one preparatory state per reach direction.

    Condition c reaches toward ``theta_c = 2 pi c / conditions``. Its preparatory state
    is ``cos(theta) u_1 + sin(theta) u_2 + s (cos(theta) u_3 + sin(theta) u_4)`` (s =
    ``second_plane``) with the first two planes' first axes u (two rotational planes
    per frequency: one for each hand coordinate), plus a random component of norm
    ``null_amplitude`` in the fast decaying modes. The force readout is
    ``(w_1 - w_3, w_2 - w_4)`` (the slow plane pushes, the fast one brakes), and each of
    ``n_muscles`` muscles pulls along its own direction: multiphasic "EMG" of rank 2.

    ``coupling = g`` adds ``g J``, ``J_ij ~ N(0, 1/n)``, to W: a generic random (non-normal)
    part that mixes the planes with everything else. The preparatory input still holds
    the network at ``x_c`` (it is computed from the final W), but the planes are no
    longer invariant. W must stay stable (every eigenvalue of W - I in the left half-plane).

    Args:
        n: neurons (>= 2 x 2 x len(frequencies) + 1).
        conditions: reach directions (>= 2).
        frequencies: the rotational frequencies (cycles per time unit; ms: 0.0015 is
            1.5 Hz); each gets two planes.
        decays: each frequency's decay time.
        second_plane: the amplitude of the second frequency's planes.
        null_amplitude: the norm of the preparatory state in the decaying modes.
        n_muscles: muscles.
        coupling: strength g of the random part (0: none).
        tau: neuron time constant.
        dt: the step.
        rng: seed or Generator.

    Returns:
        ``(network, prep_states)`` with prep_states conditions x neurons.
    """
    where = "reach_network"
    check_int("conditions", conditions, where, low=2)
    check_int("n_muscles", n_muscles, where, low=2)
    if len(frequencies) != len(decays) or not frequencies:
        raise ValidationError(
            f"reach_network needs one decay per frequency (and at least one); got "
            f"frequencies={list(frequencies)} and decays={list(decays)}."
        )
    if 4 * len(frequencies) >= n:
        raise ValidationError(
            f"The 'n' parameter of reach_network must exceed 4 x the number of frequencies "
            f"(two planes each, plus decaying modes). Got n = {n} for "
            f"{len(frequencies)} frequencies."
        )
    gen = as_generator(rng, where)
    freqs = [f for f in frequencies for _ in range(2)]
    decs = [d for d in decays for _ in range(2)]
    W, Q = rotational_weights(n, freqs, decs, gen, dt=dt, tau=tau)
    p = len(freqs)
    u, w = Q[:, 0 : 2 * p : 2], Q[:, 1 : 2 * p : 2]
    amp = np.repeat([1.0] + [second_plane] * (len(frequencies) - 1), 2)
    theta = 2 * np.pi * np.arange(conditions) / conditions
    coef = np.column_stack([np.cos(theta), np.sin(theta)] * len(frequencies)) * amp
    null = gen.normal(size=(conditions, n - 2 * p))
    null *= null_amplitude / np.linalg.norm(null, axis=1, keepdims=True)
    prep = coef @ u.T + null @ Q[:, 2 * p :].T
    sign = np.repeat([1.0] + [-1.0] * (len(frequencies) - 1), 2) * amp
    force = np.stack([(w[:, 0::2] * sign[0::2]).sum(axis=1), (w[:, 1::2] * sign[1::2]).sum(axis=1)])
    readout = _muscle_directions(n_muscles) @ force
    if coupling:
        W = W + check_real("coupling", coupling, where) * gen.normal(0, n**-0.5, (n, n))
        growth = float(np.linalg.eigvals(W - np.eye(n)).real.max())
        if growth >= 0:
            raise ValidationError(
                f"The 'coupling' parameter of reach_network makes the network unstable: "
                f"max Re eig(W - I) = {growth:.3f} >= 0 with coupling = {coupling}. Use a "
                "smaller coupling (0.2 is stable for the default planes at n >= 60)."
            )
    return MotorNetwork(W, Q, readout, tau, dt, p), prep


def cycling_network(
    n: int = 100,
    *,
    frequency: float = 0.002,
    n_muscles: int = 8,
    tau: float = 20.0,
    dt: float = 1.0,
    rng: Any = None,
) -> tuple[MotorNetwork, np.ndarray]:
    """The rhythmic circuit: neutral oscillators for cycling forward and backward.

    Two planes rotate counter-clockwise at ``frequency`` without decay (their stepped
    map is exactly neutral, :func:`mode_block`). The pedal force reads plane 1 as
    ``(u_1, w_1)`` and plane 2 as ``(u_2, -w_2)``: a preparatory state along u_1 pedals
    forward (the force turns counter-clockwise), along u_2 backward (clockwise). The
    force traces the same circle both ways; the network uses two different planes.

    Returns:
        ``(network, prep_states)``: prep_states rows are forward and backward.
    """
    W, Q = rotational_weights(
        n, [frequency, frequency], [np.inf, np.inf], as_generator(rng, "cycling_network"),
        dt=dt, tau=tau,
    )  # fmt: skip
    force = np.stack([Q[:, 0] + Q[:, 2], Q[:, 1] - Q[:, 3]])
    readout = _muscle_directions(n_muscles) @ force
    return MotorNetwork(W, Q, readout, tau, dt, 2), np.stack([Q[:, 0], Q[:, 2]])


def __getattr__(name: str) -> Any:
    """``MotorModel`` and ``MotorParams``, which moved to :mod:`.model` (one release)."""
    if name in ("MotorModel", "MotorParams"):
        warnings.warn(
            f"neuroagents.models.motor.network.{name} moved to "
            f"neuroagents.models.motor.model.{name} (or neuroagents.models.motor.{name}); "
            "the old path works for one more release.",
            DeprecationWarning,
            stacklevel=2,
        )
        from neuroagents.models.motor import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
