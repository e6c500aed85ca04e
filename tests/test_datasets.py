"""The shipped C. elegans connectome against the counts published with it."""

import time

import networkx as nx
import pytest

from neuroagents import datasets


@pytest.fixture(scope="module")
def worm():
    return datasets.celegans()


def test_counts_match_varshney_2011(worm):
    # Varshney et al. (2011), PLoS Comput Biol 7(2): e1001066, abstract and Results: the
    # somatic network has 279 connected neurons, 890 gap junctions, 6393 chemical
    # synapses and 1410 neuromuscular junctions. The paper counts synapses (contacts),
    # not connections (neuron pairs): our edge weights are contact counts, so their sums
    # are compared.
    assert worm.chemical.number_of_nodes() == worm.gap_junctions.number_of_nodes() == 279
    assert worm.gap_junctions.size(weight="weight") == 890
    # The WormAtlas sheet (NeuronConnect.xls, the paper's data release) lists 6394:
    # its send rows (S, Sp) and its receive rows (R, Rp) both sum to 6394, one more
    # than the paper's text; we ship the sheet as it is.
    assert worm.chemical.size(weight="weight") == 6394
    # 1410 NMJs in the sheet; one is VC6's, which has no neuron-to-neuron synapse and
    # so is not among the 279 neurons.
    assert worm.neurons["nmj"].sum() == 1410 - 1
    # Connections (neuron pairs): 2194 directed chemical, 514 gap-junction pairs of
    # distinct neurons plus three self-junctions (RIBL, RIBR, VA8) in the sheet.
    assert worm.chemical.number_of_edges() == 2194
    assert worm.gap_junctions.number_of_edges() == 517
    assert nx.number_of_selfloops(worm.gap_junctions) == 3
    assert nx.number_of_selfloops(worm.chemical) == 0


def test_neuron_attributes(worm):
    types = worm.neurons["neuron_type"].value_counts()
    assert set(types.index) == {"sensory", "interneuron", "motorneuron"}
    assert worm.chemical.nodes["AVAL"]["neuron_class"] == "AVA"
    assert worm.chemical.nodes["VA8"]["neuron_type"] == "motorneuron"
    assert worm.gap_junctions.nodes["ASHL"]["neuron_type"] == "sensory"
    # the gap-junction graph is symmetric by construction: AVAL-AVAR both ways
    assert worm.gap_junctions.has_edge("AVAR", "AVAL")


def test_fresh_graphs_and_fast_load(worm):
    worm.chemical.remove_node("AVAL")
    start = time.perf_counter()
    again = datasets.celegans()
    assert time.perf_counter() - start < 1.0  # "well under a second", cached file
    assert "AVAL" in again.chemical
