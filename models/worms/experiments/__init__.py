"""The worms' experiments, one module each (imported only when a run asks for them).

Modules:
    identity: who is who from wiring alone (graph matching across worms).
    canonical: connections in every worm, some, one; motifs per animal; small studies.
    development: L1 to adult: added, strengthened, weakened, removed; pruning?
    sex: hermaphrodite against male on the shared neurons.

EXPERIMENTS: what ``neuroagents run`` runs with model ``worms``
(``runs/worms_<name>.toml``).
"""

from __future__ import annotations

from neuroagents.models.worms.experiments.canonical import CANONICAL
from neuroagents.models.worms.experiments.development import DEVELOPMENT
from neuroagents.models.worms.experiments.identity import IDENTITY
from neuroagents.models.worms.experiments.sex import SEX
from neuroagents.runner.experiment import Experiment

__all__ = ["EXPERIMENTS"]

EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (IDENTITY, CANONICAL, DEVELOPMENT, SEX)}
