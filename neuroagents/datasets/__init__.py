"""Real wiring diagrams shipped with the library, loaded offline.

Pieces:
    celegans: the C. elegans hermaphrodite somatic connectome of Varshney et al. (2011).
    CElegans: what :func:`celegans` returns (two graphs and a neuron table).
    CELEGANS_CITATION: the reference to cite when you use it.
    individuals: eight worms across development (Witvliet et al. 2021), the whole
        hermaphrodite and male (Cook et al. 2019) and Varshney's worm as one tidy table
        (``synapses``), one row per animal (``animals``), graphs and Connectomes
        (``animal_graphs``, ``animal_connectome``); re-exported here.

The data file ``celegans_varshney2011.npz`` (10 kB) sits next to this module; its
source, licence and the script that regenerates it are described in ``README.md``
there and in :mod:`neuroagents.datasets.regenerate_celegans`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "ANIMALS",
    "CELEGANS_CITATION",
    "CElegans",
    "animal_connectome",
    "animal_graphs",
    "animals",
    "celegans",
    "synapses",
]

CELEGANS_CITATION = (
    "Varshney LR, Chen BL, Paniagua E, Hall DH, Chklovskii DB (2011). Structural properties "
    "of the Caenorhabditis elegans neuronal network. PLoS Comput Biol 7(2): e1001066. "
    "doi:10.1371/journal.pcbi.1001066. Data: WormAtlas NeuronConnect.xls, via the cect "
    "package (MIT)."
)
DATA_FILE = "celegans_varshney2011.npz"

from neuroagents.datasets.individuals import (  # noqa: E402 (after the names it reads)
    ANIMALS,
    animal_connectome,
    animal_graphs,
    animals,
    synapses,
)


@dataclass(frozen=True)
class CElegans:
    """The C. elegans somatic nervous system (Varshney et al. 2011).

    Attributes:
        chemical: chemical synapses, a ``networkx.DiGraph`` pre -> post whose edge
            ``weight`` is the number of synaptic contacts (2194 connections).
        gap_junctions: electrical synapses, an undirected ``networkx.Graph`` whose
            ``weight`` is the number of gap junctions between the pair (517 pairs, three
            of them a neuron with itself, as published).
        neurons: one row per neuron (index: name) with ``neuron_type`` (sensory,
            interneuron, motorneuron), ``neuron_class`` (the WormAtlas class: AVAL and
            AVAR are class AVA) and ``nmj`` (neuromuscular junctions it makes; the
            sheet's 1410 less VC6's one, VC6 having no synapse with another neuron).
        citation: the paper and data source.
    """

    chemical: nx.DiGraph
    gap_junctions: nx.Graph
    neurons: pd.DataFrame
    citation: str = CELEGANS_CITATION


def celegans() -> CElegans:
    """The C. elegans hermaphrodite somatic connectome of Varshney et al. (2011).

    279 connected somatic neurons (the 20 pharyngeal neurons and CANL/R, VC6 are not
    in it), with 6394 chemical synapses in 2194 directed connections and 890 gap
    junctions in 517 neuron pairs; both graphs hold all 279 neurons as nodes, with the
    neuron table's columns as node attributes. Loaded from the package, no network;
    each call returns fresh graphs you may modify.

    Returns:
        A :class:`CElegans` with ``chemical``, ``gap_junctions`` and ``neurons``.

    References:
        Varshney LR, Chen BL, Paniagua E, Hall DH, Chklovskii DB (2011). Structural
        properties of the Caenorhabditis elegans neuronal network. PLoS Comput Biol
        7(2): e1001066.

    Examples:
        >>> from neuroagents import datasets
        >>> worm = datasets.celegans()
        >>> worm.chemical.number_of_nodes(), worm.chemical.number_of_edges()
        (279, 2194)
        >>> worm.chemical["PVCL"]["AVAL"]["weight"], worm.chemical.nodes["AVAL"]["neuron_type"]
        (2, 'interneuron')
        >>> worm.neurons["neuron_type"].value_counts().to_dict()
        {'motorneuron': 115, 'sensory': 83, 'interneuron': 81}
    """
    names, neurons, chem, gap = _arrays()
    attrs = neurons.to_dict(orient="index")
    chemical = nx.DiGraph(name="C. elegans chemical synapses (Varshney et al. 2011)")
    chemical.add_nodes_from((n, dict(attrs[n])) for n in names)
    chemical.add_weighted_edges_from((names[a], names[b], int(w)) for a, b, w in chem)
    gaps = nx.Graph(name="C. elegans gap junctions (Varshney et al. 2011)")
    gaps.add_nodes_from((n, dict(attrs[n])) for n in names)
    gaps.add_weighted_edges_from((names[a], names[b], int(w)) for a, b, w in gap)
    return CElegans(chemical, gaps, neurons.copy())


@cache
def _arrays() -> tuple[list[str], pd.DataFrame, np.ndarray, np.ndarray]:
    with resources.files(__name__).joinpath(DATA_FILE).open("rb") as f, np.load(f) as d:
        names = [str(n) for n in d["neuron"]]
        neurons = pd.DataFrame(
            {
                "neuron_type": d["neuron_type"].astype(str).astype(object),
                "neuron_class": d["neuron_class"].astype(str).astype(object),
                "nmj": d["nmj"].astype(int),
            },
            index=pd.Index(names, name="neuron"),
        )
        chem = np.column_stack([d["chemical_pre"], d["chemical_post"], d["chemical_count"]])
        gap = np.column_stack([d["gap_a"], d["gap_b"], d["gap_count"]])
    return names, neurons, chem, gap
