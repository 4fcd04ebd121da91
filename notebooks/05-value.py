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
# # 05 — What is a tip worth?
#
# A 13-match pool is pari-mutuel: each prize tier's pool, a fixed share of all stakes, is split among
# every row that reaches it. A tip is worth its chance of winning *times what it gets when it wins*, and
# that depends on how many other players hold the same row. The rows `top` and `greedy` pick — the likely
# ones — are the rows the crowd plays, so they share every prize with many others.
#
# This notebook uses `toto13.pool`, the pool model behind `toto13 evaluate --crowd`, `toto13 tickets
# --strategy value` and `toto13 value`:
#
# 1. the value of each outcome against the crowd (probability ÷ crowd share, Swedish *spelvärde*);
# 2. the expected return of **all 3^13 rows** of a real round against their probability;
# 3. the co-winner model against the real winner counts (log-log, with 90 % predictive intervals);
# 4. `value`, `weighted` and `top` at the same budget across the real rounds.
#
# **The data** is public and not part of toto13 (`docs/data-sources.md` has the details and licences):
# the Stryktipset rows of the TipsXtra statistics export (Svenska Spel data; summary file and the per-match
# details file of rounds 202519–202539, with odds and the crowd's pick shares), from the public repository
# https://github.com/isak-sjoholm/Data-Driven-Stryktipset-Project-. Point the environment variable
# `TOTO13_DATA` at the folder holding `stryktipset-tipsxtra/` (without it, the notebook looks beside the
# checkout, where the project's CI keeps a copy). If it is absent, sections 1–3 run on the **synthetic**
# demo rounds shipped with the package, with the crowd modelled from the odds.

# %%
import os
import time
from importlib.resources import files
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display
from scipy import stats

from toto13.backtest import import_stryktipset, read_rounds
from toto13.backtest.metrics import bootstrap_roi
from toto13.backtest.payouts import odds_probabilities
from toto13.engine import poisson_binomial_pmf
from toto13.pool import (CALIBRATED_SHAPES, Pool, crowd_shares, fit_co_winner_shape, tip_returns,
                         spelvarde)
from toto13.rules import STRYKTIPSET, TOTO13
from toto13.tickets.evaluate import result_probabilities

START = time.perf_counter()
DATA = Path(os.environ.get("TOTO13_DATA", Path("..").resolve().parent / "shared" / "data"))
STRYK = DATA / "stryktipset-tipsxtra"
HAVE_DATA = (STRYK / "stryktipset_summering.csv").is_file()
DEMO = Path(str(files("toto13") / "data" / "demo-rounds"))
print("data:", DATA if HAVE_DATA else
      f"NOT FOUND at {DATA} - using the SYNTHETIC demo rounds shipped with toto13 instead (numbers are not real)")

# %%
if HAVE_DATA:
    rounds = import_stryktipset(STRYK / "stryktipset_summering.csv",
                                STRYK / "stryktipset_detaljer_2025w19-w39.csv").rounds
    rounds, rules = rounds.subset(rounds.has_crowd()), STRYKTIPSET
else:
    rounds, rules = read_rounds(DEMO), TOTO13
    rounds = rounds.subset(rounds.has_odds() & np.isfinite(rounds.turnover))
probs = odds_probabilities(rounds.odds)  # (rounds, 13, 3), bookmaker margin removed
crowd = np.array([rounds.crowd[i] if rounds.has_crowd()[i] else crowd_shares(probs[i])
                  for i in range(len(rounds))])
print(f"{len(rounds)} rounds {rounds.ids[0]} .. {rounds.ids[-1]}, rules {rules.name}, crowd shares "
      + ("published" if rounds.has_crowd().all() else "modelled from the odds"))

# %% [markdown]
# ## 1. Spelvärde: each outcome against the crowd
# For the last round: the bookmaker's probability of each outcome (margin removed), the share of all rows
# that picked it, and their ratio. Above 1 the crowd under-plays the outcome: a row holding it shares its
# prizes with fewer others than its probability deserves.

