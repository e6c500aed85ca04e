"""Spiking networks measured against the paper and the mean field.

Modules:
    brunel: Brunel (2000) model A in one of the four states of Fig. 8: raster,
        population rate, rates, CV, synchrony, spectrum, the verdict, and the
        Siegert fixed point (``runs/spiking_brunel_{ai,sr,si_fast,si_slow}.toml``).
    peers: one network in this project, NEST and Brian2 over seeds, and whether they
        agree (``runs/spiking_peers.toml``, ``spiking_cuba.toml``, ``spiking_cuba_events.toml``).

EXPERIMENTS: what ``neuroagents run`` runs with model ``spiking``.
"""

from __future__ import annotations

from neuroagents.models.spiking.experiments.brunel import BRUNEL
from neuroagents.models.spiking.experiments.peers import PEERS
from neuroagents.runner.experiment import Experiment

__all__ = ["EXPERIMENTS"]

EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (BRUNEL, PEERS)}
