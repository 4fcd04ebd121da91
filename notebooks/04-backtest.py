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
# # 04 — Backtest: what would the recipe really have done?
#
# The recipe promises a safety: with `p = 1/2` and the number of random tips its count gives, at least
# 10 strikes in 99 % of rounds, and returns above the fees. Here it is replayed round by round on **every
# real Stryktipset round of the public TipsXtra export** (1999–2025: real results, real quotas, real
# winner counts; the Swedish pool has the same 13-match, 4-tier structure as the TOTO 13er Wette) — and,
# beside it, odds-based strategies on **football-data.co.uk
# pseudo-rounds** (each weekend's Bundesliga matches filled up to 13 with 2. Bundesliga).
#
# 1. import the rounds with `toto13.backtest.import_stryktipset` (the TipsXtra export as it is);
# 2. the recipe's strategy: ledger, ROI with a bootstrap interval, promised vs achieved safety per tier,
#    bankroll curve;
# 3. a control that *should* keep the promise: uniformly random tips (`p = 1/3`, the recipe's
#    "maximum nescience"), to check the machinery;
# 4. the pari-mutuel payout model against the recent rounds whose crowd shares and odds are known;
# 5. odds-based strategies on the football-data pseudo-rounds.
#
# **The data** is public and not part of toto13 (`docs/data-sources.md` has the details and licences).
# Put it in one folder and point the environment variable `TOTO13_DATA` at it:
#
# - `stryktipset-tipsxtra/stryktipset_summering.csv`: the Stryktipset rows of the TipsXtra statistics
#   export (Svenska Spel data), file `RAW_DATA/TipsXtra_Stryk_Euro_Statistik_Summering-5.csv` of the public
#   repository https://github.com/isak-sjoholm/Data-Driven-Stryktipset-Project-; and
#   `stryktipset-tipsxtra/stryktipset_detaljer_2025w19-w39.csv`: the rows of its per-match details file
#   (`..._Detaljer-5.csv`) for the Stryktipset rounds 202519–202539 (odds and crowd shares);
# - `football-data/D1/D1_SSSS.csv` and `football-data/D2/D2_SSSS.csv`: football-data.co.uk season files,
#   `https://www.football-data.co.uk/mmz4281/SSSS/D1.csv` (and `D2.csv`), `SSSS` = `1213` … `1718`;
#   for section 6 also `E0`, `SP1`, `D1`, `I1` and `F1` for `SSSS` = `0001` … `2425`, saved the same way
#   (`football-data/E0/E0_0001.csv`, …).
#
# Without `TOTO13_DATA` the notebook looks in the folder `shared/data` next to the checkout, where the project's
# CI keeps a copy of these files. If they are absent, the notebook says so and runs the same steps on
# the **synthetic** demo rounds shipped with the package (`toto13/data/demo-rounds`).

# %%
import glob
import os
from importlib.resources import files
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from toto13.backtest import (BacktestStrategy, CrowdModel, PayoutMethod, PayoutModel,
                             import_football_data, import_stryktipset, read_rounds, run_backtest)
from toto13.backtest.payouts import DEFAULT_SHARPNESS
from toto13.engine import tips_needed
from toto13.rules import STRYKTIPSET, TOTO13

DATA = Path(os.environ.get("TOTO13_DATA", Path("..").resolve().parent / "shared" / "data"))
STRYK = DATA / "stryktipset-tipsxtra"
HAVE_DATA = (STRYK / "stryktipset_summering.csv").is_file()
HAVE_FD = (DATA / "football-data" / "D1").is_dir() and (DATA / "football-data" / "D2").is_dir()
DEMO = Path(str(files("toto13") / "data" / "demo-rounds"))
print("data:", DATA if HAVE_DATA else
      f"NOT FOUND at {DATA} - using the SYNTHETIC demo rounds shipped with toto13 instead (numbers are not real)")

# %% [markdown]
# ## 1. The rounds
# The importer handles the export's quirks (see `toto13 import stryktipset --help`): the 10,000,000
# placeholder when nobody had 13 becomes a *missing* quota, turnover 0 is missing, doubled Christmas
# weeks get distinct ids, matches drawn by lot keep the drawn result (the pool paid on it).

# %%
if HAVE_DATA:
    rep = import_stryktipset(STRYK / "stryktipset_summering.csv",
                             STRYK / "stryktipset_detaljer_2025w19-w39.csv")
    rounds, rules = rep.rounds, STRYKTIPSET
    display(pd.Series(rep.notes, name="count").to_frame())