# %%
j = len(rounds) - 1
value = spelvarde(probs[j], crowd[j])
table = pd.DataFrame(
    {**{f"p {o}": probs[j, :, c] for c, o in enumerate("1X2")},
     **{f"crowd {o}": crowd[j, :, c] for c, o in enumerate("1X2")},
     **{f"value {o}": value[:, c] for c, o in enumerate("1X2")}},
    index=pd.Index(range(1, rounds.matches + 1), name="match"))
teams = rounds.teams[rounds.teams["round"] == rounds.ids[j]]
table.insert(0, "teams", (teams["home_team"] + " - " + teams["away_team"]).to_numpy())
display(table.round(3))
fig, ax = plt.subplots(figsize=(9, 3))
for c, o in enumerate("1X2"):
    ax.bar(np.arange(1, 14) + (c - 1) * 0.27, value[:, c], width=0.27, label=o)
ax.axhline(1, color="k", lw=0.8)
ax.set(xlabel="match", ylabel="probability / crowd share", title=f"spelvärde, round {rounds.ids[j]}",
       xticks=range(1, 14))
ax.legend(ncol=3)
plt.show()
best = np.unravel_index(np.argmax(value), value.shape)
display(Markdown(
    f"Largest value in round {rounds.ids[j]}: match {best[0] + 1}, outcome {'1X2'[best[1]]}: "
    f"probability {probs[j][best]:.1%} against a crowd share of {crowd[j][best]:.1%} "
    f"(value {value[best]:.2f}). The crowd's favourites are over-played: the favourite's value is below "
    f"1 in {int((value[np.arange(13), probs[j].argmax(axis=1)] < 1).sum())} of 13 matches."))

# %% [markdown]
# ## 2. Every row of a round: expected return against probability
# `tip_returns` gives the expected return of each of the 3^13 = 1,594,323 rows in one pass (a sphere sum
# over the Hamming space), with the round's real turnover, the calibrated co-winner model and the rules'
# minimum quota. Likely rows are crowded; the rows worth most are unlikely but under-played.

# %%
pool = Pool(rules, float(rounds.turnover[j]))
returns = tip_returns(probs[j], crowd[j], pool) / rules.stake  # per unit staked
p_row = result_probabilities(probs[j])
keep = np.random.default_rng(0).choice(p_row.size, size=60_000, replace=False)
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.scatter(p_row[keep], returns[keep], s=1, alpha=0.3, color="grey", label="60,000 rows at random")
top = np.argsort(-p_row, kind="stable")[:100]
best100 = np.argsort(-returns, kind="stable")[:100]
ax.scatter(p_row[top], returns[top], s=8, color="C0", label="the 100 likeliest rows")
ax.scatter(p_row[best100], returns[best100], s=8, color="C3", label="the 100 rows worth most")
ax.axhline(1, color="k", lw=0.8)
ax.set(xscale="log", yscale="log", xlabel="P(row has 13 strikes)", ylabel="expected return per stake",
       title=f"all 3^13 rows, round {rounds.ids[j]} (turnover {pool.turnover:,.0f} {rules.currency})")
ax.legend(loc="lower right")
plt.show()
weights = p_row  # rows weighted by how likely they are to be the result
display(Markdown(
    f"Mean over all rows {returns.mean():.3f} per stake; a row drawn by probability returns "
    f"{weights @ returns:.3f} on average, a row drawn from the crowd's own shares "
    f"{result_probabilities(crowd[j]) @ returns:.3f} (about the share of stakes the pool pays back, "
    f"{rules.payout_ratio * sum(rules.tier_shares):.3f}, less the top tiers nobody wins). "
    f"The 100 likeliest rows return {returns[top].mean():.3f}, the 100 rows of highest modelled return "
    f"{returns[best100].mean():.3f}; {(returns > 1).mean():.1%} of all rows are worth more than their "
    f"stake under the model."))

