# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 — Estimators: which match probabilities are worth trusting?
#
# The recipe needs a per-match hit rate; the exact engine needs per-match probabilities. This notebook
# compares the ways `toto13.estimators` gets them, on real Bundesliga seasons (football-data.co.uk
# files as they are):
#
# 1. the recipe's **hit-rate ladder** per season: random guessing (1/3), always *home win*, and the
#    *favourite by the odds*;
# 2. **calibration** of each margin-removal method on closing odds;
# 3. **RPS by season** for closing odds against the Dixon–Coles model fitted only on earlier results.
#
# **The data** is public and not part of toto13 (docs/data-sources.md says more, with the licences).
# Put it in one folder and point the environment variable `TOTO13_DATA` at it:
#
# - `football-data/D1/D1_SSSS.csv`: the Bundesliga season files of football-data.co.uk, downloaded from
#   `https://www.football-data.co.uk/mmz4281/SSSS/D1.csv` (`SSSS` = `9394` … `2425`) and renamed;
# - `engsoccerdata/germany.csv`: every German top-flight result since 1963, the file `data-raw/germany.csv`
#   of the engsoccerdata repository, https://github.com/jalapic/engsoccerdata (GPL >= 2).
#
# Without `TOTO13_DATA` the notebook looks in the folder `shared/data` next to the checkout, where the project's
# CI keeps a copy of these files. If the folder is absent, the notebook says so and skips the data cells
# (nothing fails).

# %%
from pathlib import Path
import glob

import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

from IPython.display import Markdown, display

from toto13.estimators import (MarginMethod, base_rates, calibration_table, favourite_hit_rate,
                               predict_rolling, remove_margin, rps)
from toto13.io.footballdata import read_engsoccer, read_football_data

import os
DATA = Path(os.environ.get("TOTO13_DATA", Path("..").resolve().parent / "shared" / "data"))
HAVE_DATA = (DATA / "football-data" / "D1").is_dir()
print("data:", DATA if HAVE_DATA else f"NOT FOUND at {DATA} - the data cells below are skipped")

# %% [markdown]
# ## The seasons
# Every D1 season file, read with the closing Pinnacle odds where present (`PSC`, from 2012/13) and the
# best available otherwise (`auto`). Matches with missing odds are counted, not dropped silently.

# %%
seasons = {}
if HAVE_DATA:
    for f in sorted(glob.glob(str(DATA / "football-data" / "D1" / "D1_*.csv"))):
        t = read_football_data(f)
        seasons[int(t["season"].iloc[0])] = t
    summary = pd.DataFrame({s: {"matches": len(t), "odds": t.attrs["bookmaker"],
                                "missing odds": len(t.attrs["missing_odds"])}
                            for s, t in sorted(seasons.items())}).T
    display(summary.T)

# %% [markdown]
# ## The hit-rate ladder
# Per season: how often is a pick right? Random guessing hits 1/3 on average; the recipe's rule, always
# tip *home win*, hits the home-win rate; the favourite by the odds hits more. How close does the
# home-win rule come to the recipe's `p = 1/2`?

# %%
if HAVE_DATA:
    ladder = []
    for s, t in sorted(seasons.items()):
        o = t["result"].to_numpy()
        row = {"season": s, "random 1/3": 1 / 3, "home win": float((o == 0).mean())}
        odds = t[["odds_home", "odds_draw", "odds_away"]].to_numpy()
        ok = ~np.isnan(odds).any(axis=1)
        row["favourite by odds"] = favourite_hit_rate(remove_margin(odds[ok]).probs, o[ok]) if ok.any() else np.nan
        ladder.append(row)
    ladder = pd.DataFrame(ladder).set_index("season")
    ax = ladder.plot(marker="o", figsize=(10, 4), ylabel="hit rate per match", title="Bundesliga hit-rate ladder")
    ax.axhline(0.5, color="grey", lw=0.8, ls=":")
    display(ladder.describe().loc[["mean", "min", "max"]].round(3))
    home = ladder["home win"]
    low = home.nsmallest(3)
    display(Markdown(
        f"Over {home.index.min()}/{home.index.min() % 100 + 1:02d}–{home.index.max()}/"
        f"{home.index.max() % 100 + 1:02d} the home-win rule hits {home.mean():.1%} on average, "
        f"{home.max():.1%} in its best season ({home.idxmax()}/{home.idxmax() % 100 + 1:02d}); the recipe's "
        f"`p = 1/2` is {'above' if home.max() < 0.5 else 'at the top of'} that range. The three weakest "
        f"seasons: " + ", ".join(f"{s}/{s % 100 + 1:02d} ({v:.1%})" for s, v in low.items()) +
        f". The two seasons played largely without crowds, 2019/20 and 2020/21, had {home.get(2019, np.nan):.1%} "
        f"and {home.get(2020, np.nan):.1%}."))

# %% [markdown]
# Home base rate over the longest record, engsoccerdata 1963/64–2024/25 (tier 1, the Bundesliga), and
# how it moved by decade.

