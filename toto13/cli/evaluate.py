"""The ``toto13 evaluate`` command."""
from __future__ import annotations

import click

from ..io.tips import read_tips
from ..rules import Preset, get_rules
from ..tickets import evaluate as evaluate_tips
from . import main
from ._common import FILE, enum_choice, format_option, library_errors, option_int
from ._options import MAX_ROUNDS, rounds_option
from ._pool import pool_options
from ._coupon import coupon_crowd, read_coupon_option
from ._tips import FLAGS, load_source, print_evaluation, source_options
from ._checks import check_rounds_priced
from ._value_report import print_value, value_and_spread, value_dict


@main.command(name="evaluate")
@click.argument("tips_file", metavar="TIPS", type=FILE)
@source_options
@click.option("--rules", "rules_name", type=enum_choice(Preset), default="toto13", show_default=True,
              help="Rules preset (matches and prize tiers).")
@format_option(choices=("table", "json", "csv"))
@pool_options
@rounds_option
@library_errors(flags=FLAGS)
def evaluate_command(tips_file, coupon_file, probs_file, odds_file, method, hit_rate, rules_name, fmt,
                     pool_args,
                     rounds):
    """Exact coverage and expected hits of the tips in TIPS (CSV column tip).

    Per prize tier x: P(best tip has >= x strikes) over all 3^13 results, the expected number of tips
    with exactly x strikes, the per-tip chance q and the recipe formula's claim 1-(1-q)^n. Repeated
    tips count as separate tips (each is paid for) but add no coverage.

    Table and JSON also give the tips' value in the pool: the expected return over all 3^13 results,
    every tier's prize shared with the other winners (the crowd's tips, from --crowd FILE or modelled
    from the probabilities) and among the tips themselves, with what it assumes (turnover, jackpot,
    co-winner model, minimum quota), and its spread: the median, the 5-95 % range, P(return >= cost)
    and how rarely one round pays; with --rounds K also P(profit) over K rounds.
    """
    rules = get_rules(rules_name)
    k = option_int("--rounds", rounds, 1, MAX_ROUNDS)
    coupon = read_coupon_option(coupon_file, rules.matches)
    pool_args.check(has_probs=probs_file is not None or odds_file is not None or coupon is not None)
    tips = read_tips(tips_file, matches=rules.matches)
    src = load_source(probs_file, odds_file, method, hit_rate, rules.matches, coupon)
    ev = evaluate_tips(tips, src.values)
    crowd, label = coupon_crowd(coupon, pool_args.crowd_file, rules.matches)
    setup = None if fmt == "csv" else pool_args.setup(rules, src.values, required=False, crowd=crowd,
                                                      crowd_label=label)
    check_rounds_priced(k, setup, fmt)
    pv, spread = value_and_spread(tips, src.values, setup, k)
    if fmt == "table":
        click.echo(f"{ev.n:,} tips ({ev.distinct:,} distinct) from {tips_file}, exact over all "
                   f"3^{ev.matches} results, {src.description}\n")
    print_evaluation(ev, rules.tiers, fmt,
                      {"value": None if pv is None else value_dict(setup, pv, spread, k is not None)}
                     if fmt == "json" else None)
    if fmt == "table":
        print_value(setup, pv, rules, spread, k is not None)
