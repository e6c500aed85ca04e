"""Where a model's dynamics stand: stable neurons, rates of change, energy, linearisation.

Pieces:
    Stability: the collaborator of :class:`~neuroagents.sim.model.NeuralModel`
        (``model.analysis``) with ``happy``, ``count_unhappy``, ``is_stable``,
        ``rates_of_change``, ``energy``, ``jacobian`` and ``fixed_points`` (the last two
        in :mod:`neuroagents.analysis.dynamics`); the model's methods of those names
        call it.
    StabilityReport: what ``run_until_stable`` found (fixed point, 2-cycle, or neither).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from neuroagents.analysis import dynamics
from neuroagents.errors import ValidationError
from neuroagents.sim.neuron_type import NeuronType
from neuroagents.sim.rules import GradedResponse, Rate
from neuroagents.sim.type_kernels import TypeKernels, kernels_for

if TYPE_CHECKING:
    from neuroagents.sim.model import NeuralModel

__all__ = ["Stability", "StabilityReport"]


@dataclass(frozen=True, slots=True)
class StabilityReport:
    """Outcome of :meth:`NeuralModel.run_until_stable`.

    Attributes:
        converged: a fixed point was reached (no neuron would change; for continuous
            rules, every free neuron has ``|ds/dt| < tol``).
        cycle_length: 1 for a fixed point, 2 for a synchronous 2-cycle, 0 if neither
            was reached within the budget.
        steps: steps (sweeps) run by this call.
        time: model time at the end.
    """

    converged: bool
    cycle_length: int
    steps: int
    time: float

    def __str__(self) -> str:
        return self.describe()

    def describe(self, unit: str = "step") -> str:
        """The outcome in words, counting in ``unit`` (``"sweep"`` for binary neurons).

        Examples:
            >>> StabilityReport(True, 1, 4, 4.0).describe("sweep")
            'fixed point after 4 sweeps'
        """
        steps = f"{self.steps} {unit}{'' if self.steps == 1 else 's'}"
        if self.converged:
            return f"fixed point after {steps}"
        if self.cycle_length == 2:
            return f"2-cycle detected after {steps} (synchronous dynamics)"
        return f"not stable after {steps}"


class Stability:
    """A model's stability analysis: stable neurons, rates of change, energy, Jacobian."""

    def __init__(self, model: NeuralModel) -> None:
        self.model = model
        self._kernels: tuple[object, TypeKernels] | None = None

    def _loops(self) -> TypeKernels:
        """The compiled loops of the model's type, looked up once."""
        rule = self.model.rule
        if self._kernels is None or self._kernels[0] is not rule:
            self._kernels = (rule, kernels_for(rule))
        return self._kernels[1]

    def happy(self) -> np.ndarray:
        """Per neuron: would the rule keep its state now? Clamped neurons are happy.

        For a continuous rule: whether ``|ds/dt|`` is below the tolerance of the last
        ``run_until_stable`` (default 1e-9).
        """
        a = self.model.arrays
        if self.model.rule.continuous and not (
            self.model._custom_update and not self.model.rule.compilable
        ):
            stable = np.abs(self.model.rates_of_change()) < a.tol
        elif self.model._custom_update or self.model.rule.stochastic:
            stable = np.array([nrn.update() == nrn.state for nrn in self.model.neurons])
        elif type(self.model.rule).keeps is not NeuronType.keeps:
            stable = self.model.rule.keeps(a.total_input, a.state, a.threshold)
        elif self.model.rule.compiled_unstable is None:
            raise ValidationError(
                f"The neuron type {self.model.rule.label!r} defines neither keeps() nor "
                "compiled_unstable, so whether a neuron would change is unknown."
            )
        else:  # a plug-in type: its compiled stability test, run as plain Python
            unstable = self.model.rule.compiled_unstable.py_func
            x, p = a.total_input, self.model.rule.params
            stable = np.array([
                not unstable(i, x[i], a.threshold[i], a.state[i], a.tol * a.tau[i], p, a.own)
                for i in range(self.model.n)
            ], dtype=bool)  # fmt: skip
        return stable | a.clamped

    def count_unhappy(self) -> int:
        """How many free neurons the rule would change now (0 at a fixed point)."""
        a = self.model.arrays
        if self.model._custom_update or self.model.rule.stochastic:
            return int(self.model.n - self.model.happy().sum())
        return int(
            self._loops().count_unstable(
                a.state, a.field, a.drive, a.threshold, a.params, a.own, a.clamp_mask(),
                a.tau, a.tol,
            )
        )  # fmt: skip

    def is_stable(self) -> bool:
        """Whether no neuron is unhappy."""
        return self.model.count_unhappy() == 0

    def rates_of_change(self) -> np.ndarray:
        """``ds/dt`` of every neuron under a continuous rule (0 where clamped).

        ``s`` is the rate for :class:`~neuroagents.sim.rules.Rate`, the potential u for
        :class:`~neuroagents.sim.rules.GradedResponse`.
        """
        a = self.model.arrays
        z = a.total_input - a.threshold
        if isinstance(self.model.rule, Rate):
            target = self.model.rule.targets(z)
        elif isinstance(self.model.rule, GradedResponse):
            target = z
        else:
            raise ValidationError(
                f"rates_of_change needs a continuous rule; the rule is {self.model.rule.name!r}."
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
        a = self.model.arrays
        v = a.state
        e = float(-0.5 * v @ a.field - v @ (a.drive - a.threshold))
        if isinstance(self.model.rule, GradedResponse):
            return e + float(self.model.rule.integral(v).sum())
        if isinstance(self.model.rule, Rate):
            if self.model.rule.shape != "linear":
                raise ValidationError(
                    "energy() is defined for binary, graded-response and linear rate rules; "
                    f"the rule is Rate({self.model.rule.label!r})."
                )
            return e + float(0.5 * v @ v / self.model.rule.gain)
        return e

    def jacobian(self) -> np.ndarray:
        """Jacobian of the continuous dynamics at the current state (dense, n x n).

        For :class:`~neuroagents.sim.rules.Rate` in v: ``(diag(f'(z)) W - I) / tau``; for
        :class:`~neuroagents.sim.rules.GradedResponse` in u: ``(W diag(g'(u)) - I) / tau``;
        with ``z = W v + drive - threshold``. Clamped neurons have zero rows.
        """
        return dynamics.jacobian(self.model)

    def fixed_points(self, starts: int = 8, *, rng: Any = None, tol: float = 1e-10):
        """Fixed points of the continuous dynamics found from random starts.

        See :func:`neuroagents.analysis.dynamics.fixed_points`.
        """
        return dynamics.fixed_points(self.model, starts=starts, rng=rng, tol=tol)
