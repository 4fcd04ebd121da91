"""Odds and the crowd on real Stryktipset rounds: margin methods, rolling-origin blend weights, calibration.

Reads the TipsXtra Stryktipset export (summary and details, 1999-2025), keeps the matches with odds that
were played (not drawn by lot), and prints as markdown:

1. the margin methods (multiplicative, power, Shin) compared by log loss, odds alone and blended with
   the crowd's shares by rolling origin (each season from a fit on earlier seasons only);
2. the rolling-origin blend weights per season (the shipped default: power, intercepts, the recency
   half-life chosen per season on earlier seasons);
3. calibration by spelvärde (probability / crowd share) for the odds alone (multiplicative, power) and
   the rolling-origin blend, all seasons with a blend and 2016 on, and the acceptance check: every bin
   of at least 200 outcomes within |z| <= 2.

Crowd shares of exactly 43/28/29 or 34/33/33 % are the export's placeholders (data README §2): the
importer keeps them, so this script sets them unknown (those matches fall back to the odds alone and
are left out of fits and calibration). Seasons are calendar years. Runs about a minute.

    python scripts/blend_report.py [--data DATA_DIR] [--min-matches 1000]

DATA_DIR holds ``stryktipset-tipsxtra/`` (default: ``$TOTO13_SHARED_DATA``, else the folder
``shared/data`` next to the checkout).
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np
import pandas as pd

from toto13.backtest import import_stryktipset
from toto13.estimators import blend_by_season, calibration_by_value, remove_margin
from toto13.estimators.blend import DEFAULT_BLEND_MARGIN, DEFAULT_HALF_LIVES

REPO = Path(__file__).resolve().parents[1]
METHODS = ("multiplicative", "power", "shin")
PLACEHOLDERS = ((43, 28, 29), (34, 33, 33))
LATE = 2016


def load(data: Path) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """Per-match arrays (odds, crowd, outcome, date, season) of the played matches with odds."""
    d = data / "stryktipset-tipsxtra"
    r = import_stryktipset(d / "stryktipset_summering.csv", d / "stryktipset_detaljer.csv").rounds
    m = r.results.shape[1]
    lot = np.zeros(r.results.shape, dtype=bool)
    where = {rid: i for i, rid in enumerate(r.ids)}
    for rid, match, by_lot in zip(r.teams["round"], r.teams["match"], r.teams["by_lot"]):
        lot[where[rid], int(match) - 1] = by_lot == 1
    odds, crowd = r.odds.reshape(-1, 3), r.crowd.reshape(-1, 3).copy()
    keep = np.isfinite(odds).all(axis=1) & ~lot.ravel()
    pct = np.round(crowd * 100)
    placeholder = np.zeros(len(crowd), dtype=bool)
    for shares in PLACEHOLDERS:
        placeholder |= (pct == shares).all(axis=1)
    notes = {"matches with odds, played": int(keep.sum()),
             "of them with placeholder crowd shares (set unknown)": int((keep & placeholder).sum())}
    team_crowd = crowd[keep].copy()
    crowd[placeholder] = np.nan
    notes["of them with real crowd shares"] = int((keep & np.isfinite(crowd).all(axis=1)).sum())
    dates = np.repeat(r.dates, m)[keep]
    arrays = {"odds": odds[keep], "crowd": crowd[keep], "team_crowd": team_crowd,
              "y": r.results.reshape(-1)[keep].astype(np.int64), "dates": dates,
              "season": dates.astype("datetime64[Y]").astype(np.int64) + 1970}
    return arrays, notes


def markdown(df: pd.DataFrame, digits: int = 3) -> str:
    """A DataFrame as a markdown table (pandas' own needs the optional tabulate package)."""
    def cell(v) -> str:
        return f"{v:.{digits}f}" if isinstance(v, (float, np.floating)) else str(v)
    lines = ["| " + " | ".join(map(str, df.columns)) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def log_loss_of(p: np.ndarray, y: np.ndarray, mask: np.ndarray) -> float:
    return float(-np.log(p[mask][np.arange(int(mask.sum())), y[mask]]).mean())


def margin_comparison(a: dict, min_matches: int) -> tuple[pd.DataFrame, dict]:
    """Log loss per margin method: odds alone, and the rolling-origin blend without and with intercepts
    (no recency weighting, so that the margin method is the only difference), on the same matches."""
    runs, fitted = {}, None
    for method in METHODS:
        q = remove_margin(a["odds"], method).probs
        runs[method, "odds alone"] = q
        for label, icpt in (("blend", False), ("blend + intercepts", True)):
            p, fits = blend_by_season(q, a["crowd"], a["y"], a["season"], dates=a["dates"],
                                      margin_method=method, intercepts=icpt, half_life=None,
                                      min_matches=min_matches)
            runs[method, label] = p
            seasons = [s for s, f in fits.items() if f is not None]
            fitted = seasons if fitted is None else sorted(set(fitted) & set(seasons))
    ev = np.isfinite(a["crowd"]).all(axis=1) & np.isin(a["season"], fitted)
    rows = []
    for (method, label), p in runs.items():
        rows.append({"margin method": method, "forecast": label,
                     f"log loss {min(fitted)}-{LATE - 1}": log_loss_of(p, a["y"], ev & (a["season"] < LATE)),
                     f"log loss {LATE}+": log_loss_of(p, a["y"], ev & (a["season"] >= LATE)),
                     "log loss all": log_loss_of(p, a["y"], ev)})
    return pd.DataFrame(rows), {"matches": int(ev.sum()), "first season": min(fitted)}


def weights_table(fits: dict) -> pd.DataFrame:
    rows = []
    for season, f in fits.items():
        if f is None:
            rows.append({"season": season, "matches": 0, "fitted on": "(odds alone: too little history)"})
            continue
        se = f.stderr
        rows.append({"season": season, "matches": f.matches, "fitted on": f"{f.first} .. {f.last}",
                     "half-life (days)": "none" if f.half_life is None else f"{f.half_life:.0f}",
                     "odds weight a": f"{f.odds_weight:.3f} ± {se[0]:.3f}",
                     "crowd weight b": f"{f.crowd_weight:.3f} ± {se[1]:.3f}",
                     "d draw": f"{f.a_draw:.3f} ± {se[2]:.3f}", "d away": f"{f.a_away:.3f} ± {se[3]:.3f}"})
    return pd.DataFrame(rows).fillna("")


def calibration_section(a: dict, forecasts: dict[str, np.ndarray], mask: np.ndarray) -> list[str]:
    """Markdown: one spelvärde table per forecast and period, and the |z| <= 2 check per table."""
    lines = []
    for period, m in ((f"all seasons with a blend ({int(mask.sum())} matches)", mask),
                      (f"{LATE} on ({int((mask & (a['season'] >= LATE)).sum())} matches)",
                       mask & (a["season"] >= LATE))):
        for name, p in forecasts.items():
            t = calibration_by_value(p[m], a["crowd"][m], a["y"][m])
            big = t[t["n"] >= 200]
            verdict = "holds" if (big["z"].abs() <= 2).all() else "FAILS"
            lines += [f"\n#### {name}, {period}: every bin with n >= 200 has |z| <= 2: {verdict} "
                      f"(max |z| {big['z'].abs().max():.2f})\n",
                      markdown(t)]
    return lines


def team_figure(a: dict) -> str:
    """The earlier measurement: outcomes of multiplicative spelvärde >= 2, placeholder shares kept."""
    c = a["team_crowd"]
    ok = np.isfinite(c).all(axis=1)
    qm = remove_margin(a["odds"], "multiplicative").probs
    qp = remove_margin(a["odds"], "power").probs
    hit = a["y"][ok, None] == np.arange(3)
    sel = qm[ok] / c[ok] >= 2
    return (f"Outcomes of multiplicative spelvärde >= 2 ({int(ok.sum())} matches with shares, placeholders "
            f"kept): {int(sel.sum())} outcomes, happened {hit[sel].mean():.1%}, multiplicative "
            f"{qm[ok][sel].mean():.1%}, power {qp[ok][sel].mean():.1%}.")


def main() -> None:
    default = Path(os.environ.get("TOTO13_SHARED_DATA", REPO.parent / "shared" / "data"))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default)
    ap.add_argument("--min-matches", type=int, default=1000,
                    help="fewest earlier matches a season's blend is fitted on")
    args = ap.parse_args()
    a, notes = load(args.data)
    print("## Data\n")
    print("\n".join(f"- {k}: {v:,}" for k, v in notes.items()))
    print(f"- {team_figure(a)}")
    table, info = margin_comparison(a, args.min_matches)
    print(f"\n## Margin methods: log loss on {info['matches']:,} matches with real crowd shares, seasons "
          f"{info['first season']} on (rolling origin, no recency weighting)\n")
    print(markdown(table, 5))
    p, fits = blend_by_season(a["odds"], a["crowd"], a["y"], a["season"], dates=a["dates"],
                              min_matches=args.min_matches)
    print(f"\n## Rolling-origin blend (default: {DEFAULT_BLEND_MARGIN.value}, intercepts, half-life "
          f"chosen per season from {list(DEFAULT_HALF_LIVES)} days)\n")
    print(markdown(weights_table(fits)))
    mask = np.isfinite(a["crowd"]).all(axis=1) & np.isin(a["season"], [s for s, f in fits.items() if f])
    print(f"\nLog loss of the default blend: all {log_loss_of(p, a['y'], mask):.5f}, {LATE}+ "
          f"{log_loss_of(p, a['y'], mask & (a['season'] >= LATE)):.5f}")
    print("\n## Calibration by spelvärde (p / crowd share), every outcome of every match\n")
    forecasts = {"odds alone (multiplicative)": remove_margin(a["odds"], "multiplicative").probs,
                 "odds alone (power)": remove_margin(a["odds"], "power").probs,
                 "rolling-origin blend (default)": p}
    print("\n".join(calibration_section(a, forecasts, mask)))


if __name__ == "__main__":
    main()
