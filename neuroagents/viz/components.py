"""Pieces every page of the browser view draws with: plots, captions, the graph.

Pieces:
    Plot: a matplotlib Figure shown in the page, with a caption that states the plotted
        values in text (what a reader, and the browser test, reads off the page).
    lines_figure: a time-course figure of some columns of a table.
    controls, start_values: a page's SolaraViz parameters at a config's values, and the
        model's keyword arguments from them.
    layout: node positions of a connectome, computed once per graph and cached.
    network_figure: the graph with neurons coloured by state, on a cached layout.

The page modules (``hopfield``, ``ei``, ``network``) build their components from these.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import solara
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from neuroagents.connectome.connectome import Connectome
from neuroagents.errors import ValidationError
from neuroagents.plots import new_figure

__all__ = [
    "Plot",
    "controls",
    "layout",
    "lines_figure",
    "network_figure",
    "start_values",
    "state_image",
]

# Above this many nodes the graph is drawn as an image of the states on a grid; above
# this many edges the edges are left out (the picture would be a grey smear anyway).
MAX_DRAWN_NODES = 2000
MAX_DRAWN_EDGES = 4000


@solara.component
def Plot(figure: Figure, caption: str) -> Any:
    """A figure and, under it, a one-line caption of the values it shows.

    The caption sits in an element of class ``na-caption`` so that a browser test can
    find it (see tests/viz/test_browser.py).
    """
    with solara.Column(gap="4px") as column:
        solara.FigureMatplotlib(figure, format="png", bbox_inches="tight", dpi=90)
        solara.Text(caption, classes=["na-caption"])
    return column


def config_values(
    page: str, params: Mapping[str, Any], spec: Mapping[str, Any], extra: Sequence[str] = ()
) -> dict[str, Any]:
    """A run config's values for the page's parameters (``spec``'s keys and ``extra``).

    A config also holds knobs of its experiment's batches, which the page ignores; a list
    (a sweep's grid) for one of the page's parameters is refused, as a page shows one model.

    Raises:
        ValidationError: a list for one of the page's parameters.

    Examples:
        >>> config_values("ei", {"p": 0.2, "ratios": [1.0, 5.0]}, {"p": 0.5})
        {'p': 0.2}
        >>> config_values("ei", {"p": [0.1, 0.2]}, {"p": 0.5})
        Traceback (most recent call last):
        ...
        neuroagents.errors.ValidationError: The ei page shows one model: the 'p' parameter \
must be one value, not a list (a sweep's grid). Got [0.1, 0.2].
    """
    known = {*spec, *extra}
    values = {k: v for k, v in params.items() if k in known}
    for key, value in values.items():
        if isinstance(value, list):
            raise ValidationError(
                f"The {page} page shows one model: the {key!r} parameter must be one "
                f"value, not a list (a sweep's grid). Got {value!r}."
            )
    return values


def controls(spec: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """SolaraViz parameters from a page's ``spec`` with its controls set to ``values``.

    A control (a dict with ``"type"``) starts at ``values[name]`` if given; a Select
    whose value is not among its choices gets it added (a config may name another n;
    numbers stay sorted).
    A fixed entry (not a dict) is replaced by ``values[name]`` if given.

    Examples:
        >>> spec = {"n": {"type": "Select", "value": 2, "values": [2, 4]}, "dt": 0.1}
        >>> controls(spec, {"n": 3, "dt": 0.5})
        {'n': {'type': 'Select', 'value': 3, 'values': [2, 3, 4]}, 'dt': 0.5}
    """
    out: dict[str, Any] = {}
    for name, entry in spec.items():
        if not isinstance(entry, dict):
            out[name] = values.get(name, entry)
            continue
        out[name] = {**entry, "value": values.get(name, entry["value"])}
        if entry["type"] == "Select" and out[name]["value"] not in entry["values"]:
            choices = [*entry["values"], out[name]["value"]]
            numbers = all(isinstance(c, int | float) for c in choices)
            out[name]["values"] = sorted(choices) if numbers else choices
    return out


def start_values(model_params: Mapping[str, Any]) -> dict[str, Any]:
    """The model's keyword arguments: each control's value, each fixed entry as is.

    Examples:
        >>> start_values({"n": {"type": "Select", "value": 3, "values": [3]}, "dt": 0.5})
        {'n': 3, 'dt': 0.5}
    """
    return {k: (v["value"] if isinstance(v, dict) else v) for k, v in model_params.items()}


def lines_figure(
    table: pd.DataFrame,
    columns: Sequence[str],
    *,
    title: str,
    xlabel: str = "time",
    ylabel: str = "",
    x: str = "time",
    size: tuple[float, float] = (5.0, 2.8),
) -> Figure:
    """One line per column of ``table`` against ``x``.

    Examples:
        >>> t = pd.DataFrame({"time": [0, 1, 2], "energy": [0.0, -2.0, -3.0]})
        >>> fig = lines_figure(t, ["energy"], title="energy")
        >>> fig.axes[0].lines[0].get_ydata().tolist()
        [0.0, -2.0, -3.0]
    """
    fig, axes = new_figure(1, 1, size=size)
    ax = axes[0, 0]
    for column in columns:
        ax.plot(table[x], table[column], lw=1.0, marker="." if len(table) < 60 else None,
                label=column)  # fmt: skip
    if 1 < len(columns) <= 10:
        ax.legend(fontsize=7, ncols=2, loc="best")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if xlabel == "sweep":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


def state_image(ax: Any, state: np.ndarray, title: str, cmap: str = "gray_r") -> None:
    """Draw n states row by row on the smallest square grid (cells past n left blank).

    Examples:
        >>> fig, axes = new_figure(1, 1)
        >>> state_image(axes[0, 0], np.array([1.0, -1.0, 1.0]), "three")
        >>> axes[0, 0].images[0].get_array().shape
        (2, 2)
    """
    values = np.asarray(state, dtype=float)
    side = math.ceil(math.sqrt(values.size))
    image = np.full(side * side, np.nan)
    image[: values.size] = values
    low, high = min(float(values.min(initial=0.0)), -1.0), max(float(values.max(initial=1.0)), 1.0)
    ax.imshow(image.reshape(side, side), cmap=cmap, vmin=low, vmax=high, interpolation="nearest")
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


def _graph_key(connectome: Connectome) -> str:
    csr = connectome.to_scipy().tocsr()
    digest = hashlib.sha1(np.ascontiguousarray(csr.indptr).tobytes())
    digest.update(np.ascontiguousarray(csr.indices).tobytes())
    return f"{connectome.n_nodes}:{digest.hexdigest()}"


def _compute_layout(connectome: Connectome) -> np.ndarray:
    n = connectome.n_nodes
    coo = connectome.to_scipy().tocoo()
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((int(s), int(t)) for t, s in zip(coo.row, coo.col, strict=True) if s != t)
    pos = None
    if n <= 200 and graph.number_of_edges():
        # Small graphs: Kamada-Kawai (unweighted, O(n^2) per iteration) reads best.
        pos = nx.kamada_kawai_layout(graph)
    if pos is None:
        try:
            pos = nx.spectral_layout(graph)
        except (nx.NetworkXException, ValueError):  # pragma: no cover - degenerate graphs
            pos = nx.circular_layout(graph)
    return np.array([pos[i] for i in range(n)], dtype=float)


# Layouts by graph structure (a hash of the CSR indices: cheap at every frame), so a
# redraw or a Reset on the same graph never lays it out again. Oldest dropped first.
_LAYOUTS: dict[str, np.ndarray] = {}
_MAX_LAYOUTS = 16


def layout(connectome: Connectome) -> np.ndarray | None:
    """Node positions, shape (n, 2), computed once per graph and cached (None if too big).

    Kamada-Kawai for up to 200 nodes, the spectral layout up to ``MAX_DRAWN_NODES``; a
    larger graph gets None and is drawn as an image of its states instead. The cache is
    keyed by the graph's structure, so pressing Reset does not lay it out again.

    Examples:
        >>> c = Connectome.from_matrix(np.ones((4, 4)) - np.eye(4))
        >>> layout(c).shape
        (4, 2)
        >>> layout(c) is layout(c)
        True
    """
    if connectome.n_nodes > MAX_DRAWN_NODES:
        return None
    key = _graph_key(connectome)
    if key not in _LAYOUTS:
        if len(_LAYOUTS) >= _MAX_LAYOUTS:
            del _LAYOUTS[next(iter(_LAYOUTS))]
        _LAYOUTS[key] = _compute_layout(connectome)
    return _LAYOUTS[key]


def network_figure(
    connectome: Connectome, state: np.ndarray, *, title: str, size: tuple[float, float] = (4.4, 3.3)
) -> Figure:
    """The graph with each neuron coloured by its state (an image of states if too big).

    Examples:
        >>> c = Connectome.from_matrix(np.ones((3, 3)) - np.eye(3))
        >>> fig = network_figure(c, np.array([1.0, -1.0, 1.0]), title="state")
        >>> fig.axes[0].collections[-1].get_array().tolist()
        [1.0, -1.0, 1.0]
    """
    fig, axes = new_figure(1, 1, size=size)
    ax = axes[0, 0]
    pos = layout(connectome)
    values = np.asarray(state, dtype=float)
    low, high = min(float(values.min(initial=0.0)), 0.0), max(float(values.max(initial=1.0)), 1.0)
    if pos is None:
        side = math.ceil(math.sqrt(values.size))
        image = np.full(side * side, np.nan)
        image[: values.size] = values
        ax.imshow(image.reshape(side, side), cmap="coolwarm", vmin=low, vmax=high,
                  interpolation="nearest")  # fmt: skip
        ax.set_title(f"{title} (image: {values.size} neurons, row by row)", fontsize=10)
    else:
        coo = connectome.to_scipy().tocoo()
        if coo.nnz <= MAX_DRAWN_EDGES:
            segments = np.stack([pos[coo.col], pos[coo.row]], axis=1)
            ax.add_collection(LineCollection(segments, colors="0.75", linewidths=0.4, zorder=0))
        ax.scatter(pos[:, 0], pos[:, 1], c=values, cmap="coolwarm", vmin=low, vmax=high,
                   s=max(4.0, 400.0 / math.sqrt(values.size)), edgecolors="k",
                   linewidths=0.3, zorder=1)  # fmt: skip
        ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_aspect("equal")
    return fig
