"""Benchmark: the whole 4 x 4 plan table at p = 1/3 (tiers 10..13, Q = 90/99/99.9/99.99 %).

toto13's exact search (log1p sums, bisection below the formula's count) and the approximation, beside
a straightforward mpmath evaluation of the same exact counts (binomial ratios at 30 digits, bisection),
measured in the same run. Target: the exact table in under 50 ms.
"""
from __future__ import annotations

import math
import time

import mpmath

from toto13.engine import tips_needed

TIERS = (10, 11, 12, 13)
SAFETIES = (0.9, 0.99, 0.999, 0.9999)
P = 1 / 3


def table(method):
    return [[tips_needed(P, x, q, method) for q in SAFETIES] for x in TIERS]


def mpmath_table():
    N = 3 ** 13
    out = []
    with mpmath.workdps(30):
        for x in TIERS:
            S = sum(math.comb(13, k) * 2 ** (13 - k) for k in range(x, 14))
            row = []
            for q in SAFETIES:
                def ok(n, S=S, q=q):
                    return 1 - mpmath.binomial(N - S, n) / mpmath.binomial(N, n) >= q
                lo, hi = 0, N - S + 1
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    lo, hi = (lo, mid) if ok(mid) else (mid, hi)
                row.append(hi)
            out.append(row)
    return out


def best_of(fn, repeat):
    best, result = math.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def main():
    t_exact, exact = best_of(lambda: table("exact"), 7)
    t_approx, approx = best_of(lambda: table("approx"), 7)
    t_mp, mp = best_of(mpmath_table, 1)
    assert exact == mp, (exact, mp)
    print("p = 1/3, tiers 10..13 x Q 90/99/99.9/99.99 %")
    for x, e, a in zip(TIERS, exact, approx):
        print(f"  >= {x}: exact {e}  approx {a}")
    print(f"exact table   {t_exact * 1e3:8.2f} ms  (target < 50 ms: {'met' if t_exact < 0.05 else 'MISSED'})")
    print(f"approx table  {t_approx * 1e3:8.2f} ms")
    print(f"mpmath table  {t_mp * 1e3:8.2f} ms  (same 16 counts, 30 digits)")
    print(f"ratio mpmath / toto13 exact: {t_mp / t_exact:,.0f}x")


if __name__ == "__main__":
    main()
