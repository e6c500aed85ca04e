"""Motor cortex dynamics: jPCA rotations and tangling in a rate network and a tuning population.

The lecture contrasts two views of motor cortex. In the classical one each neuron's rate
is a tuning function of the movement's parameters (``r_i = f_i(par_1, ..., par_30)``);
in the dynamical one (Churchland et al. 2012) a neuron is a row of a dynamical system
``dr/dt = f(r, u)`` that generates the movement, and the population state rotates
(jPCA), for reaches too, and is less tangled than the muscles it drives (Russo et al.
2018). Here both views generate data and the same analyses measure them.

Modules:
    network: the reaching and cycling rate networks (a preparatory input sets the state,
        a fixed readout gives "muscles").
    model: MotorParams and MotorModel, a network run on the engine (a NeuralModel with
        the Mesa verbs; ``run_trial`` is the task's protocol).
    tuning: the classical control: rates as tuning functions of position, velocity and
        speed of minimum-jerk reaches.
    soc: rotations that emerge: a random E-I network stabilised by optimising its
        inhibitory weights (Hennequin et al. 2014), run from its most amplified states.
    view: the browser page.
    experiments: ``rotations`` (jPCA, tangling, cycling) and ``soc`` (the optimised
        circuit against three controls); figures, figures_soc: their figures.

The analyses are in :mod:`neuroagents.analysis.jpca` and
:mod:`neuroagents.analysis.tangling`.

The package exposes the library only, loaded on first use (``motor.MotorModel`` imports
its module then); ``experiments`` (what ``neuroagents run`` runs with model ``motor``),
the figures and ``view`` (the browser page) are imported only when asked for. The model
contract (docs/contract.md): ``MotorParams`` and ``MotorModel.from_params(params,
rng=...)``, or ``MotorModel.from_network(network)`` for any circuit.
"""

from __future__ import annotations

from neuroagents.models.exports import lazy_exports

# The library, loaded on first use: importing the system imports none of it.
_LIBRARY = {
    "model": (
        "MotorModel",
        "MotorParams",
    ),
    "network": (
        "MotorNetwork",
        "Trajectory",
        "cycling_network",
        "mode_block",
        "reach_network",
        "rotational_weights",
    ),
    "tuning": (
        "TuningPopulation",
        "minimum_jerk",
        "reach_kinematics",
    ),
}
# Experiment pieces this package once re-exported (use the experiments modules).
_MOVED = {
    "experiments": ("EXPERIMENTS",),
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _LIBRARY, _MOVED)
