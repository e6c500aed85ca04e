"""The neural systems of the lecture, one subpackage each (installed as ``neuroagents.models``).

The folder ``models/`` at the top of the repo is this package. Each system is a
subpackage, ``models/<name>/``, that reads like the lecture's description of it: the
network, its theory, its experiments and its figures in separate modules.

Systems:
    hopfield: Hopfield nets: Hebbian storage, retrieval, energy, capacity, against theory.
    ei: E-I balanced populations: event-driven agents on G(n, p) beside the mean field.
    learning: evolved and biologically plausible learning (NNevolution, signSGD,
        feedback alignment) on layered nets.

Adding a system (the convention ``neuroagents run`` and ``neuroagents models`` rely on):

- Make a folder ``models/<name>/`` with an ``__init__.py``. Nothing else lists the
  systems: the packaging (``setup.py``) and the CLI find every subpackage.
- Its name is the model name configs use (``model = "<name>"``), and the first line of
  its ``__init__`` docstring is the description ``neuroagents models`` prints.
- Its ``__init__`` exposes ``EXPERIMENTS``, a dict of experiment name ->
  :class:`~neuroagents.experiment.Experiment` (a subpackage without experiments is a
  library only), and re-exports its public API with an ``__all__``.
- Its configs go in ``runs/<name>_<experiment>.toml``; they ship with the package, so
  ``neuroagents run <config name>`` works wherever neuroagents is installed.
- Import its modules as ``neuroagents.models.<name>.<module>``, never as ``models.*``.
"""
