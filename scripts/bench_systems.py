#!/usr/bin/env python
"""Benchmark reduced systems: size and time for each target beside the plain greedy covering, the
tabu search with and without numba, and the probability-aware reduction against top-probability tips.

Usage: ``python scripts/bench_systems.py [--time 20] [--skip-python]``

Measures, in one run:

* for 13 two-ways and 13 three-ways at guarantees 12/11/10 and a few mixed specs with bankers:
  ``build_system(time_limit=0)`` (constructions and the shipped searched codes, verified exhaustively),
  its time, and the best known size (``toto13.systems.known``);
* the greedy baseline on the same space, measured here (lowest-index ties; not run on the 3^13 space
  where its ball table would need 4·10^9 entries);
* tabu search from the greedy covering for ``--time`` seconds on the two-way spaces (what the search
  alone reaches, without shipped data);
* the tabu kernel compiled by numba against the same code run as plain Python (a subprocess with
  ``TOTO13_NO_NUMBA=1``), 3,000 steps on 13 two-ways radius 2 from the greedy covering;
* the matrix-method searches of ``scripts/make_systems_data.py`` are not repeated (minutes); their
  output ships in ``toto13/data/systems``.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

THREE = " ".join(["102"] * 13)
TWO = " ".join(["10"] * 13)
MIXED = [
    ("1 2 0 " + " ".join(["102"] * 10), 10, None),
    ("1 1 0 2 1 0 " + " ".join(["102"] * 7), 11, None),
    ("1 1 1 " + " ".join(["10"] * 10), 10, 12),   # K(10,3) = 12 (Cohen et al., Table 6.1)
    ("1 1 " + " ".join(["10"] * 5) + " " + " ".join(["102"] * 6), 10, None),
]
KNOWN = {(TWO, 12): 704, (TWO, 11): 128, (TWO, 10): 42, (THREE, 12): 59049, (THREE, 11): 6561,
         (THREE, 10): 1215}

KERNEL = r"""
import json, time, numpy as np
from toto13.hamming import NUMBA, ball_table, index_of
from toto13.systems import greedy_covering
from toto13.systems.tabu import search_graph
sizes = [2] * 13
balls = ball_table(sizes, 2)
nbrs = ball_table(sizes, 1)[:, 1:]
init = index_of(greedy_covering(sizes, 2), sizes)
gen = np.random.default_rng(1)
search_graph(balls, nbrs, init, time_limit=60, max_iters=50, tabu_length=11, k_min=1, gen=gen, chunk=50)
t = time.perf_counter()
out = search_graph(balls, nbrs, init, time_limit=600, max_iters=3000, tabu_length=11, k_min=1,
              gen=np.random.default_rng(1), chunk=3000)
print(json.dumps({"numba": NUMBA, "seconds": time.perf_counter() - t, "size": int(len(out))}))
"""


def kernel(no_numba: bool) -> dict:
    env = dict(os.environ)
    if no_numba:
        env["TOTO13_NO_NUMBA"] = "1"
    res = subprocess.run([sys.executable, "-c", KERNEL], env=env, capture_output=True, text=True,
                         check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--time", type=float, default=20.0, help="seconds of tabu search per two-way target")
    ap.add_argument("--skip-python", action="store_true", help="skip the plain-Python kernel run")
    args = ap.parse_args()

    from toto13.systems import ball_size, build_system, greedy_covering, parse_spec, tabu_covering

    print(f"{'spec':<44} {'g':>2} {'built':>7} {'s':>6} {'greedy':>7} {'s':>6} {'tabu':>6} "
          f"{'known':>6} {'sphere':>6}  method")
    rows = []
    for spec, g, known in [(TWO, 12, None), (TWO, 11, None), (TWO, 10, None), (THREE, 12, None),
                           (THREE, 11, None), (THREE, 10, None)] + MIXED:
        known = known or KNOWN.get((spec, g))
        t0 = time.perf_counter()
        s = build_system(spec, g, time_limit=0)
        tb = time.perf_counter() - t0
        sp = parse_spec(spec)
        sizes = sorted(sp.sizes[i] for i in sp.free)
        radius = 13 - g
        n_space = int(np.prod(sizes))
        greedy_n, tg, tabu_n = None, None, None
        if spec not in (TWO, THREE):   # what the default --time 5 adds on the mixed specs
            t0 = time.perf_counter()
            s5 = build_system(spec, g, time_limit=5, rng=1)
            print(f"  (with time_limit=5: {s5.size:,} tips in {time.perf_counter() - t0:.1f} s, "
                  f"{s5.method})")
        if n_space * ball_size(sizes, radius) <= 20_000_000:
            t0 = time.perf_counter()
            gr = greedy_covering(sizes, radius)
            tg = time.perf_counter() - t0
            greedy_n = len(gr)
            if spec == TWO:
                tabu_n = len(tabu_covering(sizes, radius, gr, time_limit=args.time, rng=1))
        label = spec if len(spec) <= 44 else spec[:41] + "..."
        print(f"{label:<44} {g:>2} {s.size:>7,} {tb:>6.2f} "
              f"{'-' if greedy_n is None else f'{greedy_n:,}':>7} {'-' if tg is None else f'{tg:.2f}':>6} "
              f"{'-' if tabu_n is None else f'{tabu_n:,}':>6} {'-' if known is None else f'{known:,}':>6} "
              f"{s.bound:>6,}  {s.method}", flush=True)
        rows.append((spec, g, s.size, tb, greedy_n, tg, tabu_n, known, s.bound, s.method))

    print()
    k = kernel(False)
    print(f"tabu kernel, 3,000 steps, 13 two-ways radius 2: numba {k['seconds']:.3f} s (size {k['size']})")
    if not args.skip_python:
        p = kernel(True)
        print(f"same steps as plain Python: {p['seconds']:.3f} s (size {p['size']}); "
              f"numba is {p['seconds'] / k['seconds']:.0f}x faster")

    print()
    from toto13.systems import reduce_system
    from toto13.tickets import evaluate, top_tips

    probs = np.array([[0.50, 0.27, 0.23]] * 13)   # the worked case of docs/maths.md
    spec = "1 1 1 10 10 10 10 10 102 102 102 102 102"
    for n, x in [(20, 11), (100, 10)]:
        t0 = time.perf_counter()
        r0 = reduce_system(spec, probs, n, x, time_limit=0)
        t_greedy = time.perf_counter() - t0
        t0 = time.perf_counter()
        r = reduce_system(spec, probs, n, x, time_limit=10, rng=1)
        t_ex = time.perf_counter() - t0
        sp = parse_spec(spec)
        mask = np.zeros((13, 3), dtype=bool)
        for j, grp in enumerate(sp.groups):
            mask[j, list(grp)] = True
        top = top_tips(n, probs, spec=mask)
        pt = evaluate(top, probs).coverage[x]
        print(f"reduce {spec!r} n={n} x={x}: top-probability tips {100 * pt:.3f}%, greedy "
              f"{100 * r0.probability:.3f}% ({t_greedy:.1f} s), + exchanges {100 * r.probability:.3f}% "
              f"({t_ex:.1f} s, {r.method})", flush=True)


if __name__ == "__main__":
    main()
