"""The rate page: a random rate network ``dv/dt = -v + f(g J v)``, watched as it runs.

Pieces:
    RateView: the network built from the page's knobs (rule, gain g, n, dt, seed, and
        optionally a connectome whose wiring masks J), which Mesa's Reset calls.
    MODEL_PARAMS: the controls.
    page: the page (``neuroagents view rate``, or a ``rate`` run config).

J has independent entries N(0, 1/k) on the k inputs of each neuron (k = n without a
connectome: Sompolinsky–Crisanti–Sommers' J, whose bulk of eigenvalues of g J has
radius g). With ``tanh`` the network settles to 0 for g < 1 and turns chaotic for
g > 1; ``linear`` grows without bound once g > 1. The page shows the state (bars up to
50 neurons, else an image), a few neurons' traces, the population mean and RMS, and
v1 against v0 (for n = 2 the phase plane, over the vector field).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import solara
from mesa.visualization import SolaraViz

from neuroagents.connectome.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.plots import new_figure
from neuroagents.sim.model import NeuralModel
from neuroagents.sim.rules import Rate
from neuroagents.validation import as_generator, check_int, check_real
from neuroagents.viz.components import (
    Plot,
    config_values,
    controls,
    lines_figure,
    start_values,
    state_image,
)
from neuroagents.viz.network import load_connectome

__all__ = ["MODEL_PARAMS", "RateView", "page", "rate_weights"]

SIZES = [2, 10, 50, 100, 200, 500]
RULES = ["tanh", "linear", "relu", "sigmoid"]
TRACES = 5  # neurons whose traces are drawn (the first ones)
STEP_TIME = 0.5  # time units (tau = 1) per Step


def rate_weights(n: int, g: float, rng: Any, connectome: Connectome | None = None) -> np.ndarray:
    """``g J`` with ``J_ij ~ N(0, 1/k)``; with a connectome, only on its synapses.

    Without a connectome every pair is coupled and k = n. With one, ``J_ij`` is drawn
    where the connectome has a synapse j -> i and k is the mean in-degree, so that the
    bulk of ``g J`` keeps a radius near g.

    Examples:
        >>> w = rate_weights(400, 1.0, rng=0)
        >>> round(float(w.std() * np.sqrt(400)), 2)
        1.0
    """
    gen = as_generator(rng, "rate_weights")
    if connectome is None:
        return g * gen.normal(0.0, 1.0 / np.sqrt(n), size=(n, n))
    mask = connectome.to_scipy().toarray() != 0
    k = max(mask.sum() / connectome.n_nodes, 1.0)
    return g * np.where(mask, gen.normal(0.0, 1.0 / np.sqrt(k), size=mask.shape), 0.0)


class RateView(NeuralModel):
    """A random rate network ``dv/dt = -v + f(g J v)`` (tau = 1), started at random.

    Each step advances ``STEP_TIME`` = 0.5 time units (synchronous exponential Euler
    steps of ``dt``). The recorder adds ``mean`` and ``rms`` of the state and the
    first five neurons' states ``v0`` … ``v4``. The start is N(0, 1) per neuron.

    Args:
        n: number of neurons (ignored with a connectome: its size).
        rule: ``"tanh"``, ``"linear"``, ``"relu"`` (threshold-linear) or ``"sigmoid"``.
        g: the coupling gain.
        dt: the integration step (<= 0.5).
        seed: seed of J and of the start.
        connectome: a name or file (see :func:`neuroagents.viz.network.load_connectome`)
            whose synapses carry J; ``""``: all-to-all.

    Examples:
        >>> m = RateView(n=50, rule="tanh", g=0.5, seed=0)
        >>> for _ in range(40):
        ...     m.step()
        >>> m.time, bool(np.abs(m.state).max() < 1e-3)   # g < 1: decays to 0
        (20.0, True)
    """

    def __init__(
        self,
        n: int = 100,
        rule: str = "tanh",
        g: float = 1.5,
        dt: float = 0.05,
        seed: int = 0,
        connectome: str = "",
    ) -> None:
        check_real("g", g, "RateView", low=0)
        check_real("dt", dt, "RateView", low=0, low_open=True, high=STEP_TIME)
        if rule not in RULES:
            raise ValidationError(
                f"The 'rule' parameter of RateView must be one of {', '.join(RULES)}. Got {rule!r}."
            )
        wiring = load_connectome(connectome) if connectome else None
        n = wiring.n_nodes if wiring is not None else check_int("n", n, "RateView", low=1)
        weight_rng, start_rng = as_generator(seed, "RateView").spawn(2)
        self.weights = rate_weights(n, g, weight_rng, wiring)
        traces = {f"v{k}": _trace(k) for k in range(min(TRACES, n))}
        super().__init__(
            Connectome.from_matrix(self.weights, weight_dtype="float64"),
            rule=Rate(rule),
            scheduler="sync",
            dt=dt,
            rng=start_rng,
            state=start_rng.normal(0.0, 1.0, n),
            model_reporters={"mean": _mean, "rms": _rms, **traces},
            record_every=STEP_TIME,
        )
        self.g, self.rule_name = g, rule
        self.source = connectome or "all-to-all"
        self.run_until(self.time)  # records the start at time 0

    def step(self) -> None:
        """Advance ``STEP_TIME``; stop running if the state overflows (linear, g > 1)."""
        self.run_until(self.time + STEP_TIME)
        if not np.all(np.isfinite(self.state)) or np.abs(self.state).max() > 1e12:
            self.running = False


def _mean(model: NeuralModel) -> float:
    return float(model.state.mean())


def _rms(model: NeuralModel) -> float:
    return float(np.sqrt(np.mean(model.state**2)))


def _trace(k: int) -> Any:
    def reporter(model: NeuralModel) -> float:
        return float(model.state[k])

    return reporter


def _table(model: RateView) -> Any:
    return model.datacollector.get_model_vars_dataframe()


def StatePanel(model: RateView) -> Any:
    """The state: one bar per neuron (n <= 50), else an image row by row."""
    fig, axes = new_figure(1, 1, size=(5.0, 2.8))
    ax = axes[0, 0]
    title = f"state at t = {model.time:g} ({model.rule_name}, g = {model.g:g}, {model.source})"
    if model.n <= 50:
        ax.bar(np.arange(model.n), model.state, color="C0")
        ax.axhline(0.0, color="0.5", lw=0.5)
        ax.set_xlabel("neuron")
        ax.set_ylabel("v")
        ax.set_title(title, fontsize=9)
    else:
        state_image(ax, model.state, title, cmap="coolwarm")
    rms = _rms(model)
    return Plot(
        fig, f"t = {model.time:g}: rms = {rms:.4g}; max |v| = {np.abs(model.state).max():.4g}"
    )


def TracePlot(model: RateView) -> Any:
    """The first neurons' states against time."""
    table = _table(model)
    columns = [c for c in table.columns if c.startswith("v")]
    fig = lines_figure(table, columns, title="a few neurons", ylabel="v")
    values = ", ".join(f"{c} = {table[c].iloc[-1]:.4g}" for c in columns)
    return Plot(fig, f"t = {table['time'].iloc[-1]:g}: {values}")


