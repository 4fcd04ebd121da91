"""Regenerate the covering codes shipped in toto13/data/systems/ (seeded searches, a few minutes).

Each file holds the words of a covering of ``q^n`` (``q`` = 2 two-ways, 3 three-ways) with covering
radius ``R``, one word a row (column ``word``, symbols 0..q-1). The library checks every file
exhaustively when it loads it. An existing file is kept unless the new code is smaller (or
``--replace``). Usage: ``python scripts/make_systems_data.py [--quick] [--replace] [NAME ...]``.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from toto13.systems import greedy_covering, matrix_method, tabu_covering, two_coset_code
from toto13.systems.symmetric import recipe_covering
from toto13.systems.verify import covering_radius

OUT = Path(__file__).resolve().parents[1] / "toto13" / "data" / "systems"

# name -> (q, n, R, list of (method, kwargs)); the smallest verified result is kept
TASKS = {
    # unions of orbits of a group (toto13.systems.symmetric.RECIPES), both at the best known size: 704
    # words (the matrix method with 7 or 8 parity checks stops at 768) and 1,215 (two cosets: 1,458)
    "binary-13-1": (2, 13, 1, [("recipe", dict(time_limit=120))]),
    "binary-13-2": (2, 13, 2, [("matrix", dict(redundancy=8, time_limit=30, per_matrix=0.5))]),
    "binary-13-3": (2, 13, 3, [("matrix", dict(redundancy=11, time_limit=40, per_matrix=1.0)),
                               ("matrix", dict(redundancy=12, time_limit=300, per_matrix=3.0))]),
    "ternary-13-3": (3, 13, 3, [("recipe", dict(time_limit=120))]),
    "ternary-10-3": (3, 10, 3, [("two_coset", dict(redundancy=5, time_limit=30)),
                                ("two_coset", dict(redundancy=6, time_limit=30))]),
    "ternary-10-2": (3, 10, 2, [("two_coset", dict(redundancy=6, time_limit=30)),
                                ("two_coset", dict(redundancy=7, time_limit=30))]),
    "ternary-12-2": (3, 12, 2, [("two_coset", dict(redundancy=7, time_limit=60))]),
    # plain greedy where it beats every construction but takes longer than a build should (deterministic;
    # 11 three-ways at radius 1 no longer: 486 x 27 = 13,122 beats greedy's 13,927)
    "ternary-12-1": (3, 12, 1, [("greedy", dict(time_limit=0))]),
    "ternary-9-3": (3, 9, 3, [("greedy", dict(time_limit=0))]),
}
# small spaces where tabu search reaches the best known size (exact values of Cohen et al., Table 6.1 and
# OEIS A000983 / A060439) within seconds: (q, n, R) -> target
SMALL = {(2, 5, 1): 7, (2, 6, 1): 12, (2, 9, 1): 62, (2, 10, 1): 120, (2, 7, 2): 7, (2, 8, 2): 12,
         (2, 9, 3): 7, (2, 10, 3): 12, (3, 5, 2): 8, (3, 6, 1): 73}
# spaces without a tabulated value where 30 s of tabu search from the greedy covering improves it
SMALL.update({(2, 11, 1): 1, (2, 12, 1): 1, (2, 11, 2): 1, (2, 12, 2): 1, (3, 6, 2): 1, (3, 6, 3): 1,
              (3, 7, 1): 186, (3, 7, 2): 1, (3, 7, 3): 1, (3, 8, 1): 486, (3, 8, 3): 1})
for (_q, _n, _r), _k in SMALL.items():
    TASKS[f"{'binary' if _q == 2 else 'ternary'}-{_n}-{_r}"] = (
        _q, _n, _r, [("tabu", dict(time_limit=30, target=_k))])
# K3(8,1) <= 486, the best known size: six cosets of a ternary [8,4] code (tabu search stops at 640)
TASKS["ternary-8-1"] = (3, 8, 1, [("recipe", dict(time_limit=120))])
# K3(7,1): 189 words, 3 above the best known 186 (tabu search stops at 224)
TASKS["ternary-7-1"] = (3, 7, 1, [("recipe", dict(time_limit=120))])


def run(name: str, quick: bool, seed: int, replace: bool = False) -> None:
    q, n, radius, methods = TASKS[name]
    best = None
    for method, kw in methods:
        kw = dict(kw)
        if quick:
            kw["time_limit"] = min(kw["time_limit"], 10)
        t0 = time.perf_counter()
        if method == "matrix":
            code = matrix_method(q, n, radius, rng=seed, **kw)
        elif method == "two_coset":
            code = two_coset_code(q, n, radius, rng=seed, **kw)
        elif method == "recipe":
            cover = recipe_covering(name, time_limit=kw["time_limit"])
            code = None if cover is None else cover.words
        elif method == "greedy":
            code = greedy_covering([q] * n, radius)
        else:
            code = tabu_covering([q] * n, radius, rng=seed, **kw)
        took = time.perf_counter() - t0
        if code is None:
            print(f"{name}: {method} {kw}: nothing found ({took:.0f} s)", flush=True)
            continue
        ok = covering_radius(code, (q,) * n) <= radius
        print(f"{name}: {method} {kw}: {len(code)} words, radius ok: {ok} ({took:.0f} s)", flush=True)
        if ok and (best is None or len(code) < len(best)):
            best = code
    if best is None:
        print(f"{name}: keeping the old file (if any)")
        return
    path = OUT / f"{name}.csv"
    if path.exists() and not replace:
        old = len(path.read_text(encoding="utf-8").split()) - 1
        if old <= len(best):
            print(f"{name}: keeping {path} ({old} words <= {len(best)}; --replace to overwrite)")
            return
    OUT.mkdir(parents=True, exist_ok=True)
    rows = ["".join(str(int(v)) for v in w) for w in np.unique(best, axis=0)]
    path.write_text("word\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(rows)} words)", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help=f"subset of {sorted(TASKS)}")
    ap.add_argument("--quick", action="store_true", help="at most 10 s per method")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--replace", action="store_true", help="overwrite a file even with a larger code")
    args = ap.parse_args(argv)
    for name in args.names or list(TASKS):
        if name not in TASKS:
            print(f"unknown name {name!r}", file=sys.stderr)
            return 2
        run(name, args.quick, args.seed, args.replace)
    return 0


if __name__ == "__main__":
    sys.exit(main())
