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
# 4. `value`, `weighted` and `top` at the same budget over 674 real rounds, in rolling origin.
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
# ## 4. `value`, `weighted` and `top` at the same budget, in rolling origin
# Each strategy plays 100 rows in every Stryktipset round with odds, real crowd shares and a turnover
# (2008–2025): `value` the rows of highest expected return in the round's pool
# (`toto13.pool.value_tips`, own rows diluting each other), `weighted` rows drawn by probability, `top`
# the likeliest rows. Every round is played with a co-winner model and a blend of odds and crowd shares
# fitted on the earlier years' rounds only (`toto13 backtest --refit`). *Expected* is what that pool
# model expects the set to win (exact over all results), *realised* what it won: real quotas, with our
# winning rows joining the real winners. Replaying 3 × 674 rounds takes about half an hour on two cores,
# so the per-round and per-tier results come from `python scripts/value_report.py --jobs 2` and are read
# here from `data/05-value-rounds.csv` and `data/05-value-tiers.csv`; rerun the script to refresh them.

# %%
per_round = pd.read_csv(Path("data") / "05-value-rounds.csv")
per_tier = pd.read_csv(Path("data") / "05-value-tiers.csv")


def per_stake(g: pd.DataFrame, column: str) -> str:
    """Sum over rounds per unit staked, with its 95 % bootstrap interval over rounds."""
    cost, x = g["cost"].to_numpy(), g[column].to_numpy()
    lo, hi = bootstrap_roi(x - cost, cost, rng=1)
    return f"{x.sum() / cost.sum():.3f} [{lo + 1:.3f}, {hi + 1:.3f}]"


def returns(by: list[str]) -> pd.DataFrame:
    rows = []
    for key, g in per_round.groupby(by, sort=False):
        won = g["winnings"].to_numpy()
        rows.append({**dict(zip(by, key)), "rounds": len(g),
                     "expected / stake [95 %]": per_stake(g, "expected_return"),
                     "realised / stake [95 %]": per_stake(g, "winnings"),
                     "rounds paid": int((won > 0).sum()), "best round's share": won.max() / won.sum()})
    return pd.DataFrame(rows)


display(returns(["strategy"]).round(3))
display(returns(["strategy", "era"]).round(3))

# %%
t = per_tier.assign(exp=per_tier["expected_per_stake"] * per_tier["cost"],
                    real=per_tier["realised_per_stake"] * per_tier["cost"])
t = t.groupby(["strategy", "tier"], sort=False)[["cost", "exp", "real", "expected_hits",
                                                  "achieved_hits"]].sum()
t["expected / stake"], t["realised / stake"] = t["exp"] / t["cost"], t["real"] / t["cost"]
t["z"] = (t["achieved_hits"] - t["expected_hits"]) / np.sqrt(t["expected_hits"])
display(t[["expected / stake", "realised / stake", "expected_hits", "achieved_hits", "z"]].round(3))
kinds, tiers_ = list(per_tier["strategy"].unique()), sorted(per_tier["tier"].unique())
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
for k, kind in enumerate(kinds):
    x = np.arange(len(tiers_)) + (k - 1) * 0.27
    row = t.loc[kind].loc[tiers_]
    axes[0].bar(x, row["realised / stake"], width=0.27, color=f"C{k}", alpha=0.6, label=f"{kind} realised")
    axes[0].scatter(x, row["expected / stake"], color=f"C{k}", marker="_", s=200, label=f"{kind} expected")
    axes[1].bar(x, row["achieved_hits"] / row["expected_hits"], width=0.27, color=f"C{k}", label=kind)
axes[0].set(xticks=range(len(tiers_)), xticklabels=tiers_, xlabel="strikes", yscale="symlog",
            ylabel="return per stake", title="per tier: expected (dash) and realised (bar)")
axes[1].axhline(1, color="k", lw=0.8)
axes[1].set(xticks=range(len(tiers_)), xticklabels=tiers_, xlabel="strikes",
            ylabel="achieved / expected hits", title="rows with exactly that many strikes")
axes[0].legend(fontsize=7, ncol=3)
axes[1].legend(fontsize=7)
plt.show()

# %%
s = returns(["strategy"]).set_index("strategy")
best = per_round.loc[per_round.groupby("strategy")["winnings"].idxmax()].set_index("strategy")
display(Markdown(" ".join(
    f"`{k}`: expected {s.loc[k, 'expected / stake [95 %]']}, realised {s.loc[k, 'realised / stake [95 %]']} "
    f"per stake over {s.loc[k, 'rounds']} rounds; {s.loc[k, 'rounds paid']} rounds paid anything, and the "
    f"best, {best.loc[k, 'round']}, holds {s.loc[k, 'best round' + chr(39) + 's share']:.0%} of the winnings."
    for k in kinds)
    + " The expected figures are the model's claim, fitted on earlier years only; the realised ones are "
    "what the rows won. Where a strategy's realised return rests on one round, its interval is a measure "
    "of that round, not of the strategy."))
print(f"notebook ran in {time.perf_counter() - START:.0f} s")
