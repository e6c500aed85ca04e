"""E–I balanced populations: binary E and I neurons on G(n, p), and the lecture's mean field.

As the lecture tells it: excitatory (E) and inhibitory (I) binary neurons sit on a
random directed graph G(n, p). Each neuron updates at rate 1/τ of its population (an
exponential clock, event-driven): it becomes active (1) if its input exceeds its
population's threshold, else silent (0). The active fractions E(t) and I(t) follow,
for large n, the mean-field ODE

    τ_E dE/dt = GT(T_E, np(E − I), np(1−p)(E + I)) − E
    τ_I dI/dt = GT(T_I, npI, np(1−p)I) − I

where GT(T, m, var) = P[N(m, var) > T] is the Gaussian tail above T. "If τ_E is
sufficiently larger than τ_I, an E–I balance will be reached after a few up and down
oscillations."

**The two presets.** The story told beside the equations is "input drives E cells, E
cells drive I cells, I cells inhibit E, then E and I settle": I is driven by E. The
printed I equation has I driven by I. Both are offered (each possible synapse present
with probability p; every weight ±1):

- ``"lecture"`` (as printed): E receives from E (+1) and I (−1); I receives from I (+1)
  only. I then never feels E: I(t) evolves on its own, and with i0 = 0 it stays 0
  forever, so nothing opposes E, which runs away to 1 (or dies out) whatever τ_E/τ_I.
- ``"e-drives-i"`` (the story, the default): E receives from E (+1) and I (−1); I
  receives from E (+1) only. This is the E–I loop in which a fast I can catch a
  rising E and the two settle into balance.

Any other wiring is an explicit 2×2 table (:meth:`Connectivity.table`).

Modules:
    view: the browser page.
    params: the wiring presets (Connectivity), EIParams and DEFAULTS, the one place
        each default is set.
    network: EIModel, the agents (a NeuralModel on a directed G(n, p), Poisson clocks).
    mean_field: the mean-field ODE in general form (any wiring, with drive): solve,
        Jacobian, finite-size noise; phase_plane: its fixed points, nullclines, Hopf point.
    measures: overshoots, outcomes, agreement in units of the finite-size noise.
    experiments: the agents held against the mean field (``neuroagents run
        runs/ei_*.toml``); figures: their figures.

The package exposes the library only, loaded on first use (``ei.EIModel`` imports its
module then); ``experiments`` (what ``neuroagents run`` runs with model ``ei``), the
figures and ``view`` (the browser page) are imported only when asked for. The model
contract (docs/contract.md): ``EIParams`` and ``EIModel.from_params(params, rng=...)``.
"""

from __future__ import annotations

from neuroagents.models.exports import lazy_exports

# The library, loaded on first use: importing the system imports none of it.
_LIBRARY = {
    "mean_field": (
        "Hopf",
        "MeanField",
        "gaussian_tail",
        "mean_field",
    ),
    "measures": (
        "OUTCOMES",
        "agreement",
        "balanced_point",
        "classify_outcome",
        "count_overshoots",
        "run_duration",
    ),
    "network": (
        "EIModel",
        "build_connectome",
    ),
    "params": (
        "DEFAULTS",
        "POPULATIONS",
        "PRESETS",
        "Connectivity",
        "EIParams",
    ),
}
# Experiment pieces this package once re-exported (use the experiments modules).
_MOVED = {
    "experiments": ("EXPERIMENTS",),
    "experiments.agreement": ("AGREEMENT_SETTINGS",),
    "experiments.phase": ("phase_point",),
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _LIBRARY, _MOVED)
