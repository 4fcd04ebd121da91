"""Calibrate and check the pool model (toto13.pool) on the real Stryktipset rounds.

    python scripts/calibrate_pool.py [DATA_DIR] [--no-returns]

DATA_DIR defaults to ../shared/data (or $TOTO13_SHARED_DATA); it needs stryktipset-tipsxtra/ with the
details file (odds, crowd shares and results of rounds 202519-202539) and the summary file (turnover,
winners ant13..ant10, quotas utd13..utd10), joined on svspelinfo_id = id.

Prints, as markdown:
1. the fitted negative-binomial shapes per tier (the constants toto13.pool.CALIBRATED_SHAPES);
2. leaving one round out at a time: per tier the median real/predicted winners and the coverage of 90%
   predictive intervals, for the calibrated and the independent (poisson) model;
3. mean expected return per unit staked over the rounds of: the 100 likeliest rows, 100 rows drawn by
   probability (seeded), the 100 rows of highest modelled return, and a row drawn from the crowd's
   own shares, under both co-winner models (single rows, Stryktipset rules); the first line, the
   independent model without the minimum quota, is the check against the published-model figures
   (0.56 / 0.80 / 3.4 / 0.585).
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from toto13.backtest.payouts import odds_probabilities
from toto13.engine import poisson_binomial_pmf
from toto13.pool import CoWinners, Pool, fit_co_winner_shape, tip_returns
from toto13.rules import STRYKTIPSET
from toto13.tickets.evaluate import result_probabilities

TIERS = (13, 12, 11, 10)
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("TOTO13_SHARED_DATA", ROOT.parent / "shared" / "data"))
_CODE = {"1": 0, "X": 1, "2": 2}


def load_rounds(data: Path) -> list[dict]:
    """The rounds of the details file with their summary row: probs, crowd, result, turnover,
    winners and quotas per tier (13, 12, 11, 10)."""
    d = data / "stryktipset-tipsxtra"
    det = pd.read_csv(next(d.glob("stryktipset_detaljer_*.csv")), sep=";")
    summ = pd.read_csv(d / "stryktipset_summering.csv", sep=";").set_index("id")
    out = []
    for sid, g in det.groupby("svspelinfo_id", sort=False):
        g = g.sort_values("matchnummer")
        s = summ.loc[sid]
        odds = g[["oddset1", "oddsetx", "oddset2"]].to_numpy(float)
        crowd = g[["svenska_folket1", "svenska_folketx", "svenska_folket2"]].to_numpy(float)
        out.append({
            "omg": int(s["omg"]), "probs": odds_probabilities(odds),
            "crowd": crowd / crowd.sum(axis=1, keepdims=True),
            "result": g["utfall"].map(_CODE).to_numpy(), "turnover": float(s["turnover"]),
            "winners": np.array([s[f"ant{k}"] for k in TIERS], dtype=float),
            "quotas": np.array([s[f"utd{k}"] for k in TIERS], dtype=float)})
    return sorted(out, key=lambda r: r["omg"])


def independent_means(rounds: list[dict]) -> np.ndarray:
    """``λ_k = rows · P_crowd(k strikes | real result)`` per round and tier, shape (rounds, 4)."""
    lam = []
    for r in rounds:
        hit = r["crowd"][np.arange(13), r["result"]]
        pmf = poisson_binomial_pmf(hit)
        lam.append(r["turnover"] / STRYKTIPSET.stake * pmf[list(TIERS)])
    return np.array(lam)


def fit_shapes(lam: np.ndarray, winners: np.ndarray) -> np.ndarray:
    """Per tier the maximum-likelihood negative-binomial shape."""
    return np.array([fit_co_winner_shape(lam[:, j], winners[:, j]) for j in range(lam.shape[1])])


def _interval(lam, shape):
    if np.isinf(shape):
        return stats.poisson.ppf(0.05, lam), stats.poisson.ppf(0.95, lam)
    p = shape / (shape + lam)
    return stats.nbinom.ppf(0.05, shape, p), stats.nbinom.ppf(0.95, shape, p)


def leave_one_out(lam: np.ndarray, winners: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per model, (median real/predicted per tier, 90%-interval hits per round and tier)."""
    out = {}
    n, t = lam.shape
    for model in ("calibrated", "poisson"):
        hits = np.zeros((n, t), dtype=bool)
        for i in range(n):
            keep = np.arange(n) != i
            shapes = fit_shapes(lam[keep], winners[keep]) if model == "calibrated" else np.full(t, np.inf)
            for j in range(t):
                lo, hi = _interval(lam[i, j], shapes[j])
                hits[i, j] = lo <= winners[i, j] <= hi
        out[model] = (np.median(winners / lam, axis=0), hits)
    return out


