#!/usr/bin/env python
"""Benchmark the backtest loop: 1,000 rounds x 1,000 tips a round (target: under 10 s).

Usage: ``python scripts/bench_backtest.py [--rounds 1000] [--tips 1000] [--baseline-rounds 20]``

Measures, in one run:

* ``fixed``: the same 1,000 tips every round (strike counting, payouts with dilution, ledger, summary
  with a 2,000-resample bootstrap);
* ``recipe``: 1,000 fresh random tips a round from the p = 1/2 space (tip generation included);
* a naive baseline: a per-tip pure-Python loop (strikes by character comparison, then the payout)
  on ``--baseline-rounds`` rounds, scaled to the full run.

The rounds are synthetic (seeded), made like the shipped demo rounds.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_demo_rounds import make  # noqa: E402

from toto13.backtest import PayoutModel, BacktestStrategy, run_backtest  # noqa: E402
from toto13.rules import TOTO13  # noqa: E402


def naive(rounds, tips, rules) -> float:
    """Per-tip Python loop: strikes by comparing symbols, prize by looking up the quota."""
    strings = ["".join("102"[c] for c in t) for t in tips]
    total = 0.0
    for j in range(len(rounds)):
        result = "".join("102"[c] for c in rounds.results[j])
        for t in strings:
            s = 0
            for a, b in zip(t, result):
                if a == b:
                    s += 1
            if s in rules.tiers:
                q = rounds.quotas[j, rounds.tiers.index(s)]
                total += 0.0 if np.isnan(q) else q
        total -= rules.cost(len(strings))
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument("--tips", type=int, default=1000)
    ap.add_argument("--baseline-rounds", type=int, default=20)
    a = ap.parse_args()
    rules = TOTO13.replace(monthly_limit=None)
    rounds = make(2026, a.rounds)
    tips = np.random.default_rng(1).integers(0, 3, size=(a.tips, 13)).astype(np.int8)
    print(f"backtest benchmark: {a.rounds:,} rounds x {a.tips:,} tips a round "
          f"({a.rounds * a.tips:,} tip evaluations), synthetic seeded rounds")

    warm = rounds.subset(slice(0, 3))  # imports (tickets loads numba) and caches outside the timing
    run_backtest(warm, BacktestStrategy("fixed", tips=tips), rules, rng=1)
    run_backtest(warm, BacktestStrategy("recipe", hit_rate=0.5, count=a.tips), rules, rng=1)

    t0 = time.perf_counter()
    res = run_backtest(rounds, BacktestStrategy("fixed", tips=tips), rules, payouts=PayoutModel(), rng=1)
    t_fixed = time.perf_counter() - t0

    t0 = time.perf_counter()
    run_backtest(rounds, BacktestStrategy("recipe", hit_rate=0.5, count=a.tips), rules, rng=1)
    t_recipe = time.perf_counter() - t0

    sub = rounds.subset(slice(0, a.baseline_rounds))
    t0 = time.perf_counter()
    naive(sub, tips, rules)
    t_naive = (time.perf_counter() - t0) * a.rounds / a.baseline_rounds

    print(f"  fixed tips   : {t_fixed:7.2f} s  ({a.rounds * a.tips / t_fixed:,.0f} tips/s)"
          f"   target < 10 s: {'yes' if t_fixed < 10 else 'NO'}")
    print(f"  recipe (p=1/2, fresh random tips every round): {t_recipe:7.2f} s"
          f"   target < 10 s: {'yes' if t_recipe < 10 else 'NO'}")
    print(f"  naive per-tip Python loop, {a.baseline_rounds} rounds scaled to {a.rounds:,}: "
          f"{t_naive:7.2f} s")
    print(f"  speed-up of the vectorised loop over the naive one: {t_naive / t_fixed:,.1f}x")
    print(f"  (ledger rows {len(res.ledger):,}; ROI of the fixed random tips {res.summary.roi:+.2%})")


if __name__ == "__main__":
    main()
