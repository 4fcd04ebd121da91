#!/usr/bin/env python
"""Make the SYNTHETIC demo rounds that ship with toto13 (toto13/data/demo-rounds/).

Seeded and reproducible: ``python scripts/make_demo_rounds.py [--seed 2026] [--rounds 60]``.
Nothing here is real: teams, odds, results, turnover, winners and quotas are all drawn at random:

* odds: per match a home strength, draw and away probabilities, plus a 10 % bookmaker margin;
* results: drawn from the margin-free probabilities;
* turnover: about EUR 600,000 a round;
* winners per tier: Poisson with the mean the crowd model expects (a crowd whose picks follow the odds
  with sharpness 1.5), and the quota = tier pool / winners rounded down to 10 cents (TOTO 13er Wette
  rules); a tier without winners has its quota left empty (missing).
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from toto13.backtest import CrowdModel, Rounds, write_rounds
from toto13.io import Outputs
from toto13.engine import poisson_binomial_pmf
from toto13.rules import TOTO13

OUT = Path(__file__).resolve().parents[1] / "toto13" / "data" / "demo-rounds"

README = """SYNTHETIC DEMO ROUNDS - NOT REAL DATA

Made by scripts/make_demo_rounds.py (seed {seed}) with toto13's own code, for demos and tests.
Teams, odds, results, turnover, winners and quotas are all drawn at random; none of it is a real
TOTO round. {rounds} weekly rounds of 13 matches in the toto13 rounds format (docs/formats.md):

  matches.csv  round,date,match,home_team,away_team,result,odds_home,odds_draw,odds_away
  payouts.csv  round,tier,quota,winners,pool,turnover (an empty quota = nobody won that tier)

How they were drawn: per match, probabilities (home, draw, away) from a random strength, odds with a
10% margin, the result drawn from the probabilities; turnover about EUR 600,000; the crowd's picks
follow the odds-implied probabilities with sharpness 1.5; winners per tier are Poisson with the mean
the crowd model gives; quota = tier pool (turnover x 0.60 x tier share) / winners, rounded down to
10 cents.
"""


def make(seed: int, n_rounds: int) -> Rounds:
    rng = np.random.default_rng(seed)
    rules = TOTO13
    m = rules.matches
    strength = rng.normal(0.25, 0.55, size=(n_rounds, m))
    home = 1 / (1 + np.exp(-strength)) * 0.72
    draw = 0.28 - 0.12 * np.abs(home - 0.36)
    probs = np.stack([home, draw, 1 - home - draw], axis=-1)
    probs = probs / probs.sum(axis=-1, keepdims=True)
    odds = np.round(1 / (probs * 1.10), 2)
    u = rng.random((n_rounds, m, 1))
    results = (u > np.cumsum(probs, axis=-1)).sum(axis=-1).astype(np.int8)
    turnover = np.round(rng.normal(600_000, 80_000, size=n_rounds), -2)
    implied = (1 / odds) / (1 / odds).sum(axis=-1, keepdims=True)
    picks = CrowdModel(1.5).picks(implied)
    hit = np.take_along_axis(picks, results[..., None].astype(np.intp), axis=2)[..., 0]
    pmf = poisson_binomial_pmf(hit)
    tiers = rules.tiers
    quotas = np.full((n_rounds, len(tiers)), np.nan)
    winners = np.zeros((n_rounds, len(tiers)))
    pools = np.zeros((n_rounds, len(tiers)))
    for c, x in enumerate(tiers):
        pools[:, c] = np.round(turnover * rules.payout_ratio * rules.tier_share(x), 2)
        winners[:, c] = rng.poisson(turnover / rules.stake * pmf[:, x])
        won = winners[:, c] > 0
        quotas[won, c] = [rules.round_quota(p / w) for p, w in zip(pools[won, c], winners[won, c])]
    ids = tuple(f"demo-{j + 1:03d}" for j in range(n_rounds))
    dates = np.datetime64("2025-01-04") + 7 * np.arange(n_rounds).astype("timedelta64[D]")
    teams = pd.DataFrame({
        "round": np.repeat(ids, m), "match": np.tile([str(k + 1) for k in range(m)], n_rounds),
        "home_team": [f"Synthetic {2 * k + 1:02d}" for _ in range(n_rounds) for k in range(m)],
        "away_team": [f"Synthetic {2 * k + 2:02d}" for _ in range(n_rounds) for k in range(m)]})
    return Rounds(ids, dates, results, tiers, quotas, winners, pools, turnover, odds, teams,
                  "synthetic")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--rounds", type=int, default=60)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    rounds = make(a.seed, a.rounds)
    with Outputs(force=True) as staged, staged.directory(a.out) as tmp:
        write_rounds(tmp, rounds)
        (tmp / "README.txt").write_text(README.format(seed=a.seed, rounds=a.rounds), encoding="utf-8")
    print(f"wrote {len(rounds)} synthetic rounds to {a.out}")


if __name__ == "__main__":
    main()
