"""Benchmark: vectorised margin removal on 100,000 matches against a per-match scipy brentq loop.

Both solve Shin's equation sum_i p_i(z) = 1 for every match (Jullien & Salanié form of Shin 1993) to
1e-12; the loop calls scipy.optimize.brentq once per match, as a plain implementation would. Prints the
timings, the speed-up and the largest difference between the two answers. The other methods are timed
too. Usage: python scripts/bench_estimators.py [--matches 100000] [--loop-matches N] [--seed 0]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from scipy import optimize

from toto13.estimators import MarginError, MarginMethod, remove_margin


def realistic_odds(n: int, rng: np.random.Generator) -> np.ndarray:
    """Odds like a season's: true probabilities from a Dirichlet, a 2-10 % margin, shaded to the favourite."""
    p = rng.dirichlet([4.0, 2.6, 3.0], size=n)
    margin = rng.uniform(0.02, 0.10, size=(n, 1))
    return np.maximum(1.0 / (p * (1 + margin)), 1.01)


def shin_brentq(odds: np.ndarray) -> np.ndarray:
    out = np.empty_like(odds)
    for i, row in enumerate(odds):
        pi = 1.0 / row
        s = pi.sum()
        q = pi * pi / s

        def f(z, q=q):
            return (2 * q / (z + np.sqrt(z * z + 4 * (1 - z) * q))).sum() - 1 if z >= 0 else \
                ((np.sqrt(z * z + 4 * (1 - z) * q) - z) / (2 * (1 - z))).sum() - 1

        z = 0.0 if s == 1 else optimize.brentq(f, 0.0, 1.0 - 1e-15, xtol=1e-14) \
            if s > 1 else optimize.brentq(f, -1.0, 0.0, xtol=1e-14)
        p = (np.sqrt(z * z + 4 * (1 - z) * q) - z) / (2 * (1 - z))
        out[i] = p / p.sum()
    return out


def best_of(fn, repeat=3):
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        res = fn()
        best = min(best, time.perf_counter() - t)
    return best, res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--matches", type=int, default=100_000)
    ap.add_argument("--loop-matches", type=int, default=None,
                    help="matches for the brentq loop (default: all; the ratio is per match)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    rng = np.random.default_rng(a.seed)
    odds = realistic_odds(a.matches, rng)
    n_loop = a.loop_matches or a.matches
    print(f"margin removal on {a.matches:,} matches (best of 3 runs)")
    for m in MarginMethod:
        try:
            t, r = best_of(lambda m=m: remove_margin(odds, m))
        except MarginError as exc:  # additive cannot handle every long shot; it says which
            print(f"  {m.value:15s} fails as it should on long shots: row {exc.row}")
            continue
        extra = f", {r.iterations} Newton iterations" if r.iterations else ""
        print(f"  {m.value:15s} {t * 1e3:8.1f} ms{extra}")
    t_vec, r = best_of(lambda: remove_margin(odds, "shin"))
    t0 = time.perf_counter()
    ref = shin_brentq(odds[:n_loop])
    t_loop = time.perf_counter() - t0
    per_vec = t_vec / a.matches
    per_loop = t_loop / n_loop
    diff = np.abs(ref - r.probs[:n_loop]).max()
    print()
    print(f"Shin, vectorised Newton : {t_vec:8.3f} s for {a.matches:,} matches "
          f"({'under' if t_vec < 1 else 'OVER'} the 1 s target)")
    print(f"Shin, brentq loop       : {t_loop:8.3f} s for {n_loop:,} matches")
    print(f"speed-up per match      : {per_loop / per_vec:8.0f} x")
    print(f"max |difference|        : {diff:.2e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