# %% [markdown]
# ## 3. The co-winner model against the real winners
# For each round and tier: the other winners the independent-crowd model expects at the real result,
# `λ = rows · P_crowd(exactly k strikes)`, against the real number of winners. The calibrated model keeps
# the mean and spreads it as a negative binomial (systems players spread their rows); its shape per tier
# is fitted here leaving the round itself out, and the bars are its 90 % predictive interval.

# %%
tiers = list(rules.tiers)
lam = np.array([rounds.turnover[i] / rules.stake
                * poisson_binomial_pmf(crowd[i, np.arange(13), rounds.results[i]])[tiers]
                for i in range(len(rounds))])
won = np.array([[rounds.winners[i, rounds.tier_index(x)] for x in tiers] for i in range(len(rounds))])
lo, hi = np.zeros_like(lam), np.zeros_like(lam)
for i in range(len(rounds)):
    others = np.arange(len(rounds)) != i
    for t in range(len(tiers)):
        s = fit_co_winner_shape(lam[others, t], won[others, t])
        dist = stats.nbinom(s, s / (s + lam[i, t]))
        lo[i, t], hi[i, t] = dist.ppf(0.05), dist.ppf(0.95)
inside = (lo <= won) & (won <= hi)
pois_inside = (stats.poisson.ppf(0.05, lam) <= won) & (won <= stats.poisson.ppf(0.95, lam))
fig, ax = plt.subplots(figsize=(6, 5.5))
for t, x in enumerate(tiers):
    ax.vlines(lam[:, t], np.maximum(lo[:, t], 0.5), np.maximum(hi[:, t], 0.5), color=f"C{t}", alpha=0.4)
    ax.scatter(lam[:, t], np.maximum(won[:, t], 0.5), s=14, color=f"C{t}", label=f"{x} strikes")
line = np.array([lam.min() / 2, lam.max() * 2])
ax.plot(line, line, "k--", lw=0.8)
ax.set(xscale="log", yscale="log", xlabel="predicted winners (independent crowd)",
       ylabel="real winners (0 drawn at 0.5)", title="co-winners: predicted against real, 90% intervals")
ax.legend()
plt.show()
ratio = pd.DataFrame({"median real/predicted": np.median(won / lam, axis=0),
                      "inside 90% (calibrated, leave one out)": inside.mean(axis=0),
                      "inside 90% (poisson)": pois_inside.mean(axis=0),
                      "shape used by toto13": CALIBRATED_SHAPES[: len(tiers)]},
                     index=pd.Index(tiers, name="strikes"))
display(ratio.round(3))
worst = np.unravel_index(np.argmax(won / lam), lam.shape)
display(Markdown(
    f"Over the {inside.size} round-tiers the calibrated model's 90 % intervals hold the real winners in "
    f"{inside.mean():.0%} of cases, the independent (Poisson) model's in {pois_inside.mean():.0%}. "
    f"The most surprising case: round {rounds.ids[worst[0]]}, {tiers[worst[1]]} strikes, "
    f"{won[worst]:.0f} real winners against {lam[worst]:.2g} predicted."))

# %% [markdown]
# ## 4. `value`, `weighted` and `top` at the same budget
# Each strategy plays the same number of rows in every round: `value` the rows of highest expected
# return in the round's pool (`toto13.pool.value_tips`, own rows diluting each other), `weighted` rows
# drawn by probability, `top` the likeliest rows. *Expected* is what the pool model expects the set to
# win (exact over all results), *realised* what it won: real quotas, with our winning rows joining the
# real winners. Replaying the strategies means thousands of exact 3^13 evaluations, so the per-round
# results come from `python scripts/value_report.py` (about 15 minutes) and are read here from
# `data/05-value-rounds.csv`; rerun the script to refresh them.

