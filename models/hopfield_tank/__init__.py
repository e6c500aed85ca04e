"""Hopfield-Tank: the continuous Hopfield net on the 10-city travelling salesman problem.

The lecture: "Hopfield and Tank show that Hopfield nets solve the traveling salesman
problem with 10 cities." An n x n grid of graded-response neurons (city x position)
descends an energy whose minima are meant to be short valid tours. Hopfield & Tank
(1985) reported mostly valid, often near-optimal tours; Wilson & Pawley (1988) found
valid tours rare. This package measures both stories, and what works better, on one
code path, with every tour length divided by the exact optimum (Held-Karp).

Modules:
    tsp: instances, tour lengths, Held-Karp and brute-force optima, nearest neighbour,
        2-opt, random tours.
    network: the 1985 energy as weights and bias, the paper's initial condition, tour
        decoding, and TankModel (a NeuralModel).
    batch: run_batch, many starts in one compiled call (for throughput).
    experiments: the 1985 protocol, the 1988 replication, the phase diagram, and the
        network against baselines, one module each.
    figures: the experiments' figures.
    view: the browser page.

The package exposes the library only, loaded on first use (``hopfield_tank.TankModel``
imports its module then); ``experiments`` (what ``neuroagents run`` runs with model
``hopfield_tank``), the figures and ``view`` (the browser page) are imported only when
asked for. The model contract (docs/contract.md): ``TankParams`` and
``TankModel.from_params(params, rng=...)``.
"""

from __future__ import annotations

from neuroagents.models.exports import lazy_exports

# The library, loaded on first use: importing the system imports none of it.
_LIBRARY = {
    "batch": ("run_batch",),
    "network": (
        "FORMS",
        "OUTCOMES",
        "TankModel",
        "TankParams",
        "decode_tour",
        "paper_potential",
        "tank_bytes",
        "tank_energy",
        "tank_weights",
    ),
    "tsp": (
        "brute_force",
        "distance_matrix",
        "held_karp",
        "nearest_neighbour",
        "random_cities",
        "random_tour",
        "tour_length",
        "two_opt",
    ),
}
# Experiment pieces this package once re-exported (use the experiments modules).
_MOVED = {
    "experiments": ("EXPERIMENTS",),
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _LIBRARY, _MOVED)
