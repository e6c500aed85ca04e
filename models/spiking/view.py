"""The spiking page: Brunel's network of LIF neurons, raster and population rate as it runs.

Pieces:
    BrunelView: Brunel's model A (a SpikingModel) built from the page's knobs (g,
        ν_ext/ν_thr or one of Fig. 8's states, N_E, ε, seed); each Step is STEP_MS of
        biological time on the compiled grid engine.
    MODEL_PARAMS: the controls.
    initial_values: a ``spiking`` run config's values for the page.
    page: the page (``neuroagents view spiking``, or a ``spiking`` run config).

The page shows the last WINDOW_MS: a raster of 50 excitatory and 12 inhibitory neurons
above the population rate (1 ms bins), with the E and I rates and the Siegert fixed
point (where g γ > 1) in the caption, and the membrane potentials of three neurons.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import solara
from mesa.visualization import SolaraViz

from neuroagents.errors import ValidationError
from neuroagents.models.spiking.brunel import (
    STATES,
    BrunelParams,
    brunel_connectome,
    brunel_seeds,
)
from neuroagents.models.spiking.figures import raster_figure
from neuroagents.models.spiking.theory import self_consistent_rate
from neuroagents.plots import new_figure
from neuroagents.sim.spiking import SpikingModel
from neuroagents.viz.components import Plot, config_values, controls, start_values

__all__ = ["MODEL_PARAMS", "BrunelView", "initial_values", "page"]

STEP_MS = 10.0  # biological time per Step
WINDOW_MS = 200.0  # what the panels show
PROBES = 3  # neurons whose membrane potentials are drawn


class BrunelView(SpikingModel):
    """Brunel's model A as a page model: the network of :func:`brunel_model`, stepped in 10 ms.

    Built from one seed exactly as :func:`~neuroagents.models.spiking.brunel_model`
    builds it (the same wiring, initial potentials and external input), so a run
    outside the page reproduces what the page shows.

    Args:
        g: relative strength of inhibition.
        nu_ratio: ν_ext / ν_thr.
        n_e: excitatory neurons (N_I = n_e / 4).
        epsilon: connection probability (C_E = ε N_E).
        seed: the seed.
        state: one of Fig. 8's states (``"SR"``, ``"AI"``, ``"SI_fast"``,
            ``"SI_slow"``), which sets g and nu_ratio; "" keeps them.

    Examples:
        >>> m = BrunelView(n_e=400, epsilon=0.1, seed=0)
        >>> m.step()
        >>> m.time, m.n
        (10.0, 500)
    """

    def __init__(
        self,
        g: float = 5.0,
        nu_ratio: float = 2.0,
        n_e: int = 4000,
        epsilon: float = 0.25,
        seed: int = 0,
        state: str = "",
    ) -> None:
        if state:
            if state not in STATES:
                raise ValidationError(
                    f"The 'state' parameter of BrunelView must be one of {list(STATES)} or "
                    f"''. Got {state!r} instead."
                )
            g, nu_ratio = STATES[state]
        self.brunel = BrunelParams(
            N_E=n_e, N_I=max(1, n_e // 4), epsilon=epsilon, g=g, nu_ratio=nu_ratio
        )
        wiring_seed, model_seed = brunel_seeds(seed)
        p = self.brunel
        super().__init__(
            brunel_connectome(p, np.random.default_rng(wiring_seed)),
            neuron="iaf_psc_delta",
            params=p.neuron_params(),
            dt=p.dt,
            delay=p.D,
            v0="uniform",
            rng=model_seed,
        )
        self.add_poisson_input(p.C_E * p.nu_ext, p.J, name="external")
        self.record_voltage(np.linspace(0, p.N_E - 1, PROBES).astype(int))
        gamma = p.C_I / p.C_E
        self.theory_rate = (
            self_consistent_rate(p.g, p.nu_ext, J=p.J, C_E=p.C_E, gamma=gamma)
            if p.g * gamma > 1.0
            else math.nan
        )

    def step(self) -> None:
        """Advance STEP_MS of biological time."""
        self.run_for(STEP_MS)


def _window(model: BrunelView) -> tuple[float, float]:
    return max(0.0, model.time - WINDOW_MS), max(model.time, 1e-9)


def _rates(model: BrunelView) -> tuple[float, float, int]:
    """Mean E and I rates (Hz) over the window, and the spikes in it."""
    start, stop = _window(model)
    spikes = model.spikes()
    late = spikes[(spikes["time"] > start) & (spikes["time"] <= stop)]
    seconds = (stop - start) / 1000.0
    p = model.brunel
    is_e = late["neuron"].to_numpy() < p.N_E
    if seconds <= 0.0 or model.time == 0.0:
        return 0.0, 0.0, 0
    rate_e = float(is_e.sum()) / p.N_E / seconds
    rate_i = float((~is_e).sum()) / p.N_I / seconds
    return rate_e, rate_i, len(late)


def RasterPanel(model: BrunelView) -> Any:
    """A raster of 62 neurons over the last window above the population rate."""
    p = model.brunel
    start, stop = _window(model)
    spikes = model.spikes()
    edges = np.arange(start, stop + 1.0, 1.0)
    counts, _ = np.histogram(spikes["time"].to_numpy(), bins=edges)
    rate = pd.Series(counts / model.n / 1e-3, index=edges[:-1])
    shown = np.concatenate(
        [np.linspace(0, p.N_E - 1, 50), np.linspace(p.N_E, p.N_E + p.N_I - 1, 12)]
    ).astype(int)
    fig = raster_figure(
        spikes, rate, neurons=shown, window=(start, stop),
        title=f"g = {p.g:g}, nu_ext/nu_thr = {p.nu_ratio:g}, N = {model.n}, C_E = {p.C_E}",
    )  # fmt: skip
    rate_e, rate_i, count = _rates(model)
    theory = (
        f"; Siegert fixed point {model.theory_rate:.2f} Hz"
        if math.isfinite(model.theory_rate)
        else ""
    )
    return Plot(
        fig,
        f"t = {model.time:g} ms: rate E = {rate_e:.2f} Hz, rate I = {rate_i:.2f} Hz over the "
        f"last {stop - start:g} ms ({count} spikes){theory}",
    )


def VoltagePanel(model: BrunelView) -> Any:
    """The membrane potentials of three excitatory neurons over the last window."""
    fig, axes = new_figure(1, 1, size=(5.0, 2.6))
    ax = axes[0, 0]
    start, stop = _window(model)
    volt = model.voltages()
    volt = volt[volt["time"] > start]
    for k, (neuron, trace) in enumerate(volt.groupby("neuron")):
        ax.plot(trace["time"], trace["v"], lw=0.7, color=f"C{k}", label=f"neuron {neuron}")
    p = model.brunel
    ax.axhline(p.theta, color="0.5", ls="--", lw=0.7)
    ax.set_xlim(start, stop)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("V (mV)")
    ax.set_title("membrane potentials (threshold dashed)", fontsize=9)
    if len(volt):
        ax.legend(fontsize=7, loc="lower left")
    mean = float(volt["v"].mean()) if len(volt) else float("nan")
    return Plot(fig, f"t = {model.time:g} ms: mean V of the three = {mean:.3f} mV")


MODEL_PARAMS: dict[str, dict[str, Any]] = {
    "g": {"type": "SliderFloat", "value": 5.0, "min": 1.0, "max": 8.0, "step": 0.5,
          "label": "relative inhibition g"},
    "nu_ratio": {"type": "SliderFloat", "value": 2.0, "min": 0.5, "max": 4.0, "step": 0.1,
                 "label": "nu_ext / nu_thr"},
    "n_e": {"type": "Select", "value": 4000, "values": [1000, 2000, 4000, 10000],
            "label": "excitatory neurons N_E"},
    "epsilon": {"type": "Select", "value": 0.25, "values": [0.05, 0.1, 0.25, 0.5],
                "label": "connection probability"},
    "seed": {"type": "SliderInt", "value": 0, "min": 0, "max": 100, "step": 1, "label": "seed"},
}  # fmt: skip


def initial_values(params: Mapping[str, Any]) -> dict[str, Any]:
    """The page's starting values from a ``spiking`` run config's params.

    A Brunel config's ``state`` sets g and nu_ratio; its run lengths, seeds and sweep
    grids (``g_values`` ...) belong to its experiment and are ignored.

    Examples:
        >>> initial_values({"state": "SR", "n_e": 4000, "epsilon": 0.25, "warmup": 200.0})
        {'n_e': 4000, 'epsilon': 0.25, 'g': 3.0, 'nu_ratio': 2.0}
    """
    values = config_values("spiking", params, MODEL_PARAMS, extra=["state"])
    state = values.pop("state", "")
    if state:
        if state not in STATES:
            raise ValidationError(
                f"The 'state' parameter of the spiking page must be one of {list(STATES)}. "
                f"Got {state!r} instead."
            )
        values["g"], values["nu_ratio"] = STATES[state]
    return values


def page(params: Mapping[str, Any] | None = None) -> Any:
    """The spiking page: ``SolaraViz`` with the raster and population rate, and potentials.

    Args:
        params: starting values (``g``, ``nu_ratio``, ``n_e``, ``epsilon``, ``seed``,
            or a Fig. 8 ``state``).
    """
    values = initial_values(params or {})
    model_params = controls(MODEL_PARAMS, values)
    start = start_values(model_params)
    model = solara.use_memo(lambda: BrunelView(**start), [])
    return SolaraViz(
        model,
        components=[RasterPanel, VoltagePanel],
        model_params=model_params,
        name="Spiking network (Brunel 2000)",
    )
