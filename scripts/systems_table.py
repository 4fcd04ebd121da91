#!/usr/bin/env python
"""The systems table of docs/results.md: toto13's size beside the best known covering.

For n <= 13 two-ways (q = 2) or three-ways (q = 3) and covering radius R = 1, 2, 3 (a guarantee of
n - R strikes), ``build_system(..., time_limit=0)`` (constructions and shipped codes, deterministic,
verified exhaustively) against the best known size of :mod:`toto13.systems.known` with its source.

Usage: ``python scripts/systems_table.py [--write] [--times]``: prints the table (``--times`` adds the
build time of each entry to stderr); ``--write`` replaces the table between the markers in
docs/results.md. ``tests/test_systems_table.py`` checks that the page holds exactly this output.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from toto13.systems import build_system
from toto13.systems.known import best_known

DOC = Path(__file__).resolve().parents[1] / "docs" / "results.md"
START = "<!-- systems-table start: scripts/systems_table.py -->"
END = "<!-- systems-table end -->"
LENGTHS = range(1, 14)
RADII = (1, 2, 3)


def sizes(times: bool = False) -> dict[tuple[int, int, int], tuple[int, str]]:
    """``(q, n, R) -> (size, method)`` for every entry of the table."""
    out = {}
    for q, group in ((2, "10"), (3, "102")):
        for n in LENGTHS:
            for r in RADII:
                t = time.perf_counter()
                s = build_system(" ".join([group] * n), max(n - r, 0), matches=n, time_limit=0)
                if times:
                    took = time.perf_counter() - t
                    print(f"q={q} n={n:2d} R={r}: {s.size:6d} in {took:.2f} s ({s.method})", file=sys.stderr)
                out[q, n, r] = (s.size, s.method)
    return out


def _cell(size: int, q: int, n: int, r: int) -> str:
    known = best_known(n if q == 2 else 0, n if q == 3 else 0, r)
    if known is None:
        return f"{size:,} | –"
    bound = f"{'' if known.exact else '≤ '}{known.size:,}"
    if size <= known.size:
        return f"{size:,} | {bound}"
    return f"**{size:,}** (+{100 * (size - known.size) / known.size:.0f} %) | {bound}"


def render(table: dict[tuple[int, int, int], tuple[int, str]]) -> str:
    """The markdown table and its footnotes (sources) for ``table`` from :func:`sizes`."""
    lines = ["| n | q | R = 1: toto13 | best known | R = 2: toto13 | best known | R = 3: toto13 "
             "| best known |",
             "|---:|---:|---:|---|---:|---|---:|---|"]
    sources: dict[str, list[str]] = {}
    for q in (2, 3):
        for n in LENGTHS:
            cells = [_cell(table[q, n, r][0], q, n, r) for r in RADII]
            lines.append(f"| {n} | {q} | " + " | ".join(cells) + " |")
            for r in RADII:
                known = best_known(n if q == 2 else 0, n if q == 3 else 0, r)
                if known is not None and r < n:
                    sources.setdefault(known.source, []).append(f"K{'' if q == 2 else '3'}({n},{r})")
    lines.append("")
    lines.append("Sources of the best known sizes:")
    lines.append("")
    for source, entries in sources.items():
        lines.append(f"- {source}: {', '.join(entries)}.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="replace the table in docs/results.md")
    ap.add_argument("--times", action="store_true", help="print each build time to stderr")
    args = ap.parse_args(argv)
    text = render(sizes(args.times))
    if not args.write:
        print(text, end="")
        return 0
    page = DOC.read_text(encoding="utf-8")
    head, rest = page.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(head + START + "\n" + text + END + tail, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
