"""E–I agents: binary E and I neurons on a directed G(n, p), each on its Poisson clock.

The system and its two wiring presets are described in :mod:`neuroagents.models.ei`.

Pieces:
    EIModel: the agents (a NeuralModel on a directed G(n, p) with Poisson clocks).
    build_connectome: the directed G(n, p) of a wiring, as EIModel builds it.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd

from neuroagents.connectome import Connectome
from neuroagents.connectome.builders import gnp_populations
from neuroagents.errors import ValidationError
from neuroagents.models.ei.mean_field import MeanField
from neuroagents.models.ei.params import _PARAM_NAMES, DEFAULTS, Connectivity, EIParams
from neuroagents.sim.model import NeuralModel, as_connectome
from neuroagents.validation import as_generator

__all__ = ["EIModel", "build_connectome"]


# ---------------------------------------------------------------------- agents
def _fraction_e(model: EIModel) -> float:
    return float(model.state[model.e_index].mean())


def _fraction_i(model: EIModel) -> float:
    return float(model.state[model.i_index].mean())


class EIModel(NeuralModel):
    """Binary E and I neurons (Mesa agents) on a directed G(n, p), on Poisson clocks.

    Each neuron has its own exponential clock of rate 1/τ of its population (exact,
    event-driven: :mod:`neuroagents.sim.schedulers`); when it rings the neuron becomes 1
    if its input (synaptic input plus drive) is strictly greater than its population's
    threshold, else 0. The wiring follows ``preset`` (see the module docstring); at
    time 0 a uniformly random subset of exactly ``round(e0 * n_e)`` E neurons and
    ``round(i0 * n_i)`` I neurons is active.

    Args:
        n_e: number of E neurons (nodes ``0 … n_e − 1``).
        n_i: number of I neurons (nodes ``n_e … n_e + n_i − 1``).
        p: connection probability of the preset (None with an explicit table).
        tau_e: E time constant.
        tau_i: I time constant.
        theta_e: E threshold.
        theta_i: I threshold.
        e0: fraction of E neurons active at time 0.
        i0: fraction of I neurons active at time 0.
        drive_e: external input to every E neuron.
        drive_i: external input to every I neuron.
        preset: ``"e-drives-i"`` (default), ``"lecture"`` or a :class:`Connectivity`.
        rng: seed, SeedSequence or Generator; the graph, the initial state and the
            clocks each get a child of it.
        engine: ``"compiled"`` or ``"agents"`` (identical trajectories).
        record_every: time between records of E and I (default τ_min / 4).
        connectome: reuse a graph built earlier (e.g. by another EIModel's
            ``connectome``, or :func:`~neuroagents.models.ei.wiring.wired_graph`): it
            must have the node attribute ``population`` with n_e ``"E"`` and n_i
            ``"I"`` neurons. Its weights then replace the preset's, and its node
            attributes ``threshold`` and ``tau``, where a node has them, replace that
            node's population value (the mean field knows only the population values).
        **kwargs: passed to :class:`~neuroagents.sim.model.NeuralModel`.

    The recorder's table has columns ``time``, ``flips``, ``E`` and ``I``;
    :meth:`rates` gives ``time``, ``E``, ``I``.

    Examples:
        >>> m = EIModel(n_e=800, n_i=200, p=0.5, tau_e=20.0, tau_i=1.0, theta_e=20,
        ...             theta_i=30, e0=0.2, i0=0.0, rng=0)
        >>> m.run_until(100.0)
        >>> r = m.rates()
        >>> list(r.columns), float(r["time"].iloc[-1])
        (['time', 'E', 'I'], 100.0)
        >>> fp = m.mean_field().fixed_points()
        >>> balanced = fp[fp["kind"] == "stable focus"].iloc[0]
        >>> bool(abs(r["E"].iloc[-40:].mean() - balanced.E) < 0.03)
        True
    """

    default_model_reporters: ClassVar[dict[str, Any]] = {"E": _fraction_e, "I": _fraction_i}

    def __init__(
        self,
        *,
        n_e: int = DEFAULTS.n_e,
        n_i: int = DEFAULTS.n_i,
        p: float | None = DEFAULTS.p,
        tau_e: float = DEFAULTS.tau_e,
        tau_i: float = DEFAULTS.tau_i,
        theta_e: float = DEFAULTS.theta_e,
        theta_i: float = DEFAULTS.theta_i,
        e0: float = DEFAULTS.e0,
        i0: float = DEFAULTS.i0,
        drive_e: float = DEFAULTS.drive_e,
        drive_i: float = DEFAULTS.drive_i,
        preset: str | Connectivity = DEFAULTS.preset,
        rng: Any = None,
        engine: str = "compiled",
        record_every: float | str | None = "auto",
        connectome: Connectome | None = None,
        **kwargs: Any,
    ) -> None:
        self.params = EIParams(
            n_e=n_e,
            n_i=n_i,
            p=p,
            tau_e=tau_e,
            tau_i=tau_i,
            theta_e=theta_e,
            theta_i=theta_i,
            e0=e0,
            i0=i0,
            drive_e=drive_e,
            drive_i=drive_i,
            preset=preset,
        )
        gen = as_generator(rng, "EIModel")
        graph_rng, state_rng, clock_rng = gen.spawn(3)
        if connectome is None:
            probs, weights = self.params.connectivity.builder_tables()
            connectome = gnp_populations(
                {"E": n_e, "I": n_i}, p=probs, weights=weights, rng=graph_rng
            )
        else:
            connectome = as_connectome(connectome)
            _check_populations(connectome, n_e, n_i)
        population = connectome.node_attrs["population"]
        self.e_index = np.flatnonzero(population == "E")
        self.i_index = np.flatnonzero(population == "I")
        state = np.zeros(n_e + n_i)
        for index, frac in ((self.e_index, e0), (self.i_index, i0)):
            state[state_rng.choice(index, size=round(frac * index.size), replace=False)] = 1.0
        if isinstance(record_every, str) and record_every == "auto":
            record_every = min(tau_e, tau_i) / 4
        super().__init__(
            connectome,
            rule="threshold",
            scheduler="poisson",
            engine=engine,
            tau=_per_node(connectome, "tau", {"E": tau_e, "I": tau_i}),
            threshold=_per_node(connectome, "threshold", {"E": theta_e, "I": theta_i}),
            drive={"E": drive_e, "I": drive_i},
            state=state,
            rng=clock_rng,
            record_every=record_every,
            **kwargs,
        )

    @classmethod
    def from_params(cls, params: EIParams, **kwargs: Any) -> EIModel:
        """The agents of validated parameters.

        Args:
            params: the model's parameters (sizes, time constants, thresholds, start,
                drives, wiring).
            **kwargs: the other arguments of :class:`EIModel` (``rng``, ``engine``,
                ``record_every``, ``connectome`` …).

        Returns:
            ``EIModel(n_e=params.n_e, …, preset=params.preset, **kwargs)``.

        Examples:
            >>> params = EIParams(n_e=80, n_i=20, p=0.5, tau_e=20.0, tau_i=1.0,
            ...                   theta_e=2.0, theta_i=3.0, e0=0.2, i0=0.0)
            >>> EIModel.from_params(params, rng=0).params == params
            True
        """
        return cls(**{k: getattr(params, k) for k in _PARAM_NAMES}, **kwargs)

    def rates(self) -> pd.DataFrame:
        """The recorded active fractions: columns ``time``, ``E``, ``I``."""
        table = self.datacollector.get_model_vars_dataframe()
        return table[["time", "E", "I"]].reset_index(drop=True)

    def mean_field(self, continuity: bool | None = None) -> MeanField:
        """The mean-field ODE of this model's parameters (see :class:`MeanField`)."""
        return MeanField(self.params, continuity=continuity)


