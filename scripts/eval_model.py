"""Out-of-sample check of the Dixon-Coles model against closing odds on held-out Bundesliga seasons.

Every held-out match is predicted by a model fitted only to results before the week it is played in
(refit weekly, three years of history with time decay). The same matches are scored with Pinnacle's
closing odds (``PSC``; margin removed) for comparison.

Usage: python scripts/eval_model.py [--data ../shared/data] [--league D1] [--first 2015] [--last 2024]
       [--xi 0.0019] [--ridge 1.0]
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from toto13.estimators import predict_rolling, remove_margin, rps, brier, log_loss, favourite_hit_rate
from toto13.io.footballdata import read_football_data


def load(data: Path, league: str) -> pd.DataFrame:
    tables = []
    for f in sorted(glob.glob(str(data / "football-data" / league / f"{league}_*.csv"))):
        bk = "PSC" if "PSCH" in open(f, encoding="latin-1").readline() else None
        t = read_football_data(f, bookmaker=bk)
        t["file"] = os.path.basename(f)
        tables.append(t)
    df = pd.concat(tables, ignore_index=True)
    return df.sort_values("date", kind="stable").reset_index(drop=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "data"))
    ap.add_argument("--league", default="D1")
    ap.add_argument("--first", type=int, default=2015, help="first held-out season (start year)")
    ap.add_argument("--last", type=int, default=2024)
    ap.add_argument("--xi", type=float, default=0.0019)
    ap.add_argument("--ridge", type=float, default=1.0)
    ap.add_argument("--history-days", type=int, default=3 * 365)
    a = ap.parse_args(argv)
    data = Path(a.data)
    if not (data / "football-data" / a.league).is_dir():
        print(f"data not found in {data}; nothing to evaluate", file=sys.stderr)
        return 0
    t0 = time.perf_counter()
    df = load(data, a.league)
    start = pd.Timestamp(f"{a.first}-07-01")
    model = predict_rolling(df, start=start, xi=a.xi, ridge=a.ridge, history_days=a.history_days)
    sel = (df["season"] >= a.first) & (df["season"] <= a.last) & (df["result"] >= 0)
    odds = df[["odds_home", "odds_draw", "odds_away"]].to_numpy()
    sel &= ~np.isnan(odds).any(axis=1) & ~np.isnan(model).any(axis=1)
    sel = sel.to_numpy()
    o = df["result"].to_numpy()[sel]
    market = remove_margin(odds[sel], "shin").probs
    mult = remove_margin(odds[sel], "multiplicative").probs
    pm = model[sel]
    seasons = df["season"].to_numpy()[sel]
    rows = []
    for s in np.unique(seasons):
        k = seasons == s
        rows.append({"season": f"{int(s)}/{(int(s) + 1) % 100:02d}", "matches": int(k.sum()),
                     "rps_model": rps(pm[k], o[k]), "rps_odds_shin": rps(market[k], o[k]),
                     "rps_odds_mult": rps(mult[k], o[k])})
    tab = pd.DataFrame(rows)
    tab["diff"] = tab["rps_model"] - tab["rps_odds_shin"]
    print(f"{a.league} held-out seasons {a.first}/{(a.first + 1) % 100:02d}-"
          f"{a.last}/{(a.last + 1) % 100:02d}; "
          f"model: Dixon-Coles, xi={a.xi}/day, ridge={a.ridge}, history {a.history_days} days, weekly refit; "
          f"odds: Pinnacle closing (PSC)")
    print(tab.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    print()
    summary = pd.DataFrame([
        {"forecast": "Dixon-Coles model", "rps": rps(pm, o), "brier": brier(pm, o),
         "log_loss": log_loss(pm, o), "favourite_hit_rate": favourite_hit_rate(pm, o)},
        {"forecast": "closing odds (shin)", "rps": rps(market, o), "brier": brier(market, o),
         "log_loss": log_loss(market, o), "favourite_hit_rate": favourite_hit_rate(market, o)},
        {"forecast": "closing odds (multiplicative)", "rps": rps(mult, o), "brier": brier(mult, o),
         "log_loss": log_loss(mult, o), "favourite_hit_rate": favourite_hit_rate(mult, o)},
    ])
    print(summary.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    gap = rps(pm, o) - rps(market, o)
    print(f"\nmatches: {int(sel.sum())}; RPS model - odds = {gap:+.4f} "
          f"({'within' if gap <= 0.01 else 'NOT within'} the 0.01 target); {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