def returns_table(rounds: list[dict], rng: int = 20251127) -> dict[str, dict[str, float]]:
    """Mean expected return per unit staked (single rows) of four row choices, per co-winner model."""
    gen = np.random.default_rng(rng)
    draws = {}
    out: dict[str, dict[str, float]] = {}
    cases = [("poisson, no minimum quota", CoWinners.POISSON, 0.0),
             ("poisson", CoWinners.POISSON, None), ("calibrated", CoWinners.CALIBRATED, None)]
    for label, model, min_quota in cases:
        acc = {"likeliest 100": [], "drawn by probability 100": [], "drawn by probability (exact mean)": [],
               "highest modelled 100": [], "crowd row": []}
        for i, r in enumerate(rounds):
            pool = Pool(STRYKTIPSET, r["turnover"], co_winners=model, min_quota=min_quota)
            rr = tip_returns(r["probs"], r["crowd"], pool) / STRYKTIPSET.stake
            p = result_probabilities(r["probs"])
            if i not in draws:
                draws[i] = gen.choice(p.size, size=100, replace=False, p=p)
            acc["likeliest 100"].append(rr[np.argsort(-p, kind="stable")[:100]].mean())
            acc["drawn by probability 100"].append(rr[draws[i]].mean())
            acc["drawn by probability (exact mean)"].append(float(p @ rr))
            acc["highest modelled 100"].append(np.sort(rr)[-100:].mean())
            acc["crowd row"].append(float(result_probabilities(r["crowd"]) @ rr))
        out[label] = {k: float(np.mean(v)) for k, v in acc.items()}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--no-returns", action="store_true", help="skip the expected-return comparison")
    ap.add_argument("--out", type=Path, help="also write the report to this markdown file")
    args = ap.parse_args(argv)
    if not (args.data / "stryktipset-tipsxtra").is_dir():
        print(f"no Stryktipset data under {args.data}", file=sys.stderr)
        return 2
    if args.out is not None:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            code = main([str(args.data)] + (["--no-returns"] if args.no_returns else []))
        text = buf.getvalue()
        print(text, end="")
        args.out.write_text(f"Command: `python scripts/calibrate_pool.py`\n\n{text}", encoding="utf-8")
        return code
    rounds = load_rounds(args.data)
    lam = independent_means(rounds)
    winners = np.array([r["winners"] for r in rounds])
    shapes = fit_shapes(lam, winners)
    print(f"## Pool model calibration ({len(rounds)} Stryktipset rounds "
          f"{rounds[0]['omg']}-{rounds[-1]['omg']})\n")
    print("Fitted negative-binomial shape per tier (CALIBRATED_SHAPES, by misses 0..3):")
    print("(" + ", ".join(f"{s:.4f}" for s in shapes) + ")\n")
    loo = leave_one_out(lam, winners)
    print("Leave one round out: median real/predicted winners, and coverage of 90% predictive "
          "intervals\n")
    print("| model | " + " | ".join(f"ratio {k}" for k in TIERS) + " | " +
          " | ".join(f"cover {k}" for k in TIERS) + " | cover all |")
    print("|---" * 10 + "|")
    for model, (ratio, hits) in loo.items():
        cells = [f"{x:.2f}" for x in ratio] + [f"{h:.0%}" for h in hits.mean(axis=0)]
        print(f"| {model} | " + " | ".join(cells) + f" | {hits.mean():.1%} ({hits.sum()}/{hits.size}) |")
    worst = int(np.argmin(lam[:, 0]))
    print(f"\nMost surprising round {rounds[worst]['omg']}: real winners "
          + ", ".join(f"{k}: {int(w)} vs {m:.2g}" for k, w, m in zip(TIERS, winners[worst], lam[worst]))
          + " predicted.\n")
    if not args.no_returns:
        t0 = time.perf_counter()
        table = returns_table(rounds)
        print("Mean expected return per unit staked (single rows, Stryktipset rules: 65%, 40/15/12/25, "
              "minimum quota 15 SEK unless said; mean of the rounds; 100 rows drawn with seed 20251127)\n")
        keys = list(next(iter(table.values())))
        print("| co-winners | " + " | ".join(keys) + " |")
        print("|---" * (len(keys) + 1) + "|")
        for model, row in table.items():
            print(f"| {model} | " + " | ".join(f"{row[k]:.3f}" for k in keys) + " |")
        print(f"\n({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