else:
    rounds, rules = read_rounds(DEMO), TOTO13
print(f"{len(rounds)} rounds, {rounds.ids[0]} .. {rounds.ids[-1]}; rules {rules.name}: "
      f"{rules.stake:g} {rules.currency} a tip, fee {rules.voucher_fee:g} per {rules.voucher_size} tips")

# %% [markdown]
# ## 2. The recipe's strategy
# `p = 1/2`, at least 10 strikes at 99 %: the exact hypergeometric count gives the number of tips; each
# round draws that many distinct random tips from the reduced space (two outcomes per match: the two the
# round's odds rate likeliest where the round has odds, otherwise home-or-draw). Quotas are the real ones;
# our own winning tips join the real winners (and our stakes the pool). Where a tier had no winner the
# pool goes to our tips alone (pari-mutuel model with the real turnover); rounds before the turnover is
# known use the mean of earlier quotas.

# %%
n = tips_needed(0.5, 10, 0.99)
recipe = BacktestStrategy("recipe", hit_rate=0.5, min_strikes=10, safety=0.99)
res = run_backtest(rounds, recipe, rules, rng=1)  # the same seed as the README's CLI run
s = res.summary
print(f"{n} tips a round, {rules.cost(n):,.2f} {rules.currency} a round")
display(res.ledger.tail(5))
display(pd.Series(s.as_dict()).to_frame("recipe p=1/2, x=10, Q=99%"))
print(f"ROI {s.roi:+.2%}, 95% bootstrap CI {s.roi_ci[0]:+.2%} .. {s.roi_ci[1]:+.2%}")
print("payout sources:", res.ledger["payout_source"].value_counts().to_dict())

# %% [markdown]
# ### Promised vs achieved safety per tier
# *Promised*: the recipe's exact safety for these `n` tips (`coverage_exact(1/2, x, n)`). *Achieved*: the
# share of rounds in which the best tip reached `x` strikes.

# %%
tiers = pd.DataFrame({"promised": s.promised, "achieved": s.reached}).sort_index()
tiers["rounds reaching"] = (tiers["achieved"] * s.rounds).round().astype(int)
display(tiers.assign(promised=(100 * tiers["promised"]).round(2),
                     achieved=(100 * tiers["achieved"]).round(2)).rename(
    columns={"promised": "promised %", "achieved": "achieved %"}))

# %%
fig, ax = plt.subplots(figsize=(9, 4))
ax.plot(res.ledger["bankroll"].to_numpy(), lw=1)
ax.axhline(0, color="grey", lw=0.8, ls="--")
ax.set_xlabel("round (oldest first)")
ax.set_ylabel(f"bankroll ({rules.currency})")
ax.set_title(f"Recipe p=1/2, x=10, Q=99%: {s.rounds} rounds, ROI {s.roi:+.1%} "
             f"(95% CI {s.roi_ci[0]:+.1%} .. {s.roi_ci[1]:+.1%})")
plt.show()

# %% [markdown]
# ### The same space as a reduced system
# Instead of the recipe's random tips, a covering code: a shipped reduced system whose tips *guarantee*
# 10 strikes whenever all 13 results lie in the two-outcome space (`--strategy system`). It promises
# 100 % — under the recipe's own model.

# %%
sysres = run_backtest(rounds, BacktestStrategy("system", hit_rate=0.5, min_strikes=10), rules, rng=1)
both = pd.DataFrame({name: {"tips a round": int(r.ledger["tips"].iloc[0]), "ROI": r.summary.roi,
                            "ROI CI low": r.summary.roi_ci[0], "ROI CI high": r.summary.roi_ci[1],
                            ">=10 promised": r.summary.promised[10], ">=10 achieved": r.summary.reached[10],
                            ">=11 achieved": r.summary.reached[11]}
                     for name, r in ((f"recipe, {n} random tips", res),
                                     (f"system, {int(sysres.ledger['tips'].iloc[0])} tips", sysres))})
display(both.round(4))
inside = (rounds.results <= 1).all(axis=1).mean()
print(f"rounds whose 13 results were all home or draw: {inside:.1%}")

