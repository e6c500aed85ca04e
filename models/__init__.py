"""The neural systems of the lecture, one module each (installed as ``neuroagents.models``).

Modules:
    hopfield: Hopfield nets: Hebbian storage, retrieval, energy, capacity.
"""
