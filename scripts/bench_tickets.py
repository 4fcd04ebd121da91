#!/usr/bin/env python
"""Benchmark exact evaluation of tip sets and the generators (target: evaluation under 1 s at 100,000
tips on 2 cores, with a cost that does not grow with the tips).

Usage: ``python scripts/bench_tickets.py [--sizes 1000 10000 100000] [--subset 20] [--greedy 1000]``

Measures, in one run:

* ``evaluate``: :func:`toto13.tickets.evaluate` (distance transform over all 3^13 results, plus the
  per-tip Poisson-binomial pmfs) on 1,000 / 10,000 / 100,000 weighted tips, best of 3;
* a brute-force baseline: every tip compared with all 1,594,323 results (numpy, one tip at a time,
  running maximum of strikes, then the probability sums), timed on ``--subset`` tips and scaled by
  the number of tips; its coverage for the subset is checked against ``evaluate``;
* the generators at 100,000 tips (random, weighted, top) and greedy to ``--greedy`` tips, its numba
  compilation timed separately.

Probabilities: the the worked case of docs/maths.md, 13 matches at (0.50, 0.27, 0.23).
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from toto13.tickets import (evaluate, greedy_tips, random_tips, result_probabilities, tips_from_index,
                            top_tips, weighted_tips)


def best_of(k, f):
    best = float("inf")
    out = None
    for _ in range(k):
        t0 = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t0)
    return best, out


def brute_force(tips, probs):
    """Cost grows with the tips: every tip against every result."""
    m = tips.shape[1]
    results = tips_from_index(np.arange(3 ** m), m)
    pr = result_probabilities(probs)
    best = np.zeros(3 ** m, dtype=np.int8)
    for t in tips:
        np.maximum(best, (results == t).sum(axis=1, dtype=np.int8), out=best)
    return np.array([pr[best >= x].sum() for x in range(m + 1)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--subset", type=int, default=20)
    ap.add_argument("--greedy", type=int, default=1000)
    a = ap.parse_args()
    probs = np.tile([0.50, 0.27, 0.23], (13, 1))
    print("tickets benchmark: 13 matches at (0.50, 0.27, 0.23), 3^13 = 1,594,323 results")

    sub = weighted_tips(a.subset, probs, rng=0)
    t_sub, cov = best_of(1, lambda: brute_force(sub, probs))
    err = np.abs(cov - evaluate(sub, probs).coverage).max()
    per_tip = t_sub / a.subset
    print(f"brute force: {a.subset} tips in {t_sub:.2f} s = {1000 * per_tip:.1f} ms a tip "
          f"(agrees with evaluate to {err:.1e})")
    print()
    print(f"{'tips':>8}  {'evaluate s':>10}  {'brute force s (scaled)':>22}  {'speed-up':>8}  P(>=10)")
    for n in a.sizes:
        tips = weighted_tips(n, probs, rng=1)
        t, ev = best_of(3, lambda tips=tips: evaluate(tips, probs))
        bf = per_tip * n
        print(f"{n:>8,}  {t:>10.3f}  {bf:>22.1f}  {bf / t:>7.0f}x  {ev.coverage[10]:.4f}")
    print()
    n = max(a.sizes)
    for name, f in [("random", lambda: random_tips(n, rng=2)),
                    ("weighted", lambda: weighted_tips(n, probs, rng=2)),
                    ("top", lambda: top_tips(n, probs))]:
        t, _ = best_of(1, f)
        print(f"generate {name:<8} {n:>8,} tips: {t:.2f} s")
    t0 = time.perf_counter()
    greedy_tips(2, probs, 10)
    compile_s = time.perf_counter() - t0
    t, (tips, gains) = best_of(1, lambda: greedy_tips(a.greedy, probs, 10, return_gains=True))
    print(f"generate greedy   {a.greedy:>8,} tips: {t:.2f} s ({1000 * t / a.greedy:.0f} ms a tip; "
          f"first call incl. numba compile/cache load {compile_s:.2f} s); P(>=10) = {gains.sum():.4f}")


if __name__ == "__main__":
    main()
