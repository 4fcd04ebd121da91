"""The table report of ``toto13 backtest``: money, risk, and the calibration of the promises."""
from __future__ import annotations

import math

import click

from ._common import emit, money, percent


def print_summary(result, rounds, model, sources: dict) -> None:
    """Print the summary of ``result`` as tables (the ``--format table`` output)."""
    s, rules, strat = result.summary, result.rules, result.strategy
    click.echo(f"strategy {strat.describe()}; rules {rules.name} (stake {rules.stake:g} "
               f"{rules.currency}, fee {rules.voucher_fee:g} per {rules.voucher_size} tips, monthly "
               f"limit {'none' if rules.monthly_limit is None else f'{rules.monthly_limit:g}'}); "
               f"payouts {model.method.value}")
    click.echo(f"rounds {s.rounds} from {rounds.ids[0]} to {rounds.ids[-1]}; payout sources: "
               + ", ".join(f"{k} {v}" for k, v in sorted(sources.items()))
               + (f"; budget cut {result.capped} rounds" if result.capped else "")
               + (f"; skipped {result.skipped} rounds without odds" if result.skipped else ""))
    click.echo("")
    cur = rules.currency
    lo, hi = s.roi_ci
    rows = [
        {"metric": "rounds", "value": f"{s.rounds:,}"},
        {"metric": "tips", "value": f"{s.tips:,}"},
        {"metric": f"total cost ({cur})", "value": money(s.total_cost)},
        {"metric": f"winnings ({cur})", "value": money(s.winnings)},
        {"metric": f"profit ({cur})", "value": money(s.profit)},
        {"metric": "ROI", "value": percent(s.roi)},
        {"metric": f"ROI {100 * s.ci_level:g}% bootstrap CI", "value": f"{percent(lo)} .. {percent(hi)}"},
        {"metric": "longest losing run (rounds)", "value": f"{s.longest_losing_run:,}"},
        {"metric": f"max drawdown ({cur})", "value": money(s.max_drawdown)},
        {"metric": "Sharpe per round", "value": "-" if math.isnan(s.sharpe) else f"{s.sharpe:.4f}"},
        {"metric": f"final bankroll ({cur})", "value": money(s.final_bankroll)},
    ]
    if not math.isnan(result.expected_per_stake):  # the pool model's expectation beside what was won
        rows += [{"metric": "expected return per stake (pool model)",
                  "value": f"{result.expected_per_stake:.4f}"},
                 {"metric": "realised return per stake, same rounds",
                  "value": f"{result.realised_per_stake:.4f}"}]
    emit(rows, "table")
    click.echo("")
    cal = {c.tier: c for c in s.calibration}
    tiers = []
    for x in sorted(s.reached, reverse=True):
        c = cal.get(x)
        row = {"tier": f">= {x}", "promised": s.promised[x], "achieved": s.reached[x],
               "rounds_reached": int(round(s.reached[x] * s.rounds))}
        if c is not None and c.rounds:
            row[f"{100 * s.ci_level:g}% Wilson"] = f"{percent(c.ci[0])} .. {percent(c.ci[1])}"
            row["z"] = "-" if math.isnan(c.z) else f"{c.z:+.2f}"
        else:
            row[f"{100 * s.ci_level:g}% Wilson"], row["z"] = "-", "-"
        tiers.append(row)
    emit(tiers, "table", formats={"promised": percent, "achieved": percent})
    click.echo("")
    click.echo("promised: mean over rounds of the coverage the strategy claims for its tips; achieved: "
               "share of rounds whose best tip reached the tier, with its Wilson interval; z: "
               "(achieved - promised) / standard error if every promise were exact.")
    if result.tier_returns and result.tier_returns[0].rounds:
        print_tier_returns(result)


def print_tier_returns(result) -> None:
    """The pool model's expected return and hits per prize tier beside the realised ones."""
    rows = [{"tier": t.tier, "expected per stake": f"{t.expected_per_stake:.4f}",
             "realised per stake": f"{t.realised_per_stake:.4f}", "paying rounds": t.paying_rounds,
             "expected hits": f"{t.expected_hits:,.3f}", "achieved hits": f"{t.achieved_hits:,}",
             "z": "-" if math.isnan(t.z) else f"{t.z:+.2f}"}
            for t in sorted(result.tier_returns, key=lambda t: -t.tier)]
    pool = result.strategy.pool
    click.echo("")
    click.echo(f"per tier, over the {result.tier_returns[0].rounds} rounds with an expected return "
               "(per stake: per unit of cost):")
    emit(rows, "table")
    click.echo("")
    click.echo(f"expected: the pool model ({pool.co_winners.value} co-winners; crowd shares from the "
               "rounds where given, else modelled) under the strategy's probabilities from the odds; "
               "z: Poisson, (achieved - expected) / sqrt(expected); tips of one round win together, "
               "so |z| overstates the evidence.")
