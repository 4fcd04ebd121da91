"""What is a tip worth? ``value``, ``weighted`` and ``top`` at the same budget, round by round.

1. The 21 real Stryktipset rounds that publish odds and the crowd's pick shares (TipsXtra statistics,
   Svenska Spel data, May-Sept 2025): real quotas (our winning tips joining the real winners), real
   turnover, real crowd shares.
2. football-data.co.uk pseudo-rounds (the last ROUNDS weekends of E0+SP1 2024/25, 13 matches each):
   no quotas, turnover or crowd exist, so the crowd is modelled from the odds, the turnover is the
   Stryktipset typical one and the quotas come from the pari-mutuel model: judged by the model itself.

Writes one row per (set, strategy, round) -- cost, winnings, expected_return -- to OUT (the file
notebook 05 reads) and prints per set and strategy the mean expected and realised return per stake and
the ROI with its 95% bootstrap interval over rounds. Runs about 15 minutes on a laptop core.

    python scripts/value_report.py [--data ../shared/data] [--count 100] [--rounds 12] [--out FILE]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from toto13.backtest import (BacktestStrategy, PayoutMethod, PayoutModel, import_football_data,
                             import_stryktipset, run_backtest)
from toto13.backtest.metrics import bootstrap_roi
from toto13.pool import TYPICAL_TURNOVER
from toto13.rules import STRYKTIPSET

REPO = Path(__file__).resolve().parents[1]
STRATEGIES = ("value", "weighted", "top")


def stryktipset_rounds(data: Path):
    d = data / "stryktipset-tipsxtra"
    rounds = import_stryktipset(d / "stryktipset_summering.csv",
                                d / "stryktipset_detaljer_2025w19-w39.csv").rounds
    return rounds.subset(rounds.has_crowd())


def football_rounds(data: Path, last: int):
    d = data / "football-data"
    rounds = import_football_data([d / "E0" / "E0_2425.csv", d / "SP1" / "SP1_2425.csv"],
                                  priority="E0,SP1").rounds
    rounds = rounds.subset(rounds.has_odds())
    return rounds.subset(slice(len(rounds) - last, None))


def play(name: str, rounds, payouts: PayoutModel, count: int, seed: int) -> list[dict]:
    rows = []
    for kind in STRATEGIES:
        t = time.perf_counter()
        strategy = BacktestStrategy(kind, count=count, pool_value=True, promise=False,
                                    turnover=TYPICAL_TURNOVER["stryktipset"])
        res = run_backtest(rounds, strategy, STRYKTIPSET, payouts=payouts, rng=seed)
        led = res.ledger
        for _, r in led.iterrows():
            rows.append({"set": name, "strategy": kind, "round": r["round"], "tips": int(r["tips"]),
                         "cost": r["cost"], "winnings": r["winnings"],
                         "expected_return": r["expected_return"], "payout_source": r["payout_source"]})
        print(f"{name} {kind}: {len(led)} rounds in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return rows


def summary(table: pd.DataFrame, seed: int = 1) -> pd.DataFrame:
    """Per set and strategy: rounds, mean expected and realised return per stake, ROI and its CI."""
    out = []
    for (name, kind), g in table.groupby(["set", "strategy"], sort=False):
        cost, won = g["cost"].to_numpy(), g["winnings"].to_numpy()
        lo, hi = bootstrap_roi(won - cost, cost, rng=seed)
        out.append({"set": name, "strategy": kind, "rounds": len(g),
                    "expected_per_stake": (g["expected_return"] / g["cost"]).mean(),
                    "realised_per_stake": (won / cost).mean(), "roi": won.sum() / cost.sum() - 1,
                    "roi_lo": lo, "roi_hi": hi})
    return pd.DataFrame(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--count", type=int, default=100, help="rows a round (the same budget for all)")
    ap.add_argument("--rounds", type=int, default=12, help="football-data pseudo-rounds (the last ones)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sets", default="stryktipset,football-data",
                    help="which sets to play, comma-separated (stryktipset, football-data)")
    ap.add_argument("--append", action="store_true", help="add to OUT instead of replacing it")
    ap.add_argument("--out", type=Path, default=REPO / "notebooks" / "data" / "05-value-rounds.csv")
    args = ap.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no data directory {args.data}")
    sets = args.sets.split(",")
    rows = []
    if "stryktipset" in sets:
        rows += play("stryktipset", stryktipset_rounds(args.data), PayoutModel(), args.count, args.seed)
    if "football-data" in sets:
        rows += play("football-data (model)", football_rounds(args.data, args.rounds),
                     PayoutModel(method=PayoutMethod.MODEL, turnover=TYPICAL_TURNOVER["stryktipset"]),
                     args.count, args.seed)
    table = pd.DataFrame(rows)
    if args.append and args.out.is_file():
        table = pd.concat([pd.read_csv(args.out), table], ignore_index=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False, float_format="%.10g")
    print(summary(table).to_string(index=False, float_format=lambda v: f"{v:.3f}"))


if __name__ == "__main__":
    main()
