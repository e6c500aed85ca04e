"""``neuroagents connectome``: statistics of a connectome, and conversion between formats.

Commands:
    ``neuroagents connectome stats SPEC [--nulls N] [--seed S] [--out FILE] [--overwrite]``
        SPEC is ``celegans``, ``celegans:gap``, an individual worm (``witvliet8``,
        ``cook2019_male:gap`` ...) or a connectome file (GraphML, GEXF, edge-list CSV,
        .npz). Prints reciprocity, the triad census and the small-world
        statistics against Erdős–Rényi and degree-preserving nulls, and writes the table
        to parquet (default: ``<name>_stats.parquet`` in the current directory); an
        existing file there is replaced only if neuroagents wrote it (or ``--overwrite``).
    ``neuroagents connectome convert IN OUT [--overwrite]``
        Read IN (a name or a file) and write OUT in the format its suffix names; an
        existing OUT (or its ``.nodes.csv``) is refused unless ``--overwrite``. Every
        file is replaced atomically: whole or not at all.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from neuroagents.errors import ValidationError

__all__ = ["register"]


def _stats(args: argparse.Namespace) -> int:
    from neuroagents.analysis.connectome import connectome_statistics
    from neuroagents.connectome.files import load_connectome
    from neuroagents.io import write_parquet, written_by_neuroagents

    if args.nulls < 2:
        raise ValidationError(f"--nulls must be an integer >= 2. Got {args.nulls}.")
    connectome = load_connectome(args.spec)
    name = Path(str(args.spec)).stem.replace(":", "_")
    out = Path(args.out) if args.out else Path(f"{name}_stats.parquet")
    if out.exists() and not args.overwrite and not written_by_neuroagents(out):
        raise ValidationError(
            f"The file {str(out)!r} exists and neuroagents did not write it; choose another "
            "--out, or pass --overwrite to replace it."
        )
    print(
        f"neuroagents connectome stats: {args.spec} ({connectome.n_nodes} nodes, "
        f"{connectome.n_edges} synapses), {args.nulls} nulls of each kind, seed {args.seed}"
    )
    rng = np.random.default_rng(np.random.SeedSequence(args.seed))
    table = connectome_statistics(connectome, nulls=args.nulls, rng=rng, progress=True)
    with pd.option_context("display.width", 120, "display.max_rows", 100):
        shown = table.drop(columns=["p_greater", "p_less"])
        print(shown.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print(f"Wrote {write_parquet(table, out)}")
    return 0


def _convert(args: argparse.Namespace) -> int:
    from neuroagents.connectome.files import load_connectome, node_table_path, save_connectome

    target = Path(args.target)
    # A CSV's node table is read back with it, so an existing one is in the way too.
    targets = [target, node_table_path(target)] if target.suffix.lower() == ".csv" else [target]
    in_the_way = [p for p in targets if p.exists()]
    if in_the_way and not args.overwrite:
        raise ValidationError(
            f"The file {str(in_the_way[0])!r} exists; choose another target, or pass "
            "--overwrite to replace it."
        )
    connectome = load_connectome(args.source)
    written = save_connectome(connectome, target)
    print(f"Wrote {written} ({connectome.n_nodes} nodes, {connectome.n_edges} synapses)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``connectome stats`` and ``connectome convert`` to the ``neuroagents`` parser."""
    conn = subparsers.add_parser("connectome", help="connectome statistics and file conversion")
    sub = conn.add_subparsers(dest="connectome_command", required=True)
    stats = sub.add_parser("stats", help="reciprocity, triads, small world against nulls")
    stats.add_argument(
        "spec",
        help="celegans, celegans:gap, a worm (witvliet1..8, cook2019_herm, cook2019_male; "
        "':gap' for electrical), or a .graphml/.gexf/.csv/.npz file",
    )
    stats.add_argument("--nulls", type=int, default=100, help="nulls of each kind (default 100)")
    stats.add_argument("--seed", type=int, default=0, help="seed of the nulls (default 0)")
    stats.add_argument("--out", help="parquet file (default: <name>_stats.parquet)")
    stats.add_argument(
        "--overwrite",
        action="store_true",
        help="replace --out even if neuroagents did not write it",
    )
    stats.set_defaults(func=_stats)
    convert = sub.add_parser("convert", help="convert between connectome formats")
    convert.add_argument(
        "source", help="celegans, celegans:gap, a worm (witvliet8, cook2019_male:gap ...) or a file"
    )
    convert.add_argument("target", help="the file to write (.graphml, .gexf, .csv or .npz)")
    convert.add_argument("--overwrite", action="store_true", help="replace an existing target")
    convert.set_defaults(func=_convert)
