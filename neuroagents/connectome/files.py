"""Connectomes by name or file: what a config's ``connectome = "..."`` reads and writes.

Pieces:
    load_connectome: ``"celegans"`` (chemical synapses), ``"celegans:gap"`` (gap
        junctions), an individual worm (``"witvliet8"``, ``"cook2019_male:gap"`` …) or
        a path to GraphML, GEXF, an edge-list CSV or a ``.npz`` sparse
        matrix -> a validated :class:`~neuroagents.connectome.Connectome`.
    save_connectome: a Connectome or networkx graph -> any of those file formats.
    FORMATS: the file suffixes and what they hold.

Node attributes (``population``, ``threshold``, ``tau``, neuron types …) travel with
the graph in GraphML and GEXF, in a ``<stem>.nodes.csv`` beside an edge-list CSV
(a ``node`` column and one column per attribute), and as arrays inside the ``.npz``.
The ``.npz`` holds the Connectome's ``W[target, source]`` in scipy's
``save_npz`` layout (so ``scipy.sparse.load_npz`` reads it) plus ``node_ids``,
``directed`` and one ``attr_<name>`` array per attribute. Every problem with a file
(missing, unreadable, malformed, the wrong content) is a
:class:`~neuroagents.errors.ConnectomeError` naming the file and the problem.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from os import PathLike
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from neuroagents.connectome.connectome import Connectome
from neuroagents.errors import ConnectomeError
from neuroagents.io import atomic_path

__all__ = ["FORMATS", "NAMED", "load_connectome", "node_table_path", "save_connectome"]

FORMATS = {
    ".graphml": "GraphML (networkx.write_graphml), node attributes included",
    ".gexf": "GEXF (networkx.write_gexf), node attributes included",
    ".csv": "edge list: source,target[,weight]; node attributes in <stem>.nodes.csv",
    ".npz": "scipy sparse W[target, source] (save_npz layout) + node ids and attributes",
}
NAMED = {
    "celegans": "C. elegans chemical synapses (Varshney et al. 2011), directed",
    "celegans:gap": "C. elegans gap junctions (Varshney et al. 2011), undirected",
    **{
        f"{animal}{suffix}": f"C. elegans {animal} {what} (neuroagents.datasets.individuals)"
        for animal in (*(f"witvliet{k}" for k in range(1, 9)), "cook2019_herm", "cook2019_male")
        for suffix, what in (("", "chemical synapses, directed"),
                             (":gap", "electrical synapses, undirected"))
    },
}  # fmt: skip


def _named_graph(spec: str) -> nx.Graph:
    from neuroagents import datasets

    if not spec.startswith("celegans"):  # one of the individual worms
        animal, _, gap = spec.partition(":")
        chem, gaps = datasets.animal_graphs(animal)
        if not gap:
            return chem
        gaps.remove_edges_from(list(nx.selfloop_edges(gaps)))
        return gaps
    worm = datasets.celegans()
    if spec == "celegans":
        return worm.chemical
    gaps = worm.gap_junctions  # a junction of a neuron with itself is no coupling
    gaps.remove_edges_from(list(nx.selfloop_edges(gaps)))
    return gaps


def load_connectome(spec: str | PathLike[str], **kwargs: Any) -> Connectome:
    """A connectome by name or from a file.

    Args:
        spec: ``"celegans"`` or ``"celegans:gap"``, an individual worm (``"witvliet1"``
            … ``"witvliet8"``, ``"cook2019_herm"``, ``"cook2019_male"``, each with
            ``":gap"`` for its electrical synapses; see ``NAMED``), or a path whose
            suffix is one of ``FORMATS``.
        **kwargs: passed to :meth:`Connectome.from_networkx` (``storage``,
            ``weight_dtype``, ``duplicates``…).

    Returns:
        The validated Connectome, node attributes carried through.

    Raises:
        ConnectomeError: an unknown name or suffix, or a file that is missing,
            unreadable or malformed (the message names the file and the problem).

    Examples:
        >>> from neuroagents.connectome.files import load_connectome
        >>> c = load_connectome("celegans")
        >>> c.n_nodes, c.n_edges, c.directed, sorted(c.node_attrs)
        (279, 2194, True, ['neuron_class', 'neuron_type', 'nmj'])
    """
    text = str(spec)
    if text in NAMED:
        return Connectome.from_networkx(_named_graph(text), **kwargs)
    path = Path(spec)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ConnectomeError(
            f"The connectome {text!r} is neither a known name ({', '.join(NAMED)}) nor a "
            f"file with a known suffix ({', '.join(FORMATS)})."
        )
    if not path.exists():
        raise ConnectomeError(f"The connectome file {text!r} does not exist.")
    if path.is_dir():
        raise ConnectomeError(f"The connectome file {text!r} is a directory, not a file.")
    try:
        if suffix == ".npz":
            return _read_npz(path, **kwargs)
        if suffix == ".csv":
            return _read_csv(path, **kwargs)
        graph = _read_xml_graph(path, suffix)
        if graph.number_of_nodes() == 0:
            raise ConnectomeError(f"The connectome file {text!r} holds no nodes.")
        return Connectome.from_networkx(graph, **kwargs)
    except ConnectomeError as err:
        message = str(err)
        if text not in message:
            raise ConnectomeError(f"The connectome file {text!r}: {message}") from None
        raise


def _read_xml_graph(path: Path, suffix: str) -> nx.Graph:
    reader = nx.read_graphml if suffix == ".graphml" else nx.read_gexf
    kind = "GraphML" if suffix == ".graphml" else "GEXF"
    try:
        graph = reader(path)
    except (ET.ParseError, nx.NetworkXError, ValueError, KeyError, IndexError) as err:
        raise ConnectomeError(
            f"The connectome file {str(path)!r} is not valid {kind}: {err}."
        ) from None
    except UnicodeDecodeError as err:
        raise ConnectomeError(
            f"The connectome file {str(path)!r} is not valid {kind} text: {err.reason}."
        ) from None
    if graph.is_multigraph():  # GraphML says parallel edges are allowed: collapse if none
        simple = nx.DiGraph(graph) if graph.is_directed() else nx.Graph(graph)
        if simple.number_of_edges() != graph.number_of_edges():
            raise ConnectomeError(
                f"The connectome file {str(path)!r} has parallel edges (a synapse given "
                "twice); merge them into one edge with the summed weight."
            )
        graph = simple
    return graph


def _read_csv(path: Path, **kwargs: Any) -> Connectome:
    nodes_file = path.with_name(path.stem + ".nodes.csv")
    nodes, attrs = None, None
    if nodes_file.exists():
        try:
            table = pd.read_csv(nodes_file)
        except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as err:
            raise ConnectomeError(
                f"The node table {str(nodes_file)!r} cannot be read as CSV: {err}."
            ) from None
        if "node" not in table.columns:
            raise ConnectomeError(
                f"The node table {str(nodes_file)!r} needs a 'node' column. Got columns "
                f"{list(table.columns)}."
            )
        if table["node"].duplicated().any():
            dup = table.loc[table["node"].duplicated(), "node"].iloc[0]
            raise ConnectomeError(f"The node table {str(nodes_file)!r} lists node {dup!r} twice.")
        nodes = [_py(v) for v in table["node"]]
        attrs = table.drop(columns="node")
    duplicates = kwargs.pop("duplicates", "error")
    # read in float64 so that the weights reach from_networkx unrounded
    c = Connectome.from_edgelist(path, nodes=nodes, duplicates=duplicates, weight_dtype="float64")
    g = c.to_networkx()
    for name in [] if attrs is None else attrs.columns:
        values = {n: _py(v) for n, v in zip(nodes, attrs[name], strict=True) if pd.notna(v)}
        nx.set_node_attributes(g, values, name)
    return Connectome.from_networkx(g, **kwargs)


def _read_npz(path: Path, **kwargs: Any) -> Connectome:
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise ConnectomeError(
            f"The connectome file {str(path)!r} is not a readable .npz archive: {err}."
        ) from None
    missing = [k for k in ("data", "indices", "indptr", "shape") if k not in arrays]
    if missing:
        raise ConnectomeError(
            f"The connectome file {str(path)!r} is not a scipy sparse matrix "
            f"(scipy.sparse.save_npz): it lacks {missing}."
        )
    try:
        w = sp.load_npz(path)
    except (ValueError, KeyError, IndexError) as err:
        raise ConnectomeError(
            f"The connectome file {str(path)!r} holds a malformed sparse matrix: {err}."
        ) from None
    if w.shape[0] != w.shape[1]:
        raise ConnectomeError(
            f"The connectome file {str(path)!r} holds a {w.shape[0]} x {w.shape[1]} matrix; "
            "a connectome's weight matrix must be square."
        )
    n = w.shape[0]
    node_ids = [_py(v) for v in arrays["node_ids"]] if "node_ids" in arrays else None
    if node_ids is not None and len(node_ids) != n:
        raise ConnectomeError(
            f"The connectome file {str(path)!r} has {len(node_ids)} node_ids for a "
            f"{n} x {n} matrix."
        )
    attrs = {k.removeprefix("attr_"): v for k, v in arrays.items() if k.startswith("attr_")}
    for name, values in attrs.items():
        if len(values) != n:
            raise ConnectomeError(
                f"The connectome file {str(path)!r} has {len(values)} values of node "
                f"attribute {name!r} for {n} nodes."
            )
        if values.dtype.kind in "US":
            attrs[name] = values.astype(str).astype(object)
    directed = bool(arrays["directed"]) if "directed" in arrays else None
    return Connectome(w, node_ids=node_ids, node_attrs=attrs, directed=directed, **kwargs)


def save_connectome(connectome: Connectome | nx.Graph, path: str | PathLike[str]) -> Path:
    """Write a Connectome (or networkx graph) in the format its suffix names.

    Args:
        connectome: what to write.
        path: the file; its suffix (``FORMATS``) picks the format. A CSV also writes
            ``<stem>.nodes.csv`` when there are node attributes.

    Returns:
        The path written.

    Raises:
        ConnectomeError: an unknown suffix.

    Examples:
        >>> import tempfile, pathlib
        >>> from neuroagents.connectome.files import load_connectome, save_connectome
        >>> c = load_connectome("celegans:gap")
        >>> out = save_connectome(c, pathlib.Path(tempfile.mkdtemp()) / "gap.graphml")
        >>> again = load_connectome(out)
        >>> again.n_edges == c.n_edges, again.directed, again.node_ids[:2]
        (True, False, ['ADAL', 'ADAR'])
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ConnectomeError(
            f"Cannot write a connectome to {str(path)!r}: the suffix must be one of "
            f"{', '.join(FORMATS)}."
        )
    c = connectome if isinstance(connectome, Connectome) else Connectome.from_networkx(connectome)
    # Every file appears whole or not at all (atomic_path): a failed or killed write
    # never leaves a truncated file in place of the previous one.
    if suffix == ".npz":
        w = sp.csr_array(c.to_scipy())
        extra = {f"attr_{k}": _storable(v) for k, v in c.node_attrs.items()}
        with atomic_path(path) as tmp, open(tmp, "wb") as fh:  # a file: no suffix added
            np.savez_compressed(
                fh, data=w.data, indices=w.indices, indptr=w.indptr, format=np.array("csr"),
                shape=np.array(w.shape), node_ids=_storable(np.array(c.node_ids, dtype=object)),
                directed=np.array(c.directed), **extra,
            )  # fmt: skip
        return path
    g = c.to_networkx()
    if suffix == ".graphml":
        with atomic_path(path) as tmp:
            nx.write_graphml(g, tmp)
    elif suffix == ".gexf":
        with atomic_path(path) as tmp:
            nx.write_gexf(g, tmp)
    else:
        rows = [(u, v, d["weight"]) for u, v, d in g.edges(data=True)]
        if not c.directed:  # the reader takes rows as directed synapses: write both ways
            rows += [(v, u, w) for u, v, w in rows if u != v]
        edges = pd.DataFrame(rows, columns=["source", "target", "weight"])
        if c.node_attrs:
            table = pd.DataFrame({"node": c.node_ids, **c.node_attrs})
            with atomic_path(node_table_path(path)) as tmp:
                table.to_csv(tmp, index=False)
        with atomic_path(path) as tmp:
            edges.to_csv(tmp, index=False)
    return path


def node_table_path(path: str | PathLike[str]) -> Path:
    """The node table written beside an edge-list CSV: ``<stem>.nodes.csv``."""
    path = Path(path)
    return path.with_name(path.stem + ".nodes.csv")


def _storable(values: np.ndarray) -> np.ndarray:
    """An array np.load reads without pickle: numbers as they are, anything else as text."""
    if values.dtype.kind in "biuf":
        return values
    if all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in values):
        return values.astype(np.int64)
    return np.array([str(v) for v in values])


def _py(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
