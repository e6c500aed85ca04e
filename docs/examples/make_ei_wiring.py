"""Write docs/examples/ei_wiring.graphml: the small wiring the docs' examples run on.

A directed G(n, p) (n = 120, p = 0.1, networkx's generator, seed 7) whose first 96
nodes are labelled ``population = "E"`` and the last 24 ``"I"``; unweighted (each
model puts its own weights on the synapses; a reader takes a missing weight as 1).
Run from the repository's root: ``python docs/examples/make_ei_wiring.py``.
"""

from pathlib import Path

import networkx as nx

graph = nx.gnp_random_graph(120, 0.1, seed=7, directed=True)
nx.set_node_attributes(graph, {v: "E" if v < 96 else "I" for v in graph}, "population")
nx.write_graphml(graph, Path(__file__).with_name("ei_wiring.graphml"))
