#!/usr/bin/env python
"""Benchmark the pool model (targets: the expected return of all 3^13 rows under 2 s; a value set of
1,000 rows under 5 s).

Usage: ``python scripts/bench_pool.py [--sample 20] [--count 1000] [--co-winners calibrated]``

Measures, in one run, on a seeded 13-match round (Dirichlet probabilities, crowd shares from the crowd
model, Stryktipset rules, turnover 15.6 MSEK, minimum quota off so that the baseline is the textbook
sum):

* ``tip_returns``: every row's expected return (one distance-weighted sphere sum), best of 3;
* baseline, a straightforward enumeration: for each of ``--sample`` rows, every result within 3 misses
  of it, the crowd's strike distribution of that result by a Poisson-binomial convolution, then
  ``P(r) · pool_k · E[1/(W+1)]`` summed; scaled to all 3^13 rows (and checked against tip_returns);
* ``value_tips(1000)``: lazy greedy by exact marginal gains (numba compilation timed separately);
* baseline: a greedy that re-evaluates every row's gain at every step (one full sphere-sum pass per
  row taken), one pass measured and scaled by the count.

Wall-clock and CPU seconds are both printed: on a shared machine the CPU time is the steadier figure.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from toto13.engine import poisson_binomial_pmf
from toto13.hamming import distance_weighted_sums, error_patterns, points_of
from toto13.pool import CoWinners, Pool, crowd_shares, inverse_moment, tip_returns, value_tips
from toto13.pool.returns import _by_distance, _Round, _single_tables
from toto13.rules import STRYKTIPSET


def timed(f, k=1):
    best_w = best_c = float("inf")
    out = None
    for _ in range(k):
        w0, c0 = time.perf_counter(), time.process_time()
        out = f()
        best_w, best_c = min(best_w, time.perf_counter() - w0), min(best_c, time.process_time() - c0)
    return best_w, best_c, out


def enumerate_row(row, probs, crowd, pool):
    """The textbook sum for one row: its ball, result by result."""
    m = len(row)
    pos, shift, dist = error_patterns((3,) * m, 3)
    pools = pool.tier_pools(1)
    shapes = pool.shapes()
    total = 0.0
    for b in range(len(dist)):
        r = np.array(row, dtype=np.int64)
        for w in range(dist[b]):
            r[pos[b, w]] = (r[pos[b, w]] + shift[b, w]) % 3
        pr = float(np.prod(probs[np.arange(m), r]))
        pmf = poisson_binomial_pmf(crowd[np.arange(m), r])
        j = int(dist[b])
        lam = pool.rows * pmf[m - j]
        total += pr * pools[j] * inverse_moment(lam, 1, shapes[j])[()]
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=20)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--co-winners", default="calibrated", choices=[c.value for c in CoWinners])
    a = ap.parse_args()
    rng = np.random.default_rng(20251127)
    probs = rng.dirichlet([3.0, 2.0, 2.0], size=13)
    crowd = crowd_shares(probs)
    pool = Pool(STRYKTIPSET, 15_603_087.0, co_winners=a.co_winners, min_quota=0)
    print(f"pool benchmark: 13 matches, 3^13 = 1,594,323 rows, Stryktipset rules, "
          f"co-winners {a.co_winners}")

    w, c, rr = timed(lambda: tip_returns(probs, crowd, pool), k=3)
    sample = rng.choice(3 ** 13, size=a.sample, replace=False)
    rows = points_of((3,) * 13)[sample]
    bw, bc, brute = timed(lambda: [enumerate_row(r, probs, crowd, pool) for r in rows])
    err = float(np.max(np.abs(np.array(brute) - rr[sample]) / rr[sample]))
    scale = 3 ** 13 / a.sample
    print(f"all rows' expected return: {w:.2f} s wall, {c:.2f} s CPU (target < 2 s)")
    print(f"  enumeration baseline: {a.sample} rows in {bw:.2f} s = {1000 * bw / a.sample:.0f} ms a row, "
          f"all rows {bw * scale / 3600:.1f} h scaled; speed-up {bw * scale / w:,.0f}x "
          f"(agrees to {err:.1e} relative)")

    tw, tc, _ = timed(lambda: value_tips(2, probs, crowd, pool))
    w, c, tips = timed(lambda: value_tips(a.count, probs, crowd, pool))
    assert len({tuple(t) for t in tips}) == a.count
    rnd = _Round.build(probs, crowd, pool, a.count)
    layers = _by_distance(rnd, _single_tables(rnd))
    pw, pc, _ = timed(lambda: distance_weighted_sums(layers, (3,) * 13), k=3)
    print(f"value set of {a.count:,} rows: {w:.2f} s wall, {c:.2f} s CPU (target < 5 s; "
          f"first call incl. numba compilation {tw:.1f} s)")
    print(f"  non-lazy greedy baseline: one full gain pass {pw:.2f} s x {a.count:,} rows = "
          f"{pw * a.count:.0f} s; speed-up {pw * a.count / w:,.0f}x")


if __name__ == "__main__":
    main()
