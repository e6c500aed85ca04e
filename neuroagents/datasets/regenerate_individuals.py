"""Regenerate the ten individual-worm files from their public source (needs ``cect``).

Writes ``celegans_witvliet2021_<1..8>.npz`` (Witvliet et al. 2021: eight isogenic
hermaphrodite brains from birth to adulthood) and ``celegans_cook2019_<sex>.npz`` (Cook et
al. 2019: the whole hermaphrodite and male), next to this module. Run under a throwaway
environment that has the C. elegans connectome toolbox at the pinned version::

    uv venv /tmp/cect-venv --python 3.12
    uv pip install --python /tmp/cect-venv/bin/python cect==0.3.5
    /tmp/cect-venv/bin/python -m neuroagents.datasets.regenerate_individuals

(from the repo root, so that ``neuroagents`` is importable without installing it there;
``cect`` pins an older numpy and pulls ~1.2 GB, so it is never a dependency).

What is read: ``cect.readers.WitvlietDataReader1`` … ``8``, ``Cook2019HermReader`` and
``Cook2019MaleReader``, each ``get_instance().read_data()`` -> (cells, connections),
neurons only (cect drops muscles and other cells). A connection has ``pre_cell``,
``post_cell``, ``synclass`` (``Generic_CS`` chemical, ``Generic_GJ`` electrical) and
``number``. cect lists every gap junction from both sides with the same number; the
files keep one row per unordered pair (a neuron with itself kept once, as published).
Names are cect's preferred names, the ones the Varshney file uses (VA08 -> VA8), so a
neuron has the same name in every file.

Each file also stores the counts computed here straight from cect's lists
(``cect_cells``, ``cect_chemical_rows``, ``cect_chemical_total``,
``cect_electrical_rows``, ``cect_electrical_total``, gap junctions counted from both
sides as cect lists them) and the cect version: ``tests/test_datasets_individuals.py``
checks the loaders against those numbers.
"""

from __future__ import annotations

import importlib
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from neuroagents.datasets.regenerate_celegans import _neuron_class

HERE = Path(__file__).resolve().parent
CECT_VERSION = "0.3.5"
WITVLIET_CITATION = (
    "Witvliet D, Mulcahy B, Mitchell JK, Meirovitch Y, Berger DR, Wu Y, Liu Y, Koh WX, "
    "Parvathala R, Holmyard D, Schalek RL, Shavit N, Chisholm AD, Lichtman JW, Samuel ADT, "
    "Zhen M (2021). Connectomes across development reveal principles of brain maturation. "
    "Nature 596: 257-261. doi:10.1038/s41586-021-03778-8"
)
COOK_CITATION = (
    "Cook SJ, Jarrell TA, Brittin CA, Wang Y, Bloniarz AE, Yakovlev MA, Nguyen KCQ, Tang LTH, "
    "Bayer EA, Duerr JS, Buelow HE, Hobert O, Hall DH, Emmons SW (2019). Whole-animal "
    "connectomes of both Caenorhabditis elegans sexes. Nature 571: 63-71. "
    "doi:10.1038/s41586-019-1352-7"
)
# Stage and hours after hatching of Witvliet's datasets (their code, src/data/dataset_info.py
# in github.com/dwitvliet/nature2021); cect's reader names give the stage only.
WITVLIET_AGES = {1: ("L1", 0), 2: ("L1", 5), 3: ("L1", 8), 4: ("L1", 16), 5: ("L2", 23),
                 6: ("L3", 27), 7: ("adult", 50), 8: ("adult", 50)}  # fmt: skip
WITVLIET_UNIT = "synapses"  # agreed presynaptic active zones between the two cells
COOK_UNIT = "em_sections"  # serial EM sections of contact: number and size of synapses


def animals() -> list[dict[str, object]]:
    """The ten animals: reader, output file and the metadata written with it."""
    out: list[dict[str, object]] = []
    for k, (stage, hours) in WITVLIET_AGES.items():
        out.append({"animal": f"witvliet{k}", "reader": f"WitvlietDataReader{k}",
                    "file": f"celegans_witvliet2021_{k}.npz", "dataset": "Witvliet et al. 2021",
                    "stage": stage, "age_hours": float(hours), "sex": "hermaphrodite",
                    "region": "brain (nerve ring and ventral ganglion)",
                    "unit": WITVLIET_UNIT, "citation": WITVLIET_CITATION})  # fmt: skip
    for sex, reader in (("hermaphrodite", "Cook2019HermReader"), ("male", "Cook2019MaleReader")):
        out.append({"animal": f"cook2019_{sex[:4]}", "reader": reader,
                    "file": f"celegans_cook2019_{sex}.npz", "dataset": "Cook et al. 2019",
                    "stage": "adult", "age_hours": float("nan"), "sex": sex,
                    "region": "whole animal", "unit": COOK_UNIT,
                    "citation": COOK_CITATION})  # fmt: skip
    return out


