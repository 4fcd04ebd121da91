"""Promised beside achieved on more than 1,000 real rounds from five leagues (notebook 04, section 6).

Builds coupon-like rounds from the football-data.co.uk season files 2000/01-2024/25 of E0, SP1, D1, I1
and F1 (weekends and midweeks, divisions by priority, then kick-off, 13 to a round), plays 200
probability-weighted tips a round with multiplicative and with power margin removal, and greedy tips
(power) on every 100th round, and writes per round the best strike count and the promised coverage
per tier to OUT, the file notebook 04 reads (replaying takes several minutes, too long for a notebook).
The same figures come from the command line::

    toto13 import football-data FILES... --priority E0,SP1,D1,I1,F1 --midweek --out rounds5
    toto13 backtest rounds5 --strategy weighted --count 200 --payouts average --seed 1 \\
        --margin-method power

Usage::

    python scripts/five_leagues.py [--data DATA_DIR] [--out FILE]

DATA_DIR holds ``football-data/<DIV>/<DIV>_<season>.csv`` (default: ``$TOTO13_SHARED_DATA``, else the
folder ``shared/data`` next to the checkout).
"""
from __future__ import annotations

import argparse
import glob
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

from toto13.backtest import (BacktestStrategy, PayoutMethod, PayoutModel, import_football_data,
                             run_backtest)
from toto13.rules import TOTO13

REPO = Path(__file__).resolve().parents[1]
LEAGUES = ("E0", "SP1", "D1", "I1", "F1")
SEASONS = {f"{y:02d}" for y in range(0, 25)}  # season files 0001 .. 2425


def five_league_rounds(data: Path):
    """The rounds with odds for all 13 matches, and the import report's counts."""
    files = sorted(f for div in LEAGUES for f in glob.glob(str(data / "football-data" / div / f"{div}_*.csv"))
                   if Path(f).stem.split("_")[1][:2] in SEASONS)
    if not files:
        raise SystemExit(f"no football-data files of {', '.join(LEAGUES)} under {data}")
    rep = import_football_data(files, priority=",".join(LEAGUES), midweek=True)
    return rep.rounds.subset(np.flatnonzero(rep.rounds.has_odds())), rep.notes


def play(rounds, label: str, strategy: BacktestStrategy) -> pd.DataFrame:
    t = time.perf_counter()
    res = run_backtest(rounds, strategy, TOTO13, payouts=PayoutModel(PayoutMethod.AVERAGE), rng=1)
    print(f"{label}: {len(rounds)} rounds in {time.perf_counter() - t:.0f} s")
    out = pd.DataFrame({"run": label, "round": list(rounds.ids), "date": rounds.dates.astype(str),
                        "best": res.best})
    for k, x in enumerate(TOTO13.tiers):
        out[f"promised_{x}"] = res.promised[:, k]
    return out


def main() -> None:
    default = Path(os.environ.get("TOTO13_SHARED_DATA", REPO.parent / "shared" / "data"))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default)
    ap.add_argument("--out", type=Path, default=REPO / "notebooks" / "data" / "04-five-leagues.csv")
    args = ap.parse_args()
    rounds, notes = five_league_rounds(args.data)
    print({k: v for k, v in notes.items() if k.startswith("rounds")})
    tables = [play(rounds, f"weighted-{m}", BacktestStrategy("weighted", count=200, margin_method=m))
              for m in ("multiplicative", "power")]
    every = rounds.subset(np.arange(0, len(rounds), 100))
    tables.append(play(every, "greedy-power",
                       BacktestStrategy("greedy", count=200, min_strikes=10, margin_method="power")))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    pd.concat(tables).to_csv(args.out, index=False, float_format="%.10g")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
