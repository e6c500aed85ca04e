"""The network page: any NeuralModel on a connectome, by name or from a file.

Pieces:
    load_connectome: what the page reads: ``"celegans"``, GraphML, GEXF, an edge-list
        CSV, ``.npz`` (all through :mod:`neuroagents.connectome.files`, node attributes
        included), a ``.npy`` weight matrix, or a small-world ring of 100 neurons.
    NetworkView: a NeuralModel on that connectome; its reporters are the mean state and
        the flips.
    MODEL_PARAMS: the controls (rule, temperature, scheduler, engine, seed).
    page: the page (``neuroagents view network`` or a config with ``model = "network"``).

The graph is drawn on a layout computed once per graph (see
:func:`neuroagents.viz.components.layout`), never at each frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import solara
from mesa.visualization import SolaraViz

from neuroagents.connectome import files as connectome_files
from neuroagents.connectome.connectome import Connectome
from neuroagents.errors import ConnectomeError, ValidationError
from neuroagents.sim.model import NeuralModel
from neuroagents.sim.neuron_type import NEURON_TYPES
from neuroagents.sim.schedulers import SCHEDULERS
from neuroagents.validation import as_generator
from neuroagents.viz.components import Plot, lines_figure, network_figure

__all__ = ["MODEL_PARAMS", "NetworkView", "load_connectome", "page"]

BINARY_RULES = ["sign", "glauber", "threshold"]


def load_connectome(source: str, rng: Any = None) -> Connectome:
    """The connectome a page shows: a name or file, or (``""``) a small-world ring.

    Args:
        source: a name or file that :func:`neuroagents.connectome.files.load_connectome`
            reads (``"celegans"``, ``"celegans:gap"``, GraphML, GEXF, an edge-list CSV,
            a ``.npz``; node attributes carried through), a ``.npy`` weight matrix
            ``W[target, source]``, or ``""`` for the default ring (Watts–Strogatz, 100
            neurons, k = 4, rewiring 0.1, weights +1).
        rng: seed of the default ring.

    Raises:
        ConnectomeError: an unknown name or suffix, or a missing or malformed file
            (the message names the file and the problem).

    Examples:
        >>> load_connectome("", rng=0).n_nodes
        100
        >>> load_connectome("celegans").n_nodes
        279
        >>> load_connectome("w.txt")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        neuroagents.errors.ConnectomeError: The connectome 'w.txt' is neither a known name ...
    """
    if not source:
        seed = int(as_generator(rng, "load_connectome").integers(2**31))
        return Connectome.from_networkx(nx.watts_strogatz_graph(100, 4, 0.1, seed=seed))
    path = Path(source)
    if path.suffix == ".npy":
        if not path.is_file():
            raise ConnectomeError(f"The connectome file {source!r} does not exist.")
        try:
            matrix = np.load(path, allow_pickle=False)
        except ValueError as err:
            raise ConnectomeError(
                f"The connectome file {source!r} is not a .npy array: {err}."
            ) from None
        return Connectome.from_matrix(matrix)
    return connectome_files.load_connectome(source)


def _mean_state(model: NeuralModel) -> float:
    return float(model.state.mean())


class NetworkView(NeuralModel):
    """A NeuralModel on a connectome from a file, for the page.

    Args:
        connectome: see :func:`load_connectome` (``""``: the default ring).
        rule: a rule name of :class:`~neuroagents.sim.model.NeuralModel`.
        temperature: T of ``"glauber"`` (ignored by other rules).
        scheduler: a scheduler name.
        engine: ``"compiled"`` or ``"agents"``.
        seed: seed of the initial state and the updates (and of the default ring).
        threshold: the NeuralModel argument (a number; default the node attribute or 0).
        drive: the NeuralModel argument (a number; default 0).
        tau: the NeuralModel argument (a number; default the node attribute or 1).
        dt: the NeuralModel argument (continuous rules).

    No ``**kwargs``: Mesa's Reset passes a ``scenario`` to a model class that takes
    them, and a config key the page does not know is refused by name instead.

    Examples:
        >>> m = NetworkView(rule="glauber", temperature=1.0, seed=0)
        >>> m.step()
        >>> list(m.datacollector.get_model_vars_dataframe().columns), m.time
        (['time', 'flips', 'mean_state'], 1.0)
    """

    def __init__(
        self,
        connectome: str = "",
        rule: str = "glauber",
        temperature: float = 1.0,
        scheduler: str = "async-sweep",
        engine: str = "compiled",
        seed: int = 0,
        threshold: float | None = None,
        drive: float | None = None,
        tau: float | None = None,
        dt: float | None = None,
    ) -> None:
        graph_rng, model_rng = as_generator(seed, "NetworkView").spawn(2)
        super().__init__(
            load_connectome(connectome, rng=graph_rng),
            rule=rule,
            temperature=temperature if rule == "glauber" else None,
            scheduler=scheduler,
            engine=engine,
            rng=model_rng,
            model_reporters={"mean_state": _mean_state},
            threshold=threshold,
            drive=drive,
            tau=tau,
            dt=dt,
        )
        self.source = Path(connectome).name if connectome else "small-world ring (default)"
        attrs = sorted(self.connectome.node_attrs)
        if attrs:  # carried from the file (GraphML, GEXF, .nodes.csv, .npz)
            self.source += f"; node attributes: {', '.join(attrs)}"
        self.run_until(self.time)  # records the state at time 0


def GraphPanel(model: NetworkView) -> Any:
    """The graph, neurons coloured by state, on the cached layout."""
    fig = network_figure(model.connectome, model.state, title=f"state at t = {model.time:g}")
    active = int(np.sum(model.state > 0))
    return Plot(fig, f"t = {model.time:g}: {active} of {model.n} neurons > 0 ({model.source})")


def ReporterPlot(model: NetworkView) -> Any:
    """Every model reporter of the recorder against time."""
    table = model.datacollector.get_model_vars_dataframe()
    columns = [c for c in table.columns if c != "time"]
    plotted = [c for c in columns if c != "flips"]  # flips have their own plot
    last = table.iloc[-1]
    fig = lines_figure(table, plotted, title="model reporters", ylabel=", ".join(plotted))
    others = ", ".join(f"{c} = {last[c]:.4g}" for c in columns)
    return Plot(fig, f"t = {last['time']:g}: {others}")


def FlipsPlot(model: NetworkView) -> Any:
    """State changes between records."""
    table = model.datacollector.get_model_vars_dataframe().iloc[1:]
    fig = lines_figure(table, ["flips"], title="flips per step", ylabel="flips")
    return Plot(fig, f"flips in the last step: {int(table['flips'].iloc[-1]) if len(table) else 0}")


MODEL_PARAMS: dict[str, dict[str, Any]] = {
    "rule": {"type": "Select", "value": "glauber", "values": BINARY_RULES, "label": "rule"},
    "temperature": {"type": "SliderFloat", "value": 1.0, "min": 0.05, "max": 5.0, "step": 0.05,
                    "label": "temperature (glauber)"},
    "scheduler": {"type": "Select", "value": "async-sweep", "values": list(SCHEDULERS),
                  "label": "scheduler"},
    "engine": {"type": "Select", "value": "compiled", "values": ["compiled", "agents"],
               "label": "engine"},
    "seed": {"type": "SliderInt", "value": 0, "min": 0, "max": 100, "step": 1, "label": "seed"},
}  # fmt: skip


FIXED_PARAMS = ("connectome", "threshold", "drive", "tau", "dt")


def _check_keys(params: Mapping[str, Any]) -> None:
    known = [*MODEL_PARAMS, *FIXED_PARAMS]
    for key in params:
        if key not in known:
            raise ValidationError(
                f"The network page has no parameter {key!r}. Its parameters: {', '.join(known)}."
            )


def initial_values(params: Mapping[str, Any]) -> dict[str, Any]:
    """Check a config's params: each a control or a NeuralModel argument; the file loads.

    Examples:
        >>> initial_values({"rule": "sign", "size": 3})
        Traceback (most recent call last):
        ...
        neuroagents.errors.ValidationError: The network page has no parameter 'size'. \