# %%
home, draw = (rounds.results == 0).mean(), (rounds.results == 1).mean()
Markdown(
    f"**Does it beat the fees?** ROI {s.roi:+.1%} (95 % CI {s.roi_ci[0]:+.1%} .. {s.roi_ci[1]:+.1%}). "
    f"The promise fails where it matters: the recipe assumes every tip hits each match with probability "
    f"1/2, but a random tip from a two-outcome space only hits when the result is one of those two outcomes "
    f"*and* the tip picked it: half of P(result in the space), {(home + draw) / 2:.3f} for home-or-draw in "
    f"these rounds (home {home:.1%}, draw {draw:.1%}). That is far closer to 1/3 than to 1/2, and over 13 "
    f"matches the gap is decisive: {s.reached[10]:.1%} of the rounds reached 10 strikes, against the "
    f"{s.promised[10]:.1%} promised.")

# %% [markdown]
# ## 3. Control: where the recipe's assumption holds
# Uniformly random tips over all 3^13 results hit each match with probability exactly 1/3, whatever the
# results are. So the recipe's formula with `p = 1/3` must hold on real rounds too — a check of the
# backtest machinery (300 fresh random tips a round, the recipe's strategy with `p = 1/3`).

# %%
ctrl = run_backtest(rounds, BacktestStrategy("recipe", hit_rate=1 / 3, count=300), rules, rng=1)
check = pd.DataFrame({"promised (p=1/3)": ctrl.summary.promised, "achieved": ctrl.summary.reached}).sort_index()
check["binomial s.e."] = np.sqrt(check["promised (p=1/3)"] * (1 - check["promised (p=1/3)"])
                                 / ctrl.summary.rounds)
display((100 * check).round(3).add_suffix(" %"))
print(f"control ROI {ctrl.summary.roi:+.2%} "
      f"(95% CI {ctrl.summary.roi_ci[0]:+.2%} .. {ctrl.summary.roi_ci[1]:+.2%})")

# %%
z = ((check["achieved"] - check["promised (p=1/3)"]) / check["binomial s.e."]).replace(np.inf, np.nan)
worst = z.abs().max()
Markdown(
    f"Achieved agrees with promised to within {worst:.1f} binomial standard errors in every tier "
    f"(10 strikes: {check.loc[10, 'achieved']:.1%} achieved against {check.loc[10, 'promised (p=1/3)']:.1%} "
    f"promised; 11 strikes: {check.loc[11, 'achieved']:.1%} against {check.loc[11, 'promised (p=1/3)']:.1%}). "
    + ("The backtest counts correctly, and the recipe's formula is right *for the hit rate it assumes*. The "
       "failure in section 2 is the assumption `p = 1/2`, not the arithmetic." if worst < 3 else
       "That is more than sampling noise: look for a counting error before trusting section 2."))

# %% [markdown]
# ## 4. The payout model against real quotas
# Where a quota is missing (pseudo-rounds, tiers nobody won), the pari-mutuel model divides the tier's
# pool (turnover × payout ratio × tier share) among the expected winners of a crowd whose picks follow the
# odds-implied probabilities sharpened by `s` (`DEFAULT_SHARPNESS`, fitted on the crowd shares of the
# rounds with details). On those rounds, model quotas next to the real ones:

# %%
print(f"sharpness s = {DEFAULT_SHARPNESS:.4f}")
if HAVE_DATA:
    sub = rounds.subset(np.flatnonzero(rounds.has_odds()))
else:
    sub = rounds
prep = PayoutModel(PayoutMethod.MODEL, crowd=CrowdModel(DEFAULT_SHARPNESS)).prepare(sub, rules)
cmp = []
for c, x in enumerate(rules.tiers):
    real, model = sub.quotas[:, c], prep.quota[:, c]
    ok = np.isfinite(real) & (real > 0) & np.isfinite(model)
    ratio = model[ok] / real[ok]
    cmp.append({"tier": x, "rounds": int(ok.sum()), "median model/real": np.median(ratio),
                "log-correlation": np.corrcoef(np.log(model[ok]), np.log(real[ok]))[0, 1]})
display(pd.DataFrame(cmp).set_index("tier").round(3))

# %% [markdown]
# ## 5. Odds-based strategies on football-data pseudo-rounds
# Pseudo-rounds: each weekend's Bundesliga matches by kick-off, filled up to 13 with 2. Bundesliga, with
# closing odds where the files have them. They have no quotas: these runs use the **recipe's average
# payouts** (the paper's averages, `TOTO13.average_payouts`) and TOTO 13er Wette costs, and beside them
# the pari-mutuel crowd model of section 4. Two strategies: the recipe with its two-outcome space chosen
# by the odds, and probability-weighted tips from the odds (with the exact coverage the odds promise for
# those tips).

