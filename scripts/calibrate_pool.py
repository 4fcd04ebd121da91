"""Calibrate and check the pool model (toto13.pool) on the real Stryktipset rounds.

    python scripts/calibrate_pool.py [DATA_DIR] [--no-returns]

DATA_DIR defaults to ../shared/data (or $TOTO13_SHARED_DATA); it needs stryktipset-tipsxtra/ with the
details file stryktipset_detaljer.csv (odds, crowd shares and results of 1,235 rounds) and the summary
file (turnover, winners ant13..ant10, quotas utd13..utd10), read by toto13.backtest.import_stryktipset.
The fit and its check are toto13.pool.fit_co_winner_model and toto13.pool.rolling_check; this script
reads the data and prints.

Prints, as markdown:
1. the co-winner model fitted on every usable round (the constants toto13.pool.DEFAULT_CO_WINNER_MODEL),
   as Python, with standard errors;
2. the rolling-origin check (each year predicted from the earlier years): per tier the quintile ratios
   (mean real / predicted winners, most surprising fifth first) and the coverage of 90% intervals, for
   all years predicted, before 2016 and from 2016;
3. mean expected return per unit staked over the last 21 rounds (202519-202539) of: the 100
   likeliest rows, 100 rows drawn by probability (seeded), the 100 rows of highest modelled return,
   and a row drawn from the crowd's own shares, under both co-winner models (single rows, Stryktipset
   rules); the first line, the independent model without the minimum quota, is the check against
   the published-model figures (0.56 / 0.80 / 3.4 / 0.585).
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

from toto13.backtest import import_stryktipset
from toto13.backtest.payouts import odds_probabilities
from toto13.io.rounds import Rounds
from toto13.pool import (
    CoWinners,
    Pool,
    fit_co_winner_model,
    rolling_check,
    tip_returns,
    winner_counts,
)
from toto13.rules import STRYKTIPSET
from toto13.tickets.evaluate import result_probabilities

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("TOTO13_SHARED_DATA", ROOT.parent / "shared" / "data"))


def load_rounds(data: Path) -> Rounds:
    """Every round of the summary file, with odds and crowd shares where the details file has them."""
    d = data / "stryktipset-tipsxtra"
    return import_stryktipset(d / "stryktipset_summering.csv", d / "stryktipset_detaljer.csv").rounds


def returns_table(rounds: Rounds, rng: int = 20251127) -> dict[str, dict[str, float]]:
    """Mean expected return per unit staked (single rows) of four row choices, per co-winner model."""
    gen = np.random.default_rng(rng)
    probs = odds_probabilities(rounds.odds)
    draws = {}
    out: dict[str, dict[str, float]] = {}
    cases = [("poisson, no minimum quota", CoWinners.POISSON, 0.0),
             ("poisson", CoWinners.POISSON, None), ("calibrated", CoWinners.CALIBRATED, None)]
    for label, model, min_quota in cases:
        acc = {"likeliest 100": [], "drawn by probability 100": [], "drawn by probability (exact mean)": [],
               "highest modelled 100": [], "crowd row": []}
        for i in range(len(rounds)):
            pool = Pool(STRYKTIPSET, rounds.turnover[i], co_winners=model, min_quota=min_quota)
            rr = tip_returns(probs[i], rounds.crowd[i], pool) / STRYKTIPSET.stake
            p = result_probabilities(probs[i])
            if i not in draws:
                draws[i] = gen.choice(p.size, size=100, replace=False, p=p)
            acc["likeliest 100"].append(rr[np.argsort(-p, kind="stable")[:100]].mean())
            acc["drawn by probability 100"].append(rr[draws[i]].mean())
            acc["drawn by probability (exact mean)"].append(float(p @ rr))
            acc["highest modelled 100"].append(np.sort(rr)[-100:].mean())
            acc["crowd row"].append(float(result_probabilities(rounds.crowd[i]) @ rr))
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
    counts = winner_counts(rounds, STRYKTIPSET)
    ids = counts.ids
    model = fit_co_winner_model(counts, STRYKTIPSET)
    print(f"## Co-winner model ({len(ids)} Stryktipset rounds {ids[0]}-{ids[-1]}, placeholder crowd "
          "shares left out)\n")
    print("```python")
    for name in ("center", "scale", "z_low", "z_high", "shapes", "size_center", "size_scale", "size_low",
                 "size_high"):
        print(f"{name}=(" + ", ".join(f"{v:.6f}" for v in getattr(model, name)) + "),")
    for name in ("coefs", "size_coefs"):
        print(f"{name}=(" + ", ".join("(" + ", ".join(f"{v:.6f}" for v in c) + ")"
                                      for c in getattr(model, name)) + "),")
    print("```\n")
    print("Standard errors (coefficients, size coefficients, then shape) per tier:")
    for k, se in zip(counts.tiers, model.standard_errors):
        print(f"- {k}: " + ", ".join(f"{v:.4f}" for v in se))
    check = rolling_check(counts, STRYKTIPSET)
    print("\nRolling origin (each year fitted on the earlier years): quintile ratio real/predicted, "
          "most surprising fifth first; coverage of 90% intervals\n")
    print("| years | tier | quintile_ratio | coverage_90 | rounds |")
    print("|---|---|---|---|---|")
    for label, part in (("all", check), ("before 2016", check.between(None, 2015)),
                        ("2016 on", check.between(2016))):
        for j, k in enumerate(part.tiers):
            q = " / ".join(f"{v:.2f}" for v in part.quintile_ratio[j])
            print(f"| {label} | {k} | {q} | {part.coverage_90[j]:.3f} | {part.rounds[j]} |")
    print()
    if not args.no_returns:
        t0 = time.perf_counter()
        table = returns_table(rounds.subset([rounds.ids.index(i) for i in ids[-21:]]))
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