# %%
if HAVE_DATA:
    eng = read_engsoccer(DATA / "engsoccerdata" / "germany.csv", tier=1)
    r = base_rates(eng, seasons=(1963, 2024))
    print(f"{r.matches} matches: home {r.probs[0]:.1%}, draw {r.probs[1]:.1%}, away {r.probs[2]:.1%}")
    by_decade = eng.assign(decade=(eng.season // 10 * 10).astype(int))
    display(by_decade.groupby("decade")["result"].apply(lambda o: (o == 0).mean()).rename("home win").round(3).to_frame().T)

# %% [markdown]
# ## Calibration of the margin-removal methods
# Closing Pinnacle odds, 2012/13–2024/25. Every forecast probability (three per match) is binned; a
# calibrated method lies on the diagonal. The methods differ mostly for long shots, where the
# multiplicative method leaves the favourite–longshot bias in.

# %%
if HAVE_DATA:
    closing = pd.concat([t for s, t in seasons.items() if t.attrs["bookmaker"] == "PSC"])
    closing = closing[~closing[["odds_home", "odds_draw", "odds_away"]].isna().any(axis=1)]
    odds = closing[["odds_home", "odds_draw", "odds_away"]].to_numpy()
    o = closing["result"].to_numpy()
    probs = {m.value: remove_margin(odds, m).probs for m in MarginMethod}
    fig, axes = plt.subplots(1, 2, figsize=(12, 5))
    for name, p in probs.items():
        c = calibration_table(p, o, bins=10)
        c = c[(c.outcome == "all") & (c.n >= 30)]
        axes[0].plot(c.forecast, c.observed, marker="o", label=name)
        axes[1].plot(c.forecast, c.observed - c.forecast, marker="o", label=name)
    axes[0].plot([0, 1], [0, 1], color="grey", lw=0.8)
    axes[0].set(xlabel="forecast probability", ylabel="observed frequency", title=f"{len(o)} matches")
    axes[1].axhline(0, color="grey", lw=0.8)
    axes[1].set(xlabel="forecast probability", ylabel="observed - forecast", title="deviation")
    axes[0].legend()
    fig.tight_layout()
    margin_rps = pd.DataFrame({k: {"rps": rps(p, o), "favourite hit rate": favourite_hit_rate(p, o)}
                               for k, p in probs.items()}).T
    display(margin_rps.round(4))
    overround = (1 / odds).sum(axis=1) - 1

# %% [markdown]
# ## RPS by season: closing odds against the Dixon–Coles model
# The model (Poisson goals, Dixon–Coles low-score correction, time decay 0.0019/day, three years of
# history) is refitted every week on the results before that week only. Six held-out seasons keep the
# run short; `scripts/eval_model.py` does ten (the README quotes it).

# %%
if HAVE_DATA:
    allm = pd.concat([seasons[s] for s in sorted(seasons) if s >= 2015], ignore_index=True)
    allm = allm.sort_values("date", kind="stable").reset_index(drop=True)
    model = predict_rolling(allm, start="2019-07-01")
    sel = (allm.season >= 2019).to_numpy() & ~np.isnan(model).any(axis=1)
    sel &= ~allm[["odds_home", "odds_draw", "odds_away"]].isna().any(axis=1).to_numpy()
    o = allm["result"].to_numpy()
    shin = remove_margin(allm.loc[sel, ["odds_home", "odds_draw", "odds_away"]].to_numpy(), "shin").probs
    by = []
    for s in sorted(allm.season[sel].unique()):
        k = (allm.season[sel] == s).to_numpy()
        by.append({"season": int(s), "closing odds (Shin)": rps(shin[k], o[sel][k]),
                   "Dixon-Coles model": rps(model[sel][k], o[sel][k]),
                   "uniform 1/3": rps(np.full((k.sum(), 3), 1 / 3), o[sel][k])})
    by = pd.DataFrame(by).set_index("season")
    ax = by.plot(marker="o", figsize=(9, 4), ylabel="RPS (lower is better)", title="Out-of-sample RPS")
    display(by.round(4))
    gap = rps(model[sel], o[sel]) - rps(shin, o[sel])
    print(f"{sel.sum()} matches; model RPS - odds RPS = {gap:+.4f}")

# %%
if HAVE_DATA:
    per_season_gap = by["Dixon-Coles model"] - by["closing odds (Shin)"]
    spread = margin_rps["rps"].max() - margin_rps["rps"].min()
    display(Markdown(
        f"**Reading.** Closing odds are the best forecast here: the results-only model trails them by "
        f"{gap:.4f} RPS over {sel.sum():,} matches ({per_season_gap.min():.4f} to {per_season_gap.max():.4f} "
        f"per season; the target is 0.01), and the market also knows injuries, line-ups and news that "
        f"scores alone do not. The margin-removal methods differ by {spread:.5f} RPS on Pinnacle's closing "
        f"odds (median margin {np.median(overround):.1%}): "
        f"{'far less than' if spread < gap / 5 else 'comparable to'} the model–market gap."))
