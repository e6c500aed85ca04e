"""Boltzmann machines: hidden units, clamped and free phases, RBMs, stacking.

As the lecture tells it: some of the nodes are hidden; the visible nodes receive the
training data by clamping; after each training vector the network runs free until it
settles, and learning follows the difference between the two phases. A restricted
Boltzmann machine is bipartite, and RBMs stack into a deep net.

Modules:
    machine: the general machine (Ackley, Hinton & Sejnowski 1985), annealed Gibbs
        sampling, the clamped-minus-free learning rule, the exact distribution.
    rbm: the RBM (CD-k and PCD), with scikit-learn's BernoulliRBM attribute names;
        exact log-likelihood of small RBMs.
    dbn: greedy layer-wise stacking (Hinton, Osindero & Teh 2006).
    agents: both as NeuralModels of the core's Glauber neurons (0/1 <-> ±1 mapping).
    measures: encoder codes, autocorrelation times, chi-square against enumeration.
    view: the browser page (a trained 4-2-4 encoder sampled by Glauber neurons).
    experiments: the encoder problems, RBMs on digits against scikit-learn, the DBN.
    figures: the experiments' figures.

The package exposes the library only, loaded on first use (``boltzmann.RBM`` imports its
module then); ``experiments`` (what ``neuroagents run`` runs with model ``boltzmann``),
the figures and ``view`` (the browser page) are imported only when asked for. The model
contract (docs/contract.md): ``RBMParams`` and ``RBM.from_params(params, rng=...)``;
``fit``, ``transform``, ``score_samples``; ``rng=`` with ``random_state=`` as an alias;
``rbm_model``/``machine_model`` hand out the agent view.
"""

from __future__ import annotations

from neuroagents.models.exports import lazy_exports

# The library, loaded on first use: importing the system imports none of it.
_LIBRARY = {
    "agents": (
        "conditional_rates",
        "machine_model",
        "rbm_model",
        "to_ising",
    ),
    "dbn": ("DBN",),
    "machine": (
        "PAPER_SCHEDULE",
        "BoltzmannMachine",
        "all_states",
        "boltzmann_distribution",
    ),
    "measures": (
        "autocorrelation_time",
        "chi_square_test",
        "encoder_code",
        "encoder_machine",
        "encoder_patterns",
        "is_perfect",
    ),
    "rbm": (
        "RBM",
        "RBMParams",
        "log_likelihood",
        "log_partition",
        "pseudo_likelihood",
    ),
}
# Experiment pieces this package once re-exported (use the experiments modules).
_MOVED = {
    "experiments": ("EXPERIMENTS",),
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _LIBRARY, _MOVED)
