"""Spiking networks measured against the paper and the mean field.

Modules:
    brunel: Brunel (2000) model A in one of the four states of Fig. 8: raster,
        population rate, rates, CV, synchrony, spectrum, the verdict, and the
        Siegert fixed point (``runs/spiking_brunel_{ai,sr,si_fast,si_slow}.toml``).
    stdp_song: Song, Miller & Abbott (2000), STDP on one neuron
        (``runs/spiking_stdp_song.toml``).
    stdp_vogels: Vogels et al. (2011), inhibitory STDP on one neuron
        (``runs/spiking_stdp_vogels.toml``).
    stdp_vogels_network: Vogels et al. (2011), the recurrent network
        (``runs/spiking_stdp_vogels_network.toml``).
    stdp_ei_balance: STDP on E->E, iSTDP on I->E, both, none, on one E-I network: balance,
        rates, irregularity (``runs/spiking_stdp_ei_balance.toml``).
    feedforward_inhibition: Pouille & Scanziani (2001): the integration window with and
        without feed-forward inhibition (``runs/spiking_feedforward_inhibition.toml``).
    phase: the phase diagram over (g, ν_ext/ν_thr), each point classified from its
        measured synchrony and irregularity (``runs/spiking_phase.toml``).
    peers: one network in this project, NEST and Brian2 over seeds, and whether they
        agree (``runs/spiking_peers.toml``, ``spiking_cuba.toml``, ``spiking_cuba_events.toml``).

EXPERIMENTS: what ``neuroagents run`` runs with model ``spiking``.
"""

from __future__ import annotations

from neuroagents.models.spiking.experiments.brunel import BRUNEL
from neuroagents.models.spiking.experiments.feedforward_inhibition import FEEDFORWARD_INHIBITION
from neuroagents.models.spiking.experiments.peers import PEERS
from neuroagents.models.spiking.experiments.phase import PHASE
from neuroagents.models.spiking.experiments.stdp_ei_balance import EI_BALANCE
from neuroagents.models.spiking.experiments.stdp_song import SONG
from neuroagents.models.spiking.experiments.stdp_vogels import VOGELS
from neuroagents.models.spiking.experiments.stdp_vogels_network import VOGELS_NETWORK
from neuroagents.runner.experiment import Experiment

__all__ = ["EXPERIMENTS"]

EXPERIMENTS: dict[str, Experiment] = {
    e.name: e
    for e in (
        BRUNEL,
        FEEDFORWARD_INHIBITION,
        PEERS,
        PHASE,
        SONG,
        VOGELS,
        VOGELS_NETWORK,
        EI_BALANCE,
    )
}
