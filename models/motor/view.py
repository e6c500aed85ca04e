"""The motor page: a reaching network's state rotating in its plane after the go cue.

Pieces:
    MotorView: one reach condition of ``models/motor``'s reaching circuit, run on the
        engine from its preparatory state (the go cue at t = 0), built from the page's
        knobs (n, conditions, the condition, the random coupling, seed).
    MODEL_PARAMS: the controls.
    page: the page (``neuroagents view motor``, or a ``motor`` run config).

Shown: the state projected on the circuit's first rotational plane (u_1, w_1), its
slowest rotation (jPCA's first plane in docs/motor.md turns near it), with every
condition's path and the live one;
and the muscles' activity (the fixed readout) against time. Without coupling the plane
is invariant and the projection turns by exactly ``2 pi f t`` and shrinks by
``exp(-t / decay)``; the caption sets the measured angle and radius beside those.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import solara
from mesa.visualization import SolaraViz

from neuroagents.connectome.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.models.motor import reach_network
from neuroagents.plots import new_figure
from neuroagents.sim.model import NeuralModel
from neuroagents.validation import check_int
from neuroagents.viz.components import Plot, config_values, controls, start_values

__all__ = ["MODEL_PARAMS", "MotorView", "page"]

FREQUENCY, DECAY = 0.0015, 300.0  # the first planes' (reach_network's defaults)
STEP_TIME = 10.0  # time units per Step (10 engine steps of dt = 1)
T_END = 600.0  # Play stops here (a reach is over long before)


class MotorView(NeuralModel):
    """One reach of the reaching circuit, from its preparatory state, on the engine.

    Linear rate neurons ``tau dv/dt = -v + W v`` (tau = 20, dt = 1, float64), started at
    the preparatory state of ``condition`` (the network held there until the go cue at
    t = 0). ``paths`` are every condition's projections on the first rotational plane,
    computed once with the stepped map ``v -> k v + (1 - k) W v`` in numpy.

    Args:
        n: neurons.
        conditions: reach directions.
        condition: the one run live (0 … conditions - 1).
        coupling: strength g of the random part g J of W (0: the planes are invariant).
        seed: seed of the network (its basis, the null components, J).

    Examples:
        >>> m = MotorView(n=60, condition=0, seed=0)
        >>> float(np.round(m.plane_coordinates()[0], 6)), m.time   # cos(0) on u_1
        (1.0, 0.0)
        >>> m.step(); m.time
        10.0
    """

    def __init__(
        self,
        n: int = 200,
        conditions: int = 8,
        condition: int = 0,
        coupling: float = 0.0,
        seed: int = 0,
    ) -> None:
        check_int("condition", condition, "MotorView", low=0)
        if condition >= conditions:
            raise ValidationError(
                f"The 'condition' parameter of MotorView must be < conditions = "
                f"{conditions}. Got {condition}."
            )
        self.net, self.prep = reach_network(n, conditions=conditions, coupling=coupling, rng=seed)
        self.condition, self.coupling = condition, coupling
        self.plane = self.net.basis[:, :2]  # u_1, w_1: the first rotational plane
        self.paths = self._reference_paths()
        super().__init__(
            Connectome.from_matrix(self.net.W, weight_dtype="float64"),
            rule="linear",
            scheduler="sync",
            tau=self.net.tau,
            dt=self.net.dt,
            state=self.prep[condition],
            record_every=STEP_TIME,
            model_reporters={"x": _plane(0), "y": _plane(1), **_muscles(self.net.readout)},
        )
        self.start = self.plane_coordinates()
        self.run_until(self.time)  # records the start at time 0

    def _reference_paths(self) -> np.ndarray:
        keep = np.exp(-self.net.dt / self.net.tau)
        step = keep * np.eye(self.net.n) + (1 - keep) * self.net.W
        states, out = self.prep.T.copy(), []
        for k in range(round(T_END / self.net.dt) + 1):
            if k % round(STEP_TIME / self.net.dt) == 0:
                out.append(self.plane.T @ states)
            states = step @ states
        return np.array(out)  # records x 2 x conditions

    def plane_coordinates(self) -> np.ndarray:
        """The state's coordinates on (u_1, w_1)."""
        return self.plane.T @ np.asarray(self.state)

    def step(self) -> None:
        """Advance ``STEP_TIME``; stop at ``T_END``."""
        self.run_until(self.time + STEP_TIME)
        if self.time >= T_END:
            self.running = False


