#!/usr/bin/env python
"""Benchmark the exact greedy tips against weighted tips and against the previous greedy kernel, all
measured in the same run (targets: 1,000 greedy tips at most 3x the time of 1,000 weighted tips, and
at least 10x faster than before).

Usage: ``python scripts/bench_greedy.py [--count 1000] [--previous 100] [--no-cli]``

Rounds: the last demo round shipped with the package (odds -> Shin probabilities, as scripts/demo
does) and, when ``../shared/data`` is present, the newest Stryktipset round of the TipsXtra details
file (Oddset odds -> Shin probabilities). Measured per round:

* ``weighted``: :func:`toto13.tickets.weighted_tips`, ``--count`` tips;
* ``greedy``: :func:`toto13.tickets.greedy_tips`, ``--count`` tips (numba compilation and the pair
  table are warmed up first: one tip, timed apart), with the transform on every CPU
  (:func:`toto13.hamming.default_threads`) and on one thread (``TOTO13_THREADS=1``);
* ``previous``: the kernel of toto13 0.1.0, kept here verbatim (for every newly covered result, its
  probability taken off every candidate around it in the full array, then a scan of all 3^13
  gains): ``--previous`` tips, scaled to ``--count`` by its per-tip time (an underestimate: its
  first tips, covering the most, are its dearest, but its full scan per tip stays);
* unless ``--no-cli``: ``toto13 tickets --count N`` for both strategies, best of 3, start-up,
  reading, exact evaluation and writing included (what a user waits for).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from toto13.estimators import remove_margin
from toto13.hamming import ball_sums, default_threads, jit, strides
from toto13.tickets import evaluate, greedy_tips, weighted_tips
from toto13 import greedy as G
from toto13.greedy import _ball  # the same ball walk as 0.1.0's
from toto13.tickets.generators import _greedy_setup

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TOTO13_SHARED_DATA", ROOT.parent / "shared" / "data"))
DETAILS = SHARED / "stryktipset-tipsxtra" / "stryktipset_detaljer_2025w19-w39.csv"


def rounds() -> dict[str, np.ndarray]:
    out = {}
    m = pd.read_csv(ROOT / "toto13" / "data" / "demo-rounds" / "matches.csv")
    last = m[m["round"] == m["round"].iloc[-1]]
    out[f"demo round {last['round'].iloc[0]}"] = remove_margin(
        last[["odds_home", "odds_draw", "odds_away"]].to_numpy(), "shin").probs
    if DETAILS.exists():
        d = pd.read_csv(DETAILS, sep=";")
        r = d[d["omg"] == d["omg"].max()].sort_values("matchnummer")
        out[f"Stryktipset {r['omg'].iloc[0]}"] = remove_margin(
            r[["oddset1", "oddsetx", "oddset2"]].to_numpy(float), "shin").probs
    else:
        print(f"(no {DETAILS}: the Stryktipset round is skipped)")
    return out


@jit
def PREVIOUS(n, gains, weight, pv, pos, shift, until):
    """The greedy kernel of toto13 0.1.0, verbatim (the baseline of the speed-up)."""
    chosen = np.empty(n, np.int64)
    got = np.empty(n, np.float64)
    size = pos.shape[0]
    ball_t = np.empty(size, np.int64)
    ball_c = np.empty(size, np.int64)
    codes = np.empty((pv.shape[0], 3), np.int64)
    total = 0.0
    for k in range(n):
        if total >= until:
            return chosen[:k], got[:k]
        t = np.argmax(gains)
        chosen[k] = t
        _ball(t, codes, pv, pos, shift, ball_t)
        g = 0.0
        for p in range(size):
            c = ball_t[p]
            w = weight[c]
            if w > 0.0:
                g += w
                weight[c] = 0.0
                _ball(c, codes, pv, pos, shift, ball_c)
                for q in range(size):
                    gains[ball_c[q]] -= w
        got[k] = g
        total += g
        gains[t] = -np.inf
    return chosen, got


def on_threads(threads: int | None, f):
    """``f()`` with the transform on ``threads`` (None: the default)."""
    old = os.environ.pop("TOTO13_THREADS", None)
    if threads is not None:
        os.environ["TOTO13_THREADS"] = str(threads)
    try:
        return f()
    finally:
        os.environ.pop("TOTO13_THREADS", None)
        if old is not None:
            os.environ["TOTO13_THREADS"] = old


def timed(f):
    t0 = time.perf_counter()
    out = f()
    return time.perf_counter() - t0, out


def previous_greedy(n: int, probs: np.ndarray) -> float:
    """Seconds for ``n`` tips of the 0.1.0 kernel: push updates and a full scan of the gains."""
    m, cells, n, radius, weight = _greedy_setup(n, probs, 10, None)
    gains = np.full(weight.size, -np.inf)
    t, _ = timed(lambda: _previous_kernel(n, gains, cells, weight, radius, m))
    return t


def _previous_kernel(n, gains, cells, weight, radius, m):
    gains[cells] = ball_sums(weight.reshape((3,) * m), radius).ravel()[cells]
    pos, shift = G._patterns(m, radius)
    return PREVIOUS(n, gains, weight, strides((3,) * m), pos, shift, np.inf)


def cli_seconds(probs: np.ndarray, strategy: str, n: int) -> float:
    exe = shutil.which("toto13") or str(Path(sys.executable).parent / "toto13")
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "p.csv"
        p.write_text("match,home,draw,away\n" + "".join(
            f"{i + 1},{a!r},{b!r},{c!r}\n" for i, (a, b, c) in enumerate(probs.tolist())))
        best = float("inf")
        for _ in range(3):
            t, _ = timed(lambda: subprocess.run(
                [exe, "tickets", "--probs", str(p), "--count", str(n), "--strategy", strategy,
                 "--seed", "1", "--min-strikes", "10", "--out", str(Path(tmp) / "t.csv"), "--force"],
                check=True, stdout=subprocess.DEVNULL))
            best = min(best, t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--previous", type=int, default=100)
    ap.add_argument("--no-cli", dest="cli", action="store_false",
                    help="skip the command-line timings")
    a = ap.parse_args()
    n = a.count
    warm, _ = timed(lambda: greedy_tips(1, np.full((13, 3), 1 / 3), 10))
    previous_greedy(1, np.full((13, 3), 1 / 3))  # compile the baseline
    print(f"greedy benchmark, {n:,} tips at x = 10 of 13 (warm-up: numba compile/cache load and "
          f"pair table {warm:.2f} s; transform threads {default_threads()})")
    for name, probs in rounds().items():
        # probs=probs ties each lambda to this round's table, not to whatever the loop variable holds later
        tw, _ = timed(lambda probs=probs: weighted_tips(n, probs, rng=1))
        tg, (tips, gains) = timed(lambda probs=probs: greedy_tips(n, probs, 10, return_gains=True))
        t1, (tips1, _) = on_threads(1, lambda probs=probs: timed(lambda: greedy_tips(n, probs, 10,
                                                                                      return_gains=True)))
        assert np.array_equal(tips, tips1), "the thread count changed the tips"
        tp = previous_greedy(a.previous, probs) * n / a.previous
        cov = evaluate(tips, probs).coverage[10]
        print(f"\n{name}: P(best >= 10) of the greedy tips {cov:.4f} (sum of gains {gains.sum():.4f})")
        print(f"  weighted {tw:8.2f} s")
        print(f"  greedy   {tg:8.2f} s   {tg / tw:6.2f}x weighted (target <= 3x)")
        print(f"  greedy   {t1:8.2f} s   on one thread, {t1 / tw:6.2f}x weighted (the same tips)")
        print(f"  previous {tp:8.2f} s   (scaled from {a.previous} tips, one thread)   greedy is "
              f"{tp / tg:.1f}x faster, {tp / t1:.1f}x on one thread (target >= 10x)")
        if a.cli:
            cw = cli_seconds(probs, "weighted", n)
            cg = cli_seconds(probs, "greedy", n)
            print(f"  CLI tickets --count {n:,} (best of 3): weighted {cw:.2f} s, greedy {cg:.2f} s, "
                  f"{cg / cw:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
