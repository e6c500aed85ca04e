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
Round trips: :func:`save_connectome` reads every file it writes back before putting it
in place, and refuses (writing nothing) what would not come back unchanged: ids with
their types, weights, node attributes, and the direction (except in CSV, read as
directed synapses). Text formats (GraphML, GEXF, CSV) read an id written as an
integer as an int (``0`` stays 0, ``"007"`` stays ``"007"``, a text id ``"5"`` is
refused there; ``.npz`` keeps it). ``.npz`` and GraphML record the weight dtype; GEXF
and CSV load as float32 when float32 holds every weight exactly, else as float64, so
a file's weights are never rounded on the way in. GraphML and GEXF edges to nodes the
file never declares are refused (networkx would create the nodes silently).

The ``.npz`` holds the Connectome's ``W[target, source]`` in scipy's
``save_npz`` layout (so ``scipy.sparse.load_npz`` reads it) plus ``node_ids``,
``directed`` and one ``attr_<name>`` array per attribute. Every problem with a file
(missing, unreadable, malformed, the wrong content) is a
:class:`~neuroagents.errors.ConnectomeError` naming the file and the problem.
"""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
from os import PathLike
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from neuroagents.connectome.connectome import Connectome
from neuroagents.connectome.mapped import SUFFIX as MAPPED_SUFFIX
from neuroagents.connectome.mapped import is_mapped_folder, open_mapped, save_mapped
from neuroagents.connectome.npz import read_npz, write_npz
from neuroagents.errors import ConnectomeError

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
    if not isinstance(spec, str | PathLike):
        raise ConnectomeError(
            f"The connectome must be a name ({', '.join(NAMED)}) or a path to a file "
            f"({', '.join(FORMATS)}). Got {spec!r} ({type(spec).__name__})."
        )
    text = str(spec)
    if text in NAMED:
        return Connectome.from_networkx(_named_graph(text), **kwargs)
    path = Path(spec)
    if is_mapped_folder(path):  # a folder of arrays (save_mapped): memory-mapped
        return open_mapped(path)
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
            return read_npz(path, **kwargs)
        if suffix == ".csv":
            return _read_csv(path, **kwargs)
        graph = _read_xml_graph(path, suffix)
        if graph.number_of_nodes() == 0:
            raise ConnectomeError(f"The connectome file {text!r} holds no nodes.")
        dtype = graph.graph.pop("weight_dtype", None)  # written by save_connectome
        if dtype in ("float32", "float64"):
            kwargs.setdefault("weight_dtype", dtype)
        elif "weight_dtype" not in kwargs:
            kwargs["weight_dtype"] = _exact_dtype(
                d.get("weight", 1.0) for _, _, d in graph.edges(data=True)
            )
        return Connectome.from_networkx(graph, **kwargs)
    except ConnectomeError as err:
        message = str(err)
        if text not in message:
            raise ConnectomeError(f"The connectome file {text!r}: {message}") from None
        raise


def text_id(text: str) -> int | str:
    """A node id read from text: an integer if ``text`` is one written canonically.

    The one rule of every text format (GraphML, GEXF, CSV), so ``0`` comes back as
    ``0`` and ``"007"`` as ``"007"``; a text id such as ``"5"`` would come back as 5,
    so :func:`save_connectome` refuses it for those formats (``.npz`` keeps it).

    Examples:
        >>> text_id("0"), text_id("007"), text_id("-3"), text_id("a")
        (0, '007', -3, 'a')
    """
    try:
        value = int(text)
    except ValueError:
        return text
    return value if str(value) == text else text


def _undeclared_edge(path: Path) -> tuple[str, str] | None:
    """The first edge naming a node the file never declares (networkx would add it)."""
    declared: set[str] = set()
    ends: list[tuple[str, str]] = []
    for _, elem in ET.iterparse(path):
        tag = elem.tag.rsplit("}", 1)[-1]
        if tag == "node" and "id" in elem.attrib:
            declared.add(elem.attrib["id"])
        elif tag == "edge":
            ends.append((elem.attrib.get("source", ""), elem.attrib.get("target", "")))
            elem.clear()
    return next(((s, t) for s, t in ends if s not in declared or t not in declared), None)


def _read_xml_graph(path: Path, suffix: str) -> nx.Graph:
    reader = nx.read_graphml if suffix == ".graphml" else nx.read_gexf
    kind = "GraphML" if suffix == ".graphml" else "GEXF"
    try:
        graph = reader(path)
        undeclared = _undeclared_edge(path)
    except (ET.ParseError, nx.NetworkXError, ValueError, KeyError, IndexError, TypeError) as err:
        raise ConnectomeError(
            f"The connectome file {str(path)!r} is not valid {kind}: {err}."
        ) from None
    except UnicodeDecodeError as err:
        raise ConnectomeError(
            f"The connectome file {str(path)!r} is not valid {kind} text: {err.reason}."
        ) from None
    if undeclared is not None:
        raise ConnectomeError(
            f"The connectome file {str(path)!r} has an edge {undeclared[0]!r} -> "
            f"{undeclared[1]!r} to a node it never declares; declare every node with "
            "<node id=...>."
        )
    if graph.is_multigraph():  # GraphML says parallel edges are allowed: collapse if none
        simple = nx.DiGraph(graph) if graph.is_directed() else nx.Graph(graph)
        simple.graph.update(graph.graph)
        if simple.number_of_edges() != graph.number_of_edges():
            raise ConnectomeError(
                f"The connectome file {str(path)!r} has parallel edges (a synapse given "
                "twice); merge them into one edge with the summed weight."
            )
        graph = simple
    if suffix == ".gexf":  # networkx's GEXF reader adds a label equal to the id
        for node, data in graph.nodes(data=True):
            if data.get("label") == node:
                del data["label"]
        for key in ("mode", "node_default", "edge_default"):
            graph.graph.pop(key, None)
    else:
        for key in ("node_default", "edge_default"):
            graph.graph.pop(key, None)
    return nx.relabel_nodes(graph, {v: text_id(str(v)) for v in graph.nodes}, copy=True)


def _exact_dtype(weights: Any) -> str:
    """float32 if it holds every weight exactly, else float64 (never a silent rounding).

    For files that do not record their dtype (GEXF, CSV, GraphML from other tools).
    """
    try:
        values = np.fromiter((float(w) for w in weights), dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return "float32"  # from_networkx names the bad weight
    with np.errstate(over="ignore", under="ignore"):
        exact = np.array_equal(values.astype(np.float32).astype(np.float64), values)
    return "float32" if exact or not np.all(np.isfinite(values)) else "float64"


def _cell_values(cells: list[str]) -> list[Any]:
    """A node-table column: numbers if every set cell is one, booleans, else text."""
    present = [c for c in cells if c != ""]
    if present and all(c in ("True", "False") for c in present):
        return [None if c == "" else c == "True" for c in cells]
    try:
        numbers = [float(c) for c in present]
    except ValueError:
        return [None if c == "" else c for c in cells]
    it = iter(numbers)
    return [None if c == "" else next(it) for c in cells]


def _read_csv(path: Path, **kwargs: Any) -> Connectome:
    nodes_file = path.with_name(path.stem + ".nodes.csv")
    nodes, attrs = None, None
    if nodes_file.exists():
        try:  # text as written ("007" stays "007"); typed below
            table = pd.read_csv(nodes_file, dtype=str, keep_default_na=False)
        except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as err:
            raise ConnectomeError(
                f"The node table {str(nodes_file)!r} cannot be read as CSV: {err}."
            ) from None
        if "node" not in table.columns:
            raise ConnectomeError(
                f"The node table {str(nodes_file)!r} needs a 'node' column. Got columns "
                f"{list(table.columns)}."
            )
        nodes = [text_id(v.strip()) for v in table["node"]]
        if len(set(nodes)) != len(nodes):
            dup = next(v for k, v in enumerate(nodes) if v in nodes[:k])
            raise ConnectomeError(f"The node table {str(nodes_file)!r} lists node {dup!r} twice.")
        attrs = table.drop(columns="node")
    duplicates = kwargs.pop("duplicates", "error")
    # read in float64 so that the weights reach from_networkx unrounded
    c = Connectome.from_edgelist(path, nodes=nodes, duplicates=duplicates, weight_dtype="float64")
    kwargs.setdefault("weight_dtype", _exact_dtype(c.to_scipy().data))
    g = c.to_networkx()
    for name in [] if attrs is None else attrs.columns:
        values = _cell_values(list(attrs[name]))
        set_values = {n: v for n, v in zip(nodes, values, strict=True) if v is not None}
        nx.set_node_attributes(g, set_values, name)
    return Connectome.from_networkx(g, **kwargs)


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
    if suffix not in (*FORMATS, MAPPED_SUFFIX):
        raise ConnectomeError(
            f"Cannot write a connectome to {str(path)!r}: the suffix must be one of "
            f"{', '.join(FORMATS)} (or {MAPPED_SUFFIX}, a folder of memory-mappable arrays)."
        )
    c = connectome if isinstance(connectome, Connectome) else Connectome.from_networkx(connectome)
    if suffix == MAPPED_SUFFIX:
        return save_mapped(c, path)
    target = f"the connectome file {str(path)!r}"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=f".tmp{suffix}")
    os.close(fd)
    tmp = Path(name)
    sidecars = [node_table_path(tmp)] if suffix == ".csv" else []
    try:
        _write(c, tmp, suffix, target)
        again = load_connectome(tmp, weight_dtype=c.weight_dtype.name)
        problem = round_trip_difference(c, again, carries_direction=suffix != ".csv")
        if problem:
            raise ConnectomeError(
                f"Cannot write {target} without changing the connectome: {problem}. "
                f"{FORMAT_HINT[suffix]}"
            )
        if sidecars:  # the node table first: the edge list names it
            os.replace(sidecars[0], node_table_path(path))
        os.replace(tmp, path)
    finally:
        for leftover in [tmp, *sidecars]:
            leftover.unlink(missing_ok=True)
    return path


FORMAT_HINT = {
    ".npz": "Node ids must be integers or text.",
    ".csv": "In text formats an id written as an integer reads back as one, and ids keep "
    "no surrounding spaces; rename such ids or save as .npz.",
    ".graphml": "In text formats an id written as an integer reads back as one; rename "
    "such ids or save as .npz.",
    ".gexf": "In text formats an id written as an integer reads back as one; rename such "
    "ids or save as .npz.",
}


def _write(c: Connectome, tmp: Path, suffix: str, target: str) -> None:
    if suffix == ".npz":
        with open(tmp, "wb") as file:
            write_npz(c, file, target)
        return
    g = c.to_networkx()
    try:
        if suffix == ".graphml":
            g.graph["weight_dtype"] = c.weight_dtype.name
            nx.write_graphml(g, tmp)
        elif suffix == ".gexf":
            nx.write_gexf(g, tmp)
        else:
            _write_csv(c, g, tmp)
    except (nx.NetworkXError, ValueError, TypeError, KeyError) as err:
        raise ConnectomeError(f"Cannot write {target}: {err}.") from None


def _write_csv(c: Connectome, g: nx.Graph, tmp: Path) -> None:
    rows = [(u, v, d["weight"]) for u, v, d in g.edges(data=True)]
    if not c.directed:  # the reader takes rows as directed synapses: write both ways
        rows += [(v, u, w) for u, v, w in rows if u != v]
    edges = pd.DataFrame(rows, columns=["source", "target", "weight"])
    edges.to_csv(tmp, index=False)
    # The node table keeps every node (isolated ones too), their order and attributes.
    table = pd.DataFrame({"node": c.node_ids, **c.node_attrs})
    table.to_csv(node_table_path(tmp), index=False)


def node_table_path(path: str | PathLike[str]) -> Path:
    """The node table written beside an edge-list CSV: ``<stem>.nodes.csv``."""
    path = Path(path)
    return path.with_name(path.stem + ".nodes.csv")


def _same_value(a: Any, b: Any) -> bool:
    a, b = _py(a), _py(b)
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return True
    return type(a) is type(b) and a == b


def round_trip_difference(a: Connectome, b: Connectome, *, carries_direction: bool = True) -> str:
    """The first way ``b`` differs from ``a``, or ``""`` when a file gave back what was written.

    Compared: ids with their types, weights, node attributes and the direction.

    Examples:
        >>> import numpy as np
        >>> a = Connectome.from_matrix(np.eye(2), node_ids=[0, "a"])
        >>> round_trip_difference(a, Connectome.from_matrix(np.eye(2), node_ids=["0", "a"]))
        "node id 0 (int) would read back as '0' (str)"
    """
    if a.n_nodes != b.n_nodes:
        return f"{a.n_nodes} nodes would read back as {b.n_nodes}"
    for x, y in zip(a.node_ids, b.node_ids, strict=True):
        if not _same_value(x, y):
            return (
                f"node id {_py(x)!r} ({type(_py(x)).__name__}) would read back as "
                f"{_py(y)!r} ({type(_py(y)).__name__})"
            )
    if (sp.csr_array(a.to_scipy(), dtype=np.float64) != b.to_scipy()).nnz:
        return "the weights would change"
    if carries_direction and a.directed != b.directed:
        return f"directed={a.directed} would read back as directed={b.directed}"
    if sorted(a.node_attrs) != sorted(b.node_attrs):
        return f"node attributes {sorted(a.node_attrs)} would read back as {sorted(b.node_attrs)}"
    for name, values in a.node_attrs.items():
        for k, (x, y) in enumerate(zip(values, b.node_attrs[name], strict=True)):
            if x is None and y is None:
                continue
            if not (_same_value(x, y) or _numeric_equal(x, y)):
                return (
                    f"the node attribute {name!r} of node {a.node_ids[k]!r} ({_py(x)!r}) "
                    f"would read back as {_py(y)!r}"
                )
    return ""


def _numeric_equal(x: Any, y: Any) -> bool:
    """Numbers compare by value (an int attribute is held as float after a reload)."""
    x, y = _py(x), _py(y)
    numbers = (int, float)
    if isinstance(x, bool) or isinstance(y, bool):
        return False
    if isinstance(x, numbers) and isinstance(y, numbers):
        return x == y or (np.isnan(x) and np.isnan(y))
    return False


def _py(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
