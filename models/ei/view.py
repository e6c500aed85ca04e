"""The E–I page: the agents' E and I activity beside the mean-field ODE, live.

Pieces:
    EIView: an EIModel built from the page's knobs, carrying its mean field's
        prediction (with the finite-size band), nullclines and fixed points, each
        computed once per model by :mod:`neuroagents.models.ei`.
    MODEL_PARAMS: the controls (thresholds, τ_E, τ_I, p, preset, seed).
    page: the page (``neuroagents view ei``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import solara
from mesa.visualization import SolaraViz

from neuroagents.errors import ValidationError
from neuroagents.models.ei import PRESETS, EIModel
from neuroagents.plots import new_figure
from neuroagents.viz.components import Plot, config_values, controls, start_values

__all__ = ["MODEL_PARAMS", "EIView", "page"]

# The time the ODE is solved over, in units of the slower time constant; it is solved
# again over twice as long when the agents run past it.
HORIZON_TAUS = 10.0
BAND_SIGMAS = 2.0


class EIView(EIModel):
    """The E–I agents with their mean field, for the page.

    Each step advances the Poisson clocks by ``max(τ_E, τ_I) / 10``. ``theory`` is the
    mean-field ODE with its linear-noise standard deviations (``MeanField.linear_noise``)
    on the agents' record grid; ``nullclines`` and ``fixed_points`` are the mean field's.

    Args:
        n_e: number of E neurons.
        n_i: number of I neurons.
        p: connection probability.
        tau_e: E time constant.
        tau_i: I time constant.
        theta_e: E threshold.
        theta_i: I threshold.
        e0: fraction of E active at time 0.
        i0: fraction of I active at time 0.
        preset: ``"e-drives-i"`` or ``"lecture"``.
        seed: the seed of the graph, the start and the clocks.

    Examples:
        >>> m = EIView(n_e=400, n_i=100, p=0.5, tau_e=10.0, tau_i=1.0, seed=0)
        >>> m.step_time, float(m.theory["time"].iloc[-1])
        (1.0, 100.0)
        >>> m.step(); m.time
        1.0
    """

    def __init__(
        self,
        n_e: int = 800,
        n_i: int = 200,
        p: float = 0.5,
        tau_e: float = 20.0,
        tau_i: float = 1.0,
        theta_e: float = 20.0,
        theta_i: float = 30.0,
        e0: float = 0.2,
        i0: float = 0.0,
        preset: str = "e-drives-i",
        seed: int = 0,
    ) -> None:
        super().__init__(
            n_e=n_e, n_i=n_i, p=p, tau_e=tau_e, tau_i=tau_i, theta_e=theta_e,
            theta_i=theta_i, e0=e0, i0=i0, preset=preset, rng=seed,
        )  # fmt: skip
        self.step_time = max(tau_e, tau_i) / 10
        self.field = self.mean_field()
        self.nullclines = self.field.nullclines(grid=201)
        self.fixed_points = self.field.fixed_points()
        self.theory = self._solve(HORIZON_TAUS * max(tau_e, tau_i))
        self.run_until(self.time)  # records the start at time 0

    def _solve(self, t_end: float) -> pd.DataFrame:
        spacing = min(self.params.tau_e, self.params.tau_i) / 4  # the record spacing
        return self.field.linear_noise(times=np.linspace(0.0, t_end, round(t_end / spacing) + 1))

    def step(self) -> None:
        """Advance by ``step_time``; extend the ODE when the agents pass its end."""
        self.run_for(self.step_time)
        end = float(self.theory["time"].iloc[-1])
        if self.time > end:
            self.theory = self._solve(2 * end)


def _course(model: EIView, pop: str, color: str) -> Any:
    agents, ode = model.rates(), model.theory
    fig, axes = new_figure(1, 1, size=(5.0, 2.8))
    ax = axes[0, 0]
    sd = ode[f"sd_{pop}"]
    ax.fill_between(ode["time"], np.clip(ode[pop] - BAND_SIGMAS * sd, 0, 1),
                    np.clip(ode[pop] + BAND_SIGMAS * sd, 0, 1), color="0.85",
                    label="ODE ± 2σ (finite n)")  # fmt: skip
    ax.plot(ode["time"], ode[pop], color="k", ls="--", lw=1.0, label="mean-field ODE")
    ax.plot(agents["time"], agents[pop], color=color, lw=1.0, label="agents")
    ax.axvline(model.time, color="0.6", lw=0.5)
    ax.set_xlabel("time")
    ax.set_ylabel(f"fraction of {pop} active")
    ax.set_title(f"{pop}(t): agents and mean field", fontsize=10)
    ax.legend(fontsize=7, loc="best")
    now = float(agents[pop].iloc[-1])
    at = ode.iloc[int(np.argmin(np.abs(ode["time"].to_numpy() - float(agents["time"].iloc[-1]))))]
    caption = (
        f"{pop} = {now:.3f} (agents) vs {at[pop]:.3f} ± {BAND_SIGMAS * at[f'sd_{pop}']:.3f} "
        f"(ODE ± 2σ) at t = {agents['time'].iloc[-1]:g}"
    )
    return Plot(fig, caption)


def ExcitatoryPlot(model: EIView) -> Any:
    """E(t) of the agents over the ODE's E(t) and its ±2σ finite-size band."""
    return _course(model, "E", "C3")


