"""Fill the numbers quoted in the README and docs pages from the files that hold them.

A number a run or a benchmark produced is written in a page as::

    <!--= benchmarks/results/rbm.json | f["speedup"] | .1f -->2.1<!--/=-->

that is: the JSON file (relative to the repository root), a Python expression over it
(``d`` is the whole file, ``f`` its ``"figures"``, ``s`` its ``"summary"``; for a run
summary in ``docs/results/``, ``v`` maps each headline number's name to its value, ``se``
to its standard error, ``n`` to its sample size and ``ci`` to its 95% interval), and a
format spec; the text between the markers is the value, formatted. The comment is invisible on
a rendered page. ``--write`` refreshes every value; ``tests/test_docs_numbers.py`` fails
when a page quotes a value its file no longer gives, so a number cannot go stale
silently.

Run:
    python docs/render_numbers.py           # list the pages whose numbers are out of date
    python docs/render_numbers.py --write   # and rewrite them
"""

from __future__ import annotations

import argparse
import json
import math
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("README.md", "docs/*.md", "benchmarks/README.md")
MARKED = re.compile(
    r"<!--= (?P<file>[^|]+?) \| (?P<expr>.+?) \| (?P<fmt>[^|]*?) -->(?P<value>.*?)<!--/=-->"
)
_SAFE = {"abs": abs, "min": min, "max": max, "round": round, "len": len, "sum": sum,
         "sqrt": math.sqrt}  # fmt: skip


def value(file: str, expr: str, fmt: str, root: Path = ROOT) -> str:
    """The formatted value of ``expr`` over the JSON ``file``."""
    data = json.loads((root / file.strip()).read_text())
    numbers = data.get("numbers", {}) if isinstance(data.get("numbers"), dict) else {}
    names = {
        "d": data,
        "f": data.get("figures", {}),
        "s": data.get("summary", {}),
        "v": {k: x["value"] for k, x in numbers.items()},
        "se": {k: x["se"] for k, x in numbers.items()},
        "n": {k: x["n"] for k, x in numbers.items()},
        "ci": {k: x.get("ci95") for k, x in numbers.items()},
        **_SAFE,
    }
    # names as globals, so that comprehensions in an expression see them too
    result = eval(expr, {"__builtins__": {}, **names})  # the pages are ours, not user input
    return format(result, fmt.strip())


def render(text: str, root: Path = ROOT) -> str:
    """``text`` with every marked value recomputed from its file."""

    def fill(match: re.Match[str]) -> str:
        new = value(match["file"], match["expr"], match["fmt"], root)
        head = match.group(0)[: match.start("value") - match.start()]
        return f"{head}{new}<!--/=-->"

    return MARKED.sub(fill, text)


def pages(root: Path = ROOT) -> list[Path]:
    """The pages that may quote numbers."""
    return sorted({p for pattern in PAGES for p in root.glob(pattern)})


def main(argv: list[str] | None = None) -> int:
    """List (and with ``--write`` rewrite) the pages whose numbers are out of date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the stale pages")
    args = parser.parse_args(argv)
    stale = [p for p in pages() if render(p.read_text()) != p.read_text()]
    for page in stale:
        print(f"{page.relative_to(ROOT)}: numbers out of date")
        if args.write:
            page.write_text(render(page.read_text()))
    return 1 if stale and not args.write else 0


if __name__ == "__main__":
    raise SystemExit(main())