def _write(meta: dict[str, object], cells: list[str], connections: list, version: str) -> str:
    """One animal's file; returns the line printed for it."""
    from cect.Cells import get_SIM_class

    chem: dict[tuple[str, str], int] = defaultdict(int)
    gap: dict[tuple[str, str], int] = {}
    totals = {"Generic_CS": [0, 0.0], "Generic_GJ": [0, 0.0]}
    for c in connections:
        if float(c.number) != int(c.number):
            raise ValueError(f"{meta['reader']}: a non-integer count {c.number} ({c})")
        totals[c.synclass][0] += 1
        totals[c.synclass][1] += float(c.number)
        if c.synclass == "Generic_CS":
            chem[(c.pre_cell, c.post_cell)] += int(c.number)
        else:  # both sides are listed with the same number: keep one per pair
            pair = tuple(sorted((c.pre_cell, c.post_cell)))
            if gap.setdefault(pair, int(c.number)) != int(c.number):  # type: ignore[arg-type]
                raise ValueError(f"{meta['reader']}: asymmetric gap junction {pair}")
    names = sorted(set(cells) | {n for pair in [*chem, *gap] for n in pair})
    index = {n: i for i, n in enumerate(names)}
    chem_keys, gap_keys = sorted(chem), sorted(gap)
    name_set = set(names)
    np.savez_compressed(
        HERE / str(meta["file"]),
        neuron=np.array(names),
        neuron_type=np.array([get_SIM_class(n).lower() for n in names]),
        neuron_class=np.array([_neuron_class(n, name_set) for n in names]),
        chemical_pre=np.array([index[a] for a, _ in chem_keys], dtype=np.int32),
        chemical_post=np.array([index[b] for _, b in chem_keys], dtype=np.int32),
        chemical_count=np.array([chem[k] for k in chem_keys], dtype=np.int32),
        gap_a=np.array([index[a] for a, _ in gap_keys], dtype=np.int32),
        gap_b=np.array([index[b] for _, b in gap_keys], dtype=np.int32),
        gap_count=np.array([gap[k] for k in gap_keys], dtype=np.int32),
        source=np.array(f"cect {version}: cect.readers.{meta['reader']}"),
        cect_version=np.array(version),
        cect_cells=np.array(len(cells)),
        cect_chemical_rows=np.array(totals["Generic_CS"][0]),
        cect_chemical_total=np.array(totals["Generic_CS"][1]),
        cect_electrical_rows=np.array(totals["Generic_GJ"][0]),
        cect_electrical_total=np.array(totals["Generic_GJ"][1]),
        **{k: np.array(v) for k, v in meta.items() if k not in ("file", "reader")},
    )
    return (
        f"| {meta['animal']} | {meta['stage']} | {meta['sex']} | {len(names)} | "
        f"{len(chem)} | {sum(chem.values())} | {len(gap)} | {sum(gap.values())} | "
        f"{meta['unit']} |"
    )


def main() -> int:
    """Read the ten animals through cect and write their .npz files; 0 on success."""
    try:
        import cect
    except ImportError:
        print(
            "regenerate_individuals needs the 'cect' package: uv venv /tmp/cect-venv "
            f"--python 3.12 && uv pip install --python /tmp/cect-venv/bin/python "
            f"cect=={CECT_VERSION}, then run this module with /tmp/cect-venv/bin/python.",
            file=sys.stderr,
        )
        return 1
    if cect.__version__ != CECT_VERSION:
        print(
            f"regenerate_individuals is pinned to cect {CECT_VERSION} (the counts in the "
            f"tests and the README come from it). Got cect {cect.__version__}.",
            file=sys.stderr,
        )
        return 1
    print("| animal | stage | sex | neurons | chemical connections | chemical weight | "
          "electrical pairs | electrical weight | unit |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for meta in animals():
        reader = importlib.import_module(f"cect.readers.{meta['reader']}")
        cells, connections = reader.get_instance(from_cache=False).read_data()
        print(_write(meta, list(cells), connections, cect.__version__))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