def InhibitoryPlot(model: EIView) -> Any:
    """I(t) of the agents over the ODE's I(t) and its ±2σ finite-size band."""
    return _course(model, "I", "C0")


def PhasePlane(model: EIView) -> Any:
    """Nullclines, fixed points, the ODE's and the agents' paths, and the current point."""
    agents, ode = model.rates(), model.theory
    fig, axes = new_figure(1, 1, size=(4.2, 3.8))
    ax = axes[0, 0]
    for name, color in (("E", "C3"), ("I", "C0")):
        line = model.nullclines[model.nullclines["nullcline"] == name]
        ax.plot(line["E"], line["I"], ".", ms=1.5, color=color, label=f"{name}-nullcline")
    for fp in model.fixed_points.itertuples():
        ax.plot(fp.E, fp.I, "o", ms=6, mfc="k" if fp.stable else "w", mec="k")
    ax.plot(ode["E"], ode["I"], color="k", ls="--", lw=0.8, label="ODE")
    ax.plot(agents["E"], agents["I"], color="C2", lw=0.8, label="agents")
    e_now, i_now = float(agents["E"].iloc[-1]), float(agents["I"].iloc[-1])
    ax.plot(e_now, i_now, "*", ms=12, color="C1", mec="k", label="now")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("E")
    ax.set_ylabel("I")
    ax.set_title("phase plane (● stable, ○ unstable fixed point)", fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    kinds = ", ".join(f"{k} ({e:.3f}, {i:.3f})" for k, e, i in
                      model.fixed_points[["kind", "E", "I"]].itertuples(index=False))  # fmt: skip
    return Plot(fig, f"now (E, I) = ({e_now:.3f}, {i_now:.3f}); fixed points: {kinds}")


MODEL_PARAMS: dict[str, dict[str, Any]] = {
    "theta_e": {"type": "SliderFloat", "value": 20.0, "min": 0.0, "max": 60.0, "step": 0.5,
                "label": "threshold T_E"},
    "theta_i": {"type": "SliderFloat", "value": 30.0, "min": 0.0, "max": 60.0, "step": 0.5,
                "label": "threshold T_I"},
    "tau_e": {"type": "SliderFloat", "value": 20.0, "min": 0.5, "max": 50.0, "step": 0.5,
              "label": "τ_E"},
    "tau_i": {"type": "SliderFloat", "value": 1.0, "min": 0.5, "max": 50.0, "step": 0.5,
              "label": "τ_I"},
    "p": {"type": "SliderFloat", "value": 0.5, "min": 0.05, "max": 1.0, "step": 0.05,
          "label": "connection probability p"},
    "preset": {"type": "Select", "value": "e-drives-i", "values": list(PRESETS),
               "label": "wiring preset"},
    "seed": {"type": "SliderInt", "value": 0, "min": 0, "max": 100, "step": 1, "label": "seed"},
    "n_e": 800,
    "n_i": 200,
    "e0": 0.2,
    "i0": 0.0,
}  # fmt: skip


def initial_values(params: Mapping[str, Any]) -> dict[str, Any]:
    """The page's starting values from a run config's params (others are ignored).

    Raises:
        ValidationError: a ``connectome``: the page draws the mean field of G(n, p)
            beside its agents, a comparison that another wiring would make wrong, so
            the key is refused rather than ignored.

    Examples:
        >>> initial_values({"theta_e": 15.0, "n_e": 2000, "ratios": [1.0, 5.0]})
        {'theta_e': 15.0, 'n_e': 2000}
    """
    if params.get("connectome"):
        raise ValidationError(
            f"The E–I page runs its agents on G(n, p) and cannot take a 'connectome' "
            f"(got {params['connectome']!r}). Run the config with `neuroagents run`, or "
            f"view the wiring with the network page."
        )
    return config_values("ei", params, MODEL_PARAMS)


def page(params: Mapping[str, Any] | None = None) -> Any:
    """The E–I page: ``SolaraViz`` with E(t), I(t) beside the ODE, and the phase plane.

    Args:
        params: starting values (``theta_e``, ``theta_i``, ``tau_e``, ``tau_i``, ``p``,
            ``preset``, ``seed``, and the fixed ``n_e``, ``n_i``, ``e0``, ``i0``).
    """
    values = initial_values(params or {})
    model_params = controls(MODEL_PARAMS, values)
    start = start_values(model_params)
    model = solara.use_memo(lambda: EIView(**start), [])
    return SolaraViz(
        model,
        components=[ExcitatoryPlot, InhibitoryPlot, PhasePlane],
        model_params=model_params,
        name="E–I populations",
    )