# %%
if HAVE_FD:
    fd_files = sorted(glob.glob(str(DATA / "football-data" / "D1" / "D1_1[2-7]*.csv"))) + \
        sorted(glob.glob(str(DATA / "football-data" / "D2" / "D2_1[2-7]*.csv")))
    fd_rep = import_football_data(fd_files)
    fd = fd_rep.rounds.subset(np.flatnonzero(fd_rep.rounds.has_odds()))
    print(f"{len(fd)} pseudo-rounds with odds, {fd.ids[0]} .. {fd.ids[-1]}")
else:
    fd = read_rounds(DEMO)
    print("football-data NOT FOUND - the SYNTHETIC demo rounds stand in")
avg = PayoutModel(PayoutMethod.AVERAGE)
recipe_odds = BacktestStrategy("recipe", hit_rate=0.5, min_strikes=10, safety=0.99)
fd_recipe = run_backtest(fd, recipe_odds, TOTO13, payouts=avg, rng=3)
# the pari-mutuel crowd model instead of the averages (quota = pool / expected winners; the turnover
# cancels except for our own share, so 1,000,000 is only a scale)
fd_model = run_backtest(fd, recipe_odds, TOTO13,
                        payouts=PayoutModel(PayoutMethod.MODEL, turnover=1_000_000), rng=3)
last = fd.subset(slice(max(len(fd) - 40, 0), len(fd)))
fd_weighted = run_backtest(last, BacktestStrategy("weighted", count=n), TOTO13, payouts=avg, rng=3)
rows = {}
for name, r in (("recipe, odds space, average payouts", fd_recipe),
                ("recipe, odds space, crowd-model payouts", fd_model),
                (f"weighted {n} tips (last {len(last)} rounds)", fd_weighted)):
    d = r.summary.as_dict()
    rows[name] = {k: d[k] for k in ("rounds", "total_cost", "winnings", "roi", "roi_ci_low", "roi_ci_high",
                                    "reach_10_promised", "reach_10_achieved", "reach_11_promised",
                                    "reach_11_achieved", "max_drawdown")}
display(pd.DataFrame(rows).T)

# %%
fig, ax = plt.subplots(figsize=(9, 4))
ax.plot(fd_recipe.ledger["bankroll"].to_numpy(), lw=1, label="recipe p=1/2, average payouts")
ax.plot(fd_model.ledger["bankroll"].to_numpy(), lw=1, label="recipe p=1/2, crowd-model payouts")
ax.axhline(0, color="grey", lw=0.8, ls="--")
ax.set_xlabel("pseudo-round")
ax.set_ylabel("bankroll (EUR)")
ax.legend()
plt.show()

# %%
Markdown(
    f"**Reading.** On pseudo-rounds there are no real quotas. The recipe's own averages flatter a strategy "
    f"that plays the favourites: it wins in the rounds where many others win too, and a round of favourites "
    f"pays far less than the average. The crowd model (checked against real quotas in section 4) prices "
    f"exactly that: the same tips win {fd_model.summary.winnings:,.0f} EUR with it against "
    f"{fd_recipe.summary.winnings:,.0f} EUR at the averages (ROI {fd_model.summary.roi:+.1%} against "
    f"{fd_recipe.summary.roi:+.1%}). The weighted tips' promised coverage is exact *under the odds*; its "
    f"achieved share ({fd_weighted.summary.reached[10]:.1%} of rounds with 10 strikes against "
    f"{fd_weighted.summary.promised[10]:.1%} promised) is the honest test of those odds as probabilities. "
    f"The real-quota result of section 2 is the one to trust.")

# %% [markdown]
# ## 6. Promises at scale: more than 1,000 real rounds from five leagues
# The claim that matters most: the coverage toto13 computes exactly over all 3^13 results — the chance
# that the best of a tip set reaches x strikes — is what happens. Here it is checked on every weekend
# (Friday–Monday) and midweek (Tuesday–Thursday) of 25 seasons, 2000/01–2024/25, of the Premier League,
# La Liga, Bundesliga, Serie A and Ligue 1 (football-data.co.uk files `E0`, `SP1`, `D1`, `I1`, `F1`), each
# round made the way coupons are: the divisions by priority, then by kick-off, 13 to a round.
# 200 probability-weighted tips a round; *promised* is the mean of the exact coverage before each round,
# *achieved* the share of rounds that reached the tier. The z-score uses the standard error the promises
# themselves imply, `sqrt(sum p(1-p)) / rounds`.

