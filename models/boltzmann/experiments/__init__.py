"""Boltzmann machines measured against the 1985 paper and scikit-learn, one module each.

Modules:
    encoder: 4-2-4 and 8-3-8 encoders; free-phase autocorrelation; chi-square.
    rbm_digits: RBM vs BernoulliRBM on digits; exact vs pseudo-likelihood; features.
    dbn_digits: greedy stacking; stacked features; samples from the top.

EXPERIMENTS: what ``neuroagents run`` runs with model ``boltzmann``.
"""

from __future__ import annotations

from neuroagents.models.boltzmann.experiments.dbn_digits import DBN_DIGITS
from neuroagents.models.boltzmann.experiments.encoder import ENCODER
from neuroagents.models.boltzmann.experiments.rbm_digits import RBM_DIGITS
from neuroagents.runner.experiment import Experiment

__all__ = ["EXPERIMENTS"]

EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (ENCODER, RBM_DIGITS, DBN_DIGITS)}