# %%
per_round = pd.read_csv(Path("data") / "05-value-rounds.csv")
rows = []
for (name, kind), g in per_round.groupby(["set", "strategy"], sort=False):
    cost, paid = g["cost"].to_numpy(), g["winnings"].to_numpy()
    ci = bootstrap_roi(paid - cost, cost, rng=1)
    rows.append({"set": name, "strategy": kind, "rounds": len(g), "rows a round": int(g["tips"].iloc[0]),
                 "expected per stake": (g["expected_return"] / g["cost"]).mean(),
                 "realised per stake": (paid / cost).mean(), "ROI": paid.sum() / cost.sum() - 1,
                 "ROI 95% CI low": ci[0], "ROI 95% CI high": ci[1]})
summary = pd.DataFrame(rows)
display(summary.round(3))

# %%
stryk = per_round[per_round["set"] == "stryktipset"]
fig, ax = plt.subplots(figsize=(9, 3.5))
for k, (kind, g) in enumerate(stryk.groupby("strategy", sort=False)):
    x = np.arange(len(g)) + (k - 1) * 0.27
    ax.bar(x, g["winnings"] / g["cost"], width=0.27, color=f"C{k}", alpha=0.6, label=f"{kind} realised")
    ax.scatter(x, g["expected_return"] / g["cost"], color=f"C{k}", marker="_", s=120,
               label=f"{kind} expected")
ax.axhline(1, color="k", lw=0.8)
ax.set(yscale="symlog", ylabel="return per stake", xlabel="round",
       xticks=np.arange(stryk["round"].nunique()), title="21 real Stryktipset rounds, same budget")
ax.set_xticklabels(stryk["round"].unique(), rotation=90, fontsize=7)
ax.legend(ncol=3, fontsize=7)
plt.show()

# %%
s = summary.set_index(["set", "strategy"])
v, w, t = (s.loc[("stryktipset", k)] for k in ("value", "weighted", "top"))
paid = stryk.groupby("strategy")["winnings"].apply(lambda w: int((w > 0).sum()))
model_set = [n for n in summary["set"].unique() if n != "stryktipset"]
m = s.loc[model_set[0]] if model_set else None
display(Markdown(
    f"On the {int(v['rounds'])} real rounds, at {int(v['rows a round'])} rows a round: `value` expected "
    f"{v['expected per stake']:.2f} per stake and realised {v['realised per stake']:.2f} (ROI "
    f"{v['ROI']:+.0%}, 95 % CI {v['ROI 95% CI low']:+.0%} .. {v['ROI 95% CI high']:+.0%}); `weighted` "
    f"expected {w['expected per stake']:.2f}, realised {w['realised per stake']:.2f}; `top` expected "
    f"{t['expected per stake']:.2f}, realised {t['realised per stake']:.2f}. "
    "The intervals are wide: the return of a round is dominated by the rare 12- and 13-strike prizes, so "
    f"{int(v['rounds'])} rounds cannot separate the strategies' realised returns. Rounds that paid "
    f"anything: `value` {paid['value']}, `weighted` {paid['weighted']}, `top` {paid['top']} of "
    f"{int(v['rounds'])}; where no round paid, resampling the rounds gives -100 % every time, so that "
    "interval is degenerate, not precise. What the rounds do show is how far the model's expectation for "
    "the likely rows sits below that of rows drawn by probability."
    + ("" if m is None else
       f" On the football-data pseudo-rounds, judged by the model itself (no real quotas or crowd: the "
       f"crowd is modelled from the odds, the quotas come from the same pool model), `value` "
       f"expects {m.loc['value', 'expected per stake']:.2f} per stake against "
       f"{m.loc['top', 'expected per stake']:.2f} for `top` and "
       f"{m.loc['weighted', 'expected per stake']:.2f} for `weighted`.")))
print(f"notebook ran in {time.perf_counter() - START:.0f} s")
