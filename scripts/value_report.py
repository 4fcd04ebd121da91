"""Does ``value`` beat ``weighted`` and ``top``? The three at the same budget, honestly.

Every Stryktipset round with odds, real crowd shares (no placeholder rows) and a turnover (674 rounds,
2008-2025) is played with 100 tips by ``value``, ``weighted`` and ``top`` in rolling origin
(``BacktestStrategy(refit=True)``, ``toto13 backtest --refit``): each calendar year is played with a
co-winner model and a blend of odds and crowd shares fitted on the earlier years' rounds only. Quotas
are the real ones, our winning tips joining the real winners.

Prints markdown: per strategy the expected and realised return per unit staked with 95 % bootstrap
intervals over rounds, how many rounds paid anything and the share of the winnings from the best round;
per tier (10-13) expected beside realised per stake and expected beside achieved hits with the Poisson
z; the same by era. Writes one row per (strategy, round) to ROUNDS_OUT and one per (strategy, era,
tier) to TIERS_OUT (the files notebook 05 reads). The value backtest takes about 2.5 s a round: the
(strategy, era) runs share ``--jobs`` processes (about 30 minutes on two cores).

    python scripts/value_report.py [--data ../shared/data] [--eras 2008-2015,2016-2025] [--jobs 2]
    python scripts/value_report.py --saved     # the tables again from the files, in seconds
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from toto13.backtest import BacktestStrategy, import_stryktipset, run_backtest
from toto13.backtest.metrics import bootstrap_roi
from toto13.executor import Workers, run_tasks
from toto13.pool import default_crowd
from toto13.rules import STRYKTIPSET
from toto13.selection.strategy import REFIT_MIN_ROUNDS, fit_before

REPO = Path(__file__).resolve().parents[1]
STRATEGIES = ("value", "weighted", "top")
TIERS = (10, 11, 12, 13)
COMMAND = "python scripts/value_report.py --jobs 2"


def history(data: Path):
    """Every imported round (the fits' history) and the positions of the rounds that are played."""
    d = data / "stryktipset-tipsxtra"
    rounds = import_stryktipset(d / "stryktipset_summering.csv", d / "stryktipset_detaljer.csv").rounds
    played = rounds.has_odds() & rounds.has_crowd() & ~default_crowd(rounds) & (rounds.turnover > 0)
    return rounds, played


def years(rounds) -> np.ndarray:
    return rounds.dates.astype("datetime64[Y]").astype(np.int64) + 1970


def play(data: Path, kind: str, era: tuple[int, int], count: int, seed: int):
    """One strategy over one era's played rounds, fitted on the whole history's earlier years."""
    t = time.perf_counter()
    rounds, played = history(data)
    y = years(rounds)
    idx = np.flatnonzero(played & (y >= era[0]) & (y <= era[1]))
    strategy = BacktestStrategy(kind, count=count, pool_value=True, promise=False, refit=True)
    res = run_backtest(rounds.subset(idx), strategy, STRYKTIPSET, rng=seed, history=rounds)
    name = f"{era[0]}-{era[1]}"
    led = res.ledger.assign(strategy=kind, era=name, date=rounds.dates[idx].astype(str))
    cols = ["strategy", "era", "round", "date", "tips", "cost", "winnings", "expected_return",
            *[f"expected_{x}" for x in TIERS], *[f"won_{x}" for x in TIERS]]
    cost = float(led["cost"].sum())
    tiers = pd.DataFrame([{"strategy": kind, "era": name, "cost": cost, **t.as_dict(), "tier": t.tier}
                          for t in res.tier_returns])
    print(f"{kind} {name}: {len(idx)} rounds in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return led[cols], tiers


def _ci(x: np.ndarray, cost: np.ndarray, seed: int) -> str:
    """Sum(x)/sum(cost) with its 95 % bootstrap interval over rounds."""
    lo, hi = bootstrap_roi(x - cost, cost, rng=seed)
    return f"{x.sum() / cost.sum():.3f} [{lo + 1:.3f}, {hi + 1:.3f}]"


def returns_table(table: pd.DataFrame, by: list[str], seed: int) -> pd.DataFrame:
    """Per group: rounds, expected and realised return per stake with intervals, rounds that paid,
    the best round's share of the winnings and the realised return without it."""
    out = []
    for key, g in table.groupby(by, sort=False):
        cost, won = g["cost"].to_numpy(), g["winnings"].to_numpy()
        best = int(np.argmax(won))
        out.append({**dict(zip(by, key if isinstance(key, tuple) else (key,))), "rounds": len(g),
                    "expected / stake [95 %]": _ci(g["expected_return"].to_numpy(), cost, seed),
                    "realised / stake [95 %]": _ci(won, cost, seed),
                    "rounds paid": f"{(won > 0).sum()} ({(won > 0).mean():.0%})",
                    "best round": f"{g['round'].iloc[best]} ({won[best] / max(won.sum(), 1e-12):.0%})",
                    "realised without it": f"{(won.sum() - won[best]) / (cost.sum() - cost[best]):.3f}"})
    return pd.DataFrame(out)


def tier_table(tiers: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per group and tier: expected and realised per stake, hits expected and achieved, Poisson z."""
    t = tiers.assign(exp_money=tiers["expected_per_stake"] * tiers["cost"],
                     real_money=tiers["realised_per_stake"] * tiers["cost"])
    g = t.groupby([*by, "tier"], sort=False).agg(cost=("cost", "sum"), exp_money=("exp_money", "sum"),
                                                 real_money=("real_money", "sum"),
                                                 expected_hits=("expected_hits", "sum"),
                                                 achieved_hits=("achieved_hits", "sum"),
                                                 paying_rounds=("paying_rounds", "sum")).reset_index()
    g["expected / stake"] = g["exp_money"] / g["cost"]
    g["realised / stake"] = g["real_money"] / g["cost"]
    g["z"] = (g["achieved_hits"] - g["expected_hits"]) / np.sqrt(g["expected_hits"])
    return g[[*by, "tier", "expected / stake", "realised / stake", "expected_hits", "achieved_hits", "z",
              "paying_rounds"]]


def paired(table: pd.DataFrame, seed: int, resamples: int = 2000) -> pd.DataFrame:
    """Per pair of strategies: the difference of realised return per stake, with its 95 % bootstrap
    interval resampling the same rounds for both, and the share of resamples in which the first won
    more."""
    won = table.pivot(index="round", columns="strategy", values="winnings")
    cost = table.pivot(index="round", columns="strategy", values="cost")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(won), size=(resamples, len(won)))
    out = []
    for a, b in (("value", "weighted"), ("value", "top"), ("weighted", "top")):
        ra = won[a].to_numpy()[idx].sum(axis=1) / cost[a].to_numpy()[idx].sum(axis=1)
        rb = won[b].to_numpy()[idx].sum(axis=1) / cost[b].to_numpy()[idx].sum(axis=1)
        d = won[a].sum() / cost[a].sum() - won[b].sum() / cost[b].sum()
        lo, hi = np.quantile(ra - rb, [0.025, 0.975])
        out.append({"pair": f"{a} - {b}", "realised difference / stake": f"{d:+.3f}",
                    "95 % (paired bootstrap)": f"[{lo:+.3f}, {hi:+.3f}]",
                    "share of resamples the first ahead": f"{(ra > rb).mean():.0%}"})
    return pd.DataFrame(out)


def markdown(frame: pd.DataFrame) -> str:
    """A markdown table (floats to 3 decimals, hits to 1)."""
    def cell(v) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)
    rows = [list(frame.columns), ["---"] * frame.shape[1],
            *[[cell(v) for v in r] for r in frame.itertuples(index=False)]]
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def fallbacks(data: Path, eras: list[tuple[int, int]]) -> str:
    """Which played years were priced with the package's co-winner model or the odds alone."""
    rounds, played = history(data)
    y = years(rounds)
    lines = []
    for year in sorted({int(v) for v in y[played] if any(a <= v <= b for a, b in eras)}):
        fit = fit_before(rounds, STRYKTIPSET, year)
        n = int((played & (y == year)).sum())
        if fit.cowinners is None or fit.blend is None:
            lines.append(f"- {year} ({n} rounds): "
                         + ("the package's default co-winner model (fitted on the whole history, so "
                            f"not out of sample): {fit.rounds} earlier usable rounds < "
                            f"{REFIT_MIN_ROUNDS}" if fit.cowinners is None else "")
                         + ("; " if fit.cowinners is None and fit.blend is None else "")
                         + ("the odds alone (too few earlier matches for the blend)"
                            if fit.blend is None else ""))
    return "\n".join(lines) or "- none: every year had its own fits"


def _play_job(settings: tuple[Path, int, int], job: tuple[str, tuple[int, int]]):
    """One (strategy, era) run: a task of toto13.executor.run_tasks."""
    data, count, seed = settings
    return play(data, job[0], job[1], count, seed)


def run_all(args: argparse.Namespace, eras: list[tuple[int, int]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every (strategy, era) in ``args.jobs`` processes; both tables written to their files."""
    jobs = [(k, e) for k in STRATEGIES for e in eras]
    done = run_tasks(_play_job, (args.data, args.count, args.seed), jobs, Workers(args.jobs))
    table = pd.concat([d[0] for d in done], ignore_index=True)
    tiers = pd.concat([d[1] for d in done], ignore_index=True)
    for path, frame in ((args.rounds_out, table), (args.tiers_out, tiers)):
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(path, index=False, float_format="%.10g")
    return table, tiers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--count", type=int, default=100, help="tips a round (the same budget for all)")
    ap.add_argument("--eras", default="2008-2015,2016-2025", help="year ranges, comma-separated")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the (strategy, era) runs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--saved", action="store_true",
                    help="print the tables from the files written by an earlier run (no backtest)")
    ap.add_argument("--rounds-out", type=Path, default=REPO / "notebooks" / "data" / "05-value-rounds.csv")
    ap.add_argument("--tiers-out", type=Path, default=REPO / "notebooks" / "data" / "05-value-tiers.csv")
    args = ap.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no data directory {args.data}")
    eras = [tuple(int(v) for v in e.split("-")) for e in args.eras.split(",")]
    if args.saved:
        table, tiers = pd.read_csv(args.rounds_out), pd.read_csv(args.tiers_out)
    else:
        table, tiers = run_all(args, eras)
    print(f"Reproduce: `{COMMAND}`\n\n## Per strategy, {table['round'].nunique()} rounds\n")
    print(markdown(returns_table(table, ["strategy"], args.seed)))
    print("\n" + markdown(paired(table, args.seed)))
    print("\n## Per tier\n\n" + markdown(tier_table(tiers, ["strategy"])))
    print("\n## By era\n\n" + markdown(returns_table(table, ["strategy", "era"], args.seed)))
    print("\n" + markdown(tier_table(tiers, ["strategy", "era"])))
    print("\n## Fallbacks (years not fitted on earlier rounds alone)\n\n" + fallbacks(args.data, eras))


if __name__ == "__main__":
    main()
