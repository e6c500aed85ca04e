"""The classical view: each neuron's rate is a tuning function of the movement, no dynamics.

Pieces:
    minimum_jerk: the hand's position and velocity on a straight reach (Flash & Hogan 1985).
    reach_kinematics: position and velocity of reaches toward a ring of directions.
    TuningPopulation: rates ``r_i(t) = [b_i + k_i . p(t) + g_i . v(t) + s_i |v(t)|]+``
        (position, velocity with its direction, and speed), read off the kinematics
        at each instant.

The lecture's ``r_i = f_i(par_1, ..., par_30)``: a neuron is a function of the movement's
parameters at the same moment, and the population has no state of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from neuroagents.errors import ValidationError
from neuroagents.validation import as_generator, check_int, check_real

__all__ = ["TERMS", "TuningPopulation", "minimum_jerk", "reach_kinematics"]

TERMS = ("position", "velocity", "speed")
"""The movement parameters a tuned neuron can read."""


def minimum_jerk(times: np.ndarray, duration: float) -> tuple[np.ndarray, np.ndarray]:
    """Fraction of the distance covered and its rate: ``s = 10 x³ - 15 x⁴ + 6 x⁵``, x = t/T.

    Zero before t = 0, one after ``duration``.

    Examples:
        >>> import numpy as np
        >>> s, ds = minimum_jerk(np.array([-1.0, 0.0, 0.5, 1.0, 2.0]), 1.0)
        >>> s.tolist(), ds.tolist()   # peak speed 15/8 at the midpoint
        ([0.0, 0.0, 0.5, 1.0, 1.0], [0.0, 0.0, 1.875, 0.0, 0.0])
    """
    x = np.clip(np.asarray(times, dtype=np.float64) / duration, 0.0, 1.0)
    s = x**3 * (10 - 15 * x + 6 * x**2)
    ds = 30 * x**2 * (1 - x) ** 2 / duration
    return s, ds


def reach_kinematics(
    times: np.ndarray, conditions: int, *, duration: float, distance: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Hand position and velocity (conditions x times x 2) of minimum-jerk reaches.

    Condition c reaches ``distance`` toward ``theta_c = 2 pi c / conditions``, starting
    at time 0 and lasting ``duration``.
    """
    check_int("conditions", conditions, "reach_kinematics", low=2)
    check_real("duration", duration, "reach_kinematics", low=0, low_open=True)
    theta = 2 * np.pi * np.arange(conditions) / conditions
    direction = np.column_stack([np.cos(theta), np.sin(theta)])
    s, ds = minimum_jerk(times, duration)
    pos = distance * s[None, :, None] * direction[:, None, :]
    vel = distance * ds[None, :, None] * direction[:, None, :]
    return pos, vel


@dataclass(frozen=True)
class TuningPopulation:
    """Neurons tuned to position, velocity and speed (rectified, no dynamics).

    Attributes:
        baseline: b (neurons); position: k (neurons x 2); velocity: g (neurons x 2);
        speed: s (neurons).
    """

    baseline: np.ndarray
    position: np.ndarray
    velocity: np.ndarray
    speed: np.ndarray

    @classmethod
    def random(
        cls,
        n: int,
        rng: Any = None,
        *,
        peak_speed: float = 1.0,
        terms: Sequence[str] = TERMS,
    ) -> TuningPopulation:
        """Draw n neurons with random preferred directions and gains.

        Preferred directions are uniform; position and velocity gains are drawn so that
        each term moves a rate by about 1 over a reach whose peak speed is
        ``peak_speed``; baselines are 1 to 2 (mostly above the rectification). Terms not
        in ``terms`` (of ``"position"``, ``"velocity"``, ``"speed"``) get zero gain.
        """
        where = "TuningPopulation.random"
        n = check_int("n", n, where, low=1)
        unknown = sorted(set(terms) - set(TERMS))
        if unknown or not terms:
            raise ValidationError(
                f"The 'terms' parameter of {where} must be a non-empty subset of "
                f"{list(TERMS)}. Got {list(terms)!r}."
            )
        gen = as_generator(rng, where)

        def preferred(scale: np.ndarray) -> np.ndarray:
            a = gen.uniform(0, 2 * np.pi, n)
            return (scale * np.column_stack([np.cos(a), np.sin(a)]).T).T

        pop = cls(
            baseline=gen.uniform(1.0, 2.0, n),
            position=preferred(gen.uniform(0.0, 1.0, n)),
            velocity=preferred(gen.uniform(0.0, 1.0, n) / peak_speed),
            speed=gen.normal(0.0, 0.5, n) / peak_speed,
        )
        for term in set(TERMS) - set(terms):
            getattr(pop, term)[...] = 0.0  # drawn anyway: one seed, the same neurons
        return pop

    def rates(self, position: np.ndarray, velocity: np.ndarray) -> np.ndarray:
        """Rates (... x neurons) for positions and velocities (... x 2).

        Examples:
            >>> import numpy as np
            >>> pop = TuningPopulation(np.array([1.0]), np.array([[1.0, 0.0]]),
            ...                        np.array([[0.0, 2.0]]), np.array([0.5]))
            >>> pop.rates(np.array([[0.5, 0.0]]), np.array([[0.0, -1.0]])).tolist()
            [[0.0]]
        """
        v = np.asarray(velocity, dtype=np.float64)
        drive = (
            self.baseline
            + np.asarray(position, dtype=np.float64) @ self.position.T
            + v @ self.velocity.T
            + np.linalg.norm(v, axis=-1, keepdims=True) * self.speed
        )
        return np.maximum(drive, 0.0)
