"""Rate networks and dynamics: amplifier, integrator, threshold-linear circuits, chaos.

As the lecture tells it: a linear symmetric circuit ``tau dv/dt = h + (M - I) v``
projects its input on the top eigenvector e_1 of M and amplifies it by
``1 / (1 - lambda_1)``; with lambda_1 = 1 it integrates it ("integration means
memory"; the brain-stem eye-position integrator). Threshold-linear networks
``tau dv/dt = -v + [h + M v - T]+`` have many fixed points, winners and cycles. 1-D
systems only settle (or grow), 2-D ones settle or cycle (Poincaré-Bendixson), and chaos
needs more: random rate networks, the logistic map, Lorenz.

Modules:
    circuits: the lecture's small circuits as models of the contract: LinearCircuit,
        ThresholdLinear and EIPair (NeuralModel subclasses), each with its params
        dataclass and ``from_params``.
    network: the circuits' weight matrices (a chosen spectrum, winner-take-all, CTLN,
        random couplings) and recording a model's state; ``linear_circuit``,
        ``threshold_linear`` and ``ei_pair`` are the circuits' deprecated old names.
    random_network: RateParams and RandomRateModel, ``dv/dt = -v + f(g J v)``.
    theory: mode by mode linear theory, the active-set method, the Hopf point, the
        logistic map and Lorenz's system.
    experiments: one module per claim; figures: their figures; view: the browser page.

The general tools (vector fields, Lyapunov spectra, limit cycles) are in
:mod:`neuroagents.analysis`.

The package exposes the library only, loaded on first use (``rate.RandomRateModel``
imports its module then); ``experiments`` (what ``neuroagents run`` runs with model
``rate``), the figures and ``view`` (the browser page) are imported only when asked for.
The model contract (docs/contract.md): ``RateParams`` and
``RandomRateModel.from_params(params, rng=...)``; the small circuits likewise
(``LinearCircuit.from_params(LinearCircuitParams(...))`` ...).
"""

from __future__ import annotations

from neuroagents.models.exports import lazy_exports

# The library, loaded on first use: importing the system imports none of it.
_LIBRARY = {
    "circuits": (
        "EIPair",
        "EIPairParams",
        "LinearCircuit",
        "LinearCircuitParams",
        "ThresholdLinear",
        "ThresholdLinearParams",
    ),
    "random_network": (
        "RATE_FUNCTIONS",
        "RandomRateModel",
        "RateParams",
    ),
    "network": (
        "ctln_weights",
        "ei_pair",
        "linear_circuit",
        "random_coupling",
        "record_modes",
        "symmetric_with_spectrum",
        "threshold_linear",
        "winner_take_all_weights",
    ),
    "theory": (
        "LORENZ_EXPONENTS",
        "PERIOD_DOUBLING",
        "PERIOD_THREE",
        "TLFixedPoint",
        "active_set_fixed_points",
        "ei_hopf_point",
        "logistic",
        "logistic_period",
        "lorenz",
        "lorenz_jacobian",
        "mode_steady_state",
        "mode_time_constant",
    ),
}
# Experiment pieces this package once re-exported (use the experiments modules).
_MOVED = {
    "experiments": ("EXPERIMENTS",),
    "experiments.amplifier": (
        "amplifier_trial",
        "fit_settling",
    ),
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _LIBRARY, _MOVED)
