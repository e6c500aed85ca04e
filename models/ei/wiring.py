"""E–I agents on a given wiring (a config's ``connectome``) instead of G(n, p).

Pieces:
    populations_of: each neuron's population, from the ``population`` node attribute or,
        without one, a documented random split.
    wired_graph: the wiring with the preset's E/I weights on its synapses, and the
        EIParams of the G(n, p) with the same sizes and density (the mean field's).

The wiring decides *who* connects; the preset decides the sign and which population
pairs connect (with ``"e-drives-i"`` an I → I synapse of the file gets weight 0, as
its probability in the preset is 0). Without a ``population`` attribute a uniformly
random ``round(n · n_e / (n_e + n_i))`` of the neurons (drawn from the run's
generator) are E, the rest I: the config's ``n_e : n_i`` is then only a ratio. Node
attributes ``threshold`` and ``tau`` of the file override the population values
neuron by neuron (:class:`~neuroagents.models.ei.network.EIModel`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from neuroagents.analysis.random_graphs import binary_adjacency
from neuroagents.connectome import Connectome
from neuroagents.errors import ConnectomeError
from neuroagents.models.ei.params import POPULATIONS, Connectivity

__all__ = ["populations_of", "wired_graph"]


def populations_of(wiring: Connectome, fraction_e: float, rng: np.random.Generator) -> np.ndarray:
    """Each neuron's population label ("E" or "I").

    Args:
        wiring: the connectome; its ``population`` attribute is used when present.
        fraction_e: without one, the fraction of neurons made E (at random).
        rng: the generator of that random split (not drawn from otherwise).

    Raises:
        ConnectomeError: labels other than E and I, or a population with no neuron.

    Examples:
        >>> import numpy as np
        >>> c = Connectome.from_matrix(np.ones((10, 10)) - np.eye(10))
        >>> labels = populations_of(c, 0.8, np.random.default_rng(0))
        >>> int((labels == "E").sum()), int((labels == "I").sum())
        (8, 2)
    """
    labels = wiring.node_attrs.get("population")
    if labels is None:
        n = wiring.n_nodes
        labels = np.full(n, "I", dtype=object)
        labels[rng.choice(n, size=round(fraction_e * n), replace=False)] = "E"
    labels = np.asarray(labels, dtype=object)
    bad = [v for v in labels if v not in POPULATIONS]
    if bad:
        raise ConnectomeError(
            f"The node attribute 'population' of an E–I wiring must be 'E' or 'I'. Got {bad[0]!r}."
        )
    for pop in POPULATIONS:
        if not np.any(labels == pop):
            raise ConnectomeError(
                f"An E–I wiring needs at least one {pop} neuron. Got none of its "
                f"{wiring.n_nodes} neurons labelled {pop!r}."
            )
    return labels


def wired_graph(
    wiring: Connectome, connectivity: Connectivity, fraction_e: float, rng: np.random.Generator
) -> tuple[Connectome, dict[str, Any]]:
    """The wiring with E/I weights, and the sizes and density its mean field uses.

    Args:
        wiring: the connectome (its synapses are taken as 0/1; self-loops dropped).
        connectivity: the preset or table: ``weight[target][source]`` on each synapse
            whose population pair has a nonzero probability, 0 elsewhere.
        fraction_e: see :func:`populations_of`.
        rng: for the random split only.

    Returns:
        The connectome (node attributes kept, ``population`` set) and
        ``{"n_e", "n_i", "p"}`` with p the wiring's density ``m / (n (n - 1))``.

    Examples:
        >>> import numpy as np, networkx as nx
        >>> from neuroagents.models.ei.params import PRESETS, EIParams
        >>> g = nx.gnp_random_graph(50, 0.2, seed=1, directed=True)
        >>> nx.set_node_attributes(g, {v: "E" if v < 40 else "I" for v in g}, "population")
        >>> c = Connectome.from_networkx(g)
        >>> conn = EIParams(n_e=40, n_i=10, p=0.2).connectivity
        >>> graph, sizes = wired_graph(c, conn, 0.8, np.random.default_rng(0))
        >>> sizes["n_e"], sizes["n_i"], bool(np.isclose(sizes["p"], nx.density(g)))
        (40, 10, True)
    """
    labels = populations_of(wiring, fraction_e, rng)
    a = binary_adjacency(wiring).T.astype(np.float64)  # a[target, source]
    n = wiring.n_nodes
    index = {pop: k for k, pop in enumerate(POPULATIONS)}
    code = np.array([index[v] for v in labels])
    table = connectivity.weight_matrix  # [target, source] population; 0 where p is 0
    w = a * table[code[:, None], code[None, :]]
    attrs = {**wiring.node_attrs, "population": labels}
    graph = Connectome.from_matrix(w, node_ids=wiring.node_ids, node_attrs=attrs)
    sizes = {
        "n_e": int(np.sum(labels == "E")),
        "n_i": int(np.sum(labels == "I")),
        "p": float(a.sum() / (n * (n - 1))) if n > 1 else 0.0,
    }
    return graph, sizes