def _plane(k: int) -> Any:
    def reporter(model: MotorView) -> float:
        return float(model.plane_coordinates()[k])

    return reporter


def _muscles(readout: np.ndarray) -> dict[str, Any]:
    def muscle(k: int) -> Any:
        return lambda model: float(model.net.baseline + readout[k] @ model.state)

    return {f"muscle{k}": muscle(k) for k in range(readout.shape[0])}


def PlanePanel(model: MotorView) -> Any:
    """Every condition's path on (u_1, w_1), the live one bold, and the current point."""
    table = model.datacollector.get_model_vars_dataframe()
    fig, axes = new_figure(1, 1, size=(4.2, 3.8))
    ax = axes[0, 0]
    for c in range(model.paths.shape[2]):
        ax.plot(model.paths[:, 0, c], model.paths[:, 1, c], color="0.8", lw=0.8)
    ax.plot(table["x"], table["y"], color="C3", lw=1.6, label=f"condition {model.condition}")
    now = model.plane_coordinates()
    ax.plot(now[0], now[1], "*", ms=12, color="C1", mec="k", label="now")
    ax.set_aspect("equal")
    ax.set_xlabel("u_1")
    ax.set_ylabel("w_1")
    ax.set_title(f"first rotational plane, t = {model.time:g} after the go cue", fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    turned = float(np.angle(complex(*now) / complex(*model.start))) if model.time else 0.0
    theory = (2 * np.pi * FREQUENCY * model.time + np.pi) % (2 * np.pi) - np.pi
    radius = float(np.hypot(*now) / np.hypot(*model.start))
    return Plot(fig, f"t = {model.time:g}: turned {turned:.4f} rad (2 pi f t: {theory:.4f}); "
                     f"radius x {radius:.4f} (exp(-t/{DECAY:g}): "
                     f"{np.exp(-model.time / DECAY):.4f})")  # fmt: skip


def MusclePlot(model: MotorView) -> Any:
    """The muscles' activity (the fixed readout of the state) against time."""
    table = model.datacollector.get_model_vars_dataframe()
    columns = [c for c in table.columns if c.startswith("muscle")]
    fig, axes = new_figure(1, 1, size=(5.0, 2.8))
    ax = axes[0, 0]
    for column in columns:
        ax.plot(table["time"], table[column], lw=1.0)
    ax.set_xlim(0, T_END)
    ax.set_xlabel("time after the go cue")
    ax.set_ylabel("activity")
    ax.set_title(f"{len(columns)} muscles (baseline {model.net.baseline:g})", fontsize=10)
    last = table[columns].iloc[-1].to_numpy()
    return Plot(fig, f"t = {model.time:g}: muscles from {last.min():.4f} to {last.max():.4f}")


MODEL_PARAMS: dict[str, dict[str, Any]] = {
    "condition": {"type": "SliderInt", "value": 0, "min": 0, "max": 7, "step": 1,
                  "label": "reach condition"},
    "coupling": {"type": "SliderFloat", "value": 0.0, "min": 0.0, "max": 0.3, "step": 0.05,
                 "label": "random coupling g"},
    "n": {"type": "Select", "value": 200, "values": [60, 100, 200], "label": "neurons n"},
    "seed": {"type": "SliderInt", "value": 0, "min": 0, "max": 100, "step": 1, "label": "seed"},
    "conditions": 8,
}  # fmt: skip


def initial_values(params: Mapping[str, Any]) -> dict[str, Any]:
    """The page's starting values from a ``motor`` run config's params.

    ``n``, ``conditions``, ``coupling`` and ``seed`` are taken; others are ignored.

    Examples:
        >>> initial_values({"n": 200, "conditions": 8, "coupling": 0.2, "tau": 20.0})
        {'n': 200, 'conditions': 8, 'coupling': 0.2}
    """
    return config_values("motor", params, MODEL_PARAMS)


def page(params: Mapping[str, Any] | None = None) -> Any:
    """The motor page: the state in its rotational plane and the muscles, live.

    Args:
        params: starting values (``condition``, ``coupling``, ``n``, ``seed``; the fixed
            ``conditions``).
    """
    model_params = controls(MODEL_PARAMS, initial_values(params or {}))
    model_params["condition"]["max"] = model_params["conditions"] - 1
    start = start_values(model_params)
    model = solara.use_memo(lambda: MotorView(**start), [])
    return SolaraViz(
        model,
        components=[PlanePanel, MusclePlot],
        model_params=model_params,
        name="Motor cortex: a reach",
    )
