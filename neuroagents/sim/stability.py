"""Where a model's dynamics stand: stable neurons, rates of change, energy, linearisation.

Pieces:
    Stability: the part of :class:`~neuroagents.sim.model.NeuralModel` with ``happy``,
        ``count_unhappy``, ``is_stable``, ``rates_of_change``, ``energy``, ``jacobian``
        and ``fixed_points`` (the last two in :mod:`neuroagents.analysis.dynamics`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from neuroagents.analysis import dynamics
from neuroagents.errors import ValidationError
from neuroagents.sim.neuron_type import NeuronType
from neuroagents.sim.rules import GradedResponse, Rate
from neuroagents.sim.type_kernels import kernels_for

if TYPE_CHECKING:
    from neuroagents.sim.arrays import NeuronArrays
    from neuroagents.sim.rules import Rule

__all__ = ["Stability"]


class Stability:
    """Stability, energy and linearisation for NeuralModel (a mixin)."""

    # Provided by the model:
    arrays: NeuronArrays
    rule: Rule
    n: int
    neurons: tuple[Any, ...]
    _custom_update: bool

    def happy(self) -> np.ndarray:
        """Per neuron: would the rule keep its state now? Clamped neurons are happy.

        For a continuous rule: whether ``|ds/dt|`` is below the tolerance of the last
        ``run_until_stable`` (default 1e-9).
        """
        a = self.arrays
        if self.rule.continuous and not (self._custom_update and not self.rule.compilable):
            stable = np.abs(self.rates_of_change()) < a.tol
        elif self._custom_update or self.rule.stochastic:
            stable = np.array([nrn.update() == nrn.state for nrn in self.neurons])
        elif type(self.rule).keeps is not NeuronType.keeps:
            stable = self.rule.keeps(a.total_input, a.state, a.threshold)
        elif self.rule.compiled_unstable is None:
            raise ValidationError(
                f"The neuron type {self.rule.label!r} defines neither keeps() nor "
                "compiled_unstable, so whether a neuron would change is unknown."
            )
        else:  # a plug-in type: its compiled stability test, run as plain Python
            unstable = self.rule.compiled_unstable.py_func
            x, p = a.total_input, self.rule.params
            stable = np.array([
                not unstable(i, x[i], a.threshold[i], a.state[i], a.tol * a.tau[i], p, a.own)
                for i in range(self.n)
            ], dtype=bool)  # fmt: skip
        return stable | a.clamped

    def count_unhappy(self) -> int:
        """How many free neurons the rule would change now (0 at a fixed point)."""
        a = self.arrays
        if self._custom_update or self.rule.stochastic:
            return int(self.n - self.happy().sum())
        return int(
            kernels_for(self.rule).count_unstable(
                a.state, a.field, a.drive, a.threshold, a.params, a.own, a.clamp_mask(),
                a.tau, a.tol,
            )
        )  # fmt: skip

    def is_stable(self) -> bool:
        """Whether no neuron is unhappy."""
        return self.count_unhappy() == 0

    def rates_of_change(self) -> np.ndarray:
        """``ds/dt`` of every neuron under a continuous rule (0 where clamped).

        ``s`` is the rate for :class:`~neuroagents.sim.rules.Rate`, the potential u for
        :class:`~neuroagents.sim.rules.GradedResponse`.
        """
        a = self.arrays
        z = a.total_input - a.threshold
        if isinstance(self.rule, Rate):
            target = self.rule.targets(z)
        elif isinstance(self.rule, GradedResponse):
            target = z
        else:
            raise ValidationError(
                f"rates_of_change needs a continuous rule; the rule is {self.rule.name!r}."
            )
        return np.where(a.clamped, 0.0, (target - a.dynamic()) / a.tau)

    def energy(self) -> float:
        """The Lyapunov energy of the dynamics (for symmetric W).

        - binary rules: ``-1/2 s.W.s - s.(drive - threshold)``;
        - graded response: ``-1/2 v.W.v - v.(drive - threshold) + sum ∫_0^v g^-1``;
        - linear rate rule with gain g: ``1/2 v.v / g - 1/2 v.W.v - v.(drive - threshold)``.

        Raises:
            ValidationError: for a rate rule other than ``"linear"``.
        """
        a = self.arrays
        v = a.state
        e = float(-0.5 * v @ a.field - v @ (a.drive - a.threshold))
        if isinstance(self.rule, GradedResponse):
            return e + float(self.rule.integral(v).sum())
        if isinstance(self.rule, Rate):
            if self.rule.shape != "linear":
                raise ValidationError(
                    "energy() is defined for binary, graded-response and linear rate rules; "
                    f"the rule is Rate({self.rule.label!r})."
                )
            return e + float(0.5 * v @ v / self.rule.gain)
        return e

    def jacobian(self) -> np.ndarray:
        """Jacobian of the continuous dynamics at the current state (dense, n x n).

        For :class:`~neuroagents.sim.rules.Rate` in v: ``(diag(f'(z)) W - I) / tau``; for
        :class:`~neuroagents.sim.rules.GradedResponse` in u: ``(W diag(g'(u)) - I) / tau``;
        with ``z = W v + drive - threshold``. Clamped neurons have zero rows.
        """
        return dynamics.jacobian(self)

    def fixed_points(self, starts: int = 8, *, rng: Any = None, tol: float = 1e-10):
        """Fixed points of the continuous dynamics found from random starts.

        See :func:`neuroagents.analysis.dynamics.fixed_points`.
        """
        return dynamics.fixed_points(self, starts=starts, rng=rng, tol=tol)
