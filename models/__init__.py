"""The neural systems of the lecture, one subpackage each (installed as ``neuroagents.models``).

The folder ``models/`` at the top of the repo is this package. Each system is a
subpackage, ``models/<name>/``, that reads like the lecture's description of it: the
network, its theory, its experiments and its figures in separate modules.

Systems (``neuroagents models`` lists them with their experiments):
    hopfield: Hopfield nets: Hebbian storage, retrieval, capacity, asymmetric weights,
        pruning, against theory.
    ei: E-I balanced populations: event-driven agents on G(n, p) beside the mean field.
    rate: rate networks: amplifier, integrator, threshold-linear circuits, chaos.
    hopfield_tank: the continuous Hopfield net on the 10-city TSP.
    boltzmann: Boltzmann machines, RBMs and their stacking.
    motor: motor cortex dynamics: jPCA rotations and tangling.
    learning: evolved and biologically plausible learning (NNevolution, signSGD,
        feedback alignment) and the lecture's questions on feedback alignment.
    celegans: the C. elegans wiring against random graphs, walks, models on it.

``questions`` and ``connectome`` were collections, not systems: their modules moved to
the systems above and the old paths resolve there with a DeprecationWarning.

Shared by the systems: :mod:`~neuroagents.models.exports` (the lazy package
namespace) and :mod:`~neuroagents.params` (``ConfigParams``, the parameters
half of the model contract, docs/contract.md).

Adding a system (the convention ``neuroagents run``, ``neuroagents models`` and
``neuroagents view`` rely on):

- Make a folder ``models/<name>/`` with an ``__init__.py``. Nothing else lists the
  systems: the packaging (``setup.py``), the runner and the browser view find them.
- Its ``__init__`` exposes the library only, lazily
  (:func:`~neuroagents.models.exports.lazy_exports`): importing it loads no
  experiments, figures or matplotlib. The first line of its docstring is the
  description ``neuroagents models`` prints.
- ``experiments`` (a module or a package) exposes ``EXPERIMENTS``, a dict of experiment
  name -> :class:`~neuroagents.runner.experiment.Experiment`; the runner imports it only for a
  config of this system. Its name is the model name configs use (``model = "<name>"``).
- ``figures.py`` draws the experiments; ``view.py`` (optional) is its browser page: a
  ``page(params)`` function, the first docstring line its description.
- Its configs go in ``runs/``; they ship with the package, so ``neuroagents run <config
  name>`` works wherever neuroagents is installed.
- Import its modules as ``neuroagents.models.<name>.<module>``, never as ``models.*``.
"""
