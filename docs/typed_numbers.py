"""Find the numbers typed by hand on the README and the docs pages.

A number a run produced is rendered into a page from its result file
(``<!--= file | expr | fmt -->value<!--/=-->``, see ``docs/render_numbers.py``). Every
other decimal number or percentage in a page's prose and tables must be listed in
``docs/typed_numbers.toml`` with a reason: a parameter, a theory value, a citation, a
benchmark figure rendered elsewhere, or an example's output (and which one).
``tests/test_docs_typed_numbers.py`` fails when a page types a number more often than the
list allows, so a new hand-typed result cannot slip in.

Pieces:
    prose: a page's text without code blocks, inline code, comments, link targets and
        rendered values.
    typed_numbers: the decimal numbers and percentages left in it, with their lines.
    allowed: the allow-list, per page: each number's allowed count and reason.
    excess: the typed numbers a page has beyond its allowance.

Run:
    python docs/typed_numbers.py                # list the numbers that are not allowed
    python docs/typed_numbers.py --drop-unused  # and lower the allowances a page no
                                                # longer uses
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("README.md", "docs/*.md")
ALLOW_LIST = "docs/typed_numbers.toml"
REASONS = ("parameter", "theory", "citation", "benchmark", "example")
"""A reason starts with one of these words."""

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_MARKED = re.compile(r"<!--=.*?<!--/=-->", re.S)
# The README's benchmark table is rendered whole by benchmarks/readme_table.py (and
# tests/test_readme.py checks it against the results files).
_RENDERED_TABLE = re.compile(r"<!-- benchmark-table:begin -->.*?<!-- benchmark-table:end -->", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE = re.compile(r"`[^`\n]*`")
_LINK_TARGET = re.compile(r"(?<=\])\([^)\s]*\)")
_NUMBER = re.compile(r"(?<![\w.·])(\d+\.\d+(?:\s?%)?|\d+\s?%)(?![\w.]\d)")


def prose(text: str) -> str:
    """``text`` without what may hold numbers no one typed as a result.

    Code blocks and inline code (commands, examples), rendered values and tables, comments,
    link targets are blanked; newlines are kept so line numbers still match the page.

    Examples:
        >>> prose("a `x = 0.5` b <!--= f.json | v | .1f -->0.3<!--/=--> [c](d/1.2.md)")
        'a  b  [c]'
    """

    def blank(match: re.Match[str]) -> str:
        return "\n" * match.group(0).count("\n")

    for pattern in (_FENCE, _RENDERED_TABLE, _MARKED, _COMMENT, _CODE, _LINK_TARGET):
        text = pattern.sub(blank, text)
    return text


def typed_numbers(text: str) -> list[tuple[str, int]]:
    """The decimal numbers and percentages typed in a page's prose, with their lines.

    A percentage is written without its space (``12.5 %`` and ``12.5%`` are one entry).

    Examples:
        >>> typed_numbers("valid tours 12.5% ± 1.7 %, n = 400" + chr(10) + "alpha 0.138, v1.2.3")
        [('12.5%', 1), ('1.7%', 1), ('0.138', 2)]
    """
    out = []
    for number, line in _numbers_by_line(prose(text)):
        out.append((number.replace(" ", ""), line))
    return out


def _numbers_by_line(text: str) -> list[tuple[str, int]]:
    return [
        (m.group(1), k)
        for k, line in enumerate(text.splitlines(), start=1)
        for m in _NUMBER.finditer(line)
    ]


def pages(root: Path = ROOT) -> list[Path]:
    """The pages scanned."""
    return sorted({p for pattern in PAGES for p in root.glob(pattern)})


def allowed(root: Path = ROOT) -> dict[str, dict[str, tuple[int, str]]]:
    """The allow-list: page -> number -> (how many times, why).

    Raises:
        ValueError: an entry without a count or a reason starting with one of
            :data:`REASONS`.
    """
    data = tomllib.loads((root / ALLOW_LIST).read_text())
    out: dict[str, dict[str, tuple[int, str]]] = {}
    for page, entries in data.items():
        out[page] = {}
        for number, entry in entries.items():
            count, reason = entry.get("count"), str(entry.get("reason", ""))
            if not isinstance(count, int) or count < 1 or reason.split(":")[0] not in REASONS:
                raise ValueError(
                    f"{ALLOW_LIST}: [{page!r}] {number!r} needs a count >= 1 and a reason "
                    f"starting with one of {', '.join(REASONS)}. Got {entry!r}."
                )
            out[page][number] = (count, reason)
    return out


def excess(page: str, text: str, allowance: dict[str, tuple[int, str]]) -> dict[str, list[int]]:
    """Typed numbers beyond the allowance: number -> the lines it is typed on.

    Examples:
        >>> excess("p.md", "a 0.5 and 0.5, 14.2%", {"0.5": (2, "parameter")})
        {'14.2%': [1]}
    """
    lines: dict[str, list[int]] = {}
    for number, line in typed_numbers(text):
        lines.setdefault(number, []).append(line)
    counts = Counter({k: len(v) for k, v in lines.items()})
    return {
        number: lines[number]
        for number, count in counts.items()
        if count > allowance.get(number, (0, ""))[0]
    }


def main(argv: list[str] | None = None) -> int:
    """List the numbers no reason allows (and with ``--drop-unused`` lower unused allowances).

    A number a page types beyond its allowance needs a decision (render it, or allow it
    with its reason by hand): this never allows anything by itself.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--drop-unused", action="store_true", help="lower the allowances pages no longer use"
    )
    args = parser.parse_args(argv)
    allow = allowed()
    found = 0
    for path in pages():
        page = str(path.relative_to(ROOT))
        text = path.read_text()
        over = excess(page, text, allow.get(page, {}))
        for number, lines in sorted(over.items()):
            found += 1
            print(f"{page}: {number} typed {len(lines)}x (lines {lines[:8]}), allowed "
                  f"{allow.get(page, {}).get(number, (0, ''))[0]}")  # fmt: skip
        if args.drop_unused:
            counts = Counter(number for number, _ in typed_numbers(text))
            allow[page] = {
                number: (min(count, counts[number]), reason)
                for number, (count, reason) in allow.get(page, {}).items()
                if counts[number]
            }
    if args.drop_unused:
        (ROOT / ALLOW_LIST).write_text(_to_toml(allow))
    return 1 if found else 0


def _to_toml(allow: dict[str, dict[str, tuple[int, str]]]) -> str:
    head = [
        "# Numbers typed by hand on the README and docs pages, allowed with a reason.",
        "# Checked by tests/test_docs_typed_numbers.py; see docs/typed_numbers.py.",
        "# reason: parameter | theory | citation | benchmark | example, then which one.",
        "# A number a run produced is never allowed here: it is rendered from its summary.",
    ]
    body = []
    for page in sorted(allow):
        body.append(f'\n["{page}"]')
        for number, (count, reason) in sorted(allow[page].items(), key=lambda kv: _order(kv[0])):
            body.append(f'"{number}" = {{ count = {count}, reason = "{reason}" }}')
    return "\n".join(head + body) + "\n"


def _order(number: str) -> tuple[float, str]:
    return float(number.rstrip("%")), number


if __name__ == "__main__":
    sys.exit(main())
