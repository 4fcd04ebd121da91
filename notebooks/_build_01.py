"""Builds notebooks/01-recipe.ipynb (without outputs). Run: .venv/bin/python notebooks/_build_01.py"""
from pathlib import Path

import nbformat as nbf

cells = [
    nbf.v4.new_markdown_cell("""# 01 — The published recipe

Stömmer (2023), *Beating the average* (arXiv:2303.16648): with a per-match hit rate `p`, the reduced
space has `N = (1/p)^13` combinations, `M_x = C(13,x)(b-1)^(13-x)` of them with exactly `x` strikes.
Draw `n` distinct tips; the chance that none reaches `x` strikes is hypergeometric,
`C(N-S,n)/C(N,n)` with `S = sum_{x'>=x} M_x'`. The paper approximates it by `(1-n/N)^S`, so
`n = N[1-(1-Q)^(1/S)]`. This notebook reproduces the published tables from the library and shows the
exact counts beside them."""),
    nbf.v4.new_code_cell("""import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

from toto13.engine import reduced_space, tips_needed
from toto13.plan import plan_table

SAFETIES = (0.9, 0.99, 0.999, 0.9999)
TIERS = (10, 11, 12, 13)"""),
    nbf.v4.new_markdown_cell("## The reduced spaces\n`p = 1/3` (blind guessing) and `p = 1/2` (the paper's home-win rule)."),
    nbf.v4.new_code_cell("""for p in (1/3, 1/2):
    s = reduced_space(p)
    print(f"p = {p:.4f}: N = {int(s.N):,}, M_10..13 = {[int(v) for v in s.M[10:]]}")"""),
    nbf.v4.new_markdown_cell("""## Tips needed: published approximation beside the exact count
Rows: at least `x` strikes; columns: safety `Q`. For `p = 1/2` the approximation reproduces the
published values (≥10: 50/100/149/198, ≥11: 203/400/593/781, ≥12: 1243/2297/3191/3949)."""),
    nbf.v4.new_code_cell("""def table(p):
    rows = [r.to_dict() for r in plan_table(p, TIERS, SAFETIES)]
    df = pd.DataFrame(rows)
    return df.pivot_table(index="min_strikes", columns=["method", "safety"], values="tips")

t_half = table(1/2)
assert list(t_half.loc[10, "approx"]) == [50, 100, 149, 198]
assert list(t_half.loc[12, "approx"]) == [1243, 2297, 3191, 3949]
t_half"""),
    nbf.v4.new_code_cell("table(1/3)"),
    nbf.v4.new_markdown_cell("## Tips needed against safety, per tier (exact solid, approximation dashed)"),
    nbf.v4.new_code_cell("""qs = 1 - np.logspace(-4, -0.3, 30)
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
fig.tight_layout()"""),
    nbf.v4.new_markdown_cell("""## Expected profit against hit rate
`expected_profit` = expected winnings over all tiers minus cost (the expected number of tips with
exactly `k` strikes is `n·M_k/N`); `paper_profit` = the payout of tier `x` minus cost, the paper's
figure. Default payouts 49 / 434 / 6,449 / 107,813 EUR; `Q = 99%`. The expected profit is dominated by
the 13-strike jackpot share and rests entirely on the hit rate being right."""),
    nbf.v4.new_code_cell("""ps = np.linspace(0.40, 0.60, 21)
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
df.pivot_table(index="hit_rate", columns="min_strikes", values="tips").iloc[::5]"""),
]
nb = nbf.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
out = Path(__file__).with_name("01-recipe.ipynb")
nbf.write(nb, out)
print("wrote", out)
