"""The table output of ``toto13 plan``: the recipe's plan, or the plan with real probabilities."""
from __future__ import annotations

import click

from ._common import emit, money, percents

__all__ = ["print_probs_plan", "print_recipe"]

_PCT = percents(6, trim=True)


def _pool_note(rules) -> str:
    """What the pool really pays, under a table whose profits assume fixed payouts."""
    shares = sum(rules.tier_shares)
    back = rules.payout_ratio * shares
    ratio = f"the {rules.name} payout ratio {100 * rules.payout_ratio:.3g}%" + (
        f", {100 * shares:.3g}% of it to the prize tiers" if shares < 1 - 1e-9 else "")
    return (f"At fixed payouts: every winning tip is assumed to get the tier's fixed payout, however many "
            f"others win. The pool pays back {100 * back:.3g}% of all stakes on average ({ratio}), "
            f"so the average tip loses {100 * (1 - back):.3g}% of its stake;\nfor the "
            f"expected return of your tips in the pool, against the crowd, run: "
            f"toto13 evaluate TIPS --probs P --crowd FILE")


def print_probs_plan(result, probs_file: str, strategy: str) -> None:
    """The ``--probs`` plan as a table: the fewest tips of ``strategy`` reaching each target, exactly."""
    rules = result.rules
    seeded = f", seed {result.seed}" if result.seed is not None else ""
    click.echo(f"{probs_file}: {strategy} tips{seeded}, exact over all 3^{rules.matches} "
               f"results (rules {rules.name}, cost in {rules.currency})\n")
    emit([{k: v for k, v in r.items() if k not in ("seed", "safety")} for r in result.records],
         "table", formats={"target": _PCT, "coverage": _PCT, "cost": money, "per_tip": percents(4),
                  "tips": "{:,}".format}, headers={"min_strikes": "x"})
    click.echo("\nexact: fewest tips whose true chance reaches the target; formula, same tips: "
               "1-(1-q)^n for those tips;\nformula's own count: the tips the formula would "
               "have you buy, with their true chance.")


def print_recipe(result, rounds: bool) -> None:
    """The recipe's plan as a table (``--hit-rate``), with what the pool really pays under it."""
    rules, first = result.rules, result.rows[0]
    keep = ["min_strikes", "safety", "method", "tips", "vouchers", "cost", "payout", "expected_profit",
            "paper_profit", "coverage_exact", "approx_margin"] + (["success_any", "worst_case_spend"]
                                                                  if rounds else [])
    space = f"{first.space_size:,.0f}" if float(first.space_size).is_integer() else f"{first.space_size:,.3f}"
    click.echo(f"hit rate p = {first.hit_rate:.6g}, space N = (1/p)^{rules.matches} = {space}, "
               f"rules {rules.name} (stake {rules.stake:g} {rules.currency}, voucher "
               f"{rules.voucher_size} tips / fee {rules.voucher_fee:g} {rules.currency})\n")
    emit([{c: r[c] for c in keep} for r in result.records], "table", formats={
        "safety": _PCT, "coverage_exact": _PCT, "success_any": _PCT, "cost": money, "payout": money,
        "expected_profit": money, "paper_profit": money, "worst_case_spend": money,
        "approx_margin": "{:.4f}".format, "tips": "{:,}".format, "vouchers": "{:,}".format,
    }, headers={"min_strikes": "x", "payout": "fixed payout",
                "expected_profit": "expected_profit at fixed payouts",
                "paper_profit": "paper_profit at fixed payouts"})
    click.echo("\nexpected_profit: n·Σ_k (M_k/N)·payout_k − cost; paper_profit: payout of tier x − "
               "cost; coverage_exact: true chance for n random tips; approx valid while approx_margin ≤ 0.1.")
    click.echo(_pool_note(rules))
