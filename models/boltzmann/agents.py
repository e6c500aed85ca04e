"""Boltzmann machines as agents: Glauber neurons of the core engine, visible units clamped.

Pieces:
    to_ising: 0/1 weights and biases -> ±1 couplings J and thresholds θ with the same
        Boltzmann distribution.
    machine_model: a BoltzmannMachine (or any W, b) as a NeuralModel of Glauber neurons.
    rbm_model: a trained RBM as a NeuralModel: visible and hidden neurons on a bipartite
        connectome, the visible ones clamped to a data vector, synchronous rounds.
    conditional_rates: P(h = 1 | v) measured on an ``rbm_model`` by counting.

The core's Glauber rule is ±1: ``P(σ = +1) = 1 / (1 + exp(-2 (x - θ) / T))`` with
``x = J σ``. Boltzmann machines here use 0/1 units s with ``P(s_k = 1) = sigmoid((W_k.s +
b_k) / T)``. With ``s = (σ + 1) / 2`` the two are the same chain when

    J = W / 4,   θ_k = -(b_k / 2 + sum_j W_kj / 4),

since then ``2 (x_k - θ_k) = sum_j W_kj (σ_j + 1) / 2 + b_k = W_k.s + b_k``. The energy
``-1/2 σ.J.σ + θ.σ`` differs from ``-1/2 s.W.s - b.s`` by a constant, so the
distributions agree state by state.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import neuroagents as na
from neuroagents.models.boltzmann.machine import BoltzmannMachine
from neuroagents.models.boltzmann.rbm import RBM

__all__ = ["conditional_rates", "machine_model", "rbm_model", "to_ising"]


def to_ising(weights: np.ndarray, bias: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """J = W / 4 and θ = -(b / 2 + W.sum(1) / 4): 0/1 units -> ±1 units, same distribution.

    Examples:
        >>> J, theta = to_ising(np.array([[0.0, 2.0], [2.0, 0.0]]), np.array([1.0, -1.0]))
        >>> J.tolist(), theta.tolist()
        ([[0.0, 0.5], [0.5, 0.0]], [-1.0, 0.0])
    """
    weights = np.asarray(weights, dtype=float)
    bias = np.asarray(bias, dtype=float)
    return weights / 4.0, 0.0 - (bias / 2.0 + weights.sum(axis=1) / 4.0)


def machine_model(
    machine: BoltzmannMachine | tuple[np.ndarray, np.ndarray],
    *,
    temperature: float | None = None,
    scheduler: str = "async-site",
    engine: str = "compiled",
    rng: Any = None,
    **kwargs: Any,
) -> na.NeuralModel:
    """A Boltzmann machine as a NeuralModel of Glauber neurons at ``temperature``.

    Args:
        machine: a BoltzmannMachine, or (W, b) of 0/1 units.
        temperature: T (default: the machine's final temperature, else 1).
        scheduler: as for NeuralModel; ``async-site`` is Glauber dynamics.
        engine: ``"compiled"`` or ``"agents"``.
        rng: seed or Generator of the model.
        **kwargs: passed to NeuralModel (record_every, reporters...).

    Examples:
        >>> m = machine_model((np.zeros((3, 3)), np.zeros(3)), rng=0, record_every=None)
        >>> m.run_for(5); sorted(set(m.state.tolist())) <= [-1.0, 1.0]
        True
    """
    if isinstance(machine, BoltzmannMachine):
        weights, bias = machine.weights_, machine.bias_
        T = machine.temperature if temperature is None else temperature
    else:
        weights, bias = machine
        T = 1.0 if temperature is None else temperature
    J, theta = to_ising(weights, bias)
    connectome = na.Connectome.from_matrix(J, weight_dtype="float64")
    return na.NeuralModel(
        connectome,
        rule=na.Glauber(T),
        scheduler=scheduler,
        engine=engine,
        threshold=theta,
        rng=rng,
        **kwargs,
    )


def rbm_model(
    rbm: RBM, v: np.ndarray, *, engine: str = "compiled", rng: Any = None
) -> na.NeuralModel:
    """A trained RBM as agents: ``n_features`` visible then ``n_components`` hidden neurons.

    The connectome is bipartite (J[hidden, visible] = W / 4 and its transpose), the
    neurons are Glauber ±1 at T = 1 with the thresholds of :func:`to_ising`, the visible
    ones are clamped to ``2 v - 1``, and the scheduler is ``"sync"``: one round updates
    the hidden layer as a block, each hidden neuron on with probability
    ``sigmoid(W_j.v + c_j)``, the RBM's P(h_j = 1 | v).

    Args:
        rbm: a fitted RBM.
        v: one binary visible vector.
        engine: ``"compiled"`` or ``"agents"``.
        rng: seed or Generator of the model.
    """
    W = rbm.components_
    nh, nv = W.shape
    full = np.zeros((nv + nh, nv + nh))
    full[nv:, :nv] = W
    full[:nv, nv:] = W.T
    bias = np.concatenate([rbm.intercept_visible_, rbm.intercept_hidden_])
    J, theta = to_ising(full, bias)
    model = na.NeuralModel(
        na.Connectome.from_matrix(J, weight_dtype="float64"),
        rule=na.Glauber(1.0),
        scheduler="sync",
        engine=engine,
        threshold=theta,
        rng=rng,
        record_every=None,
    )
    model.clamp(range(nv), 2.0 * np.asarray(v, dtype=float) - 1.0)
    return model


def conditional_rates(model: na.NeuralModel, n_visible: int, rounds: int) -> np.ndarray:
    """The fraction of ``rounds`` synchronous rounds in which each hidden neuron is on."""
    on = np.zeros(model.n - n_visible)
    for _ in range(rounds):
        model.step()
        on += model.state[n_visible:] > 0
    return on / rounds
