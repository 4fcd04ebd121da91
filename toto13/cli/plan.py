"""The ``toto13 plan`` command."""
from __future__ import annotations

import click

from ..engine import CountMethod
from ..plan import DEFAULT_HIT_RATE, DEFAULT_SAFETIES, PROBS_DEFAULT_SAFETIES, make_plan
from ..rules import Preset, get_rules
from ..selection.tips import TipStrategy
from . import main
from ._common import (emit, enum_choice, format_option, library_errors, option_fraction, option_int,
                      option_number, option_per_tier, parse_fraction)
from ._coupon import coupon_option, probs_or_coupon
from ._plan_report import print_probs_plan, print_recipe

_FLAGS = {"hit_rate": "--hit-rate", "probs": "--probs", "coupon": "--coupon", "max_tips": "--max-tips",
          "safety": "--safety",
          "min_strikes": "--min-strikes"}


@main.command()
@click.option("--hit-rate", "hit_rate", default=None,
              help=f"Per-match hit rate p: a decimal (0.47) or a fraction (1/3). "
                   f"[default: {DEFAULT_HIT_RATE}]")
@click.option("--probs", "probs_file", type=click.Path(dir_okay=False), default=None,
              help="Match probabilities (home,draw,away per match): plan with real probabilities, "
                   "exactly evaluated, beside what the formula claims.")
@coupon_option
@click.option("--strategy", default="weighted", show_default=True,
              type=click.Choice([s.value for s in TipStrategy if s is not TipStrategy.VALUE],
                                case_sensitive=False),
              help="With --probs: how the tips are chosen.")
@click.option("--seed", type=click.IntRange(min=0), default=None,
              help="With --probs: seed for random/weighted tips.")
@click.option("--max-tips", "max_tips", type=str, default="200000", show_default=True,
              help="With --probs: give up beyond this many tips.")
@click.option("--min-strikes", "min_strikes", multiple=True, type=str,
              help="Target strikes x (repeatable). Default: every prize tier (with --probs: the lowest).")
@click.option("--safety", "safety", multiple=True, type=str,
              help="Safety Q in (0, 1) (repeatable). Default: " + " ".join(map(str, DEFAULT_SAFETIES))
                   + " (with --probs: " + " ".join(map(str, PROBS_DEFAULT_SAFETIES)) + ").")
@click.option("--method", type=click.Choice(("exact", "approx", "both"), case_sensitive=False),
              default="both", show_default=True,
              help="exact (hypergeometric search), approx (published formula), both.")
@click.option("--payouts", default=None,
              help="Payout per tier, ascending strikes, e.g. 49,434,6449,107813 (the default for toto13).")
@click.option("--rules", "rules_name", type=enum_choice(Preset), default="toto13", show_default=True,
              help="Rules preset.")
@click.option("--stake", type=str, default=None, help="Price of one tip (default from the rules).")
@click.option("--voucher-fee", "voucher_fee", type=str, default=None,
              help="Fee per voucher (default from the rules).")
@click.option("--voucher-size", "voucher_size", type=str, default=None,
              help="Tips per voucher (default from the rules).")
@click.option("--rounds", type=str, default=None,
              help="Sequential play over K rounds: chance that at least one succeeds, worst-case spend.")
@format_option()
@library_errors(flags=_FLAGS)
def plan(hit_rate, probs_file, coupon_file, strategy, seed, max_tips, min_strikes, safety, method, payouts,
         rules_name, stake, voucher_fee, voucher_size, rounds, fmt):
    """Tips needed for at least x strikes at safety Q, with cost and expected returns.

    The recipe of Stömmer (2023): n random distinct tips from the reduced space N = (1/p)^13. The
    exact count searches the hypergeometric probability; the approximation is
    n = ceil(N[1 - (1-Q)^(1/S)]). approx_margin = S/(N-n) says how well S << N-n holds.

    With --probs FILE: the fewest tips of --strategy whose exact chance (over all 3^13 results)
    reaches Q, beside what the formula claims for the same tips and the per-tip chance q, and how
    many tips the formula would have you buy.
    """
    changes = {name: option_number(f"--{name.replace('_', '-')}", value, lo=0)
               for name, value in (("stake", stake), ("voucher_fee", voucher_fee)) if value is not None}
    if voucher_size is not None:
        changes["voucher_size"] = option_int("--voucher-size", voucher_size, 1)
    rules = get_rules(rules_name).replace(**changes) if changes else get_rules(rules_name)
    p = None if hit_rate is None else parse_fraction("--hit-rate", hit_rate)
    if p is not None and not 0 < p < 1:
        raise ValueError(f"--hit-rate ({hit_rate!r}) must be in (0, 1)")
    if coupon_file is not None and p is not None:
        raise ValueError("give --hit-rate or --coupon (its probabilities), not both")
    probs, label = probs_or_coupon(probs_file, coupon_file, rules.matches)  # pandas only with a file
    result = make_plan(
        hit_rate=p, rules=rules, strategy=strategy, seed=seed, probs=probs,
        min_strikes=[option_int("--min-strikes", x, 0, rules.matches) for x in min_strikes],
        safeties=[option_fraction("--safety", q) for q in safety],
        methods=[CountMethod.EXACT, CountMethod.APPROX] if method == "both" else [method],
        payouts=option_per_tier("--payouts", payouts, len(rules.tiers), lo=0, example="49,434,6449,107813"),
        max_tips=option_int("--max-tips", max_tips, 1),
        rounds=None if rounds is None else option_int("--rounds", rounds, 1))
    if fmt != "table":
        emit(result.records, fmt)
    elif result.with_probs:
        print_probs_plan(result, label, strategy)
    else:
        print_recipe(result, rounds is not None)
