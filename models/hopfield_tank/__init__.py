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

``EXPERIMENTS`` is what ``neuroagents run`` runs (``runs/hopfield_tank_<name>.toml``).
"""

from __future__ import annotations

from neuroagents.models.hopfield_tank.batch import run_batch
from neuroagents.models.hopfield_tank.experiments import EXPERIMENTS
from neuroagents.models.hopfield_tank.network import (
    FORMS,
    OUTCOMES,
    TankModel,
    TankParams,
    decode_tour,
    paper_potential,
    tank_bytes,
    tank_energy,
    tank_weights,
)
from neuroagents.models.hopfield_tank.tsp import (
    brute_force,
    distance_matrix,
    held_karp,
    nearest_neighbour,
    random_cities,
    random_tour,
    tour_length,
    two_opt,
)

__all__ = [
    "EXPERIMENTS",
    "FORMS",
    "OUTCOMES",
    "TankModel",
    "TankParams",
    "brute_force",
    "decode_tour",
    "distance_matrix",
    "held_karp",
    "nearest_neighbour",
    "paper_potential",
    "random_cities",
    "random_tour",
    "run_batch",
    "tank_bytes",
    "tank_energy",
    "tank_weights",
    "tour_length",
    "two_opt",
]
