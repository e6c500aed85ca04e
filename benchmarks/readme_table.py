"""Render the README's benchmark table from ``benchmarks/results/*.json``.

Every benchmark writes its figures and its rows of the README table to
``benchmarks/results/<name>.json`` (full-size runs only). This script puts those rows,
in a fixed order, between the README's ``benchmark-table`` markers, so the README never
quotes a number that no file holds; ``tests/test_readme.py`` checks that the README
matches what this renders. Each results file records the commit it was measured at and
a fingerprint of the source files it times; a row whose code has changed since is marked
(⚠) and named under the table, so an old number never passes for a current one.

Run:
    python benchmarks/readme_table.py           # print the table
    python benchmarks/readme_table.py --write   # and write it into README.md
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from neuroagents.io import atomic_path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "README.md"
BEGIN, END = "<!-- benchmark-table:begin -->", "<!-- benchmark-table:end -->"
# The order of the table; a results file not listed here goes last, by name.
ORDER = [
    "hopfield_async", "sync_sparse", "rate_sync", "lyapunov", "ei_events", "scale", "scale_files",
    "evolution", "rbm", "hopfield_tank", "memory", "sweep_scaling", "sweep_memory",
    "tangling",
]  # fmt: skip
HEADER = ["benchmark", "project", "baseline", "ratio (target)"]


def stale_files(data: dict, root: Path = ROOT) -> list[str]:
    """The timed source files that changed (or vanished) since the results were measured.

    A results file that recorded no fingerprints counts as stale as a whole (``["?"]``).
    """
    code = data.get("code")
    if not code:
        return ["?"]
    changed = []
    for path, recorded in code.items():
        file = root / path
        now = hashlib.sha256(file.read_bytes()).hexdigest()[:16] if file.exists() else None
        if now != recorded:
            changed.append(path)
    return changed


def render(results: Path = RESULTS, root: Path = ROOT) -> str:
    """The markdown table of every results file's README rows, stale rows marked."""
    files = {p.stem: p for p in results.glob("*.json")}
    names = [n for n in ORDER if n in files] + sorted(set(files) - set(ORDER))
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    notes = []
    for name in names:
        data = json.loads(files[name].read_text())
        changed = stale_files(data, root)
        for row in data.get("readme_rows", []):
            if len(row) != len(HEADER):
                raise ValueError(f"{files[name]}: a README row needs {len(HEADER)} cells: {row}")
            cells = [row[0] + (" ⚠" if changed else ""), *row[1:]]
            lines.append("| " + " | ".join(cells) + " |")
        if changed and data.get("readme_rows"):
            what = (
                "its code was not recorded"
                if changed == ["?"]
                else "since then " + ", ".join(f"`{p}`" for p in changed) + " changed"
            )
            commit = str(data.get("commit", "unknown"))[:7]
            notes.append(
                f"- ⚠ `{name}`: measured at commit {commit} on {data.get('measured', '?')}; "
                f"{what}. Rerun `python benchmarks/{name}.py` to measure the current code."
            )
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def replace_block(text: str, table: str) -> str:
    """``text`` with the block between the markers replaced by ``table``."""
    start, stop = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + "\n" + table + "\n" + text[stop:]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the table into README.md")
    args = parser.parse_args(argv)
    table = render()
    print(table)
    if args.write:
        text = replace_block(README.read_text(), table)
        with atomic_path(README) as tmp:  # never a half-written README
            tmp.write_text(text)
        print(f"\nWrote the table into {README}")


if __name__ == "__main__":
    main()