def _per_node(
    connectome: Connectome, name: str, by_population: dict[str, float]
) -> dict[str, float] | np.ndarray:
    """The population values, overridden neuron by neuron by a node attribute ``name``.

    A connectome without the attribute (every G(n, p) EIModel builds) gets the mapping
    as it is; where a node has the attribute (not NaN) its own value wins.
    """
    values = connectome.node_attrs.get(name)
    if values is None:
        return by_population
    own = np.array([np.nan if v is None else float(v) for v in values])
    labels = connectome.node_attrs["population"]
    return np.where(np.isnan(own), [by_population[p] for p in labels], own)


def _check_populations(connectome: Connectome, n_e: int, n_i: int) -> None:
    labels = connectome.node_attrs.get("population")
    counts = (
        {"E": int(np.sum(labels == "E")), "I": int(np.sum(labels == "I"))}
        if labels is not None
        else None
    )
    if counts is None or counts != {"E": n_e, "I": n_i} or connectome.n_nodes != n_e + n_i:
        raise ValidationError(
            f"The 'connectome' parameter of EIModel must have a 'population' node "
            f"attribute with n_e = {n_e} 'E' and n_i = {n_i} 'I' neurons and nothing "
            f"else. Got {counts} over {connectome.n_nodes} nodes."
        )


def build_connectome(params: EIParams, rng: Any = None) -> Connectome:
    """The directed G(n, p) of ``params``' wiring, as :class:`EIModel` builds it.

    Examples:
        >>> c = build_connectome(EIParams(n_e=80, n_i=20, p=0.1), rng=0)
        >>> c.n_nodes, sorted(set(c.node_attrs["population"]))
        (100, ['E', 'I'])
    """
    probs, weights = params.connectivity.builder_tables()
    sizes = {"E": params.n_e, "I": params.n_i}
    return gnp_populations(sizes, p=probs, weights=weights, rng=as_generator(rng))
