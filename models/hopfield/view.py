"""The Hopfield page: a net retrieving a corrupted pattern, watched sweep by sweep.

Pieces:
    HopfieldView: a HopfieldModel built from the page's knobs (n, patterns, corruption,
        scheduler, engine, seed), which is what Mesa's Reset calls with them.
    MODEL_PARAMS: the controls.
    page: the page (``neuroagents view hopfield``).

The page shows the state as an image beside the cue's pattern, and the energy, the
overlap with each stored pattern and the flips per sweep as plots that grow each step;
for n <= 100 (or a connectome) also the network, neurons coloured by state.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import solara
from mesa.visualization import SolaraViz

from neuroagents.connectome.connectome import Connectome
from neuroagents.models.hopfield import (
    HopfieldModel,
    corrupt,
    hebbian_weights,
    random_patterns,
)
from neuroagents.plots import new_figure
from neuroagents.sim.schedulers import SCHEDULERS
from neuroagents.validation import as_generator, check_real
from neuroagents.viz.components import (
    Plot,
    config_values,
    lines_figure,
    network_figure,
    state_image,
)
from neuroagents.viz.network import load_connectome

__all__ = ["MODEL_PARAMS", "HopfieldView", "page"]

SIZES = [64, 100, 256, 400, 900]  # the choices offered (a config may give another n)
MAX_DRAWN_N = 100  # all-to-all nets up to this size are also drawn as a network


class HopfieldView(HopfieldModel):
    """A Hopfield net of ``patterns`` random Hebbian memories, started from a corrupted one.

    Pattern 0, with a fraction ``corruption`` of its bits flipped, is the cue. Each step
    is one sweep (or one time unit for ``"poisson"``); the run stops (``running`` False)
    after a step in which no neuron flipped. The recorder adds ``m0``, ``m1`` … the
    overlap with each stored pattern.

    Args:
        n: number of neurons.
        patterns: number of stored random patterns.
        corruption: fraction of the cue's bits flipped, in [0, 1].
        scheduler: one of the schedulers of :mod:`neuroagents.sim.schedulers`.
        engine: ``"compiled"`` or ``"agents"``.
        seed: the seed of the patterns, the cue and the update order.
        connectome: a name or file (see :func:`neuroagents.viz.network.load_connectome`):
            Hebb's weights are kept only on its synapses, either way (symmetrized), and
            n is its size; ``""`` (default): all-to-all.

    Examples:
        >>> m = HopfieldView(n=100, patterns=3, corruption=0.2, seed=0)
        >>> round(float(m.overlaps()[0]), 2)
        0.6
        >>> while m.running:
        ...     m.step()
        >>> round(float(m.overlaps()[0]), 2), m.time
        (1.0, 2.0)
    """

    def __init__(
        self,
        n: int = 256,
        patterns: int = 10,
        corruption: float = 0.25,
        scheduler: str = "async-sweep",
        engine: str = "compiled",
        seed: int = 0,
        connectome: str = "",
    ) -> None:
        check_real("corruption", corruption, "HopfieldView", low=0, high=1)
        wiring = load_connectome(connectome) if connectome else None
        if wiring is not None:
            n = wiring.n_nodes
        pattern_rng, cue_rng, model_rng = as_generator(seed, "HopfieldView").spawn(3)
        stored = random_patterns(n=n, count=patterns, rng=pattern_rng)
        cue = corrupt(stored[0], flips=round(corruption * n), rng=cue_rng)
        reporters = {f"m{k}": _overlap_reporter(k) for k in range(patterns)}
        weights = hebbian_weights(stored)
        if wiring is not None:  # a synapse either way couples the pair (W stays symmetric)
            adjacency = wiring.to_scipy().toarray() != 0
            weights = np.where(adjacency | adjacency.T, weights, 0.0)
        self.weights = weights
        self.source = Path(connectome).name if connectome else "all-to-all"
        super().__init__(
            Connectome.from_matrix(weights),
            patterns=stored,
            scheduler=scheduler,
            engine=engine,
            rng=model_rng,
            state=cue,
            model_reporters=reporters,
        )
        self.cue = cue
        self.run_until(self.time)  # records the cue at time 0

    def step(self) -> None:
        """One sweep; stop running at a fixed point (a sweep without flips)."""
        before = self.flips_total
        super().step()
        if self.flips_total == before:
            self.running = False


def _overlap_reporter(k: int) -> Any:
    def reporter(model: HopfieldView) -> float:
        return float(model.patterns[k] @ model.state) / model.n

    return reporter


def _table(model: HopfieldView) -> Any:
    return model.datacollector.get_model_vars_dataframe()


def StatePanel(model: HopfieldView) -> Any:
    """The state as an image beside pattern 0 (the one the cue came from)."""
    fig, axes = new_figure(1, 2, size=(5.0, 2.8))
    state_image(axes[0, 0], model.state, f"state at sweep {model.time:g}")
    state_image(axes[0, 1], model.patterns[0], "stored pattern 0 (the cue's)")
    m0 = float(model.overlaps()[0])
    return Plot(fig, f"sweep {model.time:g}: overlap with pattern 0 = {m0:.3f}")


def NetworkPanel(model: HopfieldView) -> Any:
    """The network, neurons coloured by state, for small n or a connectome (cached layout)."""
    if model.n > MAX_DRAWN_N and model.source == "all-to-all":
        fig, axes = new_figure(1, 1, size=(4.4, 3.3))
        axes[0, 0].text(0.5, 0.5, f"the network is drawn for n <= {MAX_DRAWN_N}",
                        ha="center", va="center")  # fmt: skip
        axes[0, 0].set_axis_off()
        return Plot(fig, f"network: n = {model.n} (drawn for n <= {MAX_DRAWN_N})")
    fig = network_figure(model.connectome, model.state,
                         title=f"network at sweep {model.time:g} ({model.source})")  # fmt: skip
    up = int(np.sum(model.state > 0))
    return Plot(fig, f"sweep {model.time:g}: {up} of {model.n} neurons +1 ({model.source})")


def EnergyPlot(model: HopfieldView) -> Any:
    """The energy −½ v·W·v after each sweep."""
    table = _table(model)
    fig = lines_figure(table, ["energy"], title="energy", xlabel="sweep", ylabel="E")
    return Plot(fig, f"energy {table['energy'].iloc[-1]:.2f} at sweep {model.time:g}")


def OverlapPlot(model: HopfieldView) -> Any:
    """The overlap with each stored pattern."""
    table = _table(model)
    columns = [f"m{k}" for k in range(len(model.patterns))]
    fig = lines_figure(table, columns, title="overlap with each stored pattern",
                       xlabel="sweep", ylabel="overlap m_k")  # fmt: skip
    last = table[columns].iloc[-1].to_numpy()
    others = f"; largest other |m| = {np.abs(last[1:]).max():.3f}" if last.size > 1 else ""
    return Plot(fig, f"overlap with pattern 0 = {last[0]:.3f}{others}")


def FlipsPlot(model: HopfieldView) -> Any:
    """The number of neurons that flipped in each sweep."""
    table = _table(model).iloc[1:]  # the record at time 0 has no sweep behind it
    fig = lines_figure(table, ["flips"], title="flips per sweep", xlabel="sweep", ylabel="flips")
    last = int(table["flips"].iloc[-1]) if len(table) else 0
    return Plot(fig, f"flips in sweep {model.time:g}: {last}")


MODEL_PARAMS: dict[str, dict[str, Any]] = {
    "n": {"type": "Select", "value": 256, "values": SIZES, "label": "neurons n"},
    "patterns": {"type": "SliderInt", "value": 10, "min": 1, "max": 60, "step": 1,
                 "label": "stored patterns"},
    "corruption": {"type": "SliderFloat", "value": 0.25, "min": 0.0, "max": 0.5,
                   "step": 0.01, "label": "corruption (fraction flipped)"},
    "scheduler": {"type": "Select", "value": "async-sweep", "values": list(SCHEDULERS),
                  "label": "scheduler"},
    "engine": {"type": "Select", "value": "compiled", "values": ["compiled", "agents"],
               "label": "engine"},
    "seed": {"type": "SliderInt", "value": 0, "min": 0, "max": 100, "step": 1, "label": "seed"},
}  # fmt: skip


def initial_values(params: Mapping[str, Any]) -> dict[str, Any]:
    """The page's starting values from a run config's params (or the page's own names).

    A ``hopfield`` run config says ``flips`` (bits flipped); the page says
    ``corruption`` (the fraction). Unknown keys are ignored: a run config also holds
    knobs the page has no control for (``max_sweeps``).

    Examples:
        >>> initial_values({"n": 400, "patterns": 40, "flips": 100, "max_sweeps": 50})
        {'n': 400, 'patterns': 40, 'corruption': 0.25}
    """
    values = config_values("hopfield", params, MODEL_PARAMS, extra=["connectome"])
    if values.get("connectome"):  # its size is n (a bad file fails here, before serving)
        values["n"] = load_connectome(values["connectome"]).n_nodes
    if "flips" in params and "corruption" not in params:
        n = values.get("n", MODEL_PARAMS["n"]["value"])
        values["corruption"] = params["flips"] / n
    return values


def page(params: Mapping[str, Any] | None = None) -> Any:
    """The Hopfield page: ``SolaraViz`` with the state image and three live plots.

    Args:
        params: starting values of the controls (``n``, ``patterns``, ``corruption`` or
            ``flips``, ``scheduler``, ``engine``, ``seed``) and an optional fixed
            ``connectome`` (then n is its size).
    """
    values = initial_values(params or {})
    model_params: dict[str, Any] = {k: {**spec, "value": values.get(k, spec["value"])}
                                    for k, spec in MODEL_PARAMS.items()}  # fmt: skip
    if model_params["n"]["value"] not in SIZES:  # a config's n: offer it too
        model_params["n"]["values"] = sorted({*SIZES, model_params["n"]["value"]})
    spec = model_params["patterns"]
    spec["max"] = max(spec["max"], spec["value"])
    if values.get("connectome"):  # n is the connectome's: fixed, not a control
        model_params["n"] = values["n"]
        model_params["connectome"] = values["connectome"]
    start = {k: (v["value"] if isinstance(v, dict) else v) for k, v in model_params.items()}
    model = solara.use_memo(lambda: HopfieldView(**start), [])
    components = [StatePanel, EnergyPlot, OverlapPlot, FlipsPlot]
    if values.get("connectome") or model_params["n"]["value"] <= MAX_DRAWN_N:
        components.append(NetworkPanel)  # small nets and connectomes: the graph too
    return SolaraViz(
        model,
        components=components,
        model_params=model_params,
        name="Hopfield net",
    )
