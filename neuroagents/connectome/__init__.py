"""Connectomes: the wiring a model runs on, from graphs, matrices, edge lists and files.

Modules:
    connectome: :class:`Connectome`, a validated wiring diagram held as CSR arrays, and
        :class:`WeightUpdate`, an in-place weight edit.
    builders: Erdős–Rényi and block wirings built straight into arrays.
    files: GraphML, GEXF, CSV and ``.npz`` files, and the named shipped connectomes.
    edgelist: reading and combining edge lists (CSV and friends).
    weight_update, weight_values: in-place weight edits; weight matrices from values.
    pruning: pruning a connectome by weight or at random, with its statistics.
    csr: the compiled operations on the arrays (input ``W @ s``, pushes, lookups).

``from neuroagents.connectome import Connectome`` is the natural path (no warning).
"""

from __future__ import annotations

from neuroagents.connectome.connectome import Connectome, WeightUpdate

__all__ = ["Connectome", "WeightUpdate"]
