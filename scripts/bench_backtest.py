#!/usr/bin/env python
"""Benchmark the backtest loop: 1,000 rounds x 1,000 tips a round (target: under 10 s), and
real rounds on one and on two processes.

Usage: ``python scripts/bench_backtest.py [--rounds 1000] [--tips 1000] [--baseline-rounds 20]
[--rounds-dir DIR] [--real-rounds 40] [--jobs 2]``

Measures, in one run:

* ``fixed``: the same 1,000 tips every round (strike counting, payouts with dilution, ledger, summary
  with a 2,000-resample bootstrap);
* ``recipe``: 1,000 fresh random tips a round from the p = 1/2 space (tip generation included);
* a naive baseline: a per-tip pure-Python loop (strikes by character comparison, then the payout)
  on ``--baseline-rounds`` rounds, scaled to the full run.

The rounds are synthetic (seeded), made like the shipped demo rounds. With real rounds (``--rounds-dir
DIR`` as ``toto13 import stryktipset SUMMARY --details DETAILS --out DIR`` writes it, or the TipsXtra
export files in ``$TOTO13_SHARED_DATA/stryktipset-tipsxtra``), also:

* the value backtest (``backtest --strategy value --count 100 --rules stryktipset``) of the last
  ``--real-rounds`` rounds with odds and turnover, on one process and on ``--jobs`` processes: the wall
  time of each, the speed-up, the CPU seconds (this process and its workers) and the load average, and
  an assertion that the ledger and the summary are the same to the byte;
* the time per round of every strategy on 10 of those rounds, on one process.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_demo_rounds import make  # noqa: E402

from toto13.backtest import PayoutModel, BacktestStrategy, run_backtest  # noqa: E402
from toto13.executor import Workers  # noqa: E402
from toto13.rules import STRYKTIPSET, TOTO13  # noqa: E402

#: What each strategy plays in the per-round timing (Stryktipset rules, 100 tips where a count applies).
STRATEGIES = {
    "fixed": dict(tips=np.random.default_rng(1).integers(0, 3, size=(100, 13)).astype(np.int8)),
    "recipe": dict(hit_rate=0.5, count=100),
    "system": dict(hit_rate=0.5, min_strikes=11),
    "weighted": dict(count=100),
    "greedy": dict(count=100, min_strikes=10),
    "top": dict(count=100),
    "value": dict(count=100),
}


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
    ap.add_argument("--rounds-dir", type=Path, default=None, help="real rounds (toto13 import --details)")
    ap.add_argument("--real-rounds", type=int, default=40)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--skip-synthetic", action="store_true")
    a = ap.parse_args()
    if not a.skip_synthetic:
        synthetic(a)
    real = real_rounds(a.rounds_dir)
    if real is None:
        print("real rounds: none given (--rounds-dir DIR or $TOTO13_SHARED_DATA); skipped")
        return
    usable = np.flatnonzero(real.has_odds() & (real.turnover > 0))
    rounds = real.subset(usable[-a.real_rounds:])
    parallel(rounds, a.jobs)
    per_round(rounds.subset(slice(max(len(rounds) - 10, 0), len(rounds))))


def real_rounds(rounds_dir: Path | None):
    """The real rounds: a rounds directory, or imported from the TipsXtra export files."""
    from toto13.backtest import import_stryktipset, read_rounds

    if rounds_dir is not None:
        return read_rounds(rounds_dir, matches=13)
    data = os.environ.get("TOTO13_SHARED_DATA")
    d = Path(data or "-") / "stryktipset-tipsxtra"
    if not d.is_dir():
        return None
    return import_stryktipset(d / "stryktipset_summering.csv", d / "stryktipset_detaljer.csv").rounds


def _timed(rounds, strategy, workers):
    t0, c0 = time.perf_counter(), os.times()
    res = run_backtest(rounds, strategy, STRYKTIPSET, rng=1, workers=workers)
    c1 = os.times()
    cpu = c1.user + c1.system + c1.children_user + c1.children_system \
        - (c0.user + c0.system + c0.children_user + c0.children_system)
    return res, time.perf_counter() - t0, cpu


def parallel(rounds, jobs: int) -> None:
    """The value backtest on one process and on ``jobs``: times, speed-up, identical output."""
    strategy = BacktestStrategy("value", **STRATEGIES["value"])
    run_backtest(rounds.subset(slice(0, 1)), strategy, STRYKTIPSET, rng=1)  # compile outside the timing
    load0 = os.getloadavg()[0]
    one, t1, cpu1 = _timed(rounds, strategy, Workers(1))
    many, tn, cpun = _timed(rounds, strategy, Workers(jobs))
    load1 = os.getloadavg()[0]
    same = one.ledger.to_csv(index=False, float_format="%.10g") \
        == many.ledger.to_csv(index=False, float_format="%.10g") \
        and repr(one.summary) == repr(many.summary)  # repr: NaN fields compare unequal
    assert same, "the ledger or the summary differs between --jobs 1 and --jobs N"
    print(f"value backtest, {len(rounds)} real rounds ({rounds.ids[0]} .. {rounds.ids[-1]}), 100 tips a "
          f"round, Stryktipset rules; {os.cpu_count()} cores, load average {load0:.1f} -> {load1:.1f}")
    print(f"  --jobs 1     : {t1:7.2f} s wall  ({t1 / len(rounds):.2f} s a round), {cpu1:6.2f} s CPU")
    print(f"  --jobs {jobs:<6}: {tn:7.2f} s wall  ({tn / len(rounds):.2f} s a round), {cpun:6.2f} s CPU "
          f"(this process and its workers where forked; a fork server's children are not counted)")
    print(f"  speed-up {t1 / tn:.2f}x (target >= 1.5x on 2 cores); ledger and summary identical: {same}")


def per_round(rounds) -> None:
    """Seconds a round of every strategy, on one process (each strategy warmed on one round first)."""
    print(f"time per round of each strategy ({len(rounds)} real rounds, one process, 100 tips):")
    for kind, kw in STRATEGIES.items():
        strategy = BacktestStrategy(kind, **kw)
        run_backtest(rounds.subset(slice(0, 1)), strategy, STRYKTIPSET, rng=1)
        _, t, _ = _timed(rounds, strategy, Workers(1))
        print(f"  {kind:9s}: {t / len(rounds):7.3f} s a round")


def synthetic(a) -> None:
    """1,000 synthetic rounds x 1,000 tips: fixed tips, fresh recipe tips, a naive loop."""
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
