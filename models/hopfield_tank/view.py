"""The Hopfield–Tank page: the continuous net on a 10-city TSP, watched as it settles.

Pieces:
    TankView: a :class:`~neuroagents.models.hopfield_tank.TankModel` on random cities,
        started as in the 1985 paper, built from the page's knobs (A, B, C, D, u0, n',
        the energy's form, dt, the start's noise, seed), which Mesa's Reset calls.
    MODEL_PARAMS: the controls.
    page: the page (``neuroagents view hopfield_tank``, or a ``hopfield_tank`` config).

Shown: the cities with the exact optimum (Held–Karp) and the tour the outputs encode
now (valid or not), the output matrix V[city, position] as an image, and the energy of
Hopfield & Tank (1985), term by term as published, against time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import solara
from mesa.visualization import SolaraViz

from neuroagents.models.hopfield_tank import (
    FORMS,
    TankModel,
    TankParams,
    distance_matrix,
    held_karp,
    random_cities,
    tank_energy,
    tour_length,
)
from neuroagents.plots import new_figure
from neuroagents.validation import as_generator, check_real
from neuroagents.viz.components import (
    Plot,
    config_values,
    controls,
    lines_figure,
    start_values,
)

__all__ = ["MODEL_PARAMS", "TankView", "page"]

CITIES = 10
STEPS_PER_FRAME = 20  # integration steps of dt per Step
SETTLED = 1e-6  # a Step that moves no output by more than this: settled, Play stops


class TankView(TankModel):
    """The 1985 net on ``CITIES`` random cities, from the paper's noisy start.

    Each step integrates ``STEPS_PER_FRAME`` steps of ``dt``; the run stops (``running``
    False) at ``t_end`` or once a step moves no output by more than ``SETTLED``. The
    recorder adds ``paper_energy``: :func:`~neuroagents.models.hopfield_tank.tank_energy`
    of the outputs (the published sum, without the leak term of ``energy``).

    Args:
        A, B, C, D: the penalty weights (the paper's 500, 500, 200, 500 by default).
        u0: the gain scale, ``V = (1 + tanh(u / u0)) / 2``.
        n_prime: the global target of ``sum V`` (15 in the paper).
        form: ``"1985"`` or ``"rowcol"``.
        dt: the integration step (the paper's runs: 1e-5).
        t_end: where the run stops (Wilson & Pawley's cut-off: 0.01).
        noise: the start's noise, in units of u0 (the paper: 0.1).
        seed: seed of the cities and the start.

    Examples:
        >>> m = TankView(seed=0)
        >>> while m.running:
        ...     m.step()
        >>> m.decode()["outcome"] in ("valid", "invalid", "unsettled"), m.time <= 0.01
        (True, True)
    """

    def __init__(
        self,
        A: float = 500.0,
        B: float = 500.0,
        C: float = 200.0,
        D: float = 500.0,
        u0: float = 0.02,
        n_prime: float = 15.0,
        form: str = "1985",
        dt: float = 1e-5,
        t_end: float = 0.01,
        noise: float = 0.1,
        seed: int = 0,
    ) -> None:
        check_real("t_end", t_end, "TankView", low=0, low_open=True)
        city_rng, start_rng = as_generator(seed, "TankView").spawn(2)
        self.xy = random_cities(CITIES, city_rng)
        params = TankParams(A=A, B=B, C=C, D=D, u0=u0, n_prime=n_prime, form=form)
        super().__init__(
            distance_matrix(self.xy),
            params,
            dt=dt,
            rng=start_rng,
            record_every=STEPS_PER_FRAME * dt,
            model_reporters={"paper_energy": _paper_energy},
        )
        self.t_end = t_end
        self.optimum, self.optimal_tour = held_karp(self.distances)
        self.paper_start(noise)
        self.run_until(self.time)  # records the start at time 0

    def step(self) -> None:
        """Integrate ``STEPS_PER_FRAME`` steps; stop at ``t_end`` or when settled."""
        before = np.array(self.state)
        self.run_until(self.time + STEPS_PER_FRAME * self.dt)
        moved = float(np.abs(self.state - before).max())
        if self.time >= self.t_end * (1 - 1e-9) or moved < SETTLED:
            self.running = False


def _paper_energy(model: TankModel) -> float:
    return tank_energy(model.state, model.distances, model.params)


def _current_tour(model: TankView) -> tuple[list[int], dict[str, Any]]:
    """The decoding, and the city each position's strongest output names (a tentative tour)."""
    decoded = model.decode()
    tour = decoded["tour"] or [int(x) for x in np.argmax(model.outputs, axis=0)]
    return tour, decoded


def TourMap(model: TankView) -> Any:
    """The cities, the optimal tour and the tour the outputs encode now."""
    fig, axes = new_figure(1, 1, size=(4.2, 3.8))
    ax = axes[0, 0]
    xy = model.xy
    best = [*model.optimal_tour, model.optimal_tour[0]]
    ax.plot(xy[best, 0], xy[best, 1], color="0.7", lw=4, label="optimum (Held–Karp)", zorder=0)
    tour, decoded = _current_tour(model)
    closed = [*tour, tour[0]]
    style = "-" if decoded["valid"] else "--"
    ax.plot(xy[closed, 0], xy[closed, 1], style, color="C3", lw=1.2, label="tour now")
    ax.scatter(xy[:, 0], xy[:, 1], s=60, color="k", zorder=2)
    for city, (x, y) in enumerate(xy):
        ax.annotate(str(city), (x, y), xytext=(4, 4), textcoords="offset points", fontsize=8)
    ax.set_aspect("equal")
    ax.set_title(f"t = {model.time:.4g}: {decoded['outcome']}", fontsize=10)
    ax.legend(fontsize=7, loc="best")
    if decoded["valid"]:
        length = tour_length(tour, model.distances)
        text = (f"valid tour {tour}: length {length:.4f} = {length / model.optimum:.3f} x "
                f"optimum {model.optimum:.4f}")  # fmt: skip
    else:
        text = (f"{decoded['outcome']}: {decoded['on']} neurons on, {decoded['ambiguous']} "
                f"graded; optimum {model.optimum:.4f}")  # fmt: skip
    return Plot(fig, text)


def OutputMatrix(model: TankView) -> Any:
    """The outputs V[city, position] as an image."""
    fig, axes = new_figure(1, 1, size=(3.8, 3.4))
    ax = axes[0, 0]
    image = ax.imshow(model.outputs, cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="nearest")
    fig.colorbar(image, ax=ax, shrink=0.8)
    ax.set_xlabel("position i")
    ax.set_ylabel("city X")
    ax.set_title("outputs V[X, i]", fontsize=10)
    total = float(model.outputs.sum())
    return Plot(fig, f"sum V = {total:.3f} (target n' = {model.params.n_prime:g})")


def EnergyPlot(model: TankView) -> Any:
    """The 1985 energy (the published sum) against time."""
    table = model.datacollector.get_model_vars_dataframe()
    fig = lines_figure(table, ["paper_energy"], title="energy (Hopfield & Tank 1985)",
                       ylabel="E")  # fmt: skip
    last = table.iloc[-1]
    return Plot(fig, f"energy {last['paper_energy']:.3f} at t = {last['time']:.4g}")


MODEL_PARAMS: dict[str, dict[str, Any]] = {
    "A": {"type": "SliderFloat", "value": 500.0, "min": 0.0, "max": 2000.0, "step": 50.0,
          "label": "A (one position per city)"},
    "B": {"type": "SliderFloat", "value": 500.0, "min": 0.0, "max": 2000.0, "step": 50.0,
          "label": "B (one city per position)"},
    "C": {"type": "SliderFloat", "value": 200.0, "min": 0.0, "max": 1000.0, "step": 10.0,
          "label": "C (global: sum V = n')"},
    "D": {"type": "SliderFloat", "value": 500.0, "min": 0.0, "max": 2000.0, "step": 50.0,
          "label": "D (tour length)"},
    "u0": {"type": "Select", "value": 0.02, "values": [0.01, 0.02, 0.05, 0.1], "label": "u0"},
    "n_prime": {"type": "SliderFloat", "value": 15.0, "min": 10.0, "max": 20.0, "step": 0.5,
                "label": "n'"},
    "form": {"type": "Select", "value": "1985", "values": list(FORMS), "label": "energy form"},
    "dt": {"type": "Select", "value": 1e-5, "values": [2e-6, 5e-6, 1e-5, 2e-5, 4e-5],
           "label": "dt"},
    "noise": {"type": "SliderFloat", "value": 0.1, "min": 0.0, "max": 0.5, "step": 0.01,
              "label": "start noise (x u0)"},
    "seed": {"type": "SliderInt", "value": 0, "min": 0, "max": 100, "step": 1, "label": "seed"},
    "t_end": 0.01,
}  # fmt: skip


def initial_values(params: Mapping[str, Any]) -> dict[str, Any]:
    """The page's starting values from a ``hopfield_tank`` run config's params.

    Its other knobs (``starts``, ``seeds``, the phase diagram's ``A_values``…) belong to
    the experiment's batches and are ignored; a list for a page parameter is refused.

    Examples:
        >>> initial_values({"starts": 20, "dt": 1e-5, "t_end": 0.03})
        {'dt': 1e-05, 't_end': 0.03}
    """
    return config_values("hopfield_tank", params, MODEL_PARAMS)


def page(params: Mapping[str, Any] | None = None) -> Any:
    """The Hopfield–Tank page: the tour map, the output matrix and the energy.

    Args:
        params: starting values (``A``, ``B``, ``C``, ``D``, ``u0``, ``n_prime``,
            ``form``, ``dt``, ``noise``, ``seed``; the fixed ``t_end``).
    """
    model_params = controls(MODEL_PARAMS, initial_values(params or {}))
    start = start_values(model_params)
    model = solara.use_memo(lambda: TankView(**start), [])
    return SolaraViz(
        model,
        components=[TourMap, OutputMatrix, EnergyPlot],
        model_params=model_params,
        name="Hopfield–Tank TSP",
    )