def PopulationPlot(model: RateView) -> Any:
    """The population mean and RMS against time."""
    table = _table(model)
    fig = lines_figure(table, ["mean", "rms"], title="population", ylabel="mean, rms")
    last = table.iloc[-1]
    return Plot(fig, f"t = {last['time']:g}: mean = {last['mean']:.4g}, rms = {last['rms']:.4g}")


def PhasePlane(model: RateView) -> Any:
    """v1 against v0: the path and the current point, over the vector field for n = 2."""
    fig, axes = new_figure(1, 1, size=(4.0, 3.6))
    ax = axes[0, 0]
    table = _table(model)
    now = model.state
    if model.n == 1:
        ax.plot(table["time"], table["v0"], color="C2", lw=1.0)
        ax.set_xlabel("time")
        ax.set_ylabel("v0")
        ax.set_title("one neuron: v0 against time", fontsize=10)
        return Plot(fig, f"now v0 = {now[0]:.4g}")
    if model.n == 2:
        span = max(1.5, 1.2 * float(np.abs(table[["v0", "v1"]].to_numpy()).max()))
        grid = np.linspace(-span, span, 15)
        x, y = np.meshgrid(grid, grid)
        points = np.stack([x.ravel(), y.ravel()])
        flow = -points + model.rule.targets(model.weights @ points)
        ax.quiver(x, y, flow[0].reshape(x.shape), flow[1].reshape(x.shape), color="0.6")
        title = "phase plane: dv/dt = -v + f(W v)"
    else:  # a projection of an n-dimensional path: no vector field to draw
        title = f"v1 against v0 (2 of {model.n} dimensions)"
    ax.plot(table["v0"], table["v1"], color="C2", lw=1.0, label="path")
    ax.plot(now[0], now[1], "*", ms=12, color="C1", mec="k", label="now")
    ax.set_xlabel("v0")
    ax.set_ylabel("v1")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    speed = float(np.linalg.norm(-now + model.rule.targets(model.weights @ now)))
    return Plot(fig, f"now (v0, v1) = ({now[0]:.4g}, {now[1]:.4g}); |dv/dt| = {speed:.3g}")


MODEL_PARAMS: dict[str, dict[str, Any]] = {
    "rule": {"type": "Select", "value": "tanh", "values": RULES, "label": "rule f"},
    "g": {"type": "SliderFloat", "value": 1.5, "min": 0.0, "max": 3.0, "step": 0.05,
          "label": "gain g"},
    "n": {"type": "Select", "value": 100, "values": SIZES, "label": "neurons n"},
    "dt": {"type": "Select", "value": 0.05, "values": [0.01, 0.05, 0.1], "label": "dt"},
    "seed": {"type": "SliderInt", "value": 0, "min": 0, "max": 100, "step": 1, "label": "seed"},
}  # fmt: skip


def initial_values(params: Mapping[str, Any]) -> dict[str, Any]:
    """The page's starting values from a ``rate`` run config's params (or its own names).

    A rate run config's other knobs (``lambda1``, ``eps``…) belong to its experiment's
    circuits and are ignored; a list (a sweep's grid) for a page parameter is refused.
    ``connectome`` is loaded here, so a bad one fails before any server starts.

    Examples:
        >>> initial_values({"n": 20, "lambda1": [0.5, 0.9], "seed": 0})
        {'n': 20, 'seed': 0}
    """
    values = config_values("rate", params, MODEL_PARAMS, extra=["connectome"])
    if values.get("connectome"):
        load_connectome(values["connectome"])
    return values


def page(params: Mapping[str, Any] | None = None) -> Any:
    """The rate page: ``SolaraViz`` with the state, traces, population and phase plane.

    Args:
        params: starting values (``rule``, ``g``, ``n``, ``dt``, ``seed``) and an
            optional fixed ``connectome``.
    """
    values = initial_values(params or {})
    model_params = controls({**MODEL_PARAMS, "connectome": ""}, values)
    start = start_values(model_params)
    model = solara.use_memo(lambda: RateView(**start), [])
    return SolaraViz(
        model,
        components=[StatePanel, TracePlot, PopulationPlot, PhasePlane],
        model_params=model_params,
        name="Rate network",
    )
