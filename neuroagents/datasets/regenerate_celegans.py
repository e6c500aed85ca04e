"""Regenerate ``celegans_varshney2011.npz`` from its public source (needs ``cect``).

Run under a throwaway environment that has the C. elegans connectome toolbox::

    python3.12 -m venv /tmp/cect-venv && /tmp/cect-venv/bin/pip install cect
    /tmp/cect-venv/bin/python -m neuroagents.datasets.regenerate_celegans

(from the repo root, so that ``neuroagents`` is importable without installing it there;
``cect`` pins an older numpy and pulls ~1.2 GB, so it is never a dependency).

Source: the WormAtlas spreadsheet ``NeuronConnect.xls`` (Varshney, Chen, Paniagua, Hall
& Chklovskii 2011) as shipped inside ``cect`` (``cect/data/NeuronConnect.xls``), read
row by row: ``S``/``Sp`` rows are chemical synapses from neuron 1 to neuron 2 (the
``R``/``Rp`` rows repeat them from the receiving side and are skipped), ``EJ`` rows are
gap junctions (listed once from each side), ``NMJ`` rows are neuromuscular junctions.
Neuron names lose the leading zero of WormAtlas's ventral-cord numbers (VA08 -> VA8), as
``cect`` does; the sensory / inter / motor type comes from ``cect.Cells.get_SIM_class``.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "celegans_varshney2011.npz"
CORD_PREFIXES = ("VA", "VB", "VC", "VD", "DA", "DB", "DD", "AS")


def _name(cell: str) -> str:
    cell = cell.strip().upper()
    if cell[:2] in CORD_PREFIXES and cell[-2:].startswith("0"):
        return cell[:-2] + cell[-1]
    return cell


def _neuron_class(name: str, names: set[str]) -> str:
    """WormAtlas class: drop the number, then a side (L/R), then a D/V quadrant."""
    base = name.rstrip("0123456789") if name[:2] in CORD_PREFIXES else name
    if base[-1:] in "LR" and (base[:-1] + ("R" if base[-1] == "L" else "L")) in names:
        base = base[:-1]
    if base[-1:] in "DV" and len(base) > 3:
        base = base[:-1]
    return base


def main() -> int:
    """Read the spreadsheet through cect's copy and write the .npz; 0 on success."""
    try:
        import cect
        import xlrd
        from cect.Cells import get_SIM_class
    except ImportError:
        print(
            "regenerate_celegans needs the 'cect' package (and its xlrd): "
            "python3.12 -m venv /tmp/cect-venv && /tmp/cect-venv/bin/pip install cect, "
            "then run this module with /tmp/cect-venv/bin/python.",
            file=sys.stderr,
        )
        return 1
    source = Path(cect.__file__).parent / "data" / "NeuronConnect.xls"
    sheet = xlrd.open_workbook(str(source)).sheet_by_index(0)
    chem: dict[tuple[str, str], int] = defaultdict(int)
    gap: dict[tuple[str, str], int] = {}
    nmj: dict[str, int] = defaultdict(int)
    for r in range(1, sheet.nrows):
        a, b, kind = _name(sheet.cell(r, 0).value), sheet.cell(r, 1).value, sheet.cell(r, 2).value
        count = int(sheet.cell(r, 3).value)
        if kind in ("S", "Sp"):
            chem[(a, _name(b))] += count
        elif kind == "EJ":  # each junction is listed from both sides: keep one per pair
            gap[tuple(sorted((a, _name(b))))] = count  # type: ignore[index]
        elif kind == "NMJ":
            nmj[a] += count
    names = sorted({n for pair in [*chem, *gap] for n in pair})
    index = {n: i for i, n in enumerate(names)}
    name_set = set(names)
    chem_keys, gap_keys = sorted(chem), sorted(gap)
    np.savez_compressed(
        OUT,
        neuron=np.array(names),
        neuron_type=np.array([get_SIM_class(n).lower() for n in names]),
        neuron_class=np.array([_neuron_class(n, name_set) for n in names]),
        nmj=np.array([nmj.get(n, 0) for n in names], dtype=np.int32),
        chemical_pre=np.array([index[a] for a, _ in chem_keys], dtype=np.int32),
        chemical_post=np.array([index[b] for _, b in chem_keys], dtype=np.int32),
        chemical_count=np.array([chem[k] for k in chem_keys], dtype=np.int32),
        gap_a=np.array([index[a] for a, _ in gap_keys], dtype=np.int32),
        gap_b=np.array([index[b] for _, b in gap_keys], dtype=np.int32),
        gap_count=np.array([gap[k] for k in gap_keys], dtype=np.int32),
        source=np.array(f"cect {cect.__version__}: cect/data/NeuronConnect.xls (WormAtlas)"),
    )
    print(
        f"wrote {OUT}: {len(names)} neurons, {len(chem)} chemical connections "
        f"({sum(chem.values())} synapses), {len(gap)} gap-junction pairs "
        f"({sum(gap.values())} junctions), {sum(nmj.values())} NMJs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
