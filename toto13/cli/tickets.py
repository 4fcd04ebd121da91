"""The ``toto13 tickets`` command."""
from __future__ import annotations

import math

import click

from ..greedy import GreedyStopped
from ..io.outputs import check_output
from ..rules import Preset, get_rules
from ..selection.tips import TipStrategy, tip_set
from ..tickets.export import check_export, export_tips
from . import main
from ._common import (enum_choice, format_option, library_errors, option_int, parse_fraction,
                      parse_min_coverage, tip_output_options)
from ._options import MAX_ROUNDS, rounds_option
from ._pool import pool_options
from ._budget import budget_count, budget_dict, budget_line, budget_option, within_space
from ._checks import check_rounds_priced, check_strategy_options, stopped
from ._coupon import coupon_crowd, read_coupon_option
from ._tips import FLAGS, load_source, print_evaluation, source_options
from ._value_report import print_value, value_and_spread, value_dict


@main.command()
@source_options
@click.option("--count", "count", default=None, metavar="N", help="Number of tips N (or --budget).")
@budget_option
@click.option("--strategy", type=enum_choice(TipStrategy), default="weighted", show_default=True,
              help="random: the recipe's urn over --spec; weighted: drawn by probability; top: the N "
                   "most probable; greedy: each tip maximises the gain in P(best >= --min-strikes); "
                   "value: the N tips of highest expected return in the pool (see the pool options).")
@click.option("--min-coverage", "min_coverage", default=None, metavar="X:Q",
              help="value: keep P(best >= X strikes) >= Q, e.g. 10:0.5.")
@click.option("--min-strikes", "min_strikes", default=None, metavar="X",
              help="Target x of greedy [default: the lowest prize tier, 10].")
@click.option("--spec", default=None, metavar="SPEC",
              help="Allowed outcomes per match, e.g. '10 1 102 ...' (13 tokens) [default: all three; "
                   "with --hit-rate, the recipe's reduced space].")
@click.option("--power", default=None, metavar="K",
              help="weighted: draw from probs**power (0 uniform, >1 favours favourites) [default: 1].")
@click.option("--time", "time_limit", default=None, metavar="SECONDS",
              help="greedy, value: stop the search after this long, with a report and nothing written "
                   "[default: 300; inf: no bound].")
@click.option("--seed", required=True, metavar="S", help="Random seed (the same seed gives the same tips).")
@tip_output_options
@click.option("--rules", "rules_name", type=enum_choice(Preset), default="toto13", show_default=True,
              help="Rules preset (matches, voucher size, upload limit, prices).")
@format_option(choices=("table", "json"))
@pool_options
@rounds_option
@library_errors(flags=FLAGS)
def tickets(coupon_file, probs_file, odds_file, method, hit_rate, count, budget, strategy, min_coverage,
            min_strikes, spec, power, time_limit, seed, out, vouchers, upload_dir, force, rules_name, fmt,
            pool_args, rounds):
    """Generate N distinct tips, write them, and show what they achieve exactly.

    The table gives, per prize tier x, the exact probability that the best tip has at least x strikes
    (over all 3^13 results), the expected number of tips with exactly x strikes, the per-tip chance q
    and what the recipe's formula 1-(1-q)^N claims for the same tips. Where the pool's turnover is known
    (--turnover, or typical for the rules) it also gives the set's expected return in the pool and
    its spread (median, 5-95 % range, P(return >= cost); with --rounds K, P(profit) over K rounds).
    """
    rules = get_rules(rules_name)
    k = option_int("--rounds", rounds, 1, MAX_ROUNDS)
    is_value = strategy == TipStrategy.VALUE.value
    if (count is None) == (budget is None):
        raise ValueError("give exactly one of --count N or --budget AMOUNT")
    count = count if budget is None else budget_count(budget, rules)
    coupon = read_coupon_option(coupon_file, rules.matches)
    pool_args.check(has_probs=probs_file is not None or odds_file is not None or coupon is not None)
    seconds = check_strategy_options(strategy, {"--power": power, "--min-strikes": min_strikes,
                                                "--min-coverage": min_coverage, "--spec": spec},
                                     time_limit)
    min_cov = parse_min_coverage(min_coverage, rules.matches)
    inputs = (coupon_file, probs_file, odds_file, pool_args.crowd_file, pool_args.pool_model)
    check_output(out, force=force, inputs=[f for f in inputs if f is not None])
    src = load_source(probs_file, odds_file, method, hit_rate, rules.matches, coupon)
    crowd, label = coupon_crowd(coupon, pool_args.crowd_file, rules.matches)
    setup = pool_args.setup(rules, src.values, required=is_value, crowd=crowd, crowd_label=label)
    check_rounds_priced(k, setup, fmt)
    value = {"crowd": setup.crowd, "pool": setup.pool, "min_coverage": min_cov} if is_value else {}
    if budget is not None:  # no more tips than the draw can make distinct
        count = within_space(count, None if is_value else spec, None if is_value else src.spec, rules.matches)
    try:
        tips, ev = tip_set(src.values, count, strategy, seed=seed, min_strikes=min_strikes,
                           power=parse_fraction("--power", "1" if power is None else power),
                           rules=rules, spec=None if is_value else spec if spec is not None else src.spec,
                           time_limit=None if seconds == math.inf else seconds, **value)
    except GreedyStopped as stop:
        raise stopped(stop, strategy, seconds or 0.0) from None
    n = ev.n
    check_export(out, n, rules, upload_dir=upload_dir, force=force)
    pv, spread = value_and_spread(tips, src.values, setup, k, int(seed))
    written = export_tips(out, tips, rules, vouchers=vouchers, upload_dir=upload_dir, force=force)
    info = {"strategy": strategy, "source": src.description, "seed": int(seed), "cost": rules.cost(n),
            "vouchers": rules.vouchers(n), "currency": rules.currency, "files": written,
            "budget": budget_dict(budget, rules.cost(n)),
            "value": None if pv is None else value_dict(setup, pv, spread, k is not None)}
    if fmt == "table":
        click.echo(f"{n:,} {strategy} tips from {src.description}, seed {int(seed)}: "
                   f"{rules.vouchers(n):,} vouchers, cost {rules.cost(n):,.2f} {rules.currency}\n"
                   + (f"{budget_line(info['budget'], rules.currency)}\n" if budget else "")
                   + f"wrote {', '.join(written)}\n")
    print_evaluation(ev, rules.tiers, fmt, info)
    if fmt == "table":
        print_value(setup, pv, rules, spread, k is not None)
