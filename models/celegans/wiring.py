"""The worm's wiring against random graphs, walks on it, and a gap-junction rate model.

Pieces:
    wiring_statistics: reciprocity, triads, small world against the two nulls.
    walk_checks: walks with restarts against the exact stationary distribution, the
        Metropolis–Hastings uniform sampler against the plain walk, and short cycles
        counted exactly and estimated by walks.
    GapJunctionParams, GapJunctionModel: linear rate neurons coupled by the gap
        junctions (a graph Laplacian), a neuron class stimulated (the contract model).
    gap_junction_activity: the model run to its steady state, against the linear
        solve, and how far the activity spreads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

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
from neuroagents.connectome.files import load_connectome
from neuroagents.errors import ConfigError
from neuroagents.params import ConfigParams
from neuroagents.sim.model import NeuralModel
from neuroagents.validation import check_real

__all__ = [
    "GapJunctionModel",
    "GapJunctionParams",
    "gap_junction_activity",
    "walk_checks",
    "wiring_statistics",
]


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


class GapJunctionModel(NeuralModel):
    """Linear rate neurons coupled by gap junctions, one neuron class driven.

    ``tau_i dv_i/dt = -v_i + h_i - theta_i - g (L v)_i`` with L = D − W the gap-junction
    graph Laplacian (junction counts as conductances), h = 1 on the neurons of class (or
    name) ``stimulus``; ``tau`` and ``threshold`` node attributes of the coupling graph
    are used where it has them (else ``tau`` and 0). Synchronous forward Euler on float64
    weights M = −g L; the fixed point is ``v* = (I + g L)⁻¹ (h − theta)``
    (:meth:`steady_state`). Build it with :meth:`from_params` (a config's values) or
    :meth:`on` (a connectome already loaded).

    Examples:
        >>> m = GapJunctionModel.from_params(GapJunctionParams(), rng=0)
        >>> m.run_until(25 * m.time_constants.max())
        >>> bool(np.allclose(m.state, m.steady_state(), atol=1e-6))
        True
    """

    junctions: np.ndarray
    laplacian: np.ndarray
    coupling: float
    driven: np.ndarray
    stimulus_input: np.ndarray
    theta: np.ndarray
    time_constants: np.ndarray

    @classmethod
    def from_params(cls, params: GapJunctionParams, *, rng: Any = None, **kwargs: Any) -> Self:
        """The model on ``params.coupling_graph`` (loaded by name or file).

        Args:
            params: the :class:`GapJunctionParams`.
            rng: seed, SeedSequence or Generator (the model's own; the dynamics are
                deterministic).
            **kwargs: passed to :class:`~neuroagents.sim.model.NeuralModel`.
        """
        model = cls.on(
            load_connectome(params.coupling_graph), params.to_config(), rng=rng, **kwargs
        )
        model.params = params
        return model

    @classmethod
    def on(
        cls, coupling: Connectome, config: Mapping[str, Any], *, rng: Any = None, **kwargs: Any
    ) -> Self:
        """The model on a loaded coupling graph; ``config`` has coupling, tau, dt, stimulus.

        Raises:
            ConfigError: a ``dt`` too large for forward Euler, or a ``stimulus`` that
                names no neuron class or neuron.
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
                f"params.stimulus = {config['stimulus']!r} names no neuron class (or neuron) "
                "of the coupling graph."
            )
        h = driven.astype(float)
        c = Connectome.from_matrix(-g * laplacian, node_ids=list(coupling.node_ids),
                                   weight_dtype="float64")  # fmt: skip
        kwargs.setdefault("record_every", None)
        model = cls(c, rule="linear", scheduler="sync", dt=dt, tau=tau, drive=h,
                    threshold=theta, integrator="euler", rng=rng, **kwargs)  # fmt: skip
        model.junctions, model.laplacian, model.coupling = w, laplacian, g
        model.driven, model.stimulus_input, model.theta, model.time_constants = (
            driven,
            h,
            theta,
            tau,
        )
        return model

    def steady_state(self) -> np.ndarray:
        """The fixed point ``(I + g L)⁻¹ (h − theta)`` of the exact dynamics."""
        eye = np.eye(len(self.driven))
        return np.linalg.solve(
            eye + self.coupling * self.laplacian, self.stimulus_input - self.theta
        )


@dataclass(frozen=True)
class GapJunctionParams(ConfigParams):
    """The gap-junction rate model's parameters (those of the ``celegans`` experiment).

    Attributes:
        coupling_graph: the symmetric couplings: a connectome name or file.
        coupling: gap-junction conductance per junction (x tau).
        stimulus: neuron class (or neuron) driven with h = 1.
        tau: neuron time constant (where the graph has no ``tau`` attribute).
        dt: forward-Euler step.

    Examples:
        >>> GapJunctionParams.from_config({"stimulus": "AVA"}).coupling
        0.1
    """

    coupling_graph: str = "celegans:gap"
    coupling: float = 0.1
    stimulus: str = "ASH"
    tau: float = 1.0
    dt: float = 0.02

    def __post_init__(self) -> None:
        where = "GapJunctionParams"
        check_real("coupling", self.coupling, where, low=0)
        check_real("tau", self.tau, where, low=1e-6)
        check_real("dt", self.dt, where, low=1e-6)


def gap_junction_activity(coupling: Connectome, config: dict[str, Any]) -> pd.DataFrame:
    """Linear rate neurons coupled by gap junctions; one neuron class driven.

    The :class:`GapJunctionModel` on ``coupling``, run for ``settle`` of the slowest
    time constants from rest; theory: ``v* = (I + g L)⁻¹ (h − theta)``, reached to
    e^-settle (every mode decays at least as fast as the leak). Graph distance is the
    number of gap-junction hops from a driven neuron.
    """
    model = GapJunctionModel.on(coupling, config)
    model.run_until(config["settle"] * model.time_constants.max())
    theory = model.steady_state()
    graph = nx.from_numpy_array(model.junctions)
    driven = model.driven
    hops = nx.multi_source_dijkstra_path_length(graph, set(np.flatnonzero(driven)), weight=None)
    types = coupling.node_attrs.get("neuron_type", np.full(len(driven), "", dtype=object))
    return pd.DataFrame(
        {
            "neuron": np.array(coupling.node_ids, dtype=object),
            "neuron_type": types,
            "driven": driven,
            "hops": [hops.get(i, -1) for i in range(len(driven))],
            "v_sim": np.asarray(model.state, dtype=float),
            "v_theory": theory,
        }
    )
