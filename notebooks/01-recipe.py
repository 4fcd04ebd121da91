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
# # 01 — The published recipe
#
# Stömmer (2023), *Beating the average* (arXiv:2303.16648): with a per-match hit rate `p`, the reduced
# space has `N = (1/p)^13` combinations, `M_x = C(13,x)(b-1)^(13-x)` of them with exactly `x` strikes.
# Draw `n` distinct tips; the chance that none reaches `x` strikes is hypergeometric,
# `C(N-S,n)/C(N,n)` with `S = sum_{x'>=x} M_x'`. The paper approximates it by `(1-n/N)^S`, so
# `n = N[1-(1-Q)^(1/S)]`. This notebook reproduces the published tables from the library and shows the
# exact counts beside them.

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

from IPython.display import Markdown, display

from toto13.engine import reduced_space, tips_needed
from toto13.plan import plan_table
from toto13.rules import TOTO13

SAFETIES = (0.9, 0.99, 0.999, 0.9999)
TIERS = (10, 11, 12, 13)

# %% [markdown]
# ## The reduced spaces
# `p = 1/3` (blind guessing) and `p = 1/2` (the paper's home-win rule).

# %%
for p in (1/3, 1/2):
    s = reduced_space(p)
    print(f"p = {p:.4f}: N = {int(s.N):,}, M_10..13 = {[int(v) for v in s.M[10:]]}")


# %% [markdown]
# ## Tips needed: published approximation beside the exact count
# Rows: at least `x` strikes; columns: safety `Q`. `PUBLISHED` holds the paper's table for `p = 1/2`
# (its approximation, rounded up); the library's approximation is checked against it, and the exact
# hypergeometric count is shown beside it.

# %%
# The paper's table of tips needed for p = 1/2 (Stömmer 2023, "Number of lottery tips"), Q = 90 / 99 /
# 99.9 / 99.99 %. Its 13-strike row is rounded to nearest there, so it is not compared.
PUBLISHED = {10: [50, 100, 149, 198], 11: [203, 400, 593, 781], 12: [1243, 2297, 3191, 3949]}


def table(p):
    rows = [r.to_dict() for r in plan_table(p, TIERS, SAFETIES)]
    df = pd.DataFrame(rows)
    return df.pivot_table(index="min_strikes", columns=["method", "safety"], values="tips")


t_half = table(1/2)
for x, published in PUBLISHED.items():
    assert list(t_half.loc[x, "approx"]) == published, (x, list(t_half.loc[x, "approx"]))
saved = t_half["approx"] - t_half["exact"]
worst = saved.loc[list(PUBLISHED)].stack().idxmax()
display(Markdown(
    f"The library's approximation reproduces all {sum(map(len, PUBLISHED.values()))} published values "
    f"for `p = 1/2`. The exact count never needs more tips; it needs at most "
    f"{int(saved.loc[list(PUBLISHED)].max().max())} fewer (at least {worst[0]} strikes with "
    f"Q = {worst[1]:.2%}: {int(t_half.loc[worst[0], ('exact', worst[1])])} exact against "
    f"{int(t_half.loc[worst[0], ('approx', worst[1])])} approximated)."))
assert (saved >= 0).all().all()
t_half

# %%
table(1/3)

# %% [markdown]
# ## Tips needed against safety, per tier (exact solid, approximation dashed)

# %%
qs = 1 - np.logspace(-4, -0.3, 30)
fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=False)
for ax, p in zip(axes, (1/2, 1/3)):
    for x in TIERS:
        ex = [tips_needed(p, x, q, "exact") for q in qs]
        ap = [tips_needed(p, x, q, "approx") for q in qs]
        line, = ax.plot(1 - qs, ex, label=f">= {x}")
        ax.plot(1 - qs, ap, ls="--", color=line.get_color())
    ax.set(xscale="log", yscale="log", xlabel="1 - Q (miss probability)", ylabel="tips n",
           title=f"p = {p:.3f}")
    ax.invert_xaxis()
    ax.legend()
fig.tight_layout()

# %% [markdown]
# ## Expected profit against hit rate
# `expected_profit` = expected winnings over all tiers minus cost (the expected number of tips with
# exactly `k` strikes is `n·M_k/N`); `paper_profit` = the payout of tier `x` minus cost, the paper's
# figure. Payouts: the paper's averages over 1.5 years of rounds, the TOTO 13er Wette default
# (`TOTO13.average_payouts`); `Q = 99%`.

# %%
ps = np.linspace(0.40, 0.60, 21)
rows = []
for p in ps:
    for r in plan_table(p, TIERS, [0.99], ["exact"]):
        rows.append(r.to_dict())
df = pd.DataFrame(rows)
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
for x, g in df.groupby("min_strikes"):
    axes[0].plot(g.hit_rate, g.expected_profit, label=f">= {x}")
    axes[1].plot(g.hit_rate, g.paper_profit, label=f">= {x}")
axes[0].set(yscale="symlog", xlabel="hit rate p", ylabel="EUR", title="expected profit (all tiers)")
axes[1].set(yscale="symlog", xlabel="hit rate p", ylabel="EUR", title="paper: payout of tier x - cost")
for ax in axes:
    ax.axhline(0, color="k", lw=0.5)
    ax.legend()
fig.tight_layout()
df.pivot_table(index="hit_rate", columns="min_strikes", values="tips").iloc[::5]


# %%
def share_of_top_tier(p, x):
    """Share of the expected winnings of the exact plan that comes from 13 strikes."""
    space = reduced_space(p)
    n = tips_needed(p, x, 0.99, "exact")
    won = {k: n * space.M[k] / space.N * pay for k, pay in zip(TOTO13.tiers, TOTO13.average_payouts)}
    return won[13] / sum(won.values())


payouts = " / ".join(f"{pay:,.0f}" for pay in reversed(TOTO13.average_payouts))
display(Markdown(
    f"Average payouts for 10 / 11 / 12 / 13 strikes: {payouts} {TOTO13.currency}. With `p = 1/2` and "
    f"at least 10 strikes at 99 %, {share_of_top_tier(0.5, 10):.0%} of the expected winnings come from "
    f"the 13-strike tier alone, and all of it rests on the hit rate being right."))