# %%
from types import SimpleNamespace  # noqa: E402

from toto13.backtest.metrics import calibration, reliability_bins  # noqa: E402
from toto13.estimators import fit_recalibration, remove_margin  # noqa: E402

LEAGUES = ("E0", "SP1", "D1", "I1", "F1")
five = sorted(f for div in LEAGUES for f in glob.glob(str(DATA / "football-data" / div / f"{div}_*.csv"))
              if Path(f).stem.split("_")[1][:2] in {f"{y:02d}" for y in range(0, 25)})
HAVE_FIVE = len(five) > 0
if HAVE_FIVE:
    rep5 = import_football_data(five, priority=",".join(LEAGUES), midweek=True)
    big = rep5.rounds.subset(np.flatnonzero(rep5.rounds.has_odds()))
    mixes = {k: v for k, v in rep5.notes.items() if k.startswith("rounds")}
    display(pd.Series(mixes, name="rounds").to_frame())
    print(f"{len(big)} rounds with odds for all 13 matches")
else:
    print("football-data NOT FOUND - the tables below come from the saved replay only")

# %% [markdown]
# Replaying 200 tips a round over all these rounds, with the exact coverage of every round's tips, takes
# several minutes, so `python scripts/five_leagues.py` does it (seed 1, average payouts; the same as
# `toto13 backtest ... --strategy weighted --count 200 --payouts average --seed 1`) and saves each round's
# best strike count and promised coverage per tier in `data/04-five-leagues.csv`, read here. Where the
# data is at hand, the saved rounds are checked against the rounds just built.

# %%
saved = pd.read_csv(Path("data") / "04-five-leagues.csv", dtype={"round": str})
runs = {}
for label, t in saved.groupby("run", sort=False):
    runs[label] = SimpleNamespace(best=t["best"].to_numpy(),
                                  promised=t[[f"promised_{x}" for x in TOTO13.tiers]].to_numpy(),
                                  dates=t["date"].to_numpy(dtype="datetime64[D]"), rounds=t["round"].tolist())
if HAVE_FIVE:
    assert runs["weighted-power"].rounds == list(big.ids), "rerun scripts/five_leagues.py: the rounds differ"
greedy = runs.pop("greedy-power")
runs = {label.split("-", 1)[1]: r for label, r in runs.items()}


def cal_table(res, mask=None):
    keep = np.ones(len(res.best), dtype=bool) if mask is None else mask
    rows = []
    for c in calibration(res.best[keep], res.promised[keep], TOTO13.tiers):
        rows.append({"tier": f">= {c.tier}", "rounds": c.rounds, "promised": 100 * c.promised,
                     "achieved": 100 * c.achieved, "Wilson low": 100 * c.ci[0], "Wilson high": 100 * c.ci[1],
                     "z": c.z, "within max(1 pp, 2 SE)": c.within()})
    return pd.DataFrame(rows).set_index("tier").round(2)


for m, res in runs.items():
    display(Markdown(f"**weighted 200 tips, {m} margin removal, {len(res.best)} rounds**"))
    display(cal_table(res))

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 5), sharey=True)
for ax, (m, res) in zip(axes, runs.items()):
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--")
    for k, x in enumerate(TOTO13.tiers):
        t = reliability_bins(res.best, res.promised[:, k], x, bins=10)
        err = np.clip([t["achieved"] - t["ci_low"], t["ci_high"] - t["achieved"]], 0, None)
        ax.errorbar(t["promised"], t["achieved"], yerr=err, marker="o", ms=3, lw=1, capsize=2, label=f">= {x}")
    ax.set_title(f"{m}: {len(res.best)} rounds, 10 bins a tier", fontsize=10)
    ax.set_xlabel("promised P(best >= x)")
axes[0].set_ylabel("achieved share (95% Wilson)")
axes[0].legend()
plt.show()

# %% [markdown]
# ### Why the multiplicative promises miss: the favourite–longshot bias
# Each match's probabilities against its result, deciles of all 3 × 13 probabilities a round; then the
# rounds split into the pre-match era (before 2012/13: single bookmakers and the Betbrain average) and the
# closing-odds era (Pinnacle closing odds).

