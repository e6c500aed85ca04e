"""The worm's wiring against random graphs, walks on it, and a gap-junction rate model.

Pieces:
    wiring_statistics: reciprocity, triads, small world against the two nulls.
    walk_checks: walks with restarts against the exact stationary distribution, the
        Metropolis–Hastings uniform sampler against the plain walk, and short cycles
        counted exactly and estimated by walks.
    gap_junction_activity: linear rate neurons coupled by the gap junctions (a graph
        Laplacian), a neuron class stimulated; the simulated steady state against the
        linear solve, and how far the activity spreads.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy import stats

from neuroagents.analysis.connectome import (
    TRIAD_NAMES,
    compare_with_nulls,
    connectome_statistics,
    degree_distribution,
    reciprocity,
    triad_census,
)
from neuroagents.analysis.random_graphs import binary_adjacency, reciprocal_digraph
from neuroagents.analysis.random_walks import (
    cycle_counts,
    estimate_cycle_counts,
    local_uniform_sample,
    walk_frequencies,
)
from neuroagents.connectome import Connectome
from neuroagents.errors import ConfigError
from neuroagents.model import NeuralModel

__all__ = ["gap_junction_activity", "walk_checks", "wiring_statistics"]


def wiring_statistics(
    connectome: Connectome, nulls: int, models: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The statistics table against nulls, and the degree distribution.

    Beside the two nulls, a third comparison: ``models`` graphs of the generative model
    :func:`~neuroagents.analysis.random_graphs.reciprocal_digraph` with the observed
    density and reciprocity (``null`` = ``reciprocal_model``): how much of the triad
    census does reciprocity alone explain?
    """
    table = connectome_statistics(connectome, nulls=nulls, rng=rng, progress=True)
    a = binary_adjacency(connectome)
    n, m = a.shape[0], int(a.sum())
    r = reciprocity(a)
    samples = [reciprocal_digraph(n, m / (n * (n - 1)), r, rng) for _ in range(models)]
    census = np.array([triad_census(g).to_numpy() for g in samples])
    recips = np.array([[reciprocity(g)] for g in samples])
    planted = pd.concat(
        [
            compare_with_nulls([r], recips, index=["reciprocity"]),
            compare_with_nulls(triad_census(a).to_numpy(), census,
                               index=[f"triad_{t}" for t in TRIAD_NAMES]),
        ]
    )  # fmt: skip
    planted = planted.rename_axis("statistic").reset_index().assign(null="reciprocal_model")
    table = pd.concat([table, planted[table.columns]], ignore_index=True)
    return table, degree_distribution(connectome)


