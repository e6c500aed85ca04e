"""Questions from the lecture, answered by experiment: Hopfield nets without symmetry.

The lecture ends with its students' questions; each becomes a config, a table, a figure
and a verdict. Question 5: the convergence theorem needs symmetric weights; what happens
to fixed points, cycles and retrieval as the symmetry is broken by a controlled amount
(``W = W_sym + k W_antisym``) or by diluting each synapse independently?

Modules:
    asymmetry: the asymmetric and diluted weights, cycle detection, exhaustive
        fixed-point counts and the theory (signal-to-noise, exact mean counts, DGZ).
    asymmetry_trials: one network per trial, for sweeps.
    asymmetry_experiment: the experiment ``asymmetry`` (``runs/questions_asymmetry.toml``).
    figures_asymmetry: its figures.
"""

from __future__ import annotations

from neuroagents.models.questions.asymmetry_experiment import ASYMMETRY

__all__ = ["EXPERIMENTS"]

EXPERIMENTS = {ASYMMETRY.name: ASYMMETRY}