# %%
fl, slopes = None, {}
if HAVE_FIVE:  # the decile table and the slopes need the odds and results themselves
    odds = big.odds.reshape(-1, 3)
    res_m = big.results.reshape(-1)
    pm = np.asarray(remove_margin(odds, method="multiplicative").probs)
    flat = pm.reshape(-1)
    hit = (np.arange(3)[None, :] == res_m[:, None]).reshape(-1)
    dec = np.minimum((np.argsort(np.argsort(flat)) * 10) // len(flat), 9)
    fl = pd.DataFrame({"decile": dec, "p": flat, "hit": hit}).groupby("decile").agg(
        predicted=("p", "mean"), happened=("hit", "mean"), n=("p", "size"))
    fl["z"] = (fl["happened"] - fl["predicted"]) / np.sqrt(fl["predicted"] * (1 - fl["predicted"]) / fl["n"])
    display(fl.round(4))
    month = big.dates.astype("datetime64[M]").astype(np.int64)
    season_of_match = np.where(month % 12 >= 6, month // 12, month // 12 - 1) + 1970
    for a, b in ((2000, 2005), (2005, 2012), (2012, 2019), (2019, 2025)):
        era = np.repeat((season_of_match >= a) & (season_of_match < b), 13)
        if era.sum() >= 300:
            slopes[f"seasons {a}–{b - 1}"] = fit_recalibration(pm[era], res_m[era]).slope
month = runs["power"].dates.astype("datetime64[M]").astype(np.int64)
season = np.where(month % 12 >= 6, month // 12, month // 12 - 1) + 1970
pre = season < 2012
for m, res in runs.items():
    display(Markdown(f"**{m}: pre-match era ({pre.sum()} rounds) and closing era ({(~pre).sum()} rounds)**"))
    display(pd.concat({"pre-match": cal_table(res, pre), "closing": cal_table(res, ~pre)}, axis=1)
            .loc[:, (slice(None), ["promised", "achieved", "z"])])

# %% [markdown]
# ### Greedy tips at the same budget
# The greedy generator (coverage of 10 strikes, power probabilities) is a covering search and costs far
# more than a weighted draw, so the saved replay has it on every 100th round only (the README gives a
# larger sample); its numbers are a glimpse, not a test.

# %%
display(cal_table(greedy))

# %%
mult, powr = (cal_table(runs[m]) for m in ("multiplicative", "power"))
worst = mult["z"].abs().idxmax()
Markdown(
    f"**Reading.** On {len(runs['power'].best)} real rounds the multiplicative promises are kept at "
    f"{', '.join(t for t in mult.index if mult.loc[t, 'within max(1 pp, 2 SE)'])} but not at "
    f"{', '.join(t for t in mult.index if not mult.loc[t, 'within max(1 pp, 2 SE)']) or 'any tier'}: "
    f"at {worst} {mult.loc[worst, 'promised']:.2f} % promised, {mult.loc[worst, 'achieved']:.2f} % achieved "
    f"(z {mult.loc[worst, 'z']:+.2f}). "
    + ("Every tier is reached more often than promised: the results are more predictable than the odds say. "
       if (mult["achieved"] > mult["promised"]).all() else
       f"{int((mult['achieved'] > mult['promised']).sum())} of {len(mult)} tiers are reached more often than "
       "promised. ")
    + ("" if fl is None else
       f"The decile table shows why: outcomes the odds rate unlikely happen "
       f"less often (lowest decile {100 * fl['predicted'].iloc[0]:.1f} % predicted, "
       f"{100 * fl['happened'].iloc[0]:.1f} % happened), favourites win more often (top decile "
       f"{100 * fl['predicted'].iloc[-1]:.1f} % against {100 * fl['happened'].iloc[-1]:.1f} %) — the "
       f"favourite–longshot bias. A recalibration slope fitted per era "
       f"({', '.join(f'{k}: {v:.2f}' for k, v in slopes.items())}; 1 = calibrated) locates it in the pre-match "
       f"odds with their large margins. ")
    + f"Bookmakers load their margin on the longshots while multiplicative margin "
    f"removal spreads the margin evenly. The power method takes it where it is; with it "
    f"{sum(powr['within max(1 pp, 2 SE)'])} of {len(powr)} tiers agree within max(1 pp, 2 SE) "
    f"(largest |z| {powr['z'].abs().max():.2f}). Greedy tips at the same budget on {len(greedy.best)} rounds "
    f"promise {cal_table(greedy).loc['>= 10', 'promised']:.1f} % for 10 strikes and reach "
    f"{cal_table(greedy).loc['>= 10', 'achieved']:.1f} %.")
