"""C. elegans individuals: eight brains across development, both sexes, and Varshney's worm.

Pieces:
    ANIMALS: the animal names, in order (``witvliet1`` … ``witvliet8``, ``cook2019_herm``,
        ``cook2019_male``, ``varshney2011``).
    animals: one row per animal: dataset, stage, hours after hatching, sex, region,
        weight unit, neuron and connection counts, and the counts ``cect`` gave when the
        file was written.
    synapses: the tidy table (animal, stage, pre, post, kind, synapses, unit) of one,
        some or all animals.
    animal_graphs: one animal as a chemical ``DiGraph`` and an electrical ``Graph``.
    animal_connectome: one animal as a :class:`~neuroagents.connectome.Connectome`.

The files (``celegans_witvliet2021_<k>.npz``, ``celegans_cook2019_<sex>.npz``, ~115 kB in
all) sit next to this module; :mod:`neuroagents.datasets.regenerate_individuals` writes
them from ``cect`` 0.3.5 and ``README.md`` there gives sources, licences and counts.
Neuron names are the same in every file (cect's preferred names, as in Varshney's).
What a weight counts differs: Witvliet's and Varshney's are synapses, Cook's are serial
EM sections of contact (number and size of synapses together): the ``unit`` column says
which. Electrical synapses are undirected: one row per pair, ``pre`` < ``post``
alphabetically (a neuron with itself kept as published).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError

if TYPE_CHECKING:
    from neuroagents.connectome import Connectome

__all__ = ["ANIMALS", "KINDS", "animal_connectome", "animal_graphs", "animals", "synapses"]

FILES = {
    **{f"witvliet{k}": f"celegans_witvliet2021_{k}.npz" for k in range(1, 9)},
    "cook2019_herm": "celegans_cook2019_hermaphrodite.npz",
    "cook2019_male": "celegans_cook2019_male.npz",
}
ANIMALS: tuple[str, ...] = (*FILES, "varshney2011")
KINDS = ("chemical", "electrical")
VARSHNEY = {
    "dataset": "Varshney et al. 2011",
    "stage": "adult",
    "age_hours": float("nan"),
    "sex": "hermaphrodite",
    "region": "somatic nervous system",
    "unit": "synapses",
    "source": "WormAtlas NeuronConnect.xls via cect 0.3.5 (celegans_varshney2011.npz)",
}
META = ("dataset", "stage", "age_hours", "sex", "region", "unit", "source")
CECT_COUNTS = ("cect_cells", "cect_chemical_rows", "cect_chemical_total",
               "cect_electrical_rows", "cect_electrical_total")  # fmt: skip


def _check_animal(animal: object, where: str) -> str:
    if not isinstance(animal, str) or animal not in ANIMALS:
        raise ValidationError(
            f"The 'animal' parameter of {where} must be one of {list(ANIMALS)}. "
            f"Got {animal!r} instead."
        )
    return animal


@cache
def _load(animal: str) -> tuple[dict[str, object], pd.DataFrame, pd.DataFrame]:
    """(metadata, neuron table, tidy synapse rows) of one animal, read once."""
    if animal == "varshney2011":
        from neuroagents.datasets import _arrays

        names, neurons, chem, gap = _arrays()
        meta: dict[str, object] = {"animal": animal, **VARSHNEY}
        neurons = neurons[["neuron_type", "neuron_class"]]
    else:
        with resources.files(__package__).joinpath(FILES[animal]).open("rb") as f:
            with np.load(f) as d:
                names = [str(n) for n in d["neuron"]]
                meta = {"animal": animal}
                for key in (*META, *CECT_COUNTS, "cect_version"):
                    value = d[key].item()
                    meta[key] = value if isinstance(value, str | float) else int(value)
                neurons = pd.DataFrame(
                    {"neuron_type": d["neuron_type"].astype(str).astype(object),
                     "neuron_class": d["neuron_class"].astype(str).astype(object)},
                    index=pd.Index(names, name="neuron"),
                )  # fmt: skip
                chem = np.column_stack([d["chemical_pre"], d["chemical_post"],
                                        d["chemical_count"]])  # fmt: skip
                gap = np.column_stack([d["gap_a"], d["gap_b"], d["gap_count"]])
    name = np.asarray(names, dtype=object)
    rows = []
    for kind, edges in (("chemical", chem), ("electrical", gap)):
        pre, post = name[edges[:, 0]], name[edges[:, 1]]
        if kind == "electrical":  # one row per pair, the names in alphabetical order
            pre, post = np.minimum(pre, post), np.maximum(pre, post)
        rows.append(pd.DataFrame({"pre": pre, "post": post, "kind": kind,
                                  "synapses": edges[:, 2].astype(np.int64)}))  # fmt: skip
    table = pd.concat(rows, ignore_index=True)
    table.insert(0, "animal", animal)
    table.insert(1, "stage", meta["stage"])
    table["unit"] = meta["unit"]
    return meta, neurons, table


def animals() -> pd.DataFrame:
    """One row per animal: where it comes from, its stage, and what it holds.

    Columns: ``animal``, ``dataset``, ``stage`` (L1, L2, L3, adult), ``age_hours``
    (hours after hatching, Witvliet's datasets only), ``sex``, ``region`` (Witvliet
    reconstructed the brain: nerve ring and ventral ganglion; Cook the whole animal;
    Varshney the somatic nervous system), ``unit`` (what a weight counts), ``source``,
    ``neurons``, ``chemical_connections``, ``chemical_weight``, ``electrical_pairs``,
    ``electrical_weight``, and for the cect-derived files the counts cect gave
    (``cect_*``, gap junctions listed from both sides) and ``cect_version``.

    Examples:
        >>> from neuroagents.datasets import individuals
        >>> t = individuals.animals().set_index("animal")
        >>> t.loc["witvliet8", ["stage", "age_hours", "neurons", "chemical_connections"]].to_dict()
        {'stage': 'adult', 'age_hours': 50.0, 'neurons': 180, 'chemical_connections': 1933}
        >>> t.loc[["witvliet1", "witvliet8"], "chemical_weight"].tolist()
        [1152, 7099]
    """
    out = []
    for animal in ANIMALS:
        meta, neurons, table = _load(animal)
        chem = table[table["kind"] == "chemical"]["synapses"]
        gap = table[table["kind"] == "electrical"]["synapses"]
        out.append({**meta, "neurons": len(neurons), "chemical_connections": len(chem),
                    "chemical_weight": int(chem.sum()), "electrical_pairs": len(gap),
                    "electrical_weight": int(gap.sum())})  # fmt: skip
    frame = pd.DataFrame(out)
    for col in CECT_COUNTS:
        frame[col] = frame[col].astype("Int64") if "total" not in col else frame[col]
    return frame


def synapses(animal: str | Sequence[str] | None = None) -> pd.DataFrame:
    """The tidy synapse table of one animal, several, or (``None``) all of them.

    One row per connection: ``animal``, ``stage``, ``pre``, ``post``, ``kind``
    (``chemical``: directed pre -> post; ``electrical``: one row per pair, ``pre`` <
    ``post``), ``synapses`` (the weight, > 0) and ``unit`` (``synapses``, or
    ``em_sections`` for Cook et al.).

    Args:
        animal: a name from :data:`ANIMALS`, a list of them, or ``None`` for all.

    Raises:
        ValidationError: an unknown animal.

    Examples:
        >>> from neuroagents.datasets import individuals
        >>> t = individuals.synapses("witvliet1")
        >>> t.groupby("kind")["synapses"].agg(["size", "sum"]).to_dict("index")
        {'chemical': {'size': 675, 'sum': 1152}, 'electrical': {'size': 83, 'sum': 104}}
        >>> list(t.columns)
        ['animal', 'stage', 'pre', 'post', 'kind', 'synapses', 'unit']
    """
    names = list(ANIMALS) if animal is None else [animal] if isinstance(animal, str) else animal
    if not isinstance(names, Sequence) or not names:
        raise ValidationError(
            "The 'animal' parameter of synapses must be an animal name, a non-empty list of "
            f"them or None. Got {animal!r} instead."
        )
    tables = [_load(_check_animal(a, "synapses"))[2] for a in names]
    return pd.concat(tables, ignore_index=True)


def animal_graphs(animal: str) -> tuple[nx.DiGraph, nx.Graph]:
    """One animal as networkx graphs: chemical (directed) and electrical (undirected).

    Both hold every neuron of the animal as a node, with ``neuron_type`` and
    ``neuron_class`` attributes; edge ``weight`` is the count (see ``unit``). Fresh
    graphs each call.

    Raises:
        ValidationError: an unknown animal.

    Examples:
        >>> from neuroagents.datasets import individuals
        >>> chem, gap = individuals.animal_graphs("cook2019_male")
        >>> chem.number_of_nodes(), chem.number_of_edges(), gap.number_of_edges()
        (380, 4048, 1303)
    """
    meta, neurons, table = _load(_check_animal(animal, "animal_graphs"))
    attrs = neurons.to_dict(orient="index")
    title = f"C. elegans {animal} ({meta['dataset']}, {meta['stage']})"
    chem = nx.DiGraph(name=f"{title} chemical synapses", animal=animal, unit=meta["unit"])
    gap = nx.Graph(name=f"{title} electrical synapses", animal=animal, unit=meta["unit"])
    for g, kind in ((chem, "chemical"), (gap, "electrical")):
        g.add_nodes_from((n, dict(a)) for n, a in attrs.items())
        rows = table[table["kind"] == kind]
        g.add_weighted_edges_from(
            zip(rows["pre"], rows["post"], rows["synapses"].astype(int).tolist(), strict=True)
        )
    return chem, gap


def animal_connectome(animal: str, kind: str = "chemical") -> Connectome:
    """One animal's chemical or electrical synapses as a validated Connectome.

    Electrical synapses of a neuron with itself are dropped (they couple nothing);
    ``neuron_type`` and ``neuron_class`` travel as node attributes. The same graphs
    open by name in configs and in the browser view: ``"witvliet8"``,
    ``"witvliet8:gap"``, ``"cook2019_male"`` … (see
    :func:`neuroagents.connectome.files.load_connectome`).

    Args:
        animal: a name from :data:`ANIMALS`.
        kind: ``"chemical"`` or ``"electrical"``.

    Raises:
        ValidationError: an unknown animal or kind.

    Examples:
        >>> from neuroagents.datasets import individuals
        >>> c = individuals.animal_connectome("witvliet8")
        >>> c.n_nodes, c.n_edges, c.directed
        (180, 1933, True)
    """
    from neuroagents.connectome import Connectome

    if kind not in KINDS:
        raise ValidationError(
            f"The 'kind' parameter of animal_connectome must be one of {list(KINDS)}. "
            f"Got {kind!r} instead."
        )
    chem, gap = animal_graphs(_check_animal(animal, "animal_connectome"))
    if kind == "chemical":
        return Connectome.from_networkx(chem)
    gap.remove_edges_from(list(nx.selfloop_edges(gap)))
    return Connectome.from_networkx(gap)
