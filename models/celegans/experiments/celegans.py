"""Experiment ``celegans``: the worm's wiring against random graphs, walks on it, and a model.

Pieces:
    CELEGANS: the experiment: the statistics against nulls, the random-walk checks and
        the gap-junction rate model of :mod:`neuroagents.models.celegans.wiring`, in one
        table, summary and figures.

The connectomes are config values: ``connectome`` (statistics and walks; any name or
file :func:`~neuroagents.connectome.files.load_connectome` reads) and ``coupling_graph``
(the symmetric couplings of the model run).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from neuroagents.connectome.files import load_connectome
from neuroagents.models.celegans.experiments.headlines import celegans_headlines
from neuroagents.models.celegans.figures import (
    activity_figure,
    motifs_figure,
    walks_figure,
)
from neuroagents.models.celegans.wiring import gap_junction_activity, walk_checks, wiring_statistics
from neuroagents.runner.experiment import (
    Experiment,
    ExperimentParams,
    ExperimentResult,
    Param,
    format_table,
)

__all__ = ["CELEGANS"]


def celegans_experiment(config: ExperimentParams, rng: np.random.Generator) -> ExperimentResult:
    """Statistics against nulls, random-walk checks and a gap-junction rate model."""
    connectome = load_connectome(config.connectome)
    table, degrees = wiring_statistics(connectome, config.nulls, config.models, rng.spawn(1)[0])
    freq, samples, cycles = walk_checks(connectome, config, rng.spawn(1)[0])
    activity = gap_junction_activity(load_connectome(config.coupling_graph), config)
    err = float(np.max(np.abs(activity["v_sim"] - activity["v_theory"])))
    tv = freq.attrs["total_variation"]
    pvals = samples.groupby("sampler")["chi2_pvalue"].first()
    key = table[table["statistic"].isin(["reciprocity", "triad_102", "triad_030T",
                                          "triad_030C", "triad_300", "sigma"])]  # fmt: skip
    by_hop = activity[activity["hops"] >= 0].groupby("hops")["v_sim"].mean()
    summary = (
        f"Connectome {config.connectome!r}: {connectome.n_nodes} nodes, "
        f"{connectome.n_edges} edges; {config.nulls} nulls of each kind.\n"
        + format_table(key, ["statistic", "null", "observed", "null_mean", "z", "ratio"])
        + f"\nRandom walk (restart {config.restart}), {config.walk_steps} steps: "
        f"total variation to the exact stationary distribution {tv:.4f}.\n"
        f"Uniform sampling with neighbourhood queries only ({config.samples} chains): "
        f"chi-square p = {pvals['metropolis_hastings']:.3g} (Metropolis-Hastings), "
        f"{pvals['plain_walk']:.3g} (plain walk, degree-biased).\n"
        "Directed simple cycles, exact vs estimated by self-avoiding walks:\n"
        + format_table(cycles, ["length", "exact", "estimate", "stderr", "z"])
        + f"\nGap-junction rate model ({config.coupling_graph!r}, class "
        f"{config.stimulus} driven): max |v_sim - v_theory| = {err:.2e}; mean activity "
        f"by hops from the driven neurons: "
        + ", ".join(f"{int(k)}: {v:.3g}" for k, v in by_hop.items())
    )
    figures = {
        "celegans_motifs": partial(motifs_figure, table, degrees),
        "celegans_walks": partial(walks_figure, freq, samples, cycles),
        "celegans_activity": partial(activity_figure, activity, config.stimulus),
    }
    tables = {"degrees": degrees, "walk_frequencies": freq, "uniform_samples": samples,
              "cycles": cycles, "activity": activity}  # fmt: skip
    return ExperimentResult(table, summary, figures, tables)


CELEGANS = Experiment(
    name="celegans",
    description="C. elegans vs nulls (reciprocity, triads, small world); walks; gap-junction model",
    params={
        "connectome": Param("celegans", "connectome for the statistics: a name or a file"),
        "coupling_graph": Param("celegans:gap", "symmetric couplings of the model run"),
        "nulls": Param(100, "nulls of each kind (Erdos-Renyi, degree-preserving)", low=2),
        "models": Param(20, "graphs of the density + reciprocity model compared", low=2),
        "restart": Param(0.15, "restart probability of the walk", low=0.0, high=0.99),
        "walk_steps": Param(1_000_000, "steps of the walk with restarts", low=100),
        "samples": Param(20_000, "independent uniform samples (chains)", low=10),
        "mh_steps": Param(400, "steps per sampling chain", low=1),
        "max_cycle": Param(5, "longest cycle counted", low=2, high=6),
        "cycle_walks": Param(1_000_000, "self-avoiding walks for the cycle estimates", low=2),
        "coupling": Param(0.1, "gap-junction conductance per junction (x tau)", low=0.0),
        "stimulus": Param("ASH", "neuron class (or neuron) driven with h = 1"),
        "tau": Param(1.0, "neuron time constant", low=1e-6),
        "dt": Param(0.02, "forward-Euler step", low=1e-6),
        "settle": Param(25.0, "run length in time constants", low=1.0),
    },
    run=celegans_experiment,
    headlines=celegans_headlines,
    quick={
        "nulls": 6,
        "models": 3,
        "walk_steps": 20_000,
        "samples": 1000,
        "mh_steps": 200,
        "max_cycle": 4,
        "cycle_walks": 20_000,
    },
)