def walk_checks(
    connectome: Connectome, config: dict[str, Any], rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Walk frequencies vs stationary, uniform sampling vs plain walk, cycles exact vs walks."""
    g = connectome.to_networkx()
    freq = walk_frequencies(g, config["walk_steps"], rng, restart=config["restart"])
    freq["in_degree"] = [g.in_degree(v) for v in g]
    n = g.number_of_nodes()
    und = g.to_undirected()
    giant = max(nx.connected_components(und), key=len)
    start = list(g).index(max(giant, key=und.degree))  # crawl from the best-connected neuron
    rows = []
    for metropolis in (True, False):
        s = local_uniform_sample(g, config["samples"], config["mh_steps"], rng, start=start,
                                 metropolis=metropolis)  # fmt: skip
        counts = np.bincount(s, minlength=n)
        members = np.array([v in giant for v in g])
        test = stats.chisquare(counts[members])
        rows.append(
            pd.DataFrame(
                {
                    "sampler": "metropolis_hastings" if metropolis else "plain_walk",
                    "node": list(g),
                    "degree": [und.degree(v) for v in g],
                    "in_component": members,
                    "count": counts,
                    "expected_uniform": np.where(members, len(s) / members.sum(), 0.0),
                    "chi2_pvalue": test.pvalue,
                }
            )
        )
    samples = pd.concat(rows, ignore_index=True)
    exact = cycle_counts(g, config["max_cycle"])
    cycles = estimate_cycle_counts(g, config["max_cycle"], config["cycle_walks"], rng)
    cycles["exact"] = exact.to_numpy()
    cycles["z"] = (cycles["estimate"] - cycles["exact"]) / cycles["stderr"]
    return freq, samples, cycles


def gap_junction_activity(coupling: Connectome, config: dict[str, Any]) -> pd.DataFrame:
    """Linear rate neurons coupled by gap junctions; one neuron class driven.

    ``tau_i dv_i/dt = -v_i + h_i - theta_i - g (L v)_i`` with L = D − W the gap-junction
    graph Laplacian (junction counts as conductances), h = 1 on the neurons of class (or
    name) ``stimulus``; ``tau`` and ``threshold`` node attributes of the coupling graph
    are used where it has them (else ``config["tau"]`` and 0). Run by the engine
    (linear rate neurons, synchronous forward Euler, float64 weights M = −g L) for
    ``settle`` of the slowest time constants from rest; theory:
    ``v* = (I + g L)⁻¹ (h − theta)``, reached to e^-settle (every mode decays at least as
    fast as the leak). Graph distance is the number of gap-junction hops from a driven
    neuron.
    """
    w = coupling.to_dense().astype(np.float64)
    np.fill_diagonal(w, 0.0)  # a junction of a neuron with itself couples nothing
    laplacian = np.diag(w.sum(axis=1)) - w
    g, dt = config["coupling"], config["dt"]
    attrs = coupling.node_attrs
    tau = np.asarray(attrs.get("tau", np.full(len(w), config["tau"])), dtype=float)
    theta = np.nan_to_num(np.asarray(attrs.get("threshold", np.zeros(len(w))), dtype=float))
    tau = np.where(np.isnan(tau), config["tau"], tau)
    lam_max = float(np.linalg.eigvalsh(laplacian)[-1])
    if dt / tau.min() * (1 + g * lam_max) >= 1.5:  # forward Euler's stiff mode stays damped
        raise ConfigError(
            f"params.dt = {dt} is too large for coupling = {g}: forward Euler needs "
            f"dt/tau * (1 + coupling * lambda_max(L)) < 1.5 with lambda_max = {lam_max:.1f} "
            f"and the smallest tau {tau.min():.3g}. "
            f"Use dt <= {1.5 * tau.min() / (1 + g * lam_max):.3g}."
        )
    classes = attrs.get("neuron_class")
    names = np.array(coupling.node_ids, dtype=object)
    driven = (classes == config["stimulus"]) | (names == config["stimulus"])
    if classes is None:
        driven = names == config["stimulus"]
    if not driven.any():
        raise ConfigError(
            f"params.stimulus = {config['stimulus']!r} names no neuron class (or neuron) of "
            "the coupling graph."
        )
    h = driven.astype(float)
    c = Connectome.from_matrix(-g * laplacian, node_ids=list(coupling.node_ids),
                               weight_dtype="float64")  # fmt: skip
    model = NeuralModel(c, rule="linear", scheduler="sync", dt=dt, tau=tau, drive=h,
                        threshold=theta, integrator="euler", record_every=None)  # fmt: skip
    model.run_until(config["settle"] * tau.max())
    theory = np.linalg.solve(np.eye(len(h)) + g * laplacian, h - theta)
    graph = nx.from_numpy_array(w)
    hops = nx.multi_source_dijkstra_path_length(graph, set(np.flatnonzero(driven)), weight=None)
    types = attrs.get("neuron_type", np.full(len(h), "", dtype=object))
    return pd.DataFrame(
        {
            "neuron": names,
            "neuron_type": types,
            "driven": driven,
            "hops": [hops.get(i, -1) for i in range(len(h))],
            "v_sim": np.asarray(model.state, dtype=float),
            "v_theory": theory,
        }
    )
