#!/usr/bin/env python
"""Make the SYNTHETIC demo coupon that ships with toto13 (toto13/data/demo-coupon/coupon.csv).

``python scripts/make_demo_coupon.py [--out DIR]``: the last of the synthetic demo rounds (made by
scripts/make_demo_rounds.py) as a coupon file: its teams, odds and result, and crowd shares in whole
percent (as the pools publish them) from the same crowd model the demo rounds were drawn with
(picks follow the odds-implied probabilities with sharpness 1.5). Deterministic: nothing is drawn.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from toto13.backtest import CrowdModel, read_rounds
from toto13.estimators.margin import odds_probabilities
from toto13.io import Outputs
from toto13.io.coupon import round_coupon, write_coupon

DATA = Path(__file__).resolve().parents[1] / "toto13" / "data"
OUT = DATA / "demo-coupon"

README = """SYNTHETIC DEMO COUPON - NOT REAL DATA

Made by scripts/make_demo_coupon.py with toto13's own code from round {rid} of the synthetic demo
rounds (../demo-rounds, made by scripts/make_demo_rounds.py). The teams, odds and result are that
round's; the crowd shares are the crowd model's picks from the odds-implied probabilities
(sharpness 1.5, the demo rounds' own), in whole percent with each match's shares adding up to 100.

  coupon.csv  match,home_team,away_team,odds_home,odds_draw,odds_away,crowd_home,crowd_draw,crowd_away,result
"""


def whole_percent(shares: np.ndarray) -> np.ndarray:
    """Shares as whole percent adding up to 100 per row (largest remainders get the rounding)."""
    raw = shares * 100
    out = np.floor(raw)
    for i in range(len(out)):
        left = int(100 - out[i].sum())
        out[i, np.argsort(out[i] - raw[i])[:left]] += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"output directory [default: {OUT}]")
    out = parser.parse_args().out
    rounds = read_rounds(DATA / "demo-rounds")
    j = len(rounds) - 1
    coupon = round_coupon(rounds, j)
    picks = CrowdModel(1.5).picks(odds_probabilities(rounds.odds[j], "multiplicative"))
    coupon = type(coupon)(coupon.matches, coupon.home_teams, coupon.away_teams, coupon.odds,
                          whole_percent(picks) / 100, None, coupon.result, "")
    with Outputs(force=True) as outputs:
        write_coupon(out / "coupon.csv", coupon, outputs=outputs)
        with outputs.open(out / "README.txt") as fh:
            fh.write(README.format(rid=rounds.ids[j]))
    print(f"wrote {out}/coupon.csv and README.txt (round {rounds.ids[j]})")


if __name__ == "__main__":
    main()