Its parameters: rule, temperature, scheduler, engine, seed, connectome, threshold, drive, tau, dt.
    """
    _check_keys(params)
    if params.get("connectome"):
        load_connectome(params["connectome"])  # a bad file: one line before any server
    return dict(params)


def binary_rules() -> list[str]:
    """The registered neuron types with binary states (what the rule control offers).

    Examples:
        >>> {"sign", "threshold", "glauber"} <= set(binary_rules())
        True
    """
    return [name for name, make in NEURON_TYPES.items() if make().states is not None]


def model_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """The SolaraViz parameters: the controls at the config's values, other keys fixed.

    Examples:
        >>> p = model_params({"connectome": "w.csv", "rule": "sign", "threshold": 0.5})
        >>> p["rule"]["value"], p["connectome"], p["threshold"]
        ('sign', 'w.csv', 0.5)
    """
    _check_keys(params)
    out: dict[str, Any] = {}
    for name, spec in MODEL_PARAMS.items():
        if name == "rule":  # every registered binary type, plug-ins included
            spec = {**spec, "values": binary_rules()}
        out[name] = {**spec, "value": params.get(name, spec["value"])}
        if spec["type"] == "Select" and out[name]["value"] not in spec["values"]:
            out[name]["values"] = [*spec["values"], out[name]["value"]]
    fixed = {k: v for k, v in params.items() if k not in MODEL_PARAMS}
    return {"connectome": "", **fixed, **out}


def page(params: Mapping[str, Any] | None = None) -> Any:
    """The network page: the graph coloured by state and the reporters as plots.

    Args:
        params: ``connectome`` (a file; default the ring), the controls' starting values
            and other NeuralModel arguments (``threshold``, ``drive``, ``tau``, ``dt``).
    """
    spec = model_params(params or {})
    start = {k: (v["value"] if isinstance(v, dict) else v) for k, v in spec.items()}
    model = solara.use_memo(lambda: NetworkView(**start), [])
    return SolaraViz(
        model,
        components=[GraphPanel, ReporterPlot, FlipsPlot],
        model_params=spec,
        name="NeuralModel on a connectome",
    )
